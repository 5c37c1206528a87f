"""The worker's half of the editor, free of Qt: what the live audit computes off the UI
thread for the widgets — the request and its result, the paragraph cache, the underline
marks of each block and what changed since the last result, the panel's groups and row
looks, the outline entries, the counts, the fix labels. A test imports this module with
PySide6 blocked; the widgets take these precomputed values and only draw them.
"""

from __future__ import annotations

import dataclasses
import itertools
import operator
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..core.ignores import Ignores
from ..core.layout import carried, common_ends
from ..core.model import Document, Finding, Paragraph, Report, Role, SectionStatus, Severity
from ..core.parse import assemble, make_paragraph
from .positions import span_to_utf16

if TYPE_CHECKING:  # the service and the checklists load after the window shows
    from ..core.checklist import Checklist
    from ..service import AuditService, Choice

# ---------------------------------------------------------------- underline marks

ASTRAL = re.compile("[\U00010000-\U0010ffff]")  # two UTF-16 units each


class Mark:
    """One finding within its block: code point span, UTF-16 span and what it expects there.
    Equal marks draw the same, whatever paragraph number their finding had. (A plain class:
    the worker makes one per finding, thousands in a large draft, on every keystroke.)"""

    __slots__ = ("end", "end16", "finding", "look", "start", "start16")

    def __init__(self, start: int, end: int, start16: int, end16: int, look: tuple,
                 finding: Finding):
        self.start, self.end, self.start16, self.end16 = start, end, start16, end16
        self.look = look  # (severity, rule, message, fix, text)
        self.finding = finding

    def _key(self) -> tuple:
        return self.start, self.end, self.start16, self.end16, self.look

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mark) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Mark({self.start}, {self.end}, {self.look[1]!r})"

    @classmethod
    def of(cls, finding: Finding, block_text: str, bmp: bool = False) -> Mark:
        if bmp:
            start16, end16 = finding.start, finding.end
        else:
            start16, end16 = span_to_utf16(block_text, finding.start, finding.end)
        look = (finding.severity, finding.rule, finding.message, finding.fix, finding.text)
        return cls(finding.start, finding.end, start16, end16, look, finding)

    def valid_in(self, text: str) -> bool:
        return text[self.start:self.end] == self.finding.text


def located(mark: Mark, paragraph: int) -> Mark:
    """``mark`` with its finding numbered ``paragraph``: a block keeps its marks while they
    look the same, also when paragraphs were added or removed above it, so the finding a
    mark carries may have the number its paragraph had when the mark was made."""
    if mark.finding.paragraph == paragraph:
        return mark
    finding = dataclasses.replace(mark.finding, paragraph=paragraph)
    return Mark(mark.start, mark.end, mark.start16, mark.end16, mark.look, finding)


def shifted_marks(marks: tuple[Mark, ...], old: str, new: str) -> tuple[Mark, ...]:
    """``marks`` placed on ``old`` moved onto ``new``, the same text with one stretch
    replaced: marks before the stretch stay, marks after it move, marks overlapping it are
    dropped (the next audit decides about them)."""
    head = common_prefix(old, new)
    tail = common_prefix(old[head:][::-1], new[head:][::-1])
    delta = len(new) - len(old)
    bmp = ASTRAL.search(new) is None
    kept = []
    for mark in marks:
        if mark.end <= head:
            kept.append(mark)
        elif mark.start >= len(old) - tail:
            start, end = mark.start + delta, mark.end + delta
            start16, end16 = (start, end) if bmp else span_to_utf16(new, start, end)
            kept.append(Mark(start, end, start16, end16, mark.look, mark.finding))
    return tuple(kept)


