"""A huge result reaches the widgets progressively: the marks of thousands of blocks are
attached slice by slice between events (in view first), completely, and a newer result or
an edit meanwhile leaves no block with stale marks."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextCursor
from uihelpers import type_text, wait_report

from gongwen.core.model import Finding, Severity
from gongwen.ui import highlighter as highlighter_module
from gongwen.ui.editor import DraftEditor
from gongwen.ui.highlighter import block_marks, runs_of
from gongwen.ui.outline import SYNC_ENTRIES, OutlineView
from gongwen.ui.view_model import Mark, outline_entries

from support import parse_titled

BLOCKS = 3000


@pytest.fixture()
def thin_slices(monkeypatch):
    """Slices of FILL_MIN_BLOCKS blocks whatever the machine's speed: a fill of BLOCKS
    blocks surely takes several."""
    monkeypatch.setattr(highlighter_module, "FILL_SLICE_S", 0.0)


def _texts(tag: str = "") -> list[str]:
    return [f"第{n}项工作完成了X次调研{tag}。" for n in range(BLOCKS)]


def _marks(texts: list[str], every: int, severity: Severity = Severity.ERROR
           ) -> dict[int, tuple[Mark, ...]]:
    """A mark on the "X" of every ``every``-th block."""
    marks = {}
    for number in range(0, len(texts), every):
        start = texts[number].index("X")
        finding = Finding(rule="placeholder.x", category="placeholder", severity=severity,
                          message="占位符“X”未替换", paragraph=number, start=start,
                          end=start + 1, text="X")
        marks[number] = (Mark.of(finding, texts[number], True),)
    return marks


def _carried(editor: DraftEditor) -> dict[int, tuple[Mark, ...]]:
    found = {}
    block = editor.document().firstBlock()
    while block.isValid():
        data = block_marks(block)
        if data is not None and data.marks:
            found[block.blockNumber()] = data.marks
        block = block.next()
    return found


def _editor(qtbot, texts: list[str]) -> DraftEditor:
    editor = DraftEditor()
    qtbot.addWidget(editor)
    editor.resize(600, 400)
    editor.show()
    editor.setPlainText("\n".join(texts))
    return editor


def test_marks_of_thousands_of_blocks_arrive_slice_by_slice_and_completely(qtbot, thin_slices):
    texts = _texts()
    editor = _editor(qtbot, texts)
    highlighter = editor.highlighter
    marks = _marks(texts, 2)
    highlighter.set_marks(marks, None, first_visible=0)
    assert highlighter.filling() and not highlighter.settled()
    assert 0 < len(_carried(editor)) < len(marks)  # the first slice only, in view first
    first, last = editor.shown_blocks()
    assert last - first > 10
    assert all(n in _carried(editor) for n in range(first, last, 2))
    qtbot.waitUntil(lambda: not highlighter.filling(), timeout=10_000)
    assert highlighter.settled() and _carried(editor) == marks


def test_the_blocks_in_view_get_their_marks_in_the_first_slice(qtbot, thin_slices):
    texts = _texts()
    editor = _editor(qtbot, texts)
    middle = BLOCKS * 2 // 3
    editor.setTextCursor(QTextCursor(editor.document().findBlockByNumber(middle)))
    editor.centerCursor()
    qtbot.wait(20)
    first, last = editor.shown_blocks()
    assert first > 1000
    editor.highlighter.set_marks(_marks(texts, 1), None, first_visible=first)
    carried = _carried(editor)
    assert all(n in carried for n in range(first, last))


def _filling_editor(qtbot):
    """An editor whose first result's marks are still being attached, slice by slice."""
    texts = _texts()
    editor = _editor(qtbot, texts)
    editor.highlighter.set_marks(_marks(texts, 2), None)
    assert editor.highlighter.filling()
    return texts, editor


