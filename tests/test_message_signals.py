"""Per-client and per-pair communication signals from a messages DataFrame."""

# ruff: noqa: E501

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from clientfit.signals.message_signals import communication_signals
from clientfit.signals.message_summary import COLUMNS as SIGNAL_COLUMNS
from clientfit.signals.response_timing import BusinessHours
from clientfit.signals.tone_trend import change_point, slope_per_month
from clientfit.text.messages import analyze_messages

COLUMNS = ["message_id", "client_id", "staff_id", "direction", "sent_at", "subject", "body",
           "thread_id"]


def frame(rows: list[tuple]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=COLUMNS)
    df["sent_at"] = pd.to_datetime(df["sent_at"])
    df["channel"], df["language"], df["in_reply_to"] = "email", None, None
    return df


ROWS = [
    # c1 with staff s1: a repeated question, a late reply, an after-hours demand.
    ("m1", "c1", "s1", "in", "2024-03-04 10:00", "Report", "When will we get the monthly report?", "t1"),
    ("m2", "c1", "s1", "in", "2024-03-11 10:00", "Report", "When do we get the monthly report? Still nothing.", "t2"),
    ("m3", "c1", "s1", "out", "2024-03-11 15:00", "Re: Report", "Sorry for the delay, attached.", "t2"),
    ("m4", "c1", "s1", "in", "2024-03-15 20:00", "Discount", "We expect a 20% discount. ASAP.", "t3"),
    ("m5", "c1", "s1", "out", "2024-03-18 10:00", "Re: Discount", "Let us talk on Monday.", "t3"),
    # c1 with staff s2: one threat.
    ("m6", "c1", "s2", "in", "2024-03-20 11:00", "Contract", "We are cancelling our contract.", "t4"),
    # c2: a happy client that went quiet.
    ("m7", "c2", "s2", "in", "2024-01-02 10:00", "Thanks", "Thank you for the great work!", "t5"),
    ("m8", "c2", "s2", "in", "2024-01-09 10:00", "Launch", "Great job on the launch, thanks a lot.", "t6"),
    ("m9", "c2", "s2", "in", "2024-01-16 10:00", "Report", "Brilliant report, thank you.", "t7"),
    ("m10", "c2", "s2", "in", "2024-01-23 10:00", "Invoice", "Could you send the invoice?", "t8"),
    ("m11", "c2", "s2", "out", "2024-01-23 11:00", "Re: Invoice", "Sure, attached.", "t8"),
    # After as_of: ignored.
    ("m12", "c2", "s2", "in", "2024-05-01 10:00", "Late", "This is unacceptable.", "t9"),
]


@pytest.fixture(scope="module")
def signals():
    return communication_signals(frame(ROWS), datetime(2024, 4, 1))


def by(df: pd.DataFrame, **keys) -> pd.Series:
    mask = np.ones(len(df), dtype=bool)
    for k, v in keys.items():
        mask &= (df[k] == v).to_numpy()
    assert mask.sum() == 1
    return df[mask].iloc[0]


def test_counts_and_evidence_ids(signals) -> None:
    c1 = by(signals.per_client, client_id="c1")
    assert c1["n_inbound"] == 4 and c1["n_outbound"] == 2
    assert c1["complaints"] == 1 and c1["complaint_ids"] == ("m2",)
    assert c1["demands"] == 1 and c1["demand_ids"] == ("m4",)
    assert set(c1["demand_kinds"]) >= {"discount", "urgency"}
    assert c1["threats"] == 1 and c1["threat_ids"] == ("m6",) and c1["threat_kinds"] == ("cancel",)
    assert c1["apologies"] == 1 and c1["apology_ids"] == ("m3",)
    assert c1["negative_share"] == pytest.approx(3 / 4)
    assert set(c1["negative_ids"]) == {"m2", "m4", "m6"}
    c2 = by(signals.per_client, client_id="c2")
    assert c2["praise"] == 3 and c2["praise_ids"] == ("m7", "m8", "m9")
    assert c2["n_inbound"] == 4  # m12 is after as_of
    assert "m12" not in set(signals.messages["message_id"])