def common_prefix(a: str, b: str) -> int:
    """Length of the common start of ``a`` and ``b`` (bisection over C-speed compares)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


class MarkCache:
    """``marks_by_block`` that makes the marks of a paragraph again only if its text or its
    findings changed: the auditor hands back the very Finding objects of the paragraphs it
    did not check again, so after a keystroke the findings of most paragraphs compare equal
    at C speed (by identity), and their blocks get the very tuple of marks they had — which
    the worker and the UI thread then compare by identity too. Used by the worker only."""

    def __init__(self) -> None:
        self._blocks: dict[int, tuple[str, tuple[Finding, ...], tuple[Mark, ...]]] = {}

    def marks_by_block(self, findings: list[Finding], block_texts: list[str]
                       ) -> dict[int, tuple[Mark, ...]]:
        count = len(block_texts)
        previous, kept, marks = self._blocks, {}, {}
        last = -1
        # the findings come sorted by paragraph: grouped at C speed, thousands a keystroke
        for index, group in itertools.groupby(findings, key=_PARAGRAPH):
            if index <= last:  # not sorted after all
                return self.marks_by_block(sorted(findings, key=_PARAGRAPH), block_texts)
            last = index
            if index >= count:
                continue
            text, items = block_texts[index], tuple(group)
            hit = previous.get(index)
            if hit is not None and hit[0] == text and hit[1] == items:
                made = hit[2]
            else:
                bmp = ASTRAL.search(text) is None
                made = tuple(Mark.of(finding, text, bmp) for finding in items
                             if finding.end > finding.start)
            if made:
                kept[index] = (text, items, made)
                marks[index] = made
        self._blocks = kept
        return marks


@dataclass(slots=True)
class Shown:
    """What the editor's blocks carry now: the texts and marks of the last result shown."""

    texts: list[str]
    marks: dict[int, tuple[Mark, ...]]
    title: int | None


def blocks_to_update(old: Shown | None, texts: list[str], marks: dict[int, tuple[Mark, ...]],
                     title: int | None) -> list[int]:
    """Block numbers whose marks differ from what they carry now.

    Block data moves with its block, so the paragraphs of the unchanged head and tail of the
    document are compared with their old selves (shifted by the lines added or removed);
    the changed middle is always updated."""
    if old is None:
        return sorted({*marks, *(() if title is None else (title,))})
    head, tail = common_ends(old.texts, texts)
    shift = len(texts) - len(old.texts)
    middle = range(head, len(texts) - tail)

    def before(number: int) -> int:
        return number if number < head else number - shift

    def after(number: int) -> int:
        return number if number < head else number + shift

    candidates = {*marks, *map(after, old.marks)}
    candidates.update(n for n in (title, None if old.title is None else after(old.title)) if n is not None)
    changed = set(middle)
    for number in candidates - changed:
        was = before(number)
        if (old.marks.get(was, ()), was == old.title) != (marks.get(number, ()), number == title):
            changed.add(number)
    return sorted(n for n in changed if 0 <= n < len(texts))


def share_unchanged(old: Shown | None, texts: list[str], marks: dict[int, tuple[Mark, ...]]
                    ) -> dict[int, tuple[Mark, ...]]:
    """``marks`` with each block of the unchanged head and tail whose marks equal those it
    carries now given the very tuple it carries (pure Python: runs in the audit worker).
    The UI thread then compares them by identity and, dropping the last result, frees only
    the marks that changed."""
    if old is None:
        return marks
    head, tail = common_ends(old.texts, texts)
    shift, end = len(texts) - len(old.texts), len(texts) - tail
    shared = dict(marks)
    for number, new in marks.items():
        if head <= number < end:
            continue
        was = old.marks.get(number if number < head else number - shift)
        if was is not None and was is not new and was == new:
            shared[number] = was
    return shared


def covering_runs(pieces: list[tuple[int, int, object]]) -> list[tuple[int, int, tuple[int, ...]]]:
    """(start, length, indices of the pieces covering it, in order) for each run between
    consecutive piece ends that some piece covers: one sweep over the ends, so a paragraph
    with many marks costs O(m log m), not a scan of every piece for every run."""
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    for index, (start, end, _) in enumerate(pieces):
        if end > start:
            starts.setdefault(start, []).append(index)
            ends.setdefault(end, []).append(index)
    active: set[int] = set()
    runs = []
    for left, right in itertools.pairwise(sorted({*starts, *ends})):
        active.difference_update(ends.get(left, ()))
        active.update(starts.get(left, ()))
        if active:
            runs.append((left, right - left, tuple(sorted(active))))
    return runs


# ---------------------------------------------------------------- the panel

GROUP_ORDER = ("placeholder", "typo", "quantity", "junk", "residue", "numbering", "punctuation",
               "date", "wording", "layout", "recycled")

MAX_GROUP_ITEMS = 200  # a 200,000-character draft can have thousands: list the first ones


