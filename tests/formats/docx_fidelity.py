"""A formatted report as a clerk receives it, built with python-docx plus raw XML: a centred
二号 title style, indented body paragraphs, 黑体 headings through styles with Word's own
numbering, a header, a bookmark, a comment, a hyperlink, a picture, a page field, a tab,
tracked changes by another author, a statistics table (header row, merged cells) and a
second section. Every piece opens in LibreOffice (unlike the reader's builder, whose
footnote mark has no footnotes part).

``paragraph_xml`` and ``entries`` are what the fidelity tests compare."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

from docx_builders import NSDECL, NUM, NUMBERING

TITLE = "某某局2024年上半年意识形态工作总结"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# model texts of the built report, in order (Word's labels in front, as the reader shows)
TEXTS = [
    TITLE,
    "为深入贯彻落实意识形态工作责任制，现将有关情况报告如下。",
    "一、工作开展情况",
    "局党组召开专题会议12次，研究部署意识形态工作。",
    "详见门户网站公开信息。",
    "",  # the picture
    "责任人：\t张三",
    "（一）强化阵地管理",
    "本报告共1页，全年开展集中学习12次。",
    "项目",
    "数量",
    "备注",
    "专题会议",
    "12",
    "全年",
    "集中学习",
    "24",
    "",
    "合计：36",
    "已核对",
    "二、存在问题",
    "学习方式还比较单一，部分干部参与不够。",
    "附：工作台账",
    "特此报告。",
]
COMMENTED = 3  # the paragraph with the bookmark and the comment on "12次"
TRACKED_PARAGRAPH = 8  # "本报告共…": a page field and another author's tracked changes
TABLE_ROWS = [["项目", "数量", "备注"], ["专题会议", "12", "全年"], ["集中学习", "24", ""],
              ["合计：36", "已核对"]]


def png_bytes(width: int = 8, height: int = 8) -> bytes:
    """A small grey PNG (no imaging library needed)."""
    raw = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


def _fonts(rpr, east_asian: str) -> None:
    from docx.oxml.ns import qn

    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:eastAsia"), east_asian)


def _styles(document) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    title = document.styles.add_style("公文标题", WD_STYLE_TYPE.PARAGRAPH)
    title.font.size = Pt(22)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(title.element.get_or_add_rPr(), "方正小标宋简体")
    body = document.styles.add_style("公文正文", WD_STYLE_TYPE.PARAGRAPH)
    body.font.size = Pt(16)
    body.paragraph_format.first_line_indent = Pt(32)
    _fonts(body.element.get_or_add_rPr(), "仿宋")
    for name, font in (("Heading 1", "黑体"), ("Heading 2", "楷体")):
        heading = document.styles[name]
        heading.font.size = Pt(16)
        heading.font.color.rgb = None
        _fonts(heading.element.get_or_add_rPr(), font)


def _numbered(document, text: str, level: int):
    from docx.oxml import parse_xml

    paragraph = document.add_paragraph(text, style=f"Heading {level + 1}")
    num_pr = parse_xml(f'<w:numPr {NSDECL}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
    paragraph._p.get_or_add_pPr().append(num_pr)
    return paragraph


def _field_paragraph(document):
    from docx.oxml import parse_xml

    paragraph = document.add_paragraph(style="公文正文")
    paragraph.add_run("本报告共")
    for xml in ('<w:r {0}><w:fldChar w:fldCharType="begin"/></w:r>',
                '<w:r {0}><w:instrText xml:space="preserve"> NUMPAGES </w:instrText></w:r>',
                '<w:r {0}><w:fldChar w:fldCharType="separate"/></w:r>',
                '<w:r {0}><w:t>1</w:t></w:r>',
                '<w:r {0}><w:fldChar w:fldCharType="end"/></w:r>'):
        paragraph._p.append(parse_xml(xml.format(NSDECL)))
    paragraph.add_run("页，全年开展")
    paragraph._p.append(parse_xml(
        f'<w:del {NSDECL} w:id="201" w:author="李四" w:date="2024-06-01T00:00:00Z">'
        '<w:r><w:delText>分散</w:delText></w:r></w:del>'))
    paragraph._p.append(parse_xml(
        f'<w:ins {NSDECL} w:id="202" w:author="李四" w:date="2024-06-01T00:00:00Z">'
        '<w:r><w:t>集中</w:t></w:r></w:ins>'))
    paragraph.add_run("学习12次。")


def _table(document):
    from docx.oxml import parse_xml

    table = document.add_table(rows=4, cols=3)
    table.style = document.styles["Table Grid"]
    for r, row in enumerate(TABLE_ROWS[:3]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(3, 0).merge(table.cell(3, 1)).text = "合计：36"
    table.cell(3, 2).text = "已核对"
    table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {NSDECL}/>"))
    return table


def build_formatted_report(path: Path) -> Path:
    import docx
    from docx.enum.section import WD_SECTION
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml
    from docx.shared import Mm

    document = docx.Document()
    _styles(document)
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(NUMBERING))
    numbering.append(parse_xml(NUM))
    document.sections[0].header.paragraphs[0].text = "某某局办公室"
    document.add_paragraph(TITLE, style="公文标题")
    document.add_paragraph(TEXTS[1], style="公文正文")
    _numbered(document, "工作开展情况", 0)
    body = document.add_paragraph(style="公文正文")
    body._p.append(parse_xml(f'<w:bookmarkStart {NSDECL} w:id="7" w:name="会议"/>'))
    body.add_run("局党组召开专题会议")
    body._p.append(parse_xml(f'<w:bookmarkEnd {NSDECL} w:id="7"/>'))
    flagged = body.add_run("12次")
    flagged.bold = True
    body.add_run("，研究部署意识形态工作。")
    document.add_comment(flagged, text="请核实次数", author="王五", initials="WW")
    link = document.add_paragraph("详见", style="公文正文")
    rid = document.part.relate_to("http://www.example.gov.cn/", RT.HYPERLINK, is_external=True)
    link._p.append(parse_xml(
        f'<w:hyperlink {NSDECL} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships" r:id="{rid}"><w:r><w:rPr><w:u w:val="single"/></w:rPr>'
        '<w:t>门户网站</w:t></w:r></w:hyperlink>'))
    link.add_run("公开信息。")
    picture = document.add_paragraph()
    picture.add_run().add_picture(_png_file(path), width=Mm(20))
    tabbed = document.add_paragraph(style="公文正文")
    tabbed.add_run("责任人：")
    tabbed.add_run().add_tab()
    tabbed.add_run("张三")
    _numbered(document, "强化阵地管理", 1)
    _field_paragraph(document)
    _table(document)
    _numbered(document, "存在问题", 0)
    document.add_paragraph(TEXTS[21], style="公文正文")
    last = document.add_paragraph(TEXTS[22], style="公文正文")
    document.add_section(WD_SECTION.NEW_PAGE)  # an empty paragraph holding a w:sectPr…
    breaker = last._p.getnext()
    last._p.get_or_add_pPr().append(breaker.pPr.sectPr)  # …whose section break moves up
    breaker.getparent().remove(breaker)
    document.add_paragraph(TEXTS[23], style="公文正文")
    document.save(str(path))
    return path


def _png_file(path: Path) -> str:
    image = path.with_suffix(".png")
    image.write_bytes(png_bytes())
    return str(image)


def paragraph_xml(path: Path) -> list[bytes]:
    """Canonical XML (C14N) of each model paragraph's w:p, in model order."""
    from lxml import etree

    from gongwen.formats.docx_edits import body_of, collect_body
    from gongwen.formats.docx_package import open_package

    package = open_package(path, path.read_bytes())
    return [etree.tostring(s.element, method="c14n") if s.element is not None else b""
            for s in body_of(collect_body(package))]


def entries(path: Path) -> dict[str, tuple[bytes, tuple]]:
    """Each zip entry: its bytes and the ZipInfo fields a raw copy keeps."""
    with zipfile.ZipFile(path) as archive:
        return {info.filename: (archive.read(info), (info.date_time, info.compress_type,
                                                      info.CRC, info.external_attr))
                for info in archive.infolist()}


def changed_paragraphs(before: list[bytes], after: list[bytes]) -> list[int]:
    """Indexes (in ``before``) of the paragraphs whose XML differs, same count on both sides."""
    assert len(before) == len(after)
    return [i for i, (a, b) in enumerate(zip(before, after)) if a != b]
