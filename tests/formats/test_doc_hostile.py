"""Damaged and hostile Word binary files: a Chinese FormatError (or the text, when what
is left still reads), never a traceback, never a hang — every loop of the reader is
bounded by the sizes of the streams. Timings are printed by tests/bench/bench_doc.py."""

from __future__ import annotations

import random
import struct
from pathlib import Path

import pytest

from doc_builders import DELETED, HIDDEN, IN_TABLE, ROW_END, Piece, WordFile, cfb, lfo, list_sprms, lst
from gongwen.formats import FormatError
from gongwen.formats.doc_binary import read_doc, read_word_streams
from gongwen.formats.doc_errors import DocError

from support import FIXTURES

FIB_PAIRS = 154  # offset of the FIB's (fc, lcb) pairs; pair 33 is the Clx
LEGACY = FIXTURES / "legacy"


def rich_file() -> WordFile:
    """Pieces out of order, a Prm, a field, a table, a list, deleted text."""
    numbering = lst(7, [(37, "\x00、")] + [(0, "")] * 8)
    text = "总体\x13 PAGE \x143\x15情况\r理论学习\r甲\x07乙\x07\x07研讨\r"
    return WordFile([Piece(text[:10]), Piece(text[10:], prm=1)], order=[1, 0], prcs=[HIDDEN],
                    para_sprms={13: list_sprms(1), 18: IN_TABLE, 20: IN_TABLE, 21: ROW_END},
                    lists=numbering, lfos=lfo(7), char_runs=[(0, 2, DELETED)])


def _streams_of(path: Path) -> tuple[bytes, dict[str, bytes]]:
    import olefile

    with olefile.OleFileIO(str(path)) as ole:
        names = {entry[0] for entry in ole.listdir()}
        return (ole.openstream("WordDocument").read(),
                {n: ole.openstream(n).read() for n in ("0Table", "1Table") if n in names})


def _bases() -> list[tuple[bytes, dict[str, bytes]]]:
    word, table = rich_file().streams()
    return [(word, {"1Table": table})] + [_streams_of(LEGACY / f"{n}.doc")
                                           for n in ("numbered-report", "table-field-revisions")]


def _mutate(data: bytearray, rng: random.Random) -> None:
    for _ in range(rng.randint(1, 8)):
        if not data:
            return
        position = rng.randrange(min(len(data), 1024)) if rng.random() < 0.6 else rng.randrange(len(data))
        roll = rng.random()
        if roll < 0.5:
            data[position] = rng.randrange(256)
        elif roll < 0.85:
            value = rng.choice([0, 1, 0x7FFFFFFF, 0xFFFFFFFF, 0x80000000, rng.randrange(1 << 32)])
            data[position:position + 4] = value.to_bytes(4, "little")
        else:
            del data[position:]


@pytest.mark.parametrize("seed", range(4))
def test_mutated_streams_read_or_raise_doc_error(seed):
    """Random damage to the FIB, piece table, property pages and lists: the parser either
    reads something or says the file is damaged — no other exception escapes it."""
    rng = random.Random(seed)
    bases = _bases()
    for _ in range(150):
        word, tables = rng.choice(bases)
        word, tables = bytearray(word), {k: bytearray(v) for k, v in tables.items()}
        _mutate(word if rng.random() < 0.5 else rng.choice(list(tables.values())), rng)
        try:
            read_word_streams(bytes(word), {k: bytes(v) for k, v in tables.items()}.get)
        except DocError as error:
            assert error.problem and error.advice


@pytest.mark.parametrize("seed", range(2))
def test_mutated_files_read_or_raise_format_error(tmp_path, seed):
    """The same for the whole file, container included (olefile's own errors too)."""
    rng = random.Random(seed)
    sources = [(LEGACY / "numbered-report.doc").read_bytes(), rich_file().build()]
    path = tmp_path / "损坏.doc"
    for _ in range(60):
        data = bytearray(rng.choice(sources))
        _mutate(data, rng)
        path.write_bytes(bytes(data))
        try:
            read_doc(path)
        except FormatError as error:
            assert str(error).startswith("无法打开“损坏.doc”：") and "请" in str(error)


def _refused(tmp_path: Path, data: bytes, *words: str) -> str:
    path = tmp_path / "来文.doc"
    path.write_bytes(data)
    with pytest.raises(FormatError) as caught:
        read_doc(path)
    message = str(caught.value)
    assert all(w in message for w in words), message
    return message


