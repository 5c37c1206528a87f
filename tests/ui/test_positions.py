from gongwen.ui.positions import from_utf16, span_to_utf16, to_utf16


def test_bmp_text_is_unchanged():
    assert to_utf16("占位符X", 3) == 3
    assert from_utf16("占位符X", 3) == 3
    assert span_to_utf16("会议X次", 2, 3) == (2, 3)


def test_astral_character_counts_twice():
    text = "𠮷𠮷召开会议X次"
    start = text.index("X")  # 6 code points
    assert span_to_utf16(text, start, start + 1) == (8, 9)
    assert from_utf16(text, 8) == start
    assert to_utf16(text, len(text)) == len(text) + 2


def test_position_inside_a_surrogate_pair_rounds_down():
    assert from_utf16("a𠮷b", 2) == 1
    assert from_utf16("a𠮷b", 3) == 2
    assert from_utf16("a𠮷b", 99) == 3
