"""Build the proofreader's index once from its data: Aho-Corasick automata (pyahocorasick)
over the wrong forms, over the lexicon written in sound classes and in shape classes, and
over the dated terms. The index is plain picklable data, so the app keeps it in the user
cache folder and a later start only unpickles it (gongwen.proof_cache).

Near misses are found as exact matches in a transformed text: every character is replaced
by its sound class (toneless pinyin with the fuzzy pairs merged, one private-use character
per class) or its shape group, so a span that sounds or looks like a lexicon entry matches
the entry's transformed form exactly; the engine then counts the characters that really
differ. Everything stays linear in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import ahocorasick

from .data import Entry, NumberedSet, Pair, ProofData, SoundSettings

INDEX_FORMAT = 1
CLASS_BASE = 0xF0000  # supplementary private-use plane: never in real text
TABLE_END = 0xA000  # the sound table covers U+0000–U+9FFF (CJK ext. A and the URO)
KIND_LETTERS = {"term": "t", "idiom": "i", "fixed": "f", "set": "s"}
KIND_NAMES = {letter: kind for kind, letter in KIND_LETTERS.items()}


@dataclass(slots=True)
class ProofIndex:
    """Everything the engine needs, built from ProofData; picklable."""

    # Compact rows, not dataclasses, so that unpickling stays a few milliseconds:
    # (wrong, right, check, source, note, after, not_after, before, not_before)
    pairs: tuple[tuple[Any, ...], ...]
    pair_automaton: Any  # wrong form → tuple of pair numbers
    entry_texts: tuple[str, ...]
    entry_kinds: str  # one letter an entry: KIND_LETTERS
    entry_since: dict[int, tuple[int, int]]  # entry number → (year, month) of first use
    entry_set: frozenset[str]
    sound_table: str  # str.translate table: character code → its sound class
    shape_table: dict[int, int]
    sound_automaton: Any  # entry in sound classes → tuple of entry numbers
    shape_automaton: Any
    dated_automaton: Any  # dated entry → entry number
    wrong_forms: frozenset[str]
    diffs_allowed: dict[int, int]  # entry length → differing characters allowed
    min_length: int
    real_word_freq: int
    quiet_chars: frozenset[str]
    sets: tuple[NumberedSet, ...]
    set_number: re.Pattern[str] | None  # ([一二…])个(tail)
    inner_word_freq: int = 0
    checks: dict[str, Any] = field(default_factory=dict)
    key: str = ""  # what it was built from (see gongwen.proof_cache)

    def entry_kind(self, number: int) -> str:
        return KIND_NAMES[self.entry_kinds[number]]

    def sound_class(self, char: str) -> str:
        code = ord(char)
        return self.sound_table[code] if code < len(self.sound_table) else char


def _automaton(items: dict[str, Any]) -> Any:
    automaton = ahocorasick.Automaton()
    for key, value in items.items():
        automaton.add_word(key, value)
    if len(automaton):
        automaton.make_automaton()
    return automaton


def fuzzy_syllable(syllable: str, sound: SoundSettings) -> str:
    """Toneless pinyin with the fuzzy initials and finals merged (zh→z, ang→an…)."""
    for long, short in sorted(sound.initials, key=lambda p: -len(p[0])):
        if syllable.startswith(long) and not (long == "n" and syllable.startswith("ng")):
            syllable = short + syllable[len(long):]
            break
    for long, short in sorted(sound.finals, key=lambda p: -len(p[0])):
        if syllable.endswith(long):
            syllable = syllable[: -len(long)] + short
            break
    return syllable


def sound_table(sound: SoundSettings, readings: dict[int, str] | None = None) -> str:
    """A str.translate table (a string indexed by character code: one string unpickles in
    no time, a 40,000-entry dict takes 20 ms) mapping each character below U+A000 to its
    sound class; characters without a reading map to themselves. ``readings`` (code →
    pinyin with tone marks, first reading first) defaults to pypinyin's table."""
    if readings is None:
        from pypinyin.pinyin_dict import pinyin_dict as readings
    from pypinyin.contrib.tone_convert import to_normal

    classes: dict[str, int] = {}
    table = [chr(code) for code in range(TABLE_END)]
    for code, value in readings.items():
        if 0x3400 <= code < TABLE_END:
            syllable = fuzzy_syllable(to_normal(value.split(",")[0]), sound)
            table[code] = chr(CLASS_BASE + classes.setdefault(syllable, len(classes)))
    return "".join(table)


