"""The engine that writes the editor's paragraph texts back into a parsed .docx body.

``apply_edits(package, old, new, engine)`` aligns the paragraph texts as read (``old``)
with the editor's (``new``) — ``docx_align`` — and changes only what differs:

- an edited paragraph keeps its element, its ``w:pPr`` and every run around the edit: the
  characters of the paragraph are diffed and, right to left, deleted text is cut out of
  its ``w:t`` (a ``w:tab``/``w:noBreakHyphen`` inside it goes), inserted text goes into the
  ``w:t`` it lands in — at a run boundary the run before it, except at the end of a
  hyperlink, tracked insertion, simple field or complex-field result, which it is put
  after (a replacement lands in the run of the first replaced character). Runs left
  empty go, and so do hyperlinks and simple fields left empty and complex fields whose
  whole result was deleted. Everything the editor does not show — bookmarks, comment
  anchors and references, drawings, breaks, footnote marks, tracked deletions
  (``w:del``), hidden text — stays where it is;
- Word's automatic label (``SourceParagraph.label``) is no run text: when the new text
  still starts with it, it is cut off before diffing; otherwise the text is written as
  typed and the paragraph's numbering is switched off (``w:numPr`` removed, or
  ``w:numId w:val="0"`` when the style numbers it);
- a new paragraph goes right after the paragraph before it in the merged order (so into
  the same table cell or text box), with that neighbour's ``w:pPr`` (no section break, no
  tracked marks; without numbering unless the user typed a label like the neighbour's —
  after a numbered heading, a new unnumbered line takes the next paragraph's properties
  when that one is a plain paragraph in the same place) and the run properties of the
  neighbour's first run (or of its paragraph mark). Two exceptions keep the reading
  order and the user's intent: a line typed between a paragraph and its own text box's
  paragraphs goes into the text box, and a line that starts with a label like the *next*
  paragraph's (``二、…`` before ``三、…``, after a table) goes before that one, with its
  properties;
- a deleted paragraph is removed — except the last paragraph of a table cell, text box or
  the body (Word needs it; it is emptied instead), one holding a picture, chart, text box
  or embedded object (the editor never showed it, so the user cannot have meant it: its
  text goes, the paragraph stays), and one holding section properties (``w:sectPr``)
  that cannot be handed to the paragraph before it. Bookmarks and comment ranges that
  start or end outside a removed paragraph are kept in its place.

``TrackedEngine`` (docx_revisions) overrides the text and paragraph primitives to record
the same edits as Word tracked changes. After the edits the body is read again and must
say exactly what was intended (``EngineFailure`` otherwise: nothing is written).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..core.model import TableInfo
from .docx_align import EDIT, EQUAL, INSERT, Step, align_paragraphs, char_opcodes
from .docx_export import xml_safe
from .docx_numbering import Styles
from .docx_package import Package
from .docx_reader import (
    HEADER_KINDS,
    Collected,
    SourceParagraph,
    W,
    _walk_inline,
    collect_parts,
)

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# inline wrappers text is put after (not into) when it is typed right at their end
EJECT_FROM = {W + "hyperlink", W + "ins", W + "moveTo", W + "fldSimple"}
# inline wrappers removed when an edit leaves them with nothing in them
DROP_WHEN_EMPTY = {W + "hyperlink", W + "fldSimple", W + "ins", W + "moveTo", W + "smartTag"}
WRAPPER_PROPS = {W + "smartTagPr", W + "fldData", W + "customXmlPr"}
EMPTY_RUN_CHILDREN = {W + "rPr", W + "lastRenderedPageBreak"}
# what makes a paragraph more than its text (kept when deleted)
OBJECTS = {W + "drawing", W + "pict", W + "object", MC + "AlternateContent",
           "{http://schemas.openxmlformats.org/officeDocument/2006/math}oMath",
           "{http://schemas.openxmlformats.org/officeDocument/2006/math}oMathPara"}
BLOCK_WRAPPERS = {W + "sdtContent", W + "customXml"}
BLOCKS = {W + "p", W + "tbl", W + "sdt", W + "customXml"}
STORIES = {W + "tc", W + "txbxContent", W + "body", W + "comment", W + "footnote",
           W + "endnote", W + "hdr", W + "ftr"}
RANGE_PARTNERS = {
    W + "bookmarkStart": W + "bookmarkEnd", W + "commentRangeStart": W + "commentRangeEnd",
    W + "permStart": W + "permEnd", W + "moveFromRangeStart": W + "moveFromRangeEnd",
    W + "moveToRangeStart": W + "moveToRangeEnd",
}
RANGE_PARTNERS.update({end: start for start, end in list(RANGE_PARTNERS.items())})
PARAGRAPH_MARK_CHANGES = {W + "ins", W + "del", W + "moveFrom", W + "moveTo", W + "rPrChange"}
# w:pPr children that come before w:numPr (CT_PPrBase order)
BEFORE_NUMPR = {W + t for t in ("pStyle", "keepNext", "keepLines", "pageBreakBefore",
                                "framePr", "widowControl")}
# w:pPr children that come after w:rPr
AFTER_PPR_RPR = {W + "sectPr", W + "pPrChange"}
_NUMBER_CHARS = "0-9０-９一二三四五六七八九十百千零〇两壹贰叁肆伍陆柒捌玖拾佰A-Za-zⅠ-Ⅻⅰ-ⅻ"


class EngineFailure(Exception):
    """The body read back does not say what was meant: a bug — nothing must be written."""


@dataclass(slots=True)
class Outcome:
    changed: bool  # anything written into the body at all
    texts: list[str]  # the body paragraphs as the edited package reads (labels included)
    tables: list[TableInfo] = field(default_factory=list)  # the body's tables afterwards
    kept: list[int] = field(default_factory=list)  # indexes in texts: deleted, but had to stay


@dataclass(slots=True)
class _Plan:
    """Per output paragraph element: the text its runs must hold afterwards."""

    order: list[Any] = field(default_factory=list)  # elements, in the order of ``new``
    run_text: dict[Any, str] = field(default_factory=dict)
    kept_empty: list[Any] = field(default_factory=list)  # deleted but kept, emptied


def apply_edits(package: Package, found: Collected, old: Sequence[str], new: Sequence[str],
                engine: PlainEngine) -> Outcome:
    """Write ``new`` over ``old`` (``found`` is the body as read: its texts are ``old``)."""
    sources = body_of(found)
    new = [xml_safe(t) for t in new] or [""]
    steps = align_paragraphs(old, new, lambda i: _sticky(sources[i]))
    if all(step.kind == EQUAL for step in steps):
        return Outcome(False, list(old), found.tables)
    plan = _apply_steps(steps, sources, old, new, engine)
    engine.finish()
    untouched = {id(s.element): s for s in sources if s.element is not None
                 and not engine.touched(s.element)}
    after = collect_body(package, untouched)
    body = body_of(after)
    _verify(body, engine, plan)
    stayed = {id(e) for e in plan.kept_empty}
    kept = [i for i, s in enumerate(body) if id(s.element) in stayed]
    return Outcome(True, [s.text for s in body], after.tables, kept)


def _apply_steps(steps: list[Step], sources: list[SourceParagraph], old: Sequence[str],
                 new: Sequence[str], engine: PlainEngine) -> _Plan:
    """Edits and insertions in document order; deletions last (a new paragraph may be
    placed after one that is about to go, so it takes that one's place)."""
    plan = _Plan()
    deletions: list[SourceParagraph] = []
    before, after = _old_neighbours(steps, sources)
    previous: Any = None  # the element just before, in the merged order
    for index, step in enumerate(steps):
        if step.kind == INSERT:
            element = engine.insert_paragraph(new[step.new], previous, before[index], after[index])
            plan.order.append(element)
            plan.run_text[element] = engine.last_run_text
            previous = element
            continue
        source = sources[step.old]
        element = engine.element_of(source)
        if step.kind == EQUAL:
            plan.order.append(element)
            plan.run_text[element] = source.text[len(source.label):]
        elif step.kind == EDIT:
            plan.run_text[element] = engine.edit_paragraph(source, old[step.old], new[step.new])
            plan.order.append(element)
        else:
            deletions.append(source)
        previous = element
    for source in deletions:
        if engine.delete_paragraph(source):
            plan.kept_empty.append(source.element)
    return plan


def _old_neighbours(steps: list[Step], sources: list[SourceParagraph]
                    ) -> tuple[list[SourceParagraph | None], list[SourceParagraph | None]]:
    """For each step, the nearest old paragraph before it and after it (one pass each)."""
    before: list[SourceParagraph | None] = []
    last = None
    for step in steps:
        before.append(last)
        if step.old is not None:
            last = sources[step.old]
    after: list[SourceParagraph | None] = [None] * len(steps)
    last = None
    for index in range(len(steps) - 1, -1, -1):
        after[index] = last
        if steps[index].old is not None:
            last = sources[steps[index].old]
    return before, after


def _sticky(source: SourceParagraph) -> bool:
    """A paragraph that stays even when deleted: better paired with a changed text."""
    p = source.element
    return p is not None and (source.kind == "table" or next(p.iter(*OBJECTS), None) is not None
                              or not _has_later_paragraph(p))


def _verify(sources: list[SourceParagraph], engine: PlainEngine, plan: _Plan) -> None:
    """The body read again: live paragraphs in the order of ``new`` with the run texts
    meant for them, kept-but-deleted ones empty — or EngineFailure."""
    kept_empty = set(map(id, plan.kept_empty))
    live = [s for s in sources if id(s.element) not in kept_empty]
    if [id(s.element) for s in live] != [id(e) for e in plan.order]:
        raise EngineFailure("paragraph order differs after the edit")
    for s in sources:
        want = "" if id(s.element) in kept_empty else plan.run_text.get(s.element)
        got = engine.visible_run_text(s)
        if got != want:
            raise EngineFailure(f"paragraph reads {got!r}, meant {want!r}")


def collect_body(package: Package, reuse: dict[int, SourceParagraph] | None = None) -> Collected:
    """The body's paragraphs (as the reader sees them) and tables (``reuse``: see
    ``collect_parts``)."""
    return collect_parts(package.body, package.numbering, package.styles, reuse=reuse)


def body_of(found: Collected) -> list[SourceParagraph]:
    """The model paragraphs of a walk; a body without any is one blank paragraph."""
    body = [s for s in found.sources if s.kind not in HEADER_KINDS]
    return body or [SourceParagraph("body", None)]


# ---------------------------------------------------------------- the plain engine
class PlainEngine:
    """Edits written as the text itself (保存). Subclassed for tracked changes."""

    def __init__(self, package: Package):
        self.package = package
        self.body = package.body
        self.styles = Styles(package.styles)
        self.last_run_text = ""
        self._touched: dict[int, Any] = {}  # paragraphs whose runs this save changed
        self._boxes: list[Any] = []  # mc:AlternateContent whose text box text changed
        self._markers: dict[tuple[str, str], list[Any]] | None = None

    # ------------------------------------------------------------ paragraphs
    def element_of(self, source: SourceParagraph) -> Any:
        """The w:p of a source; the blank model paragraph of an empty body gets one."""
        if source.element is None:
            p = self.body.makeelement(W + "p", {})
            sect = self.body.find(W + "sectPr")
            if sect is not None:
                sect.addprevious(p)
            else:
                self.body.append(p)
            source.element = p
        return source.element

    def touched(self, p: Any) -> bool:
        """Whether this save changed the runs of paragraph ``p`` (else its text is as read)."""
        return id(p) in self._touched

    def _touch(self, p: Any) -> None:
        self._touched[id(p)] = p

    def edit_paragraph(self, source: SourceParagraph, old: str, new: str) -> str:
        """Turn the paragraph's text from ``old`` into ``new``; return its run text now."""
        self._touch(source.element)
        label = source.label
        base = len(label)
        if label and not new.startswith(label):
            self.drop_numbering(source.element)
            target = new
        else:
            target = new[base:]
        current = old[base:]
        self._note_box(source.element)
        for tag, i1, i2, j1, j2 in reversed(char_opcodes(current, target)):
            if tag == "equal":
                continue
            if tag in ("insert", "replace"):
                self.insert_text(source, base + i1, target[j1:j2], replacing=tag == "replace")
                _rewalk(source)
            if tag in ("delete", "replace"):
                shift = j2 - j1 if tag == "replace" else 0
                self.delete_text(source, base + i1 + shift, base + i2 + shift)
                _rewalk(source)
        return target

    def insert_paragraph(self, text: str, previous: Any, before: SourceParagraph | None,
                         after: SourceParagraph | None) -> Any:
        """A new paragraph after ``previous`` (or before the next old one)."""
        neighbour, place_before = self._neighbour(text, previous, before, after)
        p = self.body.makeelement(W + "p", {})
        if previous is not None and not place_before:
            previous.addnext(p)
        elif after is not None:
            self.element_of(after).addprevious(p)
        else:
            raise EngineFailure("a new paragraph with no paragraph around it")
        self._note_box(p)
        run_text = self._fill_new(p, text, neighbour)
        self.last_run_text = run_text
        return p

    def _neighbour(self, text: str, previous: Any, before: SourceParagraph | None,
                   after: SourceParagraph | None) -> tuple[SourceParagraph | None, bool]:
        """Whose properties a new paragraph takes, and whether it goes before ``after``
        (text box paragraphs come after their anchor paragraph in reading order)."""
        if previous is not None and after is not None and after.element is not None and \
                _inside(after.element, previous):
            return after, True
        if before is None:
            return after, False
        if after is not None and after.label and _typed_label(text, after.label) and \
                not (before.label and _typed_label(text, before.label)):
            return after, True  # a label like the next paragraph's: it belongs with that one
        if before.label and not _typed_label(text, before.label) and after is not None \
                and not after.label and after.element is not None and before.element is not None \
                and after.element.getparent() is before.element.getparent() \
                and previous is not None and previous.getparent() is before.element.getparent():
            return after, False
        return before, False

    def _fill_new(self, p: Any, text: str, neighbour: SourceParagraph | None) -> str:
        """Properties from the neighbour, then the text; returns the run text."""
        run_props = None
        if neighbour is not None and neighbour.element is not None:
            p_pr = _clean_ppr(neighbour.element.find(W + "pPr"))
            if p_pr is not None:
                p.insert(0, p_pr)
            if neighbour.label:  # a bullet list (no label to type) just goes on
                typed = _typed_label(text, neighbour.label)
                if typed:
                    text = text[len(typed):]
                else:
                    self._remove_numbering(p)
            run_props = _first_run_props(neighbour)
        self.mark_new_paragraph(p)
        if text:
            run = p.makeelement(W + "r", {})
            if run_props is not None:
                run.append(run_props)
            _append_text(run, text)
            p.append(run)
            self.wrap_new_runs(p, [run])
        return text

    def delete_paragraph(self, source: SourceParagraph) -> bool:
        """Remove a paragraph; True when it had to stay (emptied instead)."""
        p = source.element
        if p is None:
            return False
        self._touch(p)
        self._note_box(p)
        if self._must_stay(p):
            self.empty_paragraph(source)
            return True
        self._rescue_markers(p)
        parent = p.getparent()
        parent.remove(p)
        return False

    def empty_paragraph(self, source: SourceParagraph) -> None:
        _rewalk(source)
        if source.pieces:
            self.delete_text(source, source.pieces[0].start, source.pieces[-1].end)

    def _must_stay(self, p: Any) -> bool:
        if next(p.iter(*OBJECTS), None) is not None:
            return True
        if not _has_later_paragraph(p):
            return True
        parent = p.getparent()
        if parent.tag in BLOCK_WRAPPERS and sum(c.tag in BLOCKS for c in parent) == 1:
            return True  # a content control (w:sdt) or custom XML block is never left empty
        sect = p.find(f"{W}pPr/{W}sectPr")
        if sect is None:
            return False
        previous = p.getprevious()
        if previous is None or previous.tag != W + "p" or \
                previous.find(f"{W}pPr/{W}sectPr") is not None:
            return True
        _ppr(previous).append(sect)  # hand the section break to the paragraph before
        _order_ppr(previous.find(W + "pPr"))
        return False

    def finish(self) -> None:
        """Text boxes: the VML fallback copy follows the edited DrawingML text."""
        for box in {id(b): b for b in self._boxes}.values():
            _sync_fallback(box)

    # ------------------------------------------------------------ numbering
    def drop_numbering(self, p: Any) -> None:
        self._remove_numbering(p)

    def _remove_numbering(self, p: Any) -> None:
        p_pr = p.find(W + "pPr")
        if p_pr is not None:
            for num_pr in p_pr.findall(W + "numPr"):
                p_pr.remove(num_pr)
        if _numbered_directly_or_by_style(p, self.styles):
            num_pr = p.makeelement(W + "numPr", {})
            num_id = num_pr.makeelement(W + "numId", {W + "val": "0"})
            num_pr.append(num_id)
            _insert_after_kinds(_ppr(p), num_pr, BEFORE_NUMPR)

    # ------------------------------------------------------------ text primitives
    def insert_text(self, source: SourceParagraph, at: int, text: str, replacing: bool) -> None:
        spot = _landing(source, at, replacing)
        if spot.kind == "inside":
            _splice(spot.node, spot.offset, text)
        elif spot.kind == "new":
            run = _new_run(spot.props)
            _append_text(run, text)
            _place_run(run, spot)
        else:
            _put_beside(spot.node, spot.kind, text)

    def delete_text(self, source: SourceParagraph, start: int, end: int) -> None:
        fields = _fields(source.element)
        touched = []
        for piece in reversed([p for p in source.pieces if p.start < end and p.end > start]):
            node, run = piece.node, piece.node.getparent()
            field_of = fields.field_of(run)
            if field_of is not None:
                touched.append(field_of)
            if node.tag == W + "t":
                text = node.text or ""
                a, b = max(start, piece.start) - piece.start, min(end, piece.end) - piece.start
                rest = text[:a] + text[b:]
                if rest:
                    _set_text(node, rest)
                    continue
            run.remove(node)
            _drop_if_empty(run)
        for found in touched:
            if found.result_is_empty():
                found.remove()

    def visible_run_text(self, source: SourceParagraph) -> str:
        return source.text[len(source.label):]

    # ------------------------------------------------------------ hooks for tracking
    def mark_new_paragraph(self, p: Any) -> None:
        """Plain saves mark nothing."""

    def wrap_new_runs(self, p: Any, runs: list[Any]) -> None:
        """Plain saves wrap nothing."""

    # ------------------------------------------------------------ helpers
    def _note_box(self, p: Any) -> None:
        parent = p.getparent()
        while parent is not None and parent.tag != W + "body":
            if parent.tag == MC + "Choice":
                self._boxes.append(parent.getparent())
                return
            parent = parent.getparent()

    def _rescue_markers(self, p: Any) -> None:
        """Range marks whose other end is outside the removed paragraph stay in its place
        (they are allowed between paragraphs); a comment reference whose range starts
        outside moves to the end of the paragraph before."""
        inside = {id(e): e for e in p.iter()}  # the dict keeps the proxies (and ids) alive
        for marker in list(p.iter(*RANGE_PARTNERS)):
            partner = self._partner(marker)
            if partner is not None and id(partner) not in inside:
                p.addprevious(marker)
                marker.tail = None
        for reference in list(p.iter(W + "commentReference")):
            start = self._find(W + "commentRangeStart", reference.get(W + "id", ""))
            if start is None or id(start) in inside:
                continue
            run = reference.getparent()
            host = _previous_paragraph(p)
            # only a run holding just the mark moves: the paragraph before keeps its text
            if host is not None and run.tag == W + "r" and \
                    all(c.tag in (W + "rPr", W + "commentReference") for c in run):
                host.append(run)

    def _partner(self, marker: Any) -> Any:
        return self._find(RANGE_PARTNERS[marker.tag], marker.get(W + "id", ""))

    def _find(self, tag: str, ident: str) -> Any:
        if self._markers is None:
            self._markers = {}
            wanted = set(RANGE_PARTNERS) | {W + "commentReference"}
            for element in self.body.iter(*wanted):
                self._markers.setdefault((element.tag, element.get(W + "id", "")), []).append(element)
        found = [e for e in self._markers.get((tag, ident), []) if _attached(e, self.body)]
        return found[0] if found else None


# ---------------------------------------------------------------- where text lands
@dataclass(slots=True)
class Spot:
    kind: str  # "inside" (a w:t at offset) | "after"/"before" (a node) | "new" (a new run)
    node: Any = None
    offset: int = 0
    props: Any = None  # w:rPr for a new run
    anchor: Any = None  # for "new": the element to put the run after (or None: append)
    before_anchor: bool = False  # for "new": put it before ``anchor`` instead
    paragraph: Any = None


def _landing(source: SourceParagraph, at: int, replacing: bool) -> Spot:
    before = next((p for p in reversed(source.pieces) if p.start < at <= p.end), None)
    after = next((p for p in source.pieces if p.start <= at < p.end), None)
    if before is not None and before is after:
        return Spot("inside", before.node, at - before.start)
    if replacing and after is not None:
        return _start_of(after.node)
    if before is not None:
        wrapper = _wrapper_ending(source, before, after)
        if wrapper is None:
            return _end_of(before.node)
        if after is not None and _wrapper_starting(source, after, before) is None:
            return _start_of(after.node)
        props = _props_for_eject(before.run, wrapper)
        return Spot("new", props=props, anchor=wrapper, paragraph=source.element)
    if after is not None:
        wrapper = _wrapper_starting(source, after, before)
        if wrapper is None:
            return _start_of(after.node)
        props = _props_for_eject(after.run, wrapper)
        return Spot("new", props=props, anchor=wrapper, before_anchor=True,
                    paragraph=source.element)
    return Spot("new", props=_mark_props(source.element), paragraph=source.element)


def _start_of(node: Any) -> Spot:
    return Spot("inside", node, 0) if node.tag == W + "t" else Spot("before", node)


def _end_of(node: Any) -> Spot:
    if node.tag == W + "t":
        return Spot("inside", node, len(node.text or ""))
    return Spot("after", node)


def _wrapper_ending(source: SourceParagraph, before: Any, after: Any) -> Any:
    """The outermost wrapper (hyperlink, insertion, field) that ends right at the gap."""
    found = None
    for wrapper in _wrappers(source.element, before.run):
        if after is not None and _contains(wrapper, after.node, source.element):
            break
        found = wrapper
    return found


def _wrapper_starting(source: SourceParagraph, after: Any, before: Any) -> Any:
    found = None
    for wrapper in _wrappers(source.element, after.run):
        if before is not None and _contains(wrapper, before.node, source.element):
            break
        found = wrapper
    return found


def _wrappers(p: Any, run: Any) -> list[Any]:
    """Wrappers around ``run``, innermost first: inline containers text should not be typed
    into at their edges, and the complex field whose result the run is in (its end run)."""
    found = []
    field_info = _fields(p).field_of(run)
    if field_info is not None and field_info.end.getparent() is run.getparent():
        found.append(_FieldSpan(field_info))
    parent = run.getparent()
    while parent is not None and parent is not p:
        if parent.tag in EJECT_FROM:
            found.append(parent)
        parent = parent.getparent()
    return found


def _contains(wrapper: Any, node: Any, p: Any) -> bool:
    if isinstance(wrapper, _FieldSpan):
        return wrapper.field.holds(node.getparent())
    return _inside(node, wrapper)


class _FieldSpan:
    """A complex field's runs seen as one wrapper (text at its end goes after ``end``)."""

    def __init__(self, field_info: Any):
        self.field = field_info

    @property
    def tag(self) -> str:
        return "field"


def _props_for_eject(run: Any, wrapper: Any) -> Any:
    props = _clean_rpr(run.find(W + "rPr"))
    if props is not None and getattr(wrapper, "tag", "") == W + "hyperlink":
        for style in props.findall(W + "rStyle"):  # the link's look stays with the link
            props.remove(style)
    return props


def _place_run(run: Any, spot: Spot) -> None:
    anchor = spot.anchor
    if isinstance(anchor, _FieldSpan):
        anchor = anchor.field.begin if spot.before_anchor else anchor.field.end
    if anchor is None:
        spot.paragraph.append(run)
    elif spot.before_anchor:
        anchor.addprevious(run)
    else:
        anchor.addnext(run)


# ---------------------------------------------------------------- complex fields
class _Field:
    def __init__(self, begin: Any):
        self.begin = begin
        self.separate: Any = None
        self.end: Any = None
        self.runs: list[Any] = [begin]  # every run from begin to end
        self.result: list[Any] = []

    def holds(self, run: Any) -> bool:
        return any(r is run for r in self.result)

    def result_is_empty(self) -> bool:
        for run in self.result:
            if run.getparent() is None:
                continue
            if any(child.tag not in EMPTY_RUN_CHILDREN for child in run):
                return False
        return True

    def remove(self) -> None:
        for run in self.runs:
            parent = run.getparent()
            if parent is not None:
                parent.remove(run)
                _drop_wrappers(parent)


class _Fields:
    def __init__(self, fields: list[_Field]):
        self.fields = fields

    def field_of(self, run: Any) -> _Field | None:
        return next((f for f in self.fields if f.holds(run)), None)


def _fields(p: Any) -> _Fields:
    """The complex fields that begin and end in paragraph ``p`` (not in its text boxes)."""
    done: list[_Field] = []
    stack: list[_Field] = []
    for run in _own_runs(p):
        kind = next((c.get(W + "fldCharType") for c in run if c.tag == W + "fldChar"), None)
        if kind == "begin":
            stack.append(_Field(run))
            continue
        for open_field in stack:
            open_field.runs.append(run)
        if not stack:
            continue
        current = stack[-1]
        if kind == "separate":
            current.separate = run
        elif kind == "end":
            current.end = run
            done.append(stack.pop())
        elif current.separate is not None:
            current.result.append(run)
    return _Fields(done)


def _own_runs(p: Any) -> list[Any]:
    runs = []
    for run in p.iter(W + "r"):
        parent = run.getparent()
        while parent is not None and parent.tag != W + "p":
            parent = parent.getparent()
        if parent is p:
            runs.append(run)
    return runs


# ---------------------------------------------------------------- small XML helpers
def _rewalk(source: SourceParagraph) -> None:
    """Refresh the piece map after the paragraph's runs changed."""
    source.pieces = []
    parts = [source.label]
    _walk_inline(source.element, source, parts, [], len(source.label))
    source.text = "".join(parts)


def _set_text(node: Any, text: str) -> None:
    node.text = text
    if text != text.strip():
        node.set(XML_SPACE, "preserve")


def _make_text_nodes(parent: Any, text: str) -> list[Any]:
    """w:t / w:tab nodes (not attached) saying ``text``."""
    nodes = []
    for n, segment in enumerate(text.split("\t")):
        if n:
            nodes.append(parent.makeelement(W + "tab", {}))
        if segment:
            t = parent.makeelement(W + "t", {})
            _set_text(t, segment)
            nodes.append(t)
    return nodes


def _append_text(run: Any, text: str) -> None:
    for node in _make_text_nodes(run, text):
        run.append(node)


def _splice(node: Any, offset: int, text: str) -> None:
    """Put ``text`` into the w:t ``node`` at ``offset`` (tabs become w:tab beside it)."""
    old = node.text or ""
    if "\t" not in text:
        _set_text(node, old[:offset] + text + old[offset:])
        return
    head, *rest = text.split("\t")
    tail = old[offset:]
    _set_text(node, old[:offset] + head)
    anchor = node
    for n, segment in enumerate(rest):
        tab = node.makeelement(W + "tab", {})
        anchor.addnext(tab)
        anchor = tab
        segment = segment + tail if n == len(rest) - 1 else segment
        if segment:
            t = node.makeelement(W + "t", {})
            _set_text(t, segment)
            anchor.addnext(t)
            anchor = t
    if not node.text:
        node.getparent().remove(node)


def _put_beside(node: Any, where: str, text: str) -> None:
    nodes = _make_text_nodes(node, text)
    if where == "after":
        for new in reversed(nodes):
            node.addnext(new)
    else:
        for new in nodes:
            node.addprevious(new)


def _new_run(props: Any) -> Any:
    from lxml import etree

    run = etree.Element(W + "r")
    if props is not None:
        run.append(props)
    return run


def _drop_if_empty(run: Any) -> None:
    if all(child.tag in EMPTY_RUN_CHILDREN for child in run):
        parent = run.getparent()
        parent.remove(run)
        _drop_wrappers(parent)


def _drop_wrappers(element: Any) -> None:
    """Remove hyperlinks, simple fields, insertions… that an edit left empty."""
    while element is not None and element.tag in DROP_WHEN_EMPTY and \
            all(child.tag in WRAPPER_PROPS for child in element):
        parent = element.getparent()
        parent.remove(element)
        element = parent


def _inside(node: Any, ancestor: Any) -> bool:
    parent = node.getparent()
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.getparent()
    return False


def _attached(element: Any, root: Any) -> bool:
    return element is root or _inside(element, root)


def _ppr(p: Any) -> Any:
    p_pr = p.find(W + "pPr")
    if p_pr is None:
        p_pr = p.makeelement(W + "pPr", {})
        p.insert(0, p_pr)
    return p_pr


def _insert_after_kinds(parent: Any, element: Any, before_kinds: set[str]) -> None:
    """Insert ``element`` after the last child whose tag is in ``before_kinds``."""
    position = 0
    for n, child in enumerate(parent):
        if child.tag in before_kinds:
            position = n + 1
    parent.insert(position, element)


def _order_ppr(p_pr: Any) -> None:
    """w:rPr, then w:sectPr, then w:pPrChange at the end of a w:pPr (schema order)."""
    for tag in (W + "rPr", W + "sectPr", W + "pPrChange"):
        for child in p_pr.findall(tag):
            p_pr.append(child)


def _clean_ppr(p_pr: Any) -> Any:
    """A copy of a paragraph's properties for a new paragraph: no section break, no
    tracked property change, no tracked mark on its paragraph mark."""
    if p_pr is None:
        return None
    twin = copy.deepcopy(p_pr)
    for tag in AFTER_PPR_RPR:
        for child in twin.findall(tag):
            twin.remove(child)
    mark = twin.find(W + "rPr")
    if mark is not None:
        for child in list(mark):
            if child.tag in PARAGRAPH_MARK_CHANGES:
                mark.remove(child)
    return twin


def _clean_rpr(r_pr: Any) -> Any:
    if r_pr is None:
        return None
    twin = copy.deepcopy(r_pr)
    for child in list(twin):
        if child.tag in PARAGRAPH_MARK_CHANGES:
            twin.remove(child)
    return twin


def _mark_props(p: Any) -> Any:
    """The paragraph mark's run properties as a run's (what Word types with in an empty
    paragraph)."""
    return _clean_rpr(p.find(f"{W}pPr/{W}rPr"))


def _first_run_props(source: SourceParagraph) -> Any:
    if source.pieces:
        return _clean_rpr(source.pieces[0].run.find(W + "rPr"))
    return _mark_props(source.element)


def _numbered_directly_or_by_style(p: Any, styles: Styles) -> bool:
    p_pr = p.find(W + "pPr")
    num_id = p_pr.find(f"{W}numPr/{W}numId") if p_pr is not None else None
    if num_id is not None:
        return num_id.get(W + "val", "0") != "0"
    style = p_pr.find(W + "pStyle") if p_pr is not None else None
    style_id = style.get(W + "val", "") if style is not None else styles.default
    return bool(styles.num_pr(style_id)[0])


def _typed_label(text: str, label: str) -> str:
    """The start of ``text`` when it is a label of the same form as ``label`` (``三、`` for
    ``二、``, ``（4）`` for ``（3）``); "" otherwise."""
    if not label:
        return ""
    pattern = ""
    for char in label.rstrip():
        if re.match(f"[{_NUMBER_CHARS}]", char):
            if not pattern.endswith("+"):
                pattern += f"[{_NUMBER_CHARS}]+"
        elif "\u2460" <= char <= "\u249b":  # ①… ⑴… ⒈…
            pattern += "[\u2460-\u249b]"
        else:
            pattern += re.escape(char)
    match = re.match(pattern + r"\s?", text)
    return match.group(0) if match else ""


def _has_later_paragraph(p: Any) -> bool:
    """Another paragraph follows ``p`` in its story (cell, text box, body…): looks at the
    following siblings (and those of block wrappers such as w:sdt), not the whole story."""
    story = _story_of(p)
    if story is None:
        return True
    node = p
    while node is not None and node is not story:
        for sibling in node.itersiblings():
            if sibling.tag == W + "p":
                return True
            if sibling.tag != W + "tbl" and any(_story_of(x) is story for x in sibling.iter(W + "p")):
                return True
        node = node.getparent()
    return False


def _story_of(p: Any) -> Any:
    parent = p.getparent()
    while parent is not None and parent.tag not in STORIES:
        parent = parent.getparent()
    return parent


def _previous_paragraph(p: Any) -> Any:
    previous = p.getprevious()
    while previous is not None and previous.tag != W + "p":
        previous = previous.getprevious()
    return previous


def _sync_fallback(box: Any) -> None:
    """Copy the edited text box content of mc:Choice over the mc:Fallback copy."""
    choice = box.find(MC + "Choice")
    fallback = box.find(MC + "Fallback")
    if choice is None or fallback is None:
        return
    fresh = list(choice.iter(W + "txbxContent"))
    stale = list(fallback.iter(W + "txbxContent"))
    if len(fresh) != len(stale):
        return
    for new, old in zip(fresh, stale):
        for child in list(old):
            old.remove(child)
        for child in new:
            old.append(_without_unique_marks(copy.deepcopy(child)))


def _without_unique_marks(element: Any) -> Any:
    """A copy must not repeat a bookmark, comment anchor or comment reference: Word calls
    a comment referenced twice corrupt."""
    for mark in list(element.iter(*RANGE_PARTNERS, W + "commentReference")):
        parent = mark.getparent()
        parent.remove(mark)
        if parent.tag == W + "r" and all(c.tag == W + "rPr" for c in parent):
            parent.getparent().remove(parent)
    return element
