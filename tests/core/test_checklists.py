"""Checklists and rule packs load from data, validate, and report file:line problems."""

from pathlib import Path

import pytest

from gongwen.catalog import load_catalog
from gongwen.core.checklist import ChecklistError, parse_checklist
from gongwen.core.rulepack import parse_rulepack

MINIMAL = '''id = "mini"
name = "最小清单"
title_patterns = ["测试"]

[[section]]
id = "problems"
title = "存在问题"
required = true
keywords = ["存在问题"]
examples = ["二、存在问题"]
'''


def test_builtins_load_with_required_sections(catalog):
    summary = catalog.get("ideology-summary")
    ids = [s.id for s in summary.sections]
    assert ids == ["overview", "leadership", "study", "positions", "network", "guidance",
                   "judgement", "problems", "next_steps"]
    required = {s.id for s in summary.sections if s.required}
    assert required == {"leadership", "study", "network", "problems", "next_steps"}
    assert {"duty-report", "special-report"} <= set(catalog.checklists)
    assert all(c.skeleton for c in catalog.checklists.values())


def test_detection_by_title(catalog):
    assert catalog.detect("2021年度落实意识形态工作责任制述职报告").id == "duty-report"
    assert catalog.detect("市局2024年上半年意识形态工作总结").id == "ideology-summary"
    assert catalog.detect("关于乡村文化站建设情况的专题报告").id == "special-report"
    assert catalog.detect("").id == "ideology-summary"


def test_bad_toml_reports_file_and_line():
    with pytest.raises(ChecklistError) as error:
        parse_checklist('id = "x"\nname = \n', "user.toml")
    assert error.value.problems[0].startswith("user.toml:2: ")


def test_bad_regex_unknown_field_and_failing_example_are_reported_with_lines():
    pack = '''category = "placeholder"

[[rule]]
id = "placeholder.bad"
message = "m"
regex = "[未闭合"

[[rule]]
id = "placeholder.typo"
mesage = "m"
regex = "X"

[[rule]]
id = "placeholder.example"
message = "m"
regex = "某某"
bad = ["张三"]
'''
    with pytest.raises(ChecklistError) as error:
        parse_rulepack(pack, "rules/p.toml")
    problems = "\n".join(error.value.problems)
    assert "rules/p.toml:6: 正则表达式“[未闭合”无效" in problems
    assert "rules/p.toml:10: 规则“placeholder.typo”有未知字段 mesage" in problems
    assert "rules/p.toml:17: 规则“placeholder.example”的反例“张三”没有被识别" in problems


def test_section_examples_are_checked_on_load():
    broken = MINIMAL.replace('examples = ["二、存在问题"]', 'examples = ["二、工作打算"]')
    with pytest.raises(ChecklistError) as error:
        parse_checklist(broken, "c.toml")
    assert "c.toml:10: " in error.value.problems[0]
    assert parse_checklist(MINIMAL, "c.toml").id == "mini"


def test_user_checklist_overrides_builtin_by_id_and_broken_file_is_skipped(tmp_path: Path):
    (tmp_path / "mine.toml").write_text(MINIMAL.replace('"mini"', '"duty-report"'), encoding="utf-8")
    (tmp_path / "broken.toml").write_text("id = [", encoding="utf-8")
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "extra.toml").write_text('''category = "wording"
[[rule]]
id = "wording.local"
message = "本地提法“{text}”应为“{fix}”"
swap = { "宣传部门" = "宣传部" }
bad = ["宣传部门"]
''', encoding="utf-8")
    (rules / "bad.toml").write_text('category = "nonsense"\n', encoding="utf-8")
    catalog = load_catalog(user_folder=tmp_path)
    assert catalog.get("duty-report").name == "最小清单"
    assert "ideology-summary" in catalog.checklists
    assert any(r.id == "wording.local" for r in catalog.pack.rules)
    assert any(p.startswith(f"{tmp_path / 'broken.toml'}:1: TOML 语法错误") for p in catalog.problems)
    assert any("bad.toml:1: category" in p for p in catalog.problems)


def test_builtin_word_lists_are_present(catalog):
    for name in ("measure_words", "vague_quantifiers", "place_suffixes", "anniversaries", "meetings"):
        assert catalog.pack.words(name), name


def test_a_key_after_a_section_table_is_reported_not_swallowed():
    with pytest.raises(ChecklistError) as error:
        parse_checklist(MINIMAL + 'skeleton = "新建文本"\n', "c.toml")
    assert "c.toml:11: 章节“problems”有未知字段 skeleton" in error.value.problems[0]


def test_an_empty_keyword_is_refused_since_every_paragraph_holds_it():
    broken = MINIMAL.replace('keywords = ["存在问题"]', 'keywords = ["存在问题", " "]')
    assert broken != MINIMAL
    with pytest.raises(ChecklistError) as error:
        parse_checklist(broken, "c.toml")
    assert "关键词不能为空" in error.value.problems[0]


def test_a_users_checklist_with_a_runaway_title_pattern_is_refused_and_skipped(tmp_path: Path):
    runaway = MINIMAL.replace('title_patterns = ["测试"]', 'title_patterns = ["(测+)+报告"]')
    (tmp_path / "mine.toml").write_text(runaway.replace('"mini"', '"mine"'), encoding="utf-8")
    catalog = load_catalog(user_folder=tmp_path)
    assert "mine" not in catalog.checklists and "ideology-summary" in catalog.checklists
    assert any("mine.toml" in p and "可无限回溯" in p for p in catalog.problems)
    assert parse_checklist(runaway, "built-in.toml").id == "mini"  # ours are reviewed: trusted
