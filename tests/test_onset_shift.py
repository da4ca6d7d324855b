""""Is it just me?" when the turn against the owner is shorter than the recent period (read from
its onset, `onset_shift`), and persistence read from the history period's friction on every
route (`history_elevated`)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from clientfit.assessment import load_policy
from clientfit.assessment.friction_rules import pair_decision
from clientfit.assessment.onset import CALM, FRICTION, PERSONAL
from clientfit.assessment.turn import history_elevated, onset_shift, recent_shift
from clientfit.assessment.whose import judge
from clientfit.domain import Count, FrictionCounts, FrictionFindings, PairCounts

SETTING = load_policy().get
RECENT_START = datetime(2026, 5, 1)


def timeline(*runs: tuple[int, int, list[int]]) -> tuple[tuple[datetime, int], ...]:
    """(first day after the recent start, spacing in days, kinds) runs, in time order."""
    return tuple(sorted((RECENT_START + timedelta(days=first + i * spacing), kind)
                        for first, spacing, kinds in runs for i, kind in enumerate(kinds)))


def counted(messages: tuple[tuple[datetime, int], ...], since: datetime, until: datetime
            ) -> tuple[Count, Count]:
    """(friction, about the person) among the messages sent in [since, until)."""
    chosen = [kind for when, kind in messages if since <= when < until]
    return (Count(sum(k != CALM for k in chosen), len(chosen)),
            Count(sum(k == PERSONAL for k in chosen), len(chosen)))


def pair_of(staff_id: str, messages: tuple[tuple[datetime, int], ...], **extra) -> PairCounts:
    history = RECENT_START - timedelta(days=180)
    end = RECENT_START + timedelta(days=91)
    friction, personal = counted(messages, RECENT_START, end)
    earlier, earlier_personal = counted(messages, history, RECENT_START)
    window, _ = counted(messages, datetime(2000, 1, 1), end)
    fields = dict(
        staff_id=staff_id, pair=friction, others=Count(), staff_others=Count(40, 300),
        earlier_pair=earlier, earlier_staff_others=Count(40, 300), personal=personal,
        history_personal=earlier_personal,
        span_personal=Count(personal.hits + earlier_personal.hits, personal.n + earlier.n),
        staff_others_personal=Count(12, 600), window_pair=window,
        window_staff_others=Count(80, 600), staff_curt=Count(100, 400), timeline=messages)
    fields.update(extra)
    return PairCounts(**fields)


def counts(owner: PairCounts, colleague: PairCounts) -> FrictionCounts:
    owner = replace(owner, others=colleague.pair, earlier_others=colleague.earlier_pair,
                    colleagues_personal=colleague.span_personal)
    return FrictionCounts(pairs=(owner, colleague), client=Count(8, 19),
                          portfolio=Count(180, 600), hostile=Count(0, 60), labels="new",
                          portfolio_personal=Count(90, 3000), portfolio_curt=Count(900, 3000),
                          window_portfolio=Count(500, 2000), recent_start=RECENT_START)


# a long good history with the owner, then a calm first half of the recent period, then four
# weeks in which the client writes more, once about the owner (the reader labels only that
# one) and otherwise read as negative
CALM_PAST = (-170, 12, [CALM, FRICTION, CALM, CALM, CALM, CALM, CALM, FRICTION, CALM, CALM,
                        CALM, CALM, CALM, FRICTION, CALM])
CALM_START = (2, 5, [CALM, FRICTION, CALM, CALM, CALM, CALM, FRICTION, CALM, CALM, CALM])
TURN = (60, 4, [FRICTION, PERSONAL, FRICTION, CALM, FRICTION, FRICTION, FRICTION])
# the colleague: ordinary mail, grumpy with everyone for a few weeks early in the recent
# period (a deadline), calm again when the turn against the owner begins
COLLEAGUE = timeline((-170, 15, [CALM, FRICTION, CALM, CALM, CALM, CALM, CALM, CALM, FRICTION,
                                 CALM, CALM, CALM]),
                     (3, 8, [FRICTION, FRICTION, CALM, FRICTION, CALM, FRICTION, CALM, CALM,
                             CALM, CALM]))


def test_a_turn_of_five_weeks_is_read_from_its_onset():
    owner = pair_of("S1", timeline(CALM_PAST, CALM_START, TURN))
    found = counts(owner, pair_of("S2", COLLEAGUE))
    owner = found.pairs[0]
    # over the whole recent period the colleagues' grumpy weeks and the pair's calm first
    # half hide it
    assert recent_shift(owner, found, SETTING) is None
    shift = onset_shift(owner, found, SETTING)
    assert shift is not None and shift.period == "onset"
    assert shift.since is not None and shift.since >= RECENT_START + timedelta(days=55)
    assert shift.chance < SETTING("reset", "turn_alpha")
    verdict = judge(found, SETTING, owner="S1")
    assert verdict.personal and not verdict.persistent and verdict.shift == shift
    decision, _, reasons = pair_decision(FrictionFindings(counts=found), verdict, SETTING,
                                         {"S1": "Anna"}, 1.0)
    assert decision.value == "RESET"
    turn = next(r for r in reasons if r.code == "PERSONAL_TURN")
    assert f"since {shift.since:%Y-%m-%d}" in turn.text
    assert turn.metrics["since"] == shift.since.date().isoformat()


def test_the_same_messages_spread_over_the_recent_period_are_no_turn():
    spread = (2, 5, [CALM, FRICTION, CALM, PERSONAL, CALM, FRICTION, CALM, CALM, FRICTION,
                     CALM, CALM, FRICTION, CALM, FRICTION, CALM, FRICTION, FRICTION])
    found = counts(pair_of("S1", timeline(CALM_PAST, spread)), pair_of("S2", COLLEAGUE))
    assert onset_shift(found.pairs[0], found, SETTING) is None


def test_a_turn_without_a_message_about_the_person_or_shared_by_the_colleagues_is_none():
    quiet = (60, 4, [FRICTION, CALM, FRICTION, CALM, FRICTION, FRICTION, FRICTION])
    found = counts(pair_of("S1", timeline(CALM_PAST, CALM_START, quiet)),
                   pair_of("S2", COLLEAGUE))
    assert onset_shift(found.pairs[0], found, SETTING) is None
    # the client turned against everyone in the same weeks: not the pair's
    sour = timeline((-170, 15, [CALM] * 12), (58, 4, [FRICTION] * 8))
    found = counts(pair_of("S1", timeline(CALM_PAST, CALM_START, TURN)), pair_of("S2", sour))
    assert onset_shift(found.pairs[0], found, SETTING) is None


def test_a_turn_on_a_pair_already_elevated_in_the_history_period_persists():
    # three of the last weeks' messages are labelled about the owner: a turn, on its own counts
    strong = (60, 4, [PERSONAL, PERSONAL, FRICTION, PERSONAL, FRICTION, FRICTION, FRICTION])
    calm = counts(pair_of("S1", timeline(CALM_PAST, CALM_START, strong)),
                  pair_of("S2", COLLEAGUE))
    assert not history_elevated(calm.pairs[0], SETTING)
    verdict = judge(calm, SETTING, owner="S1")
    assert verdict.personal and not verdict.persistent
    # the same weeks after a history period in which 11 of 15 messages to the owner already
    # carried friction (the colleague 2 of 12): the mismatch was there before, REASSIGN
    bad_past = (-170, 12, [FRICTION, FRICTION, CALM, FRICTION, FRICTION, FRICTION, CALM,
                           FRICTION, FRICTION, FRICTION, CALM, FRICTION, FRICTION, FRICTION,
                           CALM])
    found = counts(pair_of("S1", timeline(bad_past, CALM_START, strong)),
                   pair_of("S2", COLLEAGUE))
    assert history_elevated(found.pairs[0], SETTING)
    verdict = judge(found, SETTING, owner="S1")
    assert verdict.personal and verdict.persistent
    decision, _, _ = pair_decision(FrictionFindings(counts=found), verdict, SETTING,
                                   {"S1": "Anna", "S2": "Marek"}, 1.0)
    assert decision.value == "REASSIGN"


def test_the_turn_read_from_its_onset_says_since_when_in_the_users_language():
    from clientfit.web.reason_text import sentence

    owner = pair_of("S1", timeline(CALM_PAST, CALM_START, TURN))
    found = counts(owner, pair_of("S2", COLLEAGUE))
    verdict = judge(found, SETTING, owner="S1")
    _, _, reasons = pair_decision(FrictionFindings(counts=found), verdict, SETTING,
                                  {"S1": "Anna"}, 1.0)
    turn = next(r for r in reasons if r.code == "PERSONAL_TURN")
    since = turn.metrics["since"]
    polish = sentence("PERSONAL_TURN", turn.metrics, {}, currency="PLN", lang="pl",
                      fallback="-", staff_names={"S1": "Anna"})
    english = sentence("PERSONAL_TURN", turn.metrics, {}, currency="PLN", lang="en",
                       fallback="-", staff_names={"S1": "Anna"})
    assert f"od {since}" in polish and "Anna" in polish
    assert english.startswith(f"A recent turn against Anna: since {since} ")


def _dropping(section: str, name: str):
    """The policy with `reset.turn_drop` 1: a turn must survive one mislabelled message."""
    return 1 if (section, name) == ("reset", "turn_drop") else SETTING(section, name)


def test_with_turn_drop_a_single_label_does_not_make_a_turn():
    # the five weeks' turn rests on the one message the reader labels about the owner: read
    # as a mislabel, four negative messages of seven after a calm past are no turn on their own
    one = counts(pair_of("S1", timeline(CALM_PAST, CALM_START, TURN)), pair_of("S2", COLLEAGUE))
    assert onset_shift(one.pairs[0], one, SETTING) is not None  # shipped: off
    assert onset_shift(one.pairs[0], one, _dropping) is None
    assert judge(one, _dropping, owner="S1").personal is False
    # three labels in the same weeks survive losing one
    strong = (60, 4, [PERSONAL, PERSONAL, FRICTION, PERSONAL, FRICTION, FRICTION, FRICTION])
    three = counts(pair_of("S1", timeline(CALM_PAST, CALM_START, strong)),
                   pair_of("S2", COLLEAGUE))
    assert judge(three, _dropping, owner="S1").personal


def test_with_turn_drop_a_recent_turn_on_one_label_needs_the_friction_to_rise_without_it():
    # over the whole recent period: one message about the owner among a few negative ones
    mild = (2, 9, [CALM, FRICTION, FRICTION, PERSONAL, CALM, FRICTION, CALM, FRICTION, CALM,
                   FRICTION])
    found = counts(pair_of("S1", timeline(CALM_PAST, mild)), pair_of("S2", COLLEAGUE))
    owner = found.pairs[0]
    assert owner.personal.hits == 1
    assert recent_shift(owner, found, SETTING) is not None  # the label makes it a turn ...
    assert recent_shift(owner, found, _dropping) is None  # ... not once it may be a mislabel
