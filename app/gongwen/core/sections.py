"""Which block of the draft answers which checklist section.

A section is found by its keywords: in a heading (strong: any one keyword), or in a body
paragraph (weak: at least ``section_body_min_hits`` different keywords in one paragraph, or
one keyword within its first ``section_lead_chars``: "2024年下半年，XX局将……"; both
thresholds in structure.toml). One block may satisfy several sections
("四、存在问题及下一步计划").
"""

from __future__ import annotations

from dataclasses import dataclass

from .checklist import Checklist, Section
from .model import Block, Document, Role
from .rulepack import RulePack


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a section sits: a heading's block, or one body paragraph."""

    section: str
    paragraph: int
    start: int  # paragraph range covered
    end: int
    by_heading: bool


def _headings(document: Document) -> list[tuple[Block, str]]:
    """Each heading block (in walk order) with its heading words."""
    return [(block, document.paragraphs[block.heading].heading_text)
            for block in (document.root.walk() if document.root else ())
            if block.heading is not None]


def _heading_anchor(document: Document, section: Section,
                    headings: list[tuple[Block, str]] | None = None) -> Anchor | None:
    """The highest-level heading naming the section (an 一、 beats a （一）)."""
    best: tuple[int, int, Block] | None = None
    for block, heading in _headings(document) if headings is None else headings:
        hits = section.hits(heading)
        if hits and (best is None or (block.level, -hits) < (best[0], -best[1])):
            best = (block.level, hits, block)
    if best is None:
        return None
    block = best[2]
    return Anchor(section.id, block.start, block.start, block.end, True)


def _body_anchor(document: Document, section: Section, min_hits: int,
                 lead_chars: int) -> Anchor | None:
    best: tuple[int, int] | None = None
    for paragraph in document.paragraphs:
        if paragraph.role is not Role.BODY:
            continue
        hits = section.hits(paragraph.text)
        if section.hits(paragraph.text[:lead_chars]):  # names the paragraph's subject
            hits = max(hits, min_hits)
        if hits >= min_hits and (best is None or hits > best[0]):
            best = (hits, paragraph.index)
    if best is None:
        return None
    return Anchor(section.id, best[1], best[1], best[1] + 1, False)


def find_anchors(document: Document, checklist: Checklist, pack: RulePack) -> dict[str, Anchor]:
    anchors = {}
    headings = _headings(document)
    min_hits = int(pack.threshold("section_body_min_hits"))
    lead_chars = int(pack.threshold("section_lead_chars"))
    for section in checklist.sections:
        anchor = (_heading_anchor(document, section, headings)
                  or _body_anchor(document, section, min_hits, lead_chars))
        if anchor:
            anchors[section.id] = anchor
    return anchors


def section_of_paragraphs(document: Document, anchors: dict[str, Anchor]) -> list[str | None]:
    """For each paragraph, the id of the narrowest heading anchor that contains it."""
    owner: list[str | None] = [None] * len(document.paragraphs)
    width: list[int] = [len(document.paragraphs) + 1] * len(document.paragraphs)
    for anchor in anchors.values():
        size = anchor.end - anchor.start
        for index in range(anchor.start, anchor.end):
            if size < width[index]:
                owner[index], width[index] = anchor.section, size
    return owner
