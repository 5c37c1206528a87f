"""保存 into an opened .docx: only what the user changed changes.

Each test builds a formatted report (docx_fidelity), edits its texts the way the editor
will — ``read_docx_for_edit`` then ``save_docx_edits`` with the texts as they were read
and as they are now — and looks at the package that comes out: canonical XML per
paragraph, every other zip entry, python-docx and LibreOffice."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest
from docx_fidelity import (
    COMMENTED,
    TEXTS,
    TRACKED_PARAGRAPH,
    W,
    build_formatted_report,
    changed_paragraphs,
    entries,
    paragraph_xml,
)
from lxml import etree
from office import convert, needs_office

from gongwen import paths
from gongwen.fileio.errors import WriteError
from gongwen.formats import read_document
from gongwen.formats.docx_writeback import (
    check_writeback,
    file_fingerprint,
    read_docx_for_edit,
    save_docx_edits,
)

MAIN = "word/document.xml"


@pytest.fixture()
def report(tmp_path) -> Path:
    return build_formatted_report(tmp_path / "报告.docx")


def edit(source: Path, change, target: Path | None = None):
    """Open as the editor does, change the texts, save; (old, new, saved)."""
    document, fingerprint = read_docx_for_edit(source)
    old = [p.text for p in document.paragraphs]
    new = change(list(old))
    saved = save_docx_edits(source, target or source, old, new, fingerprint=fingerprint,
                            backups=paths.backups())
    return old, new, saved


def replace_in(index: int, before: str, after: str):
    def change(texts: list[str]) -> list[str]:
        assert before in texts[index]
        texts[index] = texts[index].replace(before, after, 1)
        return texts
    return change


def element(path: Path, index: int):
    return etree.fromstring(paragraph_xml(path)[index])


def runs(paragraph) -> list[tuple[str, bool]]:
    """(text, bold) of each run with text."""
    found = []
    for run in paragraph.iter(W + "r"):
        text = "".join(t.text or "" for t in run.iter(W + "t"))
        if text:
            found.append((text, run.find(f"{W}rPr/{W}b") is not None))
    return found


def test_the_fixture_reads_as_word_shows_it(report):
    assert [p.text for p in read_document(report).paragraphs] == TEXTS


def test_a_save_without_changes_copies_the_package(report, tmp_path):
    before = entries(report)
    _, _, saved = edit(report, lambda texts: texts, tmp_path / "copy.docx")
    assert saved.changed is False
    assert entries(tmp_path / "copy.docx") == before


def test_one_word_replaced_changes_only_that_paragraph(report, tmp_path):
    before, parts = paragraph_xml(report), entries(report)
    out = tmp_path / "out.docx"
    _, new, saved = edit(report, replace_in(COMMENTED, "12次", "15次"), out)
    assert saved.texts == new
    assert changed_paragraphs(before, paragraph_xml(out)) == [COMMENTED]
    after = entries(out)
    assert after.keys() == parts.keys()
    assert [n for n in parts if parts[n] != after[n]] == [MAIN]  # bytes and ZipInfo fields
    with zipfile.ZipFile(report) as a, zipfile.ZipFile(out) as b:
        assert [i.filename for i in a.infolist()] == [i.filename for i in b.infolist()]
    paragraph = element(out, COMMENTED)
    assert ("15次", True) in runs(paragraph)  # the replacement kept the bold run
    old = element(report, COMMENTED)
    assert etree.tostring(paragraph.find(W + "pPr")) == etree.tostring(old.find(W + "pPr"))
    for tag in ("bookmarkStart", "bookmarkEnd", "commentRangeStart", "commentRangeEnd",
                "commentReference"):
        assert paragraph.find(f".//{W}{tag}") is not None, tag


def test_the_main_part_keeps_its_declaration_and_namespaces(report, tmp_path):
    out = tmp_path / "out.docx"
    edit(report, replace_in(1, "现将", "特将"), out)
    with zipfile.ZipFile(report) as a, zipfile.ZipFile(out) as b:
        old, new = a.read(MAIN), b.read(MAIN)
    assert new.split(b"?>")[0] == old.split(b"?>")[0]
    assert etree.fromstring(new).nsmap == etree.fromstring(old).nsmap
    assert new[:new.index(b">", new.index(b"<w:document"))] == \
        old[:old.index(b">", old.index(b"<w:document"))]


def test_text_typed_at_a_run_boundary_takes_the_run_before(report, tmp_path):
    out = tmp_path / "out.docx"
    edit(report, replace_in(COMMENTED, "专题会议12次", "专题会议共12次"), out)
    assert runs(element(out, COMMENTED))[:2] == [("局党组召开专题会议共", False), ("12次", True)]


def test_deleted_text_leaves_no_empty_run_but_keeps_the_comment(report, tmp_path):
    out = tmp_path / "out.docx"
    _, new, saved = edit(report, replace_in(COMMENTED, "12次", ""), out)
    paragraph = element(out, COMMENTED)
    assert all(not bold for _, bold in runs(paragraph))
    assert all(len(run) > 1 or run.find(W + "rPr") is None for run in paragraph.iter(W + "r"))
    assert paragraph.find(f".//{W}commentRangeStart") is not None
    assert paragraph.find(f".//{W}commentReference") is not None
    assert saved.texts == new


def test_text_after_a_hyperlink_goes_after_it(report, tmp_path):
    out = tmp_path / "out.docx"
    edit(report, replace_in(4, "门户网站公开", "门户网站等公开"), out)
    link = element(out, 4).find(W + "hyperlink")
    assert "".join(t.text for t in link.iter(W + "t")) == "门户网站"
    assert read_document(out).paragraphs[4].text == "详见门户网站等公开信息。"


def test_a_field_deleted_whole_goes_whole(report, tmp_path):
    out = tmp_path / "out.docx"
    _, new, saved = edit(report, replace_in(TRACKED_PARAGRAPH, "本报告共1页，", ""), out)
    paragraph = element(out, TRACKED_PARAGRAPH)
    assert paragraph.find(f".//{W}fldChar") is None and paragraph.find(f".//{W}instrText") is None
    assert saved.texts == new


def test_another_authors_tracked_changes_stay(report, tmp_path):
    out = tmp_path / "out.docx"
    edit(report, replace_in(TRACKED_PARAGRAPH, "学习12次", "学习15次"), out)
    old, new = element(report, TRACKED_PARAGRAPH), element(out, TRACKED_PARAGRAPH)
    for tag in ("del", "ins"):
        assert etree.tostring(new.find(W + tag), method="c14n") == \
            etree.tostring(old.find(W + tag), method="c14n")
    assert read_document(out).paragraphs[TRACKED_PARAGRAPH].text == "本报告共1页，全年开展集中学习15次。"


def test_tabs_spaces_and_characters_a_docx_cannot_hold(report, tmp_path):
    out = tmp_path / "out.docx"

    def change(texts):
        texts[6] = " 责任人：\t\t张三、李四 "
        texts[21] = "学习方式\x00还比较单一\x0b。𠀀"
        return texts
    _, _, saved = edit(report, change, out)
    read = [p.text for p in read_document(out).paragraphs]
    assert read[6] == " 责任人：\t\t张三、李四 "
    assert read[21] == "学习方式还比较单一。𠀀"
    assert saved.texts == read


def test_a_new_paragraph_takes_its_neighbours_properties(report, tmp_path):
    out = tmp_path / "out.docx"

    def change(texts):
        texts.insert(2, "新增一段：全面落实责任清单。")
        return texts
    _, new, saved = edit(report, change, out)
    assert saved.texts == new
    after = paragraph_xml(out)
    assert after[:2] + after[3:] == paragraph_xml(report)
    added, neighbour = etree.fromstring(after[2]), element(report, 1)
    assert etree.tostring(added.find(W + "pPr"), method="c14n") == \
        etree.tostring(neighbour.find(W + "pPr"), method="c14n")


def test_a_line_typed_under_a_numbered_heading_is_no_heading(report, tmp_path):
    out = tmp_path / "out.docx"

    def change(texts):
        texts.insert(3, "今年以来，局党组高度重视。")
        return texts
    _, new, saved = edit(report, change, out)
    assert saved.texts == new
    added = etree.fromstring(paragraph_xml(out)[3])
    assert added.find(f"{W}pPr/{W}numPr") is None
    # the body paragraph after the heading lends its properties, not the heading
    assert etree.tostring(added.find(W + "pPr"), method="c14n") == \
        etree.tostring(element(report, COMMENTED).find(W + "pPr"), method="c14n")
    assert element(report, 2).find(f"{W}pPr/{W}pStyle").get(W + "val") == "Heading1"


def test_a_typed_label_keeps_word_numbering(report, tmp_path):
    out = tmp_path / "out.docx"

    def change(texts):
        texts.insert(20, "二、下一步打算")
        return texts
    _, _, saved = edit(report, change, out)
    added = etree.fromstring(paragraph_xml(out)[20])
    assert added.find(f"{W}pPr/{W}numPr/{W}numId").get(W + "val") == "90"
    assert "".join(t.text for t in added.iter(W + "t")) == "下一步打算"  # Word draws the label
    assert saved.texts[20:22] == ["二、下一步打算", "三、存在问题"]  # Word renumbers the next


def test_a_removed_label_switches_numbering_off(report, tmp_path):
    out = tmp_path / "out.docx"
    _, _, saved = edit(report, replace_in(2, "一、工作开展情况", "一是工作开展情况"), out)
    heading = element(out, 2)
    assert heading.find(f"{W}pPr/{W}numPr") is None
    assert "".join(t.text for t in heading.iter(W + "t")) == "一是工作开展情况"
    assert saved.texts[2] == "一是工作开展情况"
    assert saved.texts[20] == "一、存在问题"  # the list now starts at the next heading


def test_a_deleted_paragraph_goes_and_a_picture_stays(report, tmp_path):
    out = tmp_path / "out.docx"

    def change(texts):
        del texts[21]  # 学习方式…
        del texts[5]  # the picture paragraph (empty in the editor)
        return texts
    _, new, saved = edit(report, change, out)
    read = [p.text for p in read_document(out).paragraphs]
    assert "学习方式还比较单一，部分干部参与不够。" not in read
    assert saved.texts == read
    assert read == [*new[:5], "", *new[5:]]  # the picture paragraph stays
    with zipfile.ZipFile(out) as archive:
        assert b"<w:drawing" in archive.read(MAIN) or b":drawing" in archive.read(MAIN)


def test_table_cells_keep_their_last_paragraph(report, tmp_path):
    out = tmp_path / "out.docx"

    def change(texts):
        del texts[13]  # the cell "12"
        return texts
    _, new, saved = edit(report, change, out)
    assert saved.texts[:13] + saved.texts[14:] == new
    assert saved.texts[13] == "" and saved.kept == [13]  # Word needs a paragraph in every cell
    import docx

    table = docx.Document(str(out)).tables[0]
    assert [c.text for c in table.rows[1].cells] == ["专题会议", "", "全年"]


def test_a_new_line_in_a_cell_stays_in_the_cell(report, tmp_path):
    out = tmp_path / "out.docx"

    def change(texts):
        texts.insert(15, "（含线上）")  # after the cell "全年"
        return texts
    _, new, saved = edit(report, change, out)
    assert saved.texts == new
    import docx

    table = docx.Document(str(out)).tables[0]
    assert table.cell(1, 2).text == "全年\n（含线上）"
    assert saved.tables[0].rows[1][2].paragraphs == [14, 15]


def test_the_section_break_survives_a_deleted_paragraph(report, tmp_path):
    out = tmp_path / "out.docx"

    def change(texts):
        del texts[22]  # 附：工作台账, the paragraph holding the first section's w:sectPr
        return texts
    _, new, saved = edit(report, change, out)
    assert saved.texts == new
    with zipfile.ZipFile(report) as a, zipfile.ZipFile(out) as b:
        assert b.read(MAIN).count(b"<w:sectPr") == a.read(MAIN).count(b"<w:sectPr") == 2
    moved = element(out, 21)  # 学习方式… now ends the first section
    assert moved.find(f"{W}pPr/{W}sectPr") is not None


def test_ctrl_s_keeps_the_previous_version_as_a_backup(report):
    original = report.read_bytes()
    edit(report, replace_in(1, "现将", "特将"))
    assert read_document(report).paragraphs[1].text.startswith("为深入贯彻落实意识形态工作责任制，特将")
    backups = paths.backups().of(report)
    assert backups and backups[0].read_bytes() == original


def test_the_next_save_starts_from_the_returned_texts(report):
    _, _, first = edit(report, replace_in(1, "现将", "特将"))
    second = save_docx_edits(report, report, first.texts,
                             [*first.texts[:3], "再补一段。", *first.texts[3:]],
                             fingerprint=first.fingerprint)
    assert second.texts[3] == "再补一段。"
    assert second.fingerprint == file_fingerprint(report)


def test_a_file_changed_on_disk_is_not_overwritten(report):
    document, fingerprint = read_docx_for_edit(report)
    old = [p.text for p in document.paragraphs]
    edit(report, replace_in(1, "现将", "兹将"))  # another program saves meanwhile
    changed = report.read_bytes()
    with pytest.raises(WriteError, match="修改"):
        check_writeback(report, old, fingerprint)
    with pytest.raises(WriteError, match="修改"):
        save_docx_edits(report, report, old, [*old[:1], "另一版本", *old[2:]], fingerprint=fingerprint)
    with pytest.raises(WriteError, match="不一致"):  # without a fingerprint: the texts tell
        save_docx_edits(report, report, old, [*old[:1], "另一版本", *old[2:]])
    assert report.read_bytes() == changed


def test_a_missing_or_broken_source_is_refused_in_chinese(report, tmp_path):
    document, _fingerprint = read_docx_for_edit(report)
    old = [p.text for p in document.paragraphs]
    report.unlink()
    with pytest.raises(WriteError, match="不存在"):
        save_docx_edits(report, tmp_path / "out.docx", old, old)
    report.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(WriteError, match="无法打开"):
        check_writeback(report, old)
    assert not (tmp_path / "out.docx").exists()


def test_an_empty_docx_is_saved_as_a_draft(tmp_path):
    blank = tmp_path / "新建.docx"
    blank.write_bytes(b"")
    saved = save_docx_edits(blank, blank, [""], ["标题", "正文"])
    assert [p.text for p in read_document(blank).paragraphs] == ["标题", "正文"]
    assert saved.texts == ["标题", "正文"]


def test_a_pretty_printed_part_keeps_its_whitespace(report, tmp_path):
    """Untouched paragraphs keep even the blanks between their elements."""
    pretty = tmp_path / "pretty.docx"
    with zipfile.ZipFile(report) as a, zipfile.ZipFile(pretty, "w", zipfile.ZIP_DEFLATED) as b:
        for info in a.infolist():
            data = a.read(info)
            if info.filename == MAIN:
                data = etree.tostring(etree.fromstring(data), pretty_print=True,
                                      xml_declaration=True, encoding="UTF-8", standalone=True)
            b.writestr(info, data)
    out = tmp_path / "out.docx"
    before = paragraph_xml(pretty)
    assert any(b"\n " in x for x in before)
    edit(pretty, replace_in(1, "现将", "特将"), out)
    assert changed_paragraphs(before, paragraph_xml(out)) == [1]


def test_a_text_box_edit_reaches_the_fallback_copy(word_report, tmp_path):
    out = tmp_path / "out.docx"
    _, new, saved = edit(word_report, replace_in(5, "说明文字", "补充说明"), out)
    assert saved.texts == new
    with zipfile.ZipFile(out) as archive:
        xml = archive.read(MAIN).decode()
    assert xml.count("文本框里的补充说明") == 2 and "文本框里的说明文字" not in xml


def test_writing_the_wrong_kind_of_target_is_refused(report, tmp_path):
    with pytest.raises(WriteError, match=r"\.docx"):
        save_docx_edits(report, tmp_path / "out.txt", TEXTS, TEXTS)


@needs_office
def test_the_result_opens_in_python_docx_and_libreoffice(report, tmp_path):
    import docx

    out = tmp_path / "已修改.docx"

    def change(texts):
        texts[COMMENTED] = texts[COMMENTED].replace("12次", "15次")
        del texts[21]  # 学习方式…
        texts.insert(15, "（含线上）")
        texts.insert(2, "新增一段：全面落实责任清单。")
        return texts
    _, new, saved = edit(report, change, out)
    word = docx.Document(str(out))
    assert word.paragraphs[0].text == TEXTS[0]
    assert word.sections[0].header.paragraphs[0].text == "某某局办公室"
    pdf = convert([out], "pdf", tmp_path / "lo")[0]
    assert pdf.exists()
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    squeezed = "".join(text.split())
    for part in ("局党组召开专题会议15次", "新增一段：全面落实责任清单。", "（含线上）", "某某局办公室"):
        assert part in squeezed
    assert "学习方式还比较单一" not in squeezed
    assert saved.texts == new


def test_an_engine_failure_is_a_message_and_writes_nothing(report, tmp_path, monkeypatch):
    from gongwen.formats import docx_edits

    def broken(*args, **kwargs):
        raise AttributeError("unforeseen XML")
    monkeypatch.setattr(docx_edits.PlainEngine, "edit_paragraph", broken)
    document, _ = read_docx_for_edit(report)
    old = [p.text for p in document.paragraphs]
    before = report.read_bytes()
    with pytest.raises(WriteError, match="内部错误"):
        save_docx_edits(report, report, old, [*old[:1], "改", *old[2:]])
    assert report.read_bytes() == before


def test_a_body_that_does_not_read_back_as_meant_is_not_written(report, tmp_path, monkeypatch):
    from gongwen.formats import docx_edits

    monkeypatch.setattr(docx_edits.PlainEngine, "visible_run_text", lambda self, source: "走样")
    document, _ = read_docx_for_edit(report)
    old = [p.text for p in document.paragraphs]
    out = tmp_path / "out.docx"
    with pytest.raises(WriteError, match="内部错误"):
        save_docx_edits(report, out, old, [*old[:1], "改", *old[2:]])
    assert not out.exists()


def test_a_line_typed_before_a_text_box_paragraph_goes_into_the_box(word_report, tmp_path):
    out = tmp_path / "out.docx"

    def change(texts):
        texts.insert(5, "框内新的一行")  # between the anchor 请见说明。 and the box's text
        return texts
    _, new, saved = edit(word_report, change, out)
    assert saved.texts == new
    assert [p.text for p in read_document(out).paragraphs][4:7] == \
        ["请见说明。", "框内新的一行", "文本框里的说明文字"]
    with zipfile.ZipFile(out) as archive:
        assert archive.read(MAIN).decode().count("框内新的一行") == 2  # DrawingML and VML copies
