"""Punctuation in Chinese text (GB/T 15834): half-width marks, unpaired brackets and quotes,
doubled marks, spaces between Chinese characters. Every fix is conservative: it only
replaces the marks themselves."""

from __future__ import annotations

import re

from ..model import Finding, Paragraph, Role, Severity
from .base import CJK, Env, Family, finding

RULE_SEVERITY = Severity.WARNING
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


def _halfwidth(paragraph: Paragraph) -> list[Finding]:
    found = []
    for match in HALFWIDTH_MARK.finditer(paragraph.text):
        group = 1 if match.group(1) else 2 if match.group(2) else 3
        mark = match.group(group)
        start = match.start(group)
        found.append(finding("punctuation.halfwidth", "punctuation", RULE_SEVERITY,
                             f"中文里用了半角“{mark}”，应为全角“{FULLWIDTH[mark]}”",
                             paragraph.index, start, start + 1, paragraph.text,
                             FULLWIDTH[mark]))
    return found


def _parens(paragraph: Paragraph) -> list[Finding]:
    found = []
    text = paragraph.text
    for match in HALF_PARENS.finditer(text):
        inner = match.group(1)
        before = text[match.start() - 1 : match.start()]
        after = text[match.end() : match.end() + 1]
        if re.search(ZH, inner + before + after):
            found.append(finding("punctuation.halfwidth-parens", "punctuation", RULE_SEVERITY,
                                 "中文里用了半角括号“()”，应为全角“（）”", paragraph.index,
                                 match.start(), match.end(), text, f"（{inner}）"))
    return found


def _quotes(paragraph: Paragraph) -> list[Finding]:
    text = paragraph.text
    if text.count('"') % 2:
        return []
    return [finding("punctuation.ascii-quotes", "punctuation", RULE_SEVERITY,
                    "中文里用了英文引号，应为“”", paragraph.index, m.start(), m.end(), text,
                    f"“{m.group(1)}”")
            for m in ASCII_QUOTES.finditer(text) if re.search(ZH, m.group(1))]


def _unpaired(paragraph: Paragraph) -> list[Finding]:
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
    return [finding("punctuation.unpaired", "punctuation", RULE_SEVERITY,
                    f"“{paragraph.text[i]}”没有与之配对的符号", paragraph.index, i, i + 1,
                    paragraph.text)
            for i in sorted(lonely)]


def _doubled(paragraph: Paragraph) -> list[Finding]:
    return [finding("punctuation.doubled", "punctuation", RULE_SEVERITY,
                    f"标点“{m.group(0)[0]}”重复", paragraph.index, m.start(), m.end(),
                    paragraph.text, m.group(0)[0])
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


def _spaces(paragraph: Paragraph) -> list[Finding]:
    """Spaces between Chinese characters, except inside quotes and titles, where a slogan
    such as “崇德重礼 德法相依” is spaced on purpose."""
    quoted = quoted_spans(paragraph.text)
    return [finding("punctuation.space", "punctuation", RULE_SEVERITY,
                    "汉字之间有多余的空格", paragraph.index, m.start(), m.end(),
                    paragraph.text, "")
            for m in SPACE_BETWEEN.finditer(paragraph.text)
            if not any(s < m.start() < e for s, e in quoted)]


CHECKS = (_halfwidth, _parens, _quotes, _unpaired, _doubled, _spaces)


class PunctuationFamily(Family):
    category = "punctuation"

    def scan(self, paragraph: Paragraph, env: Env) -> tuple[list[Finding], None]:
        if paragraph.role is Role.BLANK:
            return [], None
        return [f for check in CHECKS for f in check(paragraph)], None
