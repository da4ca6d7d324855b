"""Reason sentences in the user's language, with figures formatted for the locale."""

from __future__ import annotations

import re

from clientfit.store import queries
from clientfit.web import reason_text
from clientfit.web.reason_text import format_value, sentence
from tests.web.conftest import login

FALLBACK = "<the assessment's English sentence>"


def test_figures_are_formatted_for_the_locale():
    assert format_value("margin_minor", 123456, "EUR", "pl") == "1\xa0234,56\xa0€"
    assert format_value("margin_minor", 123456, "EUR", "en") == "€1,234.56"
    assert format_value("margin_minor", 123456789, "PLN", "pl") == "1\xa0234\xa0567,89\xa0zł"
    assert format_value("margin_pct", -0.251, None, "pl") == "-25,1%"
    assert format_value("staff_effect", -0.0149, None, "pl") == "-0,01"
    assert format_value("excess_friction", 0.46, None, "en") == "+0.46"
    assert format_value("communication.recent_days", 90, None, "pl") == "90"
    assert format_value("hours", 2418.75, None, "pl") == "2\xa0418,8"
    assert format_value("hours", 2418.75, None, "en") == "2,418.8"
    assert format_value("days_late", float("nan"), None, "en") is None
    assert format_value("days_late", None, None, "en") is None


def test_a_reason_renders_in_polish_and_falls_back_when_a_figure_is_missing():
    metrics = {"margin_minor": -519000, "margin_pct": -0.2514, "revenue_minor": 2064000,
               "cost_to_serve_minor": 2583000, "hours": 378.8}
    polish = sentence("LOSS_MAKING", metrics, {}, currency="EUR", lang="pl", fallback=FALLBACK)
    assert polish == ("Strata 5\xa0190,00\xa0€ w okresie: przychód netto 20\xa0640,00\xa0€ przy "
                      "koszcie obsługi 25\xa0830,00\xa0€ za 378,8 godz. pracy (marża -25,1%).")
    english = sentence("LOSS_MAKING", metrics, {}, currency="EUR", lang="en", fallback=FALLBACK)
    assert english.startswith("Lost €5,190.00 over the window: net revenue €20,640.00")
    assert sentence("LOSS_MAKING", {"margin_minor": 1}, {}, currency="EUR", lang="pl",
                    fallback=FALLBACK) == FALLBACK
    assert sentence("NO_SUCH_CODE", {}, {}, currency="EUR", lang="pl",
                    fallback=FALLBACK) == FALLBACK
    # the second template when the first lacks a figure; names and policy settings filled in
    thin = sentence("TOO_LITTLE_DATA", {"due_invoice_count": 1}, {}, currency="EUR",
                    lang="pl", fallback=FALLBACK,
                    settings={"data": {"min_tenure_days": 90, "min_due_invoices": 2}})
    assert thin.startswith("Faktury z terminem płatności w okresie: 1 (mniej niż 2)")
    pair = sentence("BEST_FIT_COLLEAGUE", {"staff_id": "S3"}, {}, currency="EUR", lang="pl",
                    fallback=FALLBACK, staff_names={"S3": "Piotr Wiśniewski"})
    assert pair.startswith("Najlepiej przejmie klienta: Piotr Wiśniewski")


def test_every_reason_of_the_demo_has_all_its_figures(shared_app):
    """No reason the demo's assessment gives falls back to English: each template's figures
    are in the reason, the client's metrics or the policy."""
    state = shared_app.state.web
    run, _ = state.run()
    with state.store.reading() as connection:
        staff = queries.staff_names(connection)
    seen, fell_back = set(), []
    for assessment in run.assessments:
        for r in assessment.reasons:
            seen.add(r.code)
            for lang in ("en", "pl"):
                said = sentence(r.code, r.metrics, assessment.metrics, currency=run.currency,
                                lang=lang, fallback=FALLBACK, settings=run.policy.settings,
                                staff_names=staff)
                if said == FALLBACK or "%(" in said:
                    fell_back.append((r.code, lang))
    assert len(seen) >= 15, seen
    assert fell_back == []
    assert seen <= set(reason_text.SENTENCES)


