"""What the user chose to silence: a rule everywhere, one spot, or a word everywhere.

Kept with the document's settings by the UI; here only the matching.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Document, Finding


@dataclass(slots=True)
class Ignores:
    rules: set[str] = field(default_factory=set)
    # one spot: (rule, flagged text, paragraph text) — survives edits elsewhere
    spots: set[tuple[str, str, str]] = field(default_factory=set)
    words: set[str] = field(default_factory=set)  # allow-listed words, for every rule

    def hides(self, finding: Finding, document: Document) -> bool:
        if finding.rule in self.rules or finding.category in self.rules:
            return True
        if finding.text and finding.text in self.words:
            return True
        paragraph = document.paragraphs[finding.paragraph].text
        return (finding.rule, finding.text, paragraph) in self.spots

    def spot_of(self, finding: Finding, document: Document) -> tuple[str, str, str]:
        return (finding.rule, finding.text, document.paragraphs[finding.paragraph].text)

    def to_json(self) -> dict:
        return {"rules": sorted(self.rules), "spots": sorted(map(list, self.spots)),
                "words": sorted(self.words)}

    @classmethod
    def from_json(cls, data: dict) -> Ignores:
        return cls(set(data.get("rules", [])), {tuple(s) for s in data.get("spots", [])},
                   set(data.get("words", [])))
