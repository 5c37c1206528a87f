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
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import ahocorasick

from .model import Entry, NumberedSet, Pair, ProofData, SoundSettings

INDEX_FORMAT = 3
OTHER = "~"  # the code symbol of characters without a reading (punctuation, Latin…)
SYMBOLS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


ENTRY, PAIR, VARIANT = 0, 1, 2  # kinds of automaton values
KIND_LETTERS = {"term": "t", "idiom": "i", "fixed": "f", "set": "s"}
KIND_NAMES = {letter: kind for kind, letter in KIND_LETTERS.items()}


@dataclass(slots=True)
class ProofIndex:
    """Everything the engine needs, built from ProofData; picklable and compact (tuples
    and strings, not dataclasses), so that unpickling takes milliseconds.

    One automaton does all the matching. It runs over the paragraph written in *sound
    codes*: every character becomes two symbols naming its sound class (toneless pinyin,
    fuzzy pairs merged), so a span that sounds like an entry matches the entry's code
    exactly. Its keys are the sound codes of (e) the lexicon entries, (p) the wrong forms of
    the pairs and (v) the look-alike variants of the entries (one character replaced by
    another of its shape group); each hit is then checked against the real characters.
    (pyahocorasick looks a node's children up one by one: over two symbols from a small
    alphabet it runs five times faster than over the characters themselves.)
    """

    # sound code → tuple of (kind, number, form, length): kind 0 a lexicon entry (number:
    # the entry), 1 a pair's wrong form (number: the pair), 2 a look-alike variant of an
    # entry (number: the entry); form: the characters to compare with the text
    automaton: Any
    sound_codes: tuple[str, ...]  # str.translate table: code point (BMP) → two symbols
    # (wrong, right, check, source, note, after, not_after, before, not_before)
    pairs: tuple[tuple[Any, ...], ...]
    entry_texts: tuple[str, ...]
    entry_kinds: str  # one letter an entry: KIND_LETTERS
    entry_since: dict[int, tuple[int, int]]  # entry number → (year, month) of first use
    entry_set: frozenset[str]
    shape_table: dict[int, int]
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

    def same_sound(self, a: str, b: str) -> bool:
        code = self.sound_codes[ord(a)] if ord(a) < 0x10000 else OTHER * 2
        return code != OTHER * 2 and code == (self.sound_codes[ord(b)] if ord(b) < 0x10000 else "")

    def same_shape(self, a: str, b: str) -> bool:
        return self.shape_table.get(ord(a), ord(a)) == self.shape_table.get(ord(b), ord(b))


def _automaton(items: dict[str, Any]) -> Any:
    automaton = ahocorasick.Automaton()
    for key, value in items.items():
        automaton.add_word(key, value)
    if len(automaton):
        automaton.make_automaton()
    return automaton


@cache
def _rules(sound_key: tuple) -> tuple:
    initials, finals = sound_key
    return (tuple(sorted(initials, key=lambda p: -len(p[0]))),
            tuple(sorted(finals, key=lambda p: -len(p[0]))))


def fuzzy_syllable(syllable: str, sound: SoundSettings) -> str:
    """Toneless pinyin with the fuzzy initials and finals merged (zh→z, ang→an…)."""
    initials, finals = _rules((sound.initials, sound.finals))
    for long, short in initials:
        if syllable.startswith(long) and not (long == "n" and syllable.startswith("ng")):
            syllable = short + syllable[len(long):]
            break
    for long, short in finals:
        if syllable.endswith(long):
            syllable = syllable[: -len(long)] + short
            break
    return syllable


TONE_MARKS = dict.fromkeys(map(ord, "\u0300\u0301\u0304\u030c"))  # ` ´ ¯ ˇ, combining


@cache
def toneless(reading: str) -> str:
    """zhòng → zhong, lǜ → lv (pypinyin's to_normal does the same, a hundred times slower)."""
    return unicodedata.normalize("NFD", reading).translate(TONE_MARKS).replace("u\u0308", "v")


