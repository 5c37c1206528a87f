"""``gongwen audit PATH…``: audit files or whole folders; a text or JSON report; optionally
a review copy of each .docx with a Word comment on each finding (``--annotate OUTDIR``)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..core.model import Report, Severity
from .common import fail, iter_inputs, setup
from .text_report import render_file, render_summary

NAME = "audit"
FAIL_LEVELS = ("error", "warning", "never")
REVIEW_SUFFIX = "-审阅稿.docx"


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
    from ..formats import FormatError, read_document

    service, wanted = setup(args)
    inputs = list(iter_inputs(args.paths))
    if not inputs:
        return fail("没有找到可检查的 .txt、.docx、.doc 或 .wps 文件")
    service.load_segmenter()
    results, status = [], 0
    for path in inputs:
        try:
            document = read_document(path, layout=True)
        except FormatError as error:
            print(f"错误：{error}", file=sys.stderr)
            status = 2
            continue
        audit = service.audit(document, wanted)
        results.append((path, audit))
        if args.annotate and not annotate_to_dir(args.annotate, path, audit):
            status = 2
        if fails(audit.report, args.fail_on) and status == 0:
            status = 1
    if args.format == "json":
        print(json.dumps([a.report.to_json(str(p)) for p, a in results], ensure_ascii=False,
                         indent=1))
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
    return Path(outdir) / f"{Path(source).stem}{REVIEW_SUFFIX}"


def annotate_to_dir(outdir: str | Path, path: Path, audit) -> bool:
    """Write OUTDIR/<name>-审阅稿.docx; False on failure (said on stderr)."""
    from .. import paths
    from ..fileio.errors import FormatError, WriteError, describe_os_error

    if path.suffix.lower() != ".docx":
        print(f"提示：{path.name} 不是 .docx，没有生成审阅稿", file=sys.stderr)
        return True
    from ..formats.docx_annotate import annotate_docx

    target = review_path(outdir, path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        annotate_docx(path, target, audit.report, audit.document, paths.backups())
    except (FormatError, WriteError) as error:
        print(f"错误：{error}", file=sys.stderr)
        return False
    except OSError as error:
        print(f"错误：无法创建文件夹“{outdir}”：{describe_os_error(error)}。请另选一个输出文件夹",
              file=sys.stderr)
        return False
    print(f"已写出审阅稿：{target}", file=sys.stderr)
    return True
