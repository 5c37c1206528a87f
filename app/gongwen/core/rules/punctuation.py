"""Punctuation in Chinese text (GB/T 15834): half-width marks, unpaired brackets and quotes,
doubled marks, spaces between Chinese characters. Every fix is conservative: it only
replaces the marks themselves."""

from __future__ import annotations

import dataclasses
import re

from ..model import CJK, Finding, Paragraph, Role
from ..rulepack import RulePack, RuleSpec
from .base import Context, Env, Family

FULLWIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", ".": "。"}
# A Chinese character or a full-width mark: what makes a half-width mark "Chinese context".
ZH = f"[{CJK}，。、；：？！“”‘’（）《》【】…—]"
ZH_CHAR = re.compile(ZH)
CJK_CHAR = re.compile(f"[{CJK}]")
DIGIT_OR_DOT = re.compile(r"[\d.]")
HALF_PARENS = re.compile(r"\(([^()]{0,40})\)")
ASCII_QUOTES = re.compile(r'"([^"\n]{0,80})"')
DOUBLED = re.compile(r"([，、；：！？])\1+|(?<!。)。。(?!。)")
# what a DOUBLED match holds (each looked for by str.find, faster than one alternation
# whose first characters are the commonest marks)
DOUBLED_PAIRS = ("，，", "、、", "；；", "：：", "！！", "？？", "。。")
SPACE_BETWEEN = re.compile(rf"(?<=[{CJK}，。、；：？！”）》])[ \u3000\t]+(?=[{CJK}“（《])")
PAIRS = {"“": "”", "‘": "’", "《": "》", "（": "）", "【": "】"}
CLOSERS = {v: k for k, v in PAIRS.items()}


HALF_MARKS = re.compile(r"[,;:?!.]")  # most paragraphs have none
def _has_space(text: str) -> bool:
    """What SPACE_BETWEEN and LOST_BREAK need (a character test each: memchr, not re)."""
    return " " in text or "\u3000" in text or "\t" in text
BRACKETS = re.compile("[" + "".join(PAIRS) + "".join(CLOSERS) + "]")


def halfwidth_marks(text: str) -> list[tuple[int, bool]]:
    """(offset, is it a ``.``) of the half-width marks in Chinese context: a , ; : ? ! with
    a Chinese character or full-width mark before it or after it (spaces between allowed),
    a ``.`` right after a Chinese character and before neither a digit nor another dot.
    Judged at each mark (a regex of look-behinds would be tried at every character)."""
    found = []
    for match in HALF_MARKS.finditer(text):
        at, mark = match.start(), match.group()
        if mark == ".":
            if at and CJK_CHAR.match(text, at - 1) and not DIGIT_OR_DOT.match(text, at + 1):
                found.append((at, True))
        elif _beside_chinese(text, at):
            found.append((at, False))
    return found


def _beside_chinese(text: str, at: int) -> bool:
    before = at
    while before and text[before - 1].isspace():
        before -= 1
    if before and ZH_CHAR.match(text, before - 1):
        return True
    after = at + 1
    while after < len(text) and text[after].isspace():
        after += 1
    return ZH_CHAR.match(text, after) is not None


def _halfwidth(paragraph: Paragraph, spec: RuleSpec) -> list[Finding]:
    found = []
    text = paragraph.text
    if HALF_MARKS.search(text) is None:
        return found
    typed = _typed_halfwidth(text) if "." in text else True
    for at, dot in halfwidth_marks(text):
        if dot and _stray_dot(text, at, typed):
            continue  # punctuation.stray-dot
        found.append(spec.finding(paragraph.index, at, at + 1, text, FULLWIDTH[text[at]]))
    return found


HAN_AFTER = re.compile(f"[{CJK}]")
HALF_BETWEEN_HAN = re.compile(rf"(?<=[{CJK}])[,;:](?=[{CJK}])")


def _typed_halfwidth(text: str) -> bool:
    """The writer types half-width marks here (a , ; or : between Chinese characters)."""
    return HALF_BETWEEN_HAN.search(text) is not None


def _stray_dot(text: str, at: int, typed: bool) -> bool:
    """A ``.`` between two Chinese characters in a paragraph typed with full-width marks
    (坚持党管.意识形态): a speck from a copied page, not a full stop. Where the writer types
    half-width marks (``typed``: 加强学习,提高认识.下一步), it is their full stop."""
    return not typed and bool(HAN_AFTER.match(text, at + 1))


