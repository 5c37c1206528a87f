"""The document's shape, decided once before any rule runs: what is site furniture rather
than the report's structure, where the report really starts, and which year it is about.

Reports copied from 文库/范文 sites carry more than adverts:

- page markers of a preview (``2、`` standing alone, or glued to the start of a paragraph
  that does not continue a numbered list — the page broke there) are not headings;
- a table of contents (a run of headings without body, after which the numbering starts
  again) is not the report's structure: its lines answer no section and number nothing;
- the title may be printed twice in a row, and compilation furniture (``篇一：``) or whole
  junk lines may sit where the title finder would look.

``Shaper.shape(document)`` returns the document with those lines demoted to body text and
its title decided, plus what the audit needs to know about them: the junk lines (from the
junk rules, scanned here once per paragraph text), the opening paragraphs (导语: they list
every topic and so answer no section but the overview), the first paragraph the clean copy
keeps (where document-level findings are anchored) and the report's year and period — from
the title, else from the opening sentence (``2024年，…``, ``2022年以来，…``).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import islice

from .model import Document, Finding, Label, Paragraph, Role
from .numerals import cn_to_int
from .parse import (
    SENTENCE_END,
    TitleRules,
    assemble,
    find_enumerations,
    find_title,
    looks_like_title,
    make_paragraph,
    with_title_at,
)

YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
# "2024年，" "2024年上半年，" "2022年以来，" at the start of the opening paragraph
OPENING_YEAR = re.compile(
    r"^\s*((?:19|20)\d{2})\s*年(?:度|全年|上半年|下半年|初以来|以来|来)?\s*[，,、]")
# "现将2024年上半年意识形态工作总结如下" anywhere in the opening
OPENING_REPORT = re.compile(
    r"((?:19|20)\d{2})\s*年(?:度|全年|上半年|下半年)?[^。！？]{0,40}?(?:总结|报告|汇报)如下")
HALF_YEAR = re.compile(r"上半年")
# an opening paragraph ends by announcing the report: 现将……报告如下。
OPENING_FORMULA = re.compile(r"如下\s*[。：:]?\s*$")
# the page number that may follow a contents line: 一、工作开展情况……3
CONTENTS_TAIL = re.compile(r"^[\s.．…·\-—_]*\d{0,3}\s*$")
CONTENTS_CAPTION = re.compile(r"^\s*目\s*录\s*$")
LONE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
# what a sentence may end with before a new paragraph (else the paragraph broke mid-sentence)
PARAGRAPH_END = "。！？；：;:!?…”’）)】》"
CACHE_LIMIT = 50_000


@dataclass(frozen=True, slots=True)
class Shape:
    document: Document  # page markers and contents lines demoted to body; the title decided
    markers: dict[int, int]  # paragraph index → end of the page marker at its start
    contents: frozenset[int]  # lines of a table of contents
    junk: frozenset[int]  # paragraphs that are site junk as a whole (the clean copy drops them)
    duplicates: frozenset[int]  # the title printed a second time
    title_prefix: int  # characters of compilation furniture (篇一：) at the title's start
    opening: tuple[int, ...]  # the 导语 paragraphs before the first heading
    first_kept: int  # the title, else the first paragraph the clean copy keeps
    year: int | None  # the report's year: from the title, else from the opening
    half: bool  # a half-year report (上半年 in the title or the opening's year)
    person: int = 0  # how often the kept text speaks as one person (本人), if asked
    # headings glued to the paragraph before them (……有待提高。三、下步打算): the line break
    # was lost. (paragraph, start, end, level) of each one's words, number included, in order
    glued: tuple[tuple[int, int, int, int], ...] = ()

    @property
    def title(self) -> str:
        """The title without site furniture (篇一：…)."""
        index = self.document.title_index
        if index is None:
            return ""
        return self.document.paragraphs[index].text[self.title_prefix:].strip()

    def removed(self, index: int) -> bool:
        """True when the clean copy drops paragraph ``index`` as junk."""
        return index in self.junk or index in self.duplicates


JunkScan = Callable[[Paragraph], list[Finding]]


class Shaper:
    """Decides shapes; keeps the junk verdict of every paragraph text it has seen (a
    keystroke changes one paragraph, so one is scanned again)."""

    def __init__(self, title_rules: TitleRules, junk_scan: JunkScan,
                 voice: re.Pattern[str] | None = None):
        """``voice``: what a person writing about themself says (本人); counted when given."""
        self.title_rules = title_rules
        self._scan = junk_scan
        self._voice = voice
        self._junk: OrderedDict[tuple[str, Role], tuple[list[Finding], bool, int]] = OrderedDict()
        self._voices: OrderedDict[str, int] = OrderedDict()
        self._glued: OrderedDict[str, tuple[tuple[int, int, int, int], ...]] = OrderedDict()

    def glued_candidates(self, text: str) -> tuple[tuple[int, int, int, int], ...]:
        hit = self._glued.get(text)
        if hit is None:
            hit = self._glued[text] = glued_candidates(text)
            if len(self._glued) > CACHE_LIMIT:
                self._glued.popitem(last=False)
        return hit

    def voice_count(self, text: str) -> int:
        if self._voice is None:
            return 0
        hit = self._voices.get(text)
        if hit is None:
            hit = self._voices[text] = len(self._voice.findall(text))
            if len(self._voices) > CACHE_LIMIT:
                self._voices.popitem(last=False)
        return hit

    def _junk_of(self, paragraph: Paragraph) -> tuple[list[Finding], bool, int]:
        key = (paragraph.text, paragraph.role)
        hit = self._junk.get(key)
        if hit is None:
            found = self._scan(paragraph)
            hit = self._junk[key] = (found, *junk_verdict(paragraph, found))
            if len(self._junk) > CACHE_LIMIT:
                self._junk.popitem(last=False)
        return hit

    def verdict(self, paragraph: Paragraph) -> tuple[bool, int]:
        """(junk as a whole, end of a junk prefix at its start) for one paragraph."""
        _found, whole, prefix = self._junk_of(paragraph)
        return whole, prefix

    def junk_findings(self, paragraph: Paragraph) -> list[Finding]:
        """The junk rules' findings on the paragraph, scanned once (the junk family reads
        them here rather than scanning again)."""
        found = self._junk_of(paragraph)[0]
        if found and found[0].paragraph != paragraph.index:
            found = [replace(f, paragraph=paragraph.index) for f in found]
        return found

    def shape(self, document: Document) -> Shape:
        markers, lone = page_markers(document)
        contents = table_of_contents(document)
        document = demoted(document, markers, contents)
        verdicts = [self.verdict(p) for p in document.paragraphs]
        junk = {i for i, (whole, _) in enumerate(verdicts) if whole} | lone
        duplicates = repeated_titles(document, junk, verdicts, self.title_rules)
        excluded = junk | duplicates | contents | {
            i for i in range(len(document.sources)) if from_word(document, i)
            and getattr(document.sources[i], "kind", "") == "table"}  # a table cell is no title
        title = find_title(document.paragraphs, self.title_rules, excluded)
        document = with_title_at(document, title)
        if title is not None:  # a number alone below the title is a page marker too
            junk |= {p.index for p in document.paragraphs[title + 1:]
                     if LONE_NUMBER.match(p.text) and not from_word(document, p.index)}
        prefix = max(verdicts[title][1], markers.get(title, 0)) if title is not None else 0
        removed = junk | duplicates
        glued = glued_headings(document, removed | contents, self.glued_candidates)
        opening = opening_paragraphs(document, removed | contents, markers, glued)
        first_kept = title if title is not None else next(
            (p.index for p in document.paragraphs
             if p.role is not Role.BLANK and p.index not in removed), 0)
        title_text = document.paragraphs[title].text[prefix:] if title is not None else ""
        after = title + 1 if title is not None else 0
        skipped = removed | contents
        first = list(islice((p.text for p in document.paragraphs[after:]
                             if p.role is Role.BODY and p.index not in skipped), 2))
        year, half = report_year(title_text, first)
        person = sum(self.voice_count(p.text) for p in document.paragraphs
                     if p.role is Role.BODY and p.index not in removed) if self._voice else 0
        return Shape(document, markers, frozenset(contents), frozenset(junk),
                     frozenset(duplicates), prefix, opening, first_kept, year, half, person,
                     glued)


def voice_pattern(patterns: list[str]) -> re.Pattern[str] | None:
    """One pattern of the rule pack's ``person_voice`` regexes."""
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


