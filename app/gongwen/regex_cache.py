"""Compiled regexes kept between runs: ``install(path)`` once at process start.

A start compiles some 300 regexes — the rule modules', the rule packs' and the checklists'
— and CPython compiles each in Python (parse, then the code generation, which walks every
code point of a class such as ``[\u4e00-\u9fff]``): about 0.15 s of every ``gongwen audit``
and of every editor start. The result of that work is a list of ints (with the group
count and names) that ``_sre.compile`` turns into a pattern at once. This module keeps
those lists in one marshal file of the user cache, keyed by pattern and flags and valid
for one Python build (version and ``_sre.MAGIC``), and hands them to ``_sre.compile``;
a pattern not in the file is compiled as ``re`` always does and added. The patterns are
the very objects ``re`` would build (checked when installing: otherwise nothing is
installed). A file that cannot be read or written only costs the compiling.
"""

from __future__ import annotations

import atexit
import marshal
import os
import re
import sys
import threading
from pathlib import Path
from typing import Any

try:  # CPython's regex engine: what re.compile hands its compiled code to
    import _sre
    from re import _compiler, _parser
except ImportError:  # another Python: nothing is cached
    _sre = _compiler = _parser = None

Key = tuple[type, str | bytes, int]
Entry = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]
LIMIT = 1500  # entries kept, the least recently used go first (a pattern built from a set
# comes in a new order each run: a few new entries a run)


def _stamp() -> str:
    return f"{sys.version}|{getattr(_sre, 'MAGIC', '')}|{getattr(_sre, 'CODESIZE', '')}"


class RegexCache:
    """The kept compilations (``kept``; those this run asked for: ``used``) and those made
    in this run (``made``)."""

    def __init__(self, path: Path):
        self.path = path
        self.kept: dict[Key, Entry] = {}
        self.made: dict[Key, Entry] = {}
        self.used: set[Key] = set()
        self._lock = threading.Lock()
        try:
            stamp, entries = marshal.loads(path.read_bytes())
            if stamp == _stamp() and isinstance(entries, dict):
                self.kept = {(str if isinstance(k[0], str) else bytes, k[0], k[1]): v
                             for k, v in entries.items()}
        except (OSError, EOFError, ValueError, TypeError, IndexError):
            pass

    def compile(self, pattern: Any, flags: int = 0) -> Any:
        """``re._compiler.compile`` for a str or bytes pattern, from the kept code if any."""
        if not isinstance(pattern, str | bytes) or flags & re.DEBUG:
            return _ORIGINAL(pattern, flags)
        flags = int(flags)  # a RegexFlag would not marshal
        key = (type(pattern), pattern, flags)
        entry = self.kept.get(key)
        if entry is not None:
            try:
                compiled = _sre.compile(pattern, *entry)
                self.used.add(key)
                return compiled
            except (RuntimeError, TypeError, ValueError):  # a damaged entry: made afresh
                del self.kept[key]
        entry = self.made.get(key)
        if entry is None:
            entry = _entry(pattern, flags)
            with self._lock:
                self.made[key] = entry
        return _sre.compile(pattern, *entry)

    def save(self) -> None:
        """Write the kept and the new entries (only when there are new ones)."""
        if not self.made:
            return
        unused = {k: v for k, v in self.kept.items() if k not in self.used}
        used = {k: v for k, v in self.kept.items() if k in self.used}
        merged = list({**unused, **used, **self.made}.items())[-LIMIT:]
        entries = {(k[1], k[2]): v for k, v in merged}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            temporary.write_bytes(marshal.dumps((_stamp(), entries)))
            os.replace(temporary, self.path)  # whole or not at all; a loser of a race is lost
        except (OSError, ValueError):
            pass


def _entry(pattern: str | bytes, flags: int) -> Entry:
    """What ``re._compiler.compile`` computes before handing it to ``_sre.compile``."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    # plain ints: the code holds the engine's named opcode constants, which marshal refuses
    return (int(flags | parsed.state.flags), [int(c) for c in code], int(parsed.state.groups - 1),
            {str(k): int(v) for k, v in groupindex.items()}, tuple(indexgroup))


_ORIGINAL = getattr(_compiler, "compile", None)
_installed: RegexCache | None = None

# patterns of most kinds of construct (small classes: checking costs well under 1 ms): what
# install() checks the cached route against
_PROBES = (r"(?P<year>\d{4})年(?:上|下)半年", r"[文化旅游]{2,}(?<!局)局", r"(?i)^\s*[a-z]+\b",
           r"(?:[（(][一二三四五六七八九十]+[）)])|[^\s，。]+?(?=。)", rb"\x00[\x01-\x7f]*")


def _same(cache: RegexCache) -> bool:
    for pattern in _PROBES:
        ours, theirs = cache.compile(pattern, 0), _ORIGINAL(pattern, 0)
        if (ours.pattern, ours.flags, ours.groups, ours.groupindex) != \
                (theirs.pattern, theirs.flags, theirs.groups, theirs.groupindex):
            return False
        sample = pattern if isinstance(pattern, bytes) else "某县2024年上半年工作总结（一）文化局。Ab"
        if [m.span() for m in ours.finditer(sample)] != [m.span() for m in theirs.finditer(sample)]:
            return False
    return True


def install(path: Path) -> bool:
    """Route this process's regex compilation through the cache at ``path`` (saved at
    exit). False, and nothing changed, when this Python's engine is not the one checked."""
    global _installed
    if _installed is not None:
        return True
    if _ORIGINAL is None or not hasattr(_sre, "compile"):
        return False
    cache = RegexCache(path)
    try:
        if not _same(cache):
            return False
    except Exception:  # an engine whose internals differ: compile as always
        return False
    cache.made.clear()  # the probes are not the program's
    _compiler.compile = cache.compile
    _installed = cache
    atexit.register(cache.save)
    return True


def uninstall() -> None:
    """Back to ``re``'s own compiling (tests); what was made is not saved."""
    global _installed
    if _installed is not None:
        atexit.unregister(_installed.save)
        _compiler.compile = _ORIGINAL
        _installed = None
