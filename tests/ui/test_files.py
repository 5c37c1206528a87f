"""Files and settings: open → edit → save → reopen, the unsaved-changes prompt, settings that
persist across windows, errors shown in Chinese, exports, the self-test."""

from __future__ import annotations

from pathlib import Path

import pytest
from drafts import draft
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QFileDialog, QMessageBox
from uihelpers import type_text, wait_report

from gongwen.ui import dialogs


def test_open_edit_save_reopen(qtbot, make_window, tmp_path):
    path = tmp_path / "总结.txt"
    path.write_text(draft(), encoding="utf-8")
    window = make_window()
    assert window.files.open_file(str(path))
    assert window.windowTitle().startswith("总结.txt")
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    type_text(window.editor, "\n特此报告。")
    assert window.editor.document().isModified()
    assert window.files.save()
    assert path.read_text(encoding="utf-8") == draft() + "\n特此报告。"
    assert not window.editor.document().isModified()
    other = make_window()
    assert other.files.open_file(str(path))
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
    window.files.open_file(str(path))
    type_text(window.editor, "新")
    _answer(monkeypatch, QMessageBox.StandardButton.Save)
    other = tmp_path / "b.txt"
    other.write_text("另一份", encoding="utf-8")
    assert window.files.open_path(str(other))
    assert path.read_text(encoding="utf-8") == "新旧稿"
    assert window.editor.toPlainText() == "另一份"


def test_settings_persist_across_windows(qtbot, make_window, tmp_path):
    path = tmp_path / "稿.txt"
    path.write_text(draft(), encoding="utf-8")
    first = make_window()
    first.files.open_file(str(path))
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
    assert second.files.path == str(path.resolve())
    assert second.live.checklist == "duty-report"
    assert second.panel.combo.currentData() == "duty-report"
    result = wait_report(qtbot, second)
    assert result.checklist.id == "duty-report"


def test_ignores_are_kept_with_the_document(qtbot, make_window, tmp_path):
    path = tmp_path / "稿.txt"
    path.write_text(draft(extra=("职责,做到同部署。",)), encoding="utf-8")
    window = make_window()
    window.files.open_file(str(path))
    result = wait_report(qtbot, window)
    comma = next(f for f in result.report.findings if f.text == ",")
    window.ignore_spot(comma)
    again = make_window()
    again.files.open_file(str(path))
    result = wait_report(qtbot, again)
    assert not any(f.text == "," for f in result.report.findings)


def test_broken_docx_shows_a_chinese_message(qtbot, make_window, tmp_path, quiet_dialogs):
    path = tmp_path / "坏文件.docx"
    path.write_bytes(b"not a zip file")
    window = make_window(draft())
    assert not window.files.open_file(str(path))
    title, text = quiet_dialogs[-1]
    assert title == "无法打开" and "坏文件.docx" in text and "Traceback" not in text
    assert window.editor.toPlainText() == draft()


def test_new_draft_starts_from_the_skeleton(qtbot, make_window, monkeypatch):
    window = make_window(draft())
    monkeypatch.setattr(dialogs, "choose_checklist", lambda parent, names, current: 0)
    window.files.new_draft_dialog()
    first = next(iter(window.live.catalog.checklists.values()))
    assert window.editor.toPlainText() == first.skeleton
    assert window.files.path is None and not window.editor.document().isModified()


def test_export_final_copy(qtbot, make_window, tmp_path):
    pytest.importorskip("docx")
    window = make_window(draft())
    wait_report(qtbot, window)
    out = tmp_path / "定稿.docx"
    assert window.files.export_final_to(str(out), force=True)
    from gongwen.formats import read_document

    from support import titled

    assert titled(read_document(out)).title == draft().split("\n")[0]


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
    assert window.files.write_to(str(saved))
    reopened = make_window()
    assert reopened.files.open_file(str(saved))
    assert reopened.editor.toPlainText() == draft(extra=("职责,做到同部署。",))  # line for line
    assert reopened.files.export_review_action.isEnabled()
    wait_report(qtbot, reopened)
    review = tmp_path / "稿（审阅稿）.docx"
    assert reopened.files.export_review_to(str(review))
    assert review.is_file() and review.stat().st_size > 0


