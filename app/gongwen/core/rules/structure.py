"""Required and recommended sections: found, thin (too short or too few figures) or missing."""

from __future__ import annotations

from ..checklist import Section
from ..model import Finding, SectionStatus
from .base import Context, Family
from .quantity import heading_span, section_figures


def section_chars(ctx: Context, start: int, end: int) -> int:
    return sum(len(p.text.strip()) for p in ctx.document.paragraphs[start:end])


def section_status(ctx: Context, section: Section) -> SectionStatus:
    anchor = ctx.anchors.get(section.id)
    if anchor is None:
        return SectionStatus(section.id, section.title, section.required, "missing", None,
                             section.hint)
    chars = section_chars(ctx, anchor.start, anchor.end)
    figures = section_figures(ctx, anchor.start, anchor.end)
    thin = chars < section.min_chars or figures < section.min_figures
    return SectionStatus(section.id, section.title, section.required, "thin" if thin else "ok",
                         anchor.paragraph, section.hint, chars, figures)


def section_statuses(ctx: Context) -> list[SectionStatus]:
    return [section_status(ctx, s) for s in ctx.env.checklist.sections]


class StructureFamily(Family):
    category = "structure"
    rules = ("structure.missing", "structure.missing-recommended", "structure.thin")

    def review(self, ctx: Context) -> list[Finding]:
        found = []
        at = ctx.document.title_index or 0
        rule = ctx.env.rule
        for status in ctx.section_statuses:
            hint = f"：{status.hint}" if status.hint else ""
            if status.status == "missing":
                spec = rule("structure.missing" if status.required else "structure.missing-recommended")
                found.append(spec.finding(at, 0, 0, "", title=status.title, hint=hint))
            elif status.status == "thin" and status.chars < self._min_chars(ctx, status.id):
                paragraph = ctx.document.paragraphs[status.paragraph]
                found.append(rule("structure.thin").finding(
                    paragraph.index, 0, heading_span(paragraph), paragraph.text,
                    title=status.title, chars=status.chars, hint=hint))
        return found

    @staticmethod
    def _min_chars(ctx: Context, section_id: str) -> int:
        section = ctx.env.checklist.section(section_id)
        return section.min_chars if section else 0
