"""Every rule is declared in data: code rules too carry id, severity, message and checked
examples; a checklist may name only rules that exist."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from gongwen.catalog import load_catalog
from gongwen.core.checklist import ChecklistError, parse_checklist
from gongwen.core.examples import example_problems, registry_problems
from gongwen.core.rulepack import parse_rulepack
from gongwen.core.rules import FAMILIES

CHECKLIST = '''id = "mini"
name = "最小清单"

[severity]
"punctuation.spcae" = "info"

[[section]]
id = "problems"
title = "存在问题"
keywords = ["存在问题"]
'''


def test_every_family_rule_is_declared_and_every_code_declaration_implemented(catalog):
    assert registry_problems(catalog.pack) == []
    declared = {s.id for s in catalog.pack.specs.values() if not s.pattern}
    implemented = {rule for family in FAMILIES for rule in family.rules}
    assert declared == implemented
    # every rule shows what it finds (the proofreader's document-level date.anachronism is
    # shown by its dated lexicon entries, tests/core/test_proofread.py)
    assert all(s.bad for s in catalog.pack.specs.values() if s.id != "date.anachronism")


def test_code_rule_examples_hold_with_jieba_too(catalog, segmenter):
    """At start-up the jieba rules' examples are skipped (jieba loads later); here they run."""
    assert example_problems(catalog.pack, catalog.checklists, segmenter) == []


def test_a_misspelt_rule_id_in_a_checklist_is_a_load_error(catalog):
    with pytest.raises(ChecklistError) as error:
        parse_checklist(CHECKLIST, "mine.toml", catalog.known_rules())
    assert "mine.toml:5: [severity] 中的“punctuation.spcae”不是已知的规则 id" in error.value.problems[0]
    fixed = CHECKLIST.replace("spcae", "space")
    assert parse_checklist(fixed, "mine.toml", catalog.known_rules()).severities


def test_unknown_disabled_rule_is_reported_by_the_catalog(tmp_path: Path):
    text = CHECKLIST.replace('[severity]\n"punctuation.spcae" = "info"',
                             'disabled_rules = ["numbering.gapp"]')
    (tmp_path / "mine.toml").write_text(text, encoding="utf-8")
    catalog = load_catalog(user_folder=tmp_path)
    assert "mini" not in catalog.checklists
    assert any("“numbering.gapp”不是已知的规则" in p for p in catalog.problems)


def test_a_declaration_nobody_implements_is_found(catalog):
    ghost = parse_rulepack('''category = "punctuation"
[[rule]]
id = "punctuation.ghost"
message = "幽灵规则"
bad = ["甲"]
''', "rules/ghost.toml")
    problems = registry_problems(catalog.pack.merge(ghost))
    assert problems == ["rules/ghost.toml:3: 规则“punctuation.ghost”没有 regex 或 swap，也没有程序实现它"]


def test_a_missing_declaration_is_found(catalog):
    specs = {k: v for k, v in catalog.pack.specs.items() if k != "numbering.gap"}
    problems = registry_problems(dataclasses.replace(catalog.pack, specs=specs))
    assert problems == ["rules/numbering.toml:1: 缺少规则“numbering.gap”的声明（id、severity、message）"]


def test_a_user_override_whose_example_fails_falls_back_to_the_builtins(tmp_path: Path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "numbering.toml").write_text('''category = "numbering"
[[rule]]
id = "numbering.gap"
severity = "error"
message = "跳号：{missing}"
bad = ["一、甲\\n二、乙"]
''', encoding="utf-8")
    catalog = load_catalog(user_folder=tmp_path)
    assert any("规则“numbering.gap”的反例没有被识别" in p for p in catalog.problems)
    assert catalog.pack.spec("numbering.gap").message == "编号跳过了“{missing}”"


def test_a_user_message_override_is_used(tmp_path: Path, catalog):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "numbering.toml").write_text('''category = "numbering"
[[rule]]
id = "numbering.gap"
severity = "error"
message = "跳号：少了{missing}"
bad = ["一、甲\\n三、乙"]
''', encoding="utf-8")
    mine = load_catalog(user_folder=tmp_path)
    assert mine.problems == []
    from gongwen.core.audit import Auditor
    from gongwen.core.parse import parse_text

    report = Auditor(mine.get("ideology-summary"), mine.pack).audit(parse_text("一、甲\n三、乙"))
    (gap,) = [f for f in report.findings if f.rule == "numbering.gap"]
    assert gap.message == "跳号：少了二、" and gap.severity.label == "error"


@pytest.mark.parametrize(("value", "message"), [
    ('keywords = 5', "keywords 应为字符串或字符串列表"),
    ('min_chars = "abc"', "min_chars 应为非负整数"),
    ('required = "yes"', "required 应为 true 或 false"),
])
def test_wrong_value_types_in_a_checklist_are_reported_with_the_line(value, message):
    text = CHECKLIST.replace('"punctuation.spcae" = "info"', "")
    text = text.replace('keywords = ["存在问题"]', value) if value.startswith("keywords") \
        else text + value + "\n"
    with pytest.raises(ChecklistError) as error:
        parse_checklist(text, "c.toml")
    assert any(message in p for p in error.value.problems), error.value.problems


@pytest.mark.parametrize(("rule", "message"), [
    ('severity = "high"', "未知的严重程度"),
    ('regex = "X"\nfix = 5', "fix 应为字符串"),
    ('regex = "(X)"\nfix = "\\\\9"', "引用了正则中不存在的分组"),
    ('swap = "abc"', "swap 应为表"),
    ('regex = "X"\nbad = 5', "bad 应为字符串或字符串列表"),
    ('regex = "(X+X+)+年"', "嵌套重复"),
])
def test_wrong_rule_values_are_refused_at_load(rule, message):
    text = f'category = "placeholder"\n[[rule]]\nid = "placeholder.mine"\nmessage = "m"\n{rule}\n'
    with pytest.raises(ChecklistError) as error:
        parse_rulepack(text, "rules/p.toml")
    assert any(message in p for p in error.value.problems), error.value.problems
