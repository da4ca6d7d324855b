""""Is it just me?" on soft counts: the reader's probabilities summed over messages make a pair
personal when no label count does; recent against persistent; the colleagues, a person curt
with everyone, analyses without probabilities; and the counts behind it."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from clientfit.assessment import load_policy
from clientfit.assessment.friction_rules import pair_decision
from clientfit.assessment.soft_counts import excess_chance, soft_personal, variance
from clientfit.assessment.whose import judge
from clientfit.domain import (
    Count,
    Decision,
    FrictionCounts,
    FrictionFindings,
    PairCounts,
    SoftCount,
)
from clientfit.signals.friction_counts import LOGIT_CLIP, friction_columns, friction_counts

POLICY = load_policy()
SETTING = POLICY.get


def soft(values) -> SoftCount:
    values = np.asarray(values, dtype=float)
    clipped = np.clip(values, *LOGIT_CLIP)
    logits = np.log(clipped / (1 - clipped))
    return SoftCount(float(values.sum()), float((values ** 2).sum()), len(values),
                     float(logits.sum()), float((logits ** 2).sum()))


def polite(n: int, about: int, high: float = 0.3, low: float = 0.02) -> SoftCount:
    """`n` messages, `about` of them polite requests about the person the reader scores
    `high` (below its threshold), the rest `low`."""
    return soft([high] * about + [low] * (n - about))


def owner_pair(recent=None, history=None, colleagues=None, staff_others=None,
               curt=(20, 400), staff="S1") -> PairCounts:
    """The owner's pair: no message labelled about the person, little other friction, only
    the probabilities can tell. By default 10 of 30 recent messages score 0.3, none in the
    history period or to the colleagues, 1 % of the person's other clients'."""
    recent = polite(30, 10) if recent is None else recent
    history = polite(40, 0) if history is None else history
    colleagues = polite(20, 0) if colleagues is None else colleagues
    staff_others = polite(600, 6) if staff_others is None else staff_others
    return PairCounts(
        staff_id=staff, pair=Count(2, recent.n), others=Count(1, colleagues.n),
        staff_others=Count(40, 400), earlier_pair=Count(2, history.n),
        personal=Count(0, recent.n), history_personal=Count(0, history.n),
        span_personal=Count(0, recent.n + history.n),
        colleagues_personal=Count(0, colleagues.n), staff_others_personal=Count(6, 600),
        window_pair=Count(4, recent.n + history.n), window_staff_others=Count(80, 800),
        staff_curt=Count(*curt), soft_personal=recent, soft_history_personal=history,
        soft_colleagues_personal=colleagues, soft_staff_others_personal=staff_others)


def colleague(staff="S2", n=20) -> PairCounts:
    return PairCounts(staff_id=staff, pair=Count(0, n), others=Count(2, 30),
                      staff_others=Count(30, 300), span_personal=Count(0, n),
                      staff_curt=Count(20, 300), soft_personal=polite(n, 0))


def friction(*pairs, portfolio=None, portfolio_curt=(200, 3000)) -> FrictionCounts:
    portfolio = polite(3000, 30) if portfolio is None else portfolio
    return FrictionCounts(
        pairs=tuple(pairs), client=Count(sum(p.pair.hits for p in pairs),
                                         sum(p.pair.n for p in pairs)),
        portfolio=Count(300, 1000), hostile=Count(0, 40), labels="new",
        portfolio_personal=Count(20, 3000), portfolio_curt=Count(*portfolio_curt),
        soft_portfolio_personal=portfolio)


# ------------------------------------------------------------------ the statistic


def test_variance_is_the_sample_variance_of_the_probabilities_or_their_log_odds():
    values = [0.1, 0.5, 0.02, 0.3]
    assert variance(soft(values)) == pytest.approx(np.var(values, ddof=1))
    logits = np.log(np.asarray(values) / (1 - np.asarray(values)))
    assert variance(soft(values), "logit") == pytest.approx(np.var(logits, ddof=1))
    assert variance(soft([0.4])) == 0.0


def test_excess_chance_on_the_log_odds_is_welchs_normal_tail_of_their_means():
    mine, norm = soft([0.3] * 10 + [0.01] * 20), soft([0.05, 0.01, 0.002, 0.2] * 100)
    z = ((mine.mean_logit - norm.mean_logit)
         / math.sqrt(variance(mine, "logit") / mine.n + variance(norm, "logit") / norm.n))
    assert excess_chance(mine, norm, scale="logit") == pytest.approx(stats.norm.sf(z))
    with pytest.raises(ValueError, match="valid: logit, probability"):
        excess_chance(mine, norm, scale="odds")


def test_excess_chance_is_welchs_normal_tail():
    mine, norm = soft([0.3] * 10 + [0.02] * 20), soft([0.05, 0.01, 0.02, 0.0] * 100)
    z = ((mine.mean - norm.mean)
         / math.sqrt(variance(mine) / mine.n + variance(norm) / norm.n))
    assert excess_chance(mine, norm) == pytest.approx(stats.norm.sf(z))
    assert excess_chance(mine, norm) < 0.001
    assert excess_chance(norm, mine) > 0.999  # the other way round: nothing in excess


def test_excess_chance_reads_a_floor_under_the_norm_and_nothing_without_messages():
    mine = soft([0.1] * 10 + [0.0] * 30)
    assert excess_chance(mine, 0.01) < excess_chance(mine, 0.01, floor=0.05)
    assert excess_chance(mine, -4.0, scale="logit") < excess_chance(mine, -4.0, floor=-2.0,
                                                                     scale="logit")
    assert excess_chance(SoftCount(), 0.01) == 1.0
    assert excess_chance(mine, SoftCount()) == 1.0


def test_the_same_probability_everywhere_is_not_certainty():
    # identical values on both sides: no spread, but a small difference over 40 messages is
    # no proof on either scale
    assert excess_chance(soft([0.03] * 40), soft([0.02] * 400)) > 0.01
    assert excess_chance(soft([0.025] * 40), soft([0.02] * 400), scale="logit") > 0.05


def test_soft_counts_add_and_subtract():
    a, b = soft([0.2, 0.4]), soft([0.1])
    assert (a + b).expected == pytest.approx(0.7) and (a + b).n == 3
    assert (a + b - b).squares == pytest.approx(a.squares) and (a + b - b).n == 2
    assert (a + b - b).logits == pytest.approx(a.logits)
    assert b - a == SoftCount()


# ------------------------------------------------------------------ the route


def test_polite_messages_about_the_owner_make_the_pair_personal_and_recent():
    verdict = judge(friction(owner_pair(), colleague()), SETTING, owner="S1")
    assert verdict.personal and not verdict.persistent
    assert verdict.soft is not None and verdict.about is None
    assert verdict.pair.staff_id == "S1" and verdict.soft.chance < 0.001


def test_the_same_in_the_history_period_persists():
    verdict = judge(friction(owner_pair(history=polite(40, 12)), colleague()), SETTING,
                    owner="S1")
    assert verdict.personal and verdict.persistent and verdict.soft is not None


def test_ordinary_probabilities_are_not_personal():
    verdict = judge(friction(owner_pair(recent=polite(30, 1)), colleague()), SETTING,
                    owner="S1")
    assert not verdict.personal


def test_a_client_writing_so_to_the_colleagues_too_is_not_personal_to_the_owner():
    pair = owner_pair(colleagues=polite(30, 10))
    assert soft_personal(pair, friction(pair, colleague()), SETTING) is None


def test_few_colleague_messages_leave_the_persons_own_norm_to_decide():
    pair = owner_pair(colleagues=polite(2, 1))
    found = soft_personal(pair, friction(pair, colleague()), SETTING)
    assert found is not None and found.colleagues_chance is None


def test_a_person_whose_other_clients_write_so_too_is_not_personal_to_one_client():
    pair = owner_pair(staff_others=polite(600, 200))
    assert soft_personal(pair, friction(pair, colleague()), SETTING) is None


def test_an_owner_curt_with_everyone_keeps_the_coaching_note_not_a_pair_decision():
    verdict = judge(friction(owner_pair(curt=(200, 400)), colleague(),
                             portfolio_curt=(300, 3000)), SETTING, owner="S1")
    assert not verdict.personal
    assert "S1" in verdict.staff_friction


def test_analyses_without_probabilities_leave_the_route_silent():
    empty = SoftCount()
    pair = owner_pair(recent=empty, history=empty, colleagues=empty, staff_others=empty)
    counts = friction(pair, colleague(), portfolio=empty)
    assert soft_personal(pair, counts, SETTING) is None
    assert not judge(counts, SETTING, owner="S1").personal


def test_the_route_can_be_switched_off():
    counts = friction(owner_pair(), colleague())
    off = {("reset", "soft_alpha"): 0.0}

    def setting(section: str, name: str):
        return off.get((section, name), SETTING(section, name))

    assert soft_personal(counts.pairs[0], counts, setting) is None


def test_the_decision_states_the_comparison_in_expected_messages():
    counts = friction(owner_pair(), colleague())
    verdict = judge(counts, SETTING, owner="S1")
    decision, strength, reasons = pair_decision(
        FrictionFindings(counts=counts), verdict, SETTING, {"S1": "Anna", "S2": "Marek"}, 1.0)
    assert decision is Decision.RESET and 0.5 <= strength <= 1.0
    first = reasons[0]
    assert first.code == "PERSONAL_EXPECTED"
    assert "3.4 expected of 30" in first.text  # 10 × 0.3 + 20 × 0.02
    assert "to the colleagues 0.4 of 20" in first.text
    assert "Anna's other clients 0.7 per 30" in first.text  # the norm, 0.0228 per message
    assert first.metrics["pair_messages"] == 30
    assert {r.code for r in reasons} >= {"PERSONAL_EXPECTED", "PAIR_FRICTION_RECENT"}
    counts = friction(owner_pair(history=polite(40, 12)), colleague())
    verdict = judge(counts, SETTING, owner="S1")
    decision, _, reasons = pair_decision(
        FrictionFindings(counts=counts), verdict, SETTING, {"S1": "Anna", "S2": "Marek"}, 1.0)
    assert decision is Decision.REASSIGN
    assert "PAIR_FRICTION_PERSISTENT" in {r.code for r in reasons}


# ------------------------------------------------------------------ the counts


def test_friction_counts_sum_the_probabilities_per_pair_and_skip_unknown_ones():
    start = datetime(2026, 3, 1)
    rows = []
    for i, (client, staff, days, p) in enumerate([
            ("C1", "S1", 10, 0.3), ("C1", "S1", 20, 0.1), ("C1", "S1", -30, 0.2),
            ("C1", "S2", 5, 0.05), ("C2", "S1", 3, 0.02), ("C2", "S1", 4, float("nan"))]):
        rows.append({"message_id": f"m{i}", "client_id": client, "pair_staff_id": staff,
                     "sent_at": start + timedelta(days=days), "tone": "neutral",
                     "tone_score": 0.0, "p_complaint_person": p})
    table = friction_columns(pd.DataFrame(rows))
    counts = friction_counts(table, start, labels="new", history_days=180)
    pair = next(p for p in counts["C1"].pairs if p.staff_id == "S1")
    assert pair.soft_personal.expected == pytest.approx(0.4) and pair.soft_personal.n == 2
    assert pair.soft_personal.squares == pytest.approx(0.1)
    assert pair.soft_history_personal.expected == pytest.approx(0.2)
    assert pair.soft_colleagues_personal.expected == pytest.approx(0.05)
    assert pair.soft_colleagues_personal.n == 1
    # the person's other clients: C2's one known probability (the NaN is not a message of it)
    assert pair.soft_staff_others_personal.n == 1
    assert pair.soft_staff_others_personal.expected == pytest.approx(0.02)
    assert counts["C1"].soft_portfolio_personal.n == 5


def test_messages_without_probabilities_give_empty_soft_counts():
    rows = [{"message_id": "m1", "client_id": "C1", "pair_staff_id": "S1",
             "sent_at": datetime(2026, 3, 2), "tone": "neutral", "tone_score": 0.0}]
    counts = friction_counts(friction_columns(pd.DataFrame(rows)), datetime(2026, 3, 1))
    assert counts["C1"].pairs[0].soft_personal == SoftCount()
    assert counts["C1"].soft_portfolio_personal.n == 0
