"""Tables are tables: the reader's ``Document.tables`` (rows and cells as paragraph indexes,
grid widths, merged cells, header rows) and the 定稿 writing them as Word tables in the
official layout — never one paragraph per cell."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from docx_fidelity import TABLE_ROWS, TEXTS, build_formatted_report
from office import convert, needs_office

from gongwen.core.model import TableCell, TableInfo
from gongwen.core.parse import parse_text
from gongwen.formats import read_document
from gongwen.formats.docx_export import ExportOptions, export_docx
from gongwen.formats.docx_layout import scaled_widths
from gongwen.formats.gbt9704 import TABLE_PT, TYPE_WIDTH_TWIPS

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture()
def report(tmp_path) -> Path:
    return build_formatted_report(tmp_path / "报告.docx")


def merged_report(path: Path) -> Path:
    """A 3 × 3 table: the first column merged down two rows, a nested table in a cell."""
    import docx

    word = docx.Document()
    word.add_paragraph("某某社区2024年意识形态工作总结")
    table = word.add_table(rows=3, cols=3)
    table.cell(0, 0).text, table.cell(0, 1).text, table.cell(0, 2).text = "类别", "项目", "次数"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "学习"
    table.cell(1, 1).text, table.cell(1, 2).text = "集中学习", "12"
    table.cell(2, 1).text = "专题研讨"
    inner = table.cell(2, 2).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "线上6", "线下2"
    word.add_paragraph("特此报告。")
    word.save(str(path))
    return path


def audit(document, catalog):
    from gongwen.core.audit import Auditor

    return Auditor(catalog.get("ideology-summary"), catalog.pack).audit(document)


def test_the_reader_describes_rows_cells_widths_and_header(report):
    document = read_document(report)
    [table] = document.tables
    texts = [p.text for p in document.paragraphs]
    assert [[" ".join(texts[i] for i in c.paragraphs) for c in row] for row in table.rows] == \
        [["项目", "数量", "备注"], ["专题会议", "12", "全年"], ["集中学习", "24", ""],
         ["合计：36", "已核对"]]
    assert table.header_rows == 1 and table.columns == 3 and table.parent is None
    assert len(table.grid) == 3 and all(w > 0 for w in table.grid)
    total = table.rows[3][0]
    assert (total.column, total.col_span) == (0, 2) and table.rows[3][1].column == 2
    assert table.paragraphs == list(range(9, 20))
    assert all(document.sources[i].kind == "table" for i in table.paragraphs)


def test_vertical_merges_and_nested_tables(tmp_path):
    document = read_document(merged_report(tmp_path / "合并.docx"))
    outer, inner = document.tables
    top, below = outer.rows[1][0], outer.rows[2][0]
    assert (top.merge, top.row_span) == ("restart", 2)
    assert (below.merge, below.row_span) == ("continue", 0)
    texts = [p.text for p in document.paragraphs]
    assert [texts[i] for i in inner.paragraphs] == ["线上6", "线下2"]
    assert inner.parent == (0, 2, 2)
    assert set(inner.paragraphs) <= set(outer.rows[2][2].paragraphs)


def test_a_text_file_has_no_tables():
    assert parse_text("标题\n正文").tables == []


def test_remapping_follows_removed_paragraphs():
    table = TableInfo(rows=[[TableCell([3]), TableCell([4, 5])]], grid=[100, 200])
    moved = table.remapped({3: 2, 5: 3})
    assert [[c.paragraphs for c in row] for row in moved.rows] == [[[2], [3]]]
    assert table.rows[0][1].paragraphs == [4, 5]  # the original is left alone


def test_widths_keep_their_proportions_on_the_type_area():
    assert scaled_widths([1000, 2000, 1000], 3, 8000) == [2000, 4000, 2000]
    assert sum(scaled_widths([333, 333, 334], 3, TYPE_WIDTH_TWIPS)) == TYPE_WIDTH_TWIPS
    assert scaled_widths([], 2, 100) == [50, 50]  # no grid: equal columns
    assert scaled_widths([0, 300], 2, 600) == [300, 300]  # an unknown width: the mean


def exported(path: Path, catalog, out: Path):
    import docx

    document = read_document(path)
    export_docx(document, audit(document, catalog), out, ExportOptions(force=True))
    return docx.Document(str(out))


def test_the_final_copy_writes_the_table_as_a_table(report, tmp_path, catalog):
    word = exported(report, catalog, tmp_path / "定稿.docx")
    [table] = word.tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[:3] == TABLE_ROWS[:3]
    assert rows[3] == ["合计：36", "合计：36", "已核对"]  # a merged cell, seen twice by python-docx
    body = [p.text for p in word.paragraphs]
    for cell_text in ("专题会议", "集中学习", "已核对"):
        assert cell_text not in body  # never one paragraph per cell
    assert body.index(TEXTS[8]) < body.index("二、存在问题")


def test_the_table_layout(report, tmp_path, catalog):
    word = exported(report, catalog, tmp_path / "定稿.docx")
    tbl = word.tables[0]._tbl
    assert tbl.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None  # the header row repeats
    assert tbl.findall(f"{W}tr")[1].find(f"{W}trPr/{W}tblHeader") is None
    borders = tbl.find(f"{W}tblPr/{W}tblBorders")
    assert [b.get(W + "val") for b in borders] == ["single"] * 6
    widths = [int(c.get(W + "w")) for c in tbl.findall(f"{W}tblGrid/{W}gridCol")]
    assert sum(widths) == TYPE_WIDTH_TWIPS
    source = read_document(report).tables[0].grid
    assert widths == scaled_widths(source, 3, TYPE_WIDTH_TWIPS)
    merged = tbl.findall(f"{W}tr")[3].find(f"{W}tc/{W}tcPr/{W}gridSpan")
    assert merged is not None and merged.get(W + "val") == "2"
    style = word.styles["公文表格"]
    assert style.font.size.pt == TABLE_PT
    fonts = [r._r.find(f"{W}rPr/{W}rFonts").get(W + "eastAsia")
             for row in word.tables[0].rows for c in row.cells for p in c.paragraphs for r in p.runs]
    assert set(fonts[:3]) == {"黑体"} and set(fonts[3:]) == {"仿宋_GB2312"}


def test_vertical_merges_survive_export(tmp_path, catalog):
    word = exported(merged_report(tmp_path / "合并.docx"), catalog, tmp_path / "定稿.docx")
    [table] = word.tables  # the nested table's text stays in its cell
    trs = table._tbl.findall(f"{W}tr")
    first = [tc.find(f"{W}tcPr/{W}vMerge") for tc in (trs[1].findall(f"{W}tc")[0],
                                                      trs[2].findall(f"{W}tc")[0])]
    assert first[0].get(W + "val") == "restart" and first[1] is not None
    assert table.cell(2, 2).text == "线上6\n线下2"


def test_a_junk_paragraph_before_the_table_keeps_the_cells_in_place(tmp_path, catalog):
    import docx

    path = tmp_path / "广告.docx"
    word = docx.Document()
    word.add_paragraph("某某局2024年上半年意识形态工作总结")
    word.add_paragraph("举报倒卖会员资料的人，举报成功免费赠送一年会员材料！")
    table = word.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "项目", "数量"
    word.save(str(path))
    document = read_document(path)
    report = audit(document, catalog)
    assert any(f.category == "junk" and f.paragraph == 1 for f in report.findings)
    export_docx(document, report, tmp_path / "定稿.docx", ExportOptions(force=True))
    out = docx.Document(str(tmp_path / "定稿.docx"))
    assert [c.text for c in out.tables[0].rows[0].cells] == ["项目", "数量"]


@needs_office
def test_libreoffice_lays_the_row_out_on_one_line(report, tmp_path, catalog):
    exported(report, catalog, tmp_path / "定稿.docx")
    pdf = convert([tmp_path / "定稿.docx"], "pdf", tmp_path / "lo")[0]
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True).stdout
    rows = [" ".join(line.split()) for line in text.splitlines()]
    assert "项目 数量 备注" in rows and "专题会议 12 全年" in rows


def test_tables_follow_the_editors_texts(report):
    """The editor exports its current texts: the file's tables renumbered for them."""
    from gongwen.formats.docx_align import follow_tables

    document = read_document(report)
    old = [p.text for p in document.paragraphs]
    new = ["新的第一段。", *old]  # everything moves down one
    del new[20]  # the cell 已核对 deleted
    new.insert(16, "（含线上）")  # a line typed after the cell 全年 (now paragraph 15)
    [table] = follow_tables(document.tables, old, new)
    cells = [[[new[i] for i in cell.paragraphs] for cell in row] for row in table.rows]
    assert cells[1] == [["专题会议"], ["12"], ["全年", "（含线上）"]]
    assert cells[2] == [["集中学习"], ["24"], [""]]
    assert cells[3] == [["合计：36"], []]
    assert document.tables[0].rows[1][2].paragraphs == [14]  # the reader's own is left alone


@needs_office
def test_a_long_table_repeats_its_header_row_on_the_next_page(tmp_path, catalog):
    import docx

    path = tmp_path / "长表.docx"
    word = docx.Document()
    word.add_paragraph("某某县2024年意识形态工作台账")
    table = word.add_table(rows=61, cols=3)
    for c, text in enumerate(("序号", "事项", "完成情况")):
        table.cell(0, c).text = text
    for r in range(1, 61):
        table.cell(r, 0).text, table.cell(r, 1).text, table.cell(r, 2).text = str(r), f"事项{r}", "已完成"
    word.save(str(path))
    exported(path, catalog, tmp_path / "定稿.docx")
    pdf = convert([tmp_path / "定稿.docx"], "pdf", tmp_path / "lo")[0]
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                           text=True).stdout.split("\f")
    carrying = [page for page in pages if "事项" in page]
    assert len(carrying) >= 2
    for page in carrying:
        first = next(" ".join(line.split()) for line in page.splitlines()
                     if "事项" in line or "序号" in line)
        assert first == "序号 事项 完成情况"  # every page of the table starts with its header
