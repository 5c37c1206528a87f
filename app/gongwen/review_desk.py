"""The reviewer's desk pipeline (``gongwen review``, 文件 ▸ 审阅文件夹…): audit every report
of a folder in parallel processes, then find the recycled text among them and against the
earlier reports.

Each worker process audits a file, makes its desk row and normalises its text for the
comparison, and sends back only those (a row, the paragraph texts, the normalised text) —
never the Document or the Report. The main process indexes each report as it arrives, so
the comparison overlaps the audits; the pairs are verified at the end.

Workers are forked on Linux (a parent that has jieba loaded hands it to them for free) and
spawned elsewhere (macOS and Windows cannot fork safely); ``audit_one`` must then be
picklable: a module-level function or an object such as :class:`CatalogAudit`.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .core.model import Document, Report
from .core.review import (
    EarlierCheck,
    ReviewRow,
    ReviewTable,
    Unreadable,
    attach_pairs,
    body_paragraphs,
    detect_unit,
    review_row,
)
from .core.review_settings import ReviewSettings
from .core.similarity import (
    Comparison,
    Normalised,
    Normaliser,
    Pair,
    Passage,
    SimilarityIndex,
    anchor_keys,
)

AuditOne = Callable[[Path], tuple[Document, Report]]


@dataclass(frozen=True, slots=True)
class Progress:
    """``stage`` is "audit" (``done`` of ``total`` files, ``path`` the last one) or
    "compare" (the pairs are being verified)."""

    stage: str
    done: int
    total: int
    path: str = ""


@dataclass(slots=True)
class ReviewResult:
    table: ReviewTable
    texts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # path → paragraphs
    timings: dict[str, float] = field(default_factory=dict)
    cancelled: bool = False

    @property
    def rows(self) -> list[ReviewRow]:
        return self.table.rows

    @property
    def pairs(self) -> list[Pair]:
        return self.table.pairs

    def to_json(self) -> dict:
        return self.table.to_json()


# ---------------------------------------------------------------- inputs


def collect_inputs(paths: Iterable[str | Path], suffixes: Sequence[str] | None = None) -> list[Path]:
    """Files as given, folders expanded (recursively, sorted; Word's ~$ lock files and
    hidden files skipped) — the same rule as ``gongwen audit DIR``. ``suffixes``: what the
    readers read (formats.READABLE_SUFFIXES: .doc/.wps join once they open)."""
    if suffixes is None:
        from .formats import READABLE_SUFFIXES as suffixes
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*")
                            if p.suffix.lower() in suffixes and p.is_file()
                            and not p.name.startswith(("~$", ".")))
        else:
            found.append(path)
    return found


# ---------------------------------------------------------------- one file (in a worker)


@dataclass(slots=True)
class _Outcome:
    path: str
    earlier: bool
    row: ReviewRow | None = None
    unit: str = ""
    paragraphs: tuple[str, ...] = ()
    normalised: Normalised | None = None
    error: str = ""
    seconds: tuple[float, float] = (0.0, 0.0)  # (audit or read, normalise) in the worker
    keys: tuple | None = None  # anchor_keys(), made by a forked worker (same str hash seed)


def _process(path: str, earlier: bool, audit_one: AuditOne, settings: ReviewSettings,
             normaliser: Normaliser, keys_here: bool = False) -> _Outcome:
    start = time.perf_counter()
    try:
        if earlier:
            from .formats import read_document

            document, row = read_document(path), None
        else:
            document, report = audit_one(Path(path))
            row = review_row(path, document, report, settings)
    except Exception as error:  # one bad file must not stop the folder
        return _Outcome(path, earlier, error=_describe(error))
    audited = time.perf_counter()
    texts = tuple(p.text for p in document.paragraphs)
    normalised = normaliser.normalise(texts, body_paragraphs(document))
    keys = anchor_keys(normalised.text, settings.similarity) if keys_here else None
    unit = row.unit if row else detect_unit(document, settings.unit)
    return _Outcome(path, earlier, row, unit, texts, normalised,
                    seconds=(audited - start, time.perf_counter() - audited), keys=keys)


def _describe(error: Exception) -> str:
    from .formats import FormatError

    if isinstance(error, FormatError):
        return str(error)
    if isinstance(error, OSError):
        from .fileio.errors import describe_os_error

        return f"无法读取：{describe_os_error(error)}"
    return f"检查时出错（{type(error).__name__}：{error}）"


_worker: tuple[AuditOne, ReviewSettings, Normaliser, bool] | None = None


def _start_worker(audit_one: AuditOne, settings: ReviewSettings, keys_here: bool) -> None:
    """Once per worker process. ``keys_here``: the process was forked, so its str hashes
    are the parent's and it can make the index keys itself (in parallel)."""
    global _worker
    _worker = (audit_one, settings, Normaliser(settings.similarity), keys_here)


def _work(path: str, earlier: bool) -> _Outcome:
    assert _worker is not None, "worker not initialised"
    return _process(path, earlier, *_worker)