def finding_key(finding: Finding) -> tuple:
    return finding.rule, finding.text, finding.paragraph, finding.start


def row_look(finding: Finding) -> tuple:
    """What a finding's row shows (icon, message, paragraph, tooltip): a row whose look is
    unchanged is not touched, so typing does not re-lay out and repaint the whole list."""
    return finding.severity, finding.message, finding.paragraph, finding.fix, finding.text


def panel_groups(findings: list[Finding], limit: int = MAX_GROUP_ITEMS,
                 grouped: dict[str, list[Finding]] | None = None
                 ) -> dict[str, tuple[int, list[Finding]]]:
    """Findings by category: how many, and the first ``limit`` of them (pure Python: the
    live audit calls it in its worker). ``grouped``: ``by_category(findings)`` if made."""
    grouped = by_category(findings) if grouped is None else grouped
    return {c: (len(items), items[:limit]) for c, items in grouped.items()}


def by_category(findings: list[Finding]) -> dict[str, list[Finding]]:
    """The findings the list shows, by category in the list's order (one pass: the panel's
    groups and rows both read it, every keystroke, thousands in a long draft)."""
    grouped: dict[str, list[Finding]] = {c: [] for c in GROUP_ORDER}
    get = grouped.get
    for finding in findings:
        items = get(finding.category)
        if items is not None:
            items.append(finding)
    return grouped


def group_looks(groups: dict[str, tuple[int, list[Finding]]]) -> dict[str, list[tuple]]:
    """The ``row_look`` of each listed finding, by category (pure Python: the live audit
    calls it in its worker, so the panel compares whole groups at C speed)."""
    return {c: [row_look(f) for f in items] for c, (_total, items) in groups.items()}


def fix_label(finding: Finding) -> str:
    if finding.fix is None:
        return ""
    if finding.fix == "":
        return f"删除“{short(finding.text)}”"
    if finding.fix.startswith("\n"):  # a lost line break (punctuation.line-break)
        return "在此另起一段"
    return f"改为“{short(finding.fix)}”"


def short(text: str, limit: int = 16) -> str:
    text = text.strip() or text
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------- rows, as the clerk reads them

CONTEXT_CHARS = 10  # characters shown on each side of a finding in its row
HIT_CHARS = 16


def visible_numbers(texts: list[str]) -> list[int]:
    """第N段 as the clerk counts: the paragraphs with text, from 1; a blank line gets 0. The
    report numbers every line (``Finding.paragraph``, 0-based); the gutter, the rows and
    the export summary show these numbers instead."""
    numbers, count = [], 0
    for text in texts:
        if text.strip():
            count += 1
            numbers.append(count)
        else:
            numbers.append(0)
    return numbers


def paragraph_label(number: int) -> str:
    return f"第 {number} 段" if number else "空行"


def context_of(finding: Finding, texts: list[str]) -> str:
    """The finding in its sentence: ``…制定实施方案【X】个，成立工作…`` ("" when it has no
    span or the text there changed)."""
    if not (finding.end > finding.start and 0 <= finding.paragraph < len(texts)):
        return ""
    text = texts[finding.paragraph]
    if text[finding.start:finding.end] != finding.text:
        return ""
    start, end = finding.start, finding.end
    before = text[max(0, start - CONTEXT_CHARS):start].lstrip()
    after = text[end:end + CONTEXT_CHARS].rstrip()
    hit = finding.text if len(finding.text) <= HIT_CHARS else finding.text[:HIT_CHARS - 1] + "…"
    head = "…" if start > CONTEXT_CHARS else ""
    tail = "…" if end + CONTEXT_CHARS < len(text) else ""
    return f"{head}{before}【{hit}】{after}{tail}"


def fold_key(finding: Finding) -> tuple:
    """Findings that read the same (same rule, message and fix) fold into one row."""
    return finding.rule, finding.message, finding.fix


@dataclass(frozen=True, slots=True)
class Row:
    """One row of the findings list: a finding, or identical findings folded ("×24", with a
    child row per place). ``look`` is what it shows: equal looks draw the same."""

    findings: tuple[Finding, ...]  # one, or the folded ones listed (the first MAX_GROUP_ITEMS)
    count: int  # how many findings the row stands for
    places: tuple[tuple[int, str], ...]  # (第N段 number, context) of each listed finding
    look: tuple

    @property
    def finding(self) -> Finding:
        return self.findings[0]

    @property
    def folded(self) -> bool:
        return self.count > 1


