"""Names of other places, units and people left from someone else's template.

jieba only cuts word boundaries; a name is decided by suffix (…市/县/镇/村/街道/社区),
by dictionary place tags (ns), and by 同志 after a person's name — then compared with the
unit profile. Word lists: residue.toml.

jieba segments each block of Han text (a clause between punctuation marks) on its own, so
only the blocks where a name can stand are segmented: those holding a place suffix after
their first character, a person cue, or a dictionary place word, and their neighbours
across a 、 (a list of places). The others stay one opaque token. The words, and so the
findings, are the same as segmenting every character (tests/core/test_rules.py checks
it), but for one-character place words (京, 沪): alone they abbreviate a province, they
name no unit, and looking for them would segment nearly every block.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import CJK, Finding, Paragraph, Role
from ..rulepack import RulePack
from ..segment import HAN_BLOCK, plain_tokens
from .base import Context, Env, Family

NAME_TAGS = {"nr", "ns", "nrt", "nz", "j", "ng", "nrfg", "zg", ""}
# single characters that are never part of a name: conjunctions, adverbs, verbs, pronouns…
STOP_TAGS = {"c", "d", "p", "u", "uj", "ul", "uz", "ug", "uv", "ud", "r", "v", "vn", "f", "m", "q",
             "t", "y", "e", "o", "x", "k", "h", "a", "ad", "zg"}
HAN = re.compile(rf"^[{CJK}]+$")


@dataclass(frozen=True, slots=True)
class Name:
    start: int
    end: int
    text: str
    kind: str  # "place" or "person"


OPAQUE = "x"  # the tag of a piece left unsegmented: never name-like, never a place


Tokens = list[tuple[int, str, str]]


def _tokens(text: str, env: Env) -> tuple[Tokens, list[int]]:
    """(start, word, tag) of the words the rules read (see the module docstring): jieba's
    words in the blocks where a name may stand and in the pieces beside them, one opaque
    token for each block beyond those, a gap token between such windows; [] when no name
    can stand anywhere. And the indexes of the segmented tokens (a name is made of them).

    The rules read at most two tokens either side of a word of a wanted block, so each
    window is the block, the pieces between it and its neighbour blocks, and those
    neighbours (opaque unless wanted too): the rest of the paragraph is never made into
    tokens."""
    suffixes, places = _candidates(text, env)
    if not suffixes and not places:
        return [], []
    spans = [m.span() for m in HAN_BLOCK.finditer(text)]
    wanted = _wanted_blocks(text, spans, suffixes, places)
    if not wanted:
        return [], []
    # pieces numbered in text order: 2k + 1 is block k, 2k what lies before it, 2n the end
    segmented = {2 * k + d for k in wanted for d in (0, 1, 2)}
    shown = sorted(segmented | {2 * k + d for k in wanted for d in (-1, 3)
                                if 0 <= k + (d - 1) // 2 < len(spans)})
    segmenter, tokens, live = env.segmenter, [], []
    previous = None
    for number in shown:
        start, end = _piece(number, spans, len(text))
        if start == end:
            continue
        if previous is not None and number > previous + 1:
            tokens.append((start, GAP, OPAQUE))  # the pieces between two windows
        previous = number
        piece = text[start:end]
        if number not in segmented:
            tokens.append((start, piece, OPAQUE))
            continue
        position = start
        words = segmenter.tagged_block(piece) if number % 2 else \
            [(word, segmenter.tag(word)) for word in plain_tokens(piece)]
        for word, tag in words:
            live.append(len(tokens))
            tokens.append((position, word, tag))
            position += len(word)
    return tokens, live


GAP = "\x00"  # the word of the token standing for the pieces between two windows


def _piece(number: int, spans: list[tuple[int, int]], length: int) -> tuple[int, int]:
    """Where piece ``number`` of ``_tokens`` lies: a block, or the text before block
    ``number // 2`` (after the last block: to the end)."""
    if number % 2:
        return spans[number // 2]
    k = number // 2
    return (spans[k - 1][1] if k else 0), (spans[k][0] if k < len(spans) else length)


def _candidates(text: str, env: Env) -> tuple[list[int], list[int]]:
    """Where a place suffix or a person cue starts (after the first character), and the
    characters of a dictionary place word where its context could make it a place (right
    after a cue such as 赴, right before a suffix or a media word, beside a 、) — found by a
    few searches over the paragraph, not block by block. Textual adjacency is all the
    token rules can see and more, so no name is missed."""
    vocabulary = _lexicon(env)
    suffixes = [m.start() for m in vocabulary.suffix_cue.finditer(text, 1)]
    places, heads, tails = _place_words(vocabulary, env.segmenter)
    found = []
    for match in vocabulary.before_place.finditer(text):
        end = match.end()
        if any(text[end:end + k] in places for k in heads.get(text[end:end + 2], ())):
            found.append(end)
    for match in vocabulary.after_place.finditer(text):
        start = match.start()
        if start >= 2 and any(text[start - k:start] in places
                              for k in tails.get(text[start - 2:start], ()) if k <= start):
            found.append(start - 1)
    return suffixes, found


def _place_words(vocabulary: _Lexicon, segmenter) -> tuple[frozenset[str], dict, dict]:
    """The dictionary's place words (less the allowed names) and their edges, asked of the
    segmenter once (its key, the allowed names, is a long tuple to hash per paragraph)."""
    kept = vocabulary.place_words
    if kept and kept[0] is segmenter:
        return kept[1]
    found = (segmenter.words_of_tag("ns", vocabulary.allowed)[0],
             *segmenter.word_edges("ns", vocabulary.allowed))
    kept[:] = [segmenter, found]
    return found


def _wanted_blocks(text: str, spans: list[tuple[int, int]], suffixes: list[int],
                   places: list[int]) -> set[int]:
    """The blocks (numbers in ``spans``) holding a suffix after their first character, or
    a character of a place word in context, and their neighbours across a single 、."""
    starts = [start for start, _ in spans]
    found = set()
    for position in suffixes:
        number = bisect.bisect_right(starts, position) - 1
        if number >= 0 and starts[number] < position < spans[number][1]:
            found.add(number)  # a suffix needs a character of its block before it
    for position in places:
        number = bisect.bisect_right(starts, position) - 1
        if number >= 0 and position < spans[number][1]:
            found.add(number)
        else:  # between blocks (a character jieba keeps apart): both neighbours
            found.update(n for n in (number, number + 1) if 0 <= n < len(spans))
    for number in list(found):
        if number + 1 < len(spans) and text[spans[number][1]:spans[number + 1][0]] == "、":
            found.add(number + 1)
        if number > 0 and text[spans[number - 1][1]:spans[number][0]] == "、":
            found.add(number - 1)
    return found


@dataclass(frozen=True, slots=True)
class _Lexicon:
    """The residue lists as the scans read them, made once per pack."""

    suffix_cue: re.Pattern[str]  # a place suffix or a person cue
    before_place: re.Pattern[str]  # what may stand right before a place word: a cue, 、
    after_place: re.Pattern[str]  # …right after one: a suffix, a media word, 、
    allowed: tuple[str, ...]
    allowed_set: frozenset[str]
    suffixes: tuple[str, ...]
    suffix_set: frozenset[str]
    # jieba tags some real places as plain nouns (卫辉市): accept those only with these
    plain_noun_suffixes: tuple[str, ...]
    generic: frozenset[str]
    generic_tail: Callable[[str], bool]
    cues_before: frozenset[str]
    cues_after: tuple[str, ...]
    levels: frozenset[str]
    unit_suffixes: frozenset[str]
    not_name_words: frozenset[str]
    unit_cues_after: frozenset[str]
    not_people: frozenset[str]
    person: re.Pattern[str] | None
    person_cue: re.Pattern[str]  # any person cue (同志): what ``person`` needs
    # [segmenter, (place words, heads, tails)] of the last segmenter asked (_place_words)
    place_words: list = field(default_factory=list, compare=False)


def _lexicon(env: Env) -> _Lexicon:
    return env.pack.derived("residue", _make_lexicon)


def _longest_first(word: str) -> tuple[int, str]:
    """The longest alternative first, ties in one order every run (a set's order changes
    from run to run, and gongwen.regex_cache keys a pattern by its text)."""
    return -len(word), word


def _make_lexicon(pack: RulePack) -> _Lexicon:
    def words(name: str) -> tuple[str, ...]:
        return tuple(pack.words(name))

    def alternatives(items: set[str]) -> re.Pattern[str]:
        return re.compile("|".join(map(re.escape, sorted(items, key=_longest_first))) or r"(?!)")

    suffixes, after = words("place_suffixes"), words("place_cues_after")
    return _Lexicon(
        suffix_cue=alternatives({*suffixes, *words("person_cues")}),
        before_place=alternatives({*words("place_cues_before"), "、"}),
        after_place=alternatives({*suffixes, *after, "、"}),
        allowed=words("allowed_names"), allowed_set=frozenset(words("allowed_names")),
        suffixes=suffixes, suffix_set=frozenset(suffixes),
        plain_noun_suffixes=words("plain_noun_place_suffixes"),
        generic=frozenset(words("generic_words")), generic_tail=_tail_test(words("generic_words")),
        cues_before=frozenset(words("place_cues_before")), cues_after=after,
        levels=frozenset(words("administrative_levels")),
        unit_suffixes=frozenset(words("unit_suffixes")),
        not_name_words=frozenset(words("not_name_words")),
        unit_cues_after=frozenset(words("unit_cues_after")),
        not_people=frozenset(words("allowed_names")) | frozenset(words("generic_words")),
        person=_person_pattern(words("person_cues")),
        person_cue=alternatives(set(words("person_cues"))))


def _name_like(word: str, tag: str) -> bool:
    if not HAN.match(word):
        return False
    return tag not in STOP_TAGS if len(word) == 1 else tag in NAME_TAGS


def _tail_test(words: tuple[str, ...]) -> Callable[[str], bool]:
    """``word.endswith(words)`` by a set probe per length (the list has a hundred words)."""
    if "" in words:
        return lambda word: True
    ends = frozenset(words)
    lengths = tuple(sorted({len(w) for w in words}))

    def test(word: str) -> bool:
        size = len(word)
        for k in lengths:  # shortest first
            if k > size:
                return False
            if word[-k:] in ends:
                return True
        return False
    return test


def _places(tokens: Tokens, live: list[int], env: Env) -> list[Name]:
    lex = _lexicon(env)
    suffixes = lex.suffixes
    names: list[Name] = []
    for i in live:
        start, word, tag = tokens[i]
        if word in lex.suffix_set:  # before the generic test: 社区 alone is generic, 新光|社区 a name
            name = _suffix_name(tokens, i, lex)
            if name is not None:
                names.append(name)
            continue
        if tag != "ns" and (len(word) < 3 or (tag not in NAME_TAGS and tag != "n")):
            continue  # neither suffixed (below) nor a dictionary place: no name
        if word in lex.allowed_set or not HAN.match(word) or lex.generic_tail(word):
            continue
        suffixed = word.endswith(suffixes) and len(word) >= 3 \
            and (tag in NAME_TAGS or (tag == "n" and word.endswith(lex.plain_noun_suffixes)))
        if suffixed or (tag == "ns" and _place_context(tokens, i, lex)):
            names.append(Name(start, start + len(word), word, "place"))
    return _join_adjacent(names)


def _suffix_name(tokens: list[tuple[int, str, str]], i: int, lex: _Lexicon) -> Name | None:
    """A name ending in the suffix token ``tokens[i]``: up to three name-like tokens (2–4
    characters) before it (韩|窑|村); or, before 街道/社区/村/镇, one ordinary two-character
    word (新光|社区, 光明|社区) where the context shows a unit — an organisation after it
    (居委会, 党委), a list (、 和), or a place cue before it (走进) — and the word is no
    modifier or verb (和谐社区, 深入社区, 城乡社区)."""
    start, word, _tag = tokens[i]
    suffixes, generic = lex.suffixes, lex.generic
    j, chars = i, 0
    while j > 0 and chars + len(tokens[j - 1][1]) <= 4 \
            and _name_like(tokens[j - 1][1], tokens[j - 1][2]) \
            and tokens[j - 1][1] not in generic and not tokens[j - 1][1].endswith(suffixes):
        j -= 1
        chars += len(tokens[j][1])
    prefix = "".join(t[1] for t in tokens[j:i])
    if 2 <= chars <= 4 and prefix + word not in generic:
        return Name(tokens[j][0], start + len(word), "", "place")
    if i == 0 or word not in lex.unit_suffixes:
        return None
    before_start, before, _ = tokens[i - 1]
    if len(before) != 2 or not HAN.match(before) or before in generic \
            or before in lex.not_name_words:
        return None
    after = tokens[i + 1][1] if i + 1 < len(tokens) else ""
    cue = tokens[i - 2][1] if i >= 2 else ""
    if after in lex.unit_cues_after or cue in lex.cues_before:
        return Name(before_start, start + len(word), "", "place")
    return None


def _place_context(tokens: list[tuple[int, str, str]], i: int, lex: _Lexicon) -> bool:
    """A two-character ns word is a place only where the context says so: in a list
    (、长春、), after 到/赴/考察…, or before a suffix or a media word (桂阳手机报)."""
    before = tokens[i - 1][1] if i > 0 else ""
    after = tokens[i + 1][1] if i + 1 < len(tokens) else ""
    return (before in lex.cues_before or after in lex.suffix_set
            or after.startswith(lex.cues_after) or _listed_with_places(tokens, i, lex))


def _listed_with_places(tokens: list[tuple[int, str, str]], i: int, lex: _Lexicon) -> bool:
    """中央、省、长春、我市: a neighbour across a 、 is itself a place or an administrative level."""
    for step in (-2, 2):
        mark, other = i + step // 2, i + step
        if 0 <= other < len(tokens) and tokens[mark][1] == "、":
            word, tag = tokens[other][1], tokens[other][2]
            if tag == "ns" or word.endswith(lex.suffixes) or word in lex.levels:
                return True
    return False


def _join_adjacent(names: list[Name]) -> list[Name]:
    """卫辉市 + 太公镇 + 韩窑村 → one name."""
    joined: list[Name] = []
    for name in sorted(names, key=lambda n: (n.start, -n.end)):
        if joined and joined[-1].end == name.start:
            joined[-1] = Name(joined[-1].start, name.end, "", "place")
        elif not joined or name.start >= joined[-1].end:
            joined.append(name)
    return joined


@lru_cache(maxsize=4)
def _person_pattern(cues: tuple[str, ...]) -> re.Pattern[str] | None:
    """Two or three Han characters before a cue such as 同志: a person's name."""
    words = "|".join(map(re.escape, cues))
    return re.compile(rf"([\u4e00-\u9fff]{{2,3}})(?:{words})") if words else None


def _people(text: str, tokens: Tokens, live: list[int], env: Env) -> list[Name]:
    """A person's name must start on a segmented token (an opaque one's tag is no name's)."""
    lex = _lexicon(env)
    person = lex.person
    if person is None or lex.person_cue.search(text) is None:  # most paragraphs name no one
        return []
    allowed = lex.not_people
    tags = {tokens[i][0]: tokens[i][2] for i in live}
    starts = tags.keys()
    people = []
    for match in person.finditer(text):
        name = match.group(1)
        for offset in range(len(name) - 1):  # the longest tail that starts on a token
            candidate = name[offset:]
            start = match.start(1) + offset
            if start in starts and candidate not in allowed and tags.get(start) in ("nr", "nrfg", ""):
                people.append(Name(start, match.end(1), candidate, "person"))
                break
    return people


class ResidueFamily(Family):
    category = "residue"
    needs_segmenter = True
    rules = ("residue.place", "residue.person")
    lists = ("place_suffixes", "plain_noun_place_suffixes", "generic_words", "allowed_names",
             "place_cues_before", "place_cues_after", "administrative_levels", "person_cues",
             "unit_suffixes", "not_name_words", "unit_cues_after")

    def scan(self, paragraph: Paragraph, env: Env) -> tuple[list[Finding], tuple[Name, ...]]:
        if paragraph.role in (Role.BLANK,) or env.segmenter is None:
            return [], ()
        tokens, live = _tokens(paragraph.text, env)
        if not tokens:
            return [], ()
        names = _places(tokens, live, env) + _people(paragraph.text, tokens, live, env)
        return [], tuple(Name(n.start, n.end, paragraph.text[n.start:n.end], n.kind) for n in names)

    def review_key(self, ctx: Context) -> tuple:
        return (ctx.data.get(self.name, []),)  # the profile is the auditor's own

    def review(self, ctx: Context) -> list[Finding]:
        """Names the profile does not own; without a profile, a softer "please confirm"."""
        profile = ctx.env.profile
        variant = "" if profile.given else "unconfirmed"
        suffixes = tuple(ctx.env.pack.words("place_suffixes"))
        found = []
        for paragraph, names in zip(ctx.document.paragraphs, ctx.data.get(self.name, [])):
            for name in names or ():
                if profile.owns(name.text, suffixes):
                    continue
                found.append(ctx.env.rule(f"residue.{name.kind}").finding(
                    paragraph.index, name.start, name.end, paragraph.text, variant=variant))
        return found
