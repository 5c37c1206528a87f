"""``gongwen audit PATH…``: audit files or whole folders; a text or JSON report; optionally
a review copy of each .docx with a Word comment on each finding (``--annotate OUTDIR``,
named and remembered as ``review_copies`` says)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.model import Report, Severity
from .common import Progress, fail, iter_inputs, json_text, setup
from .review_copies import REVIEW_SUFFIX, Records, review_target
from .text_report import render_file, render_summary

NAME = "audit"
FAIL_LEVELS = ("error", "warning", "never")
__all__ = ["REVIEW_SUFFIX", "add_parser", "fails", "review_path", "run"]


def add_parser(sub) -> None:
    audit = sub.add_parser(NAME, help="检查一个或多个文件（或文件夹）")
    audit.add_argument("--checklist", help="检查清单 id 或 .toml 文件路径（默认按标题自动识别）")
    audit.add_argument("--profile", help="单位信息 .toml 文件")
    audit.add_argument("--layout", metavar="ID|PATH",
                       help="版式标准 id 或 .toml 文件路径（默认 gbt9704；只检查 .docx）")
    audit.add_argument("--format", choices=("text", "json"), default="text")
    audit.add_argument("--fail-on", choices=FAIL_LEVELS, default="error")
    audit.add_argument("--annotate", metavar="OUTDIR",
                       help="为每个 .docx 在 OUTDIR 写出带批注的审阅稿（原文件不变）")
    audit.add_argument("paths", nargs="+", metavar="PATH")
    audit.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from .audit_pool import IdleCores, audit_files

    idle = IdleCores()  # over the set-up: are other cores free for workers?
    service, wanted = setup(args)
    records = Records()
    problems: list[str] = []
    skipped: list[Path] = []

    def skip(path: Path) -> bool:  # a review copy gongwen wrote is not audited again
        if path.suffix.lower() == ".docx" and records.is_review_copy(path):
            skipped.append(path)
            return True
        return False

    inputs = list(iter_inputs(args.paths, problems, skip))
    for problem in problems:
        print(f"错误：{problem}", file=sys.stderr)
    if skipped:
        print(f"提示：跳过了 {len(skipped)} 份公文审稿台写出的审阅稿", file=sys.stderr)
    if not inputs:
        return 2 if problems else fail("没有找到可检查的 .txt、.docx、.doc 或 .wps 文件")
    service.load_segmenter()
    results, status = [], 2 if problems else 0
    annotator = Annotator(args.annotate, args.paths, records) if args.annotate else None
    progress = Progress()
    runaway: list[str] = []  # user rules the workers disabled

    def started(number: int, path: Path):
        label = f"正在检查 {number}/{len(inputs)}：{path.name}"
        progress.show(label)
        return lambda done: progress.show(f"{label}（{done:.0%}）")

    # review copies are written from the documents as read: those stay in this process
    for outcome in audit_files(service, wanted, inputs, parallel=annotator is None, started=started,
                               idle=idle):
        path = outcome.path
        runaway += outcome.runaway
        if outcome.error:
            progress.clear()
            print(f"错误：{outcome.error}", file=sys.stderr)
            status = 2
            continue
        for notice in outcome.notices:
            progress.clear()
            print(f"提示：{path.name}：{notice}", file=sys.stderr)
        audit = outcome.audit
        results.append((path, audit))
        if annotator is not None and not annotator.write(path, audit, progress):
            status = 2
        if fails(audit.report, args.fail_on) and status == 0:
            status = 1
    progress.clear()
    if annotator is not None:
        records.save()
    for notice in dict.fromkeys([*service.catalog.pack.runaway(), *runaway]):
        print(f"警告：{notice}", file=sys.stderr)
    if args.format == "json":
        print(json_text([a.report.to_json(str(p)) for p, a in results]))
    else:
        ids = list(service.catalog.checklists)
        for path, audit in results:
            print(render_file(path, audit.document, audit.report, audit.choice,
                              service.catalog.pack, ids))
        if len(results) > 1:
            print(render_summary([(p, a.report) for p, a in results]))
    return status


def fails(report: Report, level: str) -> bool:
    if level == "never":
        return False
    threshold = Severity.ERROR if level == "error" else Severity.WARNING
    return any(f.severity >= threshold for f in report.findings)


def review_path(outdir: str | Path, source: str | Path) -> Path:
    """Where a first review copy of ``source`` named directly goes: OUTDIR/<name>-审阅稿.docx."""
    return Path(outdir) / f"{Path(source).stem}{REVIEW_SUFFIX}.docx"


class Annotator:
    """Writes the review copies of one run: unique names (``review_target``), the record
    of what was written, progress on a terminal."""

    def __init__(self, outdir: str, arguments: list[str], records: Records):
        self.outdir = Path(outdir)
        self.roots = [Path(a) for a in arguments if Path(a).is_dir()]
        self.records = records
        self.taken: set[Path] = set()

    def write(self, path: Path, audit, progress: Progress) -> bool:
        """The review copy of ``path``; False on failure (said on stderr)."""
        from .. import paths
        from ..fileio.errors import FormatError, WriteError, describe_os_error
        from ..formats.docx_annotate import annotate_docx

        if path.suffix.lower() != ".docx":
            progress.clear()
            print(f"提示：{path.name} 不是 .docx，没有生成审阅稿", file=sys.stderr)
            return True

        def comments(done: int, total: int) -> None:
            progress.show(f"正在写审阅稿 {path.name}：批注 {done}/{total}")

        try:
            target = review_target(self.outdir, path, self.roots, self.taken, self.records)
            target.parent.mkdir(parents=True, exist_ok=True)
            annotate_docx(path, target, audit.report, audit.document, paths.backups(), comments)
        except (FormatError, WriteError) as error:
            progress.clear()
            print(f"错误：{error}", file=sys.stderr)
            return False
        except OSError as error:
            progress.clear()
            print(f"错误：无法创建文件夹“{self.outdir}”：{describe_os_error(error)}。请另选一个输出文件夹",
                  file=sys.stderr)
            return False
        self.records.written(target)
        progress.clear()
        print(f"已写出审阅稿：{target}", file=sys.stderr)
        return True
