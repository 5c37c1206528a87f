"""The registry's own checks, run when the catalog loads: every code rule is declared in a
rule pack and every declaration is implemented by a family; the lists and thresholds the
families read exist; and each code rule's ``bad`` examples make it fire and its ``good``
examples do not — audited the way a user's draft is, so a broken rule fails loudly.

(Pattern rules' examples are checked as their file is parsed: see ``core.rulepack``.)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from .audit import Auditor
from .checklist import Checklist
from .parse import parse_text
from .rulepack import RulePack, RuleSpec
from .rules import FAMILIES, Family

DEFAULT_EXAMPLE_CHECKLIST = "ideology-summary"


def registry_problems(pack: RulePack, families: Iterable[Family] = FAMILIES) -> list[str]:
    """Declarations without a family, families' rules without a declaration, lists and
    thresholds a family reads that no pack provides."""
    families = tuple(families)
    problems = []
    implemented = {rule for family in families for rule in family.rules}
    for spec in pack.specs.values():
        if not spec.pattern and spec.id not in implemented:
            problems.append(f"{spec.source}: 规则“{spec.id}”没有 regex 或 swap，也没有程序实现它")
    for family in families:
        for rule in family.rules:
            if rule not in pack.specs:
                problems.append(f"rules/{family.category}.toml:1: 缺少规则“{rule}”的声明"
                                "（id、severity、message）")
        for name in family.lists:
            if name not in pack.lists:
                problems.append(f"rules/{family.category}.toml:1: 缺少词表 lists.{name}")
        for name in family.thresholds:
            if name not in pack.thresholds:
                problems.append(f"rules/{family.category}.toml:1: 缺少阈值 thresholds.{name}")
    return problems


def example_problems(pack: RulePack, checklists: dict[str, Checklist], segmenter: Any = None,
                     families: Iterable[Family] = FAMILIES) -> list[str]:
    """Each code rule's examples, audited with its checklist (the default one unless the
    rule names another). Rules that need jieba are checked only when ``segmenter`` is
    given (the tests give it; a start-up does not wait for jieba)."""
    families = tuple(families)
    needs_jieba = {rule for f in families if f.needs_segmenter for rule in f.rules}
    auditors: dict[str, Auditor] = {}
    problems = []
    for spec in pack.specs.values():
        if spec.pattern or (spec.id in needs_jieba and segmenter is None):
            continue
        checklist = checklists.get(spec.checklist or DEFAULT_EXAMPLE_CHECKLIST)
        if checklist is None:
            problems.append(f"{spec.source}: 规则“{spec.id}”的示例所用清单“{spec.checklist}”不存在")
            continue
        auditor = auditors.get(checklist.id)
        if auditor is None:  # examples show the rule itself: no override silences it
            plain = dataclasses.replace(checklist, severities={}, disabled=frozenset())
            auditor = auditors[checklist.id] = Auditor(plain, pack, None, segmenter, families)
        problems += _check(spec, auditor)
    return problems


def _check(spec: RuleSpec, auditor: Auditor) -> list[str]:
    problems = []
    for example in spec.bad:
        fired = [f for f in auditor.audit(parse_text(example)).findings if f.rule == spec.id]
        if not fired:
            problems.append(f"{spec.source}: 规则“{spec.id}”的反例没有被识别：{_first_line(example)}")
        for finding in fired:
            if "{" in finding.message and "}" in finding.message:
                problems.append(f"{spec.source}: 规则“{spec.id}”的提示语有未填的占位：{finding.message}")
    for example in spec.good:
        if any(f.rule == spec.id for f in auditor.audit(parse_text(example)).findings):
            problems.append(f"{spec.source}: 规则“{spec.id}”的正例被误报：{_first_line(example)}")
    return problems


def _first_line(example: str) -> str:
    lines = [line for line in example.splitlines() if line.strip()]
    return lines[0] if len(lines) == 1 else f"{lines[0]}……（共 {len(lines)} 行）"
