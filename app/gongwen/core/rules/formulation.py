"""Numbered formulations (category wording): 四个意识, 四个自信, 两个确立… — a wrong number
(三个自信) and wrong or misspelt members in the list after the name. Data: the [[set]]
and [[check]] tables of checklists/proof/formulation.toml; engine: gongwen.core.proof.sets.
The regex rules of the same topic (以习近平同志为核心的党中央, stripped theory and book names,
doubled words: checklists/rules/formulation.toml) are ordinary pattern rules that the
wording family applies. A second family of the category: its own ``name``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ..model import Finding, Paragraph, Role
from ..proof.engine import protected_spans
from ..proof.sets import find_set_errors
from .base import Env, Family
from .typo import hit_finding, proof_index


def scan_formulations(paragraph: Paragraph, env: Env) -> list[Finding]:
    index = proof_index(env)
    if index is None or paragraph.role is Role.BLANK or not index.sets:
        return []
    protected = protected_spans(paragraph.text, env.profile.names, titles=False)
    findings = []
    for hit in find_set_errors(index, paragraph.text):
        if any(s < hit.end and hit.start < e for s, e in protected):
            continue
        made = hit_finding(index, hit, paragraph)
        if made:
            findings.append(made)
    return findings


class FormulationFamily(Family):
    name: ClassVar[str] = "formulation"
    category = "wording"

    def scan(self, paragraph: Paragraph, env: Env) -> tuple[list[Finding], Any]:
        return scan_formulations(paragraph, env), None
