"""保存为修订稿: the same edits as 保存, written into a copy as Word tracked changes.

The drafter opens the copy in Word/WPS and sees exactly what the reviewer changed, each
change with its author and time, to accept or reject. Against ``docx_writeback``:

- deleted characters are split into runs of their own (same run properties), wrapped in
  ``w:del`` with their ``w:t`` turned into ``w:delText`` (a complex field whose whole
  result is deleted is deleted whole, ``w:instrText`` → ``w:delInstrText``);
- inserted text is a new run (the run properties of the run it lands in) wrapped in
  ``w:ins``, at the same place the plain save would put it; an insertion inside someone
  else's tracked insertion splits that ``w:ins`` so the two authors stay apart;
- a new paragraph is a tracked paragraph mark (``w:pPr/w:rPr/w:ins``) with its runs in
  ``w:ins``; a deleted one has its text in ``w:del`` and its mark deleted
  (``w:pPr/w:rPr/w:del``) — except a table cell's, text box's or the document's last
  paragraph and one holding the section properties, whose mark Word cannot delete (the
  mark of the paragraph before it is deleted instead, as 保存 hands the break to that
  one), and one holding a picture (as 保存 keeps it);
- switching off automatic numbering (the user removed the label) is a tracked paragraph
  property change (``w:pPrChange`` holding the properties before);
- every mark has ``w:author`` (the reviewer name), ``w:date`` (``when`` in ISO form,
  UTC, whole seconds) and a ``w:id`` above every id already used in the package.

Call it like ``save_docx_edits``::

    saved = save_docx_revisions(path, copy_path, old, editor_texts, author="张三",
                                when=datetime.now(timezone.utc), fingerprint=fingerprint)

``saved.texts`` is the copy as Word shows it with every change accepted (deleted
paragraphs read as empty ones by gongwen's reader until then). The copy may be the
source itself; it goes through ``write_atomic`` (backups) like any save.
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from ..fileio.atomic import Backups
from .docx_edits import (
    EJECT_FROM,
    EMPTY_RUN_CHILDREN,
    OBJECTS,
    PlainEngine,
    Spot,
    _clean_rpr,
    _fields,
    _has_later_paragraph,
    _landing,
    _make_text_nodes,
    _new_run,
    _place_run,
    _ppr,
    _rewalk,
)
from .docx_package import Package
from .docx_reader import SourceParagraph
from .docx_writeback import SavedDocx, save_with
from .wordml import W

TRACKED_WRAPPERS = {W + "ins", W + "moveTo"}
MAX_ID = 2**31 - 1
_ID = re.compile(rb':id="(-?\d+)"')
# CT_PPrBase: what a w:pPrChange may hold (no rPr, sectPr, pPrChange)
_NOT_IN_PPR_CHANGE = {W + "rPr", W + "sectPr", W + "pPrChange"}


def save_docx_revisions(source: str | os.PathLike[str], target: str | os.PathLike[str],
                        old: Sequence[str], new: Sequence[str], author: str, when: datetime,
                        *, fingerprint: str | None = None, backups: Backups | None = None) -> SavedDocx:
    """Write ``new`` over ``old`` into a copy of ``source`` at ``target`` as tracked
    changes by ``author`` at ``when``. WriteError on failure; nothing is written then."""
    stamp = revision_date(when)
    name = author.strip() or "审稿人"
    return save_with(lambda package: TrackedEngine(package, name, stamp), source, target,
                     old, new, fingerprint=fingerprint, backups=backups)


def revision_date(when: datetime) -> str:
    """``2026-11-25T08:30:00Z``: Word's form (a naive time is taken as local time)."""
    return when.astimezone(UTC).replace(microsecond=0, tzinfo=None).isoformat() + "Z"


