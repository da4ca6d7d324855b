""""Is it just me?" on counts: personal pair, persistent pair, a staff member's friction with
everyone, a client difficult with everyone, and few messages that cannot decide."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd

from clientfit.assessment import load_policy
from clientfit.assessment.shares import gap_lower
from clientfit.assessment.whose import judge
from clientfit.domain import Count, FrictionCounts, PairCounts
from clientfit.signals.friction_counts import friction_columns, friction_counts

POLICY = load_policy()
SETTING = POLICY.get


def pair(staff, k, n, others=(1, 20), staff_others=(10, 100), earlier=(0, 0),
         earlier_others=(0, 0), earlier_staff=(0, 0)):
    return PairCounts(staff, Count(*k if isinstance(k, tuple) else (k, n)), Count(*others),
                      Count(*staff_others), Count(*earlier), Count(*earlier_others),
                      Count(*earlier_staff))


def counts(*pairs, client=None, portfolio=(100, 1000), hostile=(0, 0), hostile_staff=0):
    if client is None:
        client = (sum(p.pair.hits for p in pairs), sum(p.pair.n for p in pairs))
    return FrictionCounts(tuple(pairs), Count(*client), Count(*portfolio), Count(*hostile),
                          hostile_staff)


def test_gap_lower_widens_with_few_messages():
    many = gap_lower(Count(60, 100), Count(10, 100), 0.9)
    few = gap_lower(Count(3, 5), Count(1, 10), 0.9)
    assert many > 0.35 > few
    assert gap_lower(Count(0, 0), Count(1, 10), 0.9) is None


def test_friction_with_one_person_only_is_personal_and_recent_without_earlier_excess():
    verdict = judge(counts(pair("S1", 12, 16, others=(1, 14), staff_others=(8, 90),
                                earlier=(2, 30), earlier_others=(2, 25), earlier_staff=(20, 200)),
                           pair("S2", 1, 14)), SETTING)
    assert verdict.personal and verdict.pair.staff_id == "S1" and not verdict.persistent
    assert not verdict.client_difficult


def test_friction_that_was_there_before_persists():
    verdict = judge(counts(pair("S1", 12, 16, others=(1, 14), staff_others=(8, 90),
                                earlier=(30, 40), earlier_others=(2, 30),
                                earlier_staff=(20, 200)), pair("S2", 1, 14)), SETTING)
    assert verdict.personal and verdict.persistent


def test_a_staff_member_with_friction_everywhere_is_not_the_clients_fault():
    # 55 % with this client, 50 % with the person's other clients: the person's, not the pair's
    verdict = judge(counts(pair("S1", 11, 20, others=(1, 12), staff_others=(50, 100)),
                           pair("S2", 1, 12), portfolio=(150, 1000)), SETTING)
    assert not verdict.personal
    assert "S1" in verdict.staff_friction


def test_few_messages_cannot_make_it_personal():
    verdict = judge(counts(pair("S1", 4, 6, others=(0, 3), staff_others=(10, 100)),
                           pair("S2", 0, 3)), SETTING)
    assert not verdict.personal


def test_difficult_with_everyone_is_the_clients_own():
    verdict = judge(counts(pair("S1", 14, 18, others=(12, 16), staff_others=(10, 100)),
                           pair("S2", 12, 16, others=(14, 18)), hostile=(6, 34),
                           hostile_staff=2), SETTING)
    assert not verdict.personal and verdict.client_difficult and verdict.hostile_with_everyone


def test_counts_come_from_old_labels_and_use_the_finer_ones_when_present():
    start = datetime(2026, 1, 1)
    rows = []
    for i in range(10):
        rows.append({"message_id": f"m{i}", "client_id": "C1", "pair_staff_id": "S1",
                     "sent_at": start + timedelta(days=i), "tone": "neutral",
                     "complaint": i < 3, "threat": False})
        rows.append({"message_id": f"n{i}", "client_id": "C2", "pair_staff_id": "S1",
                     "sent_at": start + timedelta(days=i), "tone": "neutral",
                     "complaint": False, "threat": False})
    old = pd.DataFrame(rows)
    found = friction_counts(friction_columns(old), start)
    assert found["C1"].pairs[0].pair == Count(3, 10)
    assert found["C2"].pairs[0].staff_others == Count(3, 10)
    # about the person: C1's messages 0, 2, 4, 6, 8 (0 and 2 also complaints)
    finer = old.assign(complaint_person=[r["client_id"] == "C1" and int(r["message_id"][1:]) % 2
                                         == 0 for r in rows],
                       hostile=False, complaint_service=False)
    found = friction_counts(friction_columns(finer), start, "new")
    assert found["C1"].pairs[0].pair.hits == 6
    assert found["C1"].pairs[0].personal.hits == 5


def _metrics(**changes):
    base = {"client_id": "C1", "name": "Client", "owner_staff_id": "S1", "kind": "retainer",
            "due_invoice_count": 8, "margin_pct": 0.45, "margin_minor": 450000,
            "revenue_minor": 1000000, "cost_to_serve_minor": 550000, "hours": 100.0,
            "days_late": 2.0, "late_invoice_count": 0, "late_invoice_share": 0.0,
            "hours_per_1000_revenue": 10.0, "effective_hourly_rate_minor": 10000,
            "nonbillable_share": 0.05, "missed_milestone_share": 0.0, "missed_milestone_count": 0,
            "milestone_count": 4, "overdue_minor": 0, "overdue_invoice_count": 0,
            "revenue_share": 0.02, "inbound_messages_recent": 20, "complaints_recent": 0,
            "response_p90_hours_recent": 6.0, "response_median_hours_recent": 2.0,
            "unanswered_recent": 0, "repeated_unanswered_recent": 0, "apologies_recent": 0}
    return {**base, **changes}


def _assess(metrics, friction=None, norms=None, policy=POLICY):
    from datetime import date

    from clientfit.assessment.rules import PortfolioContext, assess_client
    from clientfit.domain import FrictionFindings, Window

    context = PortfolioContext(10.0, "EUR", {"S1": "Anna", "S2": "Marek"},
                               norms or {"response_p90_hours_recent": 8.0,
                                         "unanswered_recent": 10.0,
                                         "inbound_messages_recent": 1000.0,
                                         "revenue_share": 0.01})
    window = Window(date(2025, 7, 1), date(2026, 6, 30))
    return assess_client(metrics, {}, context, policy, window,
                         FrictionFindings(counts=friction) if friction else None)


def test_slow_replies_the_client_does_not_mind_are_not_a_recovery():
    assert _assess(_metrics(response_p90_hours_recent=40.0)).decision.value == "KEEP"


def test_replies_slow_only_like_everyone_elses_are_not_our_failure_with_this_client():
    norms = {"response_p90_hours_recent": 30.0, "unanswered_recent": 10.0,
             "inbound_messages_recent": 1000.0}
    said = _assess(_metrics(response_p90_hours_recent=35.0, complaints_recent=3), norms=norms)
    assert said.decision.value == "KEEP"
    said = _assess(_metrics(response_p90_hours_recent=70.0, response_median_hours_recent=20.0,
                            complaints_recent=3), norms=norms)
    assert said.decision.value == "RECOVER"


def test_unanswered_abuse_from_a_client_difficult_with_everyone_is_release_not_recover():
    hostile = counts(pair("S1", 14, 18, others=(12, 16), staff_others=(10, 100)),
                     pair("S2", 12, 16, others=(14, 18)), hostile=(8, 60), hostile_staff=2)
    said = _assess(_metrics(margin_pct=0.05, margin_minor=50000, days_late=45.0,
                            late_invoice_count=6, late_invoice_share=0.75, complaints_recent=4,
                            unanswered_recent=6), friction=hostile)
    assert said.decision.value == "RELEASE"
    codes = [r.code for r in said.reasons]
    assert "HOSTILE_WITH_EVERYONE" in codes and "DIFFICULT_WITH_EVERYONE" in codes


def test_hostile_with_everyone_but_profitable_and_on_time_is_keep_with_boundaries():
    hostile = counts(pair("S1", 14, 18, others=(12, 16), staff_others=(10, 100)),
                     pair("S2", 12, 16, others=(14, 18)), hostile=(8, 60), hostile_staff=2)
    said = _assess(_metrics(), friction=hostile)
    assert said.decision.value == "KEEP"
    codes = [r.code for r in said.reasons]
    assert codes[0] == "HOSTILE_BUT_PROFITABLE" and "DIFFICULT_WITH_EVERYONE" in codes
    conduct = said.reasons[0]
    assert "in 8 of 60 messages" in conduct.text and "to 2 staff members" in conduct.text
    assert "set boundaries" in conduct.text and "margin 45.0%" in conduct.text
    # the conduct costs confidence: lower than the same client's clean KEEP
    clean = _assess(_metrics())
    assert clean.decision.value == "KEEP" and said.confidence < clean.confidence


def test_hostile_with_everyone_and_economics_short_of_a_keep_is_for_a_person_to_decide():
    hostile = counts(pair("S1", 14, 18, others=(12, 16), staff_others=(10, 100)),
                     pair("S2", 12, 16, others=(14, 18)), hostile=(8, 60), hostile_staff=2)
    # margin 15 %: a RENEGOTIATE with conduct that is fine, but no loss and no late payment
    thin = _metrics(margin_pct=0.15, margin_minor=150000)
    assert _assess(thin).decision.value == "RENEGOTIATE"
    said = _assess(thin, friction=hostile)
    assert said.decision.value == "WATCH"
    assert [r.code for r in said.reasons][:3] == ["MIXED_SIGNALS", "HOSTILE_BUT_PROFITABLE",
                                                  "THIN_MARGIN"]
    # a margin near zero with the same conduct is not recoverable
    assert _assess(_metrics(margin_pct=0.05, margin_minor=50000),
                   friction=hostile).decision.value == "RELEASE"


def test_threats_to_leave_are_not_abuse():
    start = datetime(2026, 1, 1)
    rows = [{"message_id": f"m{i}", "client_id": "C1", "pair_staff_id": "S1",
             "sent_at": start + timedelta(days=i), "tone": "negative", "complaint": True,
             "threat": True, "threat_kinds": ("cancel",) if i % 2 else ("legal",)}
            for i in range(6)]
    found = friction_counts(friction_columns(pd.DataFrame(rows)), start)
    assert found["C1"].hostile == Count(3, 6)


def test_difficult_over_the_window_counts_when_the_recent_quarter_is_thin():
    from dataclasses import replace

    quiet = counts(pair("S1", 2, 4, others=(1, 3)), pair("S2", 1, 3, others=(2, 4)),
                   portfolio=(150, 500))
    assert not judge(quiet, SETTING).client_difficult
    year = replace(quiet, window_client=Count(60, 110), window_portfolio=Count(600, 2000),
                   pairs=tuple(replace(p, window_pair=Count(30, 55)) for p in quiet.pairs))
    assert judge(year, SETTING).client_difficult


def test_unbilled_work_far_above_a_typical_clients_is_renegotiate():
    # the rest of the portfolio: 8 % of its minutes non-billable, over 2,000 time entries
    norms = {"response_p90_hours_recent": 8.0, "unanswered_recent": 10.0,
             "inbound_messages_recent": 1000.0, "minutes_total": 106000.0,
             "nonbillable_minutes_total": 8480.0 + 1800.0, "time_entry_count_total": 2100.0}
    work = {"minutes": 6000, "time_entry_count": 100}
    said = _assess(_metrics(nonbillable_share=0.3, nonbillable_minutes=1800, **work),
                   norms=norms)
    assert said.decision.value == "RENEGOTIATE"
    assert "UNBILLED_WORK" in [r.code for r in said.reasons]
    close = {**norms, "nonbillable_minutes_total": 8480.0 + 720.0}
    assert _assess(_metrics(nonbillable_share=0.12, nonbillable_minutes=720, **work),
                   norms=close).decision.value == "KEEP"


def test_a_big_profitable_client_paying_through_a_long_cycle_is_kept():
    late = {"days_late": 45.0, "late_invoice_count": 6, "late_invoice_share": 0.8}
    said = _assess(_metrics(revenue_share=0.12, **late))
    assert said.decision.value == "KEEP"
    assert "BIG_CLIENT_PAYS_LATE" in [r.code for r in said.reasons]
    assert _assess(_metrics(revenue_share=0.01, **late)).decision.value == "WATCH"


def test_confidence_is_the_strength_calibrated_per_decision():
    from clientfit.assessment.calibration import calibrated
    from clientfit.domain import Decision

    weak, strong = (calibrated(Decision.KEEP, s, SETTING, 40) for s in (0.5, 0.95))
    assert 0.0 < weak < strong < 1.0
    # a kind that is more often wrong (a smaller fitted intercept) states less at the same strength
    def intercept(decision: Decision) -> float:
        return SETTING("confidence", f"calibration_{decision.value.lower()}")

    least, most = min(Decision, key=intercept), max(Decision, key=intercept)
    assert intercept(least) < intercept(most)
    assert calibrated(least, 0.8, SETTING, 40) < calibrated(most, 0.8, SETTING, 40)


def test_confidence_falls_with_the_messages_a_client_writes():
    # the fitted message term (e14c): a client who writes much leaves more room for friction the
    # reader missed, so the same decision at the same strength states less
    from clientfit.assessment.calibration import calibrated
    from clientfit.domain import Decision

    assert SETTING("confidence", "calibration_messages") < 0
    few, many = (calibrated(Decision.KEEP, 0.8, SETTING, n) for n in (15, 120))
    assert many < few
    # writing little never raises the confidence above the floor's (a portfolio imported
    # without mail states what a client with the floor's messages would); no count known reads
    # as none written, never as a failure
    floor = SETTING("confidence", "calibration_messages_from")
    at_floor = calibrated(Decision.KEEP, 0.8, SETTING, floor)
    assert at_floor > many
    for none in (None, float("nan"), 0, floor / 2):
        assert calibrated(Decision.KEEP, 0.8, SETTING, none) == at_floor


def test_friction_of_every_kind_with_the_owner_yields_to_our_measured_service_failure():
    # friction with the person who serves the client, no message about them personally, and
    # our replies slow against our own norm: a client we fail, not a mismatch
    personal = counts(pair("S1", 12, 16, others=(1, 14), staff_others=(8, 90),
                           earlier=(2, 30), earlier_others=(2, 25), earlier_staff=(20, 200)),
                      pair("S2", 1, 14))
    assert _assess(_metrics(), personal).decision.value == "RESET"
    slow = _metrics(response_p90_hours_recent=70.0, response_median_hours_recent=20.0,
                    complaints_recent=4)
    assert _assess(slow, personal).decision.value == "RECOVER"


def test_a_keep_doubts_a_pair_with_few_messages_now_but_much_friction_over_the_year():
    # three recent messages to the owner (too few to judge now), but 13 of 35 over the window
    # against 2 of 37 to the colleagues: not shown personal, not shown fine either
    thin = PairCounts("S1", Count(2, 3), Count(0, 4), Count(10, 100),
                      window_pair=Count(13, 35), window_others=Count(2, 37),
                      window_staff_others=Count(40, 400))
    verdict = judge(counts(thin, pair("S2", 0, 4)), SETTING)
    assert not verdict.personal
    assert verdict.doubt > 0.5 * SETTING("reset", "doubt_weight")
    # the same pair, calm over the year: nothing to doubt
    calm = PairCounts("S1", Count(0, 3), Count(0, 4), Count(10, 100),
                      window_pair=Count(2, 35), window_others=Count(2, 37),
                      window_staff_others=Count(40, 400))
    assert judge(counts(calm, pair("S2", 0, 4)), SETTING).doubt == 0.0


def test_a_keep_doubts_messages_about_the_person_too_few_for_the_tests():
    def about(hits: int) -> FrictionCounts:
        owner = PairCounts("S1", Count(1, 12), Count(1, 12), Count(10, 100),
                           span_personal=Count(hits, 24),
                           staff_others_personal=Count(2, 300))
        return FrictionCounts((owner, pair("S2", 1, 12)), Count(2, 24), Count(100, 1000),
                              Count(0, 0), labels="new",
                              portfolio_personal=Count(10, 1000))
    none, one = judge(about(0), SETTING), judge(about(1), SETTING)
    assert not one.personal and none.doubt == 0.0
    # one of 24 where the person's other clients write 1 in 100: a norm client writes none
    # about four times in five
    assert 0.3 * SETTING("reset", "doubt_weight") < one.doubt < SETTING("reset", "doubt_weight")


def test_a_keep_whose_client_writes_with_more_friction_than_most_states_less():
    import copy

    from clientfit.assessment.policy import Policy

    def evenly(hits: int) -> FrictionCounts:
        # spread evenly over two staff members: nothing personal, only how the client writes
        half = hits // 2
        return counts(pair("S1", half, 12, others=(hits - half, 12)),
                      pair("S2", hits - half, 12, others=(half, 12)),
                      client=(hits, 24), portfolio=(200, 1000))

    calm, unsettled = _assess(_metrics(), evenly(4)), _assess(_metrics(), evenly(14))
    assert calm.decision.value == unsettled.decision.value == "KEEP"
    assert unsettled.confidence < calm.confidence
    # the rules' strength itself (the calibration set to the identity) falls by over a tenth
    identity = copy.deepcopy(POLICY.settings)
    for name in identity["confidence"]:
        if name.startswith("calibration_"):
            identity["confidence"][name] = 0.0
    identity["confidence"]["calibration_slope"] = 1.0
    bare = Policy(identity, "identity")
    assert (_assess(_metrics(), evenly(14), policy=bare).confidence
            < _assess(_metrics(), evenly(4), policy=bare).confidence - 0.1)
    settings = copy.deepcopy(POLICY.settings)
    settings["keep"]["friction_doubt_weight"] = 0.0
    off = _assess(_metrics(), evenly(14), policy=Policy(settings, "test"))
    assert off.confidence > unsettled.confidence
