"""The audit service while it loads: the editor opens and takes typing before the
checklists, rule packs and their regexes are loaded (about 0.3 s of imports and parsing
that the first paint does not need).

A ``PendingService`` stands where the window keeps its ``AuditService``. Any attribute
asked of it waits for the service and answers for it; the first thread that asks does
the loading — normally the live audit's worker, running the first audit — so the UI
thread waits only when the user reaches for the checklists in the first moment (the
checklist menu, 单位信息…, a new draft's skeleton). Loading runs once; its SetupError is
kept and raised to every later asker. Listeners hear the outcome once, on the loading
thread (a Qt signal carries it to the UI thread).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..service import AuditService

Listener = Callable[["AuditService | None", "BaseException | None"], None]


def load_default_service() -> AuditService:
    """The service a start-up uses: the built-in and user checklists, the saved profile."""
    from ..service import AuditService

    service, _ = AuditService.load()
    return service


class PendingService:
    def __init__(self, load: Callable[[], AuditService] = load_default_service):
        self._load = load
        self._lock = threading.Lock()
        self._done = False
        self._service: AuditService | None = None
        self._error: BaseException | None = None
        self._listeners: list[Listener] = []

    @property
    def ready(self) -> bool:
        """Loaded (or failed): asking no longer waits."""
        return self._done

    def resolve(self) -> AuditService:
        """The service, loaded here if no other thread has started; raises its SetupError."""
        with self._lock:
            first = not self._done
            if first:
                try:
                    self._service = self._load()
                except Exception as error:  # SetupError, or a damaged install's own error
                    self._error = error
                self._done = True
                listeners, self._listeners = self._listeners, []
        if first:  # outside the lock: a listener may ask the service again
            for listener in listeners:
                with contextlib.suppress(RuntimeError):  # its window was closed meanwhile
                    listener(self._service, self._error)
        if self._error is not None:
            raise self._error
        assert self._service is not None
        return self._service

    def when_loaded(self, listener: Listener) -> None:
        """``listener(service, error)`` once the load ends (now, if it has)."""
        with self._lock:
            if not self._done:
                self._listeners.append(listener)
                return
        listener(self._service, self._error)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # copy/pickle probes (and a half-built one) must not load
            raise AttributeError(name)
        return getattr(self.resolve(), name)
