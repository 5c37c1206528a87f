"""错别字 (category typo): wrong→right pairs, near misses of set phrases, 的/地/得 — the
engine is gongwen.core.proof, the data checklists/proof/ (typo.toml, lexicon/). Every id,
severity and message comes from the data's [[check]] tables, which join the catalog's rule
registry; the index is the catalog's, handed in as ``env.proof``.

Also: dated terms cited by a report of an earlier period (category date, rule
``date.anachronism``), judged at document level against the report's year.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import Finding, Paragraph, Role
from ..proof.engine import Hit, proofread, protected_spans, scan_text
from ..proof.index import ProofIndex
from ..rulepack import fill, rule_matches
from .base import Context, Env, Family

MONTHS_AFTER_HALF_YEAR = 8  # a 上半年 report is written by about August


def proof_index(env: Env) -> ProofIndex | None:
    return env.proof


def hit_finding(index: ProofIndex, hit: Hit, paragraph: Paragraph) -> Finding | None:
    """A Finding from the Check the hit names: its category, severity and message."""
    check = index.checks.get(hit.check)
    if check is None:
        return None
    text = paragraph.text
    message = fill(check.message, {"text": text[hit.start:hit.end], "fix": hit.fix or "",
                                   **dict(hit.values)})
    message = re.sub(r"（）$", "", message)  # an empty {note} or {source}
    return Finding(check.id, check.category, check.severity, message, paragraph.index,
                   hit.start, hit.end, text[hit.start:hit.end], hit.fix)


def covered_spans(env: Env, text: str) -> list[tuple[int, int]]:
    """Spans the wording rules already report (意识型态 is wording.toml's): not twice."""
    return [(m.start(), m.end()) for rule in env.pack.candidates(text, "wording")
            for m in rule_matches(rule, text)]


class TypoFamily(Family):
    category = "typo"
    needs_segmenter = True  # near misses are judged against jieba's words; 的/地/得 by its tags

    def scan(self, paragraph: Paragraph, env: Env) -> tuple[list[Finding], Any]:
        index = proof_index(env)
        if index is None or paragraph.role is Role.BLANK or not paragraph.text.strip():
            return [], None
        text = paragraph.text
        scan = scan_text(index, text)
        hits = proofread(index, text, env.segmenter, [], scan)
        dated = scan.dated
        if hits:  # most paragraphs have none: find the protected spans only when needed
            protected = protected_spans(text, env.profile.names) + covered_spans(env, text)
            hits = [h for h in hits if not any(s < h.end and h.start < e for s, e in protected)]
        if dated and "《" in text:  # a title quoted from before the term was coined is fine
            titles = protected_spans(text)
            dated = [d for d in dated if not any(s <= d[0] and d[1] <= e for s, e in titles)]
        findings = [f for f in (hit_finding(index, hit, paragraph) for hit in hits) if f]
        return findings, tuple(dated) or None

    def review(self, ctx: Context) -> list[Finding]:
        """Terms that came into use after the period the report covers."""
        index = proof_index(ctx.env)
        year = ctx.report_year
        check = index.checks.get("date.anachronism") if index else None
        if check is None or year is None:
            return []
        limit = (year, MONTHS_AFTER_HALF_YEAR) if "上半年" in ctx.document.title else (year, 12)
        meetings = {str(m.get("name")) for m in ctx.env.pack.words("meetings")}
        found = []
        for paragraph, dated in zip(ctx.document.paragraphs, ctx.data[self.name]):
            for start, end, number in dated or ():
                since = index.entry_since[number]
                term = index.entry_texts[number]
                if since <= limit or term in meetings:
                    continue  # meetings are the date family's (date.meeting-before-held)
                message = fill(check.message, {"text": term, "since": f"{since[0]}年{since[1]}月",
                                               "year": str(year)})
                found.append(Finding(check.id, check.category, check.severity, message,
                                     paragraph.index, start, end, paragraph.text[start:end]))
        return found
