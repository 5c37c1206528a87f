"""Audit the typo fixtures and compare with what planted.toml expects (shared by the tests
and tests/bench/accuracy_typo.py)."""

from __future__ import annotations

import tomllib
from collections import defaultdict
from dataclasses import dataclass, field

from gongwen.core.audit import Auditor
from gongwen.core.model import Finding
from gongwen.core.parse import parse_text

from .planted import REPO, Expected, clean_files, clean_text, planted

FORMULATION_TOML = REPO / "checklists" / "proof" / "formulation.toml"
FORMULATION_RULES = REPO / "checklists" / "rules" / "formulation.toml"
TYPO_TOML = REPO / "checklists" / "proof" / "typo.toml"


def proof_rules() -> frozenset[str]:
    """The rule ids of the typo and formulation checks (and the older wording.formulation)."""
    ids = {"wording.formulation"}
    for path in (FORMULATION_TOML, FORMULATION_RULES, TYPO_TOML):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        ids |= {r["id"] for r in data.get("rule", [])} | {c["id"] for c in data.get("check", [])}
    return frozenset(ids)


def proof_findings(findings: list[Finding]) -> list[Finding]:
    rules = proof_rules()
    return [f for f in findings if f.category == "typo" or f.rule in rules]


def audit(text: str, catalog, segmenter) -> list[Finding]:
    document = parse_text(text)
    auditor = Auditor(catalog.detect(document.title), catalog.pack, None, segmenter)
    return auditor.audit(document).findings


@dataclass
class KindScore:
    planted: int = 0
    found: int = 0
    fixed: int = 0
    missed: list[str] = field(default_factory=list)


@dataclass
class Evaluation:
    kinds: dict[str, KindScore]
    false_alarms: list[tuple[str, Finding]]  # (file, finding) not planted
    clean_alarms: list[tuple[str, Finding]]


def evaluate(catalog, segmenter) -> Evaluation:
    kinds: dict[str, KindScore] = defaultdict(KindScore)
    false_alarms, clean_alarms = [], []
    for path in clean_files():
        clean = audit(clean_text(path.name), catalog, segmenter)
        clean_alarms += [(path.name, f) for f in proof_findings(clean)]
        text, expected = planted(path.name)
        found = proof_findings(audit(text, catalog, segmenter))
        matched = set()
        for item in expected:
            score = kinds[item.kind]
            score.planted += 1
            hit = match(found, item)
            if hit is None:
                score.missed.append(f"{path.name}: {item.text} ({item.rule})")
                continue
            matched.add(id(hit))
            score.found += 1
            score.fixed += hit.fix == item.fix
        false_alarms += [(path.name, f) for f in found if id(f) not in matched]
    return Evaluation(dict(kinds), false_alarms, clean_alarms)


def match(found: list[Finding], item: Expected) -> Finding | None:
    return next((f for f in found if f.rule == item.rule and f.paragraph == item.paragraph
                 and f.start == item.start and f.end == item.end), None)