# ---------------------------------------------------------------- the folder


def default_context() -> multiprocessing.context.BaseContext:
    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")


def review_folder(paths: Iterable[str | Path], audit_one: AuditOne, *,
                  earlier: Iterable[str | Path] = (), workers: int | None = None,
                  progress: Callable[[Progress], None] | None = None,
                  settings: ReviewSettings | None = None, phrases: Iterable[str] = (),
                  cancelled: Callable[[], bool] | None = None,
                  context: multiprocessing.context.BaseContext | None = None) -> ReviewResult:
    """Audit every file of ``paths`` (files or folders) with ``audit_one``, read the
    ``earlier`` reports, and find recycled text. ``workers``: processes (default: one per
    core; 0 runs everything in this process). ``progress`` is called in this thread after
    each file; ``cancelled`` is polled between files (True stops early, keeping what is
    done). ``phrases`` add set phrases (a lexicon) to review.toml's."""
    settings = settings or ReviewSettings()
    current = [str(p) for p in collect_inputs(paths)]
    older = [str(p) for p in collect_inputs(earlier)]
    tasks = [(p, False) for p in current] + [(p, True) for p in older]
    index = SimilarityIndex(settings.similarity, phrases)
    collected = _Collected(index)
    started = time.perf_counter()
    report = progress or (lambda _p: None)
    stop = cancelled or (lambda: False)
    if workers is None:
        workers = min(os.cpu_count() or 1, len(tasks))
    if workers <= 0 or len(tasks) <= 1:
        stopped = _run_here(tasks, audit_one, settings, collected, report, stop)
    else:
        stopped = _run_pool(tasks, audit_one, settings, collected, report, stop, workers,
                            context or default_context())
    audited = time.perf_counter()
    report(Progress("compare", len(tasks), len(tasks)))
    pairs = [] if stopped else index.pairs()
    return _result(current, older, collected, pairs, settings, stopped,
                   {"audit": audited - started, "compare": time.perf_counter() - audited,
                    "index": collected.index_seconds, "worker_audit": collected.audit_seconds,
                    "worker_normalise": collected.normalise_seconds})


@dataclass(slots=True)
class _Collected:
    index: SimilarityIndex
    outcomes: dict[str, _Outcome] = field(default_factory=dict)
    index_seconds: float = 0.0
    audit_seconds: float = 0.0
    normalise_seconds: float = 0.0

    def take(self, outcome: _Outcome) -> None:
        key = ("earlier" if outcome.earlier else "current", outcome.path)
        self.outcomes["\0".join(key)] = outcome
        self.audit_seconds += outcome.seconds[0]
        self.normalise_seconds += outcome.seconds[1]
        if outcome.normalised is not None:
            start = time.perf_counter()
            self.index.add(outcome.path, outcome.normalised, owner=outcome.unit or None,
                           earlier=outcome.earlier, keys=outcome.keys)
            self.index_seconds += time.perf_counter() - start
            outcome.normalised = outcome.keys = None  # the index keeps them

    def get(self, path: str, earlier: bool) -> _Outcome | None:
        return self.outcomes.get("\0".join(("earlier" if earlier else "current", path)))


Tasks = list[tuple[str, bool]]  # (path, is an earlier report)
ProgressFn = Callable[[Progress], None]
Stop = Callable[[], bool]


def _run_here(tasks: Tasks, audit_one: AuditOne, settings: ReviewSettings,
              collected: _Collected, report: ProgressFn, stop: Stop) -> bool:
    """Everything in this process (``workers=0``, or a single file); True when stopped."""
    normaliser = Normaliser(settings.similarity)
    for done, (path, earlier) in enumerate(tasks, 1):
        if stop():
            return True
        collected.take(_process(path, earlier, audit_one, settings, normaliser))
        report(Progress("audit", done, len(tasks), path))
    return False


def _fill_segmenter() -> None:
    """A jieba the parent has loaded is filled whole before the fork: the workers then
    share its tables instead of each filling its own copy."""
    from .core.segment import loaded_segmenter

    segmenter = loaded_segmenter()
    if segmenter is not None:
        segmenter.fill_all()


def _run_pool(tasks: Tasks, audit_one: AuditOne, settings: ReviewSettings,
              collected: _Collected, report: ProgressFn, stop: Stop, workers: int,
              context: multiprocessing.context.BaseContext) -> bool:
    """Worker processes; at most a few tasks per worker queued, so that a cancel takes
    effect at once and a 3,000-file folder does not sit in the queue as 3,000 futures.
    True when stopped."""
    pending: dict[Future, tuple[str, bool]] = {}
    queue = list(reversed(tasks))
    done = 0
    forked = context.get_start_method() == "fork"
    if forked:
        _fill_segmenter()
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                             initargs=(audit_one, settings, forked)) as pool:
        try:
            while queue or pending:
                while queue and len(pending) < workers * 4:
                    task = queue.pop()
                    pending[pool.submit(_work, *task)] = task
                finished, _ = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                if stop():
                    pool.shutdown(wait=False, cancel_futures=True)
                    return True
                for future in finished:
                    path, earlier = pending.pop(future)
                    collected.take(_outcome_of(future, path, earlier))
                    done += 1
                    report(Progress("audit", done, len(tasks), path))
        except BrokenProcessPool:
            for path, earlier in [*pending.values(), *queue]:
                collected.take(_Outcome(path, earlier, error="检查进程意外退出（内存不足？），此文件未检查"))
    return False


