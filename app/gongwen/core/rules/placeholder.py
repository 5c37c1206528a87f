"""Placeholders left from a template: X次, XX局, 20__年, ××, 某某同志, A新时代… (data: placeholder.toml)."""

from __future__ import annotations

from ..model import Finding, Paragraph
from .base import Env, Family, scan_patterns


class PlaceholderFamily(Family):
    category = "placeholder"

    def scan(self, paragraph: Paragraph, env: Env) -> tuple[list[Finding], None]:
        return scan_patterns(self.category, paragraph, env), None
