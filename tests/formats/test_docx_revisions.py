"""保存为修订稿: the same edits as Word tracked changes. 全部接受 gives the edited text,
全部拒绝 (of the reviewer's changes) gives back the original; LibreOffice sees changes."""

from __future__ import annotations

import re
import zipfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from docx_fidelity import COMMENTED, TEXTS, TRACKED_PARAGRAPH, build_formatted_report, paragraph_xml
from office import convert, needs_office, text_export
from tracked import accept, marks, reject, resolved_texts

from gongwen.formats import read_document
from gongwen.formats.docx_revisions import revision_date, save_docx_revisions
from gongwen.formats.docx_writeback import read_docx_for_edit

REVIEWER = "审稿人甲"
WHEN = datetime(2026, 11, 25, 16, 30, 5, 123, tzinfo=timezone(timedelta(hours=8)))
STAMP = "2026-11-25T08:30:05Z"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture()
def report(tmp_path) -> Path:
    return build_formatted_report(tmp_path / "报告.docx")


def edits(texts: list[str]) -> list[str]:
    texts = list(texts)
    texts[COMMENTED] = texts[COMMENTED].replace("12次", "15次")  # replace inside the bold run
    texts[1] = texts[1].replace("，现将有关情况报告如下", "")  # delete
    texts[TRACKED_PARAGRAPH] = texts[TRACKED_PARAGRAPH].replace("集中学习", "集中专题学习")
    del texts[21]  # a whole paragraph
    texts.insert(15, "（含线上）")  # a line in a cell
    texts.insert(3, "新增一段：全面落实责任清单。")  # a new paragraph
    texts[2] = "工作开展情况"  # the automatic label removed
    return texts


def as_word_numbers(texts: list[str]) -> list[str]:
    """``edits`` took the label off the first 一、 heading: Word renumbers the next one."""
    return ["一、存在问题" if t == "二、存在问题" else t for t in texts]


def save(report: Path, out: Path) -> tuple[list[str], list[str]]:
    document, fingerprint = read_docx_for_edit(report)
    old = [p.text for p in document.paragraphs]
    new = edits(old)
    save_docx_revisions(report, out, old, new, REVIEWER, WHEN, fingerprint=fingerprint)
    return old, new


def test_every_change_is_a_mark_with_author_date_and_a_fresh_id(report, tmp_path):
    out = tmp_path / "修订稿.docx"
    save(report, out)
    ours = [m for m in marks(out) if m.get(W + "author") == REVIEWER]
    assert {m.tag for m in ours} == {W + "ins", W + "del", W + "pPrChange"}
    assert all(m.get(W + "date") == STAMP for m in ours)
    with zipfile.ZipFile(out) as archive:
        xml = archive.read("word/document.xml").decode()
    ids = [int(i) for i in re.findall(r'w:id="(\d+)"', xml)]
    our_ids = [int(m.get(W + "id")) for m in ours]
    assert len(set(our_ids)) == len(our_ids)
    assert min(our_ids) > max(set(ids) - set(our_ids))  # above every id already in the file
    deleted = "".join(t.text for m in ours if m.tag == W + "del" for t in m.iter(W + "delText"))
    for part in ("2", "，现将有关情况报告如下", "学习方式还比较单一，部分干部参与不够。"):
        assert part in deleted


def test_accepting_gives_the_edit_and_rejecting_gives_the_original(report, tmp_path):
    out = tmp_path / "修订稿.docx"
    old, new = save(report, out)
    assert resolved_texts(out, REVIEWER, accept) == as_word_numbers(new)
    assert resolved_texts(out, REVIEWER, reject) == old


def test_paragraph_marks_are_tracked(report, tmp_path):
    out = tmp_path / "修订稿.docx"
    save(report, out)
    xml = [p.decode() for p in paragraph_xml(out)]

    def holding(text: str) -> str:
        return next(p for p in xml if text in p)
    assert "<w:rPr><w:ins " in holding("新增一段")  # an inserted paragraph mark
    assert "<w:rPr><w:ins " in holding("（含线上）")  # …in the table cell too
    assert "<w:rPr><w:del " in holding("学习方式还比较单一")  # a deleted paragraph mark
    assert "<w:pPrChange " in holding("工作开展情况")  # numbering switched off, tracked


def test_untouched_paragraphs_and_other_parts_stay(report, tmp_path):
    out = tmp_path / "修订稿.docx"
    document, _ = read_docx_for_edit(report)
    old = [p.text for p in document.paragraphs]
    new = list(old)
    new[COMMENTED] = new[COMMENTED].replace("12次", "15次")
    save_docx_revisions(report, out, old, new, REVIEWER, WHEN)
    before, after = paragraph_xml(report), paragraph_xml(out)
    assert [i for i in range(len(before)) if before[i] != after[i]] == [COMMENTED]
    with zipfile.ZipFile(report) as a, zipfile.ZipFile(out) as b:
        for info in a.infolist():
            if info.filename != "word/document.xml":
                assert a.read(info) == b.read(info.filename), info.filename


