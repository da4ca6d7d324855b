"""The client page shows the newer models' outputs when the assessment holds them: lifetime
value for project clients, churn risk with its drivers for retainers; nothing breaks without."""

from __future__ import annotations

from clientfit.web.views_client import model_outputs
from tests.web.conftest import login

SETTINGS = {"lifetime": {"horizon_months": 12},
            "churn": {"horizon_days": 90, "lookback_days": 90}}


def test_model_outputs_from_whatever_the_metrics_hold():
    empty = model_outputs({}, [], None, "EUR", "en")
    assert empty == {"lifetime": [], "churn": [], "drivers": [], "churn_note": None,
                     "churn_high": False}
    project = model_outputs({"p_alive": 0.42, "clv_minor": 1234567, "expected_purchases_horizon":
                             3.25, "expected_revenue_horizon_minor": None}, [], SETTINGS,
                            "EUR", "pl")
    shown = {row["key"]: (row["label"], row["value"]) for row in project["lifetime"]}
    assert shown == {
        "p_alive": ("Prawdopodobieństwo, że klient nadal kupuje, P(aktywny)", "42,0%"),
        "expected_purchases_horizon": ("Oczekiwane zakupy w ciągu najbliższych 12 mies.",
                                       "3,2"),
        "clv_minor": ("Wartość klienta w czasie (CLV)", "12\xa0345,67\xa0€"),
    }
    assert project["churn"] == [] and project["drivers"] == []
    reason = {"code": "CHURN_RISK", "metrics": {"drivers": [
        {"covariate": "unanswered_share", "value": 0.5, "factor": 2.0}]}}
    retainer = model_outputs({"churn_risk_90d": 0.3, "churn_risk_average_90d": 0.05,
                              "churn_relative_hazard": 6.1, "churn_risk_note": "Cox model"},
                             [reason], SETTINGS, "EUR", "en")
    assert [(r["label"], r["value"]) for r in retainer["churn"]] == [
        ("Risk of leaving within 90 days", "30.0%"), ("An average retainer's risk", "5.0%"),
        ("Times an average retainer's risk", "×6.00")]  # 30 % ÷ 5 %, not the Cox hazard
    assert retainer["drivers"] == ["unanswered: 50.0% of the client's messages (factor ×2.0)"]
    assert retainer["churn_high"] and retainer["churn_note"] == "Cox model"
    not_fitted = model_outputs({"churn_risk_90d": None, "churn_risk_note": "too little history"},
                               [], SETTINGS, "EUR", "en")
    assert not_fitted["churn"] == [] and not_fitted["churn_note"] == "too little history"


def test_the_client_page_shows_lifetime_value_and_churn_risk_when_present(shared_app):
    admin = login(shared_app, "admin")
    run, _ = shared_app.state.web.run()
    project = next(a for a in run.assessments if a.metrics.get("clv_minor") is not None)
    html = admin.get(f"/clients/{project.client_id}").text
    assert 'id="lifetime"' in html and 'data-key="clv_minor"' in html
    retainer = next(a for a in run.assessments if a.metrics.get("kind") == "retainer")
    page = admin.get(f"/clients/{retainer.client_id}").text
    assert 'id="lifetime"' not in page
    assert ('id="churn"' in page) == (retainer.metrics.get("churn_risk_90d") is not None)
    risky = [a for a in run.assessments if any(r.code == "CHURN_RISK" for r in a.reasons)]
    assert risky  # the demo plants retainers about to leave (issue 5)
    shown = admin.get(f"/clients/{risky[0].client_id}").text
    assert 'id="churn-drivers"' in shown and 'data-key="churn_risk_90d"' in shown


def test_the_churn_models_status_line_is_translated_when_known():
    from clientfit.web.views_client import churn_note

    assert churn_note("Cox model fitted on 1016 landmark rows of 54 retainers, 14 of which ended",
                      "pl") == ("Model Coxa dopasowany na 1016 wierszach punktów orientacyjnych "
                                "54 klientów abonamentowych, z których 14 odeszło.")
    assert churn_note("too little history to estimate churn risk: 3 ended retainer "
                      "relationships in the records, the policy needs at least 10", "pl"
                      ).endswith("polityka wymaga co najmniej 10.")
    assert churn_note("something new the model says", "pl") == "something new the model says"
    assert churn_note(None, "pl") is None
