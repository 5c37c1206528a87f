"""The clean final copy (定稿) in the GB/T 9704-2012 layout, written with python-docx.

A4 with the standard margins; title 二号小标宋 centred (long titles broken between words);
body 三号仿宋, two-character first-line indent, exact 28.95 pt lines (22 per page) and
slightly condensed characters (28 per line, judged in LibreOffice's PDF, see
tests/formats/test_render.py); headings 一、黑体 （一）楷体 1.仿宋加粗 （1）仿宋, the body part
of a heading paragraph in the body font; page numbers ``— 1 —`` 四号宋体, odd pages right,
even pages left, one character in from the edge; optional 署名 and 成文日期.

Tables are tables (``Document.tables`` of a .docx): each top-level table is written where
its first paragraph was, with its rows, cells and merged cells (``w:gridSpan`` /
``w:vMerge``), in ``TABLE_PT`` (四号) 仿宋 — the header row in 黑体, repeated on every page
(``w:tblHeader``; the first row when the source marks none) —, full single borders and
the source's column widths scaled to the type area width; a table nested in a cell is
written as paragraphs of that cell, and blank lines inside a cell are dropped.

The copy is clean: junk removed, punctuation fixed (optional), no highlight, no comment.
Characters XML 1.0 cannot hold (C0 control characters other than tab — NUL, vertical tab,
form feed… —, U+FFFE/U+FFFF, lone surrogates) have no visible form and Word cannot store
them either: they are dropped (``xml_safe``), so any draft can be written. A tab stays a
tab (``w:tab``).
``export_docx`` refuses while error-level findings remain unless ``force`` is given.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.fixes import blocking, clean_document
from ..core.layout import find_signature
from ..core.model import Document, Finding, Paragraph, Report, Role, TableInfo
from ..core.numerals import arabic_date, chinese_date
from ..core.parse import parse_paragraphs, with_title_at
from ..fileio.atomic import Backups
from ..fileio.errors import WriteError
from .gbt9704 import FONT_SCHEMES, TITLE_CHARS_PER_LINE, heading_role

FINAL_PUNCTUATION = "。．.，,；;：:！!？?、"
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
DATE = re.compile(r"^\s*(\d{4})\s*(?:年|[-/.])\s*(\d{1,2})\s*(?:月|[-/.])\s*(\d{1,2})\s*日?\s*$")


@dataclass(frozen=True, slots=True)
class ExportOptions:
    fonts: str = "gb2312"  # a key of FONT_SCHEMES
    punctuation: bool = True  # apply punctuation fixes
    unit: str = ""  # 署名 (the profile's unit name)
    date: str = ""  # 成文日期, e.g. 2026年11月25日
    force: bool = False  # export even with error-level findings left
    seal: bool = False  # 加盖印章 (GB/T 9704 7.3.5.1) or not (7.3.5.2): where the 落款 goes
    chinese_date: bool = False  # 成文日期 in Chinese numerals (二〇二六年十一月二十五日), not Arabic


class ExportRefused(Exception):
    """Error-level findings remain; ``findings`` lists them."""

    def __init__(self, findings: list[Finding], limit: int = 20):
        self.findings = findings
        lines = [f"还有 {len(findings)} 处错误未处理，暂不导出定稿（确认无误可强制导出）："]
        for item in findings[:limit]:
            quote = f"“{item.text[:20]}”" if item.text else ""
            lines.append(f"  第 {item.paragraph + 1} 段 {quote}：{item.message}")
        if len(findings) > limit:
            lines.append(f"  ……另有 {len(findings) - limit} 处")
        super().__init__("\n".join(lines))


def normalize_date(text: str) -> str:
    """``2026-11-05`` or ``2026年11月05日`` → ``2026年11月5日``; ValueError when not a date."""
    match = DATE.match(text)
    if not match:
        raise ValueError(f"成文日期“{text}”格式不对，应如 2026年11月25日")
    year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise ValueError(f"成文日期“{text}”不是有效日期")
    return f"{year}年{month}月{day}日"


def export_docx(document: Document, report: Report, out_path: str | Path,
                options: ExportOptions = ExportOptions(), source_path: str | Path | None = None,
                segment: Callable[[str], list[str]] | None = None,
                backups: Backups | None = None) -> Path:
    """Write the clean copy of ``document`` to ``out_path`` atomically (a file it replaces
    goes to ``backups``) and return the path.

    Raises ExportRefused (error-level findings remain and not ``force``), WriteError (the
    target is the source file, or cannot be written) or ValueError (unknown font scheme).
    """
    out = Path(out_path)
    _check_target(out, source_path)
    if options.fonts not in FONT_SCHEMES:
        raise ValueError(f"未知的字体方案“{options.fonts}”（可用：{'、'.join(FONT_SCHEMES)}）")
    remaining = blocking(report, options.punctuation)
    if remaining and not options.force:
        raise ExportRefused(remaining)
    clean = clean_document(document, report.findings, options.punctuation)
    word = build(clean, options, segment)
    from .docx_ooxml import save_word

    save_word(word, out, backups)  # WriteError in Chinese
    return out


def _check_target(out: Path, source: str | Path | None) -> None:
    if out.suffix.lower() != ".docx":
        raise WriteError(out, "定稿应保存为 .docx 文件")
    if source is None:
        return
    if Path(os.path.abspath(out)) == Path(os.path.abspath(source)) or _same_file(out, source):
        raise WriteError(out, "不能覆盖原文件，请另选文件名")


def _same_file(out: Path, source: str | Path) -> bool:
    try:
        return out.exists() and os.path.samefile(out, source)
    except OSError:
        return False


def build(document: Document, options: ExportOptions = ExportOptions(),
          segment: Callable[[str], list[str]] | None = None) -> Any:
    """The python-docx document of the clean copy (not saved): the blocks of ``plan``, each
    written by its paragraph writer."""
    import docx

    from . import docx_layout as layout

    fonts = FONT_SCHEMES[options.fonts]
    document = xml_safe_document(document)
    word = docx.Document()
    own_package(word, document.title)
    layout.setup_styles(word, fonts)
    layout.setup_page(word)
    layout.setup_page_numbers(word, fonts)
    texts = [p.text for p in document.paragraphs]
    for block in plan(document, options, segment):
        if block.kind == TABLE:
            layout.add_table(word, block.table, texts, fonts)
        elif block.kind == PLAIN:
            layout.add_plain(word, block.text, fonts)
        elif block.kind == TITLE:
            layout.add_title(word, list(block.lines), fonts)
        elif block.kind == BLANK:
            layout.add_blank(word)
        elif block.kind == HEADING:
            layout.add_heading(word, block.pieces[0].text, block.rest, block.level, fonts)
        elif block.kind == RIGHT:
            layout.add_right(word, block.text, block.right_indent, fonts)
        else:
            layout.add_body(word, block.text, fonts)
    return word


# ---------------------------------------------------------------- the plan
# What the 定稿 is made of, block by block (a block is one paragraph of the .docx, or a
# table): ``build`` writes it and the page preview (formats.pages) lays it out, so the two
# cannot disagree about what goes on the page.
PLAIN, TITLE, BLANK, HEADING, BODY, RIGHT, TABLE = ("plain", "title", "blank", "heading", "body",
                                                    "right", "table")


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of text in one font of the scheme: ``font`` names a FontScheme field (body, kai,
    hei, title, song)."""

    text: str
    font: str = "body"
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Block:
    kind: str  # PLAIN (flush left), TITLE, BLANK, HEADING, BODY, RIGHT (落款), TABLE
    pieces: tuple[Piece, ...] = ()
    source: int | None = None  # the paragraph of the (clean) document it comes from
    level: int = 0  # a heading's level
    lines: tuple[str, ...] = ()  # a title's lines (broken between words)
    right_indent: float = 0.0  # RIGHT: characters from the right edge
    keep_with_next: bool = False  # a heading alone on its line never ends a page
    table: TableInfo | None = None  # TABLE: cells index the document's paragraphs

    @property
    def text(self) -> str:
        return "".join(piece.text for piece in self.pieces)

    @property
    def rest(self) -> str:
        """A heading's body words (after its heading words)."""
        return "".join(piece.text for piece in self.pieces[1:])


