"""The economic rules on a portfolio of several teams (issue 14, author F): heavy effort that a
healthy margin pays for is not a renegotiation; threats with a margin near zero and late pay are
RELEASE even when the reader leaves the client's friction share short."""

from __future__ import annotations

from tests.test_decision_rules import _assess, _metrics, _policy


def test_heavy_effort_with_a_margin_that_pays_for_it_is_kept():
    # twice the portfolio's hours per 1,000 of revenue (a team with cheaper hours)
    cheap_hours = _assess(_metrics(hours_per_1000_revenue=20.0, margin_pct=0.46))
    assert cheap_hours.decision.value == "KEEP"
    # the same hours with a margin below renegotiate.effort_max_margin_pct: the terms do not pay
    thin = _assess(_metrics(hours_per_1000_revenue=20.0, margin_pct=0.33))
    assert thin.decision.value == "RENEGOTIATE"
    assert "EFFORT_ABOVE_REVENUE" in [r.code for r in thin.reasons]
    # the setting above 1 restores effort alone as a reason, whatever the margin
    always = _policy("renegotiate", "effort_max_margin_pct", 2.0)
    assert _assess(_metrics(hours_per_1000_revenue=20.0, margin_pct=0.46),
                   policy=always).decision.value == "RENEGOTIATE"


def test_threats_with_a_margin_near_zero_and_late_pay_are_release():
    said = _assess(_metrics(margin_pct=0.05, days_late=45.0, threats=3))
    assert said.decision.value == "RELEASE"
    assert {"THIN_MARGIN", "PAYS_LATE", "THREATS"} <= {r.code for r in said.reasons}
    # no threats: the same economics are terms to renegotiate, not a client to let go
    assert _assess(_metrics(margin_pct=0.05, days_late=45.0,
                            threats=0)).decision.value == "RENEGOTIATE"
    # threats and late pay with a healthy margin: not RELEASE
    assert _assess(_metrics(margin_pct=0.45, days_late=45.0,
                            threats=3)).decision.value != "RELEASE"


def test_a_margin_short_of_keep_with_the_scope_creeping_is_renegotiate():
    from tests.test_decision_rules import NORMS

    # the rest of the portfolio: 3 scope requests in 100 messages
    norms = {**NORMS, "scope_requests_total": 157.0, "inbound_messages_total": 5050.0}
    creeping = _assess(_metrics(margin_pct=0.27, scope_requests=7, inbound_messages=50),
                       norms=norms)
    assert creeping.decision.value == "RENEGOTIATE"
    assert {"BELOW_KEEP_MARGIN", "SCOPE_REQUESTS"} <= {r.code for r in creeping.reasons}
    # as many requests per message as everyone else: a thin margin alone is mixed signals
    usual = _assess(_metrics(margin_pct=0.27, scope_requests=3, inbound_messages=150),
                    norms=norms)
    assert usual.decision.value == "WATCH"
    # a margin that meets the KEEP floor: requests alone are not a renegotiation
    assert _assess(_metrics(margin_pct=0.45, scope_requests=7, inbound_messages=50),
                   norms=norms).decision.value == "KEEP"
