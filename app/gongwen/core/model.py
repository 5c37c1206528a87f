"""The document model and the audit result types.

Pure data: no Qt, no files. Offsets are Python string indices (code points) within
one paragraph; the UI converts them to UTF-16 positions at its boundary.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from enum import Enum, IntEnum
from typing import Any

# Han characters (CJK ideographs: the basic block, extension A, compatibility ideographs,
# extensions B and later), as a regex character-class body; and every wide character (Han,
# CJK punctuation, kana, full-width forms), which 字数 counts one by one as Word does.
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
WIDE = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003134f"


class Role(str, Enum):
    BLANK = "blank"
    TITLE = "title"
    HEADING = "heading"
    BODY = "body"


class Severity(IntEnum):
    INFO = 0
    WARNING = 1
    ERROR = 2

    @property
    def label(self) -> str:
        return self.name.lower()

    @property
    def chinese(self) -> str:
        return {0: "提示", 1: "警告", 2: "错误"}[self.value]

    @classmethod
    def parse(cls, name: str) -> Severity:
        try:
            return cls[name.strip().upper()]
        except KeyError:
            raise ValueError(f"未知的严重程度“{name}”（应为 error / warning / info）") from None


CATEGORIES: dict[str, str] = {
    "structure": "章节结构",
    "quantity": "数据缺口",
    "placeholder": "占位符",
    "junk": "广告残留",
    "residue": "他单位信息",
    "numbering": "编号",
    "punctuation": "标点",
    "date": "日期",
    "wording": "措辞",
    "layout": "版式",
    "typo": "错别字",
    "recycled": "往年重复",  # passages recycled from last year's report (检查 ▸ 与往年报告比对…)
}


@dataclass(frozen=True, slots=True)
class Label:
    """A heading's number marker, e.g. ``（三）`` → level 2, value 3."""

    text: str  # the marker as typed, e.g. "（三）" or "(3)"
    level: int  # 1 一、  2 （一）  3 1.  4 （1）
    value: int  # 1-based number
    style: str  # "cn" (Chinese numeral) or "arabic"
    halfwidth: bool  # "(一)" rather than "（一）"


@dataclass(frozen=True, slots=True)
class Enumeration:
    """An inline enumeration marker inside a paragraph: 一是 / 第二，."""

    start: int
    end: int
    value: int
    kind: str  # "shi" (一是) or "di" (第一，)


@dataclass(frozen=True, slots=True)
class Paragraph:
    index: int
    text: str
    role: Role = Role.BODY
    label: Label | None = None
    # For headings: where the heading part ends (heading + body in one paragraph).
    heading_end: int = 0
    enumerations: tuple[Enumeration, ...] = ()

    @property
    def level(self) -> int:
        return self.label.level if self.label else 0

    @property
    def heading_text(self) -> str:
        """The heading words without the number marker, e.g. ``存在问题``."""
        if self.role is not Role.HEADING or self.label is None:
            return ""
        return self.text[len(self.label.text) : self.heading_end].strip(" 　。：:")


@dataclass(slots=True)
class Block:
    """A heading and everything under it up to the next heading of the same or a higher level."""

    heading: int | None  # paragraph index of the heading; None for the preamble
    level: int  # 0 for the document root
    start: int  # first paragraph index (the heading itself)
    end: int  # one past the last paragraph index
    # no link up to the parent: a tree of links both ways is a cycle for the garbage
    # collector to find, a thousand objects for each version of a long draft
    children: list[Block] = field(default_factory=list)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(slots=True)
class TableCell:
    """One ``w:tc``: the model paragraphs it holds (those of tables nested in it too, in
    reading order) and where it sits on the table grid."""

    paragraphs: list[int]  # model paragraph indexes
    column: int = 0  # first grid column (after the row's w:gridBefore)
    col_span: int = 1  # w:gridSpan
    merge: str = ""  # w:vMerge: "restart" (top of a vertical merge), "continue" or ""
    row_span: int = 1  # rows a "restart" cell covers; 0 for a "continue" cell
    width: int = 0  # w:tcW in twentieths of a point (dxa), 0 when not given