class TrackedEngine(PlainEngine):
    def __init__(self, package: Package, author: str, date: str):
        super().__init__(package)
        self.author = author
        self.date = date
        self._used, self._next_id = _used_ids(package)
        self._ours: set[int] = set()  # ids (Python) of w:del elements made here, to merge
        self._keep: list[Any] = []  # keeps those elements (and their ids) alive

    # ------------------------------------------------------------ marks
    def _mark(self, tag: str, like: Any) -> Any:
        return like.makeelement(W + tag, {W + "id": self._fresh_id(), W + "author": self.author,
                                          W + "date": self.date})

    def _fresh_id(self) -> str:
        """An id no part of the package uses (w:id is a 32-bit decimal number)."""
        if self._next_id > MAX_ID:
            self._next_id = 1
        while self._next_id in self._used:
            self._next_id += 1
        self._used.add(self._next_id)
        return str(self._next_id)

    # ------------------------------------------------------------ text
    def insert_text(self, source: SourceParagraph, at: int, text: str, replacing: bool) -> None:
        spot = _landing(source, at, replacing)
        props = spot.props if spot.kind == "new" else _clean_rpr(spot.node.getparent().find(W + "rPr"))
        run = _new_run(props)
        for node in _make_text_nodes(run, text):
            run.append(node)
        ins = self._mark("ins", source.element)
        ins.append(run)
        _place_at(ins, spot)
        self._hoist(ins)

    def delete_text(self, source: SourceParagraph, start: int, end: int) -> None:
        fields = _fields(source.element)
        touched = []  # begin runs of the complex fields whose result lost text
        for piece in reversed([p for p in source.pieces if p.start < end and p.end > start]):
            a, b = max(start, piece.start) - piece.start, min(end, piece.end) - piece.start
            found = fields.field_of(piece.run)
            if found is not None:
                touched.append(found.begin)
            self._delete_run(_isolate(piece.node, a, b))
        if not touched:
            return
        for found in _fields(source.element).fields:  # again: runs were split
            if any(found.begin is begin for begin in touched) and not _live_text(found.result):
                for run in found.runs:
                    if run.getparent() is not None and run.getparent().tag != W + "del":
                        self._delete_run(run)

    def _delete_run(self, run: Any) -> None:
        for child in run:
            if child.tag == W + "t":
                child.tag = W + "delText"
            elif child.tag == W + "instrText":
                child.tag = W + "delInstrText"
        following = run.getnext()
        if following is not None and id(following) in self._ours:
            following.insert(0, run)  # one w:del for adjacent deleted runs
            return
        mark = self._mark("del", run)
        run.addprevious(mark)
        mark.append(run)
        self._ours.add(id(mark))
        self._keep.append(mark)

    # ------------------------------------------------------------ paragraphs
    def drop_numbering(self, p: Any) -> None:
        p_pr = _ppr(p)
        if p_pr.find(W + "pPrChange") is None:
            change = self._mark("pPrChange", p_pr)
            before = p_pr.makeelement(W + "pPr", {})
            for child in p_pr:
                if child.tag not in _NOT_IN_PPR_CHANGE:
                    before.append(copy.deepcopy(child))
            change.append(before)
            p_pr.append(change)
        super().drop_numbering(p)
        change = p_pr.find(W + "pPrChange")
        p_pr.append(change)  # stays last (numPr may have been inserted after it)

    def mark_new_paragraph(self, p: Any) -> None:
        self._mark_paragraph(p, "ins")

    def wrap_new_runs(self, p: Any, runs: list[Any]) -> None:
        for run in runs:
            ins = self._mark("ins", p)
            run.addprevious(ins)
            ins.append(run)

    def delete_paragraph(self, source: SourceParagraph) -> bool:
        p = source.element
        if p is None:
            return False
        self._touch(p)
        self._note_box(p)
        self.empty_paragraph(source)
        if not _has_later_paragraph(p) or next(p.iter(*OBJECTS), None) is not None:
            return True
        if p.find(f"{W}pPr/{W}sectPr") is None:
            self._mark_paragraph(p, "del")
            return True
        # the mark holding a section break stays: the one before it goes instead, so
        # accepting joins that paragraph's text (what is left of it) to this empty one,
        # as 保存 hands the break to the paragraph before (the joined paragraph keeps the
        # properties of this mark, as Word does)
        previous = p.getprevious()
        if previous is not None and previous.tag == W + "p" and not _mark_deleted(previous) \
                and previous.find(f"{W}pPr/{W}rPr/{W}ins") is None \
                and previous.find(f"{W}pPr/{W}sectPr") is None \
                and next(previous.iter(*OBJECTS), None) is None:
            self._mark_paragraph(previous, "del")
        return True

    def empty_paragraph(self, source: SourceParagraph) -> None:
        _rewalk(source)
        if source.pieces:
            self.delete_text(source, source.pieces[0].start, source.pieces[-1].end)

    def _mark_paragraph(self, p: Any, kind: str) -> None:
        """The paragraph mark itself inserted or deleted (first child of w:pPr/w:rPr)."""
        if kind == "del" and _mark_deleted(p):
            return
        p_pr = _ppr(p)
        mark = p_pr.find(W + "rPr")
        if mark is None:
            mark = p_pr.makeelement(W + "rPr", {})
            after = next((c for c in p_pr if c.tag in (W + "sectPr", W + "pPrChange")), None)
            if after is not None:
                after.addprevious(mark)
            else:
                p_pr.append(mark)
        mark.insert(0, self._mark(kind, mark))

    def _hoist(self, ins: Any) -> None:
        """Our w:ins never sits inside another author's w:ins / w:moveTo: split that one."""
        parent = ins.getparent()
        while parent is not None and parent.tag in TRACKED_WRAPPERS:
            later = list(ins.itersiblings())
            if later:
                twin = parent.makeelement(parent.tag, dict(parent.attrib))
                twin.set(W + "id", self._fresh_id())
                for child in later:
                    twin.append(child)
                parent.addnext(twin)
            parent.addnext(ins)
            if len(parent) == 0:
                parent.getparent().remove(parent)
            parent = ins.getparent()


