"""Findings: selecting, underlining, fixing (one undo step each) and ignoring."""

from __future__ import annotations

from drafts import draft
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QTextCharFormat, QTextCursor
from uihelpers import wait_report

ASTRAL = "𠮷𠮷会同单位召开会议X次，研究部署相关工作。"
PUNCT = ("支部书记认真履行职责,做到同部署、同落实。", "开展学习教育;撰写心得体会15篇。",
         "组织开展主题活动，取得良好成效。。")


def finding_item(window, category: str, text: str):
    items = window.panel.findings[category]
    index = next(i for i, f in enumerate(items) if f.text == text)
    return items[index], window.panel.groups[category].child(index)


def click(qtbot, tree, item, double: bool = False) -> None:
    tree.scrollToItem(item)
    point = tree.visualItemRect(item).center()
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=point)
    if double:  # a real double click: press, release, double-click
        qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_click_selects_exactly_the_span_after_an_astral_character(qtbot, make_window):
    window = make_window(draft(extra=(ASTRAL,)))
    wait_report(qtbot, window)
    finding, item = finding_item(window, "placeholder", "X")
    assert (finding.start, finding.end) == (ASTRAL.index("X"), ASTRAL.index("X") + 1)
    click(qtbot, window.panel.tree, item)
    cursor = window.editor.textCursor()
    block = window.editor.document().findBlockByNumber(finding.paragraph)
    assert cursor.selectedText() == "X"
    assert cursor.selectionStart() - block.position() == ASTRAL.index("X") + 2  # UTF-16
    assert cursor.selectionEnd() - cursor.selectionStart() == 1


def test_underline_sits_on_the_flagged_characters(qtbot, make_window):
    window = make_window(draft(extra=(ASTRAL,)))
    wait_report(qtbot, window)
    block = window.editor.document().lastBlock()
    ranges = [r for r in block.layout().formats()
              if r.format.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline]
    assert [(r.start, r.length) for r in ranges] == [(ASTRAL.index("X") + 2, 1)]
    heading = window.editor.document().findBlockByNumber(2)  # 一、工作开展情况
    assert any(r.format.fontWeight() >= 700 for r in heading.layout().formats())


def test_fix_changes_the_text_and_one_undo_restores_it(qtbot, make_window):
    window = make_window(draft(extra=PUNCT[:1]))
    wait_report(qtbot, window)
    before = window.editor.toPlainText()
    _finding, item = finding_item(window, "punctuation", ",")
    click(qtbot, window.panel.tree, item, double=True)
    assert window.editor.block_texts()[-1] == PUNCT[0].replace(",", "，")
    window.editor.undo()
    assert window.editor.toPlainText() == before
    qtbot.waitUntil(lambda: window.current_result() is not None
                    and any(f.text == "," for f in window.panel.findings["punctuation"]))


def test_fix_button_and_ctrl_dot(qtbot, make_window):
    window = make_window(draft(extra=PUNCT[1:2]))
    wait_report(qtbot, window)
    _finding, item = finding_item(window, "punctuation", ";")
    window.panel.tree.setCurrentItem(item)
    assert window.panel.fix_button.isEnabled()
    assert window.fix_action.shortcut() == QKeySequence("Ctrl+.")
    window.editor.setTextCursor(window.editor.finding_cursor(_finding))
    window.fix_action.trigger()
    assert window.editor.block_texts()[-1] == PUNCT[1].replace(";", "；")


def test_fix_all_punctuation_is_one_undo_step(qtbot, make_window):
    window = make_window(draft(extra=PUNCT))
    wait_report(qtbot, window)
    before = window.editor.toPlainText()
    assert len(window.panel.findings["punctuation"]) >= 3
    window.fix_all_punctuation()
    assert window.editor.block_texts()[-3:] == [
        "支部书记认真履行职责，做到同部署、同落实。", "开展学习教育；撰写心得体会15篇。",
        "组织开展主题活动，取得良好成效。"]
    window.editor.undo()
    assert window.editor.toPlainText() == before
    window.editor.redo()
    assert "," not in window.editor.toPlainText()


def test_deleting_a_junk_paragraph_removes_the_line(qtbot, make_window):
    window = make_window("仅供学习 禁止外传\n" + draft())
    wait_report(qtbot, window)
    finding, _item = finding_item(window, "junk", "仅供学习 禁止外传")
    assert window.editor.apply_fix(finding)
    assert window.editor.block_texts()[0] == draft().split("\n")[0]