@dataclass(slots=True)
class TableInfo:
    """A table of a .docx body: rows of cells, the grid's column widths, header rows."""

    rows: list[list[TableCell]]
    grid: list[int] = field(default_factory=list)  # w:gridCol widths in dxa
    header_rows: int = 0  # leading rows marked w:tblHeader (repeated on each page)
    # (table index, row, cell) of the cell a nested table sits in; None at the top level
    parent: tuple[int, int, int] | None = None

    @property
    def paragraphs(self) -> list[int]:
        """Every model paragraph of the table, in reading order."""
        return [i for row in self.rows for cell in row for i in cell.paragraphs]

    @property
    def columns(self) -> int:
        spans = (c.column + c.col_span for row in self.rows for c in row)
        return max(len(self.grid), max(spans, default=0))

    def remapped(self, mapping: dict[int, int]) -> TableInfo:
        """The same table with paragraph ``i`` renumbered ``mapping[i]`` (paragraphs
        missing from ``mapping`` are gone; a cell may end up with none)."""
        rows = [[replace(cell, paragraphs=[mapping[i] for i in cell.paragraphs if i in mapping])
                 for cell in row] for row in self.rows]
        return replace(self, rows=rows)


@dataclass(slots=True)
class Document:
    paragraphs: list[Paragraph]
    title_index: int | None = None
    root: Block | None = None
    # block_of[i] is the innermost block containing paragraph i
    block_of: list[Block] = field(default_factory=list, repr=False)
    # sources[i]: where paragraph i came from, set by a reader (opaque to the core;
    # the .docx reader keeps its run map here so findings can be anchored in the file)
    sources: list[Any] = field(default_factory=list, repr=False)
    # headers and footers ("header"/"footer", paragraph): not part of the report's
    # structure, but scanned for junk (an advert in a footer)
    furniture: tuple[tuple[str, Paragraph], ...] = ()
    # layout facts of a .docx as Word resolves it (a core.layout.LayoutFacts, which builds
    # on this module); None for text and drafts. Valid for the paragraphs as read.
    layout: Any = field(default=None, repr=False)
    # the tables of a .docx body (cells as paragraph indexes); empty for .txt
    tables: list[TableInfo] = field(default_factory=list, repr=False)

    @property
    def title(self) -> str:
        if self.title_index is None:
            return ""
        return self.paragraphs[self.title_index].text.strip()

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)

    def headings(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.role is Role.HEADING]

    def block_text(self, block: Block) -> str:
        return "\n".join(p.text for p in self.paragraphs[block.start : block.end])


# Treated as immutable (findings are shared between audits and threads) but not frozen: a
# frozen dataclass's __init__ sets each field through object.__setattr__, 4 µs a finding
# against 0.9, and a large draft makes and re-makes tens of thousands. Hashable by value.
@dataclass(slots=True, unsafe_hash=True)
class Finding:
    rule: str
    category: str
    severity: Severity
    message: str
    paragraph: int
    start: int
    end: int
    text: str
    fix: str | None = None  # replacement for text; "" deletes it; None = no automatic fix
    section: str | None = None  # checklist section id the finding sits in

    def sort_key(self) -> tuple[int, int, int, str]:
        return (self.paragraph, self.start, self.end, self.rule)

    def to_json(self) -> dict:
        """The JSON object of ``gongwen audit --format json`` (a plain dict built field by
        field: ``dataclasses.asdict`` deep-copies every value, 0.7 s for 7,000 findings)."""
        return {"rule": self.rule, "category": self.category, "severity": self.severity.label,
                "message": self.message, "paragraph": self.paragraph, "start": self.start,
                "end": self.end, "text": self.text, "fix": self.fix, "section": self.section}


@dataclass(slots=True)
class SectionStatus:
    id: str
    title: str
    required: bool
    status: str  # "ok" | "thin" | "missing"
    paragraph: int | None
    hint: str = ""
    chars: int = 0
    figures: int = 0

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "required": self.required,
            "status": self.status,
            "paragraph": self.paragraph,
        }


@dataclass(slots=True)
class Stats:
    chars: int
    paragraphs: int
    figures: int


@dataclass(slots=True)
class Report:
    checklist: str
    checklist_name: str
    title: str
    stats: Stats
    sections: list[SectionStatus]
    findings: list[Finding]
    # rules that were skipped because a resource (jieba) is not ready yet
    pending: tuple[str, ...] = ()
    # section_of[i]: the checklist section id paragraph i belongs to (None outside any)
    section_of: list[str | None] = field(default_factory=list)
    document: Document | None = field(default=None, repr=False)  # as audited, title decided
    # findings in headers and footers: (kind, finding numbered within Document.furniture)
    furniture: list[tuple[str, Finding]] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def to_json(self, path: str = "") -> dict:
        return {
            "path": path,
            "checklist": self.checklist,
            "title": self.title,
            "stats": asdict(self.stats),
            "sections": [s.to_json() for s in self.sections],
            "findings": [f.to_json() for f in self.findings],
        }