def _mark_deleted(p: Any) -> bool:
    return p.find(f"{W}pPr/{W}rPr/{W}del") is not None


def _used_ids(package: Package) -> tuple[set[int], int]:
    """Every numeric ``…:id`` in every XML part (revision, comment, bookmark ids) and the
    one to start from: above them all (from 1 up through the gaps if that would overflow)."""
    import io
    import zipfile

    used: set[int] = set()
    with zipfile.ZipFile(io.BytesIO(package.data)) as archive:
        for info in archive.infolist():
            if info.filename.endswith((".xml", ".rels")):
                used.update(int(m.group(1)) for m in _ID.finditer(archive.read(info.filename)))
    start = max(used, default=0) + 1
    return used, start if start < MAX_ID - 1_000_000 else 1


def _content(run: Any) -> list[Any]:
    return [c for c in run if c.tag != W + "rPr"]


def _twin_run(run: Any, children: list[Any]) -> Any:
    """A run right after ``run`` with the same properties, holding ``children`` (moved)."""
    twin = run.makeelement(W + "r", dict(run.attrib))
    props = run.find(W + "rPr")
    if props is not None:
        twin.append(copy.deepcopy(props))
    for child in children:
        twin.append(child)
    run.addnext(twin)
    return twin


def _cut_before(node: Any) -> Any:
    """Make ``node`` the first content of a run (splitting its run); return that run."""
    run = node.getparent()
    content = _content(run)
    if content and content[0] is node:
        return run
    return _twin_run(run, content[content.index(node):])


def _cut_after(node: Any) -> Any:
    """Make ``node`` the last content of its run; return that run."""
    run = node.getparent()
    content = _content(run)
    position = content.index(node)
    if position + 1 < len(content):
        _twin_run(run, content[position + 1:])
    return run


def _split_text(node: Any, offset: int) -> Any:
    """Split a w:t in two at ``offset`` (both in the same run); return the second."""
    text = node.text or ""
    second = node.makeelement(node.tag, dict(node.attrib))
    node.text, second.text = text[:offset], text[offset:]
    for part in (node, second):
        if part.text != part.text.strip():
            part.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    node.addnext(second)
    return second


def _isolate(node: Any, a: int, b: int) -> Any:
    """The run holding exactly characters [a, b) of ``node`` (a w:t, w:tab or hyphen)."""
    if node.tag == W + "t":
        length = len(node.text or "")
        if b < length:
            _split_text(node, b)
        if a > 0:
            node = _split_text(node, a)
    _cut_before(node)
    return _cut_after(node)


def _place_at(element: Any, spot: Spot) -> None:
    """Put ``element`` (a w:ins) at the gap a ``Spot`` describes."""
    if spot.kind == "inside":
        node, offset = spot.node, spot.offset
        length = len(node.text or "")
        if 0 < offset < length:
            second = _split_text(node, offset)
            _cut_before(second).addprevious(element)
        elif offset == 0:
            _cut_before(node).addprevious(element)
        else:
            _cut_after(node).addnext(element)
    elif spot.kind == "before":
        _cut_before(spot.node).addprevious(element)
    elif spot.kind == "after":
        _cut_after(spot.node).addnext(element)
    else:
        _place_run(element, spot)  # at its anchor, as the plain engine places a run


def _live_text(runs: list[Any]) -> bool:
    """Any run left that is not deleted and holds something."""
    for run in runs:
        parent = run.getparent()
        if parent is None or parent.tag == W + "del":
            continue
        if any(child.tag not in EMPTY_RUN_CHILDREN for child in run):
            return True
    return False


__all__ = ["EJECT_FROM", "TrackedEngine", "revision_date", "save_docx_revisions"]
