"""Document + checklist + profile → Report, re-using per-paragraph work between calls.

``Auditor`` keeps, for each rule family, the scan result of every paragraph text it has
seen; a keystroke changes one paragraph, so one paragraph is re-scanned and only the
document-level reviews run again. Rules that need jieba run once a segmenter is given.
The audit decides the document's shape first (core/shape.py: site furniture, the title
with the rule pack's title words, the opening, the year): the report's ``document`` is
the document as audited, title included.
"""

from __future__ import annotations

import dataclasses
import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter, is_
from typing import Any

from .checklist import Checklist
from .ignores import Ignores
from .layout_standard import LayoutStandard
from .model import WIDE, Document, Finding, Paragraph, Report, Role, Stats
from .parse import TitleRules, title_rules
from .profile import Profile
from .rulepack import RulePack
from .rules import FAMILIES, Context, Env, Family
from .rules.junk import junk_findings
from .rules.structure import section_statuses
from .sections import SectionFinder, section_of_paragraphs
from .shape import Shape, Shaper

CACHE_LIMIT = 50_000  # paragraph scans kept per family
PROGRESS_EVERY = 200  # paragraphs between two progress calls
Progress = Callable[[float], None]  # the share done, 0…1


class Auditor:
    def __init__(self, checklist: Checklist, pack: RulePack, profile: Profile | None = None,
                 segmenter: Any = None, families: tuple[Family, ...] = FAMILIES,
                 layout: LayoutStandard | None = None, shaper: Shaper | None = None):
        """``shaper``: one shared by the auditors of a service (it decides the shape once to
        choose the checklist; its junk scans serve every auditor)."""
        self.env = Env(checklist, pack, profile or Profile(), segmenter, layout=layout)
        self.families = tuple(f for f in families if f.category not in checklist.disabled
                              and f.name not in checklist.disabled)
        self._cache: dict[str, OrderedDict[tuple, tuple[list[Finding], Any]]] = {
            f.name: OrderedDict() for f in self.families}
        self._chars: dict[str, int] = {}  # 字数 of each paragraph text seen
        self.title_rules = pack_title_rules(pack)
        self.shaper = shaper or Shaper(self.title_rules, lambda p: junk_findings(p, pack))
        self.env.junk = self.shaper.junk_findings
        self.sections = SectionFinder(checklist, pack)
        self._rows: dict[tuple[str, ...], OrderedDict[tuple, Row]] = {}  # by active families
        # the last scan: (families, paragraphs, rows, data)
        self._last_scan: tuple[tuple[str, ...], list[Paragraph], list[Row], list[list[Any]]] = \
            ((), [], [], [])
        self._finished_rows: dict[int, FinishedRow] = {}  # by paragraph number
        self._last_finisher: Finisher | None = None
        self._merged: dict[int, tuple[FinishedRow, list[Finding], list[Finding]]] = {}
        self._reviews: dict[str, tuple[tuple, list[Finding]]] = {}  # family: (key, findings)

    def set_segmenter(self, segmenter: Any) -> None:
        self.env.segmenter = segmenter

    def _scan(self, family: Family, paragraph: Paragraph, key: tuple | None = None
              ) -> tuple[list[Finding], Any]:
        """The family's scan of the paragraph, from its cache where that text (``key``:
        text, role, level) was scanned before; the findings numbered as this paragraph."""
        cache = self._cache[family.name]
        key = key or (paragraph.text, paragraph.role, paragraph.level)
        hit = cache.get(key)
        if hit is None:
            hit = family.scan(paragraph, self.env)
            cache[key] = hit
            if len(cache) > CACHE_LIMIT:
                cache.popitem(last=False)
        findings, data = hit
        if findings and findings[0].paragraph != paragraph.index:
            findings = [dataclasses.replace(f, paragraph=paragraph.index) for f in findings]
        return findings, data

    def _scan_all(self, families: list[Family], document: Document,
                  progress: Progress | None = None) -> tuple[list[Row], list[list[Any]]]:
        """Every family's scan of every paragraph, as one row per paragraph, from the rows
        kept for the texts seen (one lookup a paragraph: a keystroke in a long draft looks
        every paragraph up again), and each family's data by paragraph. ``progress`` hears
        the share of the paragraphs scanned now and then (a merged compilation takes a
        while)."""
        names = tuple(f.name for f in families)
        cache = self._rows.get(names)
        if cache is None:
            cache = self._rows[names] = OrderedDict()
        paragraphs = document.paragraphs
        # the last audit's paragraphs: the editor hands the unchanged ones over as the very
        # same objects, whose rows are known without hashing their texts again
        last_names, before, last_rows, last_data = self._last_scan
        if last_names != names:
            before = []
        known = len(before)
        rows: list[Row] = []
        changed: list[int] = []
        total = len(paragraphs)
        for index, paragraph in enumerate(paragraphs):
            if index < known and before[index] is paragraph:
                rows.append(last_rows[index])
                continue
            if progress is not None and index % PROGRESS_EVERY == 0:
                progress(index / total)
            key = (paragraph.text, paragraph.role, paragraph.level)
            row = cache.get(key)
            if row is None:
                row = cache[key] = self._row(families, paragraph, key)
                if len(cache) > CACHE_LIMIT:
                    cache.popitem(last=False)
            rows.append(row)
            changed.append(index)
        if known == total and len(changed) * 8 < total:  # a few paragraphs changed
            data = [items.copy() for items in last_data]
            for index in changed:
                for k, item in enumerate(rows[index].items):
                    data[k][index] = item
        else:
            data = [[row.items[k] for row in rows] for k in range(len(families))]
        self._last_scan = (names, list(paragraphs), rows, data)
        return rows, data

    def _row(self, families: list[Family], paragraph: Paragraph, key: tuple) -> Row:
        """The families' scans of one paragraph (each from its family's cache where that
        text was scanned before), findings all numbered as this paragraph."""
        findings: list[Finding] = []
        items = []
        for family in families:
            found, item = self._scan(family, paragraph, key)
            findings += found
            items.append(item)
        return make_row(findings, tuple(items), len(paragraph.text))

    def audit(self, document: Document, ignores: Ignores | None = None,
              shape: Shape | None = None, progress: Progress | None = None) -> Report:
        """``shape``: the document's shape when the caller already has it (the service
        decides it once to choose the checklist); ``progress``: see ``_scan_all``."""
        checklist = self.env.checklist
        shape = shape or self.shaper.shape(document)
        document = shape.document
        anchors = self.sections.find(document, shape)
        ctx = Context(self.env, document, anchors, section_of_paragraphs(document, anchors),
                      shape=shape)
        pending = [f.category for f in self.families
                   if f.needs_segmenter and self.env.segmenter is None]
        active = [f for f in self.families if f.category not in pending]
        rows, data = self._scan_all(active, document, progress)
        for family, items in zip(active, data):
            ctx.data[family.name] = items
        ctx.section_statuses = section_statuses(ctx)
        reviewed: list[Finding] = []
        for family in self.families:
            if family.name in ctx.data:
                reviewed += self._review(family, ctx)
        findings = self._finish(rows, reviewed, ctx, ignores or Ignores())
        furniture = self._furniture(document)
        figures = sum(f.count for f in ctx.data["quantity"] if f) if "quantity" in ctx.data else 0
        stats = Stats(self._count_chars(document), count_paragraphs(document), figures)
        return Report(checklist.id, checklist.name, shape.title, stats,
                      ctx.section_statuses, findings, tuple(pending), ctx.section_of, document,
                      furniture)

    def _review(self, family: Family, ctx: Context) -> list[Finding]:
        """The family's review, or its last findings while what it reads is the same."""
        key = family.review_key(ctx)
        if key is None:
            return family.review(ctx)
        last = self._reviews.get(family.name)
        if last is not None and same_key(last[0], key):
            return last[1]
        found = family.review(ctx)
        self._reviews[family.name] = (key, found)
        return found

    def _furniture(self, document: Document) -> list[tuple[str, Finding]]:
        """Findings in the headers and footers, by the families that look there."""
        found = []
        for family in self.families:
            if family.scans_furniture:
                for kind, paragraph in document.furniture:
                    found += [(kind, f) for f in self._scan(family, paragraph)[0]]
        return found

    def _count_chars(self, document: Document) -> int:
        """``count_chars(document)``, each paragraph text counted once."""
        known = self._chars
        if len(known) > CACHE_LIMIT:
            known.clear()
        total = 0
        for paragraph in document.paragraphs:
            count = known.get(paragraph.text)
            if count is None:
                count = known[paragraph.text] = paragraph_chars(paragraph.text)
            total += count
        return total

    def _finish(self, rows: list[Row], reviewed: list[Finding], ctx: Context,
                ignores: Ignores) -> list[Finding]:
        """The findings as reported, sorted: the checklist's severities, each one's section,
        none of a disabled rule, an ignored spot or inside junk that goes anyway, no
        repeats. A paragraph's scan findings are finished once for its row, section, cuts
        and settings, and kept: a keystroke in a long draft would finish the same
        thousands again."""
        removed, spans = self._cuts(rows, reviewed, ctx)
        finisher = self._finisher(ignores, ctx.document)
        late: dict[int, list[Finding]] = {}  # the reviews' findings by paragraph
        for item in reviewed:
            late.setdefault(item.paragraph, []).append(item)
        section_of = ctx.section_of
        kept_rows = self._finished_rows
        kept: dict[int, FinishedRow] = {}
        # a paragraph's scan and review findings merged: (its finished row, the review
        # findings, the merge); the reviews make the same findings, the same objects, again
        kept_merged, merged_now = self._merged, {}
        result: list[Finding] = []
        for index, row in enumerate(rows):
            extra = late.get(index) if late else None
            if not row.findings and extra is None:
                continue
            section = section_of[index]
            cut = (index in removed, spans.get(index))
            done = kept_rows.get(index)
            if done is None or done.row is not row or done.section != section \
                    or done.cut != cut or done.finisher is not finisher:
                done = finisher.row(row, index, section, cut)
            kept[index] = done
            if extra is None:
                result += done.findings
                continue
            merged = kept_merged.get(index)
            if merged is None or merged[0] is not done or not same_items(merged[1], extra):
                merged = (done, extra, sorted(
                    done.findings + finisher.late(extra, section, cut, done.keys), key=SORT_KEY))
            merged_now[index] = merged
            result += merged[2]
        self._finished_rows, self._merged = kept, merged_now
        return result

    def _finisher(self, ignores: Ignores, document: Document) -> Finisher:
        """The last audit's finisher while the settings it finishes with are the same
        (its identity tells the kept rows they still hold)."""
        checklist = self.env.checklist
        hiding = (frozenset(ignores.rules), frozenset(ignores.spots), frozenset(ignores.words))
        last = self._last_finisher
        if last is not None and last.hiding == hiding:
            last.document = document
            return last
        self._last_finisher = Finisher(checklist.severities, checklist.disabled, ignores,
                                       hiding, document)
        return self._last_finisher

    @staticmethod
    def _cuts(rows: list[Row], reviewed: list[Finding], ctx: Context
              ) -> tuple[set[int], dict[int, list[tuple[int, int]]]]:
        """The paragraphs junk removes whole, and the stretches it deletes by paragraph
        (an advert sentence, 篇一：…): problems inside them do not matter."""
        removed = removed_paragraphs(reviewed, ctx.document)
        spans: dict[int, list[tuple[int, int]]] = {}
        for index, row in enumerate(rows):
            if row.removes:
                removed.add(index)
            if row.spans:
                spans[index] = list(row.spans)
        for index, stretches in junk_spans(reviewed).items():
            spans.setdefault(index, []).extend(stretches)
        if ctx.shape is not None:
            removed |= ctx.shape.junk | ctx.shape.duplicates
        return removed, spans