# ---------------------------------------------------------------- .docx by default
def _save_dialog(monkeypatch, answer: str | None, chosen: str = "Word 文档 (*.docx)"):
    """QFileDialog.getSaveFileName returns ``answer``; the calls are recorded."""
    calls = []

    def ask(parent, title, proposed, filters, selected=""):
        calls.append((proposed, filters.split(";;"), selected))
        return (answer or "", chosen if answer else "")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    return calls


def test_save_offers_docx_first_and_writes_a_draft_that_reads_back(qtbot, make_window, tmp_path,
                                                                   monkeypatch):
    pytest.importorskip("docx")
    window = make_window(draft())
    wait_report(qtbot, window)
    calls = _save_dialog(monkeypatch, str(tmp_path / "上半年总结"))
    assert window.files.save()  # untitled: 保存 asks where
    proposed, filters, selected = calls[0]
    assert proposed.endswith(".docx") and filters[0] == selected == "Word 文档 (*.docx)"
    assert "纯文本 UTF-8 (*.txt)" in filters
    saved = tmp_path / "上半年总结.docx"
    from gongwen.formats import read_document

    assert [p.text for p in read_document(saved).paragraphs] == draft().split("\n")
    type_text(window.editor, "改")
    assert window.files.save() and len(calls) == 1  # its own draft: saved in place
    assert read_document(saved).paragraphs[0].text == "改" + draft().split("\n")[0]


def test_save_writes_into_a_docx_from_elsewhere_without_asking(qtbot, make_window, tmp_path,
                                                               monkeypatch):
    """保存 on a .docx made elsewhere writes the edit back into it (docx_writeback keeps the
    rest of the package: tests/ui/test_docx_save.py); no 另存为 dialog."""
    pytest.importorskip("docx")
    from gongwen.formats import read_document
    from gongwen.formats.docx_draft import save_draft_docx

    original = tmp_path / "下级来稿.docx"
    save_draft_docx(["来稿标题", "来稿正文"], original)  # stands for a file made in Word
    window = make_window()
    assert window.files.open_file(str(original))
    type_text(window.editor, "改")
    calls = _save_dialog(monkeypatch, None)
    assert window.files.save() and calls == []
    assert [p.text for p in read_document(original).paragraphs] == ["改来稿标题", "来稿正文"]
    assert not window.editor.document().isModified()


def test_save_as_keeps_a_txt_documents_format(qtbot, make_window, tmp_path, monkeypatch):
    path = tmp_path / "稿.txt"
    path.write_text("正文", encoding="utf-8")
    window = make_window()
    window.files.open_file(str(path))
    calls = _save_dialog(monkeypatch, str(tmp_path / "副本"), "纯文本 UTF-8 (*.txt)")
    assert window.files.save_as()
    assert calls[0][0].endswith("稿.txt") and calls[0][2] == "纯文本 UTF-8 (*.txt)"
    assert (tmp_path / "副本.txt").read_text(encoding="utf-8") == "正文"


# ---------------------------------------------------------------- failed saves
def _unsaved(window, text: str, path: str | None) -> None:
    assert window.editor.toPlainText() == text
    assert window.editor.document().isModified() and window.isWindowModified()
    assert window.files.path == path


