"""字数 as Word counts it: a Chinese character or full-width mark is one, a run of other
non-space characters (a word, a number) is one, spaces are none."""

import pytest

from gongwen.core.audit import paragraph_chars


@pytest.mark.parametrize("text, count", [
    ("", 0), ("   ", 0), ("学习", 2), ("学习 Word 2025年", 5), ("开展12次", 4),
    ("“加强”，", 5), ("a-b c\u3000d", 2 + 1 + 1), ("GDP增长5.6%", 1 + 2 + 1), ("\U00020000字", 2),
])
def test_word_units(text, count):
    assert paragraph_chars(text) == count