@dataclass(slots=True)
class Row:
    """One paragraph text's scans by the active families: their findings (in family order,
    numbered as the paragraph first scanned), each family's data, and what its junk deletes
    (``removes``: all of it; ``spans``: stretches)."""

    findings: list[Finding]
    items: tuple[Any, ...]
    removes: bool
    spans: tuple[tuple[int, int], ...]


def same_items(a: list, b: list) -> bool:
    """The same objects in the same order."""
    return len(a) == len(b) and all(map(is_, a, b))


def same_key(a: tuple, b: tuple) -> bool:
    """Review keys alike: lists by their items' identity, the rest by value."""
    return len(a) == len(b) and all(
        same_items(x, y) if isinstance(x, list) and isinstance(y, list) else x == y
        for x, y in zip(a, b))


def make_row(findings: list[Finding], items: tuple[Any, ...], length: int) -> Row:
    deleted = [(f.start, f.end) for f in findings if deletes(f)]
    removes = any(start == 0 and end == length for start, end in deleted)
    return Row(findings, items, removes, tuple((s, e) for s, e in deleted if e > s))


@dataclass(slots=True)
class FinishedRow:
    """A paragraph's scan findings finished, with what they were finished for."""

    row: Row
    section: str | None
    cut: tuple[bool, list[tuple[int, int]] | None]
    finisher: Finisher
    findings: list[Finding]  # sorted
    keys: set[tuple]  # (rule, start, end, message) of each: a review's repeat is dropped


