"""Speed of the proofreader (typo family + formulation checks) and of loading its index.

    python tests/bench/bench_proofread.py [--chars 200000] [--repeat 3]

Prints: the index's start-up cost — a cold build (no cache) and a cached load — and
characters per second of (1) the typo family alone, (2) the formulation checks alone, on
about 200,000 characters of unique text (copies of the sample corpus, each paragraph
tagged so that no cache can help), and (3) the whole audit with and without the typo
family. Targets: ≥ 1.5M chars/s for the new families, the whole audit ≥ 300k chars/s,
index load ≤ 150 ms. Falls back to the test fixtures where ../shared/corpus is absent.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "app"))
sys.path.insert(0, str(REPO / "tests" / "bench"))

from corpus import draft_of  # noqa: E402

from gongwen import paths  # noqa: E402
from gongwen.catalog import load_catalog  # noqa: E402
from gongwen.core.audit import Auditor  # noqa: E402
from gongwen.core.parse import parse_text  # noqa: E402
from gongwen.core.rules import FAMILIES  # noqa: E402
from gongwen.core.rules.base import Env  # noqa: E402
from gongwen.core.rules.formulation import scan_formulations  # noqa: E402
from gongwen.core.rules.typo import TypoFamily  # noqa: E402
from gongwen.core.segment import load_segmenter  # noqa: E402
from gongwen.proof_cache import load_proofreader  # noqa: E402


def timed(function) -> float:
    """CPU seconds of this process: on a shared machine wall time measures the neighbours
    too (wall time is printed beside the figures that matter)."""
    start = time.process_time()
    function()
    return time.process_time() - start


def wall(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def startup() -> None:
    with tempfile.TemporaryDirectory() as cache:
        builtin = paths.builtin_checklists()
        cold = wall(lambda: load_proofreader(builtin, None, Path(cache)))
        warm = [wall(lambda: load_proofreader(builtin, None, Path(cache))) for _ in range(5)]
    print(f"index (wall): cold build {cold * 1000:.0f} ms (once, then cached); "
          f"cached load median {statistics.median(warm) * 1000:.1f} ms (budget 150 ms)")


STARTUP_SNIPPET = """
import sys, time
sys.path.insert(0, {app!r})
start = time.process_time()
import gongwen.catalog as catalog
if {without}:
    catalog._attach_proofreader = lambda *args: None
catalog.load_catalog()
print(time.process_time() - start)
"""


def startup_added(repeat: int = 5) -> None:
    """What the proofreader adds to start-up: load_catalog() in a fresh interpreter (imports
    included) with the index cached, against the same without the proofreader."""
    import subprocess

    def run(without: bool) -> float:
        code = STARTUP_SNIPPET.format(app=str(REPO / "app"), without=without)
        values = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                       check=True).stdout) for _ in range(repeat)]
        return statistics.median(values)

    run(False)  # make sure the user cache holds the index
    with_index, without = run(False), run(True)
    print(f"start-up (fresh process, imports + load_catalog, CPU): {with_index * 1000:.0f} ms with the "
          f"proofreader, {without * 1000:.0f} ms without: +{(with_index - without) * 1000:.0f} ms "
          f"(budget 150 ms)")


def family_speed(text: str, repeat: int, segmenter) -> None:
    catalog = load_catalog()
    env = Env(catalog.get("ideology-summary"), catalog.pack, __import__("gongwen").core.profile.Profile(),
              segmenter)
    paragraphs = parse_text(text).paragraphs
    chars = sum(len(p.text) for p in paragraphs)
    family = TypoFamily()
    for name, run in (("typo family", lambda: [family.scan(p, env) for p in paragraphs]),
                      ("formulation checks", lambda: [scan_formulations(p, env) for p in paragraphs])):
        seconds = statistics.median(timed(run) for _ in range(repeat))
        walls = statistics.median(wall(run) for _ in range(repeat))
        print(f"{name}: {chars:,} chars in {seconds * 1000:.0f} ms CPU = {chars / seconds:,.0f} chars/s "
              f"(wall {chars / walls:,.0f} chars/s)")


def audit_speed(text: str, repeat: int, segmenter) -> None:
    catalog = load_catalog()
    checklist = catalog.get("ideology-summary")
    without = tuple(f for f in FAMILIES if f.category != "typo")
    for label, families in (("with typo family", FAMILIES), ("without typo family", without)):
        values = []
        for _ in range(repeat):
            auditor = Auditor(checklist, catalog.pack, None, segmenter, families)
            values.append(timed(lambda a=auditor: a.audit(parse_text(text))))
        seconds = statistics.median(values)
        print(f"whole audit {label}: {len(text) / seconds:,.0f} chars/s CPU (cold cache, unique text)")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chars", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"load average: {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    startup()
    startup_added()
    segmenter = load_segmenter()
    text = draft_of(args.chars, variant=3)
    family_speed(text, args.repeat, segmenter)
    audit_speed(text, args.repeat, segmenter)
    return 0


if __name__ == "__main__":
    sys.exit(main())
