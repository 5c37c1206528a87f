""".docx → LayoutFacts: the page, grid, per-paragraph formatting, page numbers and 落款 as
Word resolves them (``docx_styles``), indexed like the model's paragraphs.

The paragraphs are the reader's own (``docx_reader.read_docx_tree`` and its
``SourceParagraph`` pieces), so index i here is index i of the Document and each run's
characters map to the model's offsets; Word's automatic number (一、) is the label at
offsets [0, len(label)) with the numbering level's formatting.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..core.layout import (
    PT_PER_MM,
    FooterFacts,
    LayoutFacts,
    PageNumber,
    PageSetup,
    ParagraphLayout,
    TextSpan,
    find_signature,
)
from ..core.model import Document
from ..fileio.errors import FormatError
from .docx_container import SAVE_AS
from .docx_reader import SourceParagraph, read_docx_tree
from .docx_styles import (
    PageNumberFormat,
    RunFormat,
    SectionFormat,
    StyleResolver,
    sections,
)
from .wordml import W

SIGNATURE_SEARCH_LAST = 6  # the default standard's [signature] search_last


def layout_facts(path_or_package: str | Path | Any, document: Document,
                 search_last: int = SIGNATURE_SEARCH_LAST) -> LayoutFacts | None:
    """The layout facts of ``document``, read from the .docx it came from.

    ``path_or_package`` is the file (read again: ~0.1–0.2 s) or the python-docx Document
    ``read_docx_tree`` returned with it (no second read). None for a file that is not a
    .docx (a .txt has no layout) and for an empty (0-byte) one, which Word opens as a new
    blank document. Raises FormatError (Chinese message) for a file the reader refuses or
    whose layout cannot be read, ValueError when the file's paragraphs are not the
    document's."""
    if isinstance(path_or_package, str | Path):
        path = Path(path_or_package)
        if path.suffix.lower() != ".docx" or path.stat().st_size == 0:
            return None
        read, word = read_docx_tree(path)
        if [p.text for p in read.paragraphs] != [p.text for p in document.paragraphs]:
            raise ValueError(f"{path} 的段落与所给文档不一致")
        sources = read.sources
    else:
        path, word, sources = None, path_or_package, document.sources
    try:
        return _facts(word, document, sources, search_last)
    except Exception as error:  # a part the reader accepted but no layout can be read from
        raise FormatError(path or "文档", f"版式信息无法解析（{type(error).__name__}）", SAVE_AS) from None


def attach_layout(document: Document, path_or_package: str | Path | Any) -> Document:
    """Set ``document.layout`` from its .docx (see ``layout_facts``) and return it. Given a
    path this reads the file a second time; ``read_docx_with_layout`` avoids that. Layout
    that cannot be read leaves ``layout`` None: the content is still audited, without 版式."""
    try:
        document.layout = layout_facts(path_or_package, document)
    except FormatError:
        document.layout = None
    return document


def read_docx_with_layout(path: str | Path, search_last: int = SIGNATURE_SEARCH_LAST) -> Document:
    """``read_docx(path)`` with ``layout`` set from the same open package: the facts cost
    about half the read again (tests/bench/bench_layout.py), so the reader does not do it
    for every caller. Raises FormatError like ``read_docx``."""
    path = Path(path)
    document, word = read_docx_tree(path)
    if path.stat().st_size:
        try:
            document.layout = layout_facts(word, document, search_last)
        except FormatError:
            document.layout = None  # as attach_layout: the content is still audited
    return document


def _facts(word: Any, document: Document, sources: list[Any], search_last: int) -> LayoutFacts:
    resolver = StyleResolver.from_word(word)
    body = word.part.element.body
    found = sections(body, lambda rid: _footer_root(word, rid))
    section_of = _section_index(body)
    paragraphs: dict[int, ParagraphLayout] = {}
    starts: dict[int, int] = {}
    for index, source in enumerate(sources[: len(document.paragraphs)]):
        if not isinstance(source, SourceParagraph) or source.element is None:
            continue
        section = section_of.get(_top_level(source.element, body), len(found) - 1)
        section = min(max(section, 0), max(len(found) - 1, 0))
        starts.setdefault(section, index)
        paragraphs[index] = _paragraph(resolver, source, index, section)
    pages = tuple(_page(fmt, starts.get(i, 0)) for i, (_, fmt) in enumerate(found))
    footers = tuple(_footers(resolver, fmt) for _, fmt in found)
    facts = LayoutFacts(pages or (_page(None, 0),), paragraphs,
                        footers or (FooterFacts(PageNumber(False), PageNumber(False)),),
                        resolver.even_and_odd, resolver.normal_size_pt())
    facts.signature = find_signature(document, search_last)
    return facts


