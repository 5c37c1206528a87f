"""Fixtures of the .docx tests (builders live in docx_builders.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx_builders import build_word_report


@pytest.fixture()
def word_report(tmp_path) -> Path:
    return build_word_report(tmp_path / "报告.docx")
