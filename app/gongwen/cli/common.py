"""What the commands share: setting up the audit service from the arguments, finding the
input files, showing progress on a terminal, and ending cleanly (closed pipe, Ctrl+C, a full
stdout, an unreadable folder). The service is imported when a command runs, not when the
CLI is imported: Ctrl+C during start-up is then caught like any other."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

INTERRUPTED = 130
PROGRESS_SECONDS = 0.2


def json_text(value: Any, open_depth: int = 3) -> str:
    """JSON laid out one item per line down to ``open_depth`` and compact below it (a
    finding per line). json's C encoder runs only without ``indent``: indenting every
    field took 0.2 s for 9,000 findings, this takes a tenth of it. Same value when parsed."""
    return _json_lines(value, 0, open_depth)


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # one encoder: dumps() makes one per call


def _json_lines(value: Any, depth: int, open_depth: int) -> str:
    if depth >= open_depth or not isinstance(value, dict | list) or not value:
        return _ENCODE(value)
    pad, inner = " " * depth, " " * (depth + 1)
    if isinstance(value, list):
        items = [inner + _json_lines(v, depth + 1, open_depth) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    items = [f"{inner}{_ENCODE(str(k))}: {_json_lines(v, depth + 1, open_depth)}"
             for k, v in value.items()]
    return "{\n" + ",\n".join(items) + "\n" + pad + "}"


def fail(message: str, code: int = 2) -> int:
    print(f"错误：{message}", file=sys.stderr)
    return code


def setup(args: argparse.Namespace) -> tuple[Any, str]:
    """The service and the wanted checklist id; warnings are printed, SetupError raised."""
    from ..service import AuditService

    service, wanted = AuditService.load(getattr(args, "checklist", None),
                                        getattr(args, "profile", None),
                                        layout=getattr(args, "layout", None))
    for warning in service.warnings:
        print(f"警告：{warning}", file=sys.stderr)
    return service, wanted


def iter_inputs(paths: list[str], problems: list[str] | None = None,
                skip: Any = None) -> Iterator[Path]:
    """The files named, and the readable files inside the folders named (sorted, hidden and
    Word lock files left out, symbolic links followed once: a loop is not walked twice).
    A folder that cannot be listed is added to ``problems`` in Chinese; ``skip(path)`` may
    leave files of a folder out (the review copies gongwen wrote)."""
    from ..formats import READABLE_SUFFIXES

    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from _walk(path, READABLE_SUFFIXES, problems, skip)
        else:
            yield path


def _walk(folder: Path, suffixes: tuple[str, ...], problems: list[str] | None, skip: Any) -> Iterator[Path]:
    from ..fileio.errors import describe_os_error

    seen: set[tuple[int, int]] = set()

    def refused(error: OSError) -> None:
        if problems is not None:
            where = error.filename or folder
            problems.append(f"无法进入文件夹“{where}”：{describe_os_error(error)}，其中的文件没有检查")

    for top, folders, files in os.walk(folder, onerror=refused, followlinks=True):
        try:
            info = os.stat(top)
            key = (info.st_dev, info.st_ino)
        except OSError as error:
            refused(error)
            folders[:] = []
            continue
        if key in seen:  # a link back up the tree
            folders[:] = []
            continue
        seen.add(key)
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for name in sorted(files):
            path = Path(top) / name
            if path.suffix.lower() in suffixes and not name.startswith(("~$", ".")) \
                    and not (skip is not None and skip(path)):
                yield path


class Progress:
    """One line on stderr, rewritten in place, at most every PROGRESS_SECONDS — only when
    stderr is a terminal (a pipe or a log file gets no carriage returns)."""

    def __init__(self, stream: Any = None):
        self.stream = stream or sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last = 0.0
        self._shown = False

    def show(self, text: str) -> None:
        now = time.monotonic()
        if not self.enabled or now - self._last < PROGRESS_SECONDS:
            return
        self._last = now
        self.stream.write(f"\r\033[K{text}")
        self.stream.flush()
        self._shown = True

    def clear(self) -> None:
        if self._shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self._shown = False


def run_command(args: argparse.Namespace) -> int:
    """Run a subcommand: set-up problems are exit 2; ``gongwen audit … | head`` and Ctrl+C
    end without a traceback, and so does an error writing the results (``> /dev/full``)."""
    from ..service import SetupError

    try:
        return args.run(args)
    except SetupError as error:
        return fail(str(error))
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except OSError as error:  # stdout (or another stream) could not be written
        _silence_stdout()
        return fail(output_problem(error))


def output_problem(error: OSError) -> str:
    from ..fileio.errors import describe_os_error

    return f"无法写出检查结果：{describe_os_error(error)}。请换一个位置保存输出后重试"


def finish(status: int) -> int:
    """Flush stdout before exit: a full disk (``> /dev/full``) is a message and exit 2, not
    a traceback at interpreter shutdown."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    except OSError as error:
        _silence_stdout()
        return fail(output_problem(error))
    return status


def interrupted() -> int:
    print("\n已中断", file=sys.stderr)
    return INTERRUPTED


def _silence_stdout() -> None:
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - stdout must stay open until exit
