"""The measurements of the bench, each run in a process of its own by run.py:

    python tests/bench/probes.py NAME --work DIR [--repeat N] [--quick]

prints one JSON object as its last line: ``{metric key: [sample, …]}``. NAME is one of
``startup``, ``keystroke``, ``audit``, ``cli``, ``docx``, ``rss``, ``paste``, ``bigfile``.
Keys carry the input size (``keystroke.latency.30000``) so that run.py can label them.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import REPO, corpus_base, draft_of, middle_paragraph, report_texts

sys.path.insert(0, str(REPO / "app"))

Samples = dict[str, list[float]]
KEYSTROKE_SIZES = {False: (30_000, 200_000), True: (3_000, 10_000)}
DOCX_SIZES = {False: (10_000, 100_000), True: (1_000, 5_000)}
CLI_FILES = {False: (16, 60_000), True: (4, 4_000)}
RSS_SIZE = {False: 200_000, True: 10_000}
PASTE_SIZE = {False: 200_000, True: 5_000}
BIG_SIZE = {False: 3_300_000, True: 20_000}  # ≈10 MB of UTF-8
STARTUP_FILE = "city-bureau-2020-h1.txt"
PREVIEW_ENV = "GONGWEN_BENCH_PREVIEW"
TYPED = "进一步加强组织领导压实工作责任"  # typed one character a keystroke
KEYSTROKES_PER_REPEAT = 10  # a p95 needs more than the 7 samples of the other figures
TIMEOUT_S = 120


# ------------------------------------------------------------------ helpers
def isolated_env(work: Path) -> dict[str, str]:
    """The user's folders inside ``work`` (jieba's cache shared by all runs of the bench)."""
    env = dict(os.environ)
    for name in ("CONFIG", "DATA"):
        env[f"GONGWEN_{name}_DIR"] = str(work / f"user-{name.lower()}")
    env["GONGWEN_CACHE_DIR"] = str(work / "cache")
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "app"), env.get("PYTHONPATH", "")])
    return env


def use_isolated_env(work: Path) -> None:
    os.environ.update(isolated_env(work))


def timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


# ------------------------------------------------------------------ start-up
def startup(work: Path, repeat: int, quick: bool) -> Samples:
    """``gongwen FILE`` with GONGWEN_BENCH_STARTUP=1: seconds from process start to the
    window being editable and to the first full checklist (jieba rules included)."""
    source = next((p for p in (REPO.parent / "shared" / "corpus" / STARTUP_FILE,) if p.is_file()), None)
    draft = work / "startup.txt"
    draft.write_text(source.read_text(encoding="utf-8") if source else corpus_base()[:8000],
                     encoding="utf-8")
    env = isolated_env(work)
    env["GONGWEN_BENCH_STARTUP"] = "1"
    samples: Samples = {"startup.editable": [], "startup.checklist": []}
    for run in range(repeat + 1):  # the first run builds jieba's cache: not timed
        began = time.time()
        done = subprocess.run([sys.executable, "-m", "gongwen", str(draft)], env=env,
                              capture_output=True, text=True, timeout=TIMEOUT_S)
        stamps = dict(line.split()[1:3] for line in done.stdout.splitlines()
                      if line.startswith("BENCH "))
        if done.returncode != 0 or set(stamps) != {"editable", "checklist"}:
            raise RuntimeError(f"start-up run failed ({done.returncode}): {done.stdout}{done.stderr}")
        if run:
            samples["startup.editable"].append(float(stamps["editable"]) - began)
            samples["startup.checklist"].append(float(stamps["checklist"]) - began)
    return samples


# ------------------------------------------------------------------ keystroke
def keystroke(work: Path, repeat: int, quick: bool) -> Samples:
    """``repeat`` × 10 characters committed (as an input method does) one by one in the
    middle of the draft, with the debounce at 0: ms until the checklist shows the new result,
    and the UI thread's share of each keystroke (all event dispatch: the key event,
    highlighter, timers, the result slot, painting) as CPU time — the work it did — and as
    wall time, which also counts its waits for the GIL while the worker audits and for a
    core while other processes run."""
    use_isolated_env(work)
    app, window = _bench_window()
    samples: Samples = {}
    for size in KEYSTROKE_SIZES[quick]:
        typed = _type_in_middle(app, window, draft_of(size, variant=size % 97),
                                repeat * KEYSTROKES_PER_REPEAT)
        samples[f"keystroke.latency.{size}"] = typed.latency
        samples[f"keystroke.ui.{size}"] = typed.ui_cpu
        samples[f"keystroke.uiwall.{size}"] = typed.ui_wall
    window.editor.document().setModified(False)
    window.close()
    return samples


def _timed_application():
    """A QApplication that adds up the time the UI thread spends dispatching events: wall
    time (``busy``) and the thread's own CPU time (``cpu``; a thread waiting for the GIL or
    for a core uses none, and the worker's CPU time is its own)."""
    from PySide6.QtWidgets import QApplication

    class TimedApplication(QApplication):
        busy = 0.0
        cpu = 0.0
        longest = 0.0  # the longest single event dispatch (a stall of the window)
        _depth = 0
        _ui_thread = threading.get_ident()
        _began = time.perf_counter()

        def notify(self, receiver, event) -> bool:
            if self._depth or threading.get_ident() != self._ui_thread:
                return super().notify(receiver, event)
            self._depth = 1
            start, start_cpu = time.perf_counter(), time.thread_time()
            try:
                return super().notify(receiver, event)
            finally:
                used = time.thread_time() - start_cpu
                self.cpu += used
                took = time.perf_counter() - start
                self.busy += took
                self.longest = max(self.longest, took)
                self._depth = 0
                if took * 1000 >= SLOW_EVENT_MS:
                    _say_slow(receiver, event, took, used, start - self._began)

    return TimedApplication([sys.argv[0]])


