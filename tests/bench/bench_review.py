"""The reviewer's desk at scale: a folder of synthetic reports (~6,000 characters each,
every third a .docx) with planted copies and last year's reports recycled, reviewed the
way ``gongwen review --earlier`` does it: parallel audits, then the comparison.

    .venv/bin/python tests/bench/bench_review.py            # 300 and 3,000 reports
    .venv/bin/python tests/bench/bench_review.py 300        # one size

Budgets (issue 17, printed beside the figures, never asserted): 300 reports ≤ 10 s and
≤ 1 GB, 3,000 reports ≤ 120 s. Each size runs in a fresh process so that its peak RSS is
its own; the comparison is also timed alone (in one process, from texts already read).
"""

from __future__ import annotations

import gc
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parents[1] / "app")]

BUDGETS = {300: 10.0, 3000: 120.0}
MEMORY_BUDGET_MB = 1024


def plan(count: int) -> dict[str, int]:
    """Planted pairs: 1 in 30 reports copied from another unit, 1 in 15 recycled from last
    year's; as many unrelated earlier reports as recycled ones."""
    return {"copies": max(1, count // 30), "recycles": max(1, count // 15),
            "earlier_extra": max(1, count // 15)}


def run_one(count: int, workers: int) -> dict:
    from gongwen.catalog import load_review_settings
    from gongwen.core.similarity import SimilarityIndex
    from gongwen.formats import read_document
    from gongwen.review_desk import CatalogAudit, collect_inputs, review_folder
    from review_corpus import build_folder

    root = Path(tempfile.mkdtemp(prefix="bench-review-"))
    started = time.perf_counter()
    folder = build_folder(root, count=count, chars=6000, seed=11, docx_every=3, **plan(count))
    built = time.perf_counter() - started
    chars = sum(len("\n".join(r.paragraphs)) for p, r in folder.reports.items()
                if folder.current in p.parents)
    folder.reports.clear()  # the generator's copies of the texts: not the review's memory
    gc.collect()
    settings, _ = load_review_settings()
    cpu_before = _cpu()
    started = time.perf_counter()
    result = review_folder([folder.current], CatalogAudit(), earlier=[folder.earlier],
                           workers=workers, settings=settings)
    total = time.perf_counter() - started
    cpu_parent, cpu_workers = (after - before for after, before in zip(_cpu(), cpu_before))
    rss_parent, rss_worker = _peak_mb(resource.RUSAGE_SELF), _peak_mb(resource.RUSAGE_CHILDREN)
    found = {frozenset((str(p.a), str(p.b))) for p in result.pairs}
    figures = {"reports": count, "earlier": len(collect_inputs([folder.earlier])),
               "chars": chars, "build_s": built, "total_s": total, **result.timings,
               "pairs": len(result.pairs), "planted": len(folder.planted),
               "planted_found": len(folder.planted & found),
               "extra_pairs": len(found - folder.planted),
               "unreadable": len(result.table.unreadable),
               "cpu_parent_s": cpu_parent, "cpu_workers_s": cpu_workers,
               "load": os.getloadavg()[0],
               "rss_parent_mb": rss_parent, "rss_largest_worker_mb": rss_worker}
    del result
    # The comparison alone, in this process, from texts read again (reading not timed).
    index = SimilarityIndex(settings.similarity)
    indexing = 0.0
    for earlier, where in ((False, folder.current), (True, folder.earlier)):
        for path in collect_inputs([where]):
            paragraphs = [p.text for p in read_document(path).paragraphs]
            started = time.perf_counter()
            index.add(str(path), paragraphs, earlier=earlier)
            indexing += time.perf_counter() - started
    indexed = time.perf_counter()
    pairs = index.pairs()
    figures.update(alone_index_s=indexing, alone_pairs_s=time.perf_counter() - indexed,
                   alone_pairs=len(pairs))
    return figures


def _cpu() -> tuple[float, float]:
    """CPU seconds (user + system) of this process and of its finished children."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, children.ru_utime + children.ru_stime


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kB on Linux


def show(figures: dict) -> None:
    count = figures["reports"]
    budget = BUDGETS.get(count)
    mark = "" if budget is None else ("✓" if figures["total_s"] <= budget else "✗")
    print(f"\n== {count} reports + {figures['earlier']} earlier, {figures['chars']:,} characters "
          f"(built in {figures['build_s']:.1f} s)")
    print(f"  review_folder total      {figures['total_s']:7.2f} s   budget {budget} s {mark}")
    print(f"    audits (wall)          {figures['audit']:7.2f} s   time in workers (wall, summed): "
          f"audit+read {figures['worker_audit']:.2f} s, normalise {figures['worker_normalise']:.2f} s")
    print(f"    indexing (main, overlapped with audits) {figures['index']:.2f} s")
    print(f"    pairs (after audits)   {figures['compare']:7.2f} s")
    alone = figures["alone_index_s"] + figures["alone_pairs_s"]
    print(f"  comparison alone, 1 process (normalise + index, then pairs): "
          f"{figures['alone_index_s']:.2f} s + {figures['alone_pairs_s']:.2f} s = {alone:.2f} s")
    print(f"  pairs reported {figures['pairs']} (planted {figures['planted']}, found "
          f"{figures['planted_found']}, others {figures['extra_pairs']}); unreadable "
          f"{figures['unreadable']}")
    workers = figures.get("workers", 2)
    peak = figures["rss_parent_mb"] + workers * figures["rss_largest_worker_mb"]
    print(f"  peak RSS: parent {figures['rss_parent_mb']:.0f} MB, largest worker "
          f"{figures['rss_largest_worker_mb']:.0f} MB; ≤ {peak:.0f} MB in all "
          f"(budget {MEMORY_BUDGET_MB} MB {'✓' if peak <= MEMORY_BUDGET_MB else '✗'})")
    share = figures["audit"] / figures["total_s"] if figures["total_s"] else 0
    print(f"  audits are {share:.0%} of the wall time")
    workers = figures.get("workers", 2)
    idle = figures["cpu_workers_s"] / workers + figures["compare"]  # audits spread over the cores
    print(f"  CPU: workers {figures['cpu_workers_s']:.1f} s, parent {figures['cpu_parent_s']:.1f} s "
          f"(load average {figures['load']:.1f} at the end); on {workers} idle cores the audits "
          f"would take ≈ {figures['cpu_workers_s'] / workers:.1f} s wall, the review ≈ {idle:.1f} s")


def main(argv: list[str]) -> int:
    if argv[:1] == ["--one"]:
        figures = run_one(int(argv[1]), int(argv[2]))
        print(json.dumps(figures))
        return 0
    sizes = [int(a) for a in argv] or [300, 3000]
    workers = os.cpu_count() or 1
    print(f"bench_review: {workers} cores, load average {os.getloadavg()[0]:.2f}")
    for count in sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(count), str(workers)],
                             capture_output=True, text=True, check=False)
        if out.returncode:
            print(out.stdout, out.stderr, file=sys.stderr)
            return out.returncode
        figures = json.loads(out.stdout.strip().splitlines()[-1])
        figures["workers"] = workers
        show(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
