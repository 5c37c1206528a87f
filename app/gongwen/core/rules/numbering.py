"""Heading numbers and inline enumerations: gaps (一、二、四、), repeats, wrong order,
mixed styles in one series ((一)(二)(3)), broken 一是/二是/三是 runs."""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import CJK, Block, Document, Enumeration, Finding, Label, Paragraph, Role
from ..numerals import cn_to_int, int_to_cn
from ..rulepack import RuleSpec
from ..shape import content_start
from .base import Context, Family

MARKERS = {1: "{}、", 2: "（{}）", 3: "{}.", 4: "（{}）"}


def marker(level: int, value: int) -> str:
    number = int_to_cn(value) if level in (1, 2) else str(value)
    return MARKERS[level].format(number)


def _label(document: Document, block: Block) -> Label:
    label = document.paragraphs[block.heading].label
    assert label is not None
    return label


def series_of(document: Document, parent: Block) -> tuple[list[Block], list[Block]]:
    """The numbered series under ``parent`` and the blocks numbered in the wrong style.

    A heading that skips a level (（3） directly under （二）) and carries the number the
    series expects next is a mis-styled member of its parent's series.
    """
    series: list[Block] = []
    misstyled: list[Block] = []
    for position, child in enumerate(parent.children):
        series.append(child)
        following = parent.children[position + 1] if position + 1 < len(parent.children) else None
        value = _label(document, child).value
        for grandchild in child.children[:1]:
            label = _label(document, grandchild)
            fits_next = following is None or _label(document, following).value == value + 2
            if grandchild.level > child.level + 1 and label.value == value + 1 and fits_next:
                misstyled.append(grandchild)
                series.append(grandchild)
    return series, misstyled


def _heading_findings(document: Document, parent: Block, specs: dict[str, RuleSpec],
                      moved: frozenset | set = frozenset(),
                      glued: dict[int | None, set[int]] | None = None) -> list[Finding]:
    """``moved``: children already counted in the grandparent's series (mis-styled);
    ``glued``: by parent heading, numbers of a series written as headings glued to a
    paragraph (their line break lost: punctuation.line-break says so) — no gap there."""
    found = []
    glued_all = glued or {}
    glued_here = glued_all.get(parent.heading, set())
    series, misstyled = series_of(document, parent)
    series = [b for b in series if id(b) not in moved]
    level = series[0].level if series else 0
    for block in misstyled:
        paragraph = document.paragraphs[block.heading]
        label = paragraph.label
        fix = marker(level, label.value)
        found.append(_at(paragraph, specs["numbering.mixed-style"], fix, label=label.text.strip()))
    expected = 1
    for block in series:
        paragraph = document.paragraphs[block.heading]
        value = paragraph.label.value
        label = paragraph.label.text.strip()
        if value == expected - 1:
            found.append(_at(paragraph, specs["numbering.repeat"], label=label))
        elif value > expected and any(v not in glued_here for v in range(expected, value)):
            missing = "、".join(marker(block.level if block not in misstyled else level, v)
                               for v in range(expected, value) if v not in glued_here)
            found.append(_at(paragraph, specs["numbering.gap"], missing=missing))
        elif value < expected - 1:
            found.append(_at(paragraph, specs["numbering.order"], label=label,
                             expected=marker(block.level, expected)))
        expected = max(expected, value + 1)
    for block in parent.children:
        if block.children:
            found += _heading_findings(document, block, specs, set(map(id, misstyled)), glued_all)
    return found


def _at(paragraph: Paragraph, spec: RuleSpec, fix: str | None = None, **values: str) -> Finding:
    end = len(paragraph.label.text)
    start = len(paragraph.label.text) - len(paragraph.label.text.lstrip())
    return spec.finding(paragraph.index, start, end, paragraph.text, fix, **values)


def _run_findings(run: list[tuple[Paragraph, Enumeration]], spec: RuleSpec,
                  previous: int = 0) -> list[Finding]:
    """A run may restart at 一 but must otherwise count up by one."""
    found = []
    for paragraph, item in run:
        if item.value != 1 and item.value != previous + 1:
            expected = (f"{int_to_cn(previous + 1)}是" if item.kind == "shi"
                        else f"第{int_to_cn(previous + 1)}")
            found.append(spec.finding(paragraph.index, item.start, item.end, paragraph.text,
                                      expected=expected))
        previous = item.value
    return found


@lru_cache(maxsize=64)
def _unmarked(number: str) -> re.Pattern[str]:
    """``number`` opening a sentence without 是 (the sentence end starts the match: a
    look-behind first would be tried at every position)."""
    return re.compile(rf"[。；;]\s*({number})(?![是、，)）])(?=[{CJK}])")


