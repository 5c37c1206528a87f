"""``gongwen review``: the reviewer's desk on the command line.

    gongwen review [--earlier DIR] [--checklist ID] [--profile PATH] [--layout ID|PATH]
                   [--format text|json|html|csv] [--out PATH] DIR

Exit codes: 0 every report acceptable and no recycled text found; 1 some report has errors
or misses a required section, or some text is recycled; 2 usage error, or a file could not
be read or written (the other files are still reviewed).
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path, PurePath
from typing import Any

from .common import fail, setup

NAME = "review"
FORMATS = ("text", "json", "html", "csv")


def add_parser(sub: Any) -> None:
    review = sub.add_parser(
        NAME, help="审阅下级报送的整个文件夹：逐份检查并查找相互抄袭和照搬往年的内容",
        description="检查 DIR 下的每份 .txt/.docx/.doc/.wps 报告（多进程并行），列出不合格的报告，"
                    "并找出相互抄袭、照搬往年报告（--earlier）的段落。")
    review.add_argument("--earlier", action="append", default=[], metavar="DIR",
                        help="往年报告所在的文件夹（可多次给出）")
    review.add_argument("--checklist", help="检查清单 id 或 .toml 文件路径（默认按标题自动识别）")
    review.add_argument("--profile", help="单位信息 .toml 文件")
    review.add_argument("--layout", metavar="ID|PATH",
                        help="版式标准 id 或 .toml 文件路径（默认 gbt9704；只检查 .docx）")
    review.add_argument("--format", choices=FORMATS, default="text")
    review.add_argument("--out", metavar="PATH",
                        help="写入文件而不是屏幕（csv：另写 <名称>-重复.csv；html 建议用此项）")
    review.add_argument("--workers", type=int, default=None, help=argparse.SUPPRESS)
    review.add_argument("paths", nargs="+", metavar="DIR")
    review.set_defaults(run=run)


class TerminalProgress:
    """One updating line on stderr, only when stderr is a terminal."""

    def __init__(self, stream: Any = None):
        self.stream = stream or sys.stderr
        self.active = bool(getattr(self.stream, "isatty", lambda: False)())

    def __call__(self, progress: Any) -> None:
        if not self.active:
            return
        if progress.stage == "compare":
            text = f"已检查 {progress.total} 份，正在比对重复内容…"
        else:
            text = f"正在检查 {progress.done}/{progress.total}：{PurePath(progress.path).name}"
        self.stream.write("\r\x1b[K" + text[:70])
        self.stream.flush()

    def done(self) -> None:
        if self.active:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def run(args: argparse.Namespace) -> int:
    from ..catalog import load_review_settings
    from ..review_desk import CatalogAudit, collect_inputs, review_folder

    for folder in [*args.paths, *args.earlier]:
        if not Path(folder).exists():
            return fail(f"找不到“{folder}”")
    setup(args)  # the checklist, profile and layout asked for are checked here, once
    settings, problems = load_review_settings()
    for problem in problems:
        print(f"警告：{problem}（已改用内置的审阅设置）", file=sys.stderr)
    if not collect_inputs(args.paths):
        return fail("没有找到可检查的 .txt、.docx、.doc 或 .wps 文件")
    progress = TerminalProgress()
    audit = CatalogAudit(checklist=args.checklist, profile=args.profile, layout=args.layout)
    try:
        result = review_folder(args.paths, audit, earlier=args.earlier, workers=args.workers,
                               progress=progress, settings=settings)
    finally:
        progress.done()
    written = _output(args, result.table)
    if written:
        return written
    for item in result.table.unreadable:
        print(f"错误：{item.message}", file=sys.stderr)
    if result.table.unreadable:
        return 2
    table = result.table
    return 1 if table.pairs or any(not row.acceptable for row in table.rows) else 0


def _output(args: argparse.Namespace, table: Any) -> int:
    """Print or write the result; an exit code when it cannot be written, else 0."""
    from ..fileio.atomic import write_text_atomic
    from ..fileio.errors import WriteError

    root = args.paths[0] if len(args.paths) == 1 else ""
    try:
        if args.format == "csv":
            return _csv(args, table)
        if args.format == "html":
            from ..formats.review_html import render_review_html

            text = render_review_html(table, root, root=root)
        elif args.format == "json":
            text = json.dumps(table.to_json(), ensure_ascii=False, indent=1) + "\n"
        else:
            text = render_review_text(table, root)
        if args.out:
            write_text_atomic(args.out, text)
            print(f"已写出：{args.out}", file=sys.stderr)
        else:
            sys.stdout.write(text)
    except WriteError as error:
        return fail(str(error))
    return 0


def _csv(args: argparse.Namespace, table: Any) -> int:
    from ..formats.review_csv import render_reports_csv, write_review_csv

    if not args.out:  # a terminal or a pipe: the reports table only, no BOM
        sys.stdout.write(render_reports_csv(table))
        return 0
    reports, pairs = write_review_csv(args.out, table)
    print(f"已写出：{reports}、{pairs}", file=sys.stderr)
    return 0


# ---------------------------------------------------------------- text


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cell(text: str, width: int, right: bool = False) -> str:
    text = str(text)
    while _width(text) > width and len(text) > 1:
        text = text[:-2] + "…"
    pad = " " * max(0, width - _width(text))
    return pad + text if right else text + pad


def _name(path: str, root: str) -> str:
    try:
        return str(PurePath(path).relative_to(root)) if root else PurePath(path).name
    except ValueError:
        return PurePath(path).name


def render_review_text(table: Any, root: str = "") -> str:
    """The desk as a terminal report: one line per report, then the similar pairs."""
    rows = table.rows
    failing = sum(1 for r in rows if not r.acceptable)
    lines = [f"━━ 审阅汇总：{root or '（多个位置）'}（共 {len(rows)} 份报告"
             + (f"，往年报告 {len(table.earlier)} 份" if table.earlier else "") + "）",
             _cell("单位", 22) + _cell("文件", 30) + _cell("缺失必备章节", 20)
             + _cell("错误", 5, True) + _cell("警告", 5, True) + _cell("占位符", 7, True)
             + _cell("广告", 5, True) + _cell("重复", 6, True)]
    for row in rows:
        lines.append(_cell(row.unit or "—", 22) + _cell(_name(row.path, root), 30)
                     + _cell("、".join(row.missing_titles) or "—", 20)
                     + _cell(row.errors, 5, True) + _cell(row.warnings, 5, True)
                     + _cell(row.placeholders, 7, True) + _cell(row.junk, 5, True)
                     + _cell(f"{row.recycled:.0%}" if row.recycled else "—", 6, True))
    lines += ["", f"━━ 疑似重复（{len(table.pairs)} 对）"]
    if not table.pairs:
        lines.append("  没有发现相互抄袭或照搬往年报告的内容。")
    for pair in table.pairs:
        a, b = str(pair.a), str(pair.b)
        where = "、".join(f"{p.a_paragraph + 1}↔{p.b_paragraph + 1}" for p in pair.passages[:6])
        more = "…" if len(pair.passages) > 6 else ""
        tag = "［往年］" if pair.earlier else ""
        lines.append(f"  {pair.share:>4.0%}  {table.unit_of(a) or '—'}（{_name(a, root)}）↔ "
                     f"{table.unit_of(b) or '—'}{tag}（{PurePath(b).name}）  "
                     f"{len(pair.passages)} 处，段落 {where}{more}")
    if table.unreadable:
        lines += ["", f"━━ 无法读取（{len(table.unreadable)}）"]
        lines += [f"  {_name(u.path, root)}：{u.message}" for u in table.unreadable]
    copies = sum(1 for p in table.pairs if not p.earlier)
    lines += ["", f"不合格 {failing} 份（缺必备章节或有错误）；疑似相互抄袭 {copies} 对；"
                  f"与往年报告重复 {len(table.pairs) - copies} 对。"]
    return "\n".join(lines) + "\n"
