"""The economic rules (issue 14): heavy effort that a healthy margin pays for is not a
renegotiation (author F); RELEASE needs a client difficult with everyone — a loss paid late with
conduct that is fine is RENEGOTIATE (e14e); scope creep with a margin short of a healthy one is
RENEGOTIATE, or mixed signals when the client also pays later than most (e14e)."""

from __future__ import annotations

from tests.test_decision_rules import _assess, _metrics, _policy


def test_heavy_effort_with_a_margin_that_pays_for_it_is_kept():
    # twice the portfolio's hours per 1,000 of revenue (a team with cheaper hours)
    cheap_hours = _assess(_metrics(hours_per_1000_revenue=20.0, margin_pct=0.46))
    assert cheap_hours.decision.value == "KEEP"
    # ... and with a net margin of 0.34 (e14t: F's Polish clients on net revenue, above the
    # 0.25 of renegotiate.effort_max_margin_pct)
    assert _assess(_metrics(hours_per_1000_revenue=20.0,
                            margin_pct=0.34)).decision.value == "KEEP"
    # the same hours with a margin below renegotiate.effort_max_margin_pct: the terms do not pay
    thin = _assess(_metrics(hours_per_1000_revenue=20.0, margin_pct=0.22))
    assert thin.decision.value == "RENEGOTIATE"
    assert "EFFORT_ABOVE_REVENUE" in [r.code for r in thin.reasons]
    # the setting above 1 restores effort alone as a reason, whatever the margin
    always = _policy("renegotiate", "effort_max_margin_pct", 2.0)
    assert _assess(_metrics(hours_per_1000_revenue=20.0, margin_pct=0.46),
                   policy=always).decision.value == "RENEGOTIATE"


def _friction(hostile: int, hostile_staff: int, inbound: int = 100, friction: int = 4):
    """Two staff members on the client; `friction` of its 40 recent messages with friction
    (4: as the portfolio's 10 %), and `hostile` hostile or threatening messages of `inbound`
    over the window, received by `hostile_staff` of the two."""
    from clientfit.domain import Count, FrictionCounts, FrictionFindings, PairCounts

    def pair(staff: str) -> PairCounts:
        return PairCounts(staff, Count(2, 20), Count(2, 20), Count(10, 100))

    return FrictionFindings(counts=FrictionCounts(
        (pair("S1"), pair("S2")), Count(friction, 40), Count(100, 1000), Count(hostile, inbound),
        hostile_staff=hostile_staff))


def _said(metrics, friction=None, norms=None):
    from clientfit.assessment.rules import PortfolioContext, assess_client
    from tests.test_decision_rules import NORMS, POLICY, WINDOW

    context = PortfolioContext(10.0, "EUR", {"S1": "Anna", "S2": "Marek"},
                               {**NORMS, "hostile_messages_total": 60.0,
                                "hostile_inbound_total": 3000.0, **(norms or {})})
    return assess_client(metrics, {}, context, POLICY, WINDOW, friction)


LOSS_PAID_LATE = dict(margin_pct=-0.30, margin_minor=-300000, days_late=45.0,
                      late_invoice_count=8, late_invoice_share=0.8)


def test_a_loss_paid_late_by_a_client_whose_conduct_is_fine_is_renegotiate():
    # e14e: RELEASE needs a client difficult with everyone; a polite client losing us money
    # and paying 45 days late is terms to renegotiate (the payment terms too)
    polite = _said(_metrics(**LOSS_PAID_LATE), _friction(hostile=0, hostile_staff=0))
    assert polite.decision.value == "RENEGOTIATE"
    assert {"LOSS_MAKING", "PAYS_LATE"} <= {r.code for r in polite.reasons}
    # no messages to judge the conduct on: nothing says the client is difficult either
    assert _said(_metrics(**LOSS_PAID_LATE)).decision.value == "RENEGOTIATE"
    # the same economics, hostile or threatening to both staff members: RELEASE
    hostile = _said(_metrics(**LOSS_PAID_LATE), _friction(hostile=6, hostile_staff=2,
                                                          friction=16))
    assert hostile.decision.value == "RELEASE"
    assert {"HOSTILE_WITH_EVERYONE", "LOSS_MAKING", "PAYS_LATE"} <= \
        {r.code for r in hostile.reasons}


