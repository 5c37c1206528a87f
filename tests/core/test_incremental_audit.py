"""An auditor that has audited earlier versions of a draft keeps work between audits (rows
of scans, finished findings, reviews); whatever it keeps, its report must be the report a
fresh auditor makes of the same text. Each test walks a seeded series of edits of the kinds
a clerk makes — typing, deleting, a pasted duplicate, a junk line, a renumbered heading,
an ignored finding — and compares after every step."""

from __future__ import annotations

import random
import re

import pytest

from gongwen.core.audit import Auditor
from gongwen.core.ignores import Ignores
from gongwen.core.parse import parse_paragraphs

from support import fixture_text

REPORTS = ("defects-report.txt", "defects-duty-report.txt", "defects-special-report.txt",
           "clean-report.txt")
TYPED = ("进一步", "X次", "2O24年", "，", "习近平新时代中国特色社会主义思想", "XX局", "一是", "三是",
         "加强", "；", "!", "（二）", "20__年")
JUNK = "本文来源于网络，更多范文请访问www.example.com"
STEPS = 40


def _edit(texts: list[str], rng: random.Random) -> list[str]:
    """One edit of a random kind at a random place."""
    texts = list(texts)
    index = rng.randrange(len(texts))
    kind = rng.randrange(10)
    if kind <= 2:  # typing in a paragraph
        text = texts[index]
        at = rng.randint(0, len(text))
        texts[index] = text[:at] + rng.choice(TYPED) + text[at:]
    elif kind == 3 and len(texts[index]) > 2:  # deleting a few characters
        text = texts[index]
        at = rng.randrange(len(text) - 1)
        texts[index] = text[:at] + text[at + rng.randint(1, 3):]
    elif kind == 4:  # a paragraph pasted again elsewhere: repeated sentences
        texts.insert(rng.randrange(len(texts) + 1), texts[index])
    elif kind == 5 and len(texts) > 3:  # a paragraph deleted
        del texts[index]
    elif kind == 6:  # an advert line or junk glued to a paragraph
        texts.insert(index, JUNK) if rng.random() < 0.5 else \
            texts.__setitem__(index, texts[index] + JUNK)
    elif kind == 7:  # Enter in the middle of a paragraph
        text = texts[index]
        at = rng.randint(0, len(text))
        texts[index:index + 1] = [text[:at], text[at:]]
    elif kind == 8:  # two paragraphs swapped
        other = rng.randrange(len(texts))
        texts[index], texts[other] = texts[other], texts[index]
    else:  # a heading's number written in the other level's style: 一、 ⇄ （一）
        headings = [i for i, t in enumerate(texts) if NUMBERED.match(t)]
        if headings:
            at = rng.choice(headings)
            texts[at] = NUMBERED.sub(_restyled, texts[at], count=1)
    return texts


NUMBERED = re.compile(r"^(?:([一二三四五六七八九十]+)、|（([一二三四五六七八九十]+)）)")


def _restyled(match: re.Match) -> str:
    return f"（{match.group(1)}）" if match.group(1) else f"{match.group(2)}、"


def _snapshot(report) -> tuple:
    return (report.findings, report.sections, report.furniture,
            report.section_of, report.stats, report.title)


@pytest.mark.parametrize("editor", [False, True], ids=["parsed", "as-the-editor-parses"])
@pytest.mark.parametrize("name", REPORTS)
def test_a_kept_auditor_reports_what_a_fresh_one_does(name, editor, catalog, segmenter):
    """``editor``: the documents parsed as the editor's worker parses them, the unchanged
    paragraphs the very same objects and the block tree kept while the headings are."""
    from gongwen.ui.view_model import ParagraphCache

    rng = random.Random(name)
    checklist = catalog.get("ideology-summary")
    kept = Auditor(checklist, catalog.pack, segmenter=segmenter)
    parse = ParagraphCache().parse if editor else parse_paragraphs
    texts = fixture_text(name).split("\n")
    for _ in range(STEPS):
        texts = _edit(texts, rng)
        fresh = Auditor(checklist, catalog.pack, segmenter=segmenter)
        expected = _snapshot(fresh.audit(parse_paragraphs(texts)))
        assert _snapshot(kept.audit(parse(texts))) == expected


def test_ignores_changed_between_audits_apply_at_once(catalog, segmenter):
    """Kept finished findings were finished with the ignores of their audit: ignoring a
    rule, a spot or a word (and taking it back) changes the next report as for a fresh
    auditor."""
    checklist = catalog.get("ideology-summary")
    kept = Auditor(checklist, catalog.pack, segmenter=segmenter)
    document = parse_paragraphs(fixture_text("defects-report.txt").split("\n"))
    first = kept.audit(document).findings
    assert len(first) > 3
    some, other = first[0], first[len(first) // 2]
    spot = (other.rule, other.text, document.paragraphs[other.paragraph].text)
    for ignores in (Ignores({some.rule}), Ignores(spots={spot}), Ignores(words={other.text}),
                    Ignores(), Ignores({some.category})):
        fresh = Auditor(checklist, catalog.pack, segmenter=segmenter)
        expected = fresh.audit(document, ignores).findings
        assert kept.audit(document, ignores).findings == expected
    assert kept.audit(document, Ignores({some.rule})).findings != first


def test_segmenter_arriving_later_gives_the_full_report(catalog, segmenter):
    """Rows kept without the jieba families are not served once jieba is there."""
    checklist = catalog.get("ideology-summary")
    kept = Auditor(checklist, catalog.pack)
    document = parse_paragraphs(fixture_text("defects-report.txt").split("\n"))
    assert kept.audit(document).pending
    kept.set_segmenter(segmenter)
    full = Auditor(checklist, catalog.pack, segmenter=segmenter).audit(document)
    assert _snapshot(kept.audit(document)) == _snapshot(full)
    assert not full.pending
