"""The Word binary (.doc/.wps) reader: LibreOffice-made fixtures read like their .docx
sources, and hand-built files for what LibreOffice never writes (8-bit and out-of-order
pieces, Prm modifiers, deleted paragraph marks, nested fields, Word 6/95)."""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest

from doc_builders import (
    DELETED,
    HIDDEN,
    IN_TABLE,
    INSERTED,
    ROW_END,
    SPECIAL,
    Piece,
    WordFile,
    cfb,
    lfo,
    list_sprms,
    lst,
    word6_file,
)
from gongwen.core.model import Role
from gongwen.formats import FormatError, read_document
from gongwen.formats.doc_binary import DocSource, header_footer_sources, read_doc, read_word_streams
from gongwen.formats.docx_reader import read_docx

from support import FIXTURES, titled

LEGACY = FIXTURES / "legacy"
FIXTURE_NAMES = ["numbered-report", "table-field-revisions"]


def _texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def _write(tmp_path: Path, data: bytes, name: str = "来文.doc") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _read(tmp_path: Path, word_file: WordFile) -> list[str]:
    return _texts(read_doc(_write(tmp_path, word_file.build())))


# ------------------------------------------------------------ LibreOffice-made fixtures
@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_fixture_reads_like_its_docx_source(name):
    """The same document through the .doc and the .docx reader: the same non-blank
    paragraphs, kinds and roles (LibreOffice merges the empty paragraph python-docx puts
    at a section break, hence non-blank only)."""
    legacy = read_document(LEGACY / f"{name}.doc")
    source = read_docx(LEGACY / f"{name}.docx")

    def shape(document):
        return [(p.text, s.kind, p.role) for p, s in zip(document.paragraphs, document.sources, strict=False)
                if p.text.strip()]

    assert shape(legacy) == shape(source)
    assert all(isinstance(s, DocSource) for s in legacy.sources)


def test_numbered_report_has_word_numbers_and_headings():
    document = read_document(LEGACY / "numbered-report.doc")
    assert titled(document).title == "某某县文化和旅游局2024年上半年意识形态工作总结"
    headings = [(p.label.text, p.level) for p in document.headings()]
    assert headings == [("一、", 1), ("（一）", 2), ("1.", 3), ("2.", 3), ("（二）", 2), ("二、", 1),
                        ("三、", 1), ("（一）", 2)]


def test_headers_and_footers_follow_the_body():
    legacy = read_document(LEGACY / "numbered-report.doc")
    source = read_docx(LEGACY / "numbered-report.docx")
    body = len(legacy.paragraphs)
    assert all(s.kind in ("body", "table") for s in legacy.sources[:body])

    def shape(document):  # LibreOffice stores the page number it laid out, not Word's "1"
        return {(kind, re.sub(r"\d+", "#", p.text)) for kind, p in document.furniture}

    assert shape(legacy) == shape(source)


def test_table_cells_are_table_paragraphs_in_order():
    document = read_document(LEGACY / "table-field-revisions.doc")
    cells = [s.text for s in document.sources if s.kind == "table"]
    assert cells == ["项目", "数量", "备注", "理论学习", "12次", "集中学习", "专题研讨", "阵地管理", "",
                     "", "网站", "公众号", ""]


def test_fields_tracked_changes_and_bullets():
    text = read_document(LEGACY / "table-field-revisions.doc").text
    assert "详见中国政府网发布的通知。" in text and "HYPERLINK" not in text
    assert "全年开展集中学习12次。" in text and "10次" not in text
    assert "\n要点一\n要点二\n" in text  # bullets are not text (as in the .docx reader)


# ------------------------------------------------------------ hand-built: the piece table
def test_fast_saved_pieces_out_of_file_order_and_of_both_widths(tmp_path):
    pieces = [Piece("一、总体情况\r"), Piece("Plain text, then ", compressed=True),
              Piece("中文续写。\r"), Piece("Last line\r", compressed=True)]
    assert _read(tmp_path, WordFile(pieces, order=[3, 1, 0, 2])) == [
        "一、总体情况", "Plain text, then 中文续写。", "Last line"]