def speaker(shape: Shape, minimum: int) -> str:
    """"person" when the report speaks as one person (本人) at least ``minimum`` times,
    else "unit"."""
    return "person" if shape.person >= max(minimum, 1) else "unit"


def junk_verdict(paragraph: Paragraph, findings: list[Finding]) -> tuple[bool, int]:
    """A paragraph is junk as a whole when a junk finding deleting it covers it all; a junk
    deletion from its first character is a prefix (篇一：)."""
    text = paragraph.text
    lead = len(text) - len(text.lstrip())
    whole, prefix = False, 0
    for finding in findings:
        if finding.category != "junk" or finding.fix != "":
            continue
        if finding.start <= lead and finding.end >= len(text.rstrip()) and text.strip():
            whole = True
        elif finding.start <= lead:
            prefix = max(prefix, finding.end)
    return whole, prefix


# ---------------------------------------------------------------- page markers

def _is_arabic_item(paragraph: Paragraph) -> bool:
    label = paragraph.label
    return (paragraph.role is Role.HEADING and label is not None and label.level == 3
            and label.style == "arabic" and label.text.strip()[-1:] in "、.．")


def page_markers(document: Document) -> tuple[dict[int, int], set[int]]:
    """The 文库 page markers: ``N、`` alone on a line (the second set: junk as a whole), or
    at the start of a paragraph that does not continue a numbered list — the paragraph
    before broke off mid-sentence (the page turned there), or it would start a list above
    1 with no item counting on from it, or it is a ``1、`` before the report's first line.
    Table cells and numbers Word generated are never markers. Returns {paragraph: marker
    end} and the lone ones."""
    markers: dict[int, int] = {}
    lone: set[int] = set()
    lists: dict[int, list[Paragraph]] = {}  # the items under each higher heading
    parent = -1
    first = next((p.index for p in document.paragraphs if p.role is not Role.BLANK), -1)
    for paragraph in document.paragraphs:
        if paragraph.role is Role.HEADING and paragraph.level < 3:
            parent = paragraph.index
        elif _is_arabic_item(paragraph) and not from_word(document, paragraph.index):
            if paragraph.text.strip() == paragraph.label.text.strip():
                lone.add(paragraph.index)
                markers[paragraph.index] = len(paragraph.text)
            else:
                lists.setdefault(parent, []).append(paragraph)
    title_marker = _numbered_first_line(document, first)
    if title_marker:
        markers[first] = title_marker
    for items in lists.values():
        for position, item in enumerate(items):
            value = item.label.value
            before = items[position - 1].label.value if position else None
            after = items[position + 1].label.value if position + 1 < len(items) else None
            counts_on = before == value - 1 or after == value + 1
            # a list does not start at 3、; a 1、 before the first line is no list at all
            stray = not counts_on and ((value > 1 and before is None)
                                       or (value == 1 and item.index == first))
            if stray or _broke_off(document, item.index):
                markers[item.index] = len(item.label.text)
    return markers, lone


