"""Plain text → Document: paragraph roles, heading labels, the title and the block tree."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .model import Block, Document, Enumeration, Label, Paragraph, Role
from .numerals import CN_SMALL, cn_to_int

_CN = f"[{CN_SMALL}]{{1,3}}"
# (pattern, level, style); tried in order, the first match wins.
LABEL_PATTERNS: tuple[tuple[re.Pattern[str], int, str], ...] = (
    (re.compile(rf"^({_CN})\s*、"), 1, "cn"),
    (re.compile(rf"^[（(]\s*({_CN})\s*[）)]"), 2, "cn"),
    (re.compile(r"^(\d{1,2})\s*(?:[.．、](?!\d)|\s+(?=[\u4e00-\u9fff]))"), 3, "arabic"),
    (re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]"), 4, "arabic"),
)
SENTENCE_END = re.compile(r"[。！？!?]")
TITLE_WORDS = re.compile(r"总结|报告|汇报|情况|述职|计划|方案|意见|讲话|通知|材料|要点")
TITLE_MAX_CHARS = 60
ENUM_SHI = re.compile(rf"({_CN})是")
ENUM_SHI_BEFORE = re.compile(r"[。；;，,：:、\s”）)]")
ENUM_DI = re.compile(rf"(?:^|(?<=[。；;：:\s”]))第({_CN})[，,、：:]")


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


def find_enumerations(text: str) -> tuple[Enumeration, ...]:
    found = [
        Enumeration(m.start(1), m.end(), cn_to_int(m.group(1)) or 0, "shi")
        for m in ENUM_SHI.finditer(text) if _is_enumeration(text, m)
    ]
    found += [
        Enumeration(m.start(), m.end(), cn_to_int(m.group(1)) or 0, "di")
        for m in ENUM_DI.finditer(text)
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


def looks_like_title(paragraph: Paragraph) -> bool:
    text = paragraph.text.strip()
    return (
        paragraph.role is Role.BODY
        and 0 < len(text) <= TITLE_MAX_CHARS
        and not SENTENCE_END.search(text)
        and text[-1] not in "，,；;：:"
    )


def find_title(paragraphs: list[Paragraph]) -> int | None:
    """The short, unpunctuated paragraph nearest the first heading that names a kind of
    report (总结, 报告…), so advert lines and compilation headings above it are skipped;
    failing that, a short first line."""
    first_heading = next((p.index for p in paragraphs if p.role is Role.HEADING), len(paragraphs))
    candidates = [p for p in paragraphs[:first_heading] if looks_like_title(p)]
    for paragraph in reversed(candidates):  # the one nearest the body: adverts come first
        if TITLE_WORDS.search(paragraph.text):
            return paragraph.index
    return candidates[0].index if candidates and candidates[0].index < 3 else None


def build_blocks(paragraphs: list[Paragraph]) -> tuple[Block, list[Block]]:
    root = Block(heading=None, level=0, start=0, end=len(paragraphs))
    stack = [root]
    block_of: list[Block] = []
    for paragraph in paragraphs:
        if paragraph.role is Role.HEADING:
            while stack[-1].level >= paragraph.level:
                stack.pop().end = paragraph.index
            block = Block(paragraph.index, paragraph.level, paragraph.index, len(paragraphs),
                          parent=stack[-1])
            stack[-1].children.append(block)
            stack.append(block)
        block_of.append(stack[-1])
    return root, block_of


def assemble(paragraphs: list[Paragraph]) -> Document:
    """Decide the title and build the block tree over already classified paragraphs.
    A document always has at least one (blank) paragraph, as an empty editor has one block."""
    paragraphs = paragraphs or [Paragraph(0, "", Role.BLANK)]
    title = find_title(paragraphs)
    if title is not None:
        p = paragraphs[title]
        paragraphs[title] = Paragraph(p.index, p.text, Role.TITLE, enumerations=p.enumerations)
    root, block_of = build_blocks(paragraphs)
    return Document(paragraphs, title, root, block_of)


def split_paragraphs(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2029", "\n").split("\n")


def parse_text(text: str) -> Document:
    return parse_paragraphs(split_paragraphs(text))


def parse_paragraphs(texts: Iterable[str]) -> Document:
    return assemble([make_paragraph(i, t) for i, t in enumerate(texts)])