def test_stale_finding_is_not_applied(qtbot, make_window):
    window = make_window(draft(extra=PUNCT[:1]))
    wait_report(qtbot, window)
    finding, _item = finding_item(window, "punctuation", ",")
    cursor = window.editor.finding_cursor(finding)
    cursor.insertText("，")  # fixed by hand meanwhile
    text = window.editor.toPlainText()
    assert not window.editor.apply_fix(finding)
    assert window.editor.toPlainText() == text


def test_ignore_here_and_ignore_rule(qtbot, make_window):
    window = make_window(draft(extra=PUNCT))
    wait_report(qtbot, window)
    finding, _item = finding_item(window, "punctuation", ",")
    window.ignore_spot(finding)
    qtbot.waitUntil(lambda: not any(f.text == "," for f in window.panel.findings["punctuation"]))
    assert any(f.text == ";" for f in window.panel.findings["punctuation"])
    doubled = next(f for f in window.panel.findings["punctuation"] if f.text == "。。")
    window.ignore_rule(doubled)
    qtbot.waitUntil(lambda: not any(f.rule == doubled.rule for group in window.panel.findings.values()
                                    for f in group))
    assert doubled.rule in window.files.doc_settings.ignores.rules


def test_panel_update_keeps_collapsed_groups_selection_and_scroll(qtbot, make_window):
    window = make_window(draft(extra=(*PUNCT, ASTRAL)))
    wait_report(qtbot, window)
    panel = window.panel
    panel.groups["placeholder"].setExpanded(False)
    _finding, item = finding_item(window, "punctuation", ";")
    panel.tree.setCurrentItem(item)
    window.editor.moveCursor(QTextCursor.MoveOperation.Start)
    window.editor.insertPlainText("\n")  # every finding moves down one paragraph
    qtbot.waitUntil(lambda: window.current_result() is not None and not window.live.busy)
    assert not panel.groups["placeholder"].isExpanded()
    selected = panel.selected_finding()
    assert selected is not None and selected.text == ";" and selected.paragraph == _finding.paragraph + 1


def drawn_marks(editor) -> set[tuple[int, int]]:
    """(block, UTF-16 position) of every underlined character in the editor."""
    found = set()
    block = editor.document().firstBlock()
    while block.isValid():
        for item in block.layout().formats():
            if item.format.underlineStyle() != QTextCharFormat.UnderlineStyle.NoUnderline:
                found.update((block.blockNumber(), p) for p in range(item.start, item.start + item.length))
        block = block.next()
    return found


def expected_marks(result) -> set[tuple[int, int]]:
    return {(n, p) for n, marks in result.marks.items() for m in marks for p in range(m.start16, m.end16)}


def test_underlines_follow_lines_added_and_removed(qtbot, make_window):
    window = make_window(draft(extra=(*PUNCT, ASTRAL)) + "\n" + "\n".join(PUNCT))
    editor = window.editor
    result = wait_report(qtbot, window)
    assert drawn_marks(editor) == expected_marks(result)
    edits = [(0, "\n"), (4, "新增一段,内容。\n"), (editor.document().blockCount() - 2, "\n\n")]
    for number, text in edits:
        cursor = QTextCursor(editor.document().findBlockByNumber(number))
        cursor.insertText(text)
        result = wait_report(qtbot, window)
        assert drawn_marks(editor) == expected_marks(result)
    cursor = QTextCursor(editor.document().findBlockByNumber(1))
    cursor.movePosition(QTextCursor.MoveOperation.Down, QTextCursor.MoveMode.KeepAnchor, 3)
    cursor.removeSelectedText()
    result = wait_report(qtbot, window)
    assert drawn_marks(editor) == expected_marks(result)


def test_a_line_break_fix_makes_a_new_paragraph_in_the_editor(qtbot, make_window):
    sentence = "全年未发生意识形态领域问题，现将情况报告如下。"
    glued = f"{sentence} 四、其他工作"
    window = make_window(draft(extra=(glued,)))
    wait_report(qtbot, window)
    finding = next(f for f in window.panel.findings["punctuation"]
                   if f.rule == "punctuation.line-break")
    assert finding.fix == "\n"
    assert window.editor.apply_fix(finding)
    assert window.editor.block_texts()[-2:] == [sentence, "四、其他工作"]
    window.editor.undo()
    assert window.editor.block_texts()[-1] == glued


def test_the_panel_says_why_the_checklist_was_chosen(qtbot, make_window):
    window = make_window(draft())
    wait_report(qtbot, window)
    header = window.panel.name_label.text()
    assert "意识形态工作总结" in header and "按标题识别为" in header
    assert window.current_result().choice.reason in header.replace("&quot;", "\"")