FIRST_LINE_NUMBER = re.compile(r"^\s*1\s*、(?=\S)")  # 1.5万 is a number, 1、2024年 a marker


def _numbered_first_line(document: Document, first: int) -> int:
    """A ``1、`` before the report's first line when that line is read as body text (1、2024年
    …总结: a number before a digit is no heading label): the end of the marker, or 0."""
    if first < 0 or document.paragraphs[first].role is not Role.BODY \
            or from_word(document, first):
        return 0
    match = FIRST_LINE_NUMBER.match(document.paragraphs[first].text)
    return match.end() if match else 0


def from_word(document: Document, index: int) -> bool:
    """The paragraph is a table cell, or its number is one Word generated (a reader's
    source may say so: ``kind == "table"``, a ``label``): no page marker, no junk line."""
    source = document.sources[index] if index < len(document.sources) else None
    return getattr(source, "kind", "") == "table" or bool(getattr(source, "label", ""))


def _broke_off(document: Document, index: int) -> bool:
    """The paragraph before ``index`` (a body paragraph) ends without a sentence end."""
    for position in range(index - 1, -1, -1):
        paragraph = document.paragraphs[position]
        if paragraph.role is Role.BLANK:
            continue
        text = paragraph.text.rstrip()
        return paragraph.role is Role.BODY and bool(text) and text[-1] not in PARAGRAPH_END \
            and len(text) > 40  # a short line without a mark is a heading, not a broken sentence
    return False


# ---------------------------------------------------------------- a table of contents

def _bare_heading(paragraph: Paragraph) -> bool:
    """A heading with nothing after its heading words but perhaps a page number."""
    return (paragraph.role is Role.HEADING
            and CONTENTS_TAIL.match(paragraph.text[paragraph.heading_end:]) is not None
            and not SENTENCE_END.search(paragraph.text[: paragraph.heading_end].rstrip()[-1:]))


