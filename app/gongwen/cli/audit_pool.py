"""``gongwen audit`` of many files: the first is read and audited in this process — it
imports python-docx and fills the lazy jieba buckets and regexes every file needs — and,
when enough files are left and there are cores to run them, the rest go to worker
processes forked from this one (they inherit the service, jieba and those warm caches for
free; spawning would load everything again per worker). A few files, one core, no fork
(macOS, Windows) or a review copy to write: all in this process. Results come back in
input order either way.
"""

from __future__ import annotations

import dataclasses
import gc
import os
import signal
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported when workers are wanted (multiprocessing: ~25 ms)
    from concurrent.futures import Future

PARALLEL_MIN_FILES = 4  # files left after the first; fewer run here (forking costs ~30 ms)

Progress = Callable[[float], None]


@dataclass(slots=True)
class FileAudit:
    """One input's outcome: its audit, or the Chinese message of why it could not be read."""

    path: Path
    audit: Any = None  # service.Audit
    error: str = ""
    notices: tuple[str, ...] = ()
    runaway: tuple[str, ...] = ()  # user rules a worker disabled (``RulePack.runaway``)


def audit_one(service: Any, wanted: str, path: Path, progress: Progress | None = None) -> FileAudit:
    from ..formats import FormatError, open_document

    try:
        opened = open_document(path, layout=True)
    except FormatError as error:
        return FileAudit(path, error=str(error))
    return FileAudit(path, service.audit(opened.document, wanted, progress=progress),
                     notices=tuple(opened.notices))


def workers_for(files: int, idle: float | None = None) -> int:
    """Processes for ``files`` left to audit: 0 (here) unless forking pays — it costs CPU
    (each worker warms some tables again), so it needs a core other programs leave idle
    beside this one. ``idle``: the cores idle while this process started (``IdleCores``);
    None: unknown, every core is taken as free."""
    if files < PARALLEL_MIN_FILES or not sys.platform.startswith("linux"):
        return 0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    spare = cores - 1 if idle is None else min(idle, cores - 1)
    return min(1 + int(spare + 0.5), files) if spare >= MIN_IDLE_CORES else 0


MIN_IDLE_CORES = 0.5


class IdleCores:
    """How many cores sat idle between ``IdleCores()`` and ``now()`` (Linux's /proc/stat):
    measured over this process's own start-up, it says whether another core is free now
    — a load average would still count what ran a minute ago."""

    def __init__(self):
        self._start = _cpu_ticks()

    def now(self) -> float | None:
        end = _cpu_ticks()
        if self._start is None or end is None:
            return None
        (busy0, idle0, cores), (busy1, idle1, _) = self._start, end
        total = (busy1 - busy0) + (idle1 - idle0)
        return cores * (idle1 - idle0) / total if total > 0 else None


def _cpu_ticks() -> tuple[int, int, int] | None:
    """(busy, idle, cores) ticks of all cores so far; None off Linux."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            lines = stat.read().splitlines()
    except OSError:
        return None
    fields = [int(v) for v in lines[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    cores = sum(1 for line in lines if line.startswith("cpu") and line[3:4].isdigit())
    return sum(fields[:8]) - idle, idle, cores or 1


def audit_files(service: Any, wanted: str, paths: list[Path], parallel: bool = True,
                started: Callable[[int, Path], Progress | None] | None = None,
                idle: IdleCores | None = None) -> Iterator[FileAudit]:
    """Each of ``paths`` audited, in order. ``started(number, path)`` is told when a file's
    turn comes here (it may return a progress callback for that file's audit); ``idle``,
    started when the run began, says whether other cores are free for workers."""
    tell = started or (lambda _n, _p: None)
    for number, path in enumerate(paths[:1], 1):
        yield audit_one(service, wanted, path, tell(number, path))
    rest = paths[1:]
    workers = workers_for(len(rest), idle.now() if idle is not None else None) if parallel else 0
    if not workers:
        for number, path in enumerate(rest, 2):
            yield audit_one(service, wanted, path, tell(number, path))
        return
    yield from _in_workers(service, wanted, rest, workers, tell)


# what a forked worker audits with: set in the parent just before the fork
_JOB: tuple[Any, str] | None = None


def _in_workers(service: Any, wanted: str, paths: list[Path], workers: int,
                tell: Callable[[int, Path], Any]) -> Iterator[FileAudit]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _JOB
    _JOB = (service, wanted)
    # the workers' collections would walk (and so copy, page by page) every object this
    # process holds — jieba's tables above all; frozen, they stay shared
    gc.freeze()
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_quiet_worker)
    try:
        futures = [pool.submit(_audit_in_worker, str(path)) for path in paths]
        for number, (path, future) in enumerate(zip(paths, futures, strict=True), 2):
            tell(number, path)
            yield _collected(service, wanted, path, future)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _JOB = None
        gc.unfreeze()


def _quiet_worker() -> None:
    """Ctrl+C is the parent's to handle (it stops the run and says 已中断 once)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _audit_in_worker(path: str) -> tuple:
    assert _JOB is not None, "a worker forked without its job"
    service, wanted = _JOB
    return (*_portable(audit_one(service, wanted, Path(path))), tuple(service.catalog.pack.runaway()))


def _portable(outcome: FileAudit) -> tuple:
    """What a worker sends back: the audited document without its sources (they point into
    the .docx's XML, which neither pickles nor is needed to report), the report, and the
    checklist by id (the parent has the same catalog)."""
    audit = outcome.audit
    if audit is None:
        return (outcome.error, outcome.notices, None)
    document = dataclasses.replace(audit.document, sources=[])
    report = dataclasses.replace(audit.report, document=document)
    choice = audit.choice
    return ("", outcome.notices, (document, report, choice.checklist.id, choice.reason, choice.detected))


def _collected(service: Any, wanted: str, path: Path, future: Future) -> FileAudit:
    from concurrent.futures.process import BrokenProcessPool

    try:
        error, notices, audited, runaway = future.result()
    except BrokenProcessPool:  # a worker died (out of memory?): this file is done here
        return audit_one(service, wanted, path)
    if audited is None:
        return FileAudit(path, error=error, notices=notices, runaway=runaway)
    from ..service import Audit, Choice

    document, report, checklist_id, reason, detected = audited
    choice = Choice(service.catalog.checklists[checklist_id], reason, detected)
    return FileAudit(path, Audit(document, report, choice), notices=notices, runaway=runaway)