def test_a_newer_result_cancels_the_fill_and_every_block_ends_with_its_marks(qtbot, thin_slices):
    texts, editor = _filling_editor(qtbot)
    highlighter = editor.highlighter
    newer = _marks(texts, 3, Severity.WARNING)
    # the newer result names a few changed blocks: not trusted while the old fill is cut short
    highlighter.set_marks(newer, None, blocks=[0, 3, 6])
    qtbot.waitUntil(lambda: not highlighter.filling(), timeout=10_000)
    assert _carried(editor) == newer


def test_an_edit_during_a_fill_stops_it_and_the_next_result_compares_every_block(qtbot, thin_slices):
    texts, editor = _filling_editor(qtbot)
    highlighter = editor.highlighter
    cursor = QTextCursor(editor.document().findBlockByNumber(5))
    cursor.insertText("又")
    assert not highlighter.filling() and not highlighter.settled()
    texts[5] = editor.document().findBlockByNumber(5).text()
    newer = _marks(texts, 4)
    highlighter.set_marks(newer, None, blocks=[5])
    highlighter.flush()
    assert not highlighter.filling() and highlighter.settled()
    assert _carried(editor) == newer


def test_a_settled_editor_trusts_the_list_of_changed_blocks(qtbot):
    texts = _texts()[:50]
    editor = _editor(qtbot, texts)
    highlighter = editor.highlighter
    marks = _marks(texts, 2)
    highlighter.set_marks(marks, None)
    assert highlighter.settled()
    highlighter.set_marks({}, None, blocks=[0])  # only block 0 named: only it changes
    assert _carried(editor) == {n: m for n, m in marks.items() if n}


def test_runs_of_block_numbers():
    assert runs_of([0, 1, 2, 5, 7, 8, 20], 10) == [(0, 3), (5, 6), (7, 9)]
    assert runs_of([], 10) == []


def test_an_opened_long_text_gets_every_mark_of_its_result_and_of_the_next(make_window, qtbot,
                                                                          thin_slices):
    texts = _texts()
    window = make_window("\n".join(texts))
    result = wait_report(qtbot, window, timeout=60_000)
    highlighter = window.editor.highlighter
    qtbot.waitUntil(lambda: not highlighter.filling(), timeout=10_000)
    wanted = {n: m for n, m in result.marks.items() if m}
    assert len(wanted) >= BLOCKS and _carried(window.editor) == wanted
    window.editor.setTextCursor(QTextCursor(window.editor.document().findBlockByNumber(10)))
    type_text(window.editor, "加强")
    result = wait_report(qtbot, window, timeout=60_000)
    qtbot.waitUntil(lambda: not highlighter.filling(), timeout=10_000)
    assert _carried(window.editor) == {n: m for n, m in result.marks.items() if m}


def test_typing_while_the_marks_arrive_leaves_each_block_with_the_last_result(make_window, qtbot,
                                                                               thin_slices):
    texts = _texts()
    window = make_window("开始")
    wait_report(qtbot, window)
    window.live.delay_ms = 10_000  # the edit below waits: the fill is still under way
    window.load_text("\n".join(texts))
    highlighter = window.editor.highlighter
    qtbot.waitUntil(lambda: window.current_result() is not None, timeout=60_000)
    assert highlighter.filling()
    window.editor.setTextCursor(QTextCursor(window.editor.document().findBlockByNumber(2)))
    type_text(window.editor, "\n新的一段X次")  # blocks move down: their numbers change
    window.live.delay_ms = 0
    window.live.run_now()
    result = wait_report(qtbot, window, timeout=60_000)
    qtbot.waitUntil(lambda: not highlighter.filling(), timeout=10_000)
    assert _carried(window.editor) == {n: m for n, m in result.marks.items() if m}


@pytest.mark.parametrize("text", ["一\n二\u2028三\n\n\t𠀀四\x0c", "a\rb\nc", "甲\u2029乙", ""])
def test_block_texts_after_set_plain_text_are_the_blocks_texts(qtbot, text):
    editor = _editor(qtbot, [])
    editor.setPlainText(text)
    assert editor.block_texts() == editor.document().toRawText().split("\u2029")
    assert len(editor.block_texts()) == editor.document().blockCount()


