"""Random edit scripts on the formatted report: the saved file reads back exactly as the
editor's texts (python-docx's reader, not the engine's own parse); as tracked changes,
accepting them all gives the same and rejecting them gives the original."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from docx_fidelity import W, build_formatted_report
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tracked import accept, reject, resolved_texts

from gongwen.formats import read_document
from gongwen.formats.docx_revisions import save_docx_revisions
from gongwen.formats.docx_writeback import read_docx_for_edit, save_docx_edits

# no 、 or （: a new paragraph never looks like a typed list label (that one is tested alone)
ALPHABET = "学习党建工作会议阵地网络舆情12，。 \tA-𠀀"
TEXT = st.text(alphabet=ALPHABET, max_size=12)
EDIT = st.tuples(st.sampled_from(["edit", "insert", "delete"]), st.floats(0, 1), st.floats(0, 1),
                 st.integers(0, 6), TEXT)


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> tuple[Path, list[str], str, set[int]]:
    folder = tmp_path_factory.mktemp("properties")
    path = build_formatted_report(folder / "报告.docx")
    document, fingerprint = read_docx_for_edit(path)
    old = [p.text for p in document.paragraphs]
    sources = document.sources[:len(old)]
    # what Word keeps when deleted (a cell's only paragraph, the picture, the last one, as
    # tracked changes the mark holding a section break) and numbered paragraphs (deleting
    # one renumbers the rest): deleted only through their text here, tested on their own
    fixed = {i for i, s in enumerate(sources) if s.kind == "table" or s.label or not s.text
             or s.element.find(f"{W}pPr/{W}sectPr") is not None}
    fixed.add(len(old) - 1)
    return path, old, fingerprint, fixed


def apply_script(old: list[str], fixed: set[int], script) -> list[str]:
    items: list[tuple[int | None, str]] = list(enumerate(old))  # (old index or None, text)
    for kind, where, span, length, text in script:
        at = min(int(where * len(items)), len(items) - 1)
        origin, current = items[at]
        if kind == "insert":
            items.insert(int(where * (len(items) + 1)), (None, text))
        elif kind == "delete" and (origin is None or origin not in fixed) and len(items) > 1:
            del items[at]
        elif kind == "edit":
            keep = len(_label(old, origin)) if origin is not None else 0
            start = keep + int(span * (len(current) - keep))
            end = min(start + length, len(current))
            items[at] = (origin, current[:start] + text + current[end:])
    return [text for _, text in items]


def _label(old: list[str], origin: int) -> str:
    for label in ("一、", "二、", "（一）"):
        if old[origin].startswith(label):
            return label
    return ""


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(script=st.lists(EDIT, min_size=1, max_size=8))
def test_the_saved_file_reads_back_as_the_editor_texts(source, tmp_path, script):
    path, old, fingerprint, fixed = source
    new = apply_script(old, fixed, script)
    out = tmp_path / "out.docx"
    saved = save_docx_edits(path, out, old, new, fingerprint=fingerprint)
    read = [p.text for p in read_document(out).paragraphs]
    assert saved.texts == read
    # a table cell's paragraph the aligner chose to delete (its text went elsewhere) stays,
    # empty, and is reported; everything else reads back exactly
    assert all(read[i] == "" for i in saved.kept)
    assert [t for i, t in enumerate(read) if i not in saved.kept] == new
    revised = tmp_path / "修订稿.docx"
    save_docx_revisions(path, revised, old, new, "甲", datetime.now(UTC), fingerprint=fingerprint)
    # 全部接受 gives what 保存 wrote (the same paragraphs kept); 全部拒绝 gives the original
    assert resolved_texts(revised, "甲", accept) == read
    assert resolved_texts(revised, "甲", reject) == old
