"""Files and settings: open → edit → save → reopen, the unsaved-changes prompt, settings that
persist across windows, errors shown in Chinese, exports, the self-test."""

from __future__ import annotations

from pathlib import Path

import pytest
from drafts import draft
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMessageBox
from uihelpers import type_text, wait_report

from gongwen.ui import dialogs


def test_open_edit_save_reopen(qtbot, make_window, tmp_path):
    path = tmp_path / "总结.txt"
    path.write_text(draft(), encoding="utf-8")
    window = make_window()
    assert window.open_file(str(path))
    assert window.windowTitle().startswith("总结.txt")
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    type_text(window.editor, "\n特此报告。")
    assert window.editor.document().isModified()
    assert window.save()
    assert path.read_text(encoding="utf-8") == draft() + "\n特此报告。"
    assert not window.editor.document().isModified()
    other = make_window()
    assert other.open_file(str(path))
    assert other.editor.toPlainText() == draft() + "\n特此报告。"
    assert str(path.resolve()) in other.settings.recent or str(path.resolve()) in window.settings.recent


def _answer(monkeypatch, button):
    monkeypatch.setattr(dialogs, "ask_unsaved", ORIGINAL_ASK)
    asked = []

    def exec_(box):
        asked.append([b.text() for b in box.buttons()])
        return int(button.value) if hasattr(button, "value") else int(button)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return asked


ORIGINAL_ASK = dialogs.ask_unsaved


def test_unsaved_changes_prompt_cancel_keeps_the_window(qtbot, make_window, monkeypatch):
    window = make_window(draft())
    type_text(window.editor, "改")
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    assert not window.close()
    assert window.isVisible()
    assert sorted(asked[0]) == sorted(["保存", "不保存", "取消"])
    _answer(monkeypatch, QMessageBox.StandardButton.Discard)
    assert window.close()


def test_unsaved_changes_prompt_save(qtbot, make_window, monkeypatch, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("旧稿", encoding="utf-8")
    window = make_window()
    window.open_file(str(path))
    type_text(window.editor, "新")
    _answer(monkeypatch, QMessageBox.StandardButton.Save)
    other = tmp_path / "b.txt"
    other.write_text("另一份", encoding="utf-8")
    assert window.open_path(str(other))
    assert path.read_text(encoding="utf-8") == "新旧稿"
    assert window.editor.toPlainText() == "另一份"


def test_settings_persist_across_windows(qtbot, make_window, tmp_path):
    path = tmp_path / "稿.txt"
    path.write_text(draft(), encoding="utf-8")
    first = make_window()
    first.open_file(str(path))
    first.zoom(+2)
    first.resize(760, 560)  # inside the offscreen screen, so restoring needs no clamping
    first.splitter.setSizes([120, 400, 220])
    first.choose_checklist("duty-report")
    first.set_outline_visible(False)
    sizes = first.splitter.sizes()
    assert first.close()
    second = make_window()
    assert second.settings.font_size == first.editor.point_size()
    assert second.editor.point_size() == first.editor.point_size()
    assert second.settings.recent[0] == str(path.resolve())
    assert second.settings.last_file == str(path.resolve())
    assert not second.outline_action.isChecked()
    assert second.size() == first.size()
    assert second.splitter.sizes()[2] == sizes[2]  # the checklist panel keeps its width
    from gongwen.ui.app import open_initial

    open_initial(second, None)  # the last session's document, with its chosen checklist
    assert second.path == str(path.resolve())
    assert second.live.checklist == "duty-report"
    assert second.panel.combo.currentData() == "duty-report"
    result = wait_report(qtbot, second)
    assert result.checklist.id == "duty-report"


def test_ignores_are_kept_with_the_document(qtbot, make_window, tmp_path):
    path = tmp_path / "稿.txt"
    path.write_text(draft(extra=("职责,做到同部署。",)), encoding="utf-8")
    window = make_window()
    window.open_file(str(path))
    result = wait_report(qtbot, window)
    comma = next(f for f in result.report.findings if f.text == ",")
    window.ignore_spot(comma)
    again = make_window()
    again.open_file(str(path))
    result = wait_report(qtbot, again)
    assert not any(f.text == "," for f in result.report.findings)


def test_broken_docx_shows_a_chinese_message(qtbot, make_window, tmp_path, quiet_dialogs):
    path = tmp_path / "坏文件.docx"
    path.write_bytes(b"not a zip file")
    window = make_window(draft())
    assert not window.open_file(str(path))
    title, text = quiet_dialogs[-1]
    assert title == "无法打开" and "坏文件.docx" in text and "Traceback" not in text
    assert window.editor.toPlainText() == draft()


def test_new_draft_starts_from_the_skeleton(qtbot, make_window, monkeypatch):
    window = make_window(draft())
    monkeypatch.setattr(dialogs, "choose_checklist", lambda parent, names, current: 0)
    window.new_draft_dialog()
    first = next(iter(window.catalog.checklists.values()))
    assert window.editor.toPlainText() == first.skeleton
    assert window.path is None and not window.editor.document().isModified()


def test_export_final_copy(qtbot, make_window, tmp_path):
    pytest.importorskip("docx")
    window = make_window(draft())
    wait_report(qtbot, window)
    out = tmp_path / "定稿.docx"
    assert window.export_final_to(str(out), force=True)
    from gongwen.formats import read_document

    assert read_document(out).title == draft().split("\n")[0]


def test_selftest_passes(qtbot, capsys):
    from gongwen.ui.app import run

    assert run(selftest=True) == 0
    assert "自检通过" in capsys.readouterr().out


def test_sample_report_exists():
    from gongwen.ui.app import sample_path

    text = Path(sample_path()).read_text(encoding="utf-8")
    assert "意识形态工作总结" in text


def test_docx_save_open_and_review_copy(qtbot, make_window, tmp_path):
    pytest.importorskip("docx")
    window = make_window(draft(extra=("职责,做到同部署。",)))
    wait_report(qtbot, window)
    saved = tmp_path / "稿.docx"
    assert window.write_to(str(saved))
    reopened = make_window()
    assert reopened.open_file(str(saved))
    texts = [t for t in reopened.editor.block_texts() if t]  # the layout adds a blank after the title
    assert texts == draft(extra=("职责,做到同部署。",)).split("\n")
    assert reopened.export_review_action.isEnabled()
    wait_report(qtbot, reopened)
    review = tmp_path / "稿（审阅稿）.docx"
    assert reopened.export_review_to(str(review))
    assert review.is_file() and review.stat().st_size > 0
