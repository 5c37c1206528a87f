"""Annotated accuracy fixtures: reading them, matching a report against them, and the
figures (recall and precision per category, section-status accuracy).

The format is documented in tests/accuracy/README.md. Used by tests/accuracy/test_*.py and
by tests/bench/accuracy.py; no Qt, no jieba of its own (the caller hands in a service).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SEVERE = ("error", "warning")  # what a fixture must account for; info only when asked
FIXTURE_KEYS = {"about", "text", "checklist", "profile", "exhaustive", "clean", "expect", "absent",
                "sections", "wanted"}
MATCH_KEYS = {"rule", "line", "text", "fix", "message", "severity", "count"}


@dataclass(frozen=True, slots=True)
class Spec:
    """One expected (or forbidden) finding: every key given must fit."""

    rule: str  # a rule id ("junk.metadata"), a category ("junk") or "*"
    line: str = ""  # a substring of the paragraph the finding sits in
    text: str = ""  # a substring of the flagged text
    fix: str | None = None  # the fix, exactly
    message: str = ""  # a substring of the message (document-level findings have no text)
    severity: str = ""  # "error" / "warning" / "info"
    count: int = 0  # at least this many findings fit (0: one is enough)

    @property
    def category(self) -> str:
        return self.rule.split(".", 1)[0]

    def fits(self, finding: dict[str, Any], paragraphs: list[str]) -> bool:
        if self.rule != "*" and finding["rule"] != self.rule and finding["category"] != self.rule:
            return False
        if self.line and self.line not in paragraphs[finding["paragraph"]]:
            return False
        if self.text and self.text not in finding["text"]:
            return False
        if self.fix is not None and finding["fix"] != self.fix:
            return False
        if self.severity and finding["severity"] != self.severity:
            return False
        return not self.message or self.message in finding["message"]

    def describe(self) -> str:
        parts = [self.rule] + [f"{k}={v!r}" for k, v in (("line", self.line), ("text", self.text),
                                                            ("fix", self.fix),
                                                            ("message", self.message)) if v]
        return " ".join(parts)


@dataclass(slots=True)
class Fixture:
    path: Path
    text: str
    about: str = ""
    checklist: str = ""  # the checklist the audit must choose ("" = not checked)
    wanted: str = ""  # audit with this checklist instead of detecting one
    profile: dict[str, Any] | None = None
    exhaustive: bool = True  # every error/warning not expected is a false alarm
    clean: bool = False  # a clean report: no error, no warning, exports without --force
    expect: list[Spec] = field(default_factory=list)
    absent: list[Spec] = field(default_factory=list)
    sections: dict[str, str] = field(default_factory=dict)  # id → ok/thin/missing/present

    @property
    def name(self) -> str:
        return str(self.path.relative_to(HERE)) if self.path.is_relative_to(HERE) else self.path.name

    @property
    def paragraphs(self) -> list[str]:
        return self.text.split("\n")


def _spec(entry: dict[str, Any], where: str) -> Spec:
    unknown = set(entry) - MATCH_KEYS
    if unknown or "rule" not in entry:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)} or no rule: {entry}")
    return Spec(**entry)


def load(path: Path) -> Fixture:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    unknown = set(data) - FIXTURE_KEYS
    if unknown:
        raise ValueError(f"{path}: unknown keys {sorted(unknown)}")
    text = data["text"].removeprefix("\n").rstrip("\n")
    fixture = Fixture(path, text, data.get("about", ""), data.get("checklist", ""),
                      data.get("wanted", ""), data.get("profile"), data.get("exhaustive", True),
                      data.get("clean", False),
                      [_spec(e, f"{path} expect") for e in data.get("expect", [])],
                      [_spec(e, f"{path} absent") for e in data.get("absent", [])],
                      dict(data.get("sections", {})))
    if fixture.clean and any(s.severity in ("", *SEVERE) and s.severity != "info"
                             for s in fixture.expect if s.rule != "*" and s.severity != "info"):
        raise ValueError(f"{path}: a clean fixture expects only info findings")
    return fixture


def fixtures(folders: Iterable[Path] | None = None) -> list[Fixture]:
    """Every fixture under tests/accuracy (each subfolder: one engineer's or category's
    set) or under ``folders``."""
    roots = list(folders) if folders else [HERE]
    return [load(p) for root in roots for p in sorted(root.rglob("*.toml"))]


# ---------------------------------------------------------------- judging one report

@dataclass(slots=True)
class Judgement:
    fixture: Fixture
    report: dict[str, Any]  # the JSON of the report (the audit's contract)
    checklist: str
    missed: list[Spec] = field(default_factory=list)  # expected, not found
    found: list[Spec] = field(default_factory=list)  # expected and found
    false: list[dict[str, Any]] = field(default_factory=list)  # unexpected errors/warnings
    forbidden: list[tuple[Spec, dict[str, Any]]] = field(default_factory=list)
    true: list[dict[str, Any]] = field(default_factory=list)  # findings an expectation covers
    sections_right: int = 0
    sections_wrong: list[tuple[str, str, str]] = field(default_factory=list)  # id, wanted, got

    @property
    def ok(self) -> bool:
        return not (self.missed or self.false or self.forbidden or self.sections_wrong
                    or (self.fixture.checklist and self.checklist != self.fixture.checklist))


def judge(fixture: Fixture, report: dict[str, Any]) -> Judgement:
    paragraphs = fixture.paragraphs
    findings = report["findings"]
    result = Judgement(fixture, report, report["checklist"])
    covered: set[int] = set()
    for spec in fixture.expect:
        hits = [i for i, f in enumerate(findings) if spec.fits(f, paragraphs)]
        if len(hits) >= max(spec.count, 1):
            result.found.append(spec)
            covered.update(hits)
        else:
            result.missed.append(spec)
    for spec in fixture.absent:
        result.forbidden += [(spec, f) for f in findings if spec.fits(f, paragraphs)]
    for i, finding in enumerate(findings):
        if i in covered:
            result.true.append(finding)
        elif fixture.exhaustive and finding["severity"] in SEVERE:
            result.false.append(finding)
    statuses = {s["id"]: s["status"] for s in report["sections"]}
    for section, wanted in fixture.sections.items():
        got = statuses.get(section, "absent from checklist")
        right = got in ("ok", "thin") if wanted == "present" else got == wanted
        if right:
            result.sections_right += 1
        else:
            result.sections_wrong.append((section, wanted, got))
    return result


def describe(finding: dict[str, Any], paragraphs: list[str]) -> str:
    line = paragraphs[finding["paragraph"]] if finding["paragraph"] < len(paragraphs) else ""
    return (f"{finding['severity']} {finding['rule']} 第{finding['paragraph'] + 1}段 "
            f"“{finding['text'][:24]}” fix={finding['fix']!r} — {finding['message'][:50]} "
            f"［{line[:30]}］")


# ---------------------------------------------------------------- figures

@dataclass(slots=True)
class Tally:
    expected: int = 0
    found: int = 0
    flagged: int = 0  # errors/warnings (and info an expectation covers) in exhaustive fixtures
    right: int = 0  # of those, the ones an expectation covers

    @property
    def recall(self) -> float | None:
        return self.found / self.expected if self.expected else None

    @property
    def precision(self) -> float | None:
        return self.right / self.flagged if self.flagged else None


def tally(judgements: Iterable[Judgement]) -> tuple[dict[str, Tally], tuple[int, int], tuple[int, int]]:
    """Per category: expected/found (recall) and flagged/right (precision); the section
    statuses right of all annotated; the checklist choices right of all annotated."""
    per: dict[str, Tally] = {}
    sections = [0, 0]
    choices = [0, 0]
    for judgement in judgements:
        for spec in judgement.found + judgement.missed:
            item = per.setdefault(spec.category, Tally())
            item.expected += 1
            item.found += spec in judgement.found
        flagged = judgement.true + judgement.false
        if judgement.fixture.exhaustive:
            for finding in flagged:
                item = per.setdefault(finding["category"], Tally())
                item.flagged += 1
                item.right += finding in judgement.true
        for _spec, finding in judgement.forbidden:
            if finding not in flagged:  # an info finding that must not be there
                item = per.setdefault(finding["category"], Tally())
                item.flagged += 1
        sections[0] += judgement.sections_right
        sections[1] += judgement.sections_right + len(judgement.sections_wrong)
        if judgement.fixture.checklist:
            choices[0] += judgement.checklist == judgement.fixture.checklist
            choices[1] += 1
    return per, (sections[0], sections[1]), (choices[0], choices[1])


# ---------------------------------------------------------------- auditing a fixture

def profile_of(fixture: Fixture):
    from gongwen.core.profile import Profile

    data = fixture.profile or {}
    return Profile(data.get("unit", ""), tuple(data.get("region", ())),
                   tuple(data.get("people", ())), tuple(data.get("aliases", ())))


def audit(fixture: Fixture, service) -> dict[str, Any]:
    """The fixture's report as ``gongwen audit --format json`` gives it (one object)."""
    from gongwen.core.parse import parse_text

    if fixture.profile is not None:
        service = service.with_profile(profile_of(fixture))
    result = service.audit(parse_text(fixture.text), fixture.wanted)
    return result.report.to_json(fixture.name)
