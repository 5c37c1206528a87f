"""A paragraph of 40,000 characters of one kind (a file with no line breaks, a pasted table,
a hostile file) audits in linear time. Each shape here once took from seconds to minutes
(a regex rescanning the rest of the paragraph from every character); 3 s is generous."""

from __future__ import annotations

import time

import pytest

from gongwen.core.audit import Auditor
from gongwen.core.parse import parse_text

SHAPES = ["，，", "一、", "“", "《", "1.", "1", "_", "_大", "×", "X次", "（（", "某某", "一是二是",
          "##paidbegin##仅供学习QQ群", "2021年上半年开展学习12次，"]
LENGTH = 40_000
BUDGET_S = 3.0


@pytest.mark.parametrize("shape", SHAPES)
def test_one_long_paragraph_audits_fast(catalog, segmenter, shape):
    document = parse_text(shape * (LENGTH // len(shape)))
    auditor = Auditor(catalog.get("ideology-summary"), catalog.pack, None, segmenter)
    started = time.perf_counter()
    report = auditor.audit(document)
    elapsed = time.perf_counter() - started
    assert elapsed < BUDGET_S, f"{shape!r} × {LENGTH // len(shape)}: {elapsed:.1f} s"
    assert all(0 <= f.start <= f.end <= len(document.paragraphs[f.paragraph].text)
               for f in report.findings)