def table_of_contents(document: Document, shortest: int = 3) -> set[int]:
    """Runs of at least ``shortest`` bare headings, two or more of them at the run's top
    level, after which a heading of that level starts the numbering again (一、 once more):
    the lines of a contents list, with its caption (目录). One pass; body paragraphs cost a
    role test each (the live audit runs this on every keystroke)."""
    found: set[int] = set()
    paragraphs = document.paragraphs
    run: list[Paragraph] = []
    for paragraph in paragraphs:
        role = paragraph.role
        if role is Role.BLANK:
            continue
        if role is Role.HEADING and _bare_heading(paragraph):
            run.append(paragraph)
            continue
        if len(run) >= shortest:
            _take_contents(run, paragraphs, paragraph.index, shortest, found)
        run = []
    if len(run) >= shortest:
        _take_contents(run, paragraphs, len(paragraphs), shortest, found)
    return found


def _take_contents(run: list[Paragraph], paragraphs: list[Paragraph], after: int,
                   shortest: int, found: set[int]) -> None:
    contents = _contents_part(run, paragraphs, after)
    if len(contents) >= shortest:
        found.update(p.index for p in contents)
        caption = _caption_before(paragraphs, contents[0].index)
        if caption is not None:
            found.add(caption)


def _contents_part(run: list[Paragraph], paragraphs: list[Paragraph],
                   after: int) -> list[Paragraph]:
    """The head of ``run`` before the numbering starts again at its top level (一、 … 三、
    一、): inside the run (the first real heading has no body of its own either) or at the
    first heading after it. Empty when it never starts again."""
    if not run:
        return []
    top = min(p.level for p in run)
    first = next(p.label.value for p in run if p.level == top)
    seen = 0
    for position, paragraph in enumerate(run):
        if paragraph.level != top:
            continue
        if seen and paragraph.label.value <= first:
            return run[:position] if seen >= 2 else []
        seen += 1
    following = next((p for p in islice(paragraphs, after, None)
                      if p.role is Role.HEADING and p.level <= top), None)
    if seen >= 2 and following is not None and following.level == top \
            and following.label.value <= first:
        return run
    return []


def _caption_before(paragraphs: list[Paragraph], index: int) -> int | None:
    for position in range(index - 1, -1, -1):
        paragraph = paragraphs[position]
        if paragraph.role is Role.BLANK:
            continue
        return paragraph.index if CONTENTS_CAPTION.match(paragraph.text) else None
    return None


# ---------------------------------------------------------------- the demoted document

def demoted(document: Document, markers: dict[int, int], contents: set[int]) -> Document:
    """``document`` with contents lines as body text and each page marker read as if it
    were not there (the rest of the paragraph may still be a heading: 2、二、存在问题)."""
    if not markers and not contents:
        return document
    paragraphs = list(document.paragraphs)
    for index in contents:
        p = paragraphs[index]
        paragraphs[index] = Paragraph(index, p.text, Role.BODY, enumerations=p.enumerations)
    for index, end in markers.items():
        paragraphs[index] = without_marker(paragraphs[index], end)
    shaped = assemble(paragraphs)
    return Document(shaped.paragraphs, None, shaped.root, shaped.block_of, document.sources,
                    document.furniture)


def without_marker(paragraph: Paragraph, end: int) -> Paragraph:
    """The paragraph classified with its first ``end`` characters read as spaces (offsets
    stay those of the real text)."""
    text = paragraph.text
    masked = make_paragraph(paragraph.index, " " * end + text[end:])
    if not text[end:].strip():
        return Paragraph(paragraph.index, text, Role.BODY)
    label = masked.label
    if label is not None:
        label = Label(text[: len(label.text)], label.level, label.value, label.style,
                      label.halfwidth)
    enumerations = find_enumerations(" " * end + text[end:])
    return Paragraph(paragraph.index, text, masked.role, label, masked.heading_end, enumerations)


def content_start(paragraph: Paragraph, markers: dict[int, int]) -> int:
    """Where the paragraph's own words start: after its indent and its page marker."""
    text = paragraph.text
    start = markers.get(paragraph.index, 0)
    return start + len(text[start:]) - len(text[start:].lstrip())


# ---------------------------------------------------------------- glued headings

# a heading number (一、 or （一）) after a sentence end, then a short heading to the
# paragraph's end or to its own full stop
# (the sentence end starts the match: a look-behind first is tried at every position)
GLUED = re.compile(r"[。！？；!?;][ \u3000]*(?:([一二三四五六七八九十]{1,3})、"
                   r"|[（(]([一二三四五六七八九十]{1,3})[）)])(?=[^。！？!?\n]{2,25}(?:[。！？!?]|$))")
HEADING_STOP = re.compile(r"[。！？!?]|$")


