"""Audit speed on text the auditor has never seen, family by family.

    python tests/bench/bench_cold.py [--chars 200000] [--repeat 3] [--quick]

The text is real report sentences (../shared/corpus where it sits beside the repository,
else the test fixtures) shuffled into new paragraphs under new headings, every paragraph
unique, so no paragraph cache can serve a repeat. Each run audits it as the app does,
through the audit service (every family on; jieba loaded and a small text audited before
the clock starts) and prints characters per second for the whole audit; then further
unseen texts with each family's scans and review timed (timing costs a little, so it is
kept out of the headline), then the cost of turning the findings into
``gongwen audit --format json``. Budget: ≥ 300k characters/s.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "app"))

from gongwen.cli.common import json_text  # noqa: E402
from gongwen.core.audit import Auditor  # noqa: E402
from gongwen.core.parse import parse_text  # noqa: E402
from gongwen.service import AuditService  # noqa: E402

BUDGET = 300_000  # characters per second
SENTENCE = re.compile(r"[^。！？\n]{8,}[。！？]")
HEADINGS = ("一、", "二、", "三、", "四、", "五、")
TOPICS = ("加强组织领导", "强化理论武装", "抓好阵地建设", "维护网络意识形态安全", "存在问题",
          "下一步工作打算", "做好舆论引导", "分析研判意识形态领域情况")


def sources() -> list[str]:
    folder = REPO.parent / "shared" / "corpus"
    files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if not files:
        files = sorted((REPO / "tests" / "fixtures").glob("*.txt"))
        files += sorted((REPO / "tests" / "accuracy" / "reports").rglob("*.txt"))
    return [f.read_text(encoding="utf-8") for f in files]


def unseen_text(chars: int, seed: int) -> str:
    """Shuffled sentences in paragraphs of 2-6 under numbered headings; each paragraph
    ends with its own number so none repeats."""
    sentences = [s.strip() for text in sources() for s in SENTENCE.findall(text)]
    rng = random.Random(seed)
    lines = [f"某县文化馆{2020 + seed % 5}年上半年意识形态工作总结"]
    size, number = 0, 0
    while size < chars:
        if number % 7 == 0:
            lines.append(f"{HEADINGS[(number // 7) % 5]}{rng.choice(TOPICS)}")
        number += 1
        paragraph = "".join(rng.sample(sentences, rng.randint(2, 6)))
        paragraph = paragraph[:-1] + f"（第{seed}-{number}段）。"
        lines.append(paragraph)
        size += len(paragraph)
    return "\n".join(lines)


class Timed:
    """A family whose scans and review are timed."""

    def __init__(self, family, clock: dict[str, float]):
        self._family, self._clock = family, clock
        for name in ("category", "name", "needs_segmenter", "scans_furniture", "rules", "lists",
                     "thresholds"):
            setattr(self, name, getattr(family, name))

    def scan(self, paragraph, env):
        began = time.perf_counter()
        try:
            return self._family.scan(paragraph, env)
        finally:
            self._clock[self.name] = self._clock.get(self.name, 0.0) + time.perf_counter() - began

    def review(self, ctx):
        began = time.perf_counter()
        try:
            return self._family.review(ctx)
        finally:
            self._clock[self.name] = self._clock.get(self.name, 0.0) + time.perf_counter() - began

    def __getattr__(self, name):
        return getattr(self._family, name)


def one_run(service: AuditService, text: str) -> tuple[float, float, int, float]:
    """The audit of ``text`` as the app runs it, through the audit service (the figure
    held against the budget): wall seconds, JSON seconds, findings, CPU seconds."""
    began, cpu = time.perf_counter(), time.process_time()
    report = service.audit(parse_text(text)).report
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    began = time.perf_counter()
    json_text([report.to_json("x.txt")])
    return seconds, time.perf_counter() - began, len(report.findings), cpu


def timed_run(service: AuditService, text: str) -> dict[str, float]:
    """Another audit with every family's time taken (which costs a little more); "" is
    the whole."""
    from gongwen.core.rules import FAMILIES

    clock: dict[str, float] = {}
    auditor = Auditor(service.catalog.get("ideology-summary"), service.catalog.pack,
                      service.profile, service.segmenter,
                      tuple(Timed(f, clock) for f in FAMILIES), layout=service.catalog.layout)
    began = time.perf_counter()
    auditor.audit(parse_text(text))
    clock[""] = time.perf_counter() - began
    return clock


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chars", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="10k characters, once (CI smoke)")
    args = parser.parse_args()
    chars, repeat = (10_000, 1) if args.quick else (args.chars, args.repeat)
    service, _ = AuditService.load()
    began = time.perf_counter()
    service.load_segmenter()
    print(f"jieba load (not timed below): {time.perf_counter() - began:.2f} s")
    service.audit(parse_text(unseen_text(3_000, 0)))  # what a first audit sets up, untimed
    runs = [one_run(service, unseen_text(chars, seed)) for seed in range(1, repeat + 1)]
    seconds = statistics.median(r[0] for r in runs)
    length = len(unseen_text(chars, 1))
    rate = length / seconds
    status = "ok" if rate >= BUDGET else "MISSED"
    print(f"unseen text: {length} characters, {runs[0][2]} findings")
    print(f"audit: median {seconds:.3f} s = {rate:,.0f} chars/s (budget ≥ {BUDGET:,}) {status}")
    cpu = statistics.median(r[3] for r in runs)
    print(f"  CPU time (what one core did, whatever else runs): {cpu:.3f} s = "
          f"{length / cpu:,.0f} chars/s")
    clocks = [timed_run(service, unseen_text(chars, 100 + seed)) for seed in range(1, repeat + 1)]
    whole = statistics.median(c[""] for c in clocks)
    print(f"  by family (on further unseen texts, each family timed: {whole:.3f} s in all):")
    families = sorted((n for n in clocks[0] if n),
                      key=lambda n: -statistics.median(c.get(n, 0) for c in clocks))
    for name in families:
        spent = statistics.median(c.get(name, 0.0) for c in clocks)
        print(f"  {name:<12} {spent * 1000:8.1f} ms  {length / spent if spent else 0:>14,.0f} chars/s")
    rest = whole - sum(statistics.median(c.get(n, 0.0) for c in clocks) for n in families)
    print(f"  {'(the rest)':<12} {rest * 1000:8.1f} ms  shape, sections, statuses, finishing")
    print(f"JSON of the findings: {statistics.median(r[1] for r in runs) * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
