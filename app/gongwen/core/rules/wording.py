"""Wrong formulations and machine-paraphrase artefacts (data: wording.toml), and sentences
repeated within the document."""

from __future__ import annotations

from ..model import Finding, Paragraph, Role
from ..parse import SENTENCE
from .base import Context, Env, Family, scan_patterns


class WordingFamily(Family):
    category = "wording"
    rules = ("wording.repeated-sentence",)
    thresholds = ("repeated_sentence_min_chars",)

    def scan(self, paragraph: Paragraph, env: Env
             ) -> tuple[list[Finding], list[tuple[int, int, str]]]:
        """The pattern rules' findings, and (start, end, stripped text) of each long
        sentence: the review compares them on every keystroke, the scan is kept."""
        sentences = []
        if paragraph.role is Role.BODY or paragraph.role is Role.HEADING:
            shortest = env.pack.threshold("repeated_sentence_min_chars")
            for match in SENTENCE.finditer(paragraph.text):
                key = match.group(0).strip()
                if len(key) >= shortest:
                    sentences.append((match.start(), match.end(), key))
        return scan_patterns(self.category, paragraph, env), sentences

    def review_key(self, ctx: Context) -> tuple:
        return (ctx.data[self.name],)  # the sentences, and the paragraph texts they come from

    def review(self, ctx: Context) -> list[Finding]:
        """A long sentence that appears again later is flagged at the repeat."""
        seen: dict[str, int] = {}
        found = []
        spec = ctx.env.rule("wording.repeated-sentence")
        for paragraph, spans in zip(ctx.document.paragraphs, ctx.data[self.name]):
            for start, end, key in spans or ():
                if key in seen:
                    found.append(spec.finding(paragraph.index, start, end, paragraph.text,
                                              first=seen[key] + 1))
                else:
                    seen[key] = paragraph.index
        return found