def _patched(word_file: WordFile, stream: str, offset_of, value: bytes) -> bytes:
    word, table = word_file.streams()
    target = bytearray(word if stream == "word" else table)
    at = offset_of(word)
    target[at:at + len(value)] = value
    if stream == "word":
        return cfb({"WordDocument": bytes(target), "1Table": table})
    return cfb({"WordDocument": word, "1Table": bytes(target)})


def _clx_at(word: bytes) -> int:
    return struct.unpack_from("<I", word, FIB_PAIRS + 8 * 33)[0]


def test_truncated_file(tmp_path):
    data = (LEGACY / "table-field-revisions.doc").read_bytes()
    for cut in (600, len(data) // 3, len(data) // 2, len(data) - 700):
        _refused(tmp_path, data[:cut], "损坏")


def test_random_bytes_after_an_ole_header(tmp_path):
    rng = random.Random(5)
    header = (LEGACY / "numbered-report.doc").read_bytes()[:512]
    _refused(tmp_path, header + rng.randbytes(20_000), "损坏")


def test_piece_table_pointing_past_the_stream(tmp_path):
    offset = lambda word: _clx_at(word) + 5 + 8 + 2  # first piece descriptor's fc  # noqa: E731
    _refused(tmp_path, _patched(WordFile([Piece("文字\r")]), "table", offset, struct.pack("<I", 0x3FFFF000)),
             "损坏")


def test_piece_longer_than_the_stream(tmp_path):
    offset = lambda word: _clx_at(word) + 5 + 4  # the CP after the only piece  # noqa: E731
    _refused(tmp_path, _patched(WordFile([Piece("文字\r")]), "table", offset, struct.pack("<i", 1 << 30)),
             "损坏")


def test_huge_piece_table_size(tmp_path):
    offset = lambda word: _clx_at(word) + 1  # lcb of the PlcPcd  # noqa: E731
    _refused(tmp_path, _patched(WordFile([Piece("文字\r")]), "table", offset, b"\xf0\xff\xff\x7f"), "损坏")


def test_huge_clx_pair_in_the_fib(tmp_path):
    offset = lambda word: FIB_PAIRS + 8 * 33 + 4  # noqa: E731
    _refused(tmp_path, _patched(WordFile([Piece("文字\r")]), "word", offset, b"\xff\xff\xff\xff"), "损坏")


def test_huge_text_length_reads_what_is_there(tmp_path):
    offset = lambda word: 64 + 12  # ccpText  # noqa: E731
    path = tmp_path / "来文.doc"
    path.write_bytes(_patched(WordFile([Piece("文字\r")]), "word", offset, struct.pack("<i", 0x7FFFFFFF)))
    assert [p.text for p in read_doc(path).paragraphs] == ["文字"]


def test_huge_counts_in_lists_and_property_pages_are_ignored(tmp_path):
    numbering = bytearray(lst(7, [(37, "\x00、")] + [(0, "")] * 8))
    struct.pack_into("<H", numbering, 2 + 28 + 28, 0xFFFF)  # the first level's text length
    word_file = WordFile([Piece("一段\r二段\r")], para_sprms={2: list_sprms(1)}, lists=bytes(numbering),
                         lfos=lfo(7))
    word, table = word_file.streams()
    word = bytearray(word)
    for page in range(len(word) // 512):  # crun/cpara of every property page: 255
        if page * 512 >= 1024:
            word[page * 512 + 511] = 255
    path = tmp_path / "来文.doc"
    path.write_bytes(cfb({"WordDocument": bytes(word), "1Table": table}))
    assert [p.text for p in read_doc(path).paragraphs] == ["一段", "二段"]


def test_many_nested_fields_are_linear(tmp_path):
    depth = 20_000
    text = "前" + "\x13 IF \x14" * depth + "中" + "\x15" * depth + "后\r"
    path = tmp_path / "来文.doc"
    path.write_bytes(WordFile([Piece(text)]).build())
    assert [p.text for p in read_doc(path).paragraphs] == ["前中后"]


def test_header_table_with_a_huge_count_reads_each_character_once(tmp_path):
    body = "正文\r"
    stories = "页眉\r" * 50
    cps = [0] * 6 + [0, len(stories)] * 5000 + [len(stories)]
    word_file = WordFile([Piece(body + stories)], ccp_text=len(body), ccp_hdd=len(stories), plcfhdd=cps)
    path = tmp_path / "来文.doc"
    path.write_bytes(word_file.build())
    document = read_doc(path)
    assert [s.text for s in document.sources] == ["正文", "页眉"]
