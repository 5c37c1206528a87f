"""Template junk: adverts, watermarks, paywall markers, compilation headings (data: junk.toml).

Paragraph-scope rules remove a short paragraph whole; inside a long paragraph only the
sentence holding the junk goes, so a fix never deletes the writer's own text. Lines above
the title are an advert block when any of them is junk.
"""

from __future__ import annotations

import bisect
import re

from ..checklist import PatternRule, rule_matches
from ..model import Finding, Paragraph, Role, Severity
from .base import Context, Env, Family, fill, finding, pattern_findings

WHOLE_PARAGRAPH_MAX = 100
SENTENCE_END = re.compile(r"[。！？!?]")
KEEP_ABOVE_TITLE = re.compile(r"^\s*(附件\s*\d*|[（(]?[一二三四五六七八九十\d]+[）)]?)\s*$")


def sentence_span(text: str, start: int, end: int, ends: list[int] | None = None) -> tuple[int, int]:
    """The sentence around [start, end); ``ends`` (sentence-end offsets of ``text``, sorted)
    saves finding them again for each match of a long paragraph."""
    if ends is None:
        ends = sentence_ends(text)
    before = bisect.bisect_right(ends, start)
    after = bisect.bisect_right(ends, end)
    return (ends[before - 1] if before else 0), (ends[after] if after < len(ends) else len(text))


def sentence_ends(text: str) -> list[int]:
    return [m.end() for m in SENTENCE_END.finditer(text)]


def paragraph_findings(rule: PatternRule, paragraph: Paragraph) -> list[Finding]:
    matches = rule_matches(rule, paragraph.text)
    if not matches:
        return []
    text = paragraph.text
    message = fill(rule.message, text=matches[0].group(0))
    if len(text.strip()) <= WHOLE_PARAGRAPH_MAX:
        return [finding(rule.id, rule.category, rule.severity, message, paragraph.index,
                        0, len(text), text, "")]
    ends = sentence_ends(text)
    spans = sorted({sentence_span(text, m.start(), m.end(), ends) for m in matches})
    return [finding(rule.id, rule.category, rule.severity, message, paragraph.index, s, e,
                    text, "") for s, e in spans]


class JunkFamily(Family):
    category = "junk"

    def scan(self, paragraph: Paragraph, env: Env) -> tuple[list[Finding], bool]:
        found: list[Finding] = []
        for rule in env.pack.of(self.category):
            if rule.scope == "paragraph":
                found += paragraph_findings(rule, paragraph)
            else:
                found += pattern_findings(rule, paragraph)
        whole = any(f.start == 0 and f.end == len(paragraph.text) for f in found)
        return found, whole

    def review(self, ctx: Context) -> list[Finding]:
        """Every line above the title goes when one of them is junk (an advert block)."""
        title = ctx.document.title_index
        if title is None or not any(ctx.data[self.category][:title]):
            return []
        found = []
        for paragraph in ctx.document.paragraphs[:title]:
            if (paragraph.role is Role.BLANK or ctx.data[self.category][paragraph.index]
                    or KEEP_ABOVE_TITLE.match(paragraph.text)):
                continue
            found.append(finding("junk.advert-block", self.category, Severity.ERROR,
                                 "标题上方的广告/水印段落，定稿前应删除", paragraph.index, 0,
                                 len(paragraph.text), paragraph.text, ""))
        return found