MAX_PLACES = 50  # places listed under a folded row ("……另有 N 处" after them)
CONTEXT_CACHE_LIMIT = 50_000


class ContextCache:
    """``context_of`` remembered: a keystroke leaves almost every finding's context as it
    was (thousands of them in a long draft). Looked up first by the finding object (the
    audit reuses the findings of paragraphs it did not scan again) with the very text
    string it was made from, then by (text, span, matched text)."""

    def __init__(self) -> None:
        self._by_id: dict[int, tuple[Finding, str, str]] = {}
        self._found: dict[tuple, str] = {}

    def __call__(self, finding: Finding, texts: list[str]) -> str:
        if not 0 <= finding.paragraph < len(texts):
            return ""
        text = texts[finding.paragraph]
        known = self._by_id.get(id(finding))
        if known is not None and known[0] is finding and known[1] is text:
            return known[2]
        key = (text, finding.start, finding.end, finding.text)
        found = self._found.get(key)
        if found is None:
            if len(self._found) > CONTEXT_CACHE_LIMIT:
                self._found.clear()
            found = self._found[key] = context_of(finding, texts)
        if len(self._by_id) > CONTEXT_CACHE_LIMIT:
            self._by_id.clear()
        self._by_id[id(finding)] = (finding, text, found)  # holds the finding: its id stays its own
        return found


class RowMemo:
    """The rows of the last ``panel_view``: a row whose listed findings are the same and
    whose places read the very same paragraph strings (the editor hands over the unchanged
    blocks' strings again) is taken as it was, instead of its up to MAX_PLACES places
    being looked up again — thousands a keystroke in a long draft."""

    def __init__(self) -> None:
        self._rows: dict[tuple, tuple[Row, tuple | None]] = {}
        self._next: dict[tuple, tuple[Row, tuple | None]] = {}
        self._numbers: list[int] | None = None
        self._folds: dict[str, tuple[list[Finding], int, dict[tuple, list]]] = {}

    def folds(self, category: str, findings: list[Finding], limit: int) -> dict[tuple, list]:
        """``fold(findings, limit)``, the last one again while the category's findings are
        the same objects (a keystroke leaves most categories as they were)."""
        last = self._folds.get(category)
        if last is not None and last[1] == limit and len(last[0]) == len(findings) \
                and all(map(operator.is_, last[0], findings)):
            return last[2]
        folds = fold(findings, limit)
        self._folds[category] = (findings, limit, folds)
        return folds

    def begin(self, numbers: list[int]) -> None:
        """A new view: rows made with other 第N段 numbers are not reused."""
        self._rows = self._next if numbers == self._numbers else {}
        self._next, self._numbers = {}, numbers

    def get(self, key: tuple, listed: tuple[Finding, ...], count: int, texts: list[str]) -> Row | None:
        found = self._rows.get(key)
        if found is None:
            return None
        row, read = found
        if row.count != count or row.findings != listed or not _same_strings(read, _texts_of(listed, texts)):
            return None
        self._next[key] = found
        return row

    def put(self, key: tuple, row: Row, texts: list[str]) -> None:
        self._next[key] = (row, _texts_of(row.findings, texts))


def _texts_of(findings: tuple[Finding, ...], texts: list[str]) -> tuple[str, ...] | None:
    """The paragraph strings ``findings`` stand in (None if one is past the end); C-speed
    maps, since it runs for every row of every keystroke."""
    paragraphs = tuple(map(_PARAGRAPH, findings))
    if not paragraphs or min(paragraphs) < 0 or max(paragraphs) >= len(texts):
        return None
    return tuple(map(texts.__getitem__, paragraphs))


def _same_strings(read: tuple[str, ...] | None, now: tuple[str, ...] | None) -> bool:
    """The very same string objects (equal contents would cost as much as the contexts)."""
    return read is not None and now is not None and len(read) == len(now) \
        and all(map(operator.is_, read, now))


_PARAGRAPH = operator.attrgetter("paragraph")


