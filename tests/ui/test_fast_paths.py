"""The shortcuts taken for speed give the same results as the plain ways they replace."""

from __future__ import annotations

import dataclasses

from drafts import draft
from uihelpers import type_text, wait_report

from gongwen.core.audit import with_severity_section
from gongwen.core.model import Finding, Severity
from gongwen.core.parse import parse_paragraphs
from gongwen.ui.checklist_panel import MAX_GROUP_ITEMS, panel_groups
from gongwen.ui.highlighter import Mark, common_prefix, marks_by_block, shifted_marks
from gongwen.ui.live_audit import ParagraphCache


def a_finding(**changes) -> Finding:
    values = {f.name: f"{f.name}-value" for f in dataclasses.fields(Finding)}
    values.update(severity=Severity.WARNING, paragraph=3, start=2, end=5)
    values.update(changes)
    return Finding(**values)


def test_with_severity_section_is_replace():
    item = a_finding()
    for severity, section in ((Severity.ERROR, "s1"), (Severity.WARNING, item.section)):
        assert with_severity_section(item, severity, section) == dataclasses.replace(
            item, severity=severity, section=section)


def test_paragraph_cache_parses_like_parse_paragraphs():
    cache = ParagraphCache()
    texts = draft().split("\n")
    edits = [texts, [*texts[:3], "新插入的一段。", *texts[3:]], texts[1:], texts + texts]
    for version in edits * 2:
        fast, plain = cache.parse(version), parse_paragraphs(version)
        assert (fast.paragraphs, fast.title_index) == (plain.paragraphs, plain.title_index)
        assert [(b.heading, b.start, b.end) for b in fast.root.walk()] == \
            [(b.heading, b.start, b.end) for b in plain.root.walk()]


def test_panel_groups_count_all_and_keep_the_first():
    findings = [a_finding(category="punctuation", start=i) for i in range(MAX_GROUP_ITEMS + 5)]
    groups = panel_groups([*findings, a_finding(category="date")])
    assert groups["punctuation"] == (MAX_GROUP_ITEMS + 5, findings[:MAX_GROUP_ITEMS])
    assert groups["date"][0] == 1 and groups["wording"] == (0, [])


def test_common_prefix():
    assert common_prefix("abcdef", "abcxef") == 3
    assert common_prefix("", "abc") == 0
    assert common_prefix("abc", "abc") == 3


def test_shifted_marks_follow_their_text():
    old = "甲乙丙XX丁戊XXX己"
    new = "甲乙新丙XX丁戊XXX己"  # 新 typed before 丙
    findings = [a_finding(start=3, end=5, text="XX", paragraph=0),
                a_finding(start=7, end=10, text="XXX", paragraph=0),
                a_finding(start=0, end=2, text="甲乙", paragraph=0)]
    marks = marks_by_block(findings, [old])[0]
    moved = shifted_marks(marks, old, new)
    assert [(m.start, m.end) for m in moved] == [(4, 6), (8, 11), (0, 2)]
    assert all(m.valid_in(new) for m in moved)
    # the audit of the new text gives the same marks: nothing to re-highlight
    again = [dataclasses.replace(f, start=f.start + 1, end=f.end + 1) if f.start >= 2 else f
             for f in findings]
    assert moved == marks_by_block(again, [new])[0]


def test_shifted_marks_drop_what_the_edit_touched_and_count_surrogates():
    old = "𠮷X甲"
    finding = a_finding(start=1, end=2, text="X", paragraph=0)
    (mark,) = marks_by_block([finding], [old])[0]
    assert (mark.start16, mark.end16) == (2, 3)
    assert shifted_marks((mark,), old, "𠮷Y甲") == ()
    (moved,) = shifted_marks((mark,), old, "𠮷𠮷X甲")
    assert (moved.start, moved.end, moved.start16, moved.end16) == (2, 3, 4, 5)
    assert isinstance(moved, Mark)


def test_block_texts_follow_every_kind_of_edit(make_window, qtbot):
    from PySide6.QtGui import QTextCursor

    window = make_window(draft())
    editor = window.editor

    def plain() -> list[str]:
        return editor.document().toRawText().split("\u2029")

    assert editor.block_texts() == plain()
    cursor = QTextCursor(editor.document().findBlockByNumber(3))
    cursor.movePosition(QTextCursor.MoveOperation.Right, n=5)
    editor.setTextCursor(cursor)
    type_text(editor, "加强")  # an input method commit
    assert editor.block_texts() == plain()
    type_text(editor, "一\n二")  # a new paragraph
    assert editor.block_texts() == plain()
    cursor = editor.textCursor()
    cursor.setPosition(2)
    cursor.setPosition(editor.document().findBlockByNumber(2).position() + 3,
                       QTextCursor.MoveMode.KeepAnchor)
    cursor.insertText("跨段替换")  # across paragraphs
    assert editor.block_texts() == plain()
    editor.undo()
    editor.undo()
    assert editor.block_texts() == plain()
    result = wait_report(qtbot, window)
    assert [p.text for p in result.document.paragraphs] == plain()