def test_outline_built_at_once_nests_headings_like_the_document(qtbot):
    lines = ["某县2024年意识形态工作总结", "一、加强领导", "（一）压实责任", "1.细化清单", "正文。",
             "（二）健全机制", "二、强化阵地", "（一）网络阵地"]
    view = OutlineView()
    qtbot.addWidget(view)
    entries = outline_entries(parse_titled("\n".join(lines)))
    view.show_entries(entries)

    def tree(item) -> list:
        return [(item.child(i).text(0), tree(item.child(i))) for i in range(item.childCount())]

    top = [(view.topLevelItem(i).text(0), tree(view.topLevelItem(i)))
           for i in range(view.topLevelItemCount())]
    assert top == [(lines[0], [
        ("一、加强领导", [("（一）压实责任", [("1.细化清单", [])]), ("（二）健全机制", [])]),
        ("二、强化阵地", [("（一）网络阵地", [])])])]
    assert [i for i, _ in view._items] == [e[0] for e in entries] == [0, 1, 2, 3, 5, 6, 7]
    assert all(item.isExpanded() for _, item in view._items if item.childCount())
    view.follow(4)
    assert view.currentItem().text(0) == "1.细化清单"


def test_a_long_outline_is_built_in_an_event_of_its_own_from_the_latest_entries(qtbot):
    view = OutlineView()
    qtbot.addWidget(view)
    many = tuple((n * 2, 1, f"{n}、第{n}部分") for n in range(SYNC_ENTRIES + 50))
    view.show_entries(many)
    assert view.topLevelItemCount() == 0  # not yet: the result is shown first
    newer = many[:-1]
    view.show_entries(newer)
    qtbot.waitUntil(lambda: view.topLevelItemCount() > 0)
    assert [view.topLevelItem(i).text(0) for i in range(view.topLevelItemCount())] == \
        [text for _, _, text in newer]
    view.show_entries(((0, 1, "一、唯一"),))  # few: at once
    assert view.topLevelItemCount() == 1


def test_rows_reused_from_the_last_view_are_the_rows_made_afresh():
    """Typing in one paragraph, in another, inserting a line, and the text read anew (new
    string objects): the memo's rows are always the rows made without it, and typing
    reuses the rows it did not touch."""
    from gongwen.core.parse import parse_paragraphs
    from gongwen.service import AuditService
    from gongwen.ui.view_model import ContextCache, RowMemo, panel_view, severity_counts

    service, _ = AuditService.load()
    texts = ["某县2024年意识形态工作总结"] + [
        f"第{n}项：完成了X次调研，制定方案XX个，成立工作专班。" for n in range(60)]
    memo, contexts = RowMemo(), ContextCache()

    def views(texts: list[str]):
        report = service.audit(parse_paragraphs(texts)).report
        counts = severity_counts(report.findings)
        return (panel_view(report, texts, None, 0, counts).rows,
                panel_view(report, texts, None, 0, counts, contexts, memo).rows)

    edits = [lambda t: t, lambda t: _typed(t, 5, "又"), lambda t: _typed(t, 5, "再", at=12),
             lambda t: _typed(t, 30, "甲"), lambda t: [*t[:10], "新的一段X次。", *t[10:]],
             lambda t: "\n".join(t).split("\n")]
    reused = 0
    before: dict = {}
    for number, edit in enumerate(edits):
        texts = edit(texts)
        fresh, kept = views(texts)
        assert kept == fresh, number
        old = {id(r) for _, rows in before.values() for r in rows}
        reused += sum(id(r) in old for _, rows in kept.values() for r in rows)
        before = kept
    assert reused > 0


def _typed(texts: list[str], index: int, char: str, at: int = 3) -> list[str]:
    """``texts`` with ``char`` typed into paragraph ``index`` at ``at`` (12: after the "X",
    in its context): the other strings are the very same objects, as the editor hands
    them over."""
    changed = list(texts)
    changed[index] = changed[index][:at] + char + changed[index][at:]
    return changed
