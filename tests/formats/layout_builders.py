"""Raw .docx packages for the layout tests, written part by part as Word writes them
(styles.xml, settings.xml, theme1.xml, footers), so every level of Word's formatting
resolution can be set on its own.

``gongwen_docx`` writes a report that follows GB/T 9704 entirely through styles (Chinese
style ids: Normal is ``a``), and takes keyword overrides that break one thing each;
``word_default_docx`` writes what a unit gets by typing into a new document of Chinese
Word (Normal = 等线 10.5 pt through the theme, 1.08 spacing, 25.4/31.8 mm margins, a
centred page number)."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = (f'xmlns:w="{W_NS}" xmlns:r="{R_NS}" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:v="urn:schemas-microsoft-com:vml"')
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument"
DASH = "\u2014"


def theme_xml(latin: str = "等线", hans: str = "等线", ea: str = "", jpan: str = "游明朝",
              major_hans: str = "等线 Light") -> str:
    """A theme font scheme as Office writes it: <a:ea> empty, one <a:font> per script."""
    def scheme(kind: str, latin_: str, hans_: str) -> str:
        return (f'<a:{kind}Font><a:latin typeface="{latin_}"/><a:ea typeface="{ea}"/>'
                f'<a:cs typeface=""/><a:font script="Jpan" typeface="{jpan}"/>'
                f'<a:font script="Hang" typeface="맑은 고딕"/><a:font script="Hans" typeface="{hans_}"/>'
                f'<a:font script="Hant" typeface="新細明體"/></a:{kind}Font>')
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office 主题">'
            '<a:themeElements><a:fontScheme name="Office">'
            f'{scheme("major", latin + " Light" if latin == "等线" else latin, major_hans)}'
            f'{scheme("minor", latin, hans)}'
            '</a:fontScheme></a:themeElements></a:theme>')


def run(text: str, rpr: str = "") -> str:
    rpr = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def paragraph(text: str, style: str = "", ppr: str = "", rpr: str = "", runs: str = "") -> str:
    style_xml = f'<w:pStyle w:val="{style}"/>' if style else ""
    props = f"<w:pPr>{style_xml}{ppr}</w:pPr>" if style_xml or ppr else ""
    return f"<w:p>{props}{runs or (run(text, rpr) if text else '')}</w:p>"


def page_field(result: str = "1", rpr: str = "", instruction: str = " PAGE ") -> str:
    """A complex PAGE field: begin, instrText, separate, the result, end."""
    rpr_xml = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return (f'<w:r>{rpr_xml}<w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r>{rpr_xml}<w:instrText xml:space="preserve">{instruction}</w:instrText></w:r>'
            f'<w:r>{rpr_xml}<w:fldChar w:fldCharType="separate"/></w:r>'
            f'{run(result, rpr)}<w:r>{rpr_xml}<w:fldChar w:fldCharType="end"/></w:r>')


def footer_xml(body: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:ftr {NS}>{body}</w:ftr>'


def number_footer(jc: str, before: str = f"{DASH} ", after: str = f" {DASH}",
                  style: str = "a5", number_style: str = "a7", ppr: str = "") -> str:
    """A footer paragraph with ``before`` PAGE ``after`` in the page-number character style."""
    rpr = f'<w:rStyle w:val="{number_style}"/>' if number_style else ""
    runs = (run(before, rpr) if before else "") + page_field("1", rpr) + (run(after, rpr) if after else "")
    return footer_xml(paragraph("", style, f'{ppr}<w:jc w:val="{jc}"/>', runs=runs))


@dataclass
class Package:
    """The parts of a .docx; ``write`` adds the content types and relationships."""

    body: str
    styles: str
    settings: str = ""
    theme: str | None = None
    numbering: str | None = None
    footers: dict[str, str] = field(default_factory=dict)  # rId → footer XML

    def write(self, path: Path) -> Path:
        parts = {"word/document.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                      f'<w:document {NS}><w:body>{self.body}</w:body></w:document>',
                 "word/styles.xml": self.styles}
        rels = [("rIdStyles", "styles", "styles.xml")]
        types = [("/word/document.xml", f"{CT}.wordprocessingml.document.main+xml"),
                 ("/word/styles.xml", f"{CT}.wordprocessingml.styles+xml")]
        if self.settings:
            parts["word/settings.xml"] = self.settings
            rels.append(("rIdSettings", "settings", "settings.xml"))
            types.append(("/word/settings.xml", f"{CT}.wordprocessingml.settings+xml"))
        if self.theme:
            parts["word/theme/theme1.xml"] = self.theme
            rels.append(("rIdTheme", "theme", "theme/theme1.xml"))
            types.append(("/word/theme/theme1.xml", f"{CT}.theme+xml"))
        if self.numbering:
            parts["word/numbering.xml"] = self.numbering
            rels.append(("rIdNumbering", "numbering", "numbering.xml"))
            types.append(("/word/numbering.xml", f"{CT}.wordprocessingml.numbering+xml"))
        for rid, xml in self.footers.items():
            parts[f"word/{rid}.xml"] = xml
            rels.append((rid, "footer", f"{rid}.xml"))
            types.append((f"/word/{rid}.xml", f"{CT}.wordprocessingml.footer+xml"))
        parts["[Content_Types].xml"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            + "".join(f'<Override PartName="{n}" ContentType="{t}"/>' for n, t in types) + "</Types>")
        parts["_rels/.rels"] = _rels([("rId1", "officeDocument", "word/document.xml")])
        parts["word/_rels/document.xml.rels"] = _rels(rels)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
            for name, xml in parts.items():
                package.writestr(name, xml)
        return path


def _rels(items: list[tuple[str, str, str]]) -> str:
    body = "".join(f'<Relationship Id="{i}" Type="{REL}/{t}" Target="{target}"/>'
                   for i, t, target in items)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{body}'
            '</Relationships>')


def styles_xml(defaults: str, styles: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {NS}>'
            f"<w:docDefaults>{defaults}</w:docDefaults>{styles}</w:styles>")


def style(style_id: str, name: str, ppr: str = "", rpr: str = "", based: str = "",
          kind: str = "paragraph", default: bool = False) -> str:
    flag = ' w:default="1"' if default else ""
    based_xml = f'<w:basedOn w:val="{based}"/>' if based else ""
    return (f'<w:style w:type="{kind}"{flag} w:styleId="{style_id}"><w:name w:val="{name}"/>'
            f'{based_xml}{f"<w:pPr>{ppr}</w:pPr>" if ppr else ""}'
            f'{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}</w:style>')


def fonts(east_asia: str, ascii_: str = "Times New Roman") -> str:
    return (f'<w:rFonts w:ascii="{ascii_}" w:hAnsi="{ascii_}" w:eastAsia="{east_asia}" '
            f'w:hint="eastAsia"/>')


def settings_xml(even_and_odd: bool = True, lang: str = "zh-CN", extra: str = "") -> str:
    flag = "<w:evenAndOddHeaders/>" if even_and_odd else ""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:settings {NS}>{flag}'
            f'<w:defaultTabStop w:val="420"/>{extra}'
            f'<w:themeFontLang w:val="en-US" w:eastAsia="{lang}"/></w:settings>')


def sect_pr(size: str = '<w:pgSz w:w="11906" w:h="16838"/>',
            margins: str = ('<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" '
                            'w:header="851" w:footer="1418" w:gutter="0"/>'),
            grid: str = '<w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-849"/>',
            footers: dict[str, str] | None = None, extra: str = "") -> str:
    refs = "".join(f'<w:footerReference w:type="{kind}" r:id="{rid}"/>'
                   for kind, rid in (footers or {}).items())
    return f"<w:sectPr>{refs}{size}{margins}{extra}{grid}</w:sectPr>"


# ---------------------------------------------------------------- a GB/T 9704 report


TITLE = "某某局2025年意识形态工作总结"
BODY = ["全年开展集中学习12次，覆盖干部86人次。", "组织专题研讨4次，形成调研报告3篇。",
        "持续深化理论武装，推动学习走深走实。"]
UNIT, DATE = "中共某某局党组", "2025年7月10日"
COMPLIANT_DEFAULTS = ('<w:rPrDefault><w:rPr><w:rFonts w:asciiTheme="minorHAnsi" '
                      'w:eastAsiaTheme="minorEastAsia" w:hAnsiTheme="minorHAnsi" w:cstheme="minorBidi"/>'
                      '<w:kern w:val="2"/><w:sz w:val="21"/><w:szCs w:val="22"/>'
                      '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
                      '<w:pPrDefault/>')


TWO_CHARS = '<w:ind w:firstLineChars="200" w:firstLine="640"/>'


def compliant_styles(body_font: str = "仿宋_GB2312", indent: str = TWO_CHARS,
                     title_ppr: str = '<w:jc w:val="center"/>', heading1_font: str = "黑体") -> str:
    """Normal (id ``a``) carries the body: 仿宋 三号, justified, two-character indent; the
    title (``a3``) and headings (``1``–``4``; ``4`` basedOn ``3`` basedOn ``a``) inherit from
    it; the footer (``a5``) and page number (``a7``) styles as Chinese Word names them."""
    return styles_xml(COMPLIANT_DEFAULTS, "".join([
        style("a", "Normal", f'<w:widowControl w:val="0"/>{indent}<w:jc w:val="both"/>',
              fonts(body_font) + '<w:sz w:val="32"/><w:szCs w:val="32"/>', default=True),
        style("a0", "Default Paragraph Font", kind="character", default=True),
        style("a3", "Title", '<w:ind w:firstLineChars="0" w:firstLine="0"/>' + title_ppr,
              fonts("方正小标宋简体") + '<w:sz w:val="44"/>', based="a"),
        style("1", "heading 1", '<w:outlineLvl w:val="0"/>', fonts(heading1_font), based="a"),
        style("2", "heading 2", '<w:outlineLvl w:val="1"/>', fonts("楷体_GB2312"), based="a"),
        style("3", "heading 3", '<w:outlineLvl w:val="2"/>', "<w:b/>", based="a"),
        style("4", "heading 4", '<w:outlineLvl w:val="3"/>', "<w:b w:val=\"0\"/>", based="3"),
        style("a5", "footer", '<w:snapToGrid w:val="0"/><w:ind w:firstLineChars="0" w:firstLine="0"/>',
              '<w:sz w:val="18"/>', based="a"),
        style("a7", "page number", "", fonts("宋体", "宋体") + '<w:sz w:val="28"/>', based="a0",
              kind="character"),
    ]))


SIGNATURE_PPR = '<w:ind w:right="640" w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="right"/>'


def gongwen_body(body_rpr: str = "", title: str = TITLE, date: str | None = DATE,
                 unit: str | None = UNIT, paragraphs: list[str] | None = None) -> str:
    parts = [paragraph(title, "a3"), paragraph(""),
             paragraph("一、总体情况", "1"), paragraph(BODY[0], rpr=body_rpr),
             paragraph("（一）主要做法", "2"), paragraph(BODY[1], rpr=body_rpr),
             paragraph("1.强化学习", "3"), paragraph("（1）专题学习", "4"),
             paragraph(BODY[2], rpr=body_rpr), *(paragraphs or [])]
    if unit or date:
        parts.append(paragraph(""))
    if unit:
        parts.append(paragraph(unit, ppr=SIGNATURE_PPR))
    if date:
        parts.append(paragraph(date, ppr=SIGNATURE_PPR))
    return "".join(parts)


def gongwen_docx(path: Path, *, body_rpr: str = "", styles: str | None = None,
                 size: str | None = None, margins: str | None = None, grid: str | None = None,
                 odd_footer: str | None = None, even_footer: str | None = None,
                 even_and_odd: bool = True, date: str | None = DATE, unit: str | None = UNIT,
                 body: str | None = None) -> Path:
    """A GB/T 9704 report set through styles; each keyword breaks (or replaces) one thing."""
    sect = {k: v for k, v in (("size", size), ("margins", margins), ("grid", grid)) if v is not None}
    footers = {"rIdOdd": odd_footer or number_footer("right", ppr='<w:ind w:right="280"/>'),
               "rIdEven": even_footer or number_footer("left", ppr='<w:ind w:left="280"/>')}
    content = body if body is not None else gongwen_body(body_rpr, date=date, unit=unit)
    return Package(
        body=content + sect_pr(footers={"default": "rIdOdd", "even": "rIdEven"}, **sect),
        styles=styles or compliant_styles(), settings=settings_xml(even_and_odd),
        theme=theme_xml(), footers=footers).write(path)


# ---------------------------------------------------------------- Word's own default


WORD_DEFAULTS = ('<w:rPrDefault><w:rPr><w:rFonts w:asciiTheme="minorHAnsi" '
                 'w:eastAsiaTheme="minorEastAsia" w:hAnsiTheme="minorHAnsi" w:cstheme="minorBidi"/>'
                 '<w:kern w:val="2"/><w:sz w:val="21"/><w:szCs w:val="22"/>'
                 '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
                 '<w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="259" w:lineRule="auto"/>'
                 '</w:pPr></w:pPrDefault>')


def word_default_styles() -> str:
    return styles_xml(WORD_DEFAULTS, "".join([
        style("a", "Normal", '<w:widowControl w:val="0"/><w:jc w:val="both"/>', default=True),
        style("a0", "Default Paragraph Font", kind="character", default=True),
        style("a5", "footer", '<w:tabs><w:tab w:val="center" w:pos="4153"/>'
              '<w:tab w:val="right" w:pos="8306"/></w:tabs><w:snapToGrid w:val="0"/>'
              '<w:jc w:val="left"/>', '<w:sz w:val="18"/><w:szCs w:val="18"/>', based="a"),
    ]))


def word_default_docx(path: Path) -> Path:
    """A report typed into a new document of Chinese Word: everything in Normal, the title
    centred, the 落款 right-aligned, Word's "页面底端 · 普通数字 2" page number."""
    right = '<w:jc w:val="right"/>'
    body = "".join([
        paragraph(TITLE, ppr='<w:jc w:val="center"/>'), paragraph("一、总体情况"),
        paragraph(BODY[0]), paragraph("（一）主要做法"), paragraph(BODY[1]), paragraph(BODY[2]),
        paragraph(UNIT, ppr=right), paragraph(DATE, ppr=right)])
    footer = footer_xml(
        '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Page Numbers (Bottom of Page)"/>'
        '<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>'
        + paragraph("", "a5", '<w:jc w:val="center"/>',
                    runs=page_field("1", instruction="PAGE   \\* MERGEFORMAT"))
        + "</w:sdtContent></w:sdt>" + paragraph("", "a5"))
    sect = sect_pr(margins=('<w:pgMar w:top="1440" w:right="1800" w:bottom="1440" w:left="1800" '
                            'w:header="851" w:footer="992" w:gutter="0"/>'),
                   grid='<w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="312"/>',
                   footers={"default": "rIdFooter"})
    return Package(body=body + sect, styles=word_default_styles(),
                   settings=settings_xml(even_and_odd=False), theme=theme_xml(),
                   footers={"rIdFooter": footer}).write(path)
