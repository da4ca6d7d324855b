"""Business hours, our first-response times and the client's cadence (ghosting).

Business hours are Monday–Friday 09:00–17:00 in the business's time zone (default UTC; the
store keeps naive UTC datetimes). Elapsed business hours between two instants count only time
inside those hours, so a message at Friday 16:00 answered on Monday 10:00 waited 2 hours.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class BusinessHours:
    """Opening hours for response times and after-hours demands."""

    start_hour: int = 9
    end_hour: int = 17
    weekmask: str = "1111100"  # Monday..Sunday
    tz: str = "UTC"
    holidays: tuple[str, ...] = ()  # ISO dates

    @property
    def hours_per_day(self) -> int:
        return self.end_hour - self.start_hour

    def local(self, utc_naive: pd.Series) -> pd.Series:
        """Naive UTC datetimes as naive local wall-clock times."""
        s = pd.to_datetime(utc_naive)
        if self.tz == "UTC":
            return s
        return s.dt.tz_localize("UTC").dt.tz_convert(self.tz).dt.tz_localize(None)

    def _clock(self, local: pd.Series) -> np.ndarray:
        """Business hours from 1970-01-01 to each local time."""
        t = local.to_numpy(dtype="datetime64[ns]")
        days = t.astype("datetime64[D]")
        open_day = np.is_busday(days, weekmask=self.weekmask, holidays=list(self.holidays))
        full = np.busday_count(np.datetime64("1970-01-01"), days, weekmask=self.weekmask,
                               holidays=list(self.holidays)).astype(float)
        hour = (t - days.astype("datetime64[ns]")) / np.timedelta64(1, "h")
        within = np.clip(hour - self.start_hour, 0, self.hours_per_day) * open_day
        return full * self.hours_per_day + within

    def elapsed(self, start_utc: pd.Series, end_utc: pd.Series) -> np.ndarray:
        """Business hours between each pair of naive UTC datetimes (NaN where end is missing)."""
        start = self.local(start_utc.reset_index(drop=True))
        end = self.local(end_utc.reset_index(drop=True))
        missing = end.isna().to_numpy()
        result = self._clock(start.fillna(pd.Timestamp(0))) * 0.0
        ok = ~missing
        if ok.any():
            result[ok] = self._clock(end[ok]) - self._clock(start[ok])
        result[missing] = np.nan
        return result

    def is_open(self, utc_naive: pd.Series) -> np.ndarray:
        """True for datetimes inside business hours."""
        local = self.local(utc_naive.reset_index(drop=True))
        t = local.to_numpy(dtype="datetime64[ns]")
        days = t.astype("datetime64[D]")
        hour = (t - days.astype("datetime64[ns]")) / np.timedelta64(1, "h")
        open_day = np.is_busday(days, weekmask=self.weekmask, holidays=list(self.holidays))
        return open_day & (hour >= self.start_hour) & (hour < self.end_hour)


def match_responses(msgs: pd.DataFrame) -> pd.DataFrame:
    """For each inbound message, our first outbound message to the same client after it.

    When the client's outbound messages carry thread ids, only an outbound message in the same
    thread (or one whose in_reply_to names the inbound message) is a reply to an inbound
    message that has a thread; otherwise any later outbound message to the client is. Returns
    columns message_id, responder_id, responded_at, responder_staff_id (vectorised with
    `merge_asof`, one pass per rule).
    """
    columns = ["message_id", "responder_id", "responded_at", "responder_staff_id"]
    inbound = msgs.loc[msgs["direction"] == "in", ["message_id", "client_id", "thread_id",
                                                     "sent_at"]]
    outbound = msgs.loc[msgs["direction"] == "out"].rename(columns={
        "message_id": "responder_id", "sent_at": "responded_at",
        "staff_id": "responder_staff_id"}).sort_values("responded_at", kind="stable")
    if inbound.empty:
        return pd.DataFrame(columns=columns)
    reply = ["responded_at", "responder_id", "responder_staff_id"]
    threaded = set(outbound.loc[outbound["thread_id"].notna(), "client_id"])
    by_thread = inbound["client_id"].isin(threaded) & inbound["thread_id"].notna()
    parts = []
    plain = inbound[~by_thread].sort_values("sent_at", kind="stable")
    if len(plain):
        parts.append(pd.merge_asof(
            plain, outbound[["client_id", *reply]], left_on="sent_at", right_on="responded_at",
            by="client_id", direction="forward", allow_exact_matches=False))
    threads = inbound[by_thread].sort_values("sent_at", kind="stable")
    if len(threads):
        in_threads = outbound.loc[outbound["thread_id"].notna(), ["client_id", "thread_id", *reply]]
        same = pd.merge_asof(
            threads, in_threads, left_on="sent_at", right_on="responded_at",
            by=["client_id", "thread_id"], direction="forward", allow_exact_matches=False)
        named = outbound.loc[outbound["in_reply_to"].notna(), ["in_reply_to", *reply]]
        direct = threads[["message_id", "sent_at"]].merge(
            named, left_on="message_id", right_on="in_reply_to", how="inner")
        direct = direct[direct["responded_at"] > direct["sent_at"]].drop_duplicates(
            "message_id", keep="first")
        both = pd.concat([same[["message_id", *reply]], direct[["message_id", *reply]]])
        both = both.sort_values("responded_at", kind="stable", na_position="last")
        parts.append(both.drop_duplicates("message_id", keep="first"))
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    return out[columns].reset_index(drop=True)


# The client's cadence (ghosting), computed in summary.py: see docs/communication.md.
MIN_INBOUND_FOR_CADENCE = 4
GHOSTING_RATIO = 3.0
GHOSTING_MIN_DAYS = 14.0