def _outcome_of(future: Future, path: str, earlier: bool) -> _Outcome:
    try:
        return future.result()
    except BrokenProcessPool:
        raise
    except Exception as error:  # e.g. a result that could not be sent back
        return _Outcome(path, earlier, error=_describe(error))


def _result(current: list[str], older: list[str], collected: _Collected, pairs: list[Pair],
            settings: ReviewSettings, cancelled: bool, timings: dict[str, float]) -> ReviewResult:
    rows, unreadable, texts, units = [], [], {}, {}
    earlier_done = []
    for paths, earlier in ((current, False), (older, True)):
        for path in paths:
            outcome = collected.get(path, earlier)
            if outcome is None:
                continue
            if outcome.error:
                unreadable.append(Unreadable(path, outcome.error))
                continue
            texts[path] = outcome.paragraphs
            units[path] = outcome.unit
            if earlier:
                earlier_done.append(path)
            elif outcome.row is not None:
                rows.append(outcome.row)
    excerpts = {(str(key), passage_paragraph): texts[str(key)][passage_paragraph]
                for pair in pairs for key, passage_paragraph in _paragraphs_of(pair)
                if str(key) in texts}
    table = ReviewTable(attach_pairs(rows, pairs), pairs, unreadable, earlier_done, units, excerpts)
    return ReviewResult(table, texts, timings, cancelled)


def _paragraphs_of(pair: Pair) -> Iterable[tuple[Any, int]]:
    for passage in pair.passages:
        yield pair.a, passage.a_paragraph
        yield pair.b, passage.b_paragraph


# ---------------------------------------------------------------- one audit, picklable


class CatalogAudit:
    """``audit_one`` for the desk: reads a file (a .docx with its layout facts) and audits
    it through the audit service, with the checklist, profile and layout standard asked for
    (ids or files, as on the command line) and jieba. Built once per process, on its first
    call; it pickles as its parameters only."""

    # The Auditor keeps every paragraph it scanned (a keystroke re-scans one); a folder's
    # reports share few paragraphs, so a fresh one now and then bounds a worker's memory.
    FRESH_AUDITOR_EVERY = 100

    def __init__(self, checklist: str | None = None, profile: str | None = None,
                 user_folder: str | None = None, jieba: bool = True, layout: str | None = None):
        self.checklist, self.profile, self.user_folder, self.jieba, self.layout = (
            checklist, profile, user_folder, jieba, layout)
        self._state: list[Any] | None = None

    def __getstate__(self) -> dict:
        return {"checklist": self.checklist, "profile": self.profile,
                "user_folder": self.user_folder, "jieba": self.jieba, "layout": self.layout,
                "_state": None}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)

    def _ready(self) -> list[Any]:
        """[service, wanted checklist id, audits since the service's auditors were new]."""
        if self._state is None:
            from .service import AuditService

            folder = Path(self.user_folder) if self.user_folder else None
            service, wanted = AuditService.load(self.checklist, self.profile, folder, self.layout)
            if self.jieba:
                service.load_segmenter()
            self._state = [service, wanted, 0]
        return self._state

    def __call__(self, path: Path) -> tuple[Document, Report]:
        from .formats import read_document

        state = self._ready()
        service, wanted, used = state
        if used >= self.FRESH_AUDITOR_EVERY:
            service = state[0] = service.with_profile(service.profile)
            used = 0
        state[2] = used + 1
        audit = service.audit(read_document(path, layout=True), wanted)
        return audit.document, audit.report


# ---------------------------------------------------------------- the editor's comparison


def earlier_check(path: str | Path, settings: ReviewSettings | None = None,
                  phrases: Iterable[str] = ()) -> EarlierCheck:
    """检查 ▸ 与往年报告比对…: read last year's report once; ``check(paragraphs)`` then
    compares the current text with it as often as needed. Raises FormatError (a Chinese
    message) when the file cannot be read."""
    from .formats import read_document

    settings = settings or ReviewSettings()
    document = read_document(path)
    body = set(body_paragraphs(document))
    earlier = [p.text if p.index in body else "" for p in document.paragraphs]
    return EarlierCheck(str(path), Comparison(earlier, settings.similarity, phrases), settings)


def compare_with_file(current_paragraphs: Sequence[str], path: str | Path,
                      settings: ReviewSettings | None = None, phrases: Iterable[str] = ()
                      ) -> tuple[float, list[Passage]]:
    """The current text against last year's report in a file, once: (share, passages)."""
    return earlier_check(path, settings, phrases).comparison.compare(current_paragraphs)
