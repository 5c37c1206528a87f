"""Template junk: adverts, watermarks, paywall markers, compilation headings (data: junk.toml).

Paragraph-scope rules remove a short paragraph whole; inside a long paragraph only the
sentence holding the junk goes, so a fix never deletes the writer's own text. Lines above
the title are an advert block when any of them is junk; below it, the page's furniture next
to a junk line goes too. Page markers and a title printed twice are found by the shape
(core/shape.py) and reported here.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from ..model import CJK, Finding, Paragraph, Role
from ..parse import SENTENCE_END
from ..rulepack import PatternRule, RulePack, rule_matches
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


def paragraph_findings(rule: PatternRule, paragraph: Paragraph) -> list[Finding]:
    """The sentences holding a match go; when they are all the paragraph has (a site line
    without a sentence of the writer's own), the paragraph goes whole — so a fix never
    deletes the writer's own words."""
    matches = rule_matches(rule, paragraph.text)
    if not matches:
        return []
    text = paragraph.text
    quoted = matches[0].group(0)  # the message quotes the first match, whatever the span
    ends = sentence_ends(text)
    spans = sorted({sentence_span(text, m.start(), m.end(), ends) for m in matches})
    if not _left_over(text, spans):
        return [rule.spec.finding(paragraph.index, 0, len(text), text, "", text=quoted)]
    return [rule.spec.finding(paragraph.index, s, e, text, "", text=quoted) for s, e in spans]


WORDS = re.compile(r"[\w\u3400-\u9fff]")


def _left_over(text: str, spans: list[tuple[int, int]]) -> bool:
    """Some word of ``text`` lies outside ``spans``."""
    position = 0
    for start, end in spans:
        if WORDS.search(text, position, start):
            return True
        position = max(position, end)
    return WORDS.search(text, position) is not None


def junk_findings(paragraph: Paragraph, pack: RulePack) -> list[Finding]:
    """The pattern rules of junk.toml on one paragraph (the family's scan, and the shaper's
    look at each line before the title is decided)."""
    found: list[Finding] = []
    text = paragraph.text
    for rule in pack.candidates(text, "junk", scope=None):
        if rule.scope == "paragraph":
            found += paragraph_findings(rule, paragraph)
        else:
            found += pattern_findings(rule, paragraph)
    if len(found) < 2:
        return found
    # one line (or sentence) two rules call junk is one finding: the first rule's
    seen: set[tuple[int, int]] = set()
    unique = []
    for finding in found:
        if finding.fix == "" and (finding.start, finding.end) in seen:
            continue
        seen.add((finding.start, finding.end))
        unique.append(finding)
    return unique


class JunkFamily(Family):
    category = "junk"
    scans_furniture = True  # an advert in a footer is as much junk as one in the body
    rules = ("junk.advert-block", "junk.page-marker", "junk.duplicate-title")
    lists = ("near_junk_words", "keep_near_junk")
    thresholds = ("junk_near_line_max",)

    def scan(self, paragraph: Paragraph, env: Env) -> tuple[list[Finding], bool]:
        found = env.junk(paragraph) if env.junk is not None else junk_findings(paragraph, env.pack)
        whole = any(f.start == 0 and f.end == len(paragraph.text) for f in found)
        return found, whole

    def review(self, ctx: Context) -> list[Finding]:
        junk = set(ctx.shape.junk) if ctx.shape else {i for i, w in enumerate(ctx.data[self.name]) if w}
        found = self._page_furniture(ctx)
        blocks = _above_title(ctx, junk) | _beside_junk(ctx, junk)
        spec = ctx.env.rule("junk.advert-block")
        for index in sorted(blocks):
            paragraph = ctx.document.paragraphs[index]
            found.append(spec.finding(index, 0, len(paragraph.text), paragraph.text, ""))
        return found

    def _page_furniture(self, ctx: Context) -> list[Finding]:
        """Page markers (a lone one, or the marker glued to a paragraph), lone page numbers,
        and the title printed a second time."""
        if ctx.shape is None:
            return []
        found = []
        marker, duplicate = ctx.env.rule("junk.page-marker"), ctx.env.rule("junk.duplicate-title")
        scanned = ctx.data[self.name]
        for index in sorted(set(ctx.shape.markers) | ctx.shape.junk):
            paragraph = ctx.document.paragraphs[index]
            text = paragraph.text
            if index in ctx.shape.junk and scanned[index]:
                continue  # junk by its own words: the rules that matched it say so
            if index in ctx.shape.junk:
                found.append(marker.finding(index, 0, len(text), text, "", text=text.strip()))
            else:
                end = ctx.shape.markers[index]
                start = len(text) - len(text.lstrip())
                found.append(marker.finding(index, start, end, text, ""))
        for index in sorted(ctx.shape.duplicates):
            text = ctx.document.paragraphs[index].text
            found.append(duplicate.finding(index, 0, len(text), text, ""))
        return found


def _above_title(ctx: Context, junk: set[int]) -> set[int]:
    """Every line above the title when one of them is junk (an advert block)."""
    title = ctx.document.title_index
    if title is None or not any(i < title for i in junk):
        return set()
    return {p.index for p in ctx.document.paragraphs[:title]
            if p.role is not Role.BLANK and p.index not in junk
            and not KEEP_ABOVE_TITLE.match(p.text)}


def _beside_junk(ctx: Context, junk: set[int]) -> set[int]:
    """Below the title: the short lines next to a junk line (and next to each other) that
    are the page's own furniture — 分享到： 收藏 举报, a line without a Chinese word — and,
    after a junk line at the end of the report, the titles of other reports listed there."""
    title = ctx.document.title_index
    start = title + 1 if title is not None else 0
    if not any(i >= start for i in junk):
        return set()  # no junk line below the title (the usual case): nothing to walk from
    paragraphs = ctx.document.paragraphs
    near = _near_patterns(tuple(ctx.env.pack.words("near_junk_words")),
                          tuple(ctx.env.pack.words("keep_near_junk")))
    longest = ctx.env.pack.threshold("junk_near_line_max")
    last_content = max((p.index for p in paragraphs[start:]
                        if p.index not in junk and _content(p, longest)), default=start - 1)
    found: set[int] = set()
    for index in sorted(i for i in junk if i >= start):
        for step in (-1, 1):
            position = index + step
            while start <= position < len(paragraphs):
                paragraph = paragraphs[position]
                if position in junk or position in found:
                    break  # that junk line walks on from itself: each line is walked once
                if paragraph.role is Role.BLANK:
                    position += step
                    continue
                tail = position > last_content and index > last_content and step == 1
                if not _furniture(paragraph, near, longest, tail, ctx.env.pack):
                    break
                found.add(position)
                position += step
    return found


def _content(paragraph: Paragraph, longest: int) -> bool:
    """A heading, or a body paragraph with a sentence in it: the report itself."""
    text = paragraph.text.strip()
    return paragraph.role is Role.HEADING or (
        paragraph.role is Role.BODY and (len(text) > longest or bool(SENTENCE_END.search(text))))


def _furniture(paragraph: Paragraph, near, longest: int, tail: bool, pack) -> bool:
    words, keep = near
    text = paragraph.text.strip()
    if paragraph.role is not Role.BODY or len(text) > longest or SENTENCE_END.search(text):
        return False
    if words is not None and words.search(text):
        return True
    if keep is not None and keep.search(text):
        return False
    if not HAN.search(text):
        return True
    title_words = pack.words("title_words")
    return tail and any(word in text for word in title_words)  # 相关推荐 … other reports


HAN = re.compile(f"[{CJK}]")


@lru_cache(maxsize=4)
def _near_patterns(words: tuple[str, ...], keep: tuple[str, ...]):
    return (re.compile("|".join(map(re.escape, words))) if words else None,
            re.compile("|".join(f"(?:{k})" for k in keep)) if keep else None)