def test_pairs_split_the_client(signals) -> None:
    pairs = signals.per_pair
    assert set(zip(pairs["client_id"], pairs["staff_id"], strict=True)) == {
        ("c1", "s1"), ("c1", "s2"), ("c2", "s2")}
    assert by(pairs, client_id="c1", staff_id="s1")["threats"] == 0
    assert by(pairs, client_id="c1", staff_id="s2")["threat_ids"] == ("m6",)


def test_repeated_question_and_whether_the_first_was_answered(signals) -> None:
    c1 = by(signals.per_client, client_id="c1")
    assert c1["repeated_questions"] == 1 and c1["repeated_question_ids"] == ("m2",)
    assert c1["repeated_unanswered_ids"] == ("m2",)
    assert by(signals.messages, message_id="m2")["repeat_of"] == "m1"


def test_response_times_in_business_hours(signals) -> None:
    c1 = by(signals.per_client, client_id="c1")
    # m2 Mon 10:00 -> 15:00 = 5 h; m4 Fri 20:00 -> Mon 10:00 = 1 business hour.
    assert sorted(signals.messages.set_index("message_id").loc[["m2", "m4"], "response_hours"]) \
        == [1.0, 5.0]
    assert c1["response_median_hours"] == pytest.approx(3.0)
    assert c1["response_ids"] == ("m2", "m4")
    # m1 (its own thread, never answered) and m6 (a threat, no reply) wait.
    assert set(c1["unanswered_ids"]) == {"m1", "m6"}


def test_after_hours_demand_and_ghosting(signals) -> None:
    c1 = by(signals.per_client, client_id="c1")
    assert c1["after_hours_demand_ids"] == ("m4",)
    c2 = by(signals.per_client, client_id="c2")
    assert c2["usual_gap_days"] == pytest.approx(7.0)
    assert c2["ghosting"] and c2["ghosting_ids"] == ("m10",) and c2["we_wrote_last"]
    assert not c1["ghosting"]


def test_business_hours_clock() -> None:
    h = BusinessHours()
    start = pd.Series(pd.to_datetime(["2024-03-15 16:00", "2024-03-16 12:00", "2024-03-18 08:00"]))
    end = pd.Series(pd.to_datetime(["2024-03-18 10:00", "2024-03-18 09:30", "2024-03-19 08:00"]))
    assert list(h.elapsed(start, end)) == [2.0, 0.5, 8.0]
    warsaw = BusinessHours(tz="Europe/Warsaw")  # 08:30 UTC is 09:30 in Warsaw in March
    assert list(warsaw.is_open(pd.Series(pd.to_datetime(["2024-03-18 08:30"])))) == [True]
    assert list(h.is_open(pd.Series(pd.to_datetime(["2024-03-18 08:30"])))) == [False]


def test_trend_and_change_point() -> None:
    days = np.arange(0, 120, 10, dtype=float)
    scores = np.r_[np.full(6, 0.6), np.full(6, -0.6)] + np.tile([0.05, -0.05], 6)
    assert slope_per_month(days, scores) < -0.2
    cp = change_point(scores)
    assert cp.index == 6 and cp.delta == pytest.approx(-1.2, abs=0.05)
    assert change_point(np.tile([0.1, -0.1], 6)).index is None
    assert np.isnan(slope_per_month(np.array([0.0, 1.0, 2.0]), np.array([0.1, 0.2, 0.3])))


def test_tone_change_point_reaches_the_client_row() -> None:
    rows = []
    for i in range(12):
        body = "Great work, thank you!" if i < 6 else "This is unacceptable, we are very disappointed."
        rows.append((f"x{i}", "c9", "s9", "in", f"2024-0{1 + i // 4}-{1 + 7 * (i % 4):02d} 10:00",
                     "Update", body, f"t{i}"))
    out = communication_signals(frame(rows), datetime(2024, 5, 1)).per_client.iloc[0]
    assert out["tone_change_point"] and out["tone_change_ids"] == tuple(f"x{i}" for i in range(6, 12))
    assert out["tone_slope_per_month"] < 0


