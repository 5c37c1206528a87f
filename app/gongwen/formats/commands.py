"""Subcommands that live beside the .docx code: ``gongwen export`` and the review copies of
``gongwen audit --annotate OUTDIR``. Heavy imports (python-docx, jieba) happen inside the
commands, never at import time: ``gongwen.cli`` imports this module on every start.

``gongwen export IN OUT.docx``: exit 0 written; 1 refused because error-level findings
remain (listed on stderr; ``--force`` overrides); 2 usage error or unreadable/unwritable file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

REVIEW_SUFFIX = "-审阅稿.docx"


def add_export_command(sub: Any) -> None:
    export = sub.add_parser("export", help="导出符合 GB/T 9704 版式的定稿 .docx",
                            description="检查 IN（.txt/.docx），删除广告残留、修正标点后，"
                                        "按 GB/T 9704 版式导出定稿 OUT.docx。仍有错误时拒绝导出。")
    export.add_argument("input", metavar="IN", help="要导出的文件（.txt/.docx）")
    export.add_argument("output", metavar="OUT.docx", help="定稿保存位置（不能是原文件）")
    export.add_argument("--force", action="store_true", help="仍有错误（占位符、缺少必备章节）也导出")
    export.add_argument("--fonts", choices=("gb2312", "windows"), default="gb2312",
                        help="字体方案：gb2312（仿宋_GB2312 等）或 windows（仿宋、楷体、黑体、宋体）")
    export.add_argument("--no-punctuation-fixes", action="store_true", help="不自动修正标点")
    export.add_argument("--checklist", help="检查清单 id 或 .toml 文件路径（默认按标题自动识别）")
    export.add_argument("--profile", help="单位信息 .toml 文件（落款用其中的 unit）")
    export.add_argument("--date", default="", help="成文日期，如 2026年11月25日（不填则不写落款日期）")
    export.add_argument("--no-signature", action="store_true", help="不写落款单位")
    export.set_defaults(run=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    from ..core.fixes import blocking
    from ..fileio.errors import FormatError, WriteError
    from .docx_export import ExportOptions, ExportRefused, export_docx, normalize_date

    try:
        date = normalize_date(args.date) if args.date.strip() else ""
    except ValueError as error:
        return _fail(str(error))
    audited = _audit_one(args)
    if isinstance(audited, int):
        return audited
    document, report, auditor = audited
    unit = "" if args.no_signature else auditor.env.profile.unit
    options = ExportOptions(args.fonts, not args.no_punctuation_fixes, unit, date, args.force)
    segmenter = auditor.env.segmenter
    try:
        out = export_docx(document, report, args.output, options, source_path=args.input,
                          segment=segmenter.cut if segmenter else None)
    except ExportRefused as refused:
        print(f"错误：{refused}", file=sys.stderr)
        print("提示：修改后重试，或加 --force 强制导出。", file=sys.stderr)
        return 1
    except (FormatError, WriteError, ValueError) as error:
        return _fail(str(error))
    left = len(blocking(report, options.punctuation))
    note = f"（仍有 {left} 处错误，已按 --force 导出）" if left else ""
    print(f"已导出定稿：{out}{note}")
    return 0


def _fail(message: str) -> int:
    print(f"错误：{message}", file=sys.stderr)
    return 2


def _audit_one(args: argparse.Namespace) -> tuple[Any, Any, Any] | int:
    """Read and audit ``args.input`` the way ``gongwen audit`` does; an exit code on failure."""
    from .. import cli
    from ..bundle import app_segmenter
    from ..catalog import load_profile
    from ..core.audit import Auditor
    from . import FormatError, read_document

    catalog = cli._catalog_and_checklist(args)
    wanted = cli._checklist_id(args, catalog)
    if wanted and wanted not in catalog.checklists:
        return _fail(f"没有 id 为“{wanted}”的检查清单（可用：{'、'.join(catalog.checklists)}）")
    profile, problems = load_profile(Path(args.profile) if args.profile else None)
    for problem in problems:
        print(f"错误：{problem}", file=sys.stderr)
    if problems and args.profile:
        return 2
    try:
        document = read_document(args.input)
    except FormatError as error:
        return _fail(str(error))
    checklist = catalog.get(wanted) if wanted else catalog.detect(document.title)
    auditor = Auditor(checklist, catalog.pack, profile, app_segmenter())
    return document, auditor.audit(document), auditor


def review_path(outdir: str | Path, source: str | Path) -> Path:
    return Path(outdir) / f"{Path(source).stem}{REVIEW_SUFFIX}"


def annotate_to_dir(outdir: str | Path, path: Path, document: Any, report: Any,
                    env: Any = None) -> bool:
    """``gongwen audit --annotate``: write OUTDIR/<name>-审阅稿.docx; False on failure."""
    from ..fileio.errors import FormatError, WriteError, describe_os_error

    if path.suffix.lower() != ".docx":
        print(f"提示：{path.name} 不是 .docx，没有生成审阅稿", file=sys.stderr)
        return True
    from .docx_annotate import annotate_docx

    target = review_path(outdir, path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        annotate_docx(path, target, report, document, env)
    except (FormatError, WriteError) as error:
        print(f"错误：{error}", file=sys.stderr)
        return False
    except OSError as error:
        print(f"错误：无法创建文件夹“{outdir}”：{describe_os_error(error)}。请另选一个输出文件夹",
              file=sys.stderr)
        return False
    print(f"已写出审阅稿：{target}", file=sys.stderr)
    return True


EXTENSIONS = [add_export_command]
