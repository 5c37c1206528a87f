"""Saving .txt from the editor (issue 14: item 4 and the degraded list): a NUL pasted from a
PDF, a GBK + CRLF file kept GBK + CRLF, a character GBK cannot hold, the one size limit, a
damaged file opened with a notice."""

from __future__ import annotations

import codecs

from PySide6.QtGui import QTextCursor
from uihelpers import type_text

from gongwen.formats import text as text_format

LINES = ["某局2024年意识形态工作总结", "一、工作开展情况", "开展学习12次。"]


def _at_end(window, text):
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    type_text(window.editor, text)


def test_a_pasted_nul_is_not_saved_and_the_file_reopens(qtbot, make_window, tmp_path, quiet_dialogs):
    path = tmp_path / "稿.txt"
    path.write_text("\n".join(LINES), encoding="utf-8")
    window = make_window()
    window.files.open_file(str(path))
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    window.editor.insertPlainText("从PDF复制\x00的字")
    assert window.files.save()
    assert b"\x00" not in path.read_bytes()
    assert "空字符" in window.statusBar().currentMessage()
    other = make_window()
    assert other.files.open_file(str(path)) and not quiet_dialogs
    assert other.editor.block_texts()[-1] == "开展学习12次。从PDF复制的字"


def test_a_gbk_crlf_file_stays_gbk_crlf(qtbot, make_window, tmp_path, asked):
    path = tmp_path / "来稿.txt"
    path.write_bytes("\r\n".join(LINES).encode("gbk"))
    window = make_window()
    window.files.open_file(str(path))
    _at_end(window, "\n特此报告。")
    assert window.files.save()
    assert path.read_bytes() == "\r\n".join([*LINES, "特此报告。"]).encode("gbk")
    assert not asked


def test_a_character_gbk_cannot_hold_asks_for_utf8(qtbot, make_window, tmp_path, asked):
    path = tmp_path / "来稿.txt"
    before = "\r\n".join(LINES).encode("gbk")
    path.write_bytes(before)
    window = make_window()
    window.files.open_file(str(path))
    _at_end(window, "𠮷")
    assert not window.files.save()  # 取消
    name, (message,) = asked[-1]
    assert name == "ask_save_as_utf8" and "第 3 行第 9 列的“𠮷”无法用 GBK 编码保存" in message
    assert path.read_bytes() == before and window.editor.document().isModified()
    asked.answers["ask_save_as_utf8"] = True
    assert window.files.save()
    assert path.read_bytes() == "\r\n".join(LINES).encode("utf-8") + "𠮷".encode()
    _at_end(window, "再")
    assert window.files.save()  # UTF-8 now: no more questions
    assert [a[0] for a in asked].count("ask_save_as_utf8") == 2


def test_save_as_txt_over_the_limit_is_refused_with_advice(qtbot, make_window, tmp_path, quiet_dialogs,
                                                            monkeypatch):
    limit = 300_000  # the real limit's text would take the live audit half a minute
    monkeypatch.setattr(text_format, "MAX_TEXT_BYTES", limit)
    window = make_window("甲" * (limit // 3 + 100))
    target = tmp_path / "太大.txt"
    assert not window.files.write_to(str(target))
    title, text = quiet_dialogs[-1]
    assert title == "保存失败" and "上限" in text and "另存为 .docx" in text
    assert not target.exists()


def test_a_damaged_utf16_file_opens_with_a_notice(qtbot, make_window, tmp_path, asked):
    raw = "\n".join(LINES).encode("utf-16-le")
    path = tmp_path / "半个字符.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + raw[:4] + b"\x00\xdc" + raw[4:])
    window = make_window()
    assert window.files.open_file(str(path))
    assert window.editor.block_texts()[0] == LINES[0][:2] + "\ufffd" + LINES[0][2:]
    name, (_title, message) = asked[-1]
    assert name == "show_notice" and "半个字符.txt" in message and "第 1 行第 3 列" in message