def test_threats_to_one_staff_member_are_not_difficult_with_everyone():
    # a margin near zero, late pay and threats, the client's friction above the portfolio's
    # (16 of 40 against 10 %): RELEASE when the threats go to everyone who deals with the
    # client, terms to renegotiate when one staff member receives them all
    near_zero = _metrics(margin_pct=0.05, days_late=45.0, threats=3)
    said = _said(near_zero, _friction(hostile=3, hostile_staff=2, friction=16))
    assert said.decision.value == "RELEASE"
    assert {"THIN_MARGIN", "PAYS_LATE", "THREATS"} <= {r.code for r in said.reasons}
    assert _said(near_zero, _friction(hostile=3, hostile_staff=1,
                                      friction=16)).decision.value == "RENEGOTIATE"
    # to both, but the client writes with no more friction than anyone else: not difficult
    assert _said(near_zero, _friction(hostile=3, hostile_staff=2)).decision.value == \
        "RENEGOTIATE"
    # threats counted without friction counts (threats to leave count too): not enough
    assert _said(near_zero).decision.value == "RENEGOTIATE"
    # a loss with threats to one person, paid on time (G's Loomstack): RENEGOTIATE
    loss = _metrics(margin_pct=-0.36, margin_minor=-360000, threats=2)
    assert _said(loss, _friction(hostile=2, hostile_staff=1,
                                 friction=16)).decision.value == "RENEGOTIATE"
    assert _said(loss, _friction(hostile=2, hostile_staff=2,
                                 friction=16)).decision.value == "RELEASE"
    # threats and late pay with a healthy margin: not RELEASE
    assert _said(_metrics(margin_pct=0.45, days_late=45.0, threats=3),
                 _friction(hostile=3, hostile_staff=2, friction=16)).decision.value != \
        "RELEASE"


def test_a_margin_short_of_keep_with_the_scope_creeping_is_renegotiate():
    from tests.test_decision_rules import NORMS

    # the rest of the portfolio: 3 scope requests in 100 messages
    norms = {**NORMS, "scope_requests_total": 157.0, "inbound_messages_total": 5050.0}
    creeping = _assess(_metrics(margin_pct=0.23, scope_requests=7, inbound_messages=50),
                       norms=norms)
    assert creeping.decision.value == "RENEGOTIATE"
    assert {"BELOW_KEEP_MARGIN", "SCOPE_REQUESTS"} <= {r.code for r in creeping.reasons}
    # as many requests per message as everyone else: a thin margin alone is mixed signals
    usual = _assess(_metrics(margin_pct=0.23, scope_requests=3, inbound_messages=150),
                    norms=norms)
    assert usual.decision.value == "WATCH"
    # a margin that meets the KEEP floor: requests alone are not a renegotiation
    assert _assess(_metrics(margin_pct=0.45, scope_requests=7, inbound_messages=50),
                   norms=norms).decision.value == "KEEP"


