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
from operator import attrgetter
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
        self._finished: dict[int, tuple[Finding, Any, str | None, Finding]] = {}

    def set_segmenter(self, segmenter: Any) -> None:
        self.env.segmenter = segmenter

    def _scan(self, family: Family, paragraph: Paragraph) -> tuple[list[Finding], Any]:
        cache = self._cache[family.name]
        key = (paragraph.text, paragraph.role, paragraph.level)
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
                  progress: Progress | None = None) -> tuple[list[Finding], list[list[Any]]]:
        """Every family's scan of every paragraph, from the cache where the paragraph was
        seen (its key made once per paragraph, not once per family: a keystroke in a long
        draft looks up every paragraph again). ``progress`` hears the share of the
        paragraphs scanned now and then (a merged compilation takes a while)."""
        env, findings = self.env, []
        caches = [self._cache[f.name] for f in families]
        data: list[list[Any]] = [[] for _ in families]
        pairs = list(zip(families, caches, data))
        total = len(document.paragraphs)
        for paragraph in document.paragraphs:
            if progress is not None and paragraph.index % PROGRESS_EVERY == 0:
                progress(paragraph.index / total)
            key = (paragraph.text, paragraph.role, paragraph.level)
            index = paragraph.index
            for family, cache, items in pairs:
                hit = cache.get(key)
                if hit is None:
                    hit = cache[key] = family.scan(paragraph, env)
                    if len(cache) > CACHE_LIMIT:
                        cache.popitem(last=False)
                found, item = hit
                if found:
                    if found[0].paragraph != index:
                        found = [dataclasses.replace(f, paragraph=index) for f in found]
                    findings += found
                items.append(item)
        return findings, data

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
        findings, data = self._scan_all(active, document, progress)
        for family, items in zip(active, data):
            ctx.data[family.name] = items
        ctx.section_statuses = section_statuses(ctx)
        for family in self.families:
            if family.name in ctx.data:
                findings += family.review(ctx)
        findings = self._finish(findings, ctx, ignores or Ignores())
        furniture = self._furniture(document)
        figures = sum(f.count for f in ctx.data["quantity"] if f) if "quantity" in ctx.data else 0
        stats = Stats(self._count_chars(document), count_paragraphs(document), figures)
        return Report(checklist.id, checklist.name, shape.title, stats,
                      ctx.section_statuses, findings, tuple(pending), ctx.section_of, document,
                      furniture)

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

    def _finish(self, findings: list[Finding], ctx: Context, ignores: Ignores) -> list[Finding]:
        severities = self.env.checklist.severities
        disabled = self.env.checklist.disabled
        section_of = ctx.section_of
        hides = ignores.hides if ignores.rules or ignores.spots or ignores.words else None
        result = []
        seen = set()
        removed = removed_paragraphs(findings, ctx.document)
        if ctx.shape is not None:
            removed |= ctx.shape.junk | ctx.shape.duplicates
        spans = junk_spans(findings)
        touched = removed | spans.keys()  # the paragraphs where junk removes something
        append, add = result.append, seen.add
        # the copies made last time (id → item, severity, section, copy): a keystroke in a
        # long draft finishes the same thousands of findings again
        made, kept = self._finished, {}
        for item in findings:
            paragraph = item.paragraph
            if paragraph in touched and item.category != "junk" and (paragraph in removed or (
                    paragraph in spans and in_junk(item, spans[paragraph]))):
                continue  # the junk goes anyway: problems inside it do not matter
            if disabled and item.rule in disabled:
                continue
            key = (item.rule, paragraph, item.start, item.end, item.message)
            if key in seen or (hides is not None and hides(item, ctx.document)):
                continue
            add(key)
            severity = item.severity if not severities else \
                severities.get(item.rule, severities.get(item.category, item.severity))
            section = section_of[paragraph]
            if item.severity is severity and item.section == section:
                append(item)
                continue
            copy = made.get(id(item))
            if copy is None or copy[0] is not item or copy[1] is not severity \
                    or copy[2] != section:
                copy = (item, severity, section, with_severity_section(item, severity, section))
            kept[id(item)] = copy
            append(copy[3])
        self._finished = kept  # holds its items: no id is reused while it is kept
        return sorted(result, key=SORT_KEY)


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


def removed_paragraphs(findings: list[Finding], document: Document) -> set[int]:
    return {f.paragraph for f in findings
            if f.category == "junk" and f.fix == "" and f.start == 0
            and f.end == len(document.paragraphs[f.paragraph].text)}


def junk_spans(findings: list[Finding]) -> dict[int, list[tuple[int, int]]]:
    """The stretches junk findings delete, by paragraph (an advert sentence, 篇一：…)."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for f in findings:
        if f.category == "junk" and f.fix == "" and f.end > f.start:
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
