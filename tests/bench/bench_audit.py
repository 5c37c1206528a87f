"""Audit throughput on the sample corpus concatenated (~100k characters).

    python tests/bench/bench_audit.py [--repeat 5] [--tiny]

Prints cold (empty per-paragraph cache) and warm (same text again) times; the target is
below 0.5 s for 100k characters once jieba is loaded. Falls back to the test fixtures
where ../shared/corpus is absent; --tiny is the CI smoke run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "app"))

from gongwen.catalog import load_catalog  # noqa: E402
from gongwen.core.audit import Auditor  # noqa: E402
from gongwen.core.parse import parse_text  # noqa: E402
from gongwen.core.segment import load_segmenter  # noqa: E402

TARGET_SECONDS = 0.5


def corpus_text(target_chars: int) -> str:
    folder = REPO.parent / "shared" / "corpus"
    files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    files = files or sorted((REPO / "tests" / "fixtures").glob("*.txt"))
    base = "\n".join(f.read_text(encoding="utf-8") for f in files)
    copies = max(1, round(target_chars / len(base)))
    # every copy's paragraphs differ (a copy number at the end) so the cache cannot help "cold"
    return "\n".join(
        "\n".join(f"{line}第{i}稿" if line.strip() else line for line in base.split("\n"))
        for i in range(copies))


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--tiny", action="store_true", help="a few thousand characters (CI smoke)")
    args = parser.parse_args()
    text = corpus_text(3_000 if args.tiny else 100_000)
    catalog = load_catalog()
    endings = tuple(catalog.pack.words("plain_noun_place_suffixes"))
    load_seconds = timed(lambda: load_segmenter(noun_place_endings=endings))
    segmenter = load_segmenter()
    document = parse_text(text)
    checklist = catalog.get("ideology-summary")
    cold, warm = [], []
    for _ in range(args.repeat):
        auditor = Auditor(checklist, catalog.pack, None, segmenter)
        cold.append(timed(lambda a=auditor: a.audit(parse_text(text))))
        warm.append(timed(lambda a=auditor: a.audit(parse_text(text))))
    chars = len(text)
    print(f"jieba load: {load_seconds:.2f} s")
    print(f"text: {chars} characters, {len(document.paragraphs)} paragraphs")
    for name, values in (("cold", cold), ("warm", warm)):
        median = statistics.median(values)
        print(f"audit {name}: median {median:.3f} s, max {max(values):.3f} s, "
              f"{chars / median:,.0f} chars/s (target < {TARGET_SECONDS} s per 100k)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