class Finisher:
    """Finishes findings with one audit's settings: severities, disabled rules, ignores."""

    def __init__(self, severities: dict, disabled: Any, ignores: Ignores, hiding: tuple,
                 document: Document):
        self.severities, self.disabled, self.hiding = severities, disabled, hiding
        self.hides = ignores.hides if ignores.rules or ignores.spots or ignores.words else None
        self.document = document
        # the reviews' copies made last time (id → item, severity, section, copy): they
        # make the same findings on every keystroke
        self._copies: dict[int, tuple[Finding, Any, str | None, Finding]] = {}

    def row(self, row: Row, index: int, section: str | None,
            cut: tuple[bool, list[tuple[int, int]] | None]) -> FinishedRow:
        items = row.findings
        if items and items[0].paragraph != index:
            items = [dataclasses.replace(f, paragraph=index) for f in items]
        keys: set[tuple] = set()
        finished = [with_severity_section(item, severity, section)
                    for item, severity in self._kept(items, cut, keys)]
        finished.sort(key=SORT_KEY)
        return FinishedRow(row, section, cut, self, finished, keys)

    def late(self, items: list[Finding], section: str | None,
             cut: tuple[bool, list[tuple[int, int]] | None], row_keys: set[tuple]
             ) -> list[Finding]:
        """A paragraph's review findings (a repeat of its scan findings dropped)."""
        made, result = self._copies, []
        for item, severity in self._kept(items, cut, set(row_keys)):
            copy = made.get(id(item))
            if copy is None or copy[0] is not item or copy[1] is not severity \
                    or copy[2] != section:
                copy = made[id(item)] = (item, severity, section,
                                         with_severity_section(item, severity, section))
            result.append(copy[3])
        if len(made) > CACHE_LIMIT:
            made.clear()
        return result

    def _kept(self, items: list[Finding], cut: tuple[bool, list[tuple[int, int]] | None],
              seen: set[tuple]):
        """(finding, severity) of those kept, in order; ``seen`` gains their keys."""
        removed, spans = cut
        severities, disabled, hides = self.severities, self.disabled, self.hides
        for item in items:
            if (removed or spans) and item.category != "junk" and (
                    removed or in_junk(item, spans)):
                continue  # the junk goes anyway: problems inside it do not matter
            if disabled and item.rule in disabled:
                continue
            key = (item.rule, item.start, item.end, item.message)
            if key in seen or (hides is not None and hides(item, self.document)):
                continue
            seen.add(key)
            yield item, item.severity if not severities else \
                severities.get(item.rule, severities.get(item.category, item.severity))


