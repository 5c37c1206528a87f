"""Drafts saved as .docx read back line for line."""

import docx

from gongwen.formats.docx_draft import save_draft_docx
from gongwen.formats.docx_reader import read_docx


def test_draft_round_trip_keeps_every_line(tmp_path):
    texts = ["市文旅局2025年上半年意识形态工作总结", "", "  一、 开头有空格\t和制表符",
             "（一）正文 𠮷 “引号”——破折号……", "a&b<c>", "X次", ""]
    path = tmp_path / "草稿 一.docx"
    save_draft_docx(texts, path)
    assert [p.text for p in read_docx(path).paragraphs] == texts
    fonts = docx.Document(str(path)).styles["Normal"].element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "仿宋"


def test_characters_xml_cannot_hold_are_dropped_not_fatal(tmp_path):
    path = tmp_path / "d.docx"
    save_draft_docx(["控制\x01字符\x0b", "正常"], path)
    assert [p.text for p in read_docx(path).paragraphs] == ["控制字符", "正常"]