# GONGWEN_BENCH_EVENTS=MS: every UI-thread event dispatch of MS or more is told on stderr
# (ms, of which the UI thread's own CPU time — the rest is waits for the GIL or a core —,
# seconds since the application started, receiver class and name, event type)
SLOW_EVENT_MS = float(os.environ.get("GONGWEN_BENCH_EVENTS") or "inf")


def _say_slow(receiver, event, took: float, cpu: float, at: float) -> None:
    try:
        name = receiver.objectName()
        parent = receiver.parent() if hasattr(receiver, "parent") else None
        if parent is not None and not name.startswith("main"):  # whose viewport, row…
            name += f" in {type(parent).__name__}({parent.objectName()})"
    except RuntimeError:  # deleted meanwhile
        name = "?"
    kind = getattr(event.type(), "name", event.type())
    print(f"SLOW {took * 1000:7.1f} ms (CPU {cpu * 1000:5.1f}) at {at:7.2f} s  {type(receiver).__name__}"
          f"({name}) {kind}", file=sys.stderr, flush=True)


def _bench_window():
    from gongwen.ui.app import create_window, make_application

    app = _timed_application()
    make_application()
    window = create_window(persist=False)
    window.live.delay_ms = 0
    window.resize(1380, 860)
    window.show()
    window.live.service.load_segmenter()  # typing is measured, not jieba's load
    window.live.load_segmenter()
    delay = os.environ.get(PREVIEW_ENV)
    if delay:  # run.py --preview [DELAY_MS]: the page preview open beside the editor
        window.page_tools.set_preview_visible(True)
        if int(delay) >= 0:
            window.page_tools.pane.delay_ms = int(delay)
    return app, window