SORT_KEY = attrgetter("paragraph", "start", "end", "rule")  # Finding.sort_key, faster
_FINDING_FIELDS = ("rule", "category", "severity", "message", "paragraph", "start", "end", "text",
                   "fix", "section")


def with_severity_section(item: Finding, severity: Any, section: str | None) -> Finding:
    """``dataclasses.replace(item, severity=severity, section=section)``, three times faster
    (an audit of a 200,000-character draft finishes thousands of findings)."""
    if item.severity is severity and item.section == section:
        return item
    return Finding(item.rule, item.category, severity, item.message, item.paragraph, item.start,
                   item.end, item.text, item.fix, section)


assert tuple(f.name for f in dataclasses.fields(Finding)) == _FINDING_FIELDS, \
    "with_severity_section() must copy every field of Finding"


def deletes(finding: Finding) -> bool:
    """A junk finding whose fix deletes what it flags."""
    return finding.category == "junk" and finding.fix == ""


def removed_paragraphs(findings: list[Finding], document: Document) -> set[int]:
    return {f.paragraph for f in findings
            if deletes(f) and f.start == 0 and f.end == len(document.paragraphs[f.paragraph].text)}


def junk_spans(findings: list[Finding]) -> dict[int, list[tuple[int, int]]]:
    """The stretches junk findings delete, by paragraph (an advert sentence, 篇一：…)."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for f in findings:
        if deletes(f) and f.end > f.start:
            spans.setdefault(f.paragraph, []).append((f.start, f.end))
    return spans


def in_junk(item: Finding, spans: list[tuple[int, int]]) -> bool:
    """``item`` flags characters that a junk deletion removes (a zero-width finding, such
    as a missing section anchored on the paragraph, is never inside)."""
    return item.end > item.start and any(s < item.end and item.start < e for s, e in spans)


NARROW_RUN = re.compile(rf"[^{WIDE}]+")
NON_SPACE_RUN = re.compile(r"\S+")


def paragraph_chars(text: str) -> int:
    """字数 as Word counts it: each Chinese character or full-width mark, plus each run of
    other non-space characters (an English word, a number) as one. Counted as the length
    less the narrow stretches, plus the words in those (no list of every character)."""
    total = len(text)
    for run in NARROW_RUN.finditer(text):
        start, end = run.span()
        total += len(NON_SPACE_RUN.findall(text, start, end)) - (end - start)
    return total


def count_chars(document: Document) -> int:
    return sum(paragraph_chars(p.text) for p in document.paragraphs)


def count_paragraphs(document: Document) -> int:
    return sum(1 for p in document.paragraphs if p.role is not Role.BLANK)


def pack_title_rules(pack: RulePack) -> TitleRules:
    return title_rules(tuple(pack.words("title_words")), int(pack.threshold("title_max_chars")),
                       int(pack.threshold("title_first_lines")))
