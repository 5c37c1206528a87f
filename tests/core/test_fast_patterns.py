"""Patterns rewritten for speed find exactly what they found as first written.

A regex that starts with a look-behind is tried at every position of a paragraph; written
to start with its first character's class (the look-behind after it), re jumps from one
candidate character to the next. The readable originals stay here as oracles, run side by
side with the fast forms on report text and on strings made to hit their edges.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from gongwen.core.model import CJK
from gongwen.core.rules import date, punctuation, quantity

ROOT = Path(__file__).resolve().parents[2]
ZH = f"[{CJK}，。、；：？！“”‘’（）《》【】…—]"
ORIGINAL_HALFWIDTH = re.compile(
    rf"(?<={ZH})\s*([,;:?!])|([,;:?!])(?=\s*{ZH})|(?<=[{CJK}])(\.)(?![\d.])")
ORIGINAL_DATES = {
    "PERIOD_YEAR": r"(?<!\d)((?:19|20)\d{2})年(上半年|下半年|全年|年度|度)",
    "ANY_YEAR": r"(?<![\d.])((?:19|20)\d{2})年",
    "PADDED_DATE": r"(?<!\d)((?:19|20)\d{2})年0?(\d{1,2})月(?:0?(\d{1,2})日)?",
}
ORIGINAL_DOUBLED = re.compile(r"([，、；：！？])\1+|(?<!。)。。(?!。)")


def original_quantity(words: str, cn_words: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    arabic = r"\d+(?:[.,，]\d+)*"
    figure = re.compile(
        rf"(?<![\dA-Za-z])(?<!\d[.,，]){arabic}(?:余|多)?(?:万|千|百|亿)?(?:{words}|%|％)"
        rf"|(?<![一二两三四五六七八九十百千万第是])(?:[一二两三四五六七八九十百千万]+)(?:余|多)?(?:{cn_words})"
        r"|百分之[一二三四五六七八九十百\d.]+")
    slot = re.compile(rf"(?<![A-Za-z×])[Xx×]+(?:余|多)?(?:{words})")
    return figure, slot


def report_texts() -> list[str]:
    files = sorted((ROOT / "tests" / "fixtures").glob("*.txt"))
    files += sorted((ROOT / "tests" / "accuracy").rglob("*.txt"))
    return [line for f in files for line in f.read_text(encoding="utf-8").splitlines()]


# characters and pieces the patterns turn on, strung at random
EDGE_PIECES = (*"中文 　,;:?!.。，、；：！？（）“”19２0年月日X×xa一二两三十百第是次篇余多万%％-",
               "2019", "2024", "1998", "20", "19", "上半年", "年度", "0", "5", "12", "月0",
               "百分之", "，，", "。。", "2023年", "6月", "08月", "1日", "3.5", "1,200", "XX", "××",
               "人次", "个")


def edge_texts(count: int = 10000, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(EDGE_PIECES) for _ in range(rng.randint(1, 16)))
            for _ in range(count)]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    found = report_texts() + edge_texts()
    assert len(found) > 3000
    return found


def spans(pattern: re.Pattern[str], text: str) -> list[tuple]:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


def test_halfwidth_marks_are_the_regex_marks(texts):
    def original(text: str) -> list[tuple[int, bool]]:
        return [(m.start(3), True) if m.group(3) else (m.start(1 if m.group(1) else 2), False)
                for m in ORIGINAL_HALFWIDTH.finditer(text)]

    differing = [t for t in texts if punctuation.halfwidth_marks(t) != original(t)]
    assert not differing, differing[:5]
    assert sum(1 for t in texts if punctuation.halfwidth_marks(t)) > 100  # the edges were hit


@pytest.mark.parametrize("name", sorted(ORIGINAL_DATES))
def test_year_patterns_match_as_first_written(texts, name):
    fast, original = getattr(date, name), re.compile(ORIGINAL_DATES[name])
    assert [t for t in texts if spans(fast, t) != spans(original, t)][:5] == []
    assert sum(1 for t in texts if fast.search(t)) > 20


def test_doubled_marks_need_a_pair(texts):
    for text in texts:
        if ORIGINAL_DOUBLED.search(text):
            assert any(pair in text for pair in punctuation.DOUBLED_PAIRS), text


def test_figure_patterns_match_as_first_written(texts, catalog):
    pack = catalog.pack
    figure, _vague, _fixed, slot = quantity.patterns(pack)
    words = "|".join(sorted(map(re.escape, pack.words("measure_words")), key=len, reverse=True))
    cn_words = "|".join(sorted(map(re.escape, pack.words("chinese_measure_words")),
                               key=len, reverse=True))
    original_figure, original_slot = original_quantity(words, cn_words)
    for fast, original in ((figure, original_figure), (slot, original_slot)):
        assert [t for t in texts if spans(fast, t) != spans(original, t)][:5] == []
        assert sum(1 for t in texts if fast.search(t)) > 50


# built-in pattern rules rewritten the same way (checklists/rules/*.toml), as first written
ORIGINAL_RULES = {
    "placeholder.x": r"(?<![A-Za-z])(?:[Xx]+|×+)(?![A-Za-z])",
    "placeholder.letter": r"(?<![A-Za-z0-9])([A-WYZ])\1*(?![A-Za-z0-9])",
    "placeholder.dashes": r"-{2,}|－{2,}|(?<![\u4e00-\u9fff\w])-(?=[\u4e00-\u9fff])",
    "junk.hyphen": r"(?<=[\u4e00-\u9fff])-(?=[\u4e00-\u9fff])",
}


@pytest.mark.parametrize("rule_id", sorted(ORIGINAL_RULES))
def test_rule_patterns_match_as_first_written(texts, catalog, rule_id):
    category = rule_id.split(".")[0]
    rule = next(r for r in catalog.pack.of(category) if r.id == rule_id)
    original = re.compile(ORIGINAL_RULES[rule_id])
    letters = edge_texts(3000, seed=11) + ["".join(random.Random(n).choices("XxX×ABQZa1 中-－—", k=9))
                                           for n in range(3000)]
    for text in texts + letters:
        assert spans(rule.regex, text) == spans(original, text), text
    assert sum(1 for t in texts + letters if rule.regex.search(t)) > 50


def test_sentence_clauses_are_the_ones_first_found(texts):
    from gongwen.core import sections

    original = re.compile(r"(?<=[。！？!?])[ \u3000]*([^。！？!?，,：:；;]{1,20})[，,：:]")
    pieces = texts + ["".join(random.Random(n).choices("。！? 　ab中，,：;", k=20)) for n in range(3000)]
    for text in pieces:
        assert [m.span(1) for m in sections.SENTENCE_CLAUSE.finditer(text)] == \
            [m.span(1) for m in original.finditer(text)], text


def test_years_in_numerals_are_the_pattern_matches(texts):
    original = re.compile(r"[〇零一二三四五六七八九]{4}年")
    pieces = texts + ["".join(random.Random(n).choices("〇零一二三四五九年十中", k=14)) for n in range(3000)]
    for text in pieces:
        assert date.chinese_years(text) == [m.span() for m in original.finditer(text)], text


def test_meetings_are_the_look_behind_matches(catalog):
    patterns = date.event_patterns(catalog.pack)
    names = "|".join(sorted((re.escape(n) for n in patterns.meetings), key=len, reverse=True))
    original = re.compile(rf"(?<![一二三四五六七八九十])({names})")
    rng = random.Random(5)
    pieces = [*patterns.meetings, "二", "十", "九", "届", "中", "全会", "学习", "，"]
    samples = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 6))) for _ in range(4000)]
    for text in samples:
        assert [m.span(1) for m in date._meetings(patterns.meeting, text)] == \
            [m.span(1) for m in original.finditer(text)], text
    assert sum(1 for t in samples if original.search(t)) > 500


def test_a_number_without_shi_is_found_where_the_look_behind_found_it():
    from gongwen.core.rules import numbering

    rng = random.Random(9)
    for _ in range(4000):
        text = "".join(rng.choice(["。", "；", " ", "三", "二", "是", "中", "、", "a", "，"])
                       for _ in range(rng.randint(1, 12)))
        start = rng.randint(0, len(text))
        original = re.compile(rf"(?<=[。；;])\s*(三)(?![是、，)）])(?=[{CJK}])").search(text, start)
        fast = numbering._unmarked("三").search(text, max(start - 1, 0))
        assert (fast and fast.span(1)) == (original and original.span(1)), (text, start)


def test_di_enumerations_are_the_look_behind_matches(texts):
    from gongwen.core import parse

    original = re.compile(r"(?:^|(?<=[。；;：:\s”]))第([一二三四五六七八九十]{1,3})[，,、：:]")
    rng = random.Random(13)
    pieces = texts + ["".join(rng.choice(["第", "一", "二", "十", "，", "：", "。", " ", "”", "是", "中"])
                              for _ in range(rng.randint(1, 14))) for _ in range(5000)]
    for text in pieces:
        assert [m.span() for m in parse.enumerations_di(text)] == \
            [m.span() for m in original.finditer(text)], text
    assert sum(1 for t in pieces if original.search(t)) > 50


def test_glued_headings_are_found_where_the_look_behind_found_them(texts):
    from gongwen.core import shape

    original = re.compile(r"(?<=[。！？；!?;])[ \u3000]*(?:([一二三四五六七八九十]{1,3})、"
                          r"|[（(]([一二三四五六七八九十]{1,3})[）)])(?=[^。！？!?\n]{2,25}(?:[。！？!?]|$))")
    rng = random.Random(17)
    parts = ["。", "；", " ", "一", "二", "、", "（", "）", "加强", "领导", "！"]
    pieces = texts + ["".join(rng.choice(parts) for _ in range(rng.randint(1, 14)))
                      for _ in range(5000)]
    for text in pieces:
        assert [m.span(1) + m.span(2) + (m.end(),) for m in shape.GLUED.finditer(text)] == \
            [m.span(1) + m.span(2) + (m.end(),) for m in original.finditer(text)], text
    assert sum(1 for t in pieces if original.search(t)) > 100
