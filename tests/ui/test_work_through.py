"""Working through findings fast (issue 18 §2), on real widgets: F8 / Shift+F8 from anywhere,
Enter on a row, the row following the cursor, identical findings folded into one row that
expands, the bulk actions as one undo step each (undo gives back the exact text), and the
counters telling one story."""

from __future__ import annotations

import re

from drafts import INTRO, LEADERSHIP, NETWORK, NEXT, PROBLEMS, STUDY, TITLE, draft
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from uihelpers import wait_report

from gongwen.core.model import Finding, Severity
from gongwen.ui.view_model import (
    blank_lines_before_headings,
    context_of,
    navigable,
    position_key,
    step_finding,
    visible_numbers,
)

PLACEHOLDERS = "（四）抓好专项整治。制定实施方案X个，开展专项检查X次，排查问题X个，整改到位X个。"


def finding(**values) -> Finding:
    fields = {"rule": "placeholder.x", "category": "placeholder", "severity": Severity.ERROR,
              "message": "占位符", "paragraph": 0, "start": 0, "end": 1, "text": "X", "fix": None,
              "section": ""}
    fields.update(values)
    return Finding(**fields)


def plain(html: str) -> str:
    return re.sub("<[^>]*>", "", html).replace("&nbsp;", " ")


def selected_text(window) -> str:
    return window.editor.textCursor().selectedText()


# ---------------------------------------------------------------- F8

def test_f8_walks_the_findings_in_text_order_and_wraps(make_window, qtbot):
    window = make_window(draft(extra=(PLACEHOLDERS,)))
    result = wait_report(qtbot, window)
    ordered = navigable(result.report.findings)
    spans = [f for f in ordered if f.end > f.start]
    assert len(spans) >= 4
    window.outline.setFocus()  # from anywhere: the shortcut is the window's
    window.editor.moveCursor(QTextCursor.MoveOperation.Start)
    visited = []
    for _ in range(len(ordered) + 1):
        QTest.keyClick(window.focusWidget() or window, Qt.Key.Key_F8)
        visited.append(window.finding_tools._current)
    assert [position_key(f) for f in visited[:-1]] == [position_key(f) for f in ordered]
    assert position_key(visited[-1]) == position_key(ordered[0])  # round the end
    first_span = next(f for f in ordered if f.end > f.start)
    window.editor.moveCursor(QTextCursor.MoveOperation.Start)
    window.finding_tools._current = None
    while window.finding_tools._current is None or window.finding_tools._current.end <= \
            window.finding_tools._current.start:
        QTest.keyClick(window.editor, Qt.Key.Key_F8)
    assert selected_text(window) == first_span.text
    assert window.panel.selected_finding() == first_span  # its row selected too


