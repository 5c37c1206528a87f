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
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.model import Document
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


@dataclass(slots=True)
class Piece:
    """Model characters [start, end) come from ``node`` (a w:t or w:tab inside a w:r)."""

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


def read_docx(path: str | Path) -> Document:
    """Read a .docx; raise FormatError (Chinese message) for anything we cannot or must not read."""
    document, _ = read_docx_tree(path)
    return document


def read_docx_tree(path: str | Path) -> tuple[Document, Any]:
    """The model and the python-docx document its sources point into."""
    path = Path(path)
    word = _open(path) if check_package(path) else _blank()
    try:
        sources = collect(word)
    except Exception as error:  # a malformed but parseable part: refuse, never a traceback
        raise FormatError(path, f"文件内容无法解析（{type(error).__name__}）", SAVE_AS) from None
    body = [s for s in sources if s.kind not in HEADER_KINDS]
    if not body:  # an empty file reads like an empty .txt: one blank paragraph
        body = [SourceParagraph("body", None)]
    document = parse_paragraphs([s.text for s in body])
    furniture = [s for s in sources if s.kind in HEADER_KINDS and s.text.strip()]
    document.sources = body + furniture
    document.furniture = tuple((s.kind, make_paragraph(i, s.text)) for i, s in enumerate(furniture))
    return document, word


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
    part = word.part
    numberer = Numberer(_related_root(part, NUMBERING_REL), word.styles.element)
    found: list[SourceParagraph] = []
    _walk_blocks(part.element.body, "body", numberer, found)
    for root, kind in _header_roots(part):
        _walk_blocks(root, kind, numberer, found)
    return found


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


def _walk_blocks(container: Any, kind: str, numberer: Numberer, out: list[SourceParagraph]) -> None:
    for child in container:
        tag = child.tag
        if tag == W + "p":
            _add_paragraph(child, kind, numberer, out)
        elif tag == W + "tbl":
            for cell in child.iter(W + "tc"):
                if _nearest_table(cell) is child:
                    _walk_blocks(cell, "table" if kind == "body" else kind, numberer, out)
        elif tag in BLOCK_CONTAINERS:
            _walk_blocks(child, kind, numberer, out)


def _nearest_table(cell: Any) -> Any:
    parent = cell.getparent()
    while parent is not None and parent.tag != W + "tbl":
        parent = parent.getparent()
    return parent


def _add_paragraph(p: Any, kind: str, numberer: Numberer, out: list[SourceParagraph]) -> None:
    label = numberer.label(p)
    source = SourceParagraph(kind, p, label)
    boxes: list[Any] = []
    parts = [label]
    _walk_inline(p, source, parts, boxes, len(label))
    source.text = "".join(parts)
    out.append(source)
    for box in boxes:
        _walk_blocks(box, "textbox" if kind == "body" else kind, numberer, out)


def _walk_inline(element: Any, source: SourceParagraph, parts: list[str], boxes: list[Any],
                 offset: int) -> int:
    """Append the visible text under ``element`` to ``parts``; return the new offset."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in SKIP:
            continue
        if tag == W + "txbxContent":
            boxes.append(child)
        elif tag == W + "r" and _hidden(child):
            continue
        elif tag in (W + "t", W + "tab"):
            text = (child.text or "") if tag == W + "t" else "\t"
            if text and child.getparent().tag == W + "r":
                source.pieces.append(Piece(offset, offset + len(text), child))
                parts.append(text)
                offset += len(text)
        elif tag == W + "noBreakHyphen":
            parts.append("-")
            offset += 1
        elif tag != W + "p":
            offset = _walk_inline(child, source, parts, boxes, offset)
    return offset


def _hidden(run: Any) -> bool:
    vanish = run.find(f"{W}rPr/{W}vanish")
    return vanish is not None and vanish.get(W + "val", "true") not in ("0", "false", "off")
