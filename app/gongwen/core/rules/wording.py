"""Wrong formulations and machine-paraphrase artefacts (data: wording.toml), and sentences
repeated within the document."""

from __future__ import annotations

import re

from ..model import Finding, Paragraph, Role, Severity
from .base import Context, Env, Family, finding, scan_patterns
from .formulation import scan_formulations

# A sentence starts only where a run starts (the lookbehind): without it a long paragraph
# with no sentence end is rescanned from every character — quadratic (minutes at 200k).
SENTENCE = re.compile(r"(?<![^。！？!?\n])[^。！？!?\n]+[。！？!?]")
MIN_REPEAT_CHARS = 20


class WordingFamily(Family):
    category = "wording"

    def scan(self, paragraph: Paragraph, env: Env) -> tuple[list[Finding], list[tuple[int, int]]]:
        sentences = []
        if paragraph.role is Role.BODY or paragraph.role is Role.HEADING:
            sentences = [(m.start(), m.end()) for m in SENTENCE.finditer(paragraph.text)
                         if len(m.group(0).strip()) >= MIN_REPEAT_CHARS]
        found = scan_patterns(self.category, paragraph, env) + scan_formulations(paragraph, env)
        return found, sentences

    def review(self, ctx: Context) -> list[Finding]:
        """A sentence of 20+ characters that appears again later is flagged at the repeat."""
        seen: dict[str, int] = {}
        found = []
        for paragraph, spans in zip(ctx.document.paragraphs, ctx.data[self.category]):
            for start, end in spans or ():
                key = paragraph.text[start:end].strip()
                if key in seen:
                    found.append(finding(
                        "wording.repeated-sentence", self.category, Severity.WARNING,
                        f"这句话与第 {seen[key] + 1} 段重复，请删去或改写", paragraph.index,
                        start, end, paragraph.text))
                else:
                    seen[key] = paragraph.index
        return found
