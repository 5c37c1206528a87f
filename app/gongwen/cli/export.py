"""``gongwen export IN OUT.docx``: the final copy in the GB/T 9704 layout.

Exit 0 written; 1 refused because error-level findings remain (listed on stderr;
``--force`` overrides); 2 usage error or unreadable/unwritable file."""

from __future__ import annotations

import argparse
import sys

from .common import fail, setup

NAME = "export"


def add_parser(sub) -> None:
    export = sub.add_parser(NAME, help="导出符合 GB/T 9704 版式的定稿 .docx",
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
    export.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from .. import paths
    from ..core.fixes import blocking
    from ..fileio.errors import FormatError, WriteError
    from ..formats import read_document
    from ..formats.docx_export import ExportOptions, ExportRefused, export_docx, normalize_date

    try:
        date = normalize_date(args.date) if args.date.strip() else ""
    except ValueError as error:
        return fail(str(error))
    service, wanted = setup(args)
    try:
        document = read_document(args.input)
    except FormatError as error:
        return fail(str(error))
    segmenter = service.load_segmenter()
    audit = service.audit(document, wanted)
    unit = "" if args.no_signature else service.profile.unit
    options = ExportOptions(args.fonts, not args.no_punctuation_fixes, unit, date, args.force)
    try:
        out = export_docx(audit.document, audit.report, args.output, options,
                          source_path=args.input, segment=segmenter.cut, backups=paths.backups())
    except ExportRefused as refused:
        print(f"错误：{refused}", file=sys.stderr)
        others = "、".join(i for i in service.catalog.checklists if i != audit.checklist.id)
        print(f"提示：当前按“{audit.checklist.name}”检查（{audit.choice.reason}）；修改后重试，"
              f"或用 --checklist ID 换一个清单（可用：{others}），或加 --force 强制导出。",
              file=sys.stderr)
        return 1
    except (FormatError, WriteError, ValueError) as error:
        return fail(str(error))
    left = len(blocking(audit.report, options.punctuation))
    note = f"（仍有 {left} 处错误，已按 --force 导出）" if left else ""
    print(f"已导出定稿：{out}{note}")
    return 0
