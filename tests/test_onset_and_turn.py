""""Is it just me?", recent against persistent read from when the personal friction began (a
change-point on the pair's messages), and a recent turn against the person read from a few
messages about them together with the pair's friction against its own past."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from scipy import stats

from clientfit.assessment import load_policy
from clientfit.assessment.onset import CALM, FRICTION, PERSONAL, chance_began_by, onset
from clientfit.assessment.shares import fisher
from clientfit.assessment.turn import recent_shift, span_mismatch, turned
from clientfit.assessment.whose import judge
from clientfit.domain import Count, FrictionCounts, PairCounts

SETTING = load_policy().get
REFERENCE = (0.83, 0.14, 0.03)  # calm, friction, about the person
RECENT_START = datetime(2026, 5, 1)
BY = RECENT_START - timedelta(days=90)


def timeline(*runs: tuple[int, int, list[int]]) -> tuple[tuple[datetime, int], ...]:
    """(first day before the recent start, spacing in days, kinds) runs, in time order."""
    found = []
    for first, spacing, kinds in runs:
        found += [(RECENT_START - timedelta(days=first - i * spacing), kind)
                  for i, kind in enumerate(kinds)]
    return tuple(sorted(found))


CALM_YEAR = (400, 12, [CALM] * 30)  # a long good history, one message every 12 days


def test_a_calm_pair_has_no_onset():
    assert onset(timeline(CALM_YEAR), REFERENCE) is None
    assert chance_began_by(timeline(CALM_YEAR), REFERENCE, BY) == 0.0


def test_personal_messages_of_the_last_weeks_began_recently():
    messages = timeline(CALM_YEAR, (-20, 5, [PERSONAL, FRICTION, PERSONAL, CALM, PERSONAL,
                                            PERSONAL, FRICTION, PERSONAL]))
    began = onset(messages, REFERENCE)
    assert began is not None and began >= RECENT_START
    assert chance_began_by(messages, REFERENCE, BY) < 0.05


def test_few_personal_messages_spread_over_nine_months_began_long_ago():
    # the history period holds only three of them: a test on it alone is weak, the onset is not
    messages = timeline((400, 12, [CALM] * 12),
                        (180, 20, [PERSONAL, CALM, FRICTION, PERSONAL, CALM, PERSONAL, FRICTION,
                                   CALM, PERSONAL, PERSONAL, FRICTION, PERSONAL]))
    assert chance_began_by(messages, REFERENCE, BY) > 0.5


def test_fisher_combines_two_chances():
    assert fisher(0.01, 0.01) == pytest.approx(
        stats.combine_pvalues([0.01, 0.01], method="fisher").pvalue)
    assert fisher(0.04, 1.0) == pytest.approx(
        stats.combine_pvalues([0.04, 1.0], method="fisher").pvalue)


def owner(personal=(2, 12), friction=(6, 12), history=(1, 14), colleagues=(2, 7)):
    return PairCounts(
        staff_id="S1", pair=Count(*friction), others=Count(*colleagues),
        staff_others=Count(60, 300), earlier_pair=Count(*history), personal=Count(*personal),
        span_personal=Count(personal[0], personal[1] + history[1]),
        colleagues_personal=Count(0, 16), staff_others_personal=Count(15, 600),
        window_pair=Count(friction[0] + history[0], 40), window_staff_others=Count(90, 600),
        staff_curt=Count(100, 400))


def counts(*pairs: PairCounts) -> FrictionCounts:
    return FrictionCounts(pairs=pairs, client=Count(8, 19), portfolio=Count(180, 600),
                          hostile=Count(0, 60), labels="new",
                          portfolio_personal=Count(90, 3000), portfolio_curt=Count(900, 3000),
                          window_portfolio=Count(500, 2000), recent_start=RECENT_START)


def colleague() -> PairCounts:
    return PairCounts(staff_id="S2", pair=Count(2, 7), others=Count(6, 12),
                      staff_others=Count(30, 300), span_personal=Count(0, 15),
                      staff_curt=Count(90, 300))


def test_a_few_messages_about_the_owner_and_friction_above_its_own_past_is_a_recent_turn():
    found = counts(owner(), colleague())
    shift = recent_shift(found.pairs[0], found, SETTING)
    assert shift is not None and shift.chance < SETTING("reset", "personal_alpha")
    assert shift.before == Count(3, 21)  # the pair before and the colleagues now
    verdict = judge(found, SETTING, owner="S1")
    assert verdict.personal and not verdict.persistent and verdict.shift is not None


def test_friction_above_its_own_past_without_a_message_about_the_person_is_no_turn():
    found = counts(owner(personal=(0, 12)), colleague())
    assert recent_shift(found.pairs[0], found, SETTING) is None


def test_as_much_friction_before_is_no_turn():
    found = counts(owner(history=(7, 14), colleagues=(3, 7)), colleague())
    assert recent_shift(found.pairs[0], found, SETTING) is None


def test_a_turn_needs_a_past_to_turn_from_and_more_friction_than_with_the_colleagues_now():
    found = counts(owner(history=(0, 2)), colleague())
    assert recent_shift(found.pairs[0], found, SETTING) is None
    found = counts(owner(friction=(6, 12), colleagues=(4, 7)), colleague())
    assert recent_shift(found.pairs[0], found, SETTING) is None


def test_months_of_friction_with_the_owner_and_a_few_messages_about_them_is_a_mismatch():
    # the reader found 1 and 1 of the messages about the owner; friction 4 of 9 now and 3 of
    # 8 before (no turn), against 1 of 16 with the colleague over the same months
    pair = replace(owner(personal=(1, 9), friction=(4, 9), history=(3, 8), colleagues=(1, 9)),
                   earlier_others=Count(0, 7), span_personal=Count(2, 17),
                   colleagues_personal=Count(1, 16), staff_others_personal=Count(4, 460))
    found = replace(counts(pair, colleague()), portfolio_personal=Count(51, 2423))
    assert recent_shift(pair, found, SETTING) is None
    mismatch = span_mismatch(pair, found, SETTING)
    assert mismatch is not None and mismatch.period == "span"
    assert mismatch.before == Count(1, 16) and mismatch.friction == Count(7, 17)
    verdict = judge(found, SETTING, owner="S1")
    assert verdict.personal and verdict.persistent
    # as much friction with the colleagues over the same months: the client's, not the pair's
    even = replace(pair, others=Count(4, 9), earlier_others=Count(3, 7))
    assert span_mismatch(even, replace(found, pairs=(even,)), SETTING) is None


def test_friction_as_high_before_as_now_did_not_turn():
    assert not turned(owner(friction=(6, 6), history=(4, 4)), SETTING)
    assert turned(owner(friction=(12, 14), history=(1, 16)), SETTING)
    assert turned(owner(friction=(6, 6), history=(2, 2)), SETTING)  # too few to compare


def test_a_mismatch_whose_history_period_is_thin_persists_from_when_it_began():
    # 5 of 12 about the owner recently; the history period's own counts are no evidence (1 of
    # 6), but the messages place the onset months before the recent period
    recent = (-5, 7, [PERSONAL, FRICTION, PERSONAL, CALM, PERSONAL, PERSONAL, FRICTION,
                      PERSONAL, CALM, FRICTION, CALM, FRICTION])
    spread = timeline((500, 12, [CALM] * 20),
                      (250, 25, [PERSONAL, CALM, FRICTION, PERSONAL, CALM, FRICTION]), recent)
    pair = PairCounts(
        staff_id="S1", pair=Count(10, 12), others=Count(2, 7), staff_others=Count(60, 300),
        earlier_pair=Count(4, 6), personal=Count(5, 12), history_personal=Count(1, 6),
        span_personal=Count(6, 18), colleagues_personal=Count(0, 16),
        staff_others_personal=Count(15, 600), window_pair=Count(14, 38),
        window_staff_others=Count(90, 600), staff_curt=Count(100, 400), timeline=spread)
    verdict = judge(counts(pair, colleague()), SETTING, owner="S1")
    assert verdict.personal and verdict.about is not None and verdict.persistent
    assert verdict.began is not None and verdict.began < BY
    # the same recent messages after a calm history that runs up to the recent period
    recent_only = replace(pair, timeline=timeline((500, 12, [CALM] * 42), recent),
                          earlier_pair=Count(0, 6), history_personal=Count(0, 6),
                          span_personal=Count(5, 18))
    assert not judge(counts(recent_only, colleague()), SETTING, owner="S1").persistent


def test_the_persistent_reason_names_when_the_messages_about_the_person_began():
    from clientfit.assessment.friction_rules import pair_decision
    from clientfit.domain import FrictionFindings

    recent = (-5, 7, [PERSONAL, FRICTION, PERSONAL, CALM, PERSONAL, PERSONAL, FRICTION,
                      PERSONAL, CALM, FRICTION, CALM, FRICTION])
    spread = timeline((500, 12, [CALM] * 20),
                      (250, 25, [PERSONAL, CALM, FRICTION, PERSONAL, CALM, FRICTION]), recent)
    pair = PairCounts(
        staff_id="S1", pair=Count(10, 12), others=Count(2, 7), staff_others=Count(60, 300),
        earlier_pair=Count(4, 6), personal=Count(5, 12), history_personal=Count(1, 6),
        span_personal=Count(6, 18), colleagues_personal=Count(0, 16),
        staff_others_personal=Count(15, 600), window_pair=Count(14, 38),
        window_staff_others=Count(90, 600), staff_curt=Count(100, 400), timeline=spread)
    found = counts(pair, colleague())
    verdict = judge(found, SETTING, owner="S1")
    decision, _, reasons = pair_decision(FrictionFindings(counts=found), verdict, SETTING,
                                         {"S1": "Anna"}, 1.0)
    assert decision.value == "REASSIGN"
    persistent = next(r for r in reasons if r.code == "PAIR_FRICTION_PERSISTENT")
    assert persistent.metrics["began"] == verdict.began.date().isoformat()
    assert f"began around {verdict.began:%Y-%m-%d}" in persistent.text
