"""Reading the project's TOML data (checklists, rule packs, the unit profile) from text.

The core reads TOML *text* handed to it with a source name; finding the files is
`gongwen.catalog`'s job. Every problem is reported as ``source:line: what`` and collected,
so one load reports everything wrong with a file at once. Values are type-checked here: a
user file with ``keywords = 5`` is refused with a message, never a traceback later.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

from .model import Severity
from .regex_safety import catastrophic


def _compile_guarded(pattern: str) -> Any:
    """A user's pattern with ``regex`` (version 0: the syntax of ``re``); ``re`` checks it
    first so that what is refused is what ``re`` would refuse too (imported here: only a
    user's rules need it)."""
    import regex  # its matching can be given a timeout, re's cannot

    re.compile(pattern)
    try:
        return regex.compile(pattern, flags=regex.VERSION0)
    except regex.error as error:  # as re's: the caller reports it
        raise re.error(str(error)) from None


class ChecklistError(Exception):
    """One or more problems in a data file; ``problems`` holds ``source:line: what`` lines."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def line_of(text: str, *needles: str) -> int:
    """1-based line of the first needle found in text (1 when none is)."""
    for needle in needles:
        if not needle:
            continue
        position = text.find(needle)
        if position >= 0:
            return text.count("\n", 0, position) + 1
    return 1


class ParsedCache:
    """Parsed TOML kept by text (a caller that can keep it between starts hands one to
    ``set_parsed_cache``: parsing the built-in files is a fifth of a CLI start)."""

    def get(self, text: str) -> dict[str, Any] | None:
        return None

    def put(self, text: str, data: dict[str, Any]) -> None:
        pass


_parsed = ParsedCache()


def set_parsed_cache(cache: ParsedCache) -> ParsedCache:
    """Use ``cache`` for the TOML parsed from now on; returns the one used before."""
    global _parsed
    before, _parsed = _parsed, cache
    return before


def load_toml(text: str, source: str) -> dict[str, Any]:
    kept = _parsed.get(text)
    if kept is not None:
        return kept
    data = _parse_toml(text, source)
    _parsed.put(text, data)
    return data


def _parse_toml(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        at_end = "end of document" in str(error)
        line = match.group(1) if match else str(text.rstrip().count("\n") + 1) if at_end else "1"
        raise ChecklistError([f"{source}:{line}: TOML 语法错误：{error}"]) from None


# Repeats such as (X+X+)+ or (a|aa)* make a regex engine backtrack for minutes on a long
# paragraph; data rules never need them (core.regex_safety says which repeats are).


class Problems:
    """Problems found in one data file, each located by a needle's line."""

    def __init__(self, text: str, source: str, users: bool = False):
        """``users``: the file is a user's, so its patterns that can backtrack for ever are
        refused even where they are compiled with ``re`` (a checklist's title patterns)."""
        self.text, self.source, self.items = text, source, []
        self.users = users

    def add(self, message: str, *needles: str) -> None:
        self.items.append(f"{self.source}:{line_of(self.text, *needles)}: {message}")

    def raise_if_any(self) -> None:
        if self.items:
            raise ChecklistError(self.items)

    # ------------------------------------------------------------ typed values
    def compile(self, pattern: Any, *needles: str, trusted: bool = True) -> Any:
        """A compiled pattern, or None (and a problem). ``trusted`` (the built-in rules,
        reviewed and tested) compiles with ``re`` as it always did. A user's pattern is
        refused when a repeat in it can backtrack for ever (``regex_safety``), and is
        compiled with the ``regex`` package, whose matching takes a timeout
        (``rulepack.rule_matches`` bounds every user rule's time per paragraph)."""
        if not isinstance(pattern, str) or not pattern:
            self.add(f"正则表达式应为非空字符串：{pattern!r}", *needles)
            return None
        try:
            compiled = re.compile(pattern) if trusted else _compile_guarded(pattern)
        except re.error as error:
            self.add(f"正则表达式“{pattern}”无效：{error}", pattern, *needles)
            return None
        if (not trusted or self.users) and catastrophic(pattern):
            self.add(f"正则表达式“{pattern}”含可无限回溯的嵌套重复（如 (X+)+、(X+X+)+、(a|aa)*），"
                     "在长段落上会卡死，请改写（例如去掉外层的 + 或 *，或让每次重复以不同的字符分隔）",
                     pattern, *needles)
            return None
        return compiled

    def severity(self, name: Any, *needles: str) -> Severity | None:
        if not isinstance(name, str):
            self.add(f"严重程度应为 error / warning / info，而不是 {name!r}", *needles)
            return None
        try:
            return Severity.parse(name)
        except ValueError as error:
            self.add(str(error), *needles)
            return None

    def string(self, value: Any, what: str, *needles: str, default: str = "") -> str:
        if value is None:
            return default
        if not isinstance(value, str):
            self.add(f"{what} 应为字符串，而不是 {value!r}", *needles)
            return default
        return value

    def strings(self, value: Any, what: str, *needles: str) -> tuple[str, ...]:
        """A string or a list of strings."""
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value)
        self.add(f"{what} 应为字符串或字符串列表，而不是 {value!r}", *needles)
        return ()

    def integer(self, value: Any, what: str, *needles: str, default: int = 0) -> int:
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.add(f"{what} 应为非负整数，而不是 {value!r}", *needles)
            return default
        return value

    def boolean(self, value: Any, what: str, *needles: str, default: bool = False) -> bool:
        if value is None:
            return default
        if not isinstance(value, bool):
            self.add(f"{what} 应为 true 或 false，而不是 {value!r}", *needles)
            return default
        return value

    def table(self, value: Any, what: str, *needles: str) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.add(f"{what} 应为表（[{what}] 或 {{ … }}），而不是 {value!r}", *needles)
            return {}
        return value

    def tables(self, value: Any, what: str, *needles: str) -> list[dict[str, Any]]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.add(f"{what} 应写成 [[{what}]] 表数组", *needles, f"{what} =", f"{what}=")
            return []
        return value

    def unknown_keys(self, data: dict[str, Any], known: set[str], where: str = "",
                     note: str = "") -> None:
        for key in sorted(set(data) - known):
            self.add(f"{where}未知字段 {key}{note}", f"{key} =", f"{key}=", key)