def _stray_dots(paragraph: Paragraph, spec: RuleSpec) -> list[Finding]:
    text = paragraph.text
    if "." not in text:
        return []
    typed = _typed_halfwidth(text)
    return [spec.finding(paragraph.index, at, at + 1, text, "")
            for at, dot in halfwidth_marks(text) if dot and _stray_dot(text, at, typed)]


def _parens(paragraph: Paragraph, spec: RuleSpec) -> list[Finding]:
    found = []
    text = paragraph.text
    if "(" not in text:
        return found
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
    if '"' not in text or text.count('"') % 2:
        return []
    return [spec.finding(paragraph.index, m.start(), m.end(), text, f"“{m.group(1)}”")
            for m in ASCII_QUOTES.finditer(text) if re.search(ZH, m.group(1))]


def lonely_marks(text: str) -> tuple[int, ...]:
    """Offsets of the brackets and quotes of ``text`` without their partner, in order."""
    stack: list[tuple[str, int]] = []
    lonely: list[int] = []
    for match in BRACKETS.finditer(text):
        index, char = match.start(), match.group()
        if char in PAIRS:
            stack.append((char, index))
        elif char in CLOSERS:
            if stack and stack[-1][0] == CLOSERS[char]:
                stack.pop()
            else:
                lonely.append(index)
    lonely += [index for _, index in stack]
    return tuple(sorted(lonely))


def bridged(text: str, lonely: tuple[int, ...], following: str,
            after: tuple[int, ...]) -> tuple[set[int], set[int]]:
    """Openers left at the end of ``text`` and closers at the start of ``following`` that
    pair across the break (a page broke the paragraph there): their offsets in each."""
    openers = [i for i in lonely if text[i] in PAIRS]
    closers = [i for i in after if following[i] in CLOSERS]
    left: set[int] = set()
    right: set[int] = set()
    for closer in closers:
        wanted = CLOSERS[following[closer]]
        if not openers or text[openers[-1]] != wanted:
            break
        left.add(openers.pop())
        right.add(closer)
    return left, right


