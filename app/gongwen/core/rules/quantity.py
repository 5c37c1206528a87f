"""Figures: a number plus a measure word (12次, 30余篇, 5.6万元, 98%). A section with fewer
figures than its checklist asks for is a quantitative gap; vague quantifiers (多次, 若干,
一批…) get a suggestion to give the number. Word lists: quantity.toml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import Finding, Paragraph, Role
from ..rulepack import RulePack
from ..sections import name_span
from .base import Context, Env, Family

NUMERALS = "一二两三四五六七八九十百千万"


@dataclass(frozen=True, slots=True)
class Figures:
    count: int
    spans: tuple[tuple[int, int], ...]
    slots: int = 0  # X次, XX篇: a figure still to be filled (flagged as a placeholder)


@lru_cache(maxsize=8)
def _patterns(measures: tuple[str, ...], cn_measures: tuple[str, ...],
              vague: tuple[str, ...], fixed: tuple[str, ...]):
    words = "|".join(sorted(map(re.escape, measures), key=len, reverse=True))
    cn_words = "|".join(sorted(map(re.escape, cn_measures), key=len, reverse=True))
    # Each pattern starts with the character class of its first character, and its
    # look-behinds follow that character: re then jumps from one candidate character to the
    # next instead of trying every position (4× faster on report text). The patterns as
    # first written, which these match exactly, are in tests/core/test_fast_patterns.py.
    figure = re.compile(
        rf"[\d{NUMERALS}]"
        # never from the middle of a chain (1.2.3…): each such start rescans the whole chain
        rf"(?:(?<=\d)(?<![\dA-Za-z]\d)(?<!\d[.,，]\d)\d*(?:[.,，]\d+)*"
        rf"(?:余|多)?(?:万|千|百|亿)?(?:{words}|%|％)"
        rf"|(?<=[{NUMERALS}])(?<![{NUMERALS}第是][{NUMERALS}])[{NUMERALS}]*(?:余|多)?(?:{cn_words})"
        r"|(?<=百)分之[一二三四五六七八九十百\d.]+)"
    )
    # × too: linear on ×××…
    slot = re.compile(rf"[Xx×](?<![A-Za-z×][Xx×])[Xx×]*(?:余|多)?(?:{words})")
    vague_re = re.compile("|".join(map(re.escape, vague))) if vague else None
    fixed_re = re.compile("|".join(map(re.escape, fixed))) if fixed else None
    return figure, vague_re, fixed_re, slot


def patterns(pack: RulePack):
    return _patterns(tuple(pack.words("measure_words")), tuple(pack.words("chinese_measure_words")),
                     tuple(pack.words("vague_quantifiers")), tuple(pack.words("fixed_expressions")))


def find_figures(text: str, pack: RulePack) -> Figures:
    figure, _, fixed, slot = patterns(pack)
    blocked = [(m.start(), m.end()) for m in fixed.finditer(text)] if fixed else []
    spans = tuple((m.start(), m.end()) for m in figure.finditer(text)
                  if not any(s <= m.start() < e for s, e in blocked))
    return Figures(len(spans), spans, len(slot.findall(text)))


class QuantityFamily(Family):
    category = "quantity"
    rules = ("quantity.vague", "quantity.gap")
    lists = ("measure_words", "chinese_measure_words", "vague_quantifiers", "fixed_expressions")

    def scan(self, paragraph: Paragraph, env: Env) -> tuple[list[Finding], Figures]:
        if paragraph.role is Role.BLANK or paragraph.role is Role.TITLE:
            return [], Figures(0, ())
        _, vague, _, _ = patterns(env.pack)
        spec = env.rule("quantity.vague")
        found = [spec.finding(paragraph.index, m.start(), m.end(), paragraph.text)
                 for m in (vague.finditer(paragraph.text) if vague else ())]
        return found, find_figures(paragraph.text, env.pack)

    def review(self, ctx: Context) -> list[Finding]:
        found = []
        for section, status in zip(ctx.env.checklist.sections, ctx.section_statuses):
            anchor = ctx.anchors.get(section.id)
            if anchor is None or not anchor.strong or not section.min_figures:
                continue  # a section only found in the body's words is judged by structure
            if status.figures < section.min_figures:
                paragraph = ctx.document.paragraphs[anchor.paragraph]
                hint = f"（{section.hint}）" if section.hint else ""
                start, end = name_span(ctx.document, anchor)
                found.append(ctx.env.rule("quantity.gap").finding(
                    paragraph.index, start, end, paragraph.text,
                    title=section.title, figures=status.figures, min=section.min_figures,
                    hint=hint))
        return found


def section_figures(ctx: Context, start: int, end: int) -> int:
    """Figures given plus figures still to be filled in (those are placeholder errors);
    junk lines do not count."""
    data = ctx.data.get("quantity")
    if not data:
        return 0
    removed = ctx.shape.removed if ctx.shape is not None else (lambda _i: False)
    return sum(f.count + f.slots for i, f in enumerate(data[start:end], start)
               if f and not removed(i))



def item_figures(ctx: Context, paragraph: int, start: int, end: int) -> int:
    """Figures inside ``[start, end)`` of one paragraph (an item of an enumeration)."""
    data = ctx.data.get("quantity")
    figures = data[paragraph] if data else None
    return sum(1 for s, _e in figures.spans if start <= s < end) if figures else 0
