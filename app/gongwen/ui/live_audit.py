"""Live checking: debounce edits, audit off the UI thread, drop stale results.

Every change bumps ``generation``; a job carries the generation it was started for and its
result is shown only if nothing changed meanwhile. One job runs at a time (an ``Auditor`` is
not thread-safe); a request arriving while a job runs waits and only the latest one runs.
"""

from __future__ import annotations

import contextlib
import dataclasses
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from ..core.ignores import Ignores
from .latest_job import LatestJobThread
from .view_model import LiveModel, Request, Result

if TYPE_CHECKING:
    from ..service import AuditService

# The worker holds the GIL while it audits; the UI thread waits up to this long for it
# whenever it runs Python (a paint event of the editor, a highlighter call). Python's
# default, 5 ms, makes typing in a large draft stutter while a result is computed.
SWITCH_INTERVAL_S = 0.0005
DEFAULT_DELAY_MS = 120


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(int, str)


class _Job:
    def __init__(self, work: Callable[[], Result], generation: int, signals: _Signals):
        self._work, self._generation, self._signals = work, generation, signals

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as error:  # shown in the panel, never lost
            traceback.print_exc(file=sys.stderr)
            _emit_unless_gone(self._signals.failed, self._generation,
                              f"{type(error).__name__}: {error}")
            return
        _emit_unless_gone(self._signals.done, result)


def _emit_unless_gone(signal, *values: Any) -> None:
    """The window was closed while the worker audited: its signals are gone, and so is
    anyone to show the result to."""
    with contextlib.suppress(RuntimeError):
        signal.emit(*values)