def _run_until(app, ready: Callable[[], bool], timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not ready():
        if time.monotonic() > deadline:
            raise TimeoutError("no result from the live audit")
        app.processEvents()
        time.sleep(0.002)


def _full_report(window) -> bool:
    result = window.current_result()
    return result is not None and not result.report.pending and not window.live.busy


@dataclass
class Typed:
    latency: list[float] = field(default_factory=list)  # ms, keystroke → checklist updated
    ui_cpu: list[float] = field(default_factory=list)  # ms of UI-thread CPU per keystroke
    ui_wall: list[float] = field(default_factory=list)  # ms of UI-thread dispatch, wall


def _type_in_middle(app, window, text: str, repeat: int) -> Typed:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtGui import QTextCursor

    window.load_text(text)
    _run_until(app, lambda: _full_report(window))
    block = window.editor.document().findBlockByNumber(middle_paragraph(text))
    cursor = QTextCursor(block)
    cursor.setPosition(block.position() + block.length() // 2)
    window.editor.setTextCursor(cursor)
    window.editor.setFocus()
    typed = Typed()
    loop = QEventLoop()
    arrived: list[float] = []

    def on_report(_result) -> None:  # connected after MainWindow.show_result: runs after it
        arrived.append(time.perf_counter())
        loop.quit()

    window.live.reportReady.connect(on_report)
    for index in range(repeat + 2):  # two warm-up keystrokes
        arrived.clear()
        app.busy = app.cpu = 0.0
        began = time.perf_counter()
        _commit(window.editor, TYPED[index % len(TYPED)])
        QTimer.singleShot(TIMEOUT_S * 1000, loop.quit)
        loop.exec()
        if not arrived:
            raise TimeoutError("keystroke: no checklist update")
        QTimer.singleShot(40, loop.quit)  # let the repaint of the view happen
        loop.exec()
        if index >= 2:
            typed.latency.append((arrived[0] - began) * 1000)
            typed.ui_cpu.append(app.cpu * 1000)
            typed.ui_wall.append(app.busy * 1000)
    window.live.reportReady.disconnect(on_report)
    return typed


def _commit(editor, text: str) -> None:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QInputMethodEvent

    event = QInputMethodEvent()
    event.setCommitString(text)
    QCoreApplication.sendEvent(editor, event)


# ------------------------------------------------------------------ peak memory
def rss(work: Path, repeat: int, quick: bool) -> Samples:
    """Peak RSS (VmHWM, MB) of a process that opens the draft, waits for the full checklist
    and types a few characters; one process per sample."""
    samples = []
    for _ in range(repeat):
        done = subprocess.run([sys.executable, __file__, "rss-once", "--work", str(work)]
                              + (["--quick"] if quick else []), env=isolated_env(work),
                              capture_output=True, text=True, timeout=TIMEOUT_S)
        if done.returncode != 0:
            raise RuntimeError(f"rss run failed: {done.stderr}")
        samples.append(json.loads(done.stdout.splitlines()[-1])["value"])
    return {f"rss.{RSS_SIZE[quick]}": samples}


def rss_once(work: Path, _repeat: int, quick: bool) -> dict:
    use_isolated_env(work)
    app, window = _bench_window()
    _type_in_middle(app, window, draft_of(RSS_SIZE[quick], variant=3), 3)
    window.editor.document().setModified(False)
    return {"value": peak_rss_mb()}


def peak_rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ------------------------------------------------------------------ audit throughput
def audit(work: Path, repeat: int, quick: bool) -> Samples:
    """Characters per second of parse + audit of text no auditor has seen (bench_cold's
    shuffled report sentences, a new text each repeat; jieba loaded)."""
    use_isolated_env(work)
    from bench_cold import unseen_text

    from gongwen.catalog import load_catalog
    from gongwen.core.parse import parse_text
    from gongwen.service import AuditService

    service = AuditService(load_catalog())
    service.load_segmenter()
    chars = 3_000 if quick else 200_000
    service.audit(parse_text(unseen_text(3_000, 0)))
    cold = []
    for run in range(repeat):  # through the audit service, as the CLI and the editor audit
        text = unseen_text(chars, run + 1)
        cold.append(len(text) / timed(lambda t=text: service.audit(parse_text(t))))
    return {f"audit.cold.{chars}": cold}


# ------------------------------------------------------------------ gongwen audit DIR
def cli(work: Path, repeat: int, quick: bool) -> Samples:
    """Wall seconds of ``gongwen audit DIR`` over a folder of .docx reports."""
    from gongwen.formats.docx_draft import save_draft_docx

    count, total = CLI_FILES[quick]
    folder = work / f"reports-{count}"
    folder.mkdir(exist_ok=True)
    for number, text in enumerate(report_texts(total, count)):
        save_draft_docx(text.split("\n"), folder / f"report-{number + 1:02d}.docx")
    env = isolated_env(work)
    samples = []
    for run in range(repeat + 1):  # the first run builds jieba's cache: not timed
        began = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "gongwen", "audit", "--fail-on", "never",
                               str(folder)], env=env, capture_output=True, text=True,
                              timeout=TIMEOUT_S)
        seconds = time.perf_counter() - began
        if done.returncode != 0:
            raise RuntimeError(f"gongwen audit failed ({done.returncode}): {done.stderr}")
        if run:
            samples.append(seconds)
    small = work / "small.txt"
    small.write_text(report_texts(3_000, 1)[0], encoding="utf-8")
    one = [_wall([sys.executable, "-m", "gongwen", "audit", "--fail-on", "never", str(small)], env)
           for _ in range(repeat)]
    return {f"cli.{count}.{total}": samples, "cli.small": one}


def _wall(command: list[str], env: dict[str, str]) -> float:
    began = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=TIMEOUT_S)
    if done.returncode != 0:
        raise RuntimeError(f"{command[3:]} failed ({done.returncode}): {done.stderr}")
    return time.perf_counter() - began