def _no_leftovers(folder: Path) -> None:
    assert not [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("suffix", [".txt", ".docx"])
def test_read_only_target(qtbot, make_window, tmp_path, quiet_dialogs, suffix):
    if suffix == ".docx":
        pytest.importorskip("docx")
    target = tmp_path / f"只读{suffix}"
    target.write_bytes(b"old")
    target.chmod(0o444)
    window = make_window("正文")
    type_text(window.editor, "改")
    assert not window.files.write_to(str(target))
    title, text = quiet_dialogs[-1]
    assert title == "保存失败" and f"只读{suffix}" in text and "只读" in text and "Errno" not in text
    assert "文稿仍在编辑器中" in text
    _unsaved(window, "改正文", None)
    assert target.read_bytes() == b"old"
    _no_leftovers(tmp_path)


@pytest.mark.parametrize("suffix", [".txt", ".docx"])
def test_vanished_folder(qtbot, make_window, tmp_path, quiet_dialogs, suffix):
    if suffix == ".docx":
        pytest.importorskip("docx")
    folder = tmp_path / "U盘"
    folder.mkdir()
    path = folder / "稿.txt"
    path.write_text("正文", encoding="utf-8")
    window = make_window()
    window.files.open_file(str(path))
    type_text(window.editor, "改")
    path.unlink()
    folder.rmdir()  # the USB stick was pulled
    assert not window.files.write_to(str(folder / f"稿{suffix}"))
    title, text = quiet_dialogs[-1]
    assert title == "保存失败" and "不存在" in text and "另存为" in text and "Errno" not in text
    _unsaved(window, "改正文", str(path.resolve()))


@pytest.mark.parametrize("suffix", [".txt", ".docx"])
def test_full_disk(qtbot, make_window, tmp_path, quiet_dialogs, monkeypatch, suffix):
    if suffix == ".docx":
        pytest.importorskip("docx")
    import errno
    import os

    target = tmp_path / f"稿{suffix}"
    window = make_window("正文")
    type_text(window.editor, "改")

    def full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    assert not window.files.write_to(str(target))
    title, text = quiet_dialogs[-1]
    assert title == "保存失败" and "磁盘空间不足" in text and "Errno" not in text
    _unsaved(window, "改正文", None)
    assert not target.exists()
    _no_leftovers(tmp_path)


def test_a_failed_save_keeps_the_window_open(qtbot, make_window, tmp_path, monkeypatch, quiet_dialogs):
    target = tmp_path / "只读.txt"
    target.write_text("旧", encoding="utf-8")
    window = make_window()
    window.files.open_file(str(target))
    target.chmod(0o444)
    type_text(window.editor, "新")
    _answer(monkeypatch, QMessageBox.StandardButton.Save)
    assert not window.close()
    assert window.isVisible() and quiet_dialogs[-1][0] == "保存失败"
    _unsaved(window, "新旧", str(target.resolve()))


def test_export_to_a_vanished_folder_or_a_full_disk(qtbot, make_window, tmp_path, monkeypatch,
                                                    quiet_dialogs):
    pytest.importorskip("docx")
    import errno
    import os

    window = make_window(draft())
    wait_report(qtbot, window)
    assert not window.files.export_final_to(str(tmp_path / "没有这个文件夹" / "定稿.docx"), force=True)
    title, text = quiet_dialogs[-1]
    assert title == "导出失败" and "定稿.docx" in text and "Errno" not in text

    def full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    assert not window.files.export_final_to(str(tmp_path / "定稿.docx"), force=True)
    assert "磁盘空间不足" in quiet_dialogs[-1][1]
    assert not (tmp_path / "定稿.docx").exists()
    _no_leftovers(tmp_path)


def test_an_opened_docx_is_judged_for_layout_and_keeps_it_while_edited(qtbot, make_window, tmp_path):
    from PySide6.QtGui import QTextCursor
    from uihelpers import type_text

    from formats.layout_builders import word_default_docx

    path = word_default_docx(tmp_path / "Word默认.docx")
    window = make_window()
    assert window.files.open_file(str(path))
    result = wait_report(qtbot, window)
    _, items = result.groups["layout"]
    rules = {f.rule for f in items}
    assert {"layout.margins", "layout.grid", "layout.body-font"} <= rules, rules
    assert window.panel.groups["layout"].isHidden() is False
    body = next(f.paragraph for f in items if f.rule == "layout.body-font")
    block = window.editor.document().findBlockByNumber(body)
    window.editor.setTextCursor(QTextCursor(block))
    type_text(window.editor, "又")
    qtbot.waitUntil(lambda: window.current_result() is not None, timeout=10_000)
    after = {f.rule for f in window.current_result().groups["layout"][1]}
    assert {"layout.margins", "layout.page-number"} <= after  # the page is still the file's
    window.load_text("某局2024年工作总结\n一、情况\n正文。")
    assert {f.rule for f in wait_report(qtbot, window).groups["layout"][1]} == set()
