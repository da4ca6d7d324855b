"""Pages and their JSON twins: portfolio filters, what-if, import preview, Polish UI."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

from clientfit.web import i18n
from tests.web.conftest import csrf_of, login


def test_portfolio_twin_filters_and_sorts(shared_app):
    admin = login(shared_app, "admin")
    everyone = admin.get("/portfolio.json").json()
    assert everyone["summary"]["clients"] == len(everyone["clients"]) > 40
    urgency = [tuple(c["urgency"]) for c in everyone["clients"]]
    assert urgency == sorted(urgency, reverse=True)  # default: most urgent first
    by_margin = admin.get("/portfolio.json?sort=margin").json()["clients"]
    margins = [c["margin_minor"] for c in by_margin]
    assert margins == sorted(margins, reverse=True)
    by_name = admin.get("/portfolio.json?sort=name&order=asc").json()["clients"]
    names = [c["name"].lower() for c in by_name]
    assert names == sorted(names)
    keep = admin.get("/portfolio.json?decision=keep").json()
    assert keep["filters"]["decision"] == "KEEP"
    assert keep["clients"] and {c["decision"] for c in keep["clients"]} == {"KEEP"}
    s2 = admin.get("/portfolio.json?owner=S2").json()["clients"]
    assert s2 and {c["owner"]["staff_id"] for c in s2} == {"S2"}
    whale = everyone["summary"]["whale"]
    assert whale["peak_minor"] >= whale["total_minor"]
    assert 0 < everyone["summary"]["concentration"]["hhi"] <= 10_000
    # the HTML page says the sentence with the same numbers
    html = admin.get("/portfolio").text
    assert (f"{whale['earners']} of {whale['clients']} clients make money and earn "
            f"{whale['top_earn_pct']:.1f}% of the profit; {whale['losers']} lose money") in html
    assert f"The most profitable {whale['top20_count']} clients (a fifth) earn" in html
    # decision counts are links to the filtered list; what needs me today comes first
    assert 'href="/portfolio?decision=RELEASE"' in html
    assert html.index('id="today"') < html.index('id="whale"') < html.index('id="clients"')
    today = everyone["today"]
    assert today["count"] >= 1 and today["clients"][0] == everyone["clients"][0]


def test_whale_sentence_without_losers_and_for_few_clients(shared_app):
    from clientfit.whatif import ClientFigures, whale_curve

    def fig(i: int, margin: float) -> ClientFigures:
        return ClientFigures(f"C{i}", f"c{i}", None, "KEEP", max(margin, 0) + 100, 100 - min(
            margin, 0), 1.0)

    curve = whale_curve([fig(i, m) for i, m in enumerate([500, 300, 100, 50, 50, 0])])
    assert (curve.losers, curve.earners, curve.clients, curve.top20_count) == (0, 5, 6, 2)
    assert curve.top20_earn_pct == 80.0
    one = whale_curve([fig(1, 10)])
    assert (one.top20_count, one.top20_earn_pct, one.losers) == (1, 100.0, 0)


def test_client_twin_is_the_documented_assessment(shared_app, web_demo):
    admin = login(shared_app, "admin")
    data = admin.get(f"/clients/{web_demo.own_client}.json").json()
    assessment = data["assessment"]
    assert assessment["client_id"] == web_demo.own_client
    assert {"decision", "confidence", "reasons", "metrics", "effective_decision"} <= set(
        assessment)
    assert data["monthly"] and {"month", "revenue_minor", "invoiced_minor", "cost_minor"} <= set(
        data["monthly"][0])
    api = admin.get(f"/api/clients/{web_demo.own_client}").json()
    assert api["assessment"] == assessment


def test_evidence_twin_lists_the_records_behind_a_reason(shared_app):
    admin = login(shared_app, "admin")
    worst = admin.get("/portfolio.json?sort=margin&order=asc").json()["clients"][0]
    reasons = admin.get(f"/clients/{worst['client_id']}.json").json()["assessment"]["reasons"]
    reason = next(r for r in reasons if r["evidence"])
    evidence = admin.get(f"/clients/{worst['client_id']}/evidence/{reason['code']}.json").json()
    assert [e["id"] for e in evidence["evidence"]] == [e["id"] for e in reason["evidence"]]
    assert all(e["record"] is not None for e in evidence["evidence"])
    missing = admin.get(f"/clients/{worst['client_id']}/evidence/NO_SUCH_REASON")
    assert missing.status_code == 404


def test_polish_user_gets_polish_pages_and_money(shared_app, web_demo):
    tomasz = login(shared_app, "tomasz")
    html = tomasz.get("/portfolio").text
    assert '<html lang="pl"' in html
    assert "<h1>Portfel</h1>" in html and "Krzywa wieloryba" in html
    sentence = html[html.index('id="whale-sentence"'):].split("</p>")[0]
    assert "zysk" in sentence and "%(" not in sentence
    assert "Co dziś wymaga mojej uwagi" in html
    page = tomasz.get(f"/clients/{web_demo.other_client}").text
    assert "Zmień decyzję" in page and "Dziennik zmian" in page
    assert "\xa0€" in page  # 1 234,56 € in Polish, €1,234.56 in English
    english = login(shared_app, "admin").get(f"/clients/{web_demo.other_client}").text
    assert "Override the decision" in english and "€" in english


def test_language_switch_is_stored_per_user(web_app):
    admin = login(web_app, "admin")
    token = csrf_of(admin.get("/portfolio").text)
    switched = admin.post("/language", data={"lang": "pl", "next": "/portfolio",
                                             "csrf_token": token})
    assert switched.status_code == 303 and switched.headers["location"] == "/portfolio"
    assert "<h1>Portfel</h1>" in admin.get("/portfolio").text
    assert "<h1>Portfel</h1>" in login(web_app, "admin").get("/portfolio").text
    assert admin.get("/api/me").json()["locale"] == "pl"


@pytest.mark.parametrize(("minor", "currency", "lang", "expected"), [
    (123456, "USD", "en", "$1,234.56"),
    (123456, "PLN", "pl", "1\xa0234,56\xa0zł"),
    (123456, "EUR", "pl", "1\xa0234,56\xa0€"),
    (-50, "EUR", "en", "-€0.50"),
    (None, "EUR", "en", "–"),
])
def test_money_is_formatted_for_the_locale(minor, currency, lang, expected):
    assert i18n.money(minor, currency, lang) == expected


def test_dates_and_catalogue():
    from datetime import date

    assert i18n.day(date(2026, 3, 5), "en") == "Mar 5, 2026"
    assert i18n.day(date(2026, 3, 5), "pl") == "5 mar 2026"
    catalogue = i18n.translations("pl")
    assert catalogue.gettext("Portfolio") == "Portfel"
    assert catalogue.ngettext("%(num)d record", "%(num)d records", 5) == "%(num)d rekordów"
    assert catalogue.ngettext("%(num)d record", "%(num)d records", 3) == "%(num)d rekordy"


def test_whatif_page_and_twin(shared_app, web_demo):
    anna = login(shared_app, "anna")
    clients = anna.get("/whatif.json").json()["clients"]
    worst = clients[0]  # sorted by margin, worst first
    data = anna.get(f"/whatif.json?act_{worst['client_id']}=release").json()
    assert data["result"]["freed_hours"] == pytest.approx(worst["hours"])
    assert data["result"]["margin_change_minor"] == pytest.approx(-worst["margin_minor"])
    html = anna.get(f"/whatif?act_{worst['client_id']}=release").text
    assert 'id="whatif-summary"' in html
    # another manager's client cannot be simulated (or even confirmed to exist)
    other = anna.get(f"/whatif.json?act_{web_demo.other_client}=release")
    assert other.status_code == 404
    bad = anna.get(f"/whatif.json?act_{worst['client_id']}=fire")
    assert bad.status_code == 400 and "choose release, reprice or reassign" in bad.json()["error"]


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


NEW_CLIENT = {"client_id": "CNEW", "name": "Nowy <Klient>", "language": "pl",
              "currency": "EUR", "kind": "project", "started_on": "2026-01-01",
              "owner_staff_id": "S1"}


def test_import_preview_lists_every_problem_and_writes_nothing(web_app):
    admin = login(web_app, "admin")
    token = csrf_of(admin.get("/import").text)
    bad_invoices = _csv([
        {"invoice_id": "X1", "client_id": "CNEW", "number": "1", "issue_date": "2026/01/02",
         "due_date": "2026-02-01", "amount": "100.00", "currency": "EUR"},
        {"invoice_id": "X2", "client_id": "NOBODY", "number": "2", "issue_date": "2026-01-02",
         "due_date": "2026-02-01", "amount": "abc", "currency": "EUR"},
        {"invoice_id": "X3", "client_id": "GHOST", "number": "3", "issue_date": "2026-01-02",
         "due_date": "2026-02-01", "amount": "10.00", "currency": "EUR"},
    ])
    upload = _zip({"export/clients.csv": _csv([NEW_CLIENT]), "export/invoices.csv": bad_invoices})
    response = admin.post("/import/preview", data={"csrf_token": token},
                          files={"bundle_zip": ("export.zip", upload, "application/zip")})
    assert response.status_code == 200
    html = response.text
    assert "3 problems" in html and "Import now" not in html
    assert "is not a date" in html and "refers to unknown clients &#39;GHOST&#39;" in html
    assert "Nowy <Klient>" not in html
    assert admin.get("/clients/CNEW").status_code == 404  # nothing written


def test_import_commit_after_a_clean_preview(web_app):
    admin = login(web_app, "admin")
    token = csrf_of(admin.get("/import").text)
    upload = _zip({"clients.csv": _csv([NEW_CLIENT])})
    preview = admin.post("/import/preview", data={"csrf_token": token},
                         files={"bundle_zip": ("new.zip", upload, "application/zip")})
    assert preview.status_code == 200 and "Import now" in preview.text
    import_token = preview.text.split('name="token" value="')[1].split('"')[0]
    done = admin.post("/import/commit", data={"csrf_token": token, "token": import_token})
    assert done.status_code == 200 and "1 added" in done.text
    assert admin.get("/clients/CNEW.json").json()["client"]["name"] == "Nowy <Klient>"
    again = admin.post("/import/commit", data={"csrf_token": token, "token": import_token})
    assert again.status_code == 400  # a preview is committed once


def test_import_refuses_unsafe_zips(web_app):
    admin = login(web_app, "admin")
    token = csrf_of(admin.get("/import").text)
    for name, content in [("../clients.csv", _zip({"../clients.csv": "x"})),
                          ("notazip", b"plain text"),
                          ("empty", _zip({"readme.txt": "hello"}))]:
        response = admin.post("/import/preview", data={"csrf_token": token},
                              files={"bundle_zip": (name, content, "application/zip")})
        assert response.status_code == 400, name


def test_every_ui_string_has_a_polish_translation():
    from pathlib import Path

    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

    import clientfit.web

    root = Path(clientfit.web.__file__).parent
    keywords = {**DEFAULT_KEYWORDS, "t": None}
    found = {message for _, _, message, _, _ in extract_from_dir(
        str(root), method_map=[("templates/**.html", "jinja2"), ("**.py", "python")],
        options_map={"templates/**.html": {"extensions": "jinja2.ext.i18n"}},
        keywords=keywords)}
    assert len(found) > 140
    catalogue = i18n.translations("pl")
    missing = []
    for message in found:
        if isinstance(message, tuple):
            if catalogue.ngettext(message[0], message[1], 5) == message[1]:
                missing.append(message[0])
        elif catalogue.gettext(message) == message and message not in ("Import", "Status",
                                                                         "Problem"):
            missing.append(message)
    assert missing == []


def test_portfolio_pages_of_100():
    from clientfit.web.portfolio import paged

    rows = [{"client_id": str(i)} for i in range(250)]
    first, last = paged(rows, 1), paged(rows, 3)
    assert (first["pages"], first["matching"], len(first["clients"])) == (3, 250, 100)
    assert [r["client_id"] for r in last["clients"]][0] == "200" and len(last["clients"]) == 50
    assert paged(rows, 99)["page"] == 3 and paged([], 5) == {"page": 1, "pages": 1,
                                                              "matching": 0, "clients": []}


def test_portfolio_shows_an_override_at_once(web_app, web_demo):
    admin = login(web_app, "admin")
    before = admin.get("/portfolio.json?sort=name&order=asc").json()
    token = csrf_of(admin.get(f"/clients/{web_demo.own_client}").text)
    admin.post(f"/clients/{web_demo.own_client}/override",
               data={"decision": "WATCH", "reason": "waiting for Q3", "csrf_token": token})
    after = admin.get("/portfolio.json?sort=name&order=asc").json()
    row = next(c for c in after["clients"] if c["client_id"] == web_demo.own_client)
    assert row["decision"] == "WATCH" and row["overridden"] is True
    assert after["summary"]["decisions"]["WATCH"] == before["summary"]["decisions"]["WATCH"] + 1


def test_money_follows_the_pages_language_after_another_language_formatted_it():
    token = i18n.current_lang.set("en")
    try:
        assert i18n.money(1308000, "EUR") == "€13,080.00"
    finally:
        i18n.current_lang.reset(token)
    token = i18n.current_lang.set("pl")
    try:
        assert i18n.money(1308000, "EUR").replace("\xa0", " ") == "13 080,00 €"
    finally:
        i18n.current_lang.reset(token)
