"""Paths and helpers shared by tests (import as `from support import …`; pytest puts
tests/ on sys.path through `pythonpath` in pyproject.toml)."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")
