"""Paths and helpers shared by tests (import as `from support import …`; pytest puts
tests/ on sys.path through `pythonpath` in pyproject.toml)."""

from __future__ import annotations

import functools
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@functools.cache
def _builtin_catalog():
    from gongwen.catalog import load_catalog

    return load_catalog(user_folder=Path("/nonexistent"))


def titled(document):
    """``document`` with its title decided as an audit decides it (the title words come
    from the built-in rule pack); readers leave the title to the audit."""
    from gongwen.core.audit import pack_title_rules
    from gongwen.core.parse import with_title

    return with_title(document, pack_title_rules(_builtin_catalog().pack))


def parse_titled(text: str):
    """``parse_text(text)`` with its title decided as an audit decides it."""
    from gongwen.core.parse import parse_text

    return titled(parse_text(text))