def fold(findings: list[Finding], limit: int) -> dict[tuple, list]:
    """Identical findings folded where the first of them stands (one pass), at most
    ``limit`` folds and ``MAX_PLACES`` places listed each: fold key → [listed, count]."""
    folds: dict[tuple, list] = {}
    for finding in findings:
        key = (finding.rule, finding.message, finding.fix)  # fold_key, inlined: thousands
        entry = folds.get(key)
        if entry is None:
            if len(folds) < limit:  # else counted in the total, not listed
                folds[key] = [[finding], 1]
        else:
            entry[1] += 1
            if len(entry[0]) < MAX_PLACES:
                entry[0].append(finding)
    return folds


def group_rows(findings: list[Finding], texts: list[str], numbers: list[int],
               limit: int = MAX_GROUP_ITEMS, context=context_of,
               memo: RowMemo | None = None, category: str = "") -> tuple[int, list[Row]]:
    """A category's findings as rows, identical ones folded (``fold``). ``context``:
    ``context_of`` or a ``ContextCache``; ``memo``: the folds and rows of the last call to
    reuse (``category`` tells its folds apart)."""
    folds = memo.folds(category, findings, limit) if memo is not None else fold(findings, limit)
    rows = []
    count_of = len(numbers)
    for key, (listed, count) in folds.items():
        if memo is not None:
            known = memo.get(key, tuple(listed), count, texts)
            if known is not None:
                rows.append(known)
                continue
        places = tuple((numbers[f.paragraph] if f.paragraph < count_of else 0, context(f, texts))
                       for f in listed)
        first = listed[0]
        look = (first.severity, first.message, first.fix, first.text, count, places)
        row = Row(tuple(listed), count, places, look)
        if memo is not None:
            memo.put(key, row, texts)
        rows.append(row)
    return len(findings), rows


def section_need(status: SectionStatus, section: Any, waived_figures: float) -> str:
    """What a thin section lacks: "至少 100 字、1 处数据，现 44 字" (as the structure rule
    judges: short unless enough figures make up for it)."""
    if section is None or status.status != "thin":
        return ""
    wants = []
    if section.min_chars and status.chars < section.min_chars:
        waiver = (f"（或 {int(waived_figures)} 处数据）" if section.min_figures and waived_figures else "")
        wants.append(f"{section.min_chars} 字{waiver}")
    if section.min_figures and status.figures < section.min_figures:
        wants.append(f"{section.min_figures} 处数据")
    if not wants:
        return ""
    now = f"现 {status.chars} 字" + (f"、{status.figures} 处数据" if section.min_figures else "")
    return f"至少 {'、'.join(wants)}，{now}"


def summary_text(report: Report, counts: dict[Severity, int]) -> str:
    """The counters, one story: "必备章节 5/5 已写 · 3 项偏少 · 错误 2 · 警告 5"."""
    required = [s for s in report.sections if s.required]
    written = sum(1 for s in required if s.status != "missing")
    thin = sum(1 for s in report.sections if s.status == "thin")
    parts = [f"必备章节 {written}/{len(required)} 已写"]
    if thin:
        parts.append(f"{thin} 项偏少")
    parts += [f"错误 {counts[Severity.ERROR]}", f"警告 {counts[Severity.WARNING]}"]
    if counts[Severity.INFO]:
        parts.append(f"提示 {counts[Severity.INFO]}")
    return " · ".join(parts)


@dataclass(slots=True)
class PanelView:
    """What the checklist panel shows, computed with the result (no Qt)."""

    rows: dict[str, tuple[int, list[Row]]]  # category: (findings, rows)
    numbers: list[int]  # visible_numbers of the audited texts
    needs: dict[str, str]  # section id: what a thin one lacks
    summary: str
    empty: str  # the list's text when it has no rows


def panel_view(report: Report, texts: list[str], checklist: Checklist | None,
               waived_figures: float, counts: dict[Severity, int], context=context_of,
               memo: RowMemo | None = None, grouped: dict[str, list[Finding]] | None = None
               ) -> PanelView:
    """``grouped``: ``by_category(report.findings)`` if made."""
    numbers = visible_numbers(texts)
    if memo is not None:
        memo.begin(numbers)
    grouped = by_category(report.findings) if grouped is None else grouped
    rows = {c: group_rows(items, texts, numbers, context=context, memo=memo, category=c)
            for c, items in grouped.items()}
    needs = {}
    for status in report.sections:
        section = checklist.section(status.id) if checklist is not None else None
        need = section_need(status, section, waived_figures)
        if need:
            needs[status.id] = need
    listed = sum(total for total, _ in rows.values())
    outside = sum(counts.values()) - listed
    empty = "未发现问题" if not outside else f"其余各项未发现问题（章节问题 {outside} 项见上方）"
    return PanelView(rows, numbers, needs, summary_text(report, counts), empty)


