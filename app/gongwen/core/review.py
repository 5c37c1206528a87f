"""The reviewer's desk, pure part: one row per audited report, the reports' units, the
similar pairs attached, and the JSON of ``gongwen review --format json``.

Input is what an audit produces — (path, Document, Report) — so the rows can be made in
the worker process that audited the file and only the small row travels back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import PurePath

from .model import CATEGORIES, Document, Finding, Paragraph, Report, Role, Severity
from .review_settings import ReviewSettings, UnitSettings, unit_from_title
from .similarity import Comparison, Pair, Passage

DATE_LINE = re.compile(r"^\s*(?:(?:19|20)\d\d|[〇零○一二三四五六七八九]{4})\s*年\s*"
                       r"[\d一二三四五六七八九十]{1,3}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日\s*$")
_SENTENCE_MARKS = re.compile(r"[。，,；;：:！？!?]")


@dataclass(slots=True)
class ReviewRow:
    """One report on the desk. ``recycled`` is the largest share over its similar pairs."""

    path: str
    unit: str
    title: str
    checklist: str
    checklist_name: str
    missing: tuple[str, ...]  # ids of required sections missing
    thin: tuple[str, ...]  # ids of required sections present but thin
    errors: int
    warnings: int
    infos: int
    placeholders: int
    junk: int
    figures: int
    chars: int
    paragraphs: int
    section_titles: dict[str, str] = field(default_factory=dict)  # id → title
    categories: dict[str, int] = field(default_factory=dict)  # category → findings
    first_errors: tuple[str, ...] = ()  # the first few error messages, for a tooltip
    recycled: float = 0.0
    recycled_with: str = ""  # the other report of the pair with the largest share
    recycled_earlier: bool = False  # …and whether it is an earlier report

    @property
    def name(self) -> str:
        return PurePath(self.path).name

    @property
    def missing_titles(self) -> list[str]:
        return [self.section_titles.get(s, s) for s in self.missing]

    @property
    def thin_titles(self) -> list[str]:
        return [self.section_titles.get(s, s) for s in self.thin]

    @property
    def acceptable(self) -> bool:
        return not self.missing and not self.errors

    def to_json(self) -> dict:
        return {"path": self.path, "title": self.title, "checklist": self.checklist,
                "errors": self.errors, "warnings": self.warnings, "missing": list(self.missing),
                "unit": self.unit, "thin": list(self.thin), "infos": self.infos,
                "placeholders": self.placeholders, "junk": self.junk, "figures": self.figures,
                "chars": self.chars, "paragraphs": self.paragraphs,
                "recycled": round(self.recycled, 4), "recycled_with": self.recycled_with,
                "categories": self.categories}


@dataclass(slots=True)
class Unreadable:
    path: str
    message: str

    def to_json(self) -> dict:
        return {"path": self.path, "message": self.message}


@dataclass(slots=True)
class ReviewTable:
    """Everything the outputs show: rows, similar pairs (keys are the reports' paths),
    files that could not be read, and where the earlier reports came from."""

    rows: list[ReviewRow]
    pairs: list[Pair] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)
    earlier: list[str] = field(default_factory=list)  # paths of the earlier reports
    units: dict[str, str] = field(default_factory=dict)  # path → unit, earlier ones too
    excerpts: dict[tuple[str, int], str] = field(default_factory=dict)  # (path, paragraph) → text

    def row(self, path: str) -> ReviewRow | None:
        return next((r for r in self.rows if r.path == path), None)

    def unit_of(self, path: str) -> str:
        row = self.row(path)
        return row.unit if row else self.units.get(path, "")

    def to_json(self) -> dict:
        """``{"reports": [...], "similar": [...]}`` with the keys of issue 17 (and more)."""
        return {"reports": [r.to_json() for r in self.rows],
                "similar": [_pair_json(p, self) for p in self.pairs],
                "unreadable": [u.to_json() for u in self.unreadable],
                "earlier": list(self.earlier)}


def _pair_json(pair: Pair, table: ReviewTable) -> dict:
    data = pair.to_json()
    data["a_unit"], data["b_unit"] = table.unit_of(str(pair.a)), table.unit_of(str(pair.b))
    for passage, item in zip(pair.passages, data["passages"]):
        item["a_text"] = passage_text(table.excerpts.get((str(pair.a), passage.a_paragraph), ""),
                                      passage, "a")
        item["b_text"] = passage_text(table.excerpts.get((str(pair.b), passage.b_paragraph), ""),
                                      passage, "b")
    return data


def passage_text(paragraph: str, passage: Passage, side: str) -> str:
    """The stretch of ``paragraph`` a passage covers on one side (from its first span's
    start to its last span's end)."""
    if not paragraph:
        return ""
    first, last = passage.spans[0], passage.spans[-1]
    if side == "a":
        return paragraph[first.a_start:last.a_end]
    return paragraph[first.b_start:last.b_end]


# ---------------------------------------------------------------- units




def unit_from_signature(paragraphs: Sequence[Paragraph], settings: UnitSettings) -> str:
    """The 落款: the short line above the date line at the end (or the last short line
    ending in a unit suffix when there is no date)."""
    lines = [p.text.strip() for p in paragraphs if p.role is not Role.BLANK][-4:]
    if not lines:
        return ""
    if DATE_LINE.match(lines[-1]):
        lines = lines[:-1]
    for line in reversed(lines[-2:]):
        if (len(line) <= settings.signature_max_chars and not _SENTENCE_MARKS.search(line)
                and line.endswith(tuple(settings.suffixes))):
            return line
    return ""


def detect_unit(document: Document, settings: UnitSettings) -> str:
    """The report's unit: from the title when it names one, else from the 落款."""
    return unit_from_title(document.title, settings) or unit_from_signature(
        document.paragraphs, settings)


def body_paragraphs(document: Document) -> list[int]:
    """The paragraphs compared for recycled text: headings and body, not the title."""
    return [p.index for p in document.paragraphs if p.role in (Role.BODY, Role.HEADING)]


# ---------------------------------------------------------------- rows


def review_row(path: str | PurePath, document: Document, report: Report,
               settings: ReviewSettings | None = None) -> ReviewRow:
    settings = settings or ReviewSettings()
    required = [s for s in report.sections if s.required]
    categories = {c: 0 for c in CATEGORIES}
    for finding in report.findings:
        categories[finding.category] = categories.get(finding.category, 0) + 1
    errors = [f for f in report.findings if f.severity is Severity.ERROR]
    return ReviewRow(
        path=str(path), unit=detect_unit(document, settings.unit), title=report.title,
        checklist=report.checklist, checklist_name=report.checklist_name,
        missing=tuple(s.id for s in required if s.status == "missing"),
        thin=tuple(s.id for s in required if s.status == "thin"),
        errors=len(errors), warnings=report.count(Severity.WARNING),
        infos=report.count(Severity.INFO), placeholders=categories.get("placeholder", 0),
        junk=categories.get("junk", 0), figures=report.stats.figures, chars=report.stats.chars,
        paragraphs=report.stats.paragraphs,
        section_titles={s.id: s.title for s in report.sections},
        categories={c: n for c, n in categories.items() if n},
        first_errors=tuple(_error_line(f) for f in errors[:5]))


def _error_line(finding: Finding) -> str:
    quote = f"“{finding.text[:20]}”" if finding.text else ""
    return f"第 {finding.paragraph + 1} 段{quote}：{finding.message}"


def review_rows(items: Iterable[tuple[str | PurePath, Document, Report]],
                settings: ReviewSettings | None = None) -> list[ReviewRow]:
    return [review_row(path, document, report, settings) for path, document, report in items]


def attach_pairs(rows: list[ReviewRow], pairs: Iterable[Pair]) -> list[ReviewRow]:
    """Each row's ``recycled``: the largest share over the pairs it is in."""
    by_path = {r.path: r for r in rows}
    best: dict[str, tuple[float, str, bool]] = {}
    for pair in pairs:
        for mine, other in ((pair.a, pair.b), (pair.b, pair.a)):
            mine = str(mine)
            if mine in by_path and pair.share > best.get(mine, (0.0, "", False))[0]:
                best[mine] = (pair.share, str(other), pair.earlier and mine == str(pair.a))
    return [replace(r, recycled=best[r.path][0], recycled_with=best[r.path][1],
                    recycled_earlier=best[r.path][2]) if r.path in best else r for r in rows]


# ---------------------------------------------------------------- the editor


def recycled_findings(passages: Iterable[Passage], paragraphs: Sequence[str],
                      settings: ReviewSettings | None = None) -> list[Finding]:
    """Findings marking the current report's recycled passages (检查 ▸ 与往年报告比对…);
    rule ``recycled.earlier``, category ``recycled``, message and severity from review.toml."""
    settings = settings or ReviewSettings()
    found = []
    for passage in passages:
        text = paragraphs[passage.a_paragraph] if passage.a_paragraph < len(paragraphs) else ""
        for span in passage.spans:
            found.append(Finding("recycled.earlier", "recycled", settings.recycled_severity,
                                 settings.recycled_message, passage.a_paragraph, span.a_start,
                                 span.a_end, text[span.a_start:span.a_end]))
    return sorted(found, key=Finding.sort_key)


@dataclass(slots=True)
class EarlierCheck:
    """The editor's comparison with last year's report, kept while the clerk rewrites:
    ``check(paragraphs)`` → (share of the current text found in it, its findings). Cheap
    to call after every edit (the earlier report is indexed once, unchanged paragraphs are
    not normalised again): the live audit's worker can call it with each audit."""

    path: str
    comparison: Comparison
    settings: ReviewSettings

    def check(self, paragraphs: Sequence[str]) -> tuple[float, list[Finding]]:
        share, passages = self.comparison.compare(paragraphs)
        return share, recycled_findings(passages, paragraphs, self.settings)
