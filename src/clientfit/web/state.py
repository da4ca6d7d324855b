"""What the app holds between requests: the store, settings, the latest assessment run
(recomputed only when an import or an override changes the data), short-lived copies of the
data version and of users, and the rendered responses of the hot pages."""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from clientfit import service
from clientfit.domain import Assessment, Decision, Override
from clientfit.errors import ClientfitError, NotFound
from clientfit.store import Store, decisions, web_reads
from clientfit.web.auth import User
from clientfit.web.errors import WebError
from clientfit.web.throttle import LoginThrottle

T = TypeVar("T")
MEMO_SIZE = 32
RUNNING = "The assessment is running; this page refreshes by itself."


class AssessmentRunning(WebError):
    """The first assessment of the store is still being computed (JSON answers 503 with
    Retry-After; the portfolio page answers at once and refreshes itself)."""

    status = 503


@dataclass(frozen=True)
class Settings:
    secret_key: str
    window: str = "12m"
    session_idle_seconds: int = 2 * 3600  # the cookie expires after this long without a request
    session_max_seconds: int = 12 * 3600  # and a login after this long in any case
    secure_cookies: bool = False  # True behind HTTPS
    max_upload_bytes: int = 50 * 1024 * 1024
    # The data version and users (role, grants, disabled) are read from the store at most this
    # often; every write request through the app forgets them at once. Changes made outside
    # the app (the CLI) are seen within this many seconds. 0 reads them on every request.
    recheck_seconds: float = 1.0
    response_cache_bytes: int = 64 * 1024 * 1024  # rendered pages kept per data version


@dataclass(frozen=True)
class Cached:
    """A rendered response: body, media type and a strong validator (ETag) of the body."""

    body: bytes
    media_type: str
    etag: str
    headers: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, body: bytes, media_type: str, headers: tuple[tuple[str, str], ...] = ()
           ) -> Cached:
        return cls(body, media_type, hashlib.blake2b(body, digest_size=12).hexdigest(), headers)


class ResponseCache:
    """Rendered bytes by (data version, key), least recently used first out, bounded in bytes.
    A new data version empties it: old pages can never be served again."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[tuple[Any, ...], Cached] = OrderedDict()
        self._version: Any = None
        self._size = 0
        self._lock = threading.Lock()

    def get(self, version: Any, key: tuple[Any, ...]) -> Cached | None:
        with self._lock:
            if version != self._version:
                return None
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, version: Any, key: tuple[Any, ...], value: Cached) -> None:
        if len(value.body) > self.max_bytes // 4:
            return
        with self._lock:
            if version != self._version:
                self._items.clear()
                self._size, self._version = 0, version
            old = self._items.pop(key, None)
            self._size += len(value.body) - (len(old.body) if old else 0)
            self._items[key] = value
            while self._size > self.max_bytes:
                _, dropped = self._items.popitem(last=False)
                self._size -= len(dropped.body)

    def __len__(self) -> int:
        return len(self._items)


class WebState:
    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self._lock = threading.Lock()
        self._cached: tuple[Any, service.AssessmentRun | None, str | None] | None = None
        self._computing = False
        self._version: tuple[float, tuple[Any, ...]] | None = None
        self._users: dict[Any, tuple[float, User | None]] = {}
        self.uploads: dict[str, dict[str, Any]] = {}
        self._memo: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self.responses = ResponseCache(settings.response_cache_bytes)
        self._known: dict[tuple[Any, ...], Any] = {}
        self.logins = LoginThrottle()

    # -- what changed since the last look -------------------------------------------------
    def forget(self) -> None:
        """Read the data version and users from the store again on the next request (called
        after every write request that went through the app)."""
        self._version = None
        self._users.clear()

    def data_version(self) -> tuple[Any, ...]:
        """The store's data version (imports, overrides), read at most every recheck_seconds."""
        now = time.monotonic()
        seen = self._version
        if seen is not None and now - seen[0] < self.settings.recheck_seconds:
            return seen[1]
        with self.store.reading() as connection:
            version = web_reads.data_version(connection)
        self._version = (now, version)
        return version

    def serving_version(self) -> tuple[Any, ...]:
        """The data version the pages answer for: the store's, or while an import is being
        assessed, the version of the run still shown."""
        version = self.data_version()
        cached = self._cached
        if self._computing and cached is not None and cached[0][0] != version[0]:
            return cached[0]
        return version

    def fresh_user(self, key: Any) -> tuple[bool, User | None]:
        """(True, user) when the user behind `key` (a user id or a token digest) was loaded
        less than recheck_seconds ago; (False, None) when it must be read from the store."""
        seen = self._users.get(key)
        if seen is not None and time.monotonic() - seen[0] < self.settings.recheck_seconds:
            return True, seen[1]
        return False, None

    def remember_user(self, key: Any, user: User | None) -> None:
        if len(self._users) > 10_000:
            self._users.clear()
        self._users[key] = (time.monotonic(), user)

    def known_request(self, key: tuple[Any, ...]) -> Any:
        """What the app answered to this exact request before (render.FastPath)."""
        return self._known.get(key)

    def remember_request(self, key: tuple[Any, ...], known: Any) -> None:
        if len(self._known) > 20_000:
            self._known.clear()
        self._known[key] = known

    # -- the assessment --------------------------------------------------------------------
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

    @property
    def running(self) -> bool:
        """True while the first assessment is being computed (no run to show yet)."""
        cached = self._cached
        return self._computing and (cached is None or cached[1] is None)

    def version_of_run(self) -> Any:
        """The data version the current run reflects (a cache key), after `run()`."""
        cached = self._cached
        return cached[0] if cached else None

    def run(self) -> tuple[service.AssessmentRun | None, str | None]:
        """The current assessment run, or (None, why) when the store cannot be assessed yet.

        Signals are recomputed only after an import; a new or revoked override is applied to
        the cached run, as `service.assess` applies them. While one thread computes, the others
        do not wait: they get the previous run, or (None, RUNNING) before the first one."""
        version = self.data_version()
        with self._lock:
            cached = self._cached
            if cached is not None and cached[0] == version:
                return cached[1], cached[2]
            if cached is not None and cached[0][0] == version[0]:
                run = cached[1]
                if run is not None:
                    run = self._with_overrides(run)
                self._cached = (version, run, cached[2])
                return run, cached[2]
            if self._computing:
                return (cached[1], cached[2]) if cached is not None else (None, RUNNING)
            self._computing = True
        try:
            try:
                run, problem = service.assess(self.store, window=self.settings.window), None
            except ClientfitError as exc:
                run, problem = None, str(exc)
            with self._lock:
                self._cached = (version, run, problem)
                self._memo.clear()
        finally:
            self._computing = False
        return self.run()  # overrides made meanwhile

    def warm(self) -> threading.Thread:
        """Compute the assessment in a background thread (requests meanwhile do not wait)."""
        thread = threading.Thread(target=self.run, name="clientfit-assess", daemon=True)
        thread.start()
        return thread

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
            if override != a.override:
                a = replace(a, override=override)
            updated.append(a)
        return replace(run, assessments=updated)

    def visible(self, user: User) -> list[Assessment]:
        run, _ = self.run()
        if run is None:
            return []
        if user.is_admin:
            return list(run.assessments)
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