def plan(document: Document, options: ExportOptions = ExportOptions(),
         segment: Callable[[str], list[str]] | None = None) -> list[Block]:
    """The blocks of the clean copy of ``document`` (already cleaned: ``clean_document``),
    in order: what precedes the title flush left, the title in its lines and a blank line,
    headings in their fonts, body paragraphs, tables where their first paragraph was, and
    the 落款 and 成文日期 (typed ones where they were typed, else from ``options``)."""
    fonts = FONT_SCHEMES[options.fonts]
    document = xml_safe_document(document)
    title = document.title_index
    tables = _top_level_tables(document)
    in_table = {i for table in tables.values() for i in table.paragraphs}
    unit, date, typed = signature_of(document, options)
    blocks: list[Block] = []
    for paragraph in document.paragraphs:
        index = paragraph.index
        if index in tables:
            blocks.append(Block(TABLE, source=index, table=tables[index]))
            continue
        if index in in_table or paragraph.role is Role.BLANK or index in typed:
            continue
        if title is not None and index < title:
            blocks.append(Block(PLAIN, (Piece(paragraph.text.strip()),), index))
        elif paragraph.role is Role.TITLE:
            lines = tuple(title_lines(paragraph.text, segment))
            pieces = tuple(Piece(line, "title", fonts.title_bold) for line in lines)
            blocks += [Block(TITLE, pieces, index, lines=lines), Block(BLANK, source=index)]
        elif paragraph.role is Role.HEADING:
            heading, rest = heading_parts(paragraph)
            font, bold = heading_role(paragraph.level)
            pieces = (Piece(heading, font, bold),) + ((Piece(rest),) if rest else ())
            blocks.append(Block(HEADING, pieces, index, paragraph.level, keep_with_next=not rest))
        else:
            blocks.append(Block(BODY, (Piece(paragraph.text.strip()),), index))
    blocks += _signature_blocks(unit, date, options.seal, max(typed, default=None))
    return blocks