def shape_table(groups: list[str]) -> dict[int, int]:
    """Character code → the code of its group's first character; groups that share a
    character are joined (union–find)."""
    parent: dict[str, str] = {}

    def root(char: str) -> str:
        while parent.setdefault(char, char) != char:
            parent[char] = parent[parent[char]]
            char = parent[char]
        return char

    for group in groups:
        first = root(group[0])
        for char in group[1:]:
            other = root(char)
            if other != first:
                parent[other] = first
    return {ord(char): ord(root(char)) for char in parent if root(char) != char}


def build_index(data: ProofData, readings: dict[int, str] | None = None, key: str = "") -> ProofIndex:
    """ProofData → ProofIndex (about a second for a few thousand entries; cached by the app)."""
    sounds = sound_table(data.sound, readings)
    shapes = shape_table(data.shapes)
    by_wrong: dict[str, list[int]] = {}
    for number, pair in enumerate(data.pairs):
        by_wrong.setdefault(pair.wrong, []).append(number)
    entries = index_entries(data)
    settings = data.near_miss
    sound_keys: dict[str, list[int]] = {}
    shape_keys: dict[str, list[int]] = {}
    dated: dict[str, int] = {}
    grouped = {chr(c) for c in shapes} | {chr(c) for c in shapes.values()}
    for number, entry in enumerate(entries):
        if entry.since:
            dated[entry.text] = number
        if len(entry.text) < settings.min_length or "、" in entry.text:
            continue
        sound_keys.setdefault(entry.text.translate(sounds), []).append(number)
        if grouped.intersection(entry.text):
            shape_keys.setdefault(entry.text.translate(shapes), []).append(number)
    longest = max((len(e.text) for e in entries), default=0)
    return ProofIndex(
        pairs=tuple(_pair_row(p) for p in data.pairs),
        pair_automaton=_automaton({k: tuple(v) for k, v in by_wrong.items()}),
        entry_texts=tuple(e.text for e in entries),
        entry_kinds="".join(KIND_LETTERS[e.kind] for e in entries),
        entry_since={n: e.since for n, e in enumerate(entries) if e.since},
        entry_set=frozenset(e.text for e in entries),
        sound_table=sounds, shape_table=shapes,
        sound_automaton=_automaton({k: tuple(v) for k, v in sound_keys.items()}),
        shape_automaton=_automaton({k: tuple(v) for k, v in shape_keys.items()}),
        dated_automaton=_automaton(dated),
        wrong_forms=frozenset(p.wrong for p in data.pairs),
        diffs_allowed={n: settings.diffs_allowed(n) for n in range(longest + 1)},
        min_length=settings.min_length, real_word_freq=settings.real_word_freq,
        quiet_chars=frozenset(settings.quiet_chars),
        sets=tuple(data.sets), set_number=_set_number_pattern(data.sets),
        inner_word_freq=settings.inner_word_freq,
        checks=dict(data.checks), key=key)


def _pair_row(pair: Pair) -> tuple[Any, ...]:
    return (pair.wrong, pair.right, pair.check, pair.source, pair.note,
            pair.after.pattern if pair.after else "", pair.not_after.pattern if pair.not_after else "",
            pair.before, pair.not_before)


def index_entries(data: ProofData) -> tuple[Entry, ...]:
    """The entries as the index numbers them (for the example checks)."""
    return _unique_entries([*data.entries, *(Entry(s.name, "set", None, s.where) for s in data.sets)])


def _unique_entries(entries: list[Entry]) -> tuple[Entry, ...]:
    """One entry per text: a set name stays a set (its misspellings are formulation
    errors), and a date given anywhere is kept."""
    seen: dict[str, Entry] = {}
    for entry in entries:
        old = seen.get(entry.text)
        if old is None:
            seen[entry.text] = entry
            continue
        kind = "set" if "set" in (old.kind, entry.kind) else old.kind
        seen[entry.text] = Entry(entry.text, kind, old.since or entry.since, old.where)
    return tuple(seen.values())


def _set_number_pattern(sets: tuple[NumberedSet, ...] | list[NumberedSet]) -> re.Pattern[str] | None:
    tails = sorted({s.number_tail[1] for s in sets if s.number_tail}, key=len, reverse=True)
    if not tails:
        return None
    return re.compile(r"([一二三四五六七八九十两]{1,2})个(" + "|".join(map(re.escape, tails)) + ")")
