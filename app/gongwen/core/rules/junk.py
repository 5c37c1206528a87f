"""Template junk: adverts, watermarks, paywall markers, compilation headings (data: junk.toml).

Paragraph-scope rules remove a short paragraph whole; inside a long paragraph only the
sentence holding the junk goes, so a fix never deletes the writer's own text. Lines above
the title are an advert block when any of them is junk.
"""

from __future__ import annotations

import bisect
import re

from ..model import Finding, Paragraph, Role
from ..parse import SENTENCE_END
from ..rulepack import PatternRule, rule_matches
from .base import Context, Env, Family, pattern_findings

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


def paragraph_findings(rule: PatternRule, paragraph: Paragraph, whole_max: int) -> list[Finding]:
    """A short paragraph (at most ``whole_max`` characters) goes whole; in a longer one,
    the sentences holding a match."""
    matches = rule_matches(rule, paragraph.text)
    if not matches:
        return []
    text = paragraph.text
    quoted = matches[0].group(0)  # the message quotes the first match, whatever the span
    if len(text.strip()) <= whole_max:
        return [rule.spec.finding(paragraph.index, 0, len(text), text, "", text=quoted)]
    ends = sentence_ends(text)
    spans = sorted({sentence_span(text, m.start(), m.end(), ends) for m in matches})
    return [rule.spec.finding(paragraph.index, s, e, text, "", text=quoted) for s, e in spans]


class JunkFamily(Family):
    category = "junk"
    scans_furniture = True  # an advert in a footer is as much junk as one in the body
    rules = ("junk.advert-block",)
    thresholds = ("junk_whole_paragraph_max",)

    def scan(self, paragraph: Paragraph, env: Env) -> tuple[list[Finding], bool]:
        found: list[Finding] = []
        whole_max = env.pack.threshold("junk_whole_paragraph_max")
        for rule in env.pack.of(self.category):
            if rule.scope == "paragraph":
                found += paragraph_findings(rule, paragraph, whole_max)
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
        spec = ctx.env.rule("junk.advert-block")
        for paragraph in ctx.document.paragraphs[:title]:
            if (paragraph.role is Role.BLANK or ctx.data[self.category][paragraph.index]
                    or KEEP_ABOVE_TITLE.match(paragraph.text)):
                continue
            found.append(spec.finding(paragraph.index, 0, len(paragraph.text), paragraph.text, ""))
        return found
