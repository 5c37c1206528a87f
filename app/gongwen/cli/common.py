"""What the commands share: setting up the audit service from the arguments, finding the
input files, and ending cleanly (closed pipe, Ctrl+C, a full stdout)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from ..service import AuditService, SetupError

INTERRUPTED = 130


def fail(message: str, code: int = 2) -> int:
    print(f"错误：{message}", file=sys.stderr)
    return code


def setup(args: argparse.Namespace) -> tuple[AuditService, str]:
    """The service and the wanted checklist id; warnings are printed, SetupError raised."""
    service, wanted = AuditService.load(getattr(args, "checklist", None),
                                        getattr(args, "profile", None),
                                        layout=getattr(args, "layout", None))
    for warning in service.warnings:
        print(f"警告：{warning}", file=sys.stderr)
    return service, wanted


def iter_inputs(paths: list[str]) -> Iterator[Path]:
    from ..formats import READABLE_SUFFIXES

    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*")
                              if p.suffix.lower() in READABLE_SUFFIXES and p.is_file()
                              and not p.name.startswith(("~$", ".")))
        else:
            yield path


def run_command(args: argparse.Namespace) -> int:
    """Run a subcommand: set-up problems are exit 2; ``gongwen audit … | head`` and Ctrl+C
    end without a traceback."""
    try:
        return args.run(args)
    except SetupError as error:
        return fail(str(error))
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except KeyboardInterrupt:
        print("\n已中断", file=sys.stderr)
        return INTERRUPTED


def _silence_stdout() -> None:
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - stdout must stay open until exit
