"""Command line: ``gongwen`` (the editor), ``gongwen audit``, ``gongwen export``.

Exit codes of ``audit``: 0 no finding reaches --fail-on, 1 one does, 2 usage error or an
unreadable input (the other files are still audited).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from . import __version__

FAIL_LEVELS = ("error", "warning", "never")


def _catalog_and_checklist(args: argparse.Namespace):
    from .catalog import load_catalog

    extra = []
    if args.checklist and Path(args.checklist).suffix == ".toml":
        extra.append(Path(args.checklist))
    catalog = load_catalog(extra=extra)  # a broken built-in raises ChecklistError (see main)
    for problem in catalog.problems:
        print(f"警告：{problem}", file=sys.stderr)
    return catalog


def _checklist_id(args: argparse.Namespace, catalog) -> str | None:
    if not args.checklist:
        return None
    if Path(args.checklist).suffix == ".toml":
        from .core.checklist import parse_checklist

        try:
            text = Path(args.checklist).read_text(encoding="utf-8-sig")
            return parse_checklist(text, args.checklist).id
        except Exception:  # reported by load_catalog already
            return None
    return args.checklist


def iter_inputs(paths: list[str]) -> Iterator[Path]:
    from .formats import READABLE_SUFFIXES

    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*")
                              if p.suffix.lower() in READABLE_SUFFIXES and p.is_file()
                              and not p.name.startswith(("~$", ".")))
        else:
            yield path


def cmd_audit(args: argparse.Namespace) -> int:
    from .bundle import app_segmenter
    from .catalog import load_profile
    from .core.audit import Auditor
    from .formats import FormatError, read_document
    from .report_text import render_file, render_summary

    catalog = _catalog_and_checklist(args)
    wanted = _checklist_id(args, catalog)
    if wanted and wanted not in catalog.checklists:
        print(f"错误：没有 id 为“{wanted}”的检查清单（可用：{'、'.join(catalog.checklists)}）",
              file=sys.stderr)
        return 2
    profile, problems = load_profile(Path(args.profile) if args.profile else None)
    if problems and args.profile:  # the profile asked for cannot be used: stop
        print("\n".join(f"错误：{problem}" for problem in problems), file=sys.stderr)
        return 2
    for problem in problems:  # the saved one is broken: carry on without it
        print(f"警告：{problem}（已忽略单位信息，按未填写处理）", file=sys.stderr)
    segmenter = app_segmenter()
    auditors: dict[str, Auditor] = {}
    results, status = [], 0
    inputs = list(iter_inputs(args.paths))
    if not inputs:
        print("错误：没有找到可检查的 .txt 或 .docx 文件", file=sys.stderr)
        return 2
    for path in inputs:
        try:
            document = read_document(path)
        except FormatError as error:
            print(f"错误：{error}", file=sys.stderr)
            status = 2
            continue
        checklist = catalog.get(wanted) if wanted else catalog.detect(document.title)
        auditor = auditors.get(checklist.id)
        if auditor is None:
            auditor = auditors[checklist.id] = Auditor(checklist, catalog.pack, profile, segmenter)
        report = auditor.audit(document)
        results.append((path, document, report))
        if args.annotate:
            from .formats.commands import annotate_to_dir

            if not annotate_to_dir(args.annotate, path, document, report, auditor.env):
                status = 2
        if _fails(report, args.fail_on) and status == 0:
            status = 1
    if args.format == "json":
        print(json.dumps([r.to_json(str(p)) for p, _, r in results], ensure_ascii=False,
                         indent=1))
    else:
        for path, document, report in results:
            print(render_file(path, document, report))
        if len(results) > 1:
            print(render_summary([(p, r) for p, _, r in results]))
    return status


def _fails(report, level: str) -> bool:
    from .core.model import Severity

    if level == "never":
        return False
    threshold = Severity.ERROR if level == "error" else Severity.WARNING
    return any(f.severity >= threshold for f in report.findings)


def build_parser() -> argparse.ArgumentParser:
    """The subcommands; ``gongwen [FILE]`` without one starts the editor."""
    parser = argparse.ArgumentParser(prog="gongwen", description="公文审稿台：起草、检查、导出工作总结")
    parser.add_argument("--version", action="version", version=f"gongwen {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    audit = sub.add_parser("audit", help="检查一个或多个文件（或文件夹）")
    audit.add_argument("--checklist", help="检查清单 id 或 .toml 文件路径（默认按标题自动识别）")
    audit.add_argument("--profile", help="单位信息 .toml 文件")
    audit.add_argument("--format", choices=("text", "json"), default="text")
    audit.add_argument("--fail-on", choices=FAIL_LEVELS, default="error")
    audit.add_argument("--annotate", metavar="OUTDIR",
                       help="为每个 .docx 在 OUTDIR 写出带批注的审阅稿（原文件不变）")
    audit.add_argument("paths", nargs="+", metavar="PATH")
    audit.set_defaults(run=cmd_audit)
    for extend in EXTENSIONS:
        extend(sub)
    return parser


def build_editor_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gongwen", description="公文审稿台：起草、检查、导出工作总结",
                                     epilog="子命令：gongwen audit …  ·  gongwen export …（加 -h 查看）")
    parser.add_argument("--version", action="version", version=f"gongwen {__version__}")
    parser.add_argument("--selftest", action="store_true", help="自检：启动窗口、检查内置样稿后退出")
    parser.add_argument("file", nargs="?", help="要打开的文件（.docx/.txt）")
    return parser


# Other modules add subcommands here (a function taking the subparsers object).
EXTENSIONS: list = []


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    _load_extensions()
    parser = build_parser()
    commands = {name for action in parser._subparsers._group_actions for name in action.choices}
    try:
        if argv and argv[0] in commands:
            args = parser.parse_args(argv)
            return _run_quietly_on_closed_pipe(args)
        args = build_editor_parser().parse_args(argv)
    except SystemExit as exit_:
        return 0 if exit_.code in (0, None) else 2
    return _start_editor(args)


def _run_quietly_on_closed_pipe(args: argparse.Namespace) -> int:
    """`gongwen audit … | head` must not end in a traceback."""
    from .core.checklist import ChecklistError

    try:
        return args.run(args)
    except ChecklistError as error:
        print(f"错误：内置检查清单有误，请重新安装 gongwen：\n{error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - stdout must stay open until exit
        return 0


def _load_extensions() -> None:
    """Subcommands that live beside their format code (export, annotate) register here."""
    if EXTENSIONS:
        return
    try:
        from .formats import commands
    except ImportError:
        return
    EXTENSIONS.extend(commands.EXTENSIONS)


def _start_editor(args: argparse.Namespace) -> int:
    try:
        from .ui.app import run
    except ImportError as error:
        print(f"错误：无法启动编辑器（{error}）。请确认已安装 PySide6-Essentials。", file=sys.stderr)
        return 2
    return run(file=args.file, selftest=args.selftest)


if __name__ == "__main__":
    sys.exit(main())
