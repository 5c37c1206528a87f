"""Live checking: debounce edits, audit off the UI thread, drop stale results.

Every change bumps ``generation``; a job carries the generation it was started for and its
result is shown only if nothing changed meanwhile. One job runs at a time (an ``Auditor`` is
not thread-safe); a request arriving while a job runs waits and only the latest one runs.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from ..catalog import Catalog
from ..core.audit import Auditor
from ..core.checklist import Checklist
from ..core.ignores import Ignores
from ..core.model import Document, Finding, Paragraph, Report, Severity
from ..core.parse import assemble, make_paragraph
from ..core.profile import Profile
from .checklist_panel import group_looks, panel_groups
from .highlighter import Mark, MarkCache, Shown, blocks_to_update, share_unchanged
from .outline import outline_entries

# The worker holds the GIL while it audits; the UI thread waits up to this long for it
# whenever it runs Python (a paint event of the editor, a highlighter call). Python's
# default, 5 ms, makes typing in a large draft stutter while a result is computed.
SWITCH_INTERVAL_S = 0.0005
PARAGRAPH_CACHE_LIMIT = 50_000

DEFAULT_DELAY_MS = 120


@dataclass(frozen=True, slots=True)
class Request:
    generation: int
    texts: list[str]
    checklist: str  # "" = detect from the title
    ignores: Ignores
    shown: Shown | None  # what the editor's blocks carried when the request was made


@dataclass(slots=True)
class Result:
    generation: int
    document: Document
    report: Report
    checklist: Checklist
    section_of: list[str | None]  # checklist section id of each paragraph
    marks: dict[int, tuple[Mark, ...]]  # underlines by block number
    seconds: float
    base: Shown | None = None  # the state ``blocks`` was computed against
    shown: Shown | None = None  # what the editor's blocks carry once this result is shown
    blocks: list[int] | None = None  # blocks whose marks differ from ``base``
    outline: tuple[tuple[int, int, str], ...] = ()
    counts: dict[Severity, int] | None = None
    groups: dict[str, tuple[int, list[Finding]]] | None = None  # category: (total, first ones)
    looks: dict[str, list[tuple]] | None = None  # category: row_look of the first ones


def severity_counts(findings: list[Finding]) -> dict[Severity, int]:
    counts = dict.fromkeys(Severity, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return counts


class ParagraphCache:
    """Classified paragraphs by text: a keystroke re-classifies one paragraph."""

    def __init__(self, limit: int = PARAGRAPH_CACHE_LIMIT):
        self._seen: dict[str, Paragraph] = {}
        self._limit = limit

    def parse(self, texts: list[str]) -> Document:
        """Same as ``parse_paragraphs(texts)``."""
        seen, paragraphs = self._seen, []
        for index, text in enumerate(texts):
            paragraph = seen.get(text)
            if paragraph is None:
                paragraph = make_paragraph(index, text)
                if len(seen) >= self._limit:
                    seen.clear()
                seen[text] = paragraph
            elif paragraph.index != index:
                paragraph = Paragraph(index, text, paragraph.role, paragraph.label,
                                      paragraph.heading_end, paragraph.enumerations)
            paragraphs.append(paragraph)
        return assemble(paragraphs)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(int, str)


class _Job:
    def __init__(self, work: Callable[[], Result], generation: int, signals: _Signals):
        self._work, self._generation, self._signals = work, generation, signals

    def run(self) -> None:
        try:
            self._signals.done.emit(self._work())
        except Exception as error:  # shown in the panel, never lost
            traceback.print_exc(file=sys.stderr)
            self._signals.failed.emit(self._generation, f"{type(error).__name__}: {error}")


class _Worker:
    """One thread that runs the jobs handed to it, one at a time.

    Handing a job over only wakes the thread: the UI thread keeps the GIL until its slot
    returns. (``QThreadPool.start`` lets go of the GIL, the new job takes it, and the UI
    thread then waits a switch interval or more to get it back: 2–3 ms a keystroke.)"""

    def __init__(self) -> None:
        self._ready = threading.Condition()
        self._job: _Job | None = None
        self._stopping = False
        self._thread: threading.Thread | None = None

    def start(self, job: _Job) -> None:
        with self._ready:
            self._job, self._stopping = job, False
            self._ready.notify()
            if self._thread is None:  # the first job, or the first after stop()
                self._thread = threading.Thread(target=self._loop, name="live-audit", daemon=True)
                self._thread.start()

    def _loop(self) -> None:
        while True:
            with self._ready:
                self._ready.wait_for(lambda: self._job is not None or self._stopping)
                if self._job is None:
                    self._thread = None
                    return
                job, self._job = self._job, None
            job.run()

    def stop(self, timeout_s: float) -> None:
        """Let the job in hand finish (up to ``timeout_s``) and end the thread."""
        with self._ready:
            self._stopping = True
            self._ready.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join(timeout_s)


class LiveAudit(QObject):
    """Owns the auditors, the debounce timer and the single worker."""

    reportReady = Signal(object)  # Result, current generation only
    failed = Signal(str)
    segmenterReady = Signal()
    _segmenterLoaded = Signal(object)

    def __init__(self, catalog: Catalog, profile: Profile, texts: Callable[[], list[str]],
                 parent: QObject | None = None):
        super().__init__(parent)
        self.catalog, self.profile, self._texts = catalog, profile, texts
        self.generation = 0
        self.checklist = ""
        self.ignores = Ignores()
        self.segmenter: Any = None
        self._auditors: dict[str, Auditor] = {}
        self._paragraphs = ParagraphCache()  # used by the worker only
        self._marks = MarkCache()  # used by the worker only
        self.shown: Shown | None = None  # set by the window when it shows a result
        self._busy = False
        self._waiting: Request | None = None
        self._retired: list[Result] = []  # dropped by the worker before its next job
        self._worker = _Worker()
        self._signals = _Signals(self)
        self._signals.done.connect(self._on_done)
        self._signals.failed.connect(self._on_failed)
        self._segmenterLoaded.connect(self._on_segmenter)
        self._timer = QTimer(self, singleShot=True, interval=DEFAULT_DELAY_MS)
        self._timer.timeout.connect(self.run_now)
        self._soon = QTimer(self, singleShot=True, interval=0)
        self._soon.timeout.connect(self.run_now)
        sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL_S))

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

    def set_profile(self, profile: Profile) -> None:
        self.profile = profile
        self._auditors = {}  # the worker may still hold the old dict: it is replaced, not cleared
        self.refresh()

    def set_catalog(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._auditors = {}
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
        request = Request(self.generation, self._texts(), self.checklist, ignores, self.shown)
        if self._busy:
            self._waiting = request
            return
        self._start(request)

    def _start(self, request: Request) -> None:
        self._busy = True
        auditors, segmenter = self._auditors, self.segmenter
        retired, self._retired = self._retired, []

        def work() -> Result:
            retired.clear()  # freed here, off the UI thread
            return self._audit(request, auditors, segmenter)

        self._worker.start(_Job(work, request.generation, self._signals))

    def retire(self, result: Result | None) -> None:
        """Hand over a result no longer shown: the worker drops it before its next job.
        (Freeing the findings, paragraphs and marks of a 200,000-character draft costs the
        UI thread half a millisecond a keystroke.) It must hold no Qt objects."""
        if result is not None:
            self._retired.append(result)

    def _audit(self, request: Request, auditors: dict[str, Auditor], segmenter: Any) -> Result:
        """Runs in the worker thread."""
        began = time.perf_counter()
        document = self._paragraphs.parse(request.texts)
        if request.checklist in self.catalog.checklists:
            checklist = self.catalog.get(request.checklist)
        else:
            checklist = self.catalog.detect(document.title)
        auditor = auditors.get(checklist.id)
        if auditor is None:
            auditor = auditors[checklist.id] = Auditor(checklist, self.catalog.pack, self.profile)
        if segmenter is not None and auditor.env.segmenter is None:
            auditor.set_segmenter(segmenter)
        report = auditor.audit(document, request.ignores)
        marks = share_unchanged(request.shown, request.texts,
                                self._marks.marks_by_block(report.findings, request.texts))
        title = document.title_index
        shown = Shown(request.texts, marks, title)
        groups = panel_groups(report.findings)
        return Result(request.generation, document, report, checklist, report.section_of, marks,
                      time.perf_counter() - began, request.shown, shown,
                      blocks_to_update(request.shown, request.texts, marks, title),
                      outline_entries(document), severity_counts(report.findings),
                      groups, group_looks(groups))

    def _on_done(self, result: Result) -> None:
        self._finish()
        if result.generation == self.generation:
            self.reportReady.emit(result)

    def _on_failed(self, generation: int, message: str) -> None:
        self._finish()
        if generation == self.generation:
            self.failed.emit(message)

    def _finish(self) -> None:
        self._busy = False
        if self._waiting is not None:
            request, self._waiting = self._waiting, None
            if request.generation == self.generation:
                self._start(request)
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

    def _load_segmenter(self) -> None:
        from ..bundle import app_segmenter

        try:
            segmenter = app_segmenter()
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
        self.segmenter = segmenter
        self.segmenterReady.emit()
        self.refresh()

    def shutdown(self) -> None:
        self._timer.stop()
        self._soon.stop()
        self._waiting = None
        self._worker.stop(5.0)
