"""The prefilter may skip a paragraph only where the regex cannot match: checked on the
built-in rules over real report text and on patterns built to trip the analysis."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from gongwen.core.prefilter import PackProbe, needed
from gongwen.core.rulepack import rule_matches


@pytest.mark.parametrize("pattern, strings", [
    (r"(?<![A-Za-z])(?:[Xx]+|×+)(?![A-Za-z])", {"X", "x", "×"}),
    (r"(?:…+|\.{3,}|。{3,})(?=[局委])|。{3,}", {"…", "...", "。。。"}),
    (r"习近平(?:总书记|主席)", {"习近平"}),
    (r"某某+|某(?:局|委)", {"某"}),
    (r"(?<!_)_+大", {"_"}),
    (r"(?=[点关])(?:点击上方|关注我们)", {"点击上方", "关注我们"}),  # the look-ahead tells less
    (r"[!-~]{1,3}\s+", {c for c in map(chr, range(0x3001)) if c.isspace()}),
])
def test_what_a_match_needs(pattern, strings):
    assert needed(re.compile(pattern)) == frozenset(strings)


@pytest.mark.parametrize("pattern", [
    r"(?i)vip", r"(?i:x)+", r".+", r"[^a]", r"\d+", r"\w", r"a*", r"(\w)\1", r"a?b?",
    r"(?:a|.)", r"[\u4e00-\u9fff]",
])
def test_what_cannot_be_said_is_not_filtered(pattern):
    assert needed(re.compile(pattern)) is None
    assert PackProbe([re.compile(pattern)], after=1).mask("") == 1  # always may match


def holds(strings: frozenset[str] | None, text: str) -> bool:
    """``text`` has one of the strings a match needs (anything goes for None)."""
    return strings is None or any(s in text for s in strings)


TESTS = Path(__file__).resolve().parents[1]


def test_builtin_rules_never_skip_a_paragraph_they_match(catalog):
    files = [*(TESTS / "fixtures").glob("*.txt"), *(TESTS / "accuracy").rglob("*.txt")]
    paragraphs = [p for f in files for p in f.read_text(encoding="utf-8").splitlines() if p]
    assert len(paragraphs) > 200
    rules = catalog.pack.rules
    filtered = [r for r in rules if needed(r.regex) is not None]
    assert len(filtered) >= len(rules) * 3 // 4  # the point of it
    for rule in filtered:
        strings = needed(rule.regex)
        for text in paragraphs + list(rule.spec.bad) + list(rule.spec.good):
            if rule_matches(rule, text):
                assert holds(strings, text), (rule.id, text)


def test_the_pack_probe_keeps_every_rule_that_matches(catalog):
    files = [*(TESTS / "fixtures").glob("*.txt"), *(TESTS / "accuracy").rglob("*.txt")]
    rules = catalog.pack.rules
    texts = [p for f in files for p in f.read_text(encoding="utf-8").splitlines() if p]
    texts += [example for rule in rules for example in (*rule.spec.bad, *rule.spec.good)]
    pack_probe = PackProbe([r.regex for r in rules], after=1)
    assert pack_probe.mask("任意") != -1  # made on the first text asked about
    skipped = 0
    for text in texts:
        mask = pack_probe.mask(text)
        for bit, rule in enumerate(rules):
            if rule_matches(rule, text):
                assert mask >> bit & 1, (rule.id, text)
            skipped += not mask >> bit & 1
    assert skipped > len(texts) * len(rules) // 2  # most rules are skipped on most texts


def test_the_pack_probe_passes_everything_until_it_is_made():
    pack_probe = PackProbe([re.compile("X次"), re.compile(".+")], after=3)
    assert pack_probe.mask("没有") == -1 and pack_probe.mask("没有了") == -1
    assert pack_probe.mask("没有") == 0b10  # made: the rule of no strings always passes
    assert pack_probe.mask("召开X次") == 0b11


def test_rules_of_one_category_come_in_their_order(catalog):
    pack = catalog.pack
    text = "下载文档前请添加客服微信123456，舆-论引导"
    both = [r.id for r in pack.candidates(text, "junk", scope=None)]
    assert both == [r.id for r in pack.of("junk") if r.id in both]
    assert "junk.hyphen" in both and "junk.contact" in both


ALPHABET = "ab。.X_-某 "


def _random_pattern(rng: random.Random, depth: int = 0) -> str:
    pieces = []
    for _ in range(rng.randint(1, 3)):
        kind = rng.randrange(7 if depth < 2 else 4)
        if kind == 0:
            pieces.append(re.escape(rng.choice(ALPHABET)))
        elif kind == 1:
            pieces.append("[" + "".join(re.escape(c) for c in rng.sample(ALPHABET, 2)) + "]")
        elif kind == 2:
            pieces.append(rng.choice(["(?<=a)", "(?!b)", "^", "$", "(?<![X_])", "(?=[X.])",
                                      "(?=a+b)", r"(?<=\s)"]))
        elif kind == 3:
            pieces.append(re.escape(rng.choice(ALPHABET)) + rng.choice(["+", "*", "?", "{2,}", "{3}"]))
        elif kind == 4:
            pieces.append("(?:" + "|".join(_random_pattern(rng, depth + 1)
                                          for _ in range(rng.randint(2, 3))) + ")")
        elif kind == 5:
            pieces.append("(" + _random_pattern(rng, depth + 1) + ")" + rng.choice(["", "+", "*"]))
        else:
            pieces.append(rng.choice([".", "[^a]", r"\w", r"\s", r"[\sX]"]))
    return "".join(pieces)


def test_random_patterns_on_random_text_never_skip_a_match():
    rng = random.Random(9704)
    for _ in range(400):
        pattern = re.compile(_random_pattern(rng))
        strings = needed(pattern)
        for _ in range(30):
            text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 12)))
            if any(m.end() > m.start() for m in pattern.finditer(text)):
                assert holds(strings, text), (pattern.pattern, text)