def test_scope_creep_above_the_keep_floor_is_renegotiate_unless_paying_later_than_most():
    from clientfit.assessment.rules import PortfolioContext, assess_client
    from tests.test_decision_rules import NORMS, POLICY, WINDOW

    norms = {**NORMS, "scope_requests_total": 157.0, "inbound_messages_total": 5050.0}
    # the clients that meet every KEEP floor here pay 0-9 days late
    spread = {"days_late": tuple(float(d) for d in range(10)),
              "margin_pct": tuple(0.30 + 0.03 * i for i in range(10)),
              "complaint_share": tuple(0.05 for _ in range(10))}

    def said(**changes):
        context = PortfolioContext(10.0, "EUR", {"S1": "Anna"}, norms, spread)
        return assess_client(_metrics(scope_requests=7, inbound_messages=50, **changes), {},
                             context, POLICY, WINDOW)

    # a margin of 28 %, above the KEEP floor (25 %) but below renegotiate.creep_margin_pct
    # (32 %), 7 scope requests in 50 messages against 3 % elsewhere, paid on time (A's
    # Kaszubski Logistyka, Sunset Ridge)
    on_time = said(margin_pct=0.28, days_late=1.0)
    assert on_time.decision.value == "RENEGOTIATE"
    assert [r.code for r in on_time.reasons][:1] == ["SCOPE_REQUESTS"]
    assert "margin of 28.0%" in on_time.reasons[0].text and "32.0%" in on_time.reasons[0].text
    # the same, paying later than most of those clients (G's Vantafold: 10 days): mixed
    late = said(margin_pct=0.28, days_late=9.5)
    assert late.decision.value == "WATCH"
    assert [r.code for r in late.reasons][:3] == ["MIXED_SIGNALS", "SCOPE_REQUESTS",
                                                  "PAYS_LATE"]
    # short of the KEEP floor (23 %), paying as late: still RENEGOTIATE, the lateness named
    short = said(margin_pct=0.23, days_late=20.0, late_invoice_count=6, late_invoice_share=0.6)
    assert short.decision.value == "RENEGOTIATE"
    assert {"BELOW_KEEP_MARGIN", "SCOPE_REQUESTS", "PAYS_LATE"} <= {r.code for r in short.reasons}
    # the setting at the KEEP floor restores the old rule: KEEP
    at_floor = _policy("renegotiate", "creep_margin_pct", 0.25)
    context = PortfolioContext(10.0, "EUR", {"S1": "Anna"}, norms, spread)
    assert assess_client(_metrics(scope_requests=7, inbound_messages=50, margin_pct=0.28,
                                  days_late=1.0), {}, context, at_floor,
                         WINDOW).decision.value == "KEEP"
    # a healthy margin well above it: requests alone are not a renegotiation
    assert said(margin_pct=0.45, days_late=1.0).decision.value == "KEEP"


def test_a_big_profitable_client_is_never_watch_for_lateness_alone():
    # 4 % of revenue, four times the median client's 1 % (keep.large_vs_median), margin 60 %,
    # 45 days late on some of its invoices (not the steady payer below)
    big_late = dict(revenue_share=0.04, margin_pct=0.60, margin_minor=600000, days_late=45.0,
                    late_invoice_count=6, late_invoice_share=0.6)
    said = _assess(_metrics(**big_late))
    assert said.decision.value == "KEEP"
    assert {"BIG_CLIENT_PAYS_LATE", "LARGE_CLIENT"} <= {r.code for r in said.reasons}
    assert "4.0x the median client's" in next(
        r.text for r in said.reasons if r.code == "BIG_CLIENT_PAYS_LATE")
    # a payables cycle of up to keep.large_max_days_late (90) days
    assert _assess(_metrics(**{**big_late, "days_late": 80.0})).decision.value == "KEEP"
    # twice the median client, paying as late on some invoices: not healthy enough to keep
    assert _assess(_metrics(**{**big_late, "revenue_share": 0.02})).decision.value == "WATCH"
    # large is relative to the typical client: the same 4 % where the median client holds 2 %
    # (a portfolio of fewer clients) is not large; where it holds 0.5 %, it is
    from tests.test_decision_rules import NORMS

    assert _assess(_metrics(**big_late), norms={**NORMS, "revenue_share": 0.02}
                   ).decision.value == "WATCH"
    assert _assess(_metrics(**{**big_late, "revenue_share": 0.02}),
                   norms={**NORMS, "revenue_share": 0.005}).decision.value == "KEEP"
    # keep.large_vs_median 0: the old reading, flags.large_client_share (3.3 %) of revenue
    share = _policy("keep", "large_vs_median", 0.0)
    assert _assess(_metrics(**big_late), norms={**NORMS, "revenue_share": 0.02},
                   policy=share).decision.value == "KEEP"
    # scope creep below renegotiate.creep_margin_pct: RENEGOTIATE on the terms, the big
    # client's lateness not read as mixed signals
    from clientfit.assessment.rules import PortfolioContext, assess_client
    from tests.test_decision_rules import NORMS, POLICY, WINDOW

    norms = {**NORMS, "scope_requests_total": 157.0, "inbound_messages_total": 5050.0}
    spread = {"days_late": tuple(float(d) for d in range(10)),
              "margin_pct": tuple(0.30 + 0.03 * i for i in range(10)),
              "complaint_share": tuple(0.05 for _ in range(10))}
    context = PortfolioContext(10.0, "EUR", {"S1": "Anna"}, norms, spread)
    creeping = assess_client(_metrics(**{**big_late, "margin_pct": 0.28}, scope_requests=7,
                                      inbound_messages=50), {}, context, POLICY, WINDOW)
    assert creeping.decision.value == "RENEGOTIATE"


