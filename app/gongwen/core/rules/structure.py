"""Required and recommended sections: found, thin (too short or too few figures) or missing.

Document-level findings (a missing section) are anchored on the real title, else on the
first paragraph the clean copy keeps — never on a junk line, which would drop them."""

from __future__ import annotations

from ..checklist import Section
from ..model import Finding, SectionStatus
from ..sections import name_span
from .base import Context, Family
from .quantity import item_figures, section_figures


def section_chars(ctx: Context, start: int, end: int) -> int:
    """Characters of the kept paragraphs in [start, end) (junk lines do not count)."""
    removed = ctx.shape.removed if ctx.shape is not None else (lambda _i: False)
    return sum(len(p.text.strip()) for p in ctx.document.paragraphs[start:end]
               if not removed(p.index))


def section_status(ctx: Context, section: Section) -> SectionStatus:
    anchor = ctx.anchors.get(section.id)
    if anchor is None:
        return SectionStatus(section.id, section.title, section.required, "missing", None,
                             section.hint)
    if anchor.item is not None:  # an item inside a paragraph: its own stretch
        start, end = anchor.item
        chars = len(ctx.document.paragraphs[anchor.paragraph].text[start:end].strip())
        figures = item_figures(ctx, anchor.paragraph, start, end)
    else:
        chars = section_chars(ctx, anchor.start, anchor.end)
        figures = section_figures(ctx, anchor.start, anchor.end)
    thin = is_short(ctx, section, chars, figures) or figures < section.min_figures
    return SectionStatus(section.id, section.title, section.required, "thin" if thin else "ok",
                         anchor.paragraph, section.hint, chars, figures)


def is_short(ctx: Context, section: Section, chars: int, figures: int) -> bool:
    """Shorter than the checklist asks — unless enough figures make up for it, where the
    section asks for figures at all."""
    waived = section.min_figures and figures >= ctx.env.pack.threshold("thin_waived_figures")
    return chars < section.min_chars and not waived


def section_statuses(ctx: Context) -> list[SectionStatus]:
    return [section_status(ctx, s) for s in ctx.env.checklist.sections]


def document_anchor(ctx: Context) -> int:
    """Where document-level findings sit: the title, else the first kept paragraph."""
    if ctx.shape is not None:
        return ctx.shape.first_kept
    return ctx.document.title_index or 0


class StructureFamily(Family):
    category = "structure"
    rules = ("structure.missing", "structure.missing-recommended", "structure.thin")
    # read by the shape, the section finder and the checklist choice (declared here so the
    # registry checks they exist)
    lists = ("title_words", "person_voice")
    thresholds = ("title_max_chars", "title_first_lines", "person_voice_min",
                  "section_heading_max_chars", "section_lead_chars", "section_lead_sentence_chars",
                  "section_weak_min_distinct", "section_weak_min_hits", "section_weak_min_density",
                  "section_sentence_min_hits",
                  "thin_waived_figures")

    def review(self, ctx: Context) -> list[Finding]:
        found = []
        at = document_anchor(ctx)
        rule = ctx.env.rule
        for status in ctx.section_statuses:
            hint = f"：{status.hint}" if status.hint else ""
            if status.status == "missing":
                spec = rule("structure.missing" if status.required else "structure.missing-recommended")
                found.append(spec.finding(at, 0, 0, "", title=status.title, hint=hint))
            elif status.status == "thin" and self._short(ctx, status) \
                    and (status.required or ctx.anchors[status.id].kind != "opening"):
                # a recommended overview the opening answers is no part to fill out
                anchor = ctx.anchors[status.id]
                paragraph = ctx.document.paragraphs[anchor.paragraph]
                start, end = name_span(ctx.document, anchor)
                found.append(rule("structure.thin").finding(
                    paragraph.index, start, end, paragraph.text,
                    title=status.title, chars=status.chars, hint=hint))
        return found

    @staticmethod
    def _short(ctx: Context, status: SectionStatus) -> bool:
        section = ctx.env.checklist.section(status.id)
        return section is not None and is_short(ctx, section, status.chars, status.figures)