def test_compressed_pieces_use_the_cp1252_extras(tmp_path):
    raw = b"\x93Quoted\x94 \x85 \x96 caf\xe9\r"
    pieces = [Piece("x" * len(raw), compressed=True, raw=raw)]
    assert _read(tmp_path, WordFile(pieces)) == ["“Quoted” … – café"]


def test_double_byte_text_in_an_8bit_piece_is_read_in_the_code_page(tmp_path):
    """Some non-Microsoft writers put GBK into "compressed" pieces; the FIB's language
    (zh-CN here) gives the code page. cp1252 text keeps its meaning."""
    chinese = "意识形态工作总结\r".encode("gbk")
    latin = "\u201cAB\u201dC caf\xe9\r".encode("cp1252")
    pieces = [Piece("x" * len(chinese), compressed=True, raw=chinese),
              Piece("x" * len(latin), compressed=True, raw=latin)]
    assert _read(tmp_path, WordFile(pieces)) == ["意识形态工作总结", "“AB”C café"]


def test_surrogate_pairs_keep_character_positions(tmp_path):
    """😀 is one Python character but two CPs: the cell mark after it must still be found
    where its paragraph properties are (or the cell would read as body text)."""
    text = "😀𠮷甲\x07\x07"
    document = read_doc(_write(tmp_path, WordFile([Piece(text)], para_sprms={
        5: IN_TABLE, 6: ROW_END}).build()))
    assert [(s.kind, s.text) for s in document.sources] == [("table", "😀𠮷甲")]


def test_non_complex_file_reads_the_same(tmp_path):
    assert _read(tmp_path, WordFile([Piece("简单保存\r")], complex=False)) == ["简单保存"]


# ------------------------------------------------------------ characters and paragraphs
def test_deleted_text_and_deleted_paragraph_marks(tmp_path):
    text = "保留删掉的文字。\r整段删除\r下一段\r"
    runs = [(2, 7, DELETED), (9, 14, DELETED), (0, 2, INSERTED)]
    assert _read(tmp_path, WordFile([Piece(text)], char_runs=runs)) == ["保留。", "下一段"]


def test_prm_modifiers_delete_or_hide_whole_pieces(tmp_path):
    prm0_deleted = (0x41 << 1) | (1 << 8)  # isprm 0x41 = sprmCFRMarkDel, operand 1
    pieces = [Piece("留下"), Piece("删掉", prm=prm0_deleted), Piece("隐藏", prm=1), Piece("。\r")]
    assert _read(tmp_path, WordFile(pieces, prcs=[HIDDEN])) == ["留下。"]


def test_hidden_text_is_left_out(tmp_path):
    assert _read(tmp_path, WordFile([Piece("看得见看不见\r")], char_runs=[(3, 6, HIDDEN)])) == ["看得见"]


def test_fields_show_their_result_nested_too(tmp_path):
    text = ("页码\x13 PAGE \x143\x15；\x13 HYPERLINK \"x\" \x14链接\x13 REF a \x14甲\x15\x15；"
            "\x13 TC \"目录项\" \x15无结果；\x13 IF \x13 REF b \x14乙\x15 = 1 \x14是\x15\r")
    assert _read(tmp_path, WordFile([Piece(text)])) == ["页码3；链接甲；无结果；是"]


def test_an_unclosed_field_does_not_hide_the_rest(tmp_path):
    assert _read(tmp_path, WordFile([Piece("前\x13 损坏的域 后\r结尾\r")])) == ["前 损坏的域 后", "结尾"]


