""".docx → Document, as Word shows it, with a map back to the runs.

What becomes a model paragraph, in document order: body paragraphs, the paragraphs of
table cells (row by row, nested tables too; a merged cell is one ``w:tc`` in the XML, so it
is read once), and the paragraphs of text boxes (``w:txbxContent``, right after the
paragraph that anchors them; the ``mc:Fallback`` copy is skipped). Word's automatic
numbers are rebuilt from numbering.xml and put in front of the text (``一、``), so the
audit sees what the reader sees. Tracked insertions count, deletions (``w:del``,
``w:moveFrom``) do not; field codes, comments, footnote marks and hidden text are left out.

``Document.sources[i]`` for each paragraph ``i`` is a ``SourceParagraph``: the ``w:p``
element, the automatic label and ``pieces`` (model offsets → ``w:t``/``w:tab`` elements),
so a finding can be anchored on its characters. Headers and footers are not part of the
structure: their paragraphs (those with text) are appended to ``sources`` after the body
ones and given as ``Document.furniture`` (kind "header"/"footer"), which the audit scans
for junk.

``Document.tables`` describes each body table (``core.model.TableInfo``): its rows and
cells as lists of model paragraph indexes, the grid's column widths, merged cells
(``w:gridSpan``, ``w:vMerge``) and the header rows. ``collect_parts`` walks a document
part's root without python-docx (the write-back engine parses the package itself).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.model import Document, TableCell, TableInfo
from ..core.parse import make_paragraph, parse_paragraphs
from ..fileio.errors import FormatError
from .docx_container import SAVE_AS, check_package
from .docx_numbering import Numberer
from .wordml import MC, W

SKIP = {W + t for t in ("pPr", "rPr", "sectPr", "del", "moveFrom", "instrText", "delText",
                        "delInstrText", "fldData", "sdtPr", "customXmlPr", "tblPr", "trPr",
                        "tcPr", "tblGrid", "rPrChange", "pPrChange")} | {MC + "Fallback"}
BLOCK_CONTAINERS = {W + t for t in ("sdt", "sdtContent", "customXml", "ins", "moveTo")}
HEADER_KINDS = ("header", "footer")
NUMBERING_REL = "/numbering"
HEADER_RELS = {"/header": "header", "/footer": "footer"}
_T, _TAB, _R, _P, _RPR = W + "t", W + "tab", W + "r", W + "p", W + "rPr"
_NO_BREAK_HYPHEN, _TEXT_BOX, _VANISH = W + "noBreakHyphen", W + "txbxContent", W + "vanish"


@dataclass(slots=True)
class Piece:
    """Model characters [start, end) come from ``node`` (a w:t, w:tab or w:noBreakHyphen
    inside a w:r)."""

    start: int
    end: int
    node: Any

    @property
    def run(self) -> Any:
        return self.node.getparent()


@dataclass(slots=True)
class SourceParagraph:
    kind: str  # "body" | "table" | "textbox" | "header" | "footer"
    element: Any  # the w:p element
    label: str = ""  # Word's automatic number (not in any run)
    pieces: list[Piece] = field(default_factory=list)
    text: str = ""
    boxes: list[Any] = field(default_factory=list)  # its text boxes (w:txbxContent)


@dataclass(slots=True)
class Collected:
    """What a walk over a document part found: every paragraph Word shows, and the tables."""

    sources: list[SourceParagraph] = field(default_factory=list)
    tables: list[TableInfo] = field(default_factory=list)


def read_docx(path: str | Path) -> Document:
    """Read a .docx; raise FormatError (Chinese message) for anything we cannot or must not read."""
    document, _ = read_docx_tree(path)
    return document


def read_docx_tree(path: str | Path) -> tuple[Document, Any]:
    """The model and the python-docx document its sources point into."""
    path = Path(path)
    word = _open(path) if check_package(path) else _blank()
    try:
        found = collect_all(word)
    except Exception as error:  # a malformed but parseable part: refuse, never a traceback
        raise FormatError(path, f"文件内容无法解析（{type(error).__name__}）", SAVE_AS) from None
    return to_document(found), word


def to_document(found: Collected) -> Document:
    """The model of what ``collect_all`` / ``collect_parts`` found (body paragraphs come
    first in ``found.sources``, so their positions are the model indexes)."""
    sources = found.sources
    body = [s for s in sources if s.kind not in HEADER_KINDS]
    if not body:  # an empty file reads like an empty .txt: one blank paragraph
        body = [SourceParagraph("body", None)]
    document = parse_paragraphs([s.text for s in body])
    furniture = [s for s in sources if s.kind in HEADER_KINDS and s.text.strip()]
    document.sources = body + furniture
    document.furniture = tuple((s.kind, make_paragraph(i, s.text)) for i, s in enumerate(furniture))
    document.tables = found.tables
    return document


def _open(path: Path) -> Any:
    import docx  # lazily: 85 ms

    try:
        return docx.Document(str(path))
    except ValueError as error:
        if "content type" in str(error):
            raise FormatError(path, "这不是 Word 文档（可能是模板、启用宏的文档或其他 Office 文件）",
                              SAVE_AS) from None
        raise FormatError(path, "文件已损坏，无法解析", SAVE_AS) from None
    except Exception:
        raise FormatError(path, "文件已损坏，无法解析", SAVE_AS) from None


def _blank() -> Any:
    import docx

    return docx.Document()


def collect(word: Any) -> list[SourceParagraph]:
    """Every paragraph Word shows, body first, then headers and footers."""
    return collect_all(word).sources


def collect_all(word: Any) -> Collected:
    """Paragraphs (body, then headers and footers) and body tables of a python-docx document."""
    part = word.part
    return collect_parts(part.element.body, _related_root(part, NUMBERING_REL),
                         word.styles.element, _header_roots(part))


def collect_parts(body: Any, numbering_root: Any, styles_root: Any,
                  header_roots: list[tuple[Any, str]] = (),
                  reuse: dict[int, SourceParagraph] | None = None) -> Collected:
    """Walk a ``w:body`` (then header/footer roots) with Word's list counters replayed.

    ``reuse`` (``id`` of a w:p → its SourceParagraph from an earlier walk of the same
    tree): paragraphs whose runs are known unchanged keep their text and pieces, only
    their label is recomputed (the write-back engine's check after an edit)."""
    walker = _Walker(Numberer(numbering_root, styles_root), reuse)
    walker.blocks(body, "body")
    for root, kind in header_roots:
        walker.blocks(root, kind)
    return walker.found


def _related_root(part: Any, suffix: str) -> Any:
    for rel in part.rels.values():
        if not rel.is_external and rel.reltype.endswith(suffix):
            return getattr(rel.target_part, "element", None)
    return None


def _header_roots(part: Any) -> list[tuple[Any, str]]:
    roots = []
    for rel in part.rels.values():
        kind = next((k for s, k in HEADER_RELS.items() if rel.reltype.endswith(s)), None)
        element = None if rel.is_external or kind is None else getattr(rel.target_part, "element", None)
        if element is not None:
            roots.append((element, kind))
    return roots


class _Walker:
    """Collects paragraphs in reading order; records each body table's rows and cells."""

    def __init__(self, numberer: Numberer, reuse: dict[int, SourceParagraph] | None = None):
        self.numberer = numberer
        self.reuse = reuse or {}
        self.found = Collected()
        self._cell: tuple[int, int, int] | None = None  # (table, row, cell) being walked

    def blocks(self, container: Any, kind: str) -> None:
        for child in container:
            tag = child.tag
            if tag == W + "p":
                self.paragraph(child, kind)
            elif tag == W + "tbl":
                self.table(child, kind)
            elif tag in BLOCK_CONTAINERS:
                self.blocks(child, kind)

    def paragraph(self, p: Any, kind: str) -> None:
        label = self.numberer.label(p)
        earlier = self.reuse.get(id(p)) if self.reuse else None
        if earlier is not None:
            source = _relabelled(earlier, kind, label)
        else:
            source = SourceParagraph(kind, p, label)
            parts = [label]
            _walk_inline(p, source, parts, source.boxes, len(label))
            source.text = "".join(parts)
        self.found.sources.append(source)
        for box in source.boxes:
            self.blocks(box, "textbox" if kind == "body" else kind)

    def table(self, tbl: Any, kind: str) -> None:
        cell_kind = "table" if kind == "body" else kind
        rows = _owned(tbl, W + "tr", W + "tbl")
        if kind in HEADER_KINDS:  # header/footer tables are not part of the structure
            for row in rows:
                for cell in _owned(row, W + "tc", W + "tr"):
                    self.blocks(cell, cell_kind)
            return
        index, outer = len(self.found.tables), self._cell
        info = TableInfo(rows=[], grid=_grid(tbl), parent=outer)
        self.found.tables.append(info)
        header = True
        for r, row in enumerate(rows):
            header = header and _on(row.find(f"{W}trPr/{W}tblHeader"))
            info.header_rows += header
            column = _int_val(row.find(f"{W}trPr/{W}gridBefore"), 0)
            cells: list[TableCell] = []
            for c, tc in enumerate(_owned(row, W + "tc", W + "tr")):
                self._cell = (index, r, c)
                first = len(self.found.sources)
                self.blocks(tc, cell_kind)
                cell = _cell_info(tc, list(range(first, len(self.found.sources))), column)
                column += cell.col_span
                cells.append(cell)
            info.rows.append(cells)
        self._cell = outer
        _row_spans(info)


def _relabelled(earlier: SourceParagraph, kind: str, label: str) -> SourceParagraph:
    """An unchanged paragraph under a (maybe) new automatic label."""
    shift = len(label) - len(earlier.label)
    pieces = earlier.pieces if not shift else [
        Piece(piece.start + shift, piece.end + shift, piece.node) for piece in earlier.pieces]
    return SourceParagraph(kind, earlier.element, label, pieces,
                           label + earlier.text[len(earlier.label):], earlier.boxes)


def _owned(container: Any, tag: str, owner: str) -> list[Any]:
    """The ``tag`` descendants whose nearest ``owner`` ancestor is ``container`` (rows of
    a table, cells of a row — through w:sdt / w:customXml wrappers, not nested tables)."""
    found = []
    for element in container.iter(tag):
        parent = element.getparent()
        while parent is not None and parent.tag != owner:
            parent = parent.getparent()
        if parent is container:
            found.append(element)
    return found


def _int_val(element: Any, default: int) -> int:
    try:
        return int(element.get(W + "val")) if element is not None else default
    except (TypeError, ValueError):
        return default


def _on(element: Any) -> bool:
    """A w:ST_OnOff element: present and not switched off."""
    return element is not None and element.get(W + "val", "true") not in ("0", "false", "off")


def _twips(element: Any, attr: str) -> int:
    try:
        return max(int(float(element.get(W + attr, "0"))), 0)
    except ValueError:
        return 0


def _grid(tbl: Any) -> list[int]:
    return [_twips(col, "w") for col in tbl.findall(f"{W}tblGrid/{W}gridCol")]


def _cell_info(tc: Any, paragraphs: list[int], column: int) -> TableCell:
    tc_pr = tc.find(W + "tcPr")
    if tc_pr is None:
        return TableCell(paragraphs, column)
    span = max(_int_val(tc_pr.find(W + "gridSpan"), 1), 1)
    merge_element = tc_pr.find(W + "vMerge")
    merge = "" if merge_element is None else merge_element.get(W + "val", "continue")
    merge = merge if merge in ("restart", "continue") else ""
    width_element = tc_pr.find(W + "tcW")
    width = 0
    if width_element is not None and width_element.get(W + "type", "dxa") == "dxa":
        width = _twips(width_element, "w")
    return TableCell(paragraphs, column, span, merge, 0 if merge == "continue" else 1, width)


def _row_spans(info: TableInfo) -> None:
    """A "restart" cell covers the "continue" cells below it in the same grid column."""
    for r, row in enumerate(info.rows):
        for cell in row:
            if cell.merge != "restart":
                continue
            for below in info.rows[r + 1:]:
                twin = next((c for c in below if c.column == cell.column), None)
                if twin is None or twin.merge != "continue":
                    break
                cell.row_span += 1


def _walk_inline(element: Any, source: SourceParagraph, parts: list[str], boxes: list[Any],
                 offset: int) -> int:
    """Append the visible text under ``element`` to ``parts``; return the new offset.

    The hot loop of every .docx read: a run's children are handled in place (no call per
    run), tags are compared with local constants and nothing uses find()."""
    pieces = source.pieces
    for child in element:
        tag = child.tag
        if tag == _R:
            if len(child) and child[0].tag == _RPR and _vanished(child[0]):
                continue
            for item in child:
                kind = item.tag
                if kind == _T:
                    text = item.text
                    if text:
                        end = offset + len(text)
                        pieces.append(Piece(offset, end, item))
                        parts.append(text)
                        offset = end
                elif kind == _RPR:
                    continue
                elif kind in (_TAB, _NO_BREAK_HYPHEN):
                    pieces.append(Piece(offset, offset + 1, item))
                    parts.append("\t" if kind == _TAB else "-")
                    offset += 1
                elif kind.__class__ is not str or kind in SKIP:
                    continue
                elif kind == _TEXT_BOX:
                    boxes.append(item)
                elif kind != _P:
                    offset = _walk_inline(item, source, parts, boxes, offset)
        elif tag.__class__ is not str or tag in SKIP:
            continue
        elif tag == _NO_BREAK_HYPHEN:  # outside a run: shown, but no run to anchor on
            parts.append("-")
            offset += 1
        elif tag == _TEXT_BOX:
            boxes.append(child)
        elif tag != _P and tag != _T and tag != _TAB:
            offset = _walk_inline(child, source, parts, boxes, offset)
    return offset


def _vanished(props: Any) -> bool:
    for prop in props:
        if prop.tag == _VANISH:
            return prop.get(W + "val", "true") not in ("0", "false", "off")
    return False


def _hidden(run: Any) -> bool:
    # w:rPr is a run's first child (schema order); lxml's find() costs µs a call here
    return bool(len(run)) and run[0].tag == _RPR and _vanished(run[0])