def glued_candidates(text: str) -> tuple[tuple[int, int, int, int], ...]:
    """(level, number, start, end) of each heading number (一、 level 1, （一） level 2)
    after a sentence end in ``text`` — which of them is a glued heading the series decides."""
    if "、" not in text and "）" not in text and ")" not in text:
        return ()
    found = []
    for match in GLUED.finditer(text):
        level = 1 if match.group(1) else 2
        stop = HEADING_STOP.search(text, match.end())
        start = match.start(1) if level == 1 else match.start(2) - 1
        found.append((level, cn_to_int(match.group(level)) or 0, start,
                      stop.end() if stop else len(text)))
    return tuple(found)


def glued_headings(document: Document, skipped: set[int],
                   candidates: Callable[[str], tuple[tuple[int, int, int, int], ...]]
                   = glued_candidates) -> tuple[tuple[int, int, int, int], ...]:
    """Headings whose line break was lost (……有待进一步提高。三、下步打算; a whole report run
    together: ……如下。一、…。二、…; ……各负其责。（三）加强理论学习), as (paragraph, start, end,
    level): the number must be the one its series expects there (一、 after the last 一、;
    （三） after （二） under the same 一、), so an enumeration in a sentence is taken for none.
    ``candidates``: ``glued_candidates``, perhaps kept per text."""
    found: list[tuple[int, int, int, int]] = []
    expected = {1: 1, 2: 1}
    for paragraph in document.paragraphs:
        if paragraph.role is Role.HEADING and paragraph.level in (1, 2):
            expected[paragraph.level] = paragraph.label.value + 1
            if paragraph.level == 1:
                expected[2] = 1
            continue
        if paragraph.role is not Role.BODY or paragraph.index in skipped:
            continue
        for level, value, start, end in candidates(paragraph.text):
            if value == expected[level]:
                found.append((paragraph.index, start, end, level))
                expected[level] += 1
                if level == 1:
                    expected[2] = 1
    return tuple(found)


# ---------------------------------------------------------------- the title

def repeated_titles(document: Document, junk: set[int], verdicts: list[tuple[bool, int]],
                    rules: TitleRules) -> set[int]:
    """A title-like line (one naming a kind of report) that repeats the line before it
    (furniture such as 篇一： aside): the second copy, above the first heading."""
    found: set[int] = set()
    previous: str | None = None
    for paragraph in document.paragraphs:
        if paragraph.role is Role.HEADING:
            break
        if paragraph.role is Role.BLANK or paragraph.index in junk:
            continue
        words = paragraph.text[verdicts[paragraph.index][1]:].strip()
        if words and words == previous and looks_like_title(paragraph, rules) \
                and rules.words is not None and rules.words.search(words) \
                and not from_word(document, paragraph.index):
            found.add(paragraph.index)
        previous = words
    return found


# ---------------------------------------------------------------- the opening and the year

def opening_paragraphs(document: Document, skipped: set[int], markers: dict[int, int],
                       glued: tuple[tuple[int, int, int, int], ...] = ()) -> tuple[int, ...]:
    """The 导语: body paragraphs after the title and before the first heading (a heading
    glued to a paragraph's end ends it too) or the first paragraph opening with 一是/第一，.
    A report without either has an opening only when its first paragraph announces the
    report (现将……报告如下。)."""
    start = (document.title_index + 1) if document.title_index is not None else 0
    found = []
    marked = False
    glued_at = {index for index, _start, _end, _level in glued}
    for paragraph in document.paragraphs[start:]:
        if paragraph.role is Role.HEADING or _opens_with_enumeration(paragraph, markers):
            marked = True
            break
        if paragraph.role is Role.BODY and paragraph.index not in skipped:
            found.append(paragraph.index)
            if paragraph.index in glued_at:
                marked = True
                break
    if marked:
        return tuple(found)
    first = found[0] if found else None
    if first is not None and OPENING_FORMULA.search(document.paragraphs[first].text):
        return (first,)
    return ()


def _opens_with_enumeration(paragraph: Paragraph, markers: dict[int, int]) -> bool:
    start = content_start(paragraph, markers)
    return paragraph.role is Role.BODY and any(e.start == start for e in paragraph.enumerations)


def report_year(title: str, first: list[str]) -> tuple[int | None, bool]:
    """The year (and whether it is a half-year report) from the title, else from the
    opening sentence of the first body paragraphs."""
    match = YEAR.search(title)
    if match:
        return int(match.group(1)), bool(HALF_YEAR.search(title))
    for text in first:
        found = OPENING_YEAR.match(text) or OPENING_REPORT.search(text)
        if found:
            return int(found.group(1)), "上半年" in found.group(0)
    return None, False
