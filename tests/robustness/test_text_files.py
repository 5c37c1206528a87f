"""Plain-text files as the user has them (issue 14: items 4 and the degraded list): a NUL
never makes a file the app refuses, the encoding and line ends survive a save, one size
limit for reading and writing, and a damaged file is read with U+FFFD and a notice
saying where."""

from __future__ import annotations

import codecs

import pytest

from gongwen.formats import FormatError, WriteError, open_document
from gongwen.formats.text import (
    MAX_TEXT_BYTES,
    UTF8,
    EncodingRefused,
    TextFormat,
    read_text,
    write_text_file,
)

LINES = ["某局2024年意识形态工作总结", "一、工作开展情况", "开展学习12次。"]


def test_a_nul_pasted_from_a_pdf_is_dropped_at_save_and_the_file_opens(tmp_path):
    path = tmp_path / "稿.txt"
    notices = write_text_file(path, "开展\x00学习\x0012次。")
    assert b"\x00" not in path.read_bytes()
    assert notices and "2 个" in notices[0] and "空字符" in notices[0]
    assert read_text(path).text == "开展学习12次。"


def test_a_file_an_older_version_wrote_with_a_nul_is_read_with_a_notice(tmp_path):
    path = tmp_path / "旧版存的.txt"
    path.write_bytes(("\n".join(LINES) + "\x00尾").encode("utf-8"))
    read = read_text(path)
    assert read.text == "\n".join(LINES) + "尾"
    assert read.notices == ("删除了 1 个空字符（NUL，多由 PDF 复制而来）",)


def test_binary_data_with_many_nuls_is_still_refused(tmp_path):
    path = tmp_path / "二进制.txt"
    path.write_bytes(b"ab\x00\x00cd\x00\x00" * 100)
    with pytest.raises(FormatError, match="二进制数据"):
        read_text(path)


@pytest.mark.parametrize("encoding,bom,newline", [
    ("gbk", False, "\r\n"), ("gbk", False, "\n"), ("utf-8", True, "\r\n"), ("utf-8", False, "\r"),
    ("utf-16-le", True, "\r\n"), ("utf-16-be", True, "\n"), ("utf-32-le", True, "\r\n"),
], ids=lambda v: repr(v))
def test_encoding_and_line_ends_are_written_back(tmp_path, encoding, bom, newline):
    path = tmp_path / "来稿.txt"
    raw = newline.join(LINES).encode(encoding)
    if bom:
        raw = codecs.encode("\ufeff", encoding) + raw
    path.write_bytes(raw)
    read = read_text(path)
    assert read.format == TextFormat(encoding, bom, newline)
    assert read.text == "\n".join(LINES)
    write_text_file(path, read.text, read.format)
    assert path.read_bytes() == raw


def test_gb18030_only_characters_keep_gb18030(tmp_path):
    path = tmp_path / "扩展.txt"
    raw = "𠮷字开展学习工作情况总结".encode("gb18030")
    path.write_bytes(raw)
    read = read_text(path)
    assert read.format.encoding == "gb18030"
    write_text_file(path, read.text, read.format)
    assert path.read_bytes() == raw


def test_a_character_gbk_cannot_hold_says_which_and_where(tmp_path):
    path = tmp_path / "来稿.txt"
    with pytest.raises(EncodingRefused) as refused:
        write_text_file(path, "第一行\n第二行有𠮷字", TextFormat("gbk", False, "\r\n"))
    assert (refused.value.char, refused.value.line, refused.value.column) == ("𠮷", 2, 5)
    assert "第 2 行第 5 列的“𠮷”无法用 GBK 编码保存" in str(refused.value)
    assert not path.exists()


def test_one_size_limit_for_reading_and_writing(tmp_path):
    path = tmp_path / "大.txt"
    text = "甲" * (MAX_TEXT_BYTES // 3 + 10)  # over the limit in UTF-8
    with pytest.raises(WriteError, match=r"超过了 .* MB 的上限") as refused:
        write_text_file(path, text)
    assert "另存为 .docx" in str(refused.value) and not path.exists()
    fits = "甲" * (MAX_TEXT_BYTES // 3 - 10)
    write_text_file(path, fits)
    assert read_text(path).text == fits  # what a save writes, the reader opens


@pytest.mark.parametrize("bom", [True, False], ids=["BOM", "无 BOM"])
def test_utf16_with_one_lone_surrogate_is_read_and_the_spot_named(tmp_path, bom):
    text = "\n".join(LINES)
    raw = text.encode("utf-16-le")
    spot = len(LINES[0]) + 1 + 2  # line 2, column 3
    raw = raw[: spot * 2] + b"\x00\xd8" + raw[spot * 2:]
    path = tmp_path / "半个字符.txt"
    path.write_bytes((codecs.BOM_UTF16_LE if bom else b"") + raw)
    read = read_text(path)
    assert read.text == text[:spot] + "\ufffd" + text[spot:]
    assert read.notices == ("有无法识别的字符（文件可能已损坏），已用“\ufffd”代替：在第 2 行第 3 列",)


def test_utf8_with_one_bad_byte_is_utf8_not_mojibake(tmp_path):
    text = "\n".join(LINES * 10)
    raw = text.encode("utf-8")
    cut = raw.index("开展".encode()) + 1  # the middle of 开
    path = tmp_path / "坏了一个字节.txt"
    path.write_bytes(raw[:cut] + b"\xff" + raw[cut:])
    read = read_text(path)
    assert read.format.encoding == "utf-8"
    assert LINES[0] in read.text and "\ufffd" in read.text
    assert "在第 2 行第 5 列" in read.notices[0]  # 一、工作开展情况


def test_gbk_with_a_few_hanzi_is_not_taken_for_damaged_utf8(tmp_path):
    path = tmp_path / "短.txt"
    path.write_bytes("第1次会议".encode("gbk"))
    assert read_text(path).text == "第1次会议"


def test_open_document_carries_the_notices_and_the_format(tmp_path):
    path = tmp_path / "稿.txt"
    path.write_bytes("\r\n".join(LINES).encode("gbk"))
    opened = open_document(path)
    assert [p.text for p in opened.document.paragraphs] == LINES
    assert opened.text_format == TextFormat("gbk", False, "\r\n") and opened.notices == ()
    assert TextFormat("utf-8", False, "\n") == UTF8
