"""Plain text → Document: paragraph roles, heading labels and the block tree; and the title,
decided with the rule pack's words (``with_title``: the audit does it, readers do not)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import lru_cache

from .model import CJK, Block, Document, Enumeration, Label, Paragraph, Role
from .numerals import CN_SMALL, cn_to_int

_CN = f"[{CN_SMALL}]{{1,3}}"
# (pattern, level, style); tried in order, the first match wins.
LABEL_PATTERNS: tuple[tuple[re.Pattern[str], int, str], ...] = (
    (re.compile(rf"^({_CN})\s*、"), 1, "cn"),
    (re.compile(rf"^[（(]\s*({_CN})\s*[）)]"), 2, "cn"),
    (re.compile(rf"^(\d{{1,2}})\s*(?:[.．、](?!\d)|\s+(?=[{CJK}]))"), 3, "arabic"),
    (re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]"), 4, "arabic"),
)
SENTENCE_ENDS = "。！？!?"
SENTENCE_END = re.compile(f"[{SENTENCE_ENDS}]")
# A sentence starts only where a run starts (the lookbehind): without it a long paragraph
# with no sentence end is rescanned from every character — quadratic (minutes at 200k).
SENTENCE = re.compile(rf"(?<![^{SENTENCE_ENDS}\n])[^{SENTENCE_ENDS}\n]+[{SENTENCE_ENDS}]")
ENUM_SHI = re.compile(rf"({_CN})是")
ENUM_SHI_BEFORE = re.compile(r"[。；;，,：:、\s”）)]")
# 第一， at the start or after a mark: the mark is judged per match (enumerations_di), as a
# look-behind opening the pattern is tried at every position
ENUM_DI = re.compile(rf"第({_CN})[，,、：:]")
ENUM_DI_AFTER = re.compile(r"[。；;：:\s”]")


def parse_label(text: str) -> Label | None:
    for pattern, level, style in LABEL_PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        number = match.group(1)
        value = int(number) if style == "arabic" else cn_to_int(number)
        if not value:
            continue
        marker = match.group(0)
        halfwidth = "(" in marker or ")" in marker or (level == 3 and "." in marker)
        return Label(text=marker, level=level, value=value, style=style, halfwidth=halfwidth)
    return None


def heading_end(text: str, label: Label) -> int:
    """Where the heading part of a numbered paragraph ends (after the first 。 if any)."""
    match = SENTENCE_END.search(text, len(label.text))
    return match.end() if match else len(text)


def _is_enumeration(text: str, match: re.Match[str]) -> bool:
    """一是 after a mark, or anywhere when 二是 follows (存在的问题一是……，二是……)."""
    if match.start() == 0 or ENUM_SHI_BEFORE.match(text, match.start() - 1):
        return True
    return match.group(1) == "一" and "二是" in text[match.end():]


def enumerations_di(text: str) -> list[re.Match[str]]:
    """The matches of ``ENUM_DI`` at the start of ``text`` or right after one of
    ``ENUM_DI_AFTER``; a refused one lets the search go on from the next 第 (as the
    look-behind of the first form did: tests/core/test_fast_patterns.py)."""
    found, position = [], text.find("第")
    while position >= 0:
        match = ENUM_DI.match(text, position)
        if match is not None and (not position or ENUM_DI_AFTER.match(text, position - 1)):
            found.append(match)
            position = text.find("第", match.end())
        else:
            position = text.find("第", position + 1)
    return found


def find_enumerations(text: str) -> tuple[Enumeration, ...]:
    found = [
        Enumeration(m.start(1), m.end(), cn_to_int(m.group(1)) or 0, "shi")
        for m in ENUM_SHI.finditer(text) if _is_enumeration(text, m)
    ]
    found += [
        Enumeration(m.start(), m.end(), cn_to_int(m.group(1)) or 0, "di")
        for m in enumerations_di(text)
    ]
    return tuple(sorted(found, key=lambda e: e.start))


def make_paragraph(index: int, text: str) -> Paragraph:
    """Classify one paragraph on its own (the title is decided at document level)."""
    stripped = text.strip()
    if not stripped:
        return Paragraph(index, text, Role.BLANK)
    lead = len(text) - len(text.lstrip())
    label = parse_label(text[lead:])
    enumerations = find_enumerations(text)
    if label is None:
        return Paragraph(index, text, Role.BODY, enumerations=enumerations)
    label = Label(text[: lead + len(label.text)], label.level, label.value, label.style,
                  label.halfwidth)
    return Paragraph(index, text, Role.HEADING, label, heading_end(text, label), enumerations)


@dataclass(frozen=True, slots=True)
class TitleRules:
    """What a title looks like (from structure.toml): it names a kind of report (``words``:
    总结, 报告…), is at most ``max_chars`` long; failing that a short line among the first
    ``first_lines`` is taken."""

    words: re.Pattern[str] | None
    max_chars: int
    first_lines: int


@lru_cache(maxsize=8)
def title_rules(words: tuple[str, ...], max_chars: int, first_lines: int) -> TitleRules:
    pattern = re.compile("|".join(map(re.escape, words))) if words else None
    return TitleRules(pattern, max_chars, first_lines)


def looks_like_title(paragraph: Paragraph, rules: TitleRules) -> bool:
    text = paragraph.text.strip()
    return (
        paragraph.role is Role.BODY
        and 0 < len(text) <= rules.max_chars
        and not SENTENCE_END.search(text)
        and text[-1] not in "，,；;：:"
    )


def find_title(paragraphs: list[Paragraph], rules: TitleRules,
               excluded: Collection[int] = ()) -> int | None:
    """The short, unpunctuated paragraph nearest the first heading that names a kind of
    report (总结, 报告…), so advert lines and compilation headings above it are skipped;
    failing that, a short first line without a comma (a heading such as 加强组织领导，压实
    主体责任 is no title). ``excluded`` (site junk, a table of contents, a title printed
    twice) are never the title and do not count as lines."""
    first_heading = next((p.index for p in paragraphs if p.role is Role.HEADING), len(paragraphs))
    candidates = [p for p in paragraphs[:first_heading]
                  if p.index not in excluded and looks_like_title(p, rules)]
    for paragraph in reversed(candidates):  # the one nearest the body: adverts come first
        if rules.words is not None and rules.words.search(paragraph.text):
            return paragraph.index
    if not candidates or "，" in candidates[0].text or "," in candidates[0].text:
        return None
    lines = [p.index for p in paragraphs[:first_heading]
             if p.role is not Role.BLANK and p.index not in excluded]
    position = lines.index(candidates[0].index)
    return candidates[0].index if position < rules.first_lines else None


def with_title(document: Document, rules: TitleRules) -> Document:
    """``document`` with its title decided."""
    return with_title_at(document, find_title(document.paragraphs, rules))


def with_title_at(document: Document, title: int | None) -> Document:
    """``document`` with paragraph ``title`` (a body paragraph, or None) as its title: a new
    Document when that changes anything (the paragraphs' list is copied, the blocks are
    shared: a title is never a heading)."""
    if title is not None and document.paragraphs[title].role not in (Role.BODY, Role.TITLE):
        title = None
    if title == document.title_index:
        return document
    paragraphs = list(document.paragraphs)
    if document.title_index is not None:
        old = paragraphs[document.title_index]
        paragraphs[old.index] = Paragraph(old.index, old.text, Role.BODY,
                                          enumerations=old.enumerations)
    if title is not None:
        p = paragraphs[title]
        paragraphs[title] = Paragraph(p.index, p.text, Role.TITLE, enumerations=p.enumerations)
    return dataclasses.replace(document, paragraphs=paragraphs, title_index=title)


def build_blocks(paragraphs: list[Paragraph]) -> tuple[Block, list[Block]]:
    root = Block(heading=None, level=0, start=0, end=len(paragraphs))
    stack = [root]
    block_of: list[Block] = []
    for paragraph in paragraphs:
        if paragraph.role is Role.HEADING:
            while stack[-1].level >= paragraph.level:
                stack.pop().end = paragraph.index
            block = Block(paragraph.index, paragraph.level, paragraph.index, len(paragraphs))
            stack[-1].children.append(block)
            stack.append(block)
        block_of.append(stack[-1])
    return root, block_of


def assemble(paragraphs: list[Paragraph], like: Document | None = None) -> Document:
    """Build the block tree over already classified paragraphs (no title yet: see
    ``with_title``). A document always has at least one (blank) paragraph, as an empty
    editor has one block. ``like``: an earlier version of the document, whose block tree
    serves while the headings are the same ones at the same places (a keystroke in a
    paragraph: the tree's parent links make it a cycle for the garbage collector to find,
    a thousand objects for a long draft)."""
    paragraphs = paragraphs or [Paragraph(0, "", Role.BLANK)]
    if like is not None and like.root is not None and same_outline(like.paragraphs, paragraphs):
        return Document(paragraphs, None, like.root, like.block_of)
    root, block_of = build_blocks(paragraphs)
    return Document(paragraphs, None, root, block_of)


def same_outline(before: list[Paragraph], after: list[Paragraph]) -> bool:
    """As many paragraphs, and headings of the same levels at the same places."""
    heading = Role.HEADING
    return len(before) == len(after) and all(
        a is b or ((a.role is heading) is (b.role is heading)
                   and (a.role is not heading or a.level == b.level))
        for a, b in zip(before, after))


def split_paragraphs(text: str) -> list[str]:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\u2029" in text:  # each replace is a pass over the text: skipped when it has none
        text = text.replace("\u2029", "\n")
    return text.split("\n")


def parse_text(text: str) -> Document:
    return parse_paragraphs(split_paragraphs(text))


def parse_paragraphs(texts: Iterable[str]) -> Document:
    return assemble([make_paragraph(i, t) for i, t in enumerate(texts)])