def test_shift_f8_goes_back_from_the_cursor(make_window, qtbot):
    window = make_window(draft(extra=(PLACEHOLDERS,)))
    result = wait_report(qtbot, window)
    ordered = navigable(result.report.findings)
    xs = [f for f in ordered if f.text == "X"]
    editor = window.editor
    block = editor.document().findBlockByNumber(xs[1].paragraph)
    cursor = QTextCursor(block)
    cursor.setPosition(block.position() + xs[1].start + 1)  # inside the second X's paragraph, after it
    editor.setTextCursor(cursor)
    QTest.keyClick(editor, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert position_key(window.finding_tools._current) == position_key(xs[1])
    QTest.keyClick(editor, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert position_key(window.finding_tools._current) == position_key(xs[0])
    QTest.keyClick(editor, Qt.Key.Key_F8)
    assert position_key(window.finding_tools._current) == position_key(xs[1])


def test_step_finding_visits_two_findings_at_one_place():
    a = finding(paragraph=2, start=3, end=5, rule="a")
    b = finding(paragraph=2, start=3, end=5, rule="b")
    c = finding(paragraph=4, start=0, end=1, rule="c")
    ordered = [a, b, c]
    assert step_finding(ordered, (2, 3), True) is a
    assert step_finding(ordered, (2, 3), True, a) is b
    assert step_finding(ordered, (2, 3), True, b) is c
    assert step_finding(ordered, (9, 0), True) is a  # wraps
    assert step_finding(ordered, (2, 3), False, b) is a
    assert step_finding(ordered, (0, 0), False) is c  # wraps back
    assert step_finding([], (0, 0), True) is None


def test_enter_on_a_row_jumps_and_the_row_follows_the_cursor(make_window, qtbot):
    window = make_window(draft(extra=(PLACEHOLDERS, "联系人：XXX。")))
    wait_report(qtbot, window)
    panel = window.panel
    xxx = next(f for f in panel.findings["placeholder"] if f.text == "XXX")
    panel.tree.setFocus()
    panel.tree.setCurrentItem(panel.item_of(xxx))
    QTest.keyClick(panel.tree, Qt.Key.Key_Return)
    assert selected_text(window) == "XXX"
    # the cursor moved by hand onto another finding: its row is selected
    x = next(f for f in panel.findings["placeholder"] if f.text == "X")
    block = window.editor.document().findBlockByNumber(x.paragraph)
    cursor = QTextCursor(block)
    cursor.setPosition(block.position() + x.start)
    window.editor.setTextCursor(cursor)
    chosen = panel.selected_finding()
    assert chosen is not None and (chosen.paragraph, chosen.start, chosen.text) == (x.paragraph, x.start, "X")
    assert panel.tree.currentItem().parent().isExpanded()  # inside its fold, opened


# ---------------------------------------------------------------- folding and context

def _is_fold(panel, item) -> bool:
    found = panel._row_of(item)
    return found is not None and found[1].folded


def test_identical_findings_fold_into_one_row_that_expands(make_window, qtbot):
    window = make_window(draft(extra=(PLACEHOLDERS,)))
    wait_report(qtbot, window)
    panel = window.panel
    group = panel.groups["placeholder"]
    folds = [group.child(i) for i in range(group.childCount()) if _is_fold(panel, group.child(i))]
    assert len(folds) == 1
    fold = folds[0]
    assert fold.text(0).endswith("×4") and "X" in fold.text(0) and fold.text(1) == "4 处"
    assert fold.childCount() == 0  # a closed fold's places are made when it opens
    fold.setExpanded(True)
    assert fold.childCount() == 4
    places = [fold.child(i).text(0) for i in range(4)]
    assert all("【X】" in place for place in places)
    assert places[0].startswith("…") or "制定实施方案【X】个" in places[0]
    assert "制定实施方案【X】个" in places[0]
    number = visible_numbers(window.editor.block_texts())[len(window.editor.block_texts()) - 1]
    assert {fold.child(i).text(1) for i in range(4)} == {f"第 {number} 段"}
    # an edit elsewhere re-audits: the fold stays open, the rows are updated in place
    cursor = QTextCursor(window.editor.document().findBlockByNumber(1))
    cursor.insertText("又")
    wait_report(qtbot, window)
    group = panel.groups["placeholder"]
    fold = next(group.child(i) for i in range(group.childCount()) if group.child(i).childCount())
    assert fold.isExpanded()
    # 修正 on the fold fixes them all at once only when they have a fix: these have none
    panel.tree.setCurrentItem(fold)
    assert not panel.fix_button.isEnabled()


def test_a_single_row_shows_its_context_and_wraps(make_window, qtbot):
    window = make_window(draft(extra=("联系人：XXX，电话待补充。",)))
    result = wait_report(qtbot, window)
    panel = window.panel
    xxx = next(f for f in panel.findings["placeholder"] if f.text == "XXX")
    item = panel.item_of(xxx)
    from gongwen.ui.checklist_panel import CONTEXT_ROLE

    assert item.data(0, CONTEXT_ROLE) == "联系人：【XXX】，电话待补充。"
    assert context_of(xxx, window.editor.block_texts()) == "联系人：【XXX】，电话待补充。"
    assert item.text(0) == xxx.message  # the whole message: wrapped by the delegate, not elided
    tree = panel.tree
    index = tree.indexFromItem(item, 0)
    one_line = tree.fontMetrics().height()
    assert tree.visualRect(index).height() > 2 * one_line - 2  # message and context: two lines at least
    assert result.panel is not None


def test_context_of_trims_long_paragraphs():
    text = "甲乙丙丁戊己庚辛壬癸" * 3 + "【待补充】" + "子丑寅卯辰巳午未申酉" * 3
    start = text.index("【")
    item = finding(paragraph=0, start=start, end=start + 5, text="【待补充】")
    shown = context_of(item, [text])
    assert shown == "…甲乙丙丁戊己庚辛壬癸【【待补充】】子丑寅卯辰巳午未申酉…"
    assert context_of(finding(paragraph=0, start=0, end=2, text="不对"), [text]) == ""


# ---------------------------------------------------------------- bulk actions: one undo step each

JUNK_DRAFT = "\n".join([
    "仅供学习交流 禁止外传 更多范文请加会员群",
    TITLE, INTRO, "一、工作开展情况", LEADERSHIP, "本文来源于网络，版权归原作者所有", STUDY, NETWORK,
    *PROBLEMS, *NEXT])


def test_remove_all_junk_is_one_undo_step(make_window, qtbot):
    window = make_window(JUNK_DRAFT)
    result = wait_report(qtbot, window)
    junk = [f for f in result.report.findings if f.category == "junk" and f.fix is not None]
    assert len(junk) >= 2
    before = window.editor.toPlainText()
    assert window.finding_tools.remove_all_junk() >= 2
    after = window.editor.toPlainText()
    assert "会员群" not in after and "版权归原作者" not in after
    assert "删除" in window.statusBar().currentMessage() and "广告水印" in window.statusBar().currentMessage()
    window.editor.undo()
    assert window.editor.toPlainText() == before  # one undo gives back the exact text
    window.editor.redo()
    assert window.editor.toPlainText() == after
    wait_report(qtbot, window)
    assert window.finding_tools.remove_all_junk() == 0
    assert window.statusBar().currentMessage() == "没有广告水印"


def test_fix_all_punctuation_is_one_undo_step(make_window, qtbot):
    text = draft(extra=("加强宣传,扩大影响;确保实效.", "开展活动,效果良好:群众满意"))
    window = make_window(text)
    result = wait_report(qtbot, window)
    marks = [f for f in result.report.findings if f.category == "punctuation" and f.fix is not None]
    assert len(marks) >= 4
    before = window.editor.toPlainText()
    window.fix_all_punctuation()
    after = window.editor.toPlainText()
    assert after != before and "," not in after.split("\n")[-1] and ";" not in after
    assert re.search(r"已修正 \d+ 处标点", window.statusBar().currentMessage())
    window.editor.undo()
    assert window.editor.toPlainText() == before


def test_remove_blank_lines_before_headings_is_one_undo_step(make_window, qtbot):
    more = "此外，针对群众反映的问题逐项建立台账，明确责任人和完成时限，逐一销号。"
    lines = [TITLE, INTRO, "", "一、工作开展情况", LEADERSHIP, "", "", STUDY, NETWORK, "", "",
             PROBLEMS[0], PROBLEMS[1], "", more, "", NEXT[0], NEXT[1], "", "县文化馆党支部"]
    window = make_window("\n".join(lines))
    result = wait_report(qtbot, window)
    assert blank_lines_before_headings(result.document) == [2, 5, 6, 9, 10, 15]
    before = window.editor.toPlainText()
    assert window.finding_tools.remove_blank_lines() == 6
    # the blank lines above 一、 （二） 二、 三、 are gone; the one between two body
    # paragraphs and the one above the 落款 stay
    assert window.editor.block_texts() == [TITLE, INTRO, "一、工作开展情况", LEADERSHIP, STUDY, NETWORK,
                                           PROBLEMS[0], PROBLEMS[1], "", more, NEXT[0], NEXT[1], "",
                                           "县文化馆党支部"]
    assert window.statusBar().currentMessage() == "已删除标题前的 6 个空行（可撤销）"
    window.editor.undo()
    assert window.editor.toPlainText() == before
    window.editor.redo()
    wait_report(qtbot, window)
    assert window.finding_tools.remove_blank_lines() == 0
    assert window.statusBar().currentMessage() == "标题前没有空行"


def test_bulk_actions_are_in_the_check_menu(make_window):
    window = make_window("")
    menu = next(a.menu() for a in window.menuBar().actions() if a.text().startswith("检查"))
    texts = [a.text() for a in menu.actions()]
    for wanted in ("下一个问题", "上一个问题", "全部修正标点", "删除全部广告水印", "删除标题前的空行"):
        assert wanted in texts
    shortcuts = {a.text(): a.shortcut().toString() for a in menu.actions()}
    assert shortcuts["下一个问题"] == "F8" and shortcuts["上一个问题"] == "Shift+F8"


# ---------------------------------------------------------------- counters

def test_counters_tell_one_story(make_window, qtbot):
    thin = "（三）维护网络意识形态安全。建立舆情监测机制。"  # a required section, too short
    text = "\n".join([TITLE, INTRO, "一、工作开展情况", LEADERSHIP, STUDY, thin, *PROBLEMS, *NEXT])
    window = make_window(text)
    result = wait_report(qtbot, window)
    panel = window.panel
    sections = result.report.sections
    required = [s for s in sections if s.required]
    written = sum(1 for s in required if s.status != "missing")
    thin_count = sum(1 for s in sections if s.status == "thin")
    assert thin_count >= 1
    summary = plain(panel.summary.text())
    assert summary.startswith(f"必备章节 {written}/{len(required)} 已写 · {thin_count} 项偏少")
    counts = result.counts
    assert f"错误 {counts[Severity.ERROR]}" in summary and f"警告 {counts[Severity.WARNING]}" in summary
    status_bar = plain(window.findings_label.text())
    assert f"错误 {counts[Severity.ERROR]}" in status_bar and f"警告 {counts[Severity.WARNING]}" in status_bar
    # the thin row says what is enough
    network = next(s for s in sections if s.status == "thin")
    section = result.checklist.section(network.id)
    need = result.panel.needs[network.id]
    assert need.startswith(f"至少 {section.min_chars} 字") and f"现 {network.chars} 字" in need
    from gongwen.ui.checklist_panel import SectionRow

    shown = [plain(r.text()) for r in panel.findChildren(SectionRow) if r.status.id == network.id]
    assert shown and f"偏少：{need}" in shown[0]
    # the list never says "未发现问题" while the counters count warnings elsewhere
    if not any(panel.groups[c].childCount() and not panel.groups[c].isHidden() for c in panel.groups):
        assert panel.empty.text(0) != "未发现问题" or sum(counts.values()) == 0


def test_the_detected_checklist_says_why_and_switches_in_one_click(make_window, qtbot):
    window = make_window("\n".join([INTRO, "一、工作开展情况", LEADERSHIP]))  # no title
    wait_report(qtbot, window)
    label = window.panel.name_label.text()
    assert "未识别" in plain(label) and "按“意识形态工作总结”检查" in plain(label)
    link = re.search(r"href='(choose:[^']+)'", label)
    assert link is not None
    window.panel.name_label.linkActivated.emit(link.group(1))
    chosen = link.group(1).removeprefix("choose:")
    qtbot.waitUntil(lambda: window.current_result() is not None
                    and window.current_result().checklist.id == chosen, timeout=10_000)
    assert window.live.checklist == chosen


def test_new_draft_starts_from_the_default_type(make_window, qtbot):
    window = make_window("")
    window.choose_checklist("duty-report")
    window.files.new_draft()
    result = wait_report(qtbot, window)
    from gongwen.service import DEFAULT_CHECKLIST

    assert result.checklist.id == DEFAULT_CHECKLIST
    assert window.editor.toPlainText() == window.live.catalog.get(DEFAULT_CHECKLIST).skeleton


def test_fixing_a_folded_row_fixes_every_place_as_one_undo_step(make_window, qtbot):
    window = make_window(draft(extra=("加强宣传,扩大影响,确保实效,群众满意。",)))
    wait_report(qtbot, window)
    panel = window.panel
    group = panel.groups["punctuation"]
    fold = next(group.child(i) for i in range(group.childCount())
                if _is_fold(panel, group.child(i)) and panel._row_of(group.child(i))[1].count >= 3)
    panel.tree.setCurrentItem(fold)
    assert panel.fix_button.isEnabled() and panel.fix_button.text().startswith("全部")
    before = window.editor.toPlainText()
    panel.fix_button.click()
    assert window.editor.block_texts()[-1] == "加强宣传，扩大影响，确保实效，群众满意。"
    assert "已修正 3 处" in window.statusBar().currentMessage()
    window.editor.undo()
    assert window.editor.toPlainText() == before


def test_a_long_fold_lists_its_first_places_then_says_how_many_more(make_window, qtbot):
    from gongwen.ui.view_model import MAX_PLACES

    many = "，".join(["开展检查X次"] * (MAX_PLACES + 5)) + "。"
    window = make_window(draft(extra=(many,)))
    wait_report(qtbot, window)
    group = window.panel.groups["placeholder"]
    fold = next(group.child(i) for i in range(group.childCount()) if _is_fold(window.panel, group.child(i)))
    fold.setExpanded(True)
    assert fold.text(1) == f"{MAX_PLACES + 5} 处"
    assert fold.childCount() == MAX_PLACES + 1
    assert fold.child(MAX_PLACES).text(0) == "……另有 5 处"


def test_context_cache_gives_what_context_of_gives():
    from gongwen.ui.view_model import ContextCache

    cache = ContextCache()
    texts = ["联系人：XXX，电话待补充。", "甲乙丙X丁"]
    items = [finding(paragraph=0, start=4, end=7, text="XXX"), finding(paragraph=1, start=3, end=4),
             finding(paragraph=1, start=0, end=2, text="不对")]
    for _ in range(2):
        assert [cache(f, texts) for f in items] == [context_of(f, texts) for f in items]
    changed = ["联系人：XXX，手机待补充。", "甲乙丙X丁"]  # the same finding object, a new text
    assert cache(items[0], changed) == context_of(items[0], changed) == "联系人：【XXX】，手机待补充。"
