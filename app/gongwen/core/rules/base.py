"""What every rule family shares: the context it runs in and the two hooks it may implement.

A family has a per-paragraph ``scan`` (cached by paragraph text, so a keystroke re-scans one
paragraph) and a document-level ``review`` that reads the cached per-paragraph ``data`` of
every family. A family declares the code rules it reports (``rules``) and the word lists
and thresholds it reads; their ids, severities, messages and examples live in the rule
pack (``checklists/rules/<category>.toml``), and findings are built from that declaration:
``env.rule("punctuation.halfwidth").finding(...)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..checklist import Checklist
from ..layout_standard import LayoutStandard
from ..model import Document, Finding, Paragraph, SectionStatus
from ..profile import Profile
from ..rulepack import PatternRule, RulePack, RuleSpec, fill, rule_matches
from ..sections import Anchor
from ..shape import Shape

YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


@dataclass(slots=True)
class Env:
    """What stays the same between keystrokes: the data and the optional segmenter."""

    checklist: Checklist
    pack: RulePack
    profile: Profile
    segmenter: Any = None  # gongwen.core.segment.Segmenter once jieba is ready
    # the junk findings of a paragraph as the shaper found them (scanned once per text)
    junk: Callable[[Paragraph], list[Finding]] | None = None
    layout: LayoutStandard | None = None  # the standard a .docx's layout is judged by

    @property
    def proof(self) -> Any:
        """The proofreader's index (core.proof.index.ProofIndex), part of the rule pack."""
        return self.pack.proof

    def rule(self, rule_id: str) -> RuleSpec:
        return self.pack.specs[rule_id]


@dataclass(slots=True)
class Context:
    """Everything a document-level review may read."""

    env: Env
    document: Document
    anchors: dict[str, Anchor]
    section_of: list[str | None]
    data: dict[str, list[Any]] = field(default_factory=dict)  # family name → per-paragraph data
    # found / thin / missing for each section: computed once per audit, after the scans
    # (the structure and quantity reviews and the report all read it)
    section_statuses: list[SectionStatus] = field(default_factory=list)
    # the document's shape (junk lines, page markers, opening, year): see core/shape.py
    shape: Shape | None = None

    @property
    def report_year(self) -> int | None:
        """The report's year: from the title, else from the opening sentence (2024年，…)."""
        if self.shape is not None:
            return self.shape.year
        match = YEAR.search(self.document.title)
        return int(match.group(1)) if match else None

    @property
    def half_year(self) -> bool:
        """A report on the first half of its year (上半年 in the title or the opening)."""
        if self.shape is not None:
            return self.shape.half
        return "上半年" in self.document.title


class Family:
    """One rule family. Subclasses override ``scan`` and/or ``review``.

    ``name`` keys the family's cache and data (the category unless a category has two
    families); ``rules``, ``lists`` and ``thresholds`` name what it needs from the rule
    pack — checked when the catalog loads, so a missing declaration fails loudly."""

    category: ClassVar[str] = ""
    name: ClassVar[str] = ""
    needs_segmenter: ClassVar[bool] = False
    scans_furniture: ClassVar[bool] = False  # also scan headers and footers
    rules: ClassVar[tuple[str, ...]] = ()
    lists: ClassVar[tuple[str, ...]] = ()
    thresholds: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.__dict__.get("name"):
            cls.name = cls.category

    def scan(self, paragraph: Paragraph, env: Env) -> tuple[list[Finding], Any]:
        return [], None

    def review(self, ctx: Context) -> list[Finding]:
        return []

    def review_key(self, ctx: Context) -> tuple | None:
        """What ``review`` reads of ``ctx``, for an auditor to serve the last review again
        while it is the same (the reviews run on every keystroke); None: run it every
        time. A list in the key is compared by the identity of its items — the families'
        data items are kept per paragraph text, so the same item is the same paragraph —
        anything else by value."""
        return None


def pattern_findings(rule: PatternRule, paragraph: Paragraph) -> list[Finding]:
    """Apply a data-declared pattern rule to a paragraph (span scope)."""
    found = []
    spec = rule.spec
    for match in rule_matches(rule, paragraph.text):
        fix = rule.replacement(match)
        found.append(spec.finding(paragraph.index, match.start(), match.end(), paragraph.text,
                                  fix))
    return found


def scan_patterns(category: str, paragraph: Paragraph, env: Env) -> list[Finding]:
    found: list[Finding] = []
    text = paragraph.text
    for rule in env.pack.candidates(text, category):  # most rules have no chance
        found += pattern_findings(rule, paragraph)
    return found


__all__ = ["Context", "Env", "Family", "fill", "pattern_findings", "scan_patterns"]