def _signature_blocks(unit: str, date: str, seal: bool, source: int | None) -> list[Block]:
    if not (unit or date):
        return []
    name_indent, date_indent = signature_indents(unit, date, seal)
    blocks = [Block(BLANK, source=source)]
    if unit:
        blocks.append(Block(RIGHT, (Piece(unit),), source, right_indent=name_indent))
    if date:
        blocks.append(Block(RIGHT, (Piece(date),), source, right_indent=date_indent))
    return blocks


APP_NAME = "公文审稿台"
APP_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           f"<Application>{APP_NAME}</Application><DocSecurity>0</DocSecurity></Properties>")


def own_package(word: Any, title: str) -> None:
    """The 定稿 says what it is: made by this app now, titled as the report — not python-
    docx's template (its creator, "generated by python-docx", a 2013 date, a thumbnail of
    an empty page and "Microsoft Macintosh Word" as the application)."""
    from datetime import UTC, datetime

    props = word.core_properties
    now = datetime.now(UTC).replace(microsecond=0)
    props.author, props.title, props.comments = APP_NAME, xml_safe(title)[:255], ""
    props.last_modified_by, props.created, props.modified, props.revision = APP_NAME, now, now, 1
    package = word.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/metadata/thumbnail"):
            package.rels.pop(rel_id)
    for part in package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = APP_XML.encode("utf-8")


def xml_safe(text: str) -> str:
    """``text`` without the characters an XML document cannot hold (see the module doc)."""
    return XML_ILLEGAL.sub("", text)


def xml_safe_document(document: Document) -> Document:
    """``document`` with every paragraph ``xml_safe`` (the same object when nothing changes)."""
    texts = [p.text for p in document.paragraphs]
    safe = [xml_safe(t) for t in texts]
    if safe == texts:
        return document
    cleaned = with_title_at(parse_paragraphs(safe), document.title_index)
    cleaned.tables = document.tables
    return cleaned


