"""Live checking: sections update as the clerk types; stale results are never shown."""

from __future__ import annotations

import re
import threading

from drafts import PROBLEMS, draft
from PySide6.QtGui import QTextCursor
from uihelpers import type_text, wait_report


def status_of(window, section_id: str) -> str:
    return next(s.status for s in window.panel.sections if s.id == section_id)


def section_row(window, title: str) -> str:
    from gongwen.ui.checklist_panel import SectionRow

    return next(r.text() for r in window.panel.findChildren(SectionRow) if title in r.text())


def test_typing_a_missing_section_turns_it_ok(qtbot, make_window):
    window = make_window(draft(problems=False))
    wait_report(qtbot, window)
    assert status_of(window, "problems") == "missing"
    assert "✗" in section_row(window, "存在问题")
    editor = window.editor
    block = editor.document().findBlockByNumber(len(editor.block_texts()) - 2)  # 三、下一步工作打算
    assert block.text().startswith("三、")
    editor.setTextCursor(QTextCursor(block))
    type_text(editor, "\n".join(PROBLEMS) + "\n")
    qtbot.waitUntil(lambda: status_of(window, "problems") == "ok", timeout=10_000)
    assert "✓" in section_row(window, "存在问题")
    assert "必备章节 5/5 已写" in re.sub("<[^>]*>", "", window.panel.summary.text())


def test_stale_result_is_never_shown(qtbot, make_window):
    window = make_window(draft())
    wait_report(qtbot, window)
    live = window.live
    release = threading.Event()
    started = threading.Event()
    original = live._model.compute

    def slow_audit(request):
        started.set()
        release.wait(5)
        return original(request)

    live._model.compute = slow_audit
    shown: list[tuple[list[str], list[str]]] = []
    live.reportReady.connect(lambda result: shown.append(
        ([p.text for p in result.document.paragraphs], window.editor.block_texts())))
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    type_text(window.editor, "\n第一次")
    qtbot.waitUntil(started.is_set)
    type_text(window.editor, "修改")  # the document changes while the first job runs
    qtbot.wait(20)
    release.set()
    qtbot.waitUntil(lambda: bool(shown) and not live.busy, timeout=10_000)
    assert all(audited == current for audited, current in shown)
    assert len(shown) == 1
    assert shown[0][0][-1] == "第一次修改"


def test_debounce_waits_for_the_last_keystroke(qtbot, make_window):
    window = make_window(draft())
    wait_report(qtbot, window)
    window.live.delay_ms = 100
    generation = window.live.generation
    audits = []
    window.live.reportReady.connect(audits.append)
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    for char in "一二三":
        type_text(window.editor, char)
    assert window.live.generation == generation + 3
    qtbot.waitUntil(lambda: bool(audits) and not window.live.busy, timeout=5000)
    assert len(audits) == 1
    assert audits[0].generation == generation + 3


def test_jieba_rules_run_once_the_segmenter_is_loaded(qtbot, make_window):
    window = make_window(draft(), load_jieba=True)
    qtbot.waitUntil(lambda: window.live.segmenter is not None, timeout=30_000)
    result = wait_report(qtbot, window)
    assert result.report.pending == ()
    assert not window.panel.notice.isVisible()