def test_polish_user_reads_polish_reasons_on_the_client_and_evidence_pages(shared_app,
                                                                         web_demo):
    tomasz, admin = login(shared_app, "tomasz"), login(shared_app, "admin")
    client = web_demo.other_client
    reasons = admin.get(f"/clients/{client}.json").json()["assessment"]["reasons"]
    polish = tomasz.get(f"/clients/{client}").text
    english = admin.get(f"/clients/{client}").text
    shown_pl = re.findall(r'<span class="reason-text">(.*?)</span>', polish, re.S)
    shown_en = re.findall(r'<span class="reason-text">(.*?)</span>', english, re.S)
    assert len(shown_pl) == len(shown_en) == len(reasons) > 0
    for reason, pl, en in zip(reasons, shown_pl, shown_en, strict=True):
        assert pl != en and pl != reason["text"], reason["code"]
    assert any("\xa0€" in s for s in shown_pl) or all("€" not in s for s in shown_en)
    code = next(r["code"] for r in reasons if r["evidence"])
    evidence = tomasz.get(f"/clients/{client}/evidence/{code}").text
    text = re.search(r'<p class="reason-text">(.*?)</p>', evidence, re.S).group(1)
    assert text == shown_pl[[r["code"] for r in reasons].index(code)]


def test_churn_risk_names_its_drivers_in_polish():
    metrics = {"churn_risk_90d": 0.31, "churn_risk_average_90d": 0.08,
               "drivers": [{"covariate": "negative_share", "value": 0.4, "factor": 1.84},
                           {"covariate": "days_late", "value": 21.0, "factor": 1.3},
                           {"covariate": "something_new", "value": 2, "factor": 1.1}]}
    said = sentence("CHURN_RISK", metrics, {}, currency="EUR", lang="pl", fallback=FALLBACK,
                    settings={"churn": {"horizon_days": 90, "lookback_days": 90}})
    assert said == ("Ryzyko odejścia w ciągu 90 dni: 31,0% wobec 8,0% dla przeciętnego klienta "
                    "abonamentowego. Przyczyny: ton: 40,0% wiadomości klienta z ostatnich 90 dni "
                    "negatywnych (czynnik ×1,8); płatności: średnio 21,0 dnia po terminie "
                    "(czynnik ×1,3); something_new = 2 (czynnik ×1,1).")
    bare = sentence("CHURN_RISK", {"churn_risk_90d": 0.31, "churn_risk_average_90d": None,
                                   "drivers": []}, {}, currency="EUR", lang="en",
                    fallback=FALLBACK, settings={"churn": {"horizon_days": 90}})
    assert bare == "Risk of leaving within 90 days: 31.0%."


def test_a_small_occasional_client_reads_in_polish():
    found = sentence("TOO_LITTLE_DATA", {"due_invoice_count": 7, "inbound_messages": 9,
                                         "months_observed": 22.9, "due_invoice_count_norm": 23,
                                         "inbound_messages_norm": 57}, {}, currency="EUR",
                     lang="pl", fallback=FALLBACK,
                     settings={"data": {"min_tenure_days": 90, "min_due_invoices": 3,
                                        "min_inbound_messages": 10}})
    assert found.startswith("Mały, okazjonalny klient: 7 faktur z terminem płatności i 9 "
                            "wiadomości od klienta w ciągu 22,9 mies., wobec 23 i 57")


def test_every_sentence_with_a_revenue_figure_says_net_revenue():
    """The figure is the net (before sales tax): no template calls it plain "revenue"."""
    catalogue = {lang: reason_text.i18n.translations(lang) for lang in ("en", "pl")}
    checked = 0
    for templates in reason_text.SENTENCES.values():
        for template in templates:
            if "revenue_minor)s" not in template and "revenue_share)s" not in template \
                    and "1000_revenue)s" not in template:
                continue
            checked += 1
            english = re.sub(r"%\(\w+\)s", "", template)
            assert "revenue" in english and "revenue" not in english.replace("net revenue", "")
            polish = re.sub(r"%\(\w+\)s", "", catalogue["pl"].gettext(template))
            assert polish != template and "przych" in polish
            assert not re.search(r"przych\w*\b(?! netto)", polish), polish
    assert checked == 8


def test_a_steady_late_payer_is_not_called_a_large_client():
    """The payables-cycle route for a client bigger than the median but not large reads as
    that (its own template); a large client keeps the large-client sentence."""
    steady = {"days_late": 34.2, "revenue_share": 0.021, "revenue_share_norm": 0.012,
              "late_invoice_share": 0.95}
    english = sentence("BIG_CLIENT_PAYS_LATE", steady, {}, currency="EUR", lang="en",
                       fallback=FALLBACK)
    assert "bigger than the typical client here (2.1% of net revenue against 1.2%" in english
    assert "late on 95.0% of its invoices" in english and "a large client" not in english
    polish = sentence("BIG_CLIENT_PAYS_LATE", steady, {}, currency="EUR", lang="pl",
                      fallback=FALLBACK)
    assert "większy niż typowy klient (2,1% przychodów netto wobec 1,2%" in polish
    large = sentence("BIG_CLIENT_PAYS_LATE", {"days_late": 41.0, "revenue_share": 0.08}, {},
                     currency="EUR", lang="en", fallback=FALLBACK)
    assert "it is a large client (8.0% of net revenue)" in large
