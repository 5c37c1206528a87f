"""Review copies with many comments: ``annotate_docx`` time against the number of findings.

    python tests/bench/bench_annotate.py [--sizes 5000,10000,50000]

Each size is a .docx of short paragraphs with ten half-width commas each, audited with the
default checklist; the figure is the time ``annotate_docx`` takes (reading the file again,
splitting runs, one comment per finding, saving). Linear means the time per 1,000 findings
stays flat as the count grows (python-docx's own add_comment scanned every comment on each
call: 5,790 findings took 71 s, 11,610 took 347 s).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "app"))

from gongwen.formats.docx_annotate import annotate_docx  # noqa: E402
from gongwen.formats.docx_draft import save_draft_docx  # noqa: E402
from gongwen.service import AuditService  # noqa: E402

LINE = "开展学习,组织讨论,撰写心得,交流体会,查摆问题,整改落实,总结经验,巩固成果,推广做法,形成制度,完善机制。"


def bench(findings_wanted: int, folder: Path, service) -> tuple[int, float, float]:
    paragraphs = max(1, findings_wanted // LINE.count(","))
    source = folder / f"{findings_wanted}.docx"
    save_draft_docx(["某局2024年意识形态工作总结", "一、工作开展情况", *[LINE] * paragraphs], source)
    from gongwen.formats import read_document

    began = time.perf_counter()
    audit = service.audit(read_document(source))
    audited = time.perf_counter() - began
    began = time.perf_counter()
    annotate_docx(source, folder / f"{findings_wanted}-审阅稿.docx", audit.report, audit.document)
    return len(audit.report.findings), audited, time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="5000,10000,50000")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    service, _ = AuditService.load(user_folder=Path("/nonexistent"))
    print(f"{'findings':>9} {'audit s':>8} {'annotate s':>11} {'s per 1000':>11}")
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            count, audited, annotated = bench(size, Path(folder), service)
            print(f"{count:>9} {audited:>8.2f} {annotated:>11.2f} {annotated / count * 1000:>11.3f}",
                  flush=True)


if __name__ == "__main__":
    main()
