"""Login throttling: per account and per client address, with exponential back-off.

Each key (an account name as typed, case-folded, and a client address) counts its failed
logins. The first `free` failures cost nothing; after that each failure locks the key for
`base_seconds × 2^(failures − free)`, at most `cap_seconds`. A login attempt while either key is
locked is refused before the password is checked — the same answer whether the account exists
or not, so throttling reveals no user names. A successful login clears the account's count (not
the address's: one valid account must not reset an address that is guessing others). A key
with no failure for `forget_seconds` starts again from zero.

Counts live in the process's memory (one uvicorn process: `clientfit serve`); several worker
processes would each count on their own (docs/web.md)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

MAX_KEYS = 100_000


@dataclass
class _Count:
    failures: int = 0
    last: float = 0.0
    locked_until: float = 0.0
    refusal_logged: bool = False


@dataclass(frozen=True)
class Verdict:
    wait_seconds: float  # 0: go ahead
    key: str  # "account" or "address": which one is locked
    first_refusal: bool  # the first refusal of this lock (log it once, not every attempt)


class LoginThrottle:
    def __init__(self, *, free_per_account: int = 5, free_per_address: int = 20,
                 base_seconds: float = 1.0, cap_seconds: float = 900.0,
                 forget_seconds: float = 3600.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.free = {"account": free_per_account, "address": free_per_address}
        self.base_seconds = base_seconds
        self.cap_seconds = cap_seconds
        self.forget_seconds = forget_seconds
        self.clock = clock
        self._counts: dict[tuple[str, str], _Count] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _keys(username: str, address: str | None) -> list[tuple[str, str]]:
        return [("account", username.strip().casefold()[:200]),
                ("address", (address or "unknown")[:100])]

    def _count(self, key: tuple[str, str], now: float) -> _Count:
        found = self._counts.get(key)
        if found is not None and now - found.last > self.forget_seconds:
            found = None
        if found is None:
            if len(self._counts) >= MAX_KEYS:
                self._forget_old(now)
            found = self._counts[key] = _Count(last=now)
        return found

    def _forget_old(self, now: float) -> None:
        stale = [k for k, c in self._counts.items() if now - c.last > self.forget_seconds
                 and c.locked_until <= now]
        for key in stale:
            del self._counts[key]
        if len(self._counts) >= MAX_KEYS:  # under a flood of new keys: keep memory bounded
            self._counts.clear()

    def check(self, username: str, address: str | None) -> Verdict:
        """Whether a login attempt may be checked now."""
        now = self.clock()
        with self._lock:
            for key in self._keys(username, address):
                found = self._counts.get(key)
                if found is not None and found.locked_until > now:
                    first = not found.refusal_logged
                    found.refusal_logged = True
                    return Verdict(found.locked_until - now, key[0], first)
        return Verdict(0.0, "", False)

    def failed(self, username: str, address: str | None) -> float:
        """Count a failed login; the seconds the account or address is now locked for."""
        now = self.clock()
        wait = 0.0
        with self._lock:
            for key in self._keys(username, address):
                found = self._count(key, now)
                found.failures += 1
                found.last = now
                over = found.failures - self.free[key[0]]
                if over > 0:
                    delay = min(self.base_seconds * 2 ** min(over - 1, 30), self.cap_seconds)
                    found.locked_until = now + delay
                    found.refusal_logged = False
                    wait = max(wait, delay)
        return wait

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._counts.pop(self._keys(username, None)[0], None)
