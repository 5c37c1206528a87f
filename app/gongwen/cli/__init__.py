"""Command line: ``gongwen`` (the editor), ``gongwen audit``, ``gongwen export``,
``gongwen review`` (a folder of units' reports), ``gongwen rules``. One module per
command; each has ``NAME``, ``add_parser(sub)`` and ``run(args)``.
Heavy imports (python-docx, jieba, Qt) happen inside the commands, never at import time.

Exit codes: 0 done (``audit``: nothing reaches --fail-on); 1 ``audit``: findings reach
--fail-on, ``export``: refused because errors remain; 2 a usage error or an unreadable or
unwritable file (``audit`` still audits the other files); 130 interrupted (Ctrl+C).
"""

from __future__ import annotations

import argparse
import sys

from .. import __version__
from .common import finish, interrupted, run_command

COMMAND_NAMES = ("audit", "export", "review", "rules")
DESCRIPTION = "公文审稿台：起草、检查、导出工作总结"


def commands() -> tuple:
    """The command modules, imported when the command line runs (inside main's Ctrl+C
    guard): importing them loads the core."""
    from . import audit, export, review, rules

    return (audit, export, review, rules)


def __getattr__(name: str):
    if name == "COMMANDS":
        return commands()
    raise AttributeError(name)


def build_parser() -> argparse.ArgumentParser:
    """The subcommands; ``gongwen [FILE]`` without one starts the editor."""
    parser = argparse.ArgumentParser(prog="gongwen", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"gongwen {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for command in commands():
        command.add_parser(sub)
    return parser


def build_editor_parser() -> argparse.ArgumentParser:
    names = " · ".join(f"gongwen {name} …" for name in COMMAND_NAMES)
    parser = argparse.ArgumentParser(prog="gongwen", description=DESCRIPTION,
                                     epilog=f"子命令：{names}（加 -h 查看）")
    parser.add_argument("--version", action="version", version=f"gongwen {__version__}")
    parser.add_argument("--selftest", action="store_true", help="自检：启动窗口、检查内置样稿后退出")
    parser.add_argument("file", nargs="?", help="要打开的文件（.docx/.doc/.wps/.txt）")
    return parser


def main(argv: list[str] | None = None) -> int:
    """The command line; Ctrl+C anywhere (loading the rules, reading a file) ends with
    已中断 and exit 130, a full stdout with a message and exit 2."""
    try:
        return finish(_main(sys.argv[1:] if argv is None else argv))
    except KeyboardInterrupt:
        return interrupted()


def _main(argv: list[str]) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    _keep_regexes()
    try:
        if argv and argv[0] in COMMAND_NAMES:
            return run_command(build_parser().parse_args(argv))
        args = build_editor_parser().parse_args(argv)
    except SystemExit as exit_:
        return 0 if exit_.code in (0, None) else 2
    return _start_editor(args)


def _keep_regexes() -> None:
    """The regexes compiled by earlier runs, from the user cache (``regex_cache``): about
    0.1 s of every start; before the commands import the rules, which compile theirs."""
    from .. import paths
    from ..regex_cache import install

    install(paths.cache_dir() / "compiled-regexes")


def _start_editor(args: argparse.Namespace) -> int:
    try:
        from ..ui.app import run
    except ImportError as error:
        print(f"错误：无法启动编辑器（{error}）。请确认已安装 PySide6-Essentials。", file=sys.stderr)
        return 2
    return run(file=args.file, selftest=args.selftest)
