"""Layout facts read from a .docx stay with the paragraphs the user did not edit."""

from __future__ import annotations

from gongwen.core.layout import carried
from gongwen.core.layout_standard import sample_document
from gongwen.core.parse import parse_paragraphs


def _sample():
    from gongwen.catalog import load_layout_standard

    document = sample_document(load_layout_standard())
    return document, [p.text for p in document.paragraphs]


def test_unchanged_text_keeps_the_very_facts():
    document, texts = _sample()
    assert carried(document.layout, texts, parse_paragraphs(texts)) is document.layout


def test_a_paragraph_added_at_the_top_moves_the_others_and_has_none_itself():
    document, texts = _sample()
    edited = parse_paragraphs(["附件1", *texts])
    facts = carried(document.layout, texts, edited)
    assert 0 not in facts.paragraphs
    assert {i + 1 for i in document.layout.paragraphs} == set(facts.paragraphs)
    assert facts.paragraphs[1] is document.layout.paragraphs[0]
    assert facts.sections[0].first_paragraph == 0 and facts.footers == document.layout.footers
    assert facts.signature.date == document.layout.signature.date + 1


def test_an_edited_paragraph_loses_its_facts_until_the_file_is_read_again():
    document, texts = _sample()
    body = next(i for i, t in enumerate(texts) if t.startswith("全年"))
    edited = [*texts]
    edited[body] += "覆盖全体党员。"
    facts = carried(document.layout, texts, parse_paragraphs(edited))
    assert body not in facts.paragraphs
    assert set(facts.paragraphs) == set(document.layout.paragraphs) - {body}