def _footer_root(word: Any, rid: str) -> Any:
    part = word.part.related_parts.get(rid) if rid else None
    return getattr(part, "element", None)


def _top_level(element: Any, body: Any) -> Any:
    while element is not None and element.getparent() is not body:
        element = element.getparent()
    return element


def _section_index(body: Any) -> dict[Any, int]:
    """Each top-level body element → the section it belongs to (a paragraph carrying a
    w:sectPr is the last one of its section)."""
    index, out = 0, {}
    for child in body:
        out[child] = index
        if child.tag == W + "p" and child.find(f"{W}pPr/{W}sectPr") is not None:
            index += 1
    return out


def _paragraph(resolver: StyleResolver, source: SourceParagraph, index: int,
               section: int) -> ParagraphLayout:
    p = source.element
    fmt = resolver.paragraph(p)
    spans: list[TextSpan] = []
    if source.label:
        label = resolver.label(p) or resolver.mark(p)
        spans.append(_span(0, len(source.label), label))
    for piece in source.pieces:
        spans.append(_span(piece.start, piece.end, resolver.run(piece.run, p)))
    return ParagraphLayout(
        index=index, kind=source.kind, section=section, style=fmt.style_name, align=fmt.align,
        first_line_chars=fmt.first_line_chars, first_line_pt=fmt.first_line_pt,
        line_rule=fmt.line_rule, line=fmt.line, snap_to_grid=fmt.snap_to_grid,
        left_pt=fmt.left_pt, left_chars=fmt.left_chars, spans=tuple(_merge(spans)))


def _span(start: int, end: int, run: RunFormat) -> TextSpan:
    return TextSpan(start, end, run.east_asia, run.ascii, run.size_pt, run.bold,
                    run.hint_east_asia, run.spacing_pt, run.scale)


def _merge(spans: list[TextSpan]) -> list[TextSpan]:
    """Adjacent spans with the same formatting become one (a paragraph is often one run
    split by spell-check marks)."""
    out: list[TextSpan] = []
    for span in spans:
        last = out[-1] if out else None
        if last is not None and last.end == span.start and _same(last, span):
            out[-1] = TextSpan(last.start, span.end, *_format(last))
        else:
            out.append(span)
    return out


def _format(span: TextSpan) -> tuple:
    return (span.east_asia, span.ascii, span.size_pt, span.bold, span.hint_east_asia,
            span.spacing_pt, span.scale)


def _same(a: TextSpan, b: TextSpan) -> bool:
    return _format(a) == _format(b)


def _page(fmt: SectionFormat | None, first: int) -> PageSetup:
    if fmt is None:  # no w:sectPr at all: Word's built-in Letter page
        fmt = SectionFormat(612, 792, 72, 72, 90, 90, 0, "default", None, 0, False, "")
    mm = 1 / PT_PER_MM
    return PageSetup(
        width_mm=fmt.width_pt * mm, height_mm=fmt.height_pt * mm, top_mm=fmt.top_pt * mm,
        bottom_mm=fmt.bottom_pt * mm, left_mm=(fmt.left_pt + fmt.gutter_pt) * mm,
        right_mm=fmt.right_pt * mm, grid_type=fmt.grid_type, line_pitch_pt=fmt.line_pitch_pt,
        char_space=fmt.char_space, first_paragraph=first)


def _footers(resolver: StyleResolver, fmt: SectionFormat) -> FooterFacts:
    """Odd pages show the default footer; even pages the even one when settings.xml turns
    odd/even footers on, else the default again; the first page its own when w:titlePg."""
    default = fmt.footers.get("default")
    even = fmt.footers.get("even") if resolver.even_and_odd else default
    odd_number = _number(resolver.page_number(default, fmt.page_number_format, "odd"))
    even_number = _number(resolver.page_number(even, fmt.page_number_format, "even"))
    first = None
    if fmt.title_page:
        first = _number(resolver.page_number(fmt.footers.get("first"), fmt.page_number_format,
                                             "odd"))
    return FooterFacts(odd_number, even_number, first)


def _number(fmt: PageNumberFormat) -> PageNumber:
    return PageNumber(fmt.found, fmt.text, fmt.align, fmt.size_pt, fmt.font, fmt.number_format)