# ---------------------------------------------------------------- working through findings

def navigable(findings: list[Finding]) -> list[Finding]:
    """The findings F8 walks through: those the list shows, in the order of the text."""
    shown = set(GROUP_ORDER)
    return sorted((f for f in findings if f.category in shown), key=position_key)


def position_key(finding: Finding) -> tuple:
    return finding.paragraph, finding.start, finding.end, finding.rule


def step_finding(ordered: list[Finding], here: tuple[int, int], forward: bool,
                 current: Finding | None = None) -> Finding | None:
    """The finding after (``forward``) or before the place ``here`` (paragraph, code-point
    offset) in ``ordered`` (``navigable``), round the end; ``current``: the finding the
    cursor stands on (found by the last step), so two findings at one place are both
    visited. None when there are none."""
    if not ordered:
        return None
    key = position_key(current) if current is not None else (*here, -1, "")
    if forward:
        after = next((f for f in ordered if position_key(f) > key), None)
        return after if after is not None else ordered[0]
    if current is None:
        key = (*here, 0, "")
    before = next((f for f in reversed(ordered) if position_key(f) < key), None)
    return before if before is not None else ordered[-1]


def blank_lines_before_headings(document: Document) -> list[int]:
    """The blank paragraphs right above a heading (a run of them too): 删除标题前的空行. The
    title is no heading here; a blank line at the very start is left."""
    paragraphs = document.paragraphs
    found: list[int] = []
    for index, paragraph in enumerate(paragraphs):
        if paragraph.role != Role.HEADING:
            continue
        above = index - 1
        while above > 0 and not paragraphs[above].text.strip():
            found.append(above)
            above -= 1
    return sorted(found)


# ---------------------------------------------------------------- the outline

MAX_LEVEL = 3

LABEL_LIMIT = 28


def outline_entries(document: Document) -> tuple[tuple[int, int, str], ...]:
    """(paragraph index, level, label) for the title (level 0) and headings up to MAX_LEVEL."""
    entries = []
    for paragraph in document.paragraphs:
        if paragraph.role is Role.TITLE:
            entries.append((paragraph.index, 0, paragraph.text.strip()))
        elif paragraph.role is Role.HEADING and paragraph.level <= MAX_LEVEL:
            text = paragraph.text[: paragraph.heading_end].strip()
            entries.append((paragraph.index, paragraph.level, text))
    return tuple((i, lv, t if len(t) <= LABEL_LIMIT else t[: LABEL_LIMIT - 1] + "…")
                 for i, lv, t in entries)


# ---------------------------------------------------------------- a live audit

PARAGRAPH_CACHE_LIMIT = 50_000


@dataclass(frozen=True, slots=True)
class Request:
    generation: int
    texts: list[str]
    checklist: str  # "" = detect from the title
    ignores: Ignores
    shown: Shown | None  # what the editor's blocks carry (the worker compares its result)
    service: AuditService  # replaced, never changed, by the UI thread
    segmenter: Any = None  # jieba once loaded: the worker hands it to the service
    # the opened .docx's paragraph texts as read and its layout facts (版式): carried onto
    # the edited text (core.layout.carried)
    layout: tuple[list[str], Any] | None = None
    # 检查 ▸ 与往年报告比对…: last year's report, indexed once (core.review.EarlierCheck)
    earlier: Any = None