def _top_level_tables(document: Document) -> dict[int, TableInfo]:
    """First paragraph index → table, for the tables not nested in another one."""
    found: dict[int, TableInfo] = {}
    count = len(document.paragraphs)
    for table in document.tables:
        indexes = [i for i in table.paragraphs if 0 <= i < count]
        if table.parent is None and indexes:
            found.setdefault(min(indexes), table)
    return found


def signature_of(document: Document, options: ExportOptions) -> tuple[str, str, set[int]]:
    """The 落款 unit and 成文日期 of the 定稿, and the paragraphs they were typed in: what the
    writer typed at the end (a unit line and a date line, in Arabic or Chinese numerals)
    wins, laid out as GB/T 9704 asks instead of added a second time; what is not typed comes
    from the options (the unit profile, the date chosen)."""
    typed = find_signature(document)
    date_at = typed.date if typed.date is not None else typed.chinese_date
    unit, date, where = xml_safe(options.unit).strip(), options.date.strip(), set()
    if date_at is not None:
        date, where = arabic_date(document.paragraphs[date_at].text.strip()), {date_at}
        if typed.unit is not None:
            unit = document.paragraphs[typed.unit].text.strip()
            where.add(typed.unit)
    date = normalize_date(date) if date else ""
    return unit, chinese_date(date) if date and options.chinese_date else date, where


def text_width(text: str) -> float:
    """Width in characters of the body font: ASCII is half a character."""
    return sum(0.5 if char.isascii() else 1.0 for char in text)


def signature_indents(unit: str, date: str, seal: bool = False) -> tuple[float, float]:
    """Right indents, in characters, of the 署名 and the 成文日期. Without a seal (GB/T 9704
    7.3.5.2): the name 右空二字, the date one line below starting two characters right of
    the name's start; when the date is longer, the date 右空二字 and the name moves right to
    keep that. With a seal (7.3.5.1): the date 右空四字, the name centred over the date."""
    name, day = text_width(unit), text_width(date)
    if seal:
        return (max(4.0 + (day - name) / 2, 0.0) if date else 4.0), 4.0
    if not unit:
        return 0.0, 2.0
    if not date or name - 2 >= day:
        return 2.0, max(name - day, 0.0)
    return 4.0 + day - name, 2.0


def heading_parts(paragraph: Paragraph) -> tuple[str, str]:
    """(heading words, body words) of a heading paragraph."""
    text = paragraph.text.strip()
    lead = len(paragraph.text) - len(paragraph.text.lstrip())
    end = max(paragraph.heading_end - lead, 0)
    return text[:end], text[end:]


def title_lines(title: str, segment: Callable[[str], list[str]] | None = None,
                per_line: int = TITLE_CHARS_PER_LINE) -> list[str]:
    """Break a long title between words into balanced lines; drop final punctuation."""
    title = title.strip().rstrip(FINAL_PUNCTUATION).strip()
    width = text_width(title)
    if width <= per_line:
        return [title]
    count = math.ceil(width / per_line)
    breaks = _break_points(title, segment)
    lines, start = [], 0
    for line in range(1, count):
        target = width * line / count
        allowed = [b for b in breaks if b > start and text_width(title[start:b]) <= per_line]
        if not allowed:
            break
        cut = min(allowed, key=lambda b: (abs(text_width(title[:b]) - target), b))
        lines.append(title[start:cut])
        start = cut
    lines.append(title[start:])
    return [line for line in lines if line]


def _break_points(title: str, segment: Callable[[str], list[str]] | None) -> list[int]:
    if segment is not None:
        points, at = [], 0
        for word in segment(title):
            at += len(word)
            points.append(at)
        if "".join(segment(title)) == title:
            return [p for p in points if 0 < p < len(title)]
    return [i for i in range(1, len(title)) if _can_break(title, i)]


def _can_break(text: str, index: int) -> bool:
    before, after = text[index - 1], text[index]
    if before.isascii() and before.isalnum() and after.isascii() and after.isalnum():
        return False
    return after not in "，。、；：？！）》”’" and before not in "（《“‘"
