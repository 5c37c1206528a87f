"""Builders for the .docx tests: a Word-like report built with python-docx plus raw XML
(automatic numbering, a table with merged cells, a text box with its mc:Fallback copy,
tracked changes, a field, a comment, a footnote mark, a header with junk)."""

from __future__ import annotations

import hashlib
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = (f'xmlns:w="{W_NS}" '
          'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
          'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
          'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
          'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
          'xmlns:v="urn:schemas-microsoft-com:vml"')
NUMBERING = f"""<w:abstractNum {NSDECL} w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  {{levels}}
</w:abstractNum>"""
LEVEL = ('<w:lvl w:ilvl="{0}"><w:start w:val="1"/><w:numFmt w:val="{1}"/><w:suff w:val="nothing"/>'
         '<w:lvlText w:val="{2}"/></w:lvl>')
NUMBERING = NUMBERING.replace("{levels}", "".join(
    LEVEL.format(i, fmt, text) for i, (fmt, text) in enumerate(
        [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")])))
NUM = f'<w:num {NSDECL} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'
TEXT_BOX = f"""<w:r {NSDECL}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>
<a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>
<w:p><w:r><w:t>文本框里的说明文字</w:t></w:r></w:p>
</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>
<w:p><w:r><w:t>文本框里的说明文字</w:t></w:r></w:p>
</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"""
TRACKED = f"""<w:p {NSDECL}><w:r><w:t>全年开展集中学习</w:t></w:r>
<w:ins w:id="101" w:author="a" w:date="2024-01-01T00:00:00Z"><w:r><w:t>12次</w:t></w:r></w:ins>
<w:del w:id="102" w:author="a" w:date="2024-01-01T00:00:00Z"><w:r><w:delText>10次</w:delText></w:r></w:del>
<w:r><w:t>，详见第</w:t></w:r>
<w:r><w:fldChar w:fldCharType="begin"/></w:r>
<w:r><w:instrText xml:space="preserve"> PAGEREF _Toc1 \\h </w:instrText></w:r>
<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>
<w:r><w:fldChar w:fldCharType="end"/></w:r>
<w:r><w:t>页</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r><w:r><w:t>。</w:t></w:r></w:p>"""

TITLE = "某某局2024年上半年意识形态工作总结"
EXPECTED_TEXTS = [
    TITLE,
    "一、工作开展情况",
    "（一）强化理论学习。局党组带头学习，覆盖XX名干部。",
    "全年开展集中学习12次，详见第3页。",
    "请见说明。",
    "文本框里的说明文字",
    "甲",
    "合并单元格",
    "乙",
    "丙",
    "二、存在问题",
    "学习方式还比较单一，部分干部参与不够。",
]


def _numbered(document, text: str, level: int):
    from docx.oxml import parse_xml

    paragraph = document.add_paragraph(text)
    num_pr = parse_xml(f'<w:numPr {NSDECL}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
    paragraph._p.get_or_add_pPr().append(num_pr)
    return paragraph


def build_word_report(path: Path) -> Path:
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(NUMBERING))
    numbering.append(parse_xml(NUM))
    document.sections[0].header.paragraphs[0].text = "仅供学习 禁止外传"
    document.add_paragraph(TITLE)
    _numbered(document, "工作开展情况", 0)
    heading = _numbered(document, "强化理论学习。", 1)
    heading.add_run("局党组带头学习，覆盖")
    flagged = heading.add_run("XX名干部")
    heading.add_run("。")
    document.add_comment(flagged, text="原有批注", author="张三", initials="ZS")
    document.element.body.sectPr.addprevious(parse_xml(TRACKED))
    host = document.add_paragraph("请见说明。")
    host._p.append(parse_xml(TEXT_BOX))
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "甲"
    merged = table.cell(0, 1).merge(table.cell(0, 2))
    merged.text = "合并单元格"
    table.cell(1, 0).text = "乙"
    table.cell(1, 1).merge(table.cell(1, 2)).text = "丙"
    _numbered(document, "存在问题", 0)
    document.add_paragraph("学习方式还比较单一，部分干部参与不够。")
    document.save(str(path))
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