def _doubled(paragraph: Paragraph, spec: RuleSpec) -> list[Finding]:
    text = paragraph.text
    if not any(pair in text for pair in DOUBLED_PAIRS):
        return []
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
    such as “崇德重礼 德法相依” is spaced on purpose, and where a line break was lost
    (punctuation.line-break)."""
    text = paragraph.text
    if not _has_space(text) or LETTER_SPACED.match(text):
        return []
    quoted = quoted_spans(text)
    breaks = {m.start() for m in LOST_BREAK.finditer(text)}
    return [spec.finding(paragraph.index, m.start(), m.end(), text, "")
            for m in SPACE_BETWEEN.finditer(text)
            if m.start() not in breaks and not any(s < m.start() < e for s, e in quoted)]


# a short line of single characters spaced out on purpose: 目  录, 附　件, 述 职 报 告
LETTER_SPACED = re.compile(rf"^\s*[{CJK}](?:[ \u3000]+[{CJK}]){{1,5}}\s*$")
# a sentence ends, a space, and a heading number follows: 报告如下。 一、加强组织领导
LOST_BREAK = re.compile(
    r"(?<=[。！？；：:;!?])[ \u3000\t]+"
    r"(?=[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[、．.](?![\d.]))")


def _lost_breaks(paragraph: Paragraph, spec: RuleSpec) -> list[Finding]:
    """A space standing for a lost line break: offered a paragraph break, not a deletion
    (which would glue the heading to the sentence before it)."""
    text = paragraph.text
    found = []
    if not _has_space(text):
        return found
    for match in LOST_BREAK.finditer(text):
        label = text[match.end():match.end() + 6]
        found.append(spec.finding(paragraph.index, match.start(), match.end(), text, "\n",
                                  next=label.rstrip()))
    return found


# rule id → the check that finds it, in the order findings are produced
CHECKS = {
    "punctuation.halfwidth": _halfwidth,
    "punctuation.halfwidth-parens": _parens,
    "punctuation.ascii-quotes": _quotes,
    "punctuation.doubled": _doubled,
    "punctuation.space": _spaces,
    "punctuation.stray-dot": _stray_dots,
    "punctuation.line-break": _lost_breaks,
}


class PunctuationFamily(Family):
    category = "punctuation"
    rules = (*CHECKS, "punctuation.unpaired")
    lists = ("grouped_marks",)

    def scan(self, paragraph: Paragraph, env: Env) -> tuple[list[Finding], tuple[int, ...]]:
        """The findings of the checks, and the lonely brackets and quotes (judged by the
        review: a paragraph a page broke may close them in the next one)."""
        if paragraph.role is Role.BLANK:
            return [], ()
        specs = env.pack.specs
        found = [f for rule, check in CHECKS.items() for f in check(paragraph, specs[rule])]
        return found, lonely_marks(paragraph.text)

    def review(self, ctx: Context) -> list[Finding]:
        return self._unpaired(ctx) + self._glued(ctx)

    def _unpaired(self, ctx: Context) -> list[Finding]:
        """Brackets and quotes without a partner — except those that pair across a break
        of the paragraph (……“谁发布谁 / 2 / 负责”。: a page turned inside the quote)."""
        data = ctx.data[self.name]
        paragraphs = ctx.document.paragraphs
        spec = ctx.env.rule("punctuation.unpaired")
        removed = ctx.shape.removed if ctx.shape is not None else (lambda _i: False)
        found = []
        paired: dict[int, set[int]] = {}  # closers paired with a paragraph before theirs
        for index, lonely in enumerate(data):
            if not lonely:
                continue
            text = paragraphs[index].text
            keep = set(lonely) - paired.pop(index, set())
            following = _next_kept(paragraphs, index, removed)
            if following is not None and text.rstrip()[-1:] not in PARAGRAPH_END:
                left, right = bridged(text, lonely, paragraphs[following].text, data[following])
                keep -= left
                paired[following] = right
            found += [spec.finding(index, i, i + 1, text) for i in sorted(keep)]
        return found

    def _glued(self, ctx: Context) -> list[Finding]:
        """A heading glued to the paragraph before it, no space between (……提高。三、下步打算):
        a line break is offered before it (the space case is found by the scan)."""
        if ctx.shape is None:
            return []
        spec = ctx.env.rule("punctuation.line-break")
        found = []
        for index, start, end, _level in ctx.shape.glued:
            text = ctx.document.paragraphs[index].text
            if text[start - 1:start].isspace():
                continue
            words = text[start:end]
            found.append(spec.finding(index, start, end, text, "\n" + words, variant="glued",
                                      next=words.rstrip("。")))
        return found


def document_groups(findings: list[Finding], pack: RulePack) -> list[tuple[Finding, list[Finding]]]:
    """A document's half-width marks, one summary finding per mark ("全文 37 处半角逗号“,”
    → 全部改为全角“，”") with the findings it stands for, in order of first appearance; a mark
    found only once is no group. The JSON report keeps every finding; this is for people."""
    marks = {}
    for entry in pack.words("grouped_marks"):
        marks[(entry["rule"], entry["mark"])] = entry
    whole = {entry["rule"] for entry in marks.values() if len(entry["mark"]) > 1}
    groups: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        key = (finding.rule, next(m for r, m in marks if r == finding.rule)) \
            if finding.rule in whole else (finding.rule, finding.text)
        if key in marks:
            groups.setdefault(key, []).append(finding)
    spec = pack.specs["punctuation.halfwidth"]
    summaries = []
    for key, items in groups.items():
        if len(items) < 2:
            continue
        entry = marks[key]
        first = items[0]
        summary = spec.finding(first.paragraph, first.start, first.end, "", entry["full"],
                               variant="document", count=len(items), name=entry["name"],
                               text=entry["mark"])
        summaries.append((dataclasses.replace(summary, rule=first.rule, severity=first.severity,
                                              text=entry["mark"]), items))
    return summaries


PARAGRAPH_END = "。！？；：;:!?…”’）)】》"


def _next_kept(paragraphs: list[Paragraph], index: int, removed) -> int | None:
    """The next paragraph the clean copy keeps, if it is body text (a heading starts anew)."""
    for position in range(index + 1, len(paragraphs)):
        paragraph = paragraphs[position]
        if paragraph.role is Role.BLANK or removed(position):
            continue
        return position if paragraph.role is Role.BODY else None
    return None