# ------------------------------------------------------------------ new text in the editor
def paste(work: Path, repeat: int, quick: bool) -> Samples:
    """A report of text never seen pasted over a short draft (Ctrl+A, Ctrl+V): seconds
    until the checklist is complete, and the longest the UI thread was busy with one event
    meanwhile (ms; the window answers nothing during it)."""
    from bench_cold import unseen_text
    from PySide6.QtGui import QGuiApplication

    use_isolated_env(work)
    app, window = _bench_window()
    size = PASTE_SIZE[quick]
    done, stalls = [], []
    for run in range(repeat):
        window.load_text("开始")
        _run_until(app, lambda: _full_report(window))
        QGuiApplication.clipboard().setText(unseen_text(size, 10 + run))
        app.longest = 0.0
        began = time.perf_counter()
        window.editor.selectAll()
        window.editor.paste()
        _run_until(app, lambda: _full_report(window), TIMEOUT_S)
        done.append(time.perf_counter() - began)
        stalls.append(app.longest * 1000)
    window.editor.document().setModified(False)
    return {f"paste.checklist.{size}": done, f"paste.stall.{size}": stalls}


def bigfile(work: Path, repeat: int, quick: bool) -> Samples:
    """A 10 MB .txt (a merged compilation, ≈3.3M characters never seen): ``gongwen audit``
    wall seconds; and opened in the editor, seconds until the checklist is complete and the
    longest single UI-thread event meanwhile (ms), counting the editor taking in the text
    read (which runs inside the menu's event when a user opens it; here it is called
    outside any). One sample each: it takes a while."""
    from bench_cold import unseen_text

    size = BIG_SIZE[quick]
    path = work / "merged.txt"
    path.write_text(unseen_text(size, 99), encoding="utf-8")
    env = isolated_env(work)
    samples: Samples = {f"bigfile.cli.{size}": [_wall(
        [sys.executable, "-m", "gongwen", "audit", "--fail-on", "never", str(path)], env)]}
    use_isolated_env(work)
    app, window = _bench_window()
    window.load_text("开始")
    _run_until(app, lambda: _full_report(window))
    app.longest = 0.0
    shown = _timed_calls(window.files, "_show_opened")  # inside the menu's event in real use
    began = time.perf_counter()
    window.files.open_file(str(path))
    _run_until(app, lambda: _full_report(window), TIMEOUT_S * 5)
    samples[f"bigfile.checklist.{size}"] = [time.perf_counter() - began]
    samples[f"bigfile.stall.{size}"] = [max(app.longest, *shown) * 1000]
    return samples


def _timed_calls(owner: object, name: str) -> list[float]:
    """The seconds each call of ``owner.name`` takes from now on (the list fills)."""
    function, took = getattr(owner, name), []

    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            took.append(time.perf_counter() - start)

    setattr(owner, name, timed)
    return took


# ------------------------------------------------------------------ .docx
def docx(work: Path, repeat: int, quick: bool) -> Samples:
    """Seconds to export a clean copy (export_docx) and to read it back (read_docx);
    python-docx is imported once before the samples."""
    use_isolated_env(work)
    from gongwen.core.parse import parse_text
    from gongwen.formats.docx_export import ExportOptions, export_docx
    from gongwen.formats.docx_reader import read_docx
    from gongwen.service import AuditService

    service, _ = AuditService.load()
    forced = ExportOptions(force=True)
    samples: Samples = {}
    for size in DOCX_SIZES[quick]:
        report = service.audit(parse_text(draft_of(size, variant=5))).report
        out = work / f"export-{size}.docx"
        export_docx(report.document, report, out, forced)  # warm-up: imports
        samples[f"docx.export.{size}"] = [timed(lambda r=report, o=out:
                                                export_docx(r.document, r, o, forced))
                                          for _ in range(repeat)]
        samples[f"docx.import.{size}"] = [timed(lambda o=out: read_docx(o)) for _ in range(repeat)]
    return samples


PROBES: dict[str, Callable[[Path, int, bool], dict]] = {
    "startup": startup, "keystroke": keystroke, "audit": audit, "cli": cli, "docx": docx,
    "rss": rss, "rss-once": rss_once, "paste": paste, "bigfile": bigfile,
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("probe", choices=sorted(PROBES))
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    result = PROBES[args.probe](args.work, args.repeat, args.quick)
    print(json.dumps(result))
    sys.stdout.flush()
    os._exit(0)  # no Qt teardown: it is not what is measured


if __name__ == "__main__":
    main()
