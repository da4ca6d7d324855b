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

    When the client's messages carry thread ids, only an outbound message in the same thread
    (or one whose in_reply_to names the inbound message) is a reply; otherwise any later
    outbound message to the client is. Returns columns message_id, responder_id, responded_at,
    responder_staff_id. `msgs` is sorted by sent_at.
    """
    rows = []
    for _, group in msgs.groupby("client_id", sort=False):
        outbound = group[group["direction"] == "out"]
        out_times = outbound["sent_at"].to_numpy()
        threaded = bool(outbound["thread_id"].notna().any())
        for m in group[group["direction"] == "in"].itertuples(index=False):
            first = None
            if threaded and isinstance(m.thread_id, str):
                later = outbound[(outbound["sent_at"] > m.sent_at)
                                 & ((outbound["thread_id"] == m.thread_id)
                                    | (outbound["in_reply_to"] == m.message_id))]
                first = later.iloc[0] if len(later) else None
            elif not threaded or not isinstance(m.thread_id, str):
                k = int(np.searchsorted(out_times, np.datetime64(m.sent_at), side="right"))
                first = outbound.iloc[k] if k < len(outbound) else None
            rows.append((m.message_id,
                         None if first is None else first["message_id"],
                         pd.NaT if first is None else first["sent_at"],
                         None if first is None else first["staff_id"]))
    return pd.DataFrame(rows, columns=["message_id", "responder_id", "responded_at",
                                       "responder_staff_id"])


@dataclass(frozen=True)
class Cadence:
    """The client's own rhythm of writing to us, and how long it has been silent."""

    inbound: int
    usual_gap_days: float
    silence_days: float
    silence_ratio: float
    ghosting: bool
    last_inbound_id: str | None
    we_wrote_last: bool


MIN_INBOUND_FOR_CADENCE = 4
GHOSTING_RATIO = 3.0
GHOSTING_MIN_DAYS = 14.0


def cadence(inbound_times: pd.Series, inbound_ids: pd.Series, last_out: pd.Timestamp | None,
            as_of: pd.Timestamp) -> Cadence:
    """Silence against the client's usual gap: ghosting when the time since its last inbound
    message is at least 3x its median gap between inbound messages and at least 14 days, with
    at least 4 inbound messages to learn the gap from."""
    times = pd.to_datetime(inbound_times).sort_values()
    n = len(times)
    if n == 0:
        return Cadence(0, float("nan"), float("nan"), float("nan"), False, None,
                       last_out is not None)
    last = times.iloc[-1]
    silence = (as_of - last) / pd.Timedelta(days=1)
    gaps = times.diff().dropna() / pd.Timedelta(days=1)
    usual = float(gaps.median()) if len(gaps) else float("nan")
    ratio = silence / usual if usual and usual > 0 else float("nan")
    ghosting = bool(n >= MIN_INBOUND_FOR_CADENCE and ratio >= GHOSTING_RATIO
                    and silence >= GHOSTING_MIN_DAYS)
    last_id = str(inbound_ids.loc[times.index[-1]])
    return Cadence(n, usual, float(silence), float(ratio), ghosting, last_id,
                   last_out is not None and last_out > last)