class LiveAudit(QObject):
    """Owns the service in use, the debounce timer and the single worker."""

    reportReady = Signal(object)  # Result, current generation only
    failed = Signal(str)
    segmenterReady = Signal()
    _segmenterLoaded = Signal(object)

    def __init__(self, service: AuditService, texts: Callable[[], list[str]],
                 parent: QObject | None = None):
        super().__init__(parent)
        self.service, self._texts = service, texts
        self.generation = 0
        self.checklist = ""
        self.ignores = Ignores()
        self.layout_source: tuple[list[str], Any] | None = None  # an opened .docx's 版式 facts
        self.earlier: Any = None  # last year's report to compare with (core.review.EarlierCheck)
        self.segmenter: Any = None
        self._model = LiveModel()  # used by the worker only
        self.shown = None  # view_model.Shown: set by the window when it shows a result
        self._busy = False
        self._idle_held = False  # ``idle_held``: the worker's idle work waits
        self._waiting: Request | None = None
        self._retired: list[Result] = []  # dropped by the worker before its next job
        self._worker = LatestJobThread("live-audit", _Job.run, idle=self._warm_step)
        self._signals = _Signals(self)
        self._signals.done.connect(self._on_done)
        self._signals.failed.connect(self._on_failed)
        self._segmenterLoaded.connect(self._on_segmenter)
        self._timer = QTimer(self, singleShot=True, interval=DEFAULT_DELAY_MS)
        self._timer.timeout.connect(self.run_now)
        self._soon = QTimer(self, singleShot=True, interval=0)
        self._soon.timeout.connect(self.run_now)
        sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL_S))

    @property
    def catalog(self):
        return self.service.catalog

    @property
    def profile(self):
        return self.service.profile

    # ------------------------------------------------------------ settings
    @property
    def delay_ms(self) -> int:
        return self._timer.interval()

    @delay_ms.setter
    def delay_ms(self, value: int) -> None:
        self._timer.setInterval(max(0, int(value)))

    @property
    def busy(self) -> bool:
        return (self._busy or self._timer.isActive() or self._soon.isActive()
                or self._waiting is not None)

    def set_checklist(self, checklist_id: str) -> None:
        self.checklist = checklist_id
        self.refresh()

    def set_service(self, service: AuditService) -> None:
        """A new profile or catalog: the worker may still use the old service, so it is
        replaced, never changed."""
        self.service = service
        self.refresh()

    def set_ignores(self, ignores: Ignores) -> None:
        self.ignores = ignores
        self.refresh()

    # ------------------------------------------------------------ scheduling
    def changed(self) -> None:
        """The text changed: results in flight are stale; audit after the delay."""
        self.generation += 1
        self._timer.start()

    def refresh(self) -> None:
        """Something other than the text changed: audit again as soon as possible."""
        self.generation += 1
        self._timer.stop()
        self._soon.start()

    def run_now(self) -> None:
        self._timer.stop()
        self._soon.stop()
        ignores = Ignores(set(self.ignores.rules), set(self.ignores.spots), set(self.ignores.words))
        request = Request(self.generation, self._texts(), self.checklist, ignores, self.shown,
                          self.service, self.segmenter, self.layout_source, self.earlier)
        if self._busy:
            self._waiting = request
            return
        self._start(request)

    def _start(self, request: Request) -> None:
        self._busy = True
        model = self._model
        retired, self._retired = self._retired, []

        def work() -> Result:
            retired.clear()  # freed here, off the UI thread
            return model.compute(request)

        self._worker.submit(_Job(work, request.generation, self._signals))

    def retire(self, result: Result | None) -> None:
        """Hand over a result no longer shown: the worker drops it before its next job.
        (Freeing the findings, paragraphs and marks of a 200,000-character draft costs the
        UI thread half a millisecond a keystroke.) It must hold no Qt objects."""
        if result is not None:
            self._retired.append(result)

    def _on_done(self, result: Result) -> None:
        self._busy = False
        if result.generation == self.generation:
            self.reportReady.emit(result)  # the window shows it: ``shown`` is now its state
        self._next()

    def _on_failed(self, generation: int, message: str) -> None:
        self._busy = False
        if generation == self.generation:
            self.failed.emit(message)
        self._next()

    def _next(self) -> None:
        """Start the request that waited, compared against what the editor shows now."""
        if self._waiting is None:
            return
        request, self._waiting = self._waiting, None
        if request.generation == self.generation:
            self._start(dataclasses.replace(request, shown=self.shown))
        elif not (self._timer.isActive() or self._soon.isActive()):
            self.run_now()

    # ------------------------------------------------------------ jieba
    def load_segmenter(self) -> None:
        """Load jieba in a background thread (it holds the GIL for ~0.6 s)."""
        from ..core.segment import loaded_segmenter

        ready = loaded_segmenter()
        if ready is not None:
            self._on_segmenter(ready)
            return
        threading.Thread(target=self._load_segmenter, name="jieba-loader", daemon=True).start()

    @contextlib.contextmanager
    def idle_held(self) -> Iterator[None]:
        """No idle work on the worker meanwhile (a file being read: the reader, the worker
        and the window would share two cores and the GIL); it goes on after the next job."""
        self._idle_held = True
        try:
            yield
        finally:
            self._idle_held = False

    def _warm_step(self) -> bool:
        """The worker's idle work: jieba's tables for the commonest characters, a step at a
        time (the first long text pasted or opened would fill them: 0.2 s at 200k)."""
        segmenter = self.segmenter
        if segmenter is None or self._idle_held:
            return False
        try:
            return segmenter.warm_step()
        except Exception:  # a table not filled now is filled when a text needs it
            return False

    def _load_segmenter(self) -> None:
        from ..bundle import app_segmenter

        endings = tuple(self.service.catalog.pack.words("plain_noun_place_suffixes"))
        try:
            segmenter = app_segmenter(endings)
        except Exception as error:
            traceback.print_exc(file=sys.stderr)
            self._emit_safely(self.failed, f"分词词典加载失败：{error}")
            return
        self._emit_safely(self._segmenterLoaded, segmenter)

    @staticmethod
    def _emit_safely(signal, value: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the window was closed while jieba loaded
            signal.emit(value)

    def _on_segmenter(self, segmenter: Any) -> None:
        self.segmenter = segmenter  # handed to the service by the worker with the next request
        self.segmenterReady.emit()
        self.refresh()

    def shutdown(self) -> None:
        self._timer.stop()
        self._soon.stop()
        self._waiting = None
        self._worker.stop(5.0)
