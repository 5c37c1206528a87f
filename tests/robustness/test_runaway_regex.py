"""A user rule with a catastrophic regex (issue 14, item 15): refused at load when its shape
says so, and bounded at run time when it does not — the rule is reported (its id and
file) and disabled, the audit goes on. The built-in patterns keep ``re``."""

from __future__ import annotations

import re
import time

import pytest

from gongwen.core.data import ChecklistError
from gongwen.core.regex_safety import catastrophic
from gongwen.core.rulepack import RULE_TIME_LIMIT_S, parse_rulepack, rule_matches

from .hostile import REPORT_TEXT

RUNAWAY_TEXT = "X" * 60 + "。"  # (X|X)+年 tries 2**60 ways on it


def _pack(regex: str, bad: str = "X年") -> str:
    return (f'category = "wording"\n\n[[rule]]\nid = "wording.mine"\nmessage = "m"\n'
            f"regex = '{regex}'\nbad = [\"{bad}\"]\n")


@pytest.mark.parametrize("pattern", ["(X+X+)+年", "(X+)+年", "((X+))+年", r"(\w+\s?)+$", "(a|aa)*b",
                                     "(x*)*y", "(.*a){12}", "(?:[0-9]+|[0-9])+次",
                                     # a navigation line with spaces round its bars: minutes
                                     r"^[^|｜]{1,20}(?:\s*[|｜]\s*[^|｜。]{1,20}){2,}$"])
def test_catastrophic_shapes_are_refused_at_load(pattern):
    assert catastrophic(pattern)
    with pytest.raises(ChecklistError) as refused:
        parse_rulepack(_pack(pattern), "我的.toml")
    assert refused.value.problems[0].startswith("我的.toml:6:") and "嵌套重复" in refused.value.problems[0]


@pytest.mark.parametrize("pattern", [r"(?:[一二三四五六七八九十]+、)+", r"(?:[!-~]{1,3}\s+){3,}",
                                     r"(\d{4}年)+", r"([A-WYZ])\1*", r"(?:第[一二三]|其[一二])+", r"X{2,}次",
                                     r"(?:\s*(?:范文|[\d]+\s*篇)){1,3}\s*$",
                                     r"(?:[^。]*?来源\s*[:：][^。]*?){2}",
                                     r"^[^|｜]{1,20}(?>\s*[|｜]\s*[^|｜。]{1,20}){2,}$", r"(?:X++)+年"])
def test_safe_repeats_are_accepted(pattern):
    assert not catastrophic(pattern)


def test_no_built_in_pattern_is_refused(catalog):
    patterns = [r.regex.pattern for r in catalog.pack.rules] + \
               [a.pattern for r in catalog.pack.rules for a in r.allow] + \
               [p.pattern for c in catalog.checklists.values() for p in c.title_patterns]
    assert patterns and not [p for p in patterns if catastrophic(p)]
    assert all(isinstance(r.regex, re.Pattern) for r in catalog.pack.rules)  # built-ins keep re


@pytest.fixture()
def check_misses(monkeypatch):
    """The shape check let a runaway pattern through (it is an approximation): the run-time
    bound must catch it."""
    from gongwen.core import data

    monkeypatch.setattr(data, "catastrophic", lambda pattern: False)


def test_a_runaway_the_shape_check_misses_is_stopped_and_disabled(check_misses):
    pack = parse_rulepack(_pack("(X|X)+年"), "我的.toml")
    rule = pack.rules[0]
    began = time.monotonic()
    assert rule_matches(rule, RUNAWAY_TEXT) == []
    assert time.monotonic() - began < RULE_TIME_LIMIT_S * 4
    assert rule.guard.disabled
    assert pack.runaway() == [rule.guard.notice]
    assert "wording.mine" in rule.guard.notice and "我的.toml:4" in rule.guard.notice
    assert rule_matches(rule, "X年") == []  # disabled from then on


def test_the_cli_reports_the_rule_and_audits_the_rest(tmp_path, user_dirs, capsys, check_misses):
    from gongwen.cli import main

    config, _ = user_dirs
    rules = config / "checklists" / "rules"
    rules.mkdir(parents=True)
    (rules / "我的.toml").write_text(_pack("(X|X)+年"), encoding="utf-8")
    report = tmp_path / "总结.txt"
    report.write_text(REPORT_TEXT + RUNAWAY_TEXT * 3 + "\n" + "X年\n", encoding="utf-8")
    began = time.monotonic()
    status = main(["audit", "--fail-on", "never", str(report)])
    out, err = capsys.readouterr()
    assert status == 0 and time.monotonic() - began < 30
    assert f"警告：规则“wording.mine”（{rules / '我的.toml'}:4）" in err and "已停用" in err
    assert "清单：意识形态工作总结" in out and "Traceback" not in err


def test_a_catastrophic_pattern_in_the_user_folder_is_refused_with_file_and_line(tmp_path, user_dirs,
                                                                                 capsys):
    """(X+X+)+年 used to pass the load checks and hang the CLI."""
    from gongwen.cli import main

    config, _ = user_dirs
    rules = config / "checklists" / "rules"
    rules.mkdir(parents=True)
    (rules / "我的.toml").write_text(_pack("(X+X+)+年"), encoding="utf-8")
    report = tmp_path / "总结.txt"
    report.write_text(REPORT_TEXT + RUNAWAY_TEXT + "\n", encoding="utf-8")
    assert main(["audit", "--fail-on", "never", str(report)]) == 0
    err = capsys.readouterr().err
    assert f"警告：{rules / '我的.toml'}:6:" in err and "(X+X+)+年" in err
