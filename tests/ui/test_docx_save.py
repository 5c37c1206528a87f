"""An opened .docx stays the user's document: 保存 writes the edits back into it, 另存为
keeps its layout in the new file, 保存为修订稿 writes tracked changes, 历史版本 restores."""

from __future__ import annotations

import zipfile

from docx_fidelity import TEXTS, build_formatted_report, changed_paragraphs, paragraph_xml
from PySide6.QtGui import QTextCursor
from uihelpers import type_text, wait_report

BODY = TEXTS.index("局党组召开专题会议12次，研究部署意识形态工作。")


def _type_into(window, block: int, text: str) -> None:
    editor = window.editor
    cursor = QTextCursor(editor.document().findBlockByNumber(block))
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    editor.setTextCursor(cursor)
    type_text(editor, text)


def test_ctrl_s_writes_only_the_edited_paragraph_back(qtbot, make_window, tmp_path):
    from gongwen import paths

    report = build_formatted_report(tmp_path / "报告.docx")
    before = paragraph_xml(report)
    window = make_window()
    assert window.files.open_file(str(report))
    wait_report(qtbot, window)
    _type_into(window, BODY, "并形成纪要")
    assert window.files.save()  # in place, no 另存为 dialog
    after = paragraph_xml(report)
    assert changed_paragraphs(before, after) == [BODY]
    with zipfile.ZipFile(report) as package:
        assert "word/media/image1.png" in package.namelist() or any(
            n.startswith("word/media/") for n in package.namelist())
        assert b"<w:tbl>" in package.read("word/document.xml")
    assert not window.editor.document().isModified()
    assert len(paths.backups().of(report)) == 1
    _type_into(window, BODY, "。")  # the next save starts from what the file now says
    assert window.files.save()
    assert changed_paragraphs(before, paragraph_xml(report)) == [BODY]


def test_save_as_docx_keeps_the_layout_and_revisions_are_tracked(qtbot, make_window, tmp_path,
                                                                 monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    report = build_formatted_report(tmp_path / "报告.docx")
    window = make_window()
    window.files.open_file(str(report))
    wait_report(qtbot, window)
    _type_into(window, BODY, "并形成纪要")
    copy = tmp_path / "副本.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(copy), "Word 文档 (*.docx)")))
    assert window.files.save_as()
    assert changed_paragraphs(paragraph_xml(report), paragraph_xml(copy)) == [BODY]
    _type_into(window, BODY, "和台账")
    tracked = tmp_path / "修订稿.docx"
    assert window.files.save_revisions_to(str(tracked), "宣传部张三")
    xml = zipfile.ZipFile(tracked).read("word/document.xml").decode("utf-8")
    assert "<w:ins " in xml and 'w:author="宣传部张三"' in xml and "和台账" in xml


def test_history_restores_the_version_before_the_save(qtbot, make_window, tmp_path):
    report = build_formatted_report(tmp_path / "报告.docx")
    original = report.read_bytes()
    window = make_window()
    window.files.open_file(str(report))
    wait_report(qtbot, window)
    _type_into(window, BODY, "并形成纪要")
    window.files.save()
    from gongwen import paths

    (backup,) = paths.backups().of(report)
    assert window.files.restore_backup(backup)
    assert report.read_bytes() == original
    assert window.editor.document().findBlockByNumber(BODY).text() == TEXTS[BODY]
    assert len(paths.backups().of(report)) == 2  # the restore itself can be undone


def test_the_history_dialog_lists_backups_newest_first(qtbot, tmp_path):
    from gongwen.ui.dialogs import BackupDialog

    old = tmp_path / "abc-20261130-101010-000001-报告.docx"
    new = tmp_path / "abc-20261201-090807-000001-报告.docx"
    for path in (old, new):
        path.write_bytes(b"x" * 2048)
    dialog = BackupDialog("报告.docx", [new, old])
    qtbot.addWidget(dialog)
    assert dialog.list.item(0).text() == "2026-12-01 09:08:07 · 2 KB"
    assert dialog.selected() == new and dialog.restore_button.isEnabled()