def test_special_characters(tmp_path):
    text = "图\x01表\x08注\x02行\x0b尾\x1e连\x1f字\t制表(\x0c分页\r"
    runs = [(1, 2, SPECIAL), (3, 4, SPECIAL), (5, 6, SPECIAL), (16, 17, SPECIAL)]
    assert _read(tmp_path, WordFile([Piece(text)], char_runs=runs)) == ["图表注行尾-连字\t制表分页"]


def test_a_section_mark_ends_a_paragraph_a_page_break_does_not(tmp_path):
    text = "第一节\x0c第二\x0c节\r"
    assert _read(tmp_path, WordFile([Piece(text)], sections=[0, 4, len(text)])) == ["第一节", "第二节"]


def test_tables_cells_rows_and_nesting(tmp_path):
    text = "表前\r甲\x07乙一\r乙二\x07\x07丙\x07\x07表后\r"
    marks = {4: IN_TABLE, 7: IN_TABLE, 10: IN_TABLE, 11: ROW_END, 13: IN_TABLE, 14: ROW_END}
    document = read_doc(_write(tmp_path, WordFile([Piece(text)], para_sprms=marks).build()))
    assert [(s.kind, s.text) for s in document.sources] == [
        ("body", "表前"), ("table", "甲"), ("table", "乙一"), ("table", "乙二"), ("table", "丙"),
        ("body", "表后")]


def test_nested_table_cells_and_their_row_end(tmp_path):
    """A table inside a cell: its cells end with \r at depth 2 (sprmPItap), its row with
    an inner row mark (sprmPFInnerTtp) that is no paragraph."""
    nested = IN_TABLE + struct.pack("<Hi", 0x6649, 2)
    text = "内甲\r内乙\r\r\x07外二\x07\x07"
    marks = {2: nested + struct.pack("<HB", 0x244B, 1), 5: nested + struct.pack("<HB", 0x244B, 1),
             6: nested + struct.pack("<HB", 0x244C, 1), 7: IN_TABLE, 10: IN_TABLE, 11: ROW_END}
    document = read_doc(_write(tmp_path, WordFile([Piece(text)], para_sprms=marks).build()))
    assert [(s.kind, s.text) for s in document.sources] == [
        ("table", "内甲"), ("table", "内乙"), ("table", ""), ("table", "外二")]


def test_list_numbers_in_chinese_and_arabic(tmp_path):
    chinese = lst(7, [(37, "\x00、"), (37, "（\x01）"), (0, "\x02.")] + [(0, "")] * 6)
    text = "总体情况\r理论学习\r读书班\r研讨\r阵地管理\r存在问题\r"
    marks = {4: list_sprms(1, 0), 9: list_sprms(1, 1), 13: list_sprms(1, 2), 16: list_sprms(1, 2),
             21: list_sprms(1, 1), 26: list_sprms(1, 0)}
    texts = _read(tmp_path, WordFile([Piece(text)], para_sprms=marks, lists=chinese, lfos=lfo(7)))
    assert texts == ["一、总体情况", "（一）理论学习", "1.读书班", "2.研讨", "（二）阵地管理", "二、存在问题"]


def test_headers_and_footers_are_sources_after_the_body(tmp_path):
    body, header, footer = "正文\r", "某某局\r\r", "第1页\r\r"
    cps = [0] * 7 + [len(header)] * 2 + [len(header) + len(footer)] * 4 + [len(header) + len(footer) + 1]
    word_file = WordFile([Piece(body + header + footer + "\r")], ccp_text=len(body),
                         ccp_hdd=len(header + footer) + 1, plcfhdd=cps)
    document = read_doc(_write(tmp_path, word_file.build()))
    assert _texts(document) == ["正文"]
    assert header_footer_sources(document) == [DocSource("header", "某某局"), DocSource("footer", "第1页")]