def test_cadence_needs_enough_history() -> None:
    rows = [("g1", "c", "s", "in", "2024-01-01 10:00", "Hi", "Could you send the file?", "a"),
            ("g2", "c", "s", "in", "2024-01-08 10:00", "Hi", "Could you send the deck?", "b")]
    row = communication_signals(frame(rows), datetime(2024, 6, 1)).per_client.iloc[0]
    assert not row["ghosting"] and row["silence_days"] > 100
    assert row["usual_gap_days"] == pytest.approx(7.0)


def test_short_message_takes_the_thread_language() -> None:
    rows = [("a", "c", "s", "in", "2024-01-02 10:00", "Faktura",
             "Dzień dobry, kiedy dostaniemy poprawioną fakturę za marzec?", "t"),
            ("b", "c", "s", "in", "2024-01-02 11:00", "Re: Faktura", "OK", "t")]
    out = analyze_messages(frame(rows))
    assert list(out["lang"]) == ["pl", "pl"]


def test_bad_input_is_rejected() -> None:
    with pytest.raises(ValueError, match="body"):
        communication_signals(frame(ROWS).drop(columns=["body"]), datetime(2024, 4, 1))
    bad = frame(ROWS)
    bad.loc[0, "direction"] = "sideways"
    with pytest.raises(ValueError, match="direction"):
        communication_signals(bad, datetime(2024, 4, 1))


def test_a_client_saying_it_asks_again_is_a_repeat() -> None:
    rows = [("q1", "c", "s", "in", "2024-03-01 10:00", "Audyt", "Kiedy audyt będzie gotowy?", "a"),
            ("q2", "c", "s", "in", "2024-03-08 10:00", "Audyt",
             "Nadal czekam na odpowiedź w sprawie audytu. Co z tym?", "b")]
    out = communication_signals(frame(rows), datetime(2024, 4, 1))
    row = out.per_client.iloc[0]
    assert row["repeated_question_ids"] == ("q2",) and row["repeated_unanswered_ids"] == ("q2",)


def test_questions_repeat_only_within_thirty_days() -> None:
    q = "When will we get the monthly report?"
    rows = [("r1", "c", "s", "in", "2024-01-02 10:00", "Report", q, "a"),
            ("r2", "c", "s", "in", "2024-03-01 10:00", "Report", q, "b"),
            ("r3", "c", "s", "in", "2024-03-15 10:00", "Report", q, "c")]
    out = communication_signals(frame(rows), datetime(2024, 4, 1))
    assert out.per_client.iloc[0]["repeated_question_ids"] == ("r3",)


def test_empty_window_gives_empty_tables_with_the_columns() -> None:
    empty = frame([]).iloc[0:0]
    out = communication_signals(empty, datetime(2024, 4, 1))
    assert out.per_client.empty and out.per_pair.empty
    assert list(out.per_client.columns) == ["client_id", *SIGNAL_COLUMNS]
    assert list(out.per_pair.columns) == ["client_id", "staff_id", *SIGNAL_COLUMNS]


def test_client_we_only_wrote_to() -> None:
    rows = [("o1", "c", "s", "out", "2024-03-01 10:00", "Invoice", "Invoice attached.", "a")]
    row = communication_signals(frame(rows), datetime(2024, 4, 1)).per_client.iloc[0]
    assert row["n_inbound"] == 0 and row["n_outbound"] == 1
    assert np.isnan(row["negative_share"]) and not row["ghosting"] and row["we_wrote_last"]


def test_every_signal_column_is_documented() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "communication.md").read_text()
    documented = set(re.findall(r"`([a-z0-9_]+)`", doc))
    assert set(SIGNAL_COLUMNS) <= documented, set(SIGNAL_COLUMNS) - documented
