"""Applying findings' automatic fixes to paragraph texts (pure: no Qt, no files).

A finding's ``fix`` replaces ``text[start:end]``: ``""`` deletes it, ``None`` means no
automatic fix, and a ``"\n"`` in it is a paragraph break (a space that stood for a lost
line break): the clean copy splits the paragraph there, as the editor does. The clean copy
removes junk (``category == "junk"`` with fix ``""``) and, optionally, applies punctuation
fixes; ``blocking`` lists what must stop an export.
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import Document, Finding, Report, Severity
from .parse import parse_paragraphs, with_title_at

JUNK = "junk"
PUNCTUATION = "punctuation"


def apply_fixes(text: str, findings: Iterable[Finding]) -> str:
    """Apply the fixes of ``findings`` (all on this paragraph) to ``text``.

    Overlapping fixes are resolved in favour of the one starting first (the longer one on a
    tie); a fix whose span no longer matches ``finding.text`` is skipped, so a stale finding
    never damages the text. Fixes are applied right to left so offsets stay valid.
    """
    chosen = select_fixes(text, findings)
    for item in reversed(chosen):
        text = text[: item.start] + (item.fix or "") + text[item.end :]
    return text


def select_fixes(text: str, findings: Iterable[Finding]) -> list[Finding]:
    """The applicable, non-overlapping fixes, sorted by start."""
    candidates = sorted((f for f in findings if f.fix is not None and _valid(text, f)),
                        key=lambda f: (f.start, -(f.end - f.start)))
    chosen: list[Finding] = []
    for item in candidates:
        if chosen and item.start < chosen[-1].end:
            continue
        if item.start == item.end and not item.fix:
            continue
        chosen.append(item)
    return chosen


def _valid(text: str, finding: Finding) -> bool:
    return 0 <= finding.start <= finding.end <= len(text) and (
        not finding.text or text[finding.start : finding.end] == finding.text)


def applied_by_export(finding: Finding, punctuation: bool = True) -> bool:
    """True when the clean copy fixes this finding by itself."""
    if finding.fix is None:
        return False
    if finding.category == JUNK:
        return finding.fix == ""
    return punctuation and finding.category == PUNCTUATION


def clean_texts(document: Document, findings: Iterable[Finding],
                punctuation: bool = True) -> list[str]:
    """The paragraph texts of the clean copy: junk removed (a paragraph that was junk as a
    whole is dropped), punctuation fixed when asked. Blank paragraphs are kept."""
    return [text for _, text in clean_paragraphs(document, findings, punctuation)]


def clean_document(document: Document, findings: Iterable[Finding],
                   punctuation: bool = True) -> Document:
    """The clean copy as a document: ``clean_texts`` re-parsed, with the audited document's
    title (the paragraph it was, wherever it moved) still the title and its tables
    renumbered for the paragraphs kept."""
    kept = clean_paragraphs(document, findings, punctuation)
    title = next((i for i, (index, _) in enumerate(kept) if index == document.title_index), None)
    clean = with_title_at(parse_paragraphs([text for _, text in kept]), title)
    mapping = {old: new for new, (old, _) in enumerate(kept)}
    clean.tables = [table.remapped(mapping) for table in document.tables]
    return clean


def clean_paragraphs(document: Document, findings: Iterable[Finding],
                     punctuation: bool = True) -> list[tuple[int, str]]:
    """``clean_texts`` with the index each kept paragraph had in ``document``."""
    by_paragraph: dict[int, list[Finding]] = {}
    for item in findings:
        if applied_by_export(item, punctuation) and 0 <= item.paragraph < len(document.paragraphs):
            by_paragraph.setdefault(item.paragraph, []).append(item)
    kept = []
    for paragraph in document.paragraphs:
        fixes = by_paragraph.get(paragraph.index, [])
        if any(removes_paragraph(paragraph.text, f) for f in fixes):
            continue
        fixed = apply_fixes(paragraph.text, fixes)
        kept += [(paragraph.index, part) for part in fixed.split("\n")]  # a fix's line break
    return kept


def removes_paragraph(text: str, finding: Finding) -> bool:
    """The fix deletes a junk paragraph as a whole: the paragraph itself goes, not only
    its text (the editor removes the line, the clean copy drops it)."""
    return (finding.category == JUNK and finding.fix == "" and finding.start == 0
            and finding.end == len(text) and bool(text.strip()))


MISSING_RULE = "structure.missing"


def blocking(report: Report, punctuation: bool = True) -> list[Finding]:
    """Error-level findings the clean copy would still carry (placeholders, missing sections…).

    A required section the report says is missing blocks the export even when its finding
    is not in ``report.findings``: no error may vanish because of the paragraph it was
    anchored on (a junk title that the clean copy removes took them along)."""
    found = [f for f in report.findings
             if f.severity >= Severity.ERROR and not applied_by_export(f, punctuation)]
    said = " ".join(f.message for f in found if f.rule == MISSING_RULE)
    for section in report.sections:
        if section.required and section.status == "missing" and f"“{section.title}”" not in said:
            found.append(Finding(MISSING_RULE, "structure", Severity.ERROR,
                                 f"缺少必备章节“{section.title}”", section.paragraph or 0, 0, 0, ""))
    return found