# ------------------------------------------------------------ versions and refusals
def test_word95_text_in_the_code_page_with_tables(tmp_path):
    text = "标题\r甲\x07乙\x07\x07".encode("gbk")
    marks = {7: bytes([24, 1]), 10: bytes([24, 1]), 11: bytes([24, 1, 25, 1])}  # byte offsets
    document = read_doc(_write(tmp_path, word6_file(text, table_marks=marks)))
    assert [(s.kind, s.text) for s in document.sources] == [
        ("body", "标题"), ("table", "甲"), ("table", "乙")]


def test_encrypted_document_is_refused_as_password_protected(tmp_path):
    path = _write(tmp_path, WordFile([Piece("机密\r")], encrypted=True).build(), "加密.doc")
    with pytest.raises(FormatError, match="密码") as caught:
        read_doc(path)
    assert "机密" not in str(caught.value)


def test_encrypted_docx_package_is_refused_as_password_protected(tmp_path):
    data = cfb({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"\x00" * 64})
    for name in ("加密.doc", "加密.wps"):
        with pytest.raises(FormatError, match="打开密码"):
            read_document(_write(tmp_path, data, name))


def test_encrypted_docx_under_its_own_name_says_password(tmp_path):
    data = cfb({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"\x00" * 64})
    with pytest.raises(FormatError, match="打开密码"):
        read_document(_write(tmp_path, data, "加密.docx"))


def test_legacy_file_named_docx_says_so(tmp_path):
    data = WordFile([Piece("正文\r")]).build()
    with pytest.raises(FormatError, match=r"扩展名改为 \.doc"):
        read_document(_write(tmp_path, data, "改名.docx"))


def test_microsoft_works_is_not_wps_office(tmp_path):
    for streams in ({"CONTENTS": b"\x00" * 100, "SPELLING": b""}, {"MN0": b"\x00" * 100, "MM": b""}):
        with pytest.raises(FormatError, match="Microsoft Works") as caught:
            read_document(_write(tmp_path, cfb(streams), "作品.wps"))
        assert "另存为" in str(caught.value)


def test_word2_is_refused(tmp_path):
    word_file = WordFile([Piece("旧\r")], fib_patch={0: struct.pack("<HH", 0xA5DB, 45)})
    with pytest.raises(FormatError, match=r"Word 2\.0"):
        read_doc(_write(tmp_path, word_file.build()))


def test_a_docx_named_doc_or_wps_is_read_as_docx(tmp_path):
    source = (LEGACY / "numbered-report.docx").read_bytes()
    for name in ("其实是.doc", "其实是.wps"):
        assert _texts(read_document(_write(tmp_path, source, name))) == _texts(
            read_docx(LEGACY / "numbered-report.docx"))


@pytest.mark.parametrize(("data", "words"), [
    (b"{\\rtf1\\ansi \\par}", ("RTF", "另存为")),
    (b"<html><head><meta charset=gbk></head><body>x</body></html>", ("网页", "另存为")),
    (b"MIME-Version: 1.0\r\nContent-Type: multipart/related", ("网页",)),
    (b"%PDF-1.4", ("PDF",)),
    (b"\xdb\xa5\x2d\x00" + b"\x00" * 400, ("Word 2.0",)),
    (b"\x00\x01 not a document", ("无法识别",)),
])
def test_other_formats_named_doc_are_refused_with_what_they_are(tmp_path, data, words):
    with pytest.raises(FormatError) as caught:
        read_document(_write(tmp_path, data))
    message = str(caught.value)
    assert message.startswith("无法打开“来文.doc”：") and all(w in message for w in words), message


def test_empty_file_reads_as_a_blank_document(tmp_path):
    document = read_document(_write(tmp_path, b""))
    assert _texts(document) == [""] and document.paragraphs[0].role is Role.BLANK


def test_streams_can_be_read_without_a_container():
    """read_word_streams is the parser itself (the OLE layer only hands it the streams)."""
    word, table = WordFile([Piece("流\r")]).streams()
    text = read_word_streams(word, {"1Table": table}.get)
    assert [s.text for s in text.body] == ["流"] and text.fib.nfib == 0xC1
