"""Compiled regexes kept between runs (gongwen.regex_cache): a pattern from the file is the
pattern ``re`` builds, a file of another Python or a damaged one costs only the compiling,
and installing routes ``re.compile`` through the cache until uninstalled."""

from __future__ import annotations

import marshal
import re

import pytest

from gongwen import regex_cache
from gongwen.regex_cache import RegexCache

PATTERNS = [
    (r"(?P<year>(?:19|20)\d{2})\s*年(?P<half>上|下)半年", 0),
    (r"[\u4e00-\u9fff\U00020000-\U0003134f]{2,8}(?:局|委|办)(?![\u4e00-\u9fff])", 0),
    (r"^\s*[（(]([一二三四五六七八九十]+)[）)]", re.MULTILINE),
    (r"(?i)wps|docx?\b", 0),
    (r"(?<=[。；])\s*第([一二三四五六七八九十]+)[，、]", 0),
    (rb"PK\x03\x04[\x00-\xff]{2}", 0),
]
TEXT = ("中共某县文化和旅游局党组2024年上半年工作总结\n（一）加强组织领导。第一，压实责任；第二、"
        "健全机制\nWPS 与 DOCX 文件。县委办、市委宣传部和𠀀𠀁局")


def _behaviour(compiled: re.Pattern) -> tuple:
    sample = TEXT.encode() + b"PK\x03\x04ab" if isinstance(compiled.pattern, bytes) else TEXT
    return (compiled.pattern, compiled.flags, compiled.groups, dict(compiled.groupindex),
            [(m.span(), m.groups()) for m in compiled.finditer(sample)])


def test_a_kept_pattern_is_the_pattern_re_builds(tmp_path):
    path = tmp_path / "compiled-regexes"
    first = RegexCache(path)
    for pattern, flags in PATTERNS:
        first.compile(pattern, flags)
    assert len(first.made) == len(PATTERNS)
    first.save()
    again = RegexCache(path)
    assert len(again.kept) == len(PATTERNS)
    for pattern, flags in PATTERNS:
        ours = again.compile(pattern, flags)
        re.purge()
        assert _behaviour(ours) == _behaviour(re.compile(pattern, flags))
    assert not again.made  # every one came from the file
    assert [m.span() for m in again.compile(PATTERNS[1][0]).finditer(TEXT)]  # it does match


def test_a_file_of_another_python_or_damaged_costs_only_the_compiling(tmp_path):
    other = tmp_path / "other"
    other.write_bytes(marshal.dumps(("Python 2.7|0|0", {(r"\d+", 0): (0, [1, 2], 0, {}, (None,))})))
    assert RegexCache(other).kept == {}
    damaged = tmp_path / "damaged"
    damaged.write_bytes(b"\x00not marshal at all")
    cache = RegexCache(damaged)
    assert cache.kept == {}
    assert cache.compile(r"(\d+)年", 0).findall("2024年") == ["2024"]


def test_a_damaged_entry_is_made_afresh(tmp_path):
    path = tmp_path / "compiled-regexes"
    cache = RegexCache(path)
    cache.compile(r"(\d+)年", 0)
    cache.save()
    kept = RegexCache(path)
    key = (str, r"(\d+)年", 0)
    flags, _code, groups, groupindex, indexgroup = kept.kept[key]
    kept.kept[key] = (flags, [999999, 1, 2], groups, groupindex, indexgroup)  # not SRE code
    assert kept.compile(r"(\d+)年", 0).findall("2023年和2024年") == ["2023", "2024"]
    assert key in kept.made and key not in kept.kept


def test_the_least_recently_used_go_first(tmp_path, monkeypatch):
    path = tmp_path / "compiled-regexes"
    cache = RegexCache(path)
    for number in range(4):
        cache.compile(f"甲{number}", 0)
    cache.save()
    monkeypatch.setattr(regex_cache, "LIMIT", 3)
    later = RegexCache(path)
    later.compile("甲0", 0)  # used again: kept
    later.compile("乙", 0)  # new
    later.save()
    kept = {k[1] for k in RegexCache(path).kept}
    assert kept == {"甲3", "甲0", "乙"}


@pytest.fixture()
def installed(tmp_path):
    path = tmp_path / "compiled-regexes"
    before = regex_cache._installed
    if before is not None:
        regex_cache.uninstall()
    assert regex_cache.install(path)
    yield path
    regex_cache.uninstall()
    if before is not None:
        regex_cache.install(before.path)


def test_installing_routes_re_compile_through_the_cache(installed):
    cache = regex_cache._installed
    re.purge()
    compiled = re.compile(r"(?P<n>\d+)个[\u4e00-\u9fff]+")
    assert (str, r"(?P<n>\d+)个[\u4e00-\u9fff]+", 0) in cache.made
    assert compiled.search("召开会议3个单位").group("n") == "3"
    cache.save()
    regex_cache.uninstall()
    re.purge()
    assert regex_cache.install(installed)
    assert (str, r"(?P<n>\d+)个[\u4e00-\u9fff]+", 0) in regex_cache._installed.kept
