"""Punctuation in Chinese text (GB/T 15834): half-width marks, unpaired brackets and quotes,
doubled marks, spaces between Chinese characters. Every fix is conservative: it only
replaces the marks themselves."""

from __future__ import annotations

import re

from ..model import CJK, Finding, Paragraph, Role
from ..rulepack import RuleSpec
from .base import Env, Family

FULLWIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", ".": "。"}
# A Chinese character or a full-width mark: what makes a half-width mark "Chinese context".
ZH = f"[{CJK}，。、；：？！“”‘’（）《》【】…—]"
HALFWIDTH_MARK = re.compile(
    rf"(?<={ZH})\s*([,;:?!])|([,;:?!])(?=\s*{ZH})|(?<=[{CJK}])(\.)(?![\d.])"
)
HALF_PARENS = re.compile(r"\(([^()]{0,40})\)")
ASCII_QUOTES = re.compile(r'"([^"\n]{0,80})"')
DOUBLED = re.compile(r"([，、；：！？])\1+|(?<!。)。。(?!。)")
SPACE_BETWEEN = re.compile(rf"(?<=[{CJK}，。、；：？！”）》])[ \u3000\t]+(?=[{CJK}“（《])")
PAIRS = {"“": "”", "‘": "’", "《": "》", "（": "）", "【": "】"}
CLOSERS = {v: k for k, v in PAIRS.items()}


def _halfwidth(paragraph: Paragraph, spec: RuleSpec) -> list[Finding]:
    found = []
    for match in HALFWIDTH_MARK.finditer(paragraph.text):
        group = 1 if match.group(1) else 2 if match.group(2) else 3
        mark = match.group(group)
        start = match.start(group)
        found.append(spec.finding(paragraph.index, start, start + 1, paragraph.text,
                                  FULLWIDTH[mark]))
    return found


def _parens(paragraph: Paragraph, spec: RuleSpec) -> list[Finding]:
    found = []
    text = paragraph.text
    for match in HALF_PARENS.finditer(text):
        inner = match.group(1)
        before = text[match.start() - 1 : match.start()]
        after = text[match.end() : match.end() + 1]
        if re.search(ZH, inner + before + after):
            found.append(spec.finding(paragraph.index, match.start(), match.end(), text,
                                      f"（{inner}）"))
    return found


def _quotes(paragraph: Paragraph, spec: RuleSpec) -> list[Finding]:
    text = paragraph.text
    if text.count('"') % 2:
        return []
    return [spec.finding(paragraph.index, m.start(), m.end(), text, f"“{m.group(1)}”")
            for m in ASCII_QUOTES.finditer(text) if re.search(ZH, m.group(1))]


def _unpaired(paragraph: Paragraph, spec: RuleSpec) -> list[Finding]:
    stack: list[tuple[str, int]] = []
    lonely: list[int] = []
    for index, char in enumerate(paragraph.text):
        if char in PAIRS:
            stack.append((char, index))
        elif char in CLOSERS:
            if stack and stack[-1][0] == CLOSERS[char]:
                stack.pop()
            else:
                lonely.append(index)
    lonely += [index for _, index in stack]
    return [spec.finding(paragraph.index, i, i + 1, paragraph.text) for i in sorted(lonely)]


def _doubled(paragraph: Paragraph, spec: RuleSpec) -> list[Finding]:
    return [spec.finding(paragraph.index, m.start(), m.end(), paragraph.text, m.group(0)[0])
            for m in DOUBLED.finditer(paragraph.text)]


QUOTED = re.compile(r"“[^”]*”|《[^》]*》")
QUOTE_PAIRS = {"“": "”", "《": "》"}


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """The spans ``QUOTED.finditer`` gives, in linear time: the regex rescans to the end of
    the paragraph from every opener that is never closed (minutes for a long run of “)."""
    spans: list[tuple[int, int]] = []
    live = dict(QUOTE_PAIRS)
    upcoming = {opener: text.find(opener) for opener in live}
    position = 0
    while live:
        for opener in live:
            if 0 <= upcoming[opener] < position:
                upcoming[opener] = text.find(opener, position)
        found = [(at, opener) for opener, at in upcoming.items() if opener in live and at >= 0]
        if not found:
            break
        start, opener = min(found)
        end = text.find(live[opener], start + 1)
        if end < 0:  # never closed after here: no later opener of this kind can be either
            del live[opener]
            continue
        spans.append((start, end + 1))
        position = end + 1
    return spans


def _spaces(paragraph: Paragraph, spec: RuleSpec) -> list[Finding]:
    """Spaces between Chinese characters, except inside quotes and titles, where a slogan
    such as “崇德重礼 德法相依” is spaced on purpose."""
    quoted = quoted_spans(paragraph.text)
    return [spec.finding(paragraph.index, m.start(), m.end(), paragraph.text, "")
            for m in SPACE_BETWEEN.finditer(paragraph.text)
            if not any(s < m.start() < e for s, e in quoted)]


# rule id → the check that finds it, in the order findings are produced
CHECKS = {
    "punctuation.halfwidth": _halfwidth,
    "punctuation.halfwidth-parens": _parens,
    "punctuation.ascii-quotes": _quotes,
    "punctuation.unpaired": _unpaired,
    "punctuation.doubled": _doubled,
    "punctuation.space": _spaces,
}


class PunctuationFamily(Family):
    category = "punctuation"
    rules = tuple(CHECKS)

    def scan(self, paragraph: Paragraph, env: Env) -> tuple[list[Finding], None]:
        if paragraph.role is Role.BLANK:
            return [], None
        specs = env.pack.specs
        return [f for rule, check in CHECKS.items() for f in check(paragraph, specs[rule])], None