def test_an_insertion_inside_another_authors_insertion_splits_it(report, tmp_path):
    out = tmp_path / "修订稿.docx"
    document, _ = read_docx_for_edit(report)
    old = [p.text for p in document.paragraphs]
    new = list(old)
    new[TRACKED_PARAGRAPH] = new[TRACKED_PARAGRAPH].replace("集中", "集X中")  # 李四 inserted 集中
    save_docx_revisions(report, out, old, new, REVIEWER, WHEN)
    for mark in marks(out):
        parent = mark.getparent()
        while parent is not None:
            assert not (parent.tag == W + "ins" and mark.tag == W + "ins"), "nested w:ins"
            parent = parent.getparent()
    assert resolved_texts(out, REVIEWER, accept)[TRACKED_PARAGRAPH] == new[TRACKED_PARAGRAPH]
    assert resolved_texts(out, REVIEWER, reject)[TRACKED_PARAGRAPH] == old[TRACKED_PARAGRAPH]


def test_the_reader_sees_the_accepted_text(report, tmp_path):
    out = tmp_path / "修订稿.docx"
    _, new = save(report, out)
    read = [p.text for p in read_document(out).paragraphs]
    new = as_word_numbers(new)
    gone = new.index("一、存在问题")
    assert read[:gone + 1] == new[:gone + 1]  # the deleted paragraph reads empty until accepted
    assert read[gone + 1] == "" and read[gone + 2:] == new[gone + 1:]


def test_a_section_break_paragraph_keeps_its_mark(report, tmp_path):
    """Its text is deleted; its paragraph mark holds the section and is not (Word would
    merge the two sections on 全部接受): the mark before it is, so accepting joins the
    paragraph before to it — the text 保存 writes, the section break where it was."""
    out = tmp_path / "修订稿.docx"
    document, _ = read_docx_for_edit(report)
    old = [p.text for p in document.paragraphs]
    new = old[:22] + old[23:]  # 附：工作台账 ends the first section
    save_docx_revisions(report, out, old, new, REVIEWER, WHEN)
    before, xml = (x.decode() for x in paragraph_xml(out)[21:23])
    assert "<w:sectPr" in xml and "<w:delText>附：工作台账</w:delText>" in xml
    assert "<w:rPr><w:del " not in xml and "<w:rPr><w:del " in before
    assert "<w:delText>" not in before  # its text stays
    assert resolved_texts(out, REVIEWER, accept) == new
    assert resolved_texts(out, REVIEWER, reject) == old


def test_a_section_break_paragraph_and_the_one_before_both_emptied(report, tmp_path):
    """The paragraph before the section break emptied, the break's own deleted (what a
    random edit script found): accepting leaves one empty paragraph, as 保存 does."""
    out = tmp_path / "修订稿.docx"
    document, _ = read_docx_for_edit(report)
    old = [p.text for p in document.paragraphs]
    new = [*old[:21], "", *old[23:]]
    save_docx_revisions(report, out, old, new, REVIEWER, WHEN)
    assert resolved_texts(out, REVIEWER, accept) == new
    assert resolved_texts(out, REVIEWER, reject) == old


def test_revision_dates_are_utc_whole_seconds():
    assert revision_date(WHEN) == STAMP
    assert revision_date(datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)) == "2026-01-02T03:04:05Z"


@needs_office
def test_libreoffice_sees_the_changes_as_changes(report, tmp_path):
    out = tmp_path / "修订稿.docx"
    save(report, out)
    text = "".join(text_export(out, tmp_path / "txt").split())
    # LibreOffice's text export shows deleted text beside inserted text: both are changes
    assert "专题会议152次" in text or "专题会议125次" in text  # 12次 → 15次: "2" out, "5" in
    assert "学习方式还比较单一" in text and "新增一段：全面落实责任清单。" in text
    assert convert([out], "pdf", tmp_path / "pdf")[0].exists()
    round_trip = convert([out], "docx:MS Word 2007 XML", tmp_path / "rt")[0]
    assert round_trip.exists()
    with zipfile.ZipFile(round_trip) as archive:
        xml = archive.read("word/document.xml").decode()
    assert re.search(rf'<w:ins [^>]*w:author="{REVIEWER}"', xml)
    assert re.search(rf'<w:del [^>]*w:author="{REVIEWER}"', xml)
    assert ">2</w:delText>" in xml
    assert TEXTS[0] in "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))
