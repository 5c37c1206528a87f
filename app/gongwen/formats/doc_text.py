"""One story of a Word binary document (the body, or one header/footer) → paragraphs,
as Word shows them.

Characters come from the piece table; their properties from the character runs (and the
piece's Prm). A paragraph ends at a paragraph mark (``\\r``), a cell mark (``\\x07``) or a
section mark (``\\x0c`` at the end of a section); a table row's end mark is no paragraph.
Fields (``\\x13`` code ``\\x14`` result ``\\x15``, nested too) show their stored result;
text deleted in a tracked change is left out (a deleted paragraph mark joins the
paragraph to the next), inserted text stays; hidden text, pictures, object anchors and
footnote marks are left out; the automatic list number goes in front of the text.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from .doc_fkp import Run, RunIndex
from .doc_pieces import Piece, decode_chunks
from .doc_sprm import DELETED, HIDDEN, SPECIAL, Modifier, ParaProps, char_flags, para_props
from .docx_numbering import Numberer

FIELD_BEGIN, FIELD_SEPARATOR, FIELD_END = "\x13", "\x14", "\x15"
PARAGRAPH_MARK, CELL_MARK, SECTION_MARK = "\r", "\x07", "\x0c"
NOTE_MARK = "\x02"  # with sprmCFSpec: an automatically numbered footnote reference
KEPT_CONTROLS = {"\t": "\t", "\x1e": "-"}  # tab; non-breaking hyphen (as the .docx reader)
SYMBOL = "("  # with sprmCFSpec: a sprmCSymbol glyph (a w:sym in a .docx, not text)
Chunk = tuple[int, str, int]  # (cp, text, character flags)


@dataclass(slots=True)
class StoryParagraph:
    kind: str  # "body" | "table" (or the story's kind for headers and footers)
    text: str


@dataclass(slots=True)
class Trace:
    """What was read but left out, for comparing with other readers."""

    deleted: list[str] = field(default_factory=list)
    fields: list[tuple[str, str]] = field(default_factory=list)  # (code, stored result)
    bullets: int = 0  # paragraphs of bulleted lists (the bullet is not text)
    note_marks: int = 0  # automatically numbered footnote/endnote references


@dataclass
class Story:
    """The parts of a document a story is read from."""

    word: bytes
    pieces: list[Piece]
    modifiers: list[Modifier]  # per piece
    chars: RunIndex
    paragraphs: RunIndex
    styles: dict[int, ParaProps]
    numberer: Numberer
    word6: bool = False
    fallback_codec: str = ""
    huge_papx: Callable[[int], bytes] = lambda offset: b""
    section_marks: frozenset[int] = frozenset()
    trace: Trace = field(default_factory=Trace)
    _piece_starts: list[int] = field(default_factory=list)
    _flag_cache: dict = field(default_factory=dict)
    _para_cache: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._piece_starts = [p.cp for p in self.pieces]

    def read(self, start: int, end: int, kind: str = "") -> list[StoryParagraph]:
        """The paragraphs of CPs [start, end); ``kind`` overrides body/table (headers)."""
        chunks = list(self._chunks(start, end))
        return _Builder(self, _match_fields(chunks), kind).build(chunks)

    def _chunks(self, start: int, end: int):
        first = max(0, bisect_right(self._piece_starts, start) - 1)
        for index in range(first, len(self.pieces)):
            piece = self.pieces[index]
            if piece.cp >= end:
                break
            low, high = max(start, piece.cp), min(end, piece.end)
            if low >= high:
                continue
            for fc_low, fc_high, run in self.chars.overlapping(piece.fc_of(low), piece.fc_of(high)):
                cp_low = piece.cp + (fc_low - piece.fc) // piece.width
                cp_high = piece.cp + (fc_high - piece.fc) // piece.width
                if cp_low >= cp_high:
                    continue
                flags = self._flags(run, index)
                for cp, text in decode_chunks(self.word, piece, cp_low, cp_high, self.fallback_codec):
                    yield cp, text, flags

    def _flags(self, run: Run | None, piece_index: int) -> int:
        modifier = self.modifiers[piece_index]
        key = (run.grpprl if run else b"", self.pieces[piece_index].prm)  # the Prm decides the modifier
        flags = self._flag_cache.get(key)
        if flags is None:
            flags = char_flags(key[0], self.word6) if run else 0
            if modifier.char_grpprl:
                flags = char_flags(modifier.char_grpprl, modifier.word6, flags)
            self._flag_cache[key] = flags
        return flags

    def paragraph_props(self, cp: int) -> ParaProps:
        """The properties of the paragraph whose mark is at ``cp``."""
        index = max(0, bisect_right(self._piece_starts, cp) - 1)
        piece = self.pieces[index]
        run = self.paragraphs.find(piece.fc_of(cp))
        modifier = self.modifiers[index]
        key = (run.istd, run.grpprl, piece.prm) if run else (None, b"", piece.prm)  # not by FC: shared
        props = self._para_cache.get(key)
        if props is None:
            props = self._resolve(run, modifier)
            self._para_cache[key] = props
        return props

    def _resolve(self, run: Run | None, modifier: Modifier) -> ParaProps:
        istd = run.istd if run else 0
        props = self.styles.get(istd, ParaProps())
        if run:
            props = para_props(run.grpprl, self.word6, props)
        if modifier.para_grpprl:
            props = para_props(modifier.para_grpprl, modifier.word6, props)
        if props.huge_papx is not None:
            props = para_props(self.huge_papx(props.huge_papx), False, props)
        return props


def _match_fields(chunks: list[Chunk]) -> set[int]:
    """CPs of the field characters that belong to a complete field (begin … end, with at
    most one separator); stray or unclosed ones are ignored rather than hiding the text
    after them."""
    valid: set[int] = set()
    stack: list[list[int]] = []  # [begin cp, separator cp or -1]
    for cp, text, _ in chunks:
        if text == FIELD_BEGIN:
            stack.append([cp, -1])
        elif text == FIELD_SEPARATOR and stack and stack[-1][1] < 0:
            stack[-1][1] = cp
        elif text == FIELD_END and stack:
            begin, separator = stack.pop()
            valid.update((begin, cp) if separator < 0 else (begin, separator, cp))
    return valid


class _Builder:
    def __init__(self, story: Story, fields: set[int], kind: str):
        self.story = story
        self.fields = fields
        self.kind = kind
        self.out: list[StoryParagraph] = []
        self.parts: list[str] = []
        self.stack: list[dict] = []  # open fields: {"code": bool, "code_text": [...], "result": [...]}
        self.in_code = 0  # how many open fields are in their code part (text there is hidden)

    def build(self, chunks: list[Chunk]) -> list[StoryParagraph]:
        for cp, text, flags in chunks:
            if len(text) == 1 and text < " ":
                self._control(cp, text, flags)
            else:
                self._text(text, flags)
        if self.parts:  # a story cut short of its last mark
            self.out.append(StoryParagraph(self.kind or "body", "".join(self.parts)))
        return self.out

    def _text(self, text: str, flags: int) -> None:
        if self.in_code:
            if self.stack[-1]["code"]:
                self.stack[-1]["code_text"].append(text)
            return
        if flags & DELETED:
            self.story.trace.deleted.append(text)
            return
        if flags & HIDDEN or (flags & SPECIAL and not text.strip(SYMBOL)):
            return
        self.parts.append(text)
        if self.stack:
            self.stack[-1]["result"].append(text)

    def _control(self, cp: int, char: str, flags: int) -> None:
        if cp in self.fields:
            self._field_char(char)
        elif char in (PARAGRAPH_MARK, CELL_MARK) or (
                char == SECTION_MARK and cp in self.story.section_marks):
            self._mark(cp, char, flags)
        elif char in KEPT_CONTROLS and not self.in_code and not flags & (DELETED | HIDDEN):
            self.parts.append(KEPT_CONTROLS[char])
        elif char == NOTE_MARK and flags & SPECIAL:
            self.story.trace.note_marks += 1

    def _field_char(self, char: str) -> None:
        if char == FIELD_BEGIN:
            self.stack.append({"code": True, "code_text": [], "result": []})
            self.in_code += 1
        elif char == FIELD_SEPARATOR:
            self.stack[-1]["code"] = False
            self.in_code -= 1
        else:
            entry = self.stack.pop()
            self.in_code -= entry["code"]
            code = "".join(entry["code_text"]).strip()
            self.story.trace.fields.append((code, "".join(entry["result"])))

    def _mark(self, cp: int, char: str, flags: int) -> None:
        if char == PARAGRAPH_MARK and (self.in_code or flags & DELETED):
            if flags & DELETED:  # Word shows the paragraph joined to the next one
                self.story.trace.deleted.append("\n")
            return
        props = self.story.paragraph_props(cp)
        if props.row_end and props.in_any_table and not "".join(self.parts).strip():
            self.parts = []
            return
        label = ""
        if props.ilfo and props.ilfo > 0:
            label = self._label(str(props.ilfo), props.ilvl or 0)
        kind = self.kind or ("table" if props.in_any_table else "body")
        self.out.append(StoryParagraph(kind, label + "".join(self.parts)))
        self.parts = []

    def _label(self, list_id: str, level: int) -> str:
        numberer = self.story.numberer
        label = numberer.label_for(list_id, level)
        definition = numberer.lists.get(list_id)
        if not label and definition and level < len(definition.levels) \
                and definition.levels[level].fmt == "bullet":
            self.story.trace.bullets += 1
        return label