def _missing_shi(paragraph: Paragraph, inner: list[Enumeration], spec: RuleSpec) -> list[Finding]:
    """一是……二是……三切实履行: the next number at a sentence start without 是."""
    if not inner or inner[-1].kind != "shi":
        return []
    last = inner[-1]
    number = int_to_cn(last.value + 1)
    # the sentence end that precedes the number may be the last character before last.end
    match = _unmarked(number).search(paragraph.text, max(last.end - 1, 0))
    if not match:
        return []
    return [spec.finding(paragraph.index, match.start(1), match.end(1), paragraph.text,
                         f"{number}是")]


def enumeration_findings(document: Document, specs: dict[str, RuleSpec],
                         markers: dict[int, int] | None = None) -> list[Finding]:
    """Runs inside a paragraph, and runs of paragraphs opening with 一是/二是 in one block
    — whatever their indent (spaces, full-width spaces or none) and after a page marker
    (``markers``: 3、二是…). A paragraph whose own run does not start at 一 continues the run
    before it (一是 may end one paragraph and 二是 open the next sentence of the following one)."""
    found = []
    markers = markers or {}
    outer: dict[int, list[tuple[Paragraph, Enumeration]]] = {}
    last_value: dict[int, int] = {}
    for paragraph in document.paragraphs:
        block = id(document.block_of[paragraph.index])
        start = content_start(paragraph, markers) if paragraph.enumerations else 0
        lead = [e for e in paragraph.enumerations if e.start - start <= 1]
        inner = [e for e in paragraph.enumerations if e.start - start > 1]
        if lead:
            outer.setdefault(block, []).append((paragraph, lead[0]))
        for kind in ("shi", "di"):
            run = [(paragraph, e) for e in inner if e.kind == kind]
            before = 0
            if run and run[0][1].value != 1:
                before = lead[0].value if lead else last_value.get(block, 0)
            found += _run_findings(run, specs["numbering.enumeration"], before)
        found += _missing_shi(paragraph, [e for e in inner if e.kind == "shi"],
                              specs["numbering.enumeration-missing-shi"])
        if paragraph.enumerations:
            last_value[block] = paragraph.enumerations[-1].value
    for run in outer.values():
        found += _run_findings(run, specs["numbering.enumeration"])
    return found


GLUED_VALUE = re.compile(r"[一二三四五六七八九十]+")


def glued_numbers(ctx: Context) -> dict[int | None, set[int]]:
    """The numbers of glued headings (core/shape.py) by the heading whose series they belong
    to (None: the top level): they fill a gap in that series."""
    found: dict[int | None, set[int]] = {}
    for index, start, _end, level in (ctx.shape.glued if ctx.shape else ()):
        match = GLUED_VALUE.search(ctx.document.paragraphs[index].text, start)
        value = cn_to_int(match.group(0)) if match else 0
        parent = _top_block(ctx.document, index).heading if level == 2 else None
        found.setdefault(parent, set()).add(value or 0)
    return found


def _top_block(document: Document, index: int) -> Block:
    """The level-1 block that holds paragraph ``index``, else the root (the levels only
    grow going down the tree)."""
    assert document.root is not None
    for child in document.root.children:
        if child.level <= 1 and child.start <= index < child.end:
            return child
    return document.root


class NumberingFamily(Family):
    category = "numbering"
    rules = ("numbering.mixed-style", "numbering.repeat", "numbering.gap", "numbering.order",
             "numbering.enumeration", "numbering.enumeration-missing-shi")

    def review_key(self, ctx: Context) -> tuple:
        """The headings and the paragraphs with enumerations, as the review reads them (the
        blocks are built from the headings; a heading's own findings flag its number, the
        text only matters where enumerations are read from it); the page markers and the
        glued numbers."""
        numbered = tuple((p.text if p.enumerations else None, p.role, p.level, p.label,
                          p.enumerations)
                         if p.role is Role.HEADING or p.enumerations else None
                         for p in ctx.document.paragraphs)
        markers = ctx.shape.markers if ctx.shape is not None else {}
        if ctx.document.root is None:
            return (None,)
        return (numbered, markers, glued_numbers(ctx))

    def review(self, ctx: Context) -> list[Finding]:
        if ctx.document.root is None:
            return []
        specs = ctx.env.pack.specs
        markers = ctx.shape.markers if ctx.shape is not None else {}
        return _heading_findings(ctx.document, ctx.document.root, specs,
                                 glued=glued_numbers(ctx)) + \
            enumeration_findings(ctx.document, specs, markers)
