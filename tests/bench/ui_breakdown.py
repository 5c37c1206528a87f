"""Where the UI thread's time per keystroke goes: the keystroke probe of run.py (the same
draft, the same commits in the middle of it, the same window), with the UI thread's CPU
time split by receiver and event type — nested dispatches (the paint events inside a
window's UpdateRequest) on their own rows, each with its exclusive and inclusive time.

    python tests/bench/ui_breakdown.py [--size 30000] [--keys 40] [--top 25] [--profile]

``--profile`` adds a cProfile of the keystrokes (the Python side: slots, the highlighter,
the layout's overrides). The slowest keystrokes are listed with their largest events.
Figures only: nothing is asserted.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import probes  # the bench's own window and typing
from corpus import draft_of

Key = tuple[int, str, str, str]  # depth, receiver class, object name, event type


class Breakdown:
    """Exclusive and inclusive CPU seconds and counts per Key, and per keystroke the
    top-level events with their CPU time."""

    def __init__(self) -> None:
        self.exclusive: dict[Key, float] = defaultdict(float)
        self.inclusive: dict[Key, float] = defaultdict(float)
        self.count: dict[Key, int] = defaultdict(int)
        self.keystrokes: list[list[tuple[float, str]]] = []
        self.recording = False


def breakdown_application(breakdown: Breakdown):
    """probes._timed_application's QApplication, recording the breakdown as well."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    stack: list[float] = []  # per open dispatch: CPU time of the dispatches inside it

    class BreakdownApplication(QApplication):
        busy = cpu = longest = 0.0
        _ui_thread = threading.get_ident()

        def notify(self, receiver, event) -> bool:
            if threading.get_ident() != self._ui_thread:
                return super().notify(receiver, event)
            start, start_cpu = time.perf_counter(), time.thread_time()
            stack.append(0.0)
            try:
                return super().notify(receiver, event)
            finally:
                took, inner = time.thread_time() - start_cpu, stack.pop()
                if stack:
                    stack[-1] += took
                else:
                    self.cpu += took
                    wall = time.perf_counter() - start
                    self.busy += wall
                    self.longest = max(self.longest, wall)
                if breakdown.recording:
                    self._record(receiver, event, took, inner)

        def _record(self, receiver, event, took: float, inner: float) -> None:
            try:
                name = receiver.objectName()
            except RuntimeError:  # deleted meanwhile
                name = ""
            kind = QEvent.Type(event.type()).name if event.type() in QEvent.Type else str(event.type())
            key = (len(stack), type(receiver).__name__, name, kind)
            breakdown.exclusive[key] += took - inner
            breakdown.inclusive[key] += took
            breakdown.count[key] += 1
            if not stack and breakdown.keystrokes:
                breakdown.keystrokes[-1].append((took, f"{key[1]} {kind}"))

    return BreakdownApplication([sys.argv[0]])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=30_000, help="characters in the draft")
    parser.add_argument("--keys", type=int, default=40, help="keystrokes measured")
    parser.add_argument("--top", type=int, default=25, help="rows of the table")
    parser.add_argument("--profile", action="store_true", help="also a cProfile of the keystrokes")
    args = parser.parse_args()
    breakdown = Breakdown()
    probes._timed_application = lambda: breakdown_application(breakdown)
    profile = cProfile.Profile() if args.profile else None
    commit, warm_up = probes._commit, [2]

    def measured_commit(editor, text: str) -> None:
        if warm_up[0]:  # _type_in_middle's two warm-up keystrokes are not measured
            warm_up[0] -= 1
        else:
            breakdown.recording = True
            breakdown.keystrokes.append([])
            if profile is not None:
                profile.enable()
        commit(editor, text)

    probes._commit = measured_commit
    with tempfile.TemporaryDirectory(prefix="gongwen-breakdown-") as work:
        probes.use_isolated_env(Path(work))
        app, window = probes._bench_window()
        typed = probes._type_in_middle(app, window, draft_of(args.size, variant=args.size % 97),
                                       args.keys)
        breakdown.recording = False
        if profile is not None:
            profile.disable()
        report(breakdown, typed.ui_cpu, args)
        if profile is not None:
            pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
        window.editor.document().setModified(False)
        sys.stdout.flush()
        os._exit(0)  # no Qt teardown


def report(breakdown: Breakdown, ui_cpu: list[float], args) -> None:
    keys = len(ui_cpu)
    ordered = sorted(ui_cpu)
    print(f"{args.size} characters, {keys} keystrokes: UI-thread CPU per keystroke median "
          f"{ordered[keys // 2]:.2f} ms, p95 {p95(ordered):.2f} ms")
    print(f"\n{'excl ms':>8} {'incl ms':>8} {'count':>6}  (per keystroke)  depth receiver event")
    rows = sorted(breakdown.inclusive, key=lambda k: -breakdown.inclusive[k])[:args.top]
    for key in rows:
        depth, receiver, name, kind = key
        print(f"{breakdown.exclusive[key] / keys * 1000:8.3f} {breakdown.inclusive[key] / keys * 1000:8.3f} "
              f"{breakdown.count[key] / keys:6.2f}  {'  ' * depth}{receiver}"
              f"{f' ({name})' if name else ''} {kind}")
    print("\nslowest keystrokes (ms): their largest top-level events")
    slowest = sorted(breakdown.keystrokes, key=lambda events: -sum(t for t, _ in events))[:5]
    for events in slowest:
        largest = ", ".join(f"{what} {took * 1000:.1f}" for took, what in sorted(events, reverse=True)[:4])
        print(f"{sum(t for t, _ in events) * 1000:6.1f}  {largest}")


def p95(ordered: list[float]) -> float:
    from run import percentile

    return percentile(ordered, 0.95)


if __name__ == "__main__":
    sys.exit(main())
