"""What every rule family shares: the context it runs in and the two hooks it may implement.

A family has a per-paragraph ``scan`` (cached by paragraph text, so a keystroke re-scans one
paragraph) and a document-level ``review`` that reads the cached per-paragraph ``data`` of
every family. Findings are built with ``finding`` so messages, ids and spans stay uniform.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..checklist import Checklist, PatternRule, RulePack, rule_matches
from ..model import Document, Finding, Paragraph, Severity
from ..profile import Profile
from ..sections import Anchor

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
CJK_CHAR = f"[{CJK}]"
YEAR_IN_TITLE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


@dataclass(slots=True)
class Env:
    """What stays the same between keystrokes: the data and the optional segmenter."""

    checklist: Checklist
    pack: RulePack
    profile: Profile
    segmenter: Any = None  # gongwen.core.segment.Segmenter once jieba is ready


@dataclass(slots=True)
class Context:
    """Everything a document-level review may read."""

    env: Env
    document: Document
    anchors: dict[str, Anchor]
    section_of: list[str | None]
    data: dict[str, list[Any]] = field(default_factory=dict)  # family → per-paragraph data

    @property
    def report_year(self) -> int | None:
        match = YEAR_IN_TITLE.search(self.document.title)
        return int(match.group(1)) if match else None


class Family:
    """One rule family (one category). Subclasses override ``scan`` and/or ``review``."""

    category: ClassVar[str] = ""
    needs_segmenter: ClassVar[bool] = False

    def scan(self, paragraph: Paragraph, env: Env) -> tuple[list[Finding], Any]:
        return [], None

    def review(self, ctx: Context) -> list[Finding]:
        return []


def finding(rule: str, category: str, severity: Severity, message: str, paragraph: int,
            start: int, end: int, text: str, fix: str | None = None) -> Finding:
    return Finding(rule, category, severity, message, paragraph, start, end,
                   text[start:end], fix)


def fill(message: str, **values: str) -> str:
    for key, value in values.items():
        message = message.replace("{" + key + "}", value)
    return message


def pattern_findings(rule: PatternRule, paragraph: Paragraph) -> list[Finding]:
    """Apply a data-declared pattern rule to a paragraph (span scope)."""
    found = []
    for match in rule_matches(rule, paragraph.text):
        fix = rule.replacement(match)
        message = fill(rule.message, text=match.group(0), fix=fix or "")
        found.append(finding(rule.id, rule.category, rule.severity, message, paragraph.index,
                             match.start(), match.end(), paragraph.text, fix))
    return found


def scan_patterns(category: str, paragraph: Paragraph, env: Env) -> list[Finding]:
    found: list[Finding] = []
    for rule in env.pack.of(category):
        if rule.scope == "span":
            found += pattern_findings(rule, paragraph)
    return found
