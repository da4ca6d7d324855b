"""What the app holds between requests: the store, settings, and the latest assessment run
(recomputed only when an import or an override changes the data)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from clientfit import service
from clientfit.domain import Assessment, Decision, Override
from clientfit.errors import ClientfitError, NotFound
from clientfit.store import Store, decisions, web_reads
from clientfit.web.auth import User

T = TypeVar("T")
MEMO_SIZE = 32


@dataclass(frozen=True)
class Settings:
    secret_key: str
    window: str = "12m"
    session_idle_seconds: int = 2 * 3600  # the cookie expires after this long without a request
    session_max_seconds: int = 12 * 3600  # and a login after this long in any case
    secure_cookies: bool = False  # True behind HTTPS
    max_upload_bytes: int = 50 * 1024 * 1024


class WebState:
    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self._lock = threading.Lock()
        self._cached: tuple[Any, service.AssessmentRun | None, str | None] | None = None
        self.uploads: dict[str, dict[str, Any]] = {}
        self._memo: OrderedDict[tuple[Any, ...], Any] = OrderedDict()

    def memo(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """`compute()` once per data version and key (portfolio rows, summaries, charts for one
        visibility and one set of filters); the newest MEMO_SIZE results are kept."""
        self.run()  # the data version the result belongs to
        full = (self._cached[0] if self._cached else None, *key)
        with self._lock:
            if full in self._memo:
                self._memo.move_to_end(full)
                return self._memo[full]
        value = compute()
        with self._lock:
            self._memo[full] = value
            while len(self._memo) > MEMO_SIZE:
                self._memo.popitem(last=False)
        return value

    def run(self) -> tuple[service.AssessmentRun | None, str | None]:
        """The current assessment run, or (None, why) when the store cannot be assessed yet.

        Signals are recomputed only after an import; a new or revoked override is applied to
        the cached run, as `service.assess` applies them."""
        with self.store.reading() as connection:
            version = web_reads.data_version(connection)
        with self._lock:
            if self._cached is None or self._cached[0][0] != version[0]:
                try:
                    run, problem = service.assess(self.store, window=self.settings.window), None
                except ClientfitError as exc:
                    run, problem = None, str(exc)
                self._cached = (version, run, problem)
            elif self._cached[0] != version:
                run = self._cached[1]
                if run is not None:
                    run = self._with_overrides(run)
                self._cached = (version, run, self._cached[2])
            return self._cached[1], self._cached[2]

    def _with_overrides(self, run: service.AssessmentRun) -> service.AssessmentRun:
        with self.store.reading() as connection:
            active = decisions.active_overrides(connection)
        updated = []
        for a in run.assessments:
            row = active.get(a.client_id)
            override = None if row is None else Override(
                decision=Decision(row["decision"]), reason=row["reason"], actor=row["actor"],
                created_at=row["created_at"],
                original_decision=(Decision(row["original_decision"])
                                   if row["original_decision"] else None))
            updated.append(replace(a, override=override))
        return replace(run, assessments=updated)

    def visible(self, user: User) -> list[Assessment]:
        run, _ = self.run()
        if run is None:
            return []
        return [a for a in run.assessments if user.can_see(a.client_id, a.owner)]

    def client(self, user: User, client_id: str) -> tuple[dict[str, Any], Assessment | None]:
        """The client's row and current assessment; NotFound if it does not exist *or* the
        user may not see it (the same answer, so ids of others' clients leak nothing)."""
        with self.store.reading() as connection:
            row = web_reads.client_row(connection, client_id)
        if row is None or not user.can_see(client_id, row["owner_staff_id"]):
            raise NotFound(f"no client with id {client_id!r}")
        run, _ = self.run()
        found = None
        if run is not None:
            found = next((a for a in run.assessments if a.client_id == client_id), None)
        return row, found