@dataclass(slots=True)
class Result:
    """Everything the window shows for one audit, computed by the worker."""

    generation: int
    document: Document  # as audited: the title decided
    report: Report
    choice: Choice  # the checklist and why it was chosen
    marks: dict[int, tuple[Mark, ...]]  # underlines by block number
    base: Shown | None  # the state ``blocks`` was computed against
    shown: Shown  # what the editor's blocks carry once this result is shown
    blocks: list[int]  # blocks whose marks differ from ``base``
    outline: tuple[tuple[int, int, str], ...]
    counts: dict[Severity, int]
    groups: dict[str, tuple[int, list[Finding]]]  # category: (total, first ones)
    looks: dict[str, list[tuple]]  # category: row_look of the first ones
    recycled: float | None = None  # share of the text found in last year's report
    panel: PanelView | None = None  # rows, 第N段 numbers, thin sections' needs, counters

    @property
    def checklist(self) -> Checklist:
        return self.choice.checklist

    @property
    def section_of(self) -> list[str | None]:
        """The checklist section id of each paragraph."""
        return self.report.section_of


class LiveModel:
    """The worker's state between audits: paragraphs and marks it has made before."""

    def __init__(self) -> None:
        self.paragraphs = ParagraphCache()
        self.marks = MarkCache()
        self.contexts = ContextCache()
        self.rows = RowMemo()

    def compute(self, request: Request) -> Result:
        """Audit the request's text and work out what the widgets must change, the
        garbage collector paused throughout (``service.collector_paused``): the marks,
        rows and outline of a merged compilation are hundreds of thousands of objects
        made after the audit, and collections of them here held the GIL up to 0.25 s at
        a time while the window waited."""
        from ..service import collector_paused  # loaded by now (the request carries one)

        with collector_paused():
            return self._compute(request)

    def _compute(self, request: Request) -> Result:
        service = request.service
        if request.segmenter is not None and service.segmenter is None:
            service.set_segmenter(request.segmenter)
        document = self.paragraphs.parse(request.texts)
        if request.layout is not None:
            read, facts = request.layout
            document.layout = carried(facts, read, document)
        audit = service.audit(document, request.checklist, request.ignores)
        report, title = audit.report, audit.document.title_index
        recycled = None
        if request.earlier is not None:  # its passages join the findings (category recycled)
            recycled, passages = request.earlier.check(request.texts)
            report.findings = sorted(report.findings + passages, key=Finding.sort_key)
        marks = share_unchanged(request.shown, request.texts,
                                self.marks.marks_by_block(report.findings, request.texts))
        grouped = by_category(report.findings)
        groups = panel_groups(report.findings, grouped=grouped)
        counts = severity_counts(report.findings)
        waived = service.catalog.pack.threshold("thin_waived_figures")
        view = panel_view(report, request.texts, audit.choice.checklist, waived, counts, self.contexts,
                          self.rows, grouped)
        return Result(request.generation, audit.document, report, audit.choice, marks,
                      request.shown, Shown(request.texts, marks, title),
                      blocks_to_update(request.shown, request.texts, marks, title),
                      outline_entries(audit.document), counts, groups, group_looks(groups),
                      recycled, view)


def severity_counts(findings: list[Finding]) -> dict[Severity, int]:
    counts = dict.fromkeys(Severity, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return counts


class ParagraphCache:
    """Classified paragraphs by text: a keystroke re-classifies one paragraph. A paragraph
    whose text is the one its place held last time is the very same object (the audit
    knows it by that: see ``Auditor._scan_all``), a blank line or a repeated one too."""

    def __init__(self, limit: int = PARAGRAPH_CACHE_LIMIT):
        self._seen: dict[str, Paragraph] = {}
        self._last: Document | None = None  # its block tree serves the next parse if it fits
        self._limit = limit

    def parse(self, texts: list[str]) -> Document:
        """Same as ``parse_paragraphs(texts)``."""
        seen, paragraphs = self._seen, []
        last = self._last.paragraphs if self._last is not None else []
        known = len(last)
        for index, text in enumerate(texts):
            if index < known:
                kept = last[index]
                if kept.text is text or kept.text == text:
                    paragraphs.append(kept)
                    continue
            paragraph = seen.get(text)
            if paragraph is None:
                paragraph = make_paragraph(index, text)
                if len(seen) >= self._limit:
                    seen.clear()
                seen[text] = paragraph
            elif paragraph.index != index:
                paragraph = Paragraph(index, text, paragraph.role, paragraph.label,
                                      paragraph.heading_end, paragraph.enumerations)
            paragraphs.append(paragraph)
        self._last = assemble(paragraphs, self._last)
        return self._last