def sound_codes(sound: SoundSettings, readings: dict[int, str] | None = None) -> tuple[str, ...]:
    """Code point (U+0000–U+FFFF) → two symbols naming its sound class; characters without
    a reading get OTHER twice. ``readings`` (code → pinyin with tone marks, first reading
    first) defaults to pypinyin's table. Equal strings are one object, so the table
    pickles small."""
    if readings is None:
        from pypinyin.pinyin_dict import pinyin_dict as readings
    syllable_of = {code: fuzzy_syllable(toneless(value.split(",")[0]), sound)
                   for code, value in readings.items() if 0x3400 <= code < 0x10000}
    syllables = sorted(set(syllable_of.values()))
    if len(syllables) > len(SYMBOLS) ** 2:
        raise ValueError("too many sound classes for two symbols")
    code_of = {s: SYMBOLS[i // len(SYMBOLS)] + SYMBOLS[i % len(SYMBOLS)]
               for i, s in enumerate(syllables)}
    table = [OTHER * 2] * 0x10000
    for code, syllable in syllable_of.items():
        table[code] = code_of[syllable]
    return tuple(table)


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
    """ProofData → ProofIndex (a few seconds for a few thousand entries; cached by the app)."""
    codes = sound_codes(data.sound, readings)
    shapes = shape_table(data.shapes)
    entries = index_entries(data)
    settings = data.near_miss
    keys: dict[str, list[tuple]] = {}
    for number, entry in enumerate(entries):
        if len(entry.text) >= settings.min_length or entry.since:  # short ones: only if dated
            keys.setdefault(entry.text.translate(codes), []).append(
                (ENTRY, number, entry.text, len(entry.text)))
    for number, pair in enumerate(data.pairs):
        keys.setdefault(pair.wrong.translate(codes), []).append(
            (PAIR, number, pair.wrong, len(pair.wrong)))
    variants = _shape_variants(entries, shapes, settings.min_length)
    for entry, variant in variants:
        keys.setdefault(variant.translate(codes), []).append((VARIANT, entry, variant, len(variant)))
    longest = max((len(e.text) for e in entries), default=0)
    return ProofIndex(
        automaton=_automaton({k: tuple(v) for k, v in keys.items()}),
        sound_codes=codes,
        pairs=tuple(_pair_row(p) for p in data.pairs),
        entry_texts=tuple(e.text for e in entries),
        entry_kinds="".join(KIND_LETTERS[e.kind] for e in entries),
        entry_since={n: e.since for n, e in enumerate(entries) if e.since},
        entry_set=frozenset(e.text for e in entries),
        shape_table=shapes,
        wrong_forms=frozenset(p.wrong for p in data.pairs),
        diffs_allowed={n: settings.diffs_allowed(n) for n in range(longest + 1)},
        min_length=settings.min_length, real_word_freq=settings.real_word_freq,
        quiet_chars=frozenset(settings.quiet_chars),
        sets=tuple(data.sets), set_number=_set_number_pattern(data.sets),
        inner_word_freq=settings.inner_word_freq,
        checks=dict(data.checks), key=key)


def _shape_variants(entries, shapes: dict[int, int], min_length: int) -> list[tuple[int, str]]:
    """(entry number, the entry with one character replaced by a look-alike)."""
    groups: dict[int, list[str]] = {}
    for char_code, root in shapes.items():
        groups.setdefault(root, [chr(root)]).append(chr(char_code))
    members = {char: group for group in groups.values() for char in group}
    variants = []
    for number, entry in enumerate(entries):
        text = entry.text
        if len(text) < min_length or "、" in text:
            continue
        for offset, char in enumerate(text):
            for other in members.get(char, ()):
                if other != char:
                    variants.append((number, text[:offset] + other + text[offset + 1:]))
    return variants


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
    tails = sorted({s.number_tail[1] for s in sets if s.number_tail}, key=lambda t: (-len(t), t))
    if not tails:
        return None
    return re.compile(r"([一二三四五六七八九十两]{1,2})个(" + "|".join(map(re.escape, tails)) + ")")