# e14d: a payables cycle read from the payments themselves. A client 2.5 % of revenue in a
# portfolio whose median client holds 1.5 % (1.7x, under keep.large_vs_median): bigger than the
# typical client, late on every invoice by 40 days, margin 60 %
STEADY_LATE = dict(revenue_share=0.025, margin_pct=0.60, margin_minor=600000, days_late=40.0,
                   late_invoice_count=10, late_invoice_share=1.0)


def _steady(policy=None, median_share: float = 0.015, **changes):
    from tests.test_decision_rules import NORMS, POLICY

    return _assess(_metrics(**{**STEADY_LATE, **changes}),
                   norms={**NORMS, "revenue_share": median_share}, policy=policy or POLICY)


def test_a_bigger_than_typical_client_late_on_every_invoice_is_a_payables_cycle():
    said = _steady()
    assert said.decision.value == "KEEP"
    cycle = next(r for r in said.reasons if r.code == "BIG_CLIENT_PAYS_LATE")
    assert "bigger than the typical client" in cycle.text
    assert cycle.metrics["revenue_share_norm"] == 0.015
    # it is not named LARGE_CLIENT: the share of revenue stays under flags.large_client_share
    assert "LARGE_CLIENT" not in {r.code for r in said.reasons}
    # at keep.cycle_min_days_late (30) it counts; a mixed client's "1-3 weeks late" does not
    assert _steady(days_late=30.0).decision.value == "KEEP"
    assert _steady(days_late=18.0).decision.value == "WATCH"


def test_a_payables_cycle_needs_every_invoice_late_a_client_bigger_than_typical_and_a_bound():
    # some invoices late (a mixed client's pattern), however late on average: not a cycle
    assert _steady(late_invoice_share=0.6, late_invoice_count=6).decision.value == "WATCH"
    # a client smaller than the median client paying as steadily late: not a big organisation
    assert _steady(median_share=0.03).decision.value == "WATCH"
    # beyond keep.large_max_days_late (90) it is no payables cycle, large or not
    assert _steady(days_late=95.0).decision.value == "WATCH"
    # a portfolio without a typical share (no rows) cannot say who is bigger
    assert _steady(median_share=0.0).decision.value == "WATCH"
    # keep.cycle_min_days_late 0 turns the route off: only a large share makes a cycle
    off = _policy("keep", "cycle_min_days_late", 0)
    assert _steady(policy=off).decision.value == "WATCH"
    # a margin under the KEEP floor is decided on the margin, not forgiven as a cycle
    assert _steady(margin_pct=0.22, margin_minor=220000).decision.value != "KEEP"


def test_a_steady_late_payer_is_not_read_as_paying_later_than_most():
    # scope creep with a margin between the KEEP floor and renegotiate.creep_margin_pct: the
    # steady payables cycle is not "later than most" (mixed signals), so it is RENEGOTIATE
    from clientfit.assessment.rules import PortfolioContext, assess_client
    from tests.test_decision_rules import NORMS, POLICY, WINDOW

    norms = {**NORMS, "scope_requests_total": 157.0, "inbound_messages_total": 5050.0,
             "revenue_share": 0.015}
    context = PortfolioContext(10.0, "EUR", {"S1": "Anna"}, norms,
                               {"days_late": (0.0, 1.0, 2.0, 3.0, 5.0)})
    said = assess_client(_metrics(**{**STEADY_LATE, "margin_pct": 0.28, "scope_requests": 7,
                                     "inbound_messages": 50}),
                         {}, context, POLICY, WINDOW)
    assert said.decision.value == "RENEGOTIATE"
    # without the route its lateness is "later than most": mixed signals
    off = _policy("keep", "cycle_min_days_late", 0)
    assert assess_client(_metrics(**{**STEADY_LATE, "margin_pct": 0.28, "scope_requests": 7,
                                     "inbound_messages": 50}),
                         {}, context, off, WINDOW).decision.value == "WATCH"
