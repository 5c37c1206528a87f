"""Which block of the draft answers which checklist section.

A section is answered by a block of the report, judged as a reviewer reads it:

- a heading naming it (strong): its keywords weigh at least 1 (``Section.score``; a
  checklist may weigh words, and words against a section weigh less than 0);
- the lead sentence of a paragraph opening with 一是/第一， (strong: real reports use them
  as headings; a （一）……。 paragraph is a heading already), or a paragraph whose first short
  clause opens with its topic (下一步，我们将… 在网络意识形态方面，…); inside a paragraph, a
  sentence opening so may start a closing section (……。存在的问题：一是…), and a section's
  opening phrase (checklists: openers) starts it anywhere (……，但还存在一些薄弱环节，主要是：);
- the body of a block (weak): keyword density over the block's own text — enough different
  keywords, often enough, per hundred characters — or one sentence of it about the section
  (several keywords, of two kinds or more: 先后组织19次党组中心组扩大会，进行集中学习), not a
  lucky pair in one long paragraph.

The opening (导语, which lists every topic before the first heading) and a table of
contents answer nothing, except that the opening may answer the overview section (总体
情况, 履职情况) when nothing else does. Junk lines answer nothing. Strong answers beat weak
ones; among strong ones the highest level wins (an 一、 beats a （一）), then the better score.
One block may answer several sections (四、存在问题及下一步计划). What is written under the
heading of a closing section (存在问题, 下一步打算) answers no other section: 一是理论学习不够
深入 there is a problem, not the 理论学习 part. Thresholds: structure.toml.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field
from itertools import islice

from .checklist import HEADING_SCORE, Checklist, Section
from .model import Block, Document, Paragraph, Role
from .rulepack import RulePack
from .shape import Shape, content_start

KINDS = ("heading", "lead", "body", "opening")  # strongest first
LEAD_END = re.compile(r"[。；;！？!?]")
CLAUSE_END = re.compile(r"[，,：:。；;！？!?]")
CACHE_LIMIT = 50_000
SENTENCE_TEXT = re.compile(r"[^。！？!?；;]+")
# the first clause of a sentence after the first one in a paragraph
# the sentence end itself starts the match (a look-behind first is tried at every position)
SENTENCE_CLAUSE = re.compile(r"[。！？!?][ \u3000]*([^。！？!?，,：:；;]{1,20})[，,：:]")
# the clause of an opening that announces the report: 现将2024年工作情况总结如下。
ANNOUNCEMENT = re.compile(r"(?:现将|特将|下面将|兹将)[^。！？]*?(?:如下|报告|汇报)[^。！？]*[。！？：:]?")


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a section sits: the paragraphs answering it and the words that name it."""

    section: str
    paragraph: int  # the paragraph that names it (a heading, a lead sentence, a block's first)
    start: int  # paragraph range covered
    end: int
    kind: str = "heading"  # one of KINDS
    name_start: int = 0  # the naming words inside ``paragraph`` (the heading, the lead sentence)
    name_end: int = 0
    # an item inside a paragraph (……；三是建立网络舆情处置制度…): the stretch of ``paragraph``
    # it covers, up to the next item — its length and figures are the section's
    item: tuple[int, int] | None = None

    @property
    def by_heading(self) -> bool:
        return self.kind == "heading"

    @property
    def strong(self) -> bool:
        """Found by a heading or a lead sentence: a figure gap there is the writer's to fill."""
        return self.kind in ("heading", "lead")


@dataclass(frozen=True, slots=True)
class Limits:
    heading_chars: int  # heading words beyond this many do not name sections
    lead_chars: int  # a first clause this short may name the paragraph's subject
    lead_sentence_chars: int  # the lead sentence of 一是……。 read up to this many characters
    weak_distinct: int  # weak answer: this many different keywords…
    weak_hits: float  # …weighing this much in all…
    weak_density: float  # …and this much per hundred characters…
    sentence_hits: int  # …or one sentence holds this many keywords (of weak_distinct kinds)

    @classmethod
    def of(cls, pack: RulePack) -> Limits:
        t = pack.threshold
        return cls(int(t("section_heading_max_chars")), int(t("section_lead_chars")),
                   int(t("section_lead_sentence_chars")), int(t("section_weak_min_distinct")),
                   float(t("section_weak_min_hits")), float(t("section_weak_min_density")),
                   int(t("section_sentence_min_hits")))


@dataclass(slots=True)
class Candidate:
    kind: str
    level: int
    paragraph: int
    start: int
    end: int
    name: tuple[int, int]
    text: str  # what is scored: heading words, a lead sentence
    topic: bool = False  # a short first clause: names a section only by opening with it
    closing_only: bool = False  # inside a paragraph: may start a closing section only
    inline: bool = False  # an enumeration inside a paragraph (……。五是网络宣传阵地。)
    opens: str = ""  # the section whose opening phrase this is (Section.openers)
    item: tuple[int, int] | None = None  # an inline candidate's stretch of its paragraph


@dataclass(slots=True)
class Unit:
    """A stretch of body text judged by keyword density."""

    paragraph: int
    start: int
    end: int
    members: list[int] = field(default_factory=list)


class SectionFinder:
    """Finds anchors for one checklist; keeps the keyword counts of each paragraph text (a
    keystroke changes one paragraph, so one is counted again)."""

    def __init__(self, checklist: Checklist, pack: RulePack):
        self.checklist = checklist
        self.limits = Limits.of(pack)
        # by text: (the keywords it holds by section, each section's counts once asked)
        self._counts: OrderedDict[str, tuple[dict[int, set[str]], dict[int, tuple]]] = \
            OrderedDict()
        self._scores: OrderedDict[str, tuple[float, ...]] = OrderedDict()
        self._clauses: OrderedDict[str, tuple[tuple[int, int], ...]] = OrderedDict()
        self._openers: OrderedDict[str, tuple[tuple[str, int, int], ...]] = OrderedDict()
        self._prototypes: OrderedDict[tuple, tuple] = OrderedDict()
        self._sentences: OrderedDict[tuple[str, int], int] = OrderedDict()
        self._naming: OrderedDict[str, tuple[tuple[int, float], ...]] = OrderedDict()
        # by paragraph number: (paragraph, block, marker, later, candidate fields, opens)
        self._kept_candidates: dict[int, tuple] = {}
        # for each section, the longer keywords of it that hold each keyword (网络 → 网络阵地)
        self._longer = [{k: tuple(o for o in s.keywords if o != k and k in o) for k in s.keywords}
                        for s in checklist.sections]
        self._numbers = [{k: n for n, k in reversed(list(enumerate(s.keywords)))}
                         for s in checklist.sections]  # a keyword's first place in its section

    # ------------------------------------------------------------ keyword counts
    def counts(self, text: str, position: int) -> tuple[tuple[int, int], ...]:
        """(keyword number, how often) for each keyword of section ``position`` that
        ``text`` holds (an occurrence inside a longer keyword's counts for the longer one
        only). One pass finds which keywords of which sections occur at all; a section's
        are counted when it is asked for (most are found by their headings)."""
        hit = self._counts.get(text)
        if hit is None:
            present: dict[int, set[str]] = {}
            for _start, _end, keyword, positions in self.checklist.keyword_hits(text):
                for number in positions:
                    present.setdefault(number, set()).add(keyword)
            hit = self._counts[text] = (present, {})
            if len(self._counts) > CACHE_LIMIT:
                self._counts.popitem(last=False)
        present, counted = hit
        found = counted.get(position)
        if found is None:
            found = counted[position] = _keyword_counts(
                text, present[position], self._numbers[position], self._longer[position]) \
                if position in present else ()
        return found

    # ------------------------------------------------------------ anchors
    def find(self, document: Document, shape: Shape | None = None) -> dict[str, Anchor]:
        skipped = _skipped(document, shape)
        opening = set(shape.opening) if shape else set()
        candidates, leads = self._candidates(document, skipped | opening, shape)
        units = _units(document, skipped | opening, leads)
        anchors: dict[str, Anchor] = {}
        sections = self.checklist.sections
        closing = {i for i, s in enumerate(sections) if s.closing}
        # first the closing sections: what they enclose answers nothing else
        anchors.update(self._strong(candidates, closing))
        inner = [c for c in candidates if not _enclosed(c, anchors.values())]
        # what a closing section covers (its heading's block, a lead's reach) is its own
        enclosed = {i for a in anchors.values() for i in range(a.start, a.end)}
        outer = [_without(u, enclosed) for u in units]
        outer = [u for u in outer if u.members]
        strong = self._strong(inner, set(range(len(sections))) - closing)
        for position, section in enumerate(sections):
            if section.id in anchors:
                continue
            anchor = strong.get(section.id) or self._weak(
                section, position, document, units if section.closing else outer)
            if anchor is None and section.overview and opening:
                anchor = self._opening(section, document, sorted(opening))
            if anchor is not None:
                anchors[section.id] = anchor
        return {s.id: anchors[s.id] for s in sections if s.id in anchors}

    def _candidates(self, document: Document, skipped: set[int],
                    shape: Shape | None) -> tuple[list[Candidate], set[int]]:
        """Headings (glued ones too) and the lead sentences that name some section, in
        document order; and the paragraphs a lead sentence opens (where another lead's
        reach ends)."""
        markers = shape.markers if shape else {}
        later = f"{shape.year + 1}年" if shape and shape.year else ""
        found: list[Candidate] = []
        leads: set[int] = set()
        # each paragraph's candidates (as fields: _extend_leads moves their ends) kept with
        # the paragraph and block objects they were made for: a keystroke changes one
        kept, made = self._kept_candidates, {}
        for paragraph in document.paragraphs:
            index = paragraph.index
            if index in skipped or paragraph.role is Role.BLANK:
                continue
            block = document.block_of[index]
            marker = markers.get(index, 0)
            hit = kept.get(index)
            if hit is None or hit[0] is not paragraph or hit[1] is not block \
                    or hit[2] != marker or hit[3] != later:
                hit = (paragraph, block, marker, later,
                       *self._paragraph_candidates(paragraph, block, marker, later))
            made[index] = hit
            if hit[5]:
                leads.add(index)
            found += [Candidate(*fields) for fields in hit[4]]
        self._kept_candidates = made
        _extend_leads(document, found, leads | {c.paragraph for c in found if c.kind == "heading"})
        found += _glued(document, shape, self.limits)
        return found, leads

    def _paragraph_candidates(self, paragraph: Paragraph, block: Block, marker: int,
                              later: str) -> tuple[list[tuple], bool]:
        """The fields of the candidates one paragraph makes, and whether a lead sentence
        opens it."""
        index = paragraph.index
        found: list[tuple] = []
        if paragraph.role is Role.HEADING:
            words = paragraph.heading_text[: self.limits.heading_chars]
            if max(self.scores(words), default=0) >= HEADING_SCORE:
                start = len(paragraph.label.text) if paragraph.label else 0
                found.append(("heading", block.level, index, block.start, block.end,
                              (start, paragraph.heading_end), words))
            # （一）加强领导。一是……；三是建立《网络舆情处置制度》…: its body's items
            for start, end in self.heading_items(paragraph):
                found.append(("lead", block.level + 1, index, index, index + 1, (start, end),
                              paragraph.text[start:end], False, False, True, "",
                              (start, _item_end(paragraph, start))))
            return found, False
        if paragraph.role is not Role.BODY:
            return found, False
        opens, protos = self.prototypes(paragraph, marker, later)
        level = block.level + 1
        for depth, start, end, words, topic, closing_only, inline, section in protos:
            item = (start, _item_end(paragraph, start)) if inline else None
            found.append(("lead", level + depth, index, index, index + 1, (start, end), words,
                          topic, closing_only, inline, section, item))
        return found, opens

    def prototypes(self, paragraph: Paragraph, marker: int, later: str):
        """What a body paragraph's words may name, kept per text: (whether a lead sentence
        opens it, the leads that name some section as (depth, start, end, words, topic,
        closing only, inline, opened section))."""
        key = (paragraph.text, marker, later)
        hit = self._prototypes.get(key)
        if hit is None:
            hit = self._prototypes[key] = self._prototype(paragraph, marker, later)
            if len(self._prototypes) > CACHE_LIMIT:
                self._prototypes.popitem(last=False)
        return hit

    def _prototype(self, paragraph: Paragraph, marker: int, later: str):
        text = paragraph.text
        limits = self.limits
        lead = _lead(paragraph, {paragraph.index: marker} if marker else {}, limits)
        protos = []
        if lead is not None:
            start, end, enumerated = lead
            words = _dated(text[start:end], later)
            if self._names(words, topic=not enumerated):
                protos.append((0, start, end, words, not enumerated, False, False, ""))
        for start, end in _inline_leads(paragraph, lead, limits):
            if self._names(text[start:end]):
                protos.append((1, start, end, text[start:end], False, False, True, ""))
        for start, end in self.clauses(text):
            if lead is None or start > lead[0]:
                words = _dated(text[start:end], later)
                if self._names(words, topic=True, closing=True):
                    protos.append((0, start, end, words, True, True, False, ""))
        for section_id, start, end in self.openers(text):
            protos.append((1, start, end, text[start:end], False, False, True, section_id))
        opens = lead is not None and (lead[2] or bool(protos and protos[0][1] == lead[0]))
        return opens, tuple(protos)

    def heading_items(self, paragraph: Paragraph) -> tuple[tuple[int, int], ...]:
        """The lead sentences of the 一是/二是 items in a heading paragraph's body that name
        some section (kept per text)."""
        if not paragraph.enumerations or paragraph.heading_end >= len(paragraph.text):
            return ()
        key = ("heading", paragraph.text)
        hit = self._prototypes.get(key)
        if hit is None:
            spans = _inline_leads(paragraph, (paragraph.heading_end - 1, 0, True), self.limits)
            hit = self._prototypes[key] = tuple(
                (a, b) for a, b in spans if self._names(paragraph.text[a:b]))
        return hit

    def _names(self, words: str, topic: bool = False, closing: bool = False) -> bool:
        """``words`` name some section (a closing one, if ``closing``); a topic clause only
        by opening with one of its keywords."""
        for section, score in zip(self.checklist.sections, self.scores(words)):
            if score >= HEADING_SCORE and (section.closing or not closing) \
                    and (not topic or opens_with(section, words)):
                return True
        return False

    def sentence_hits(self, text: str, position: int) -> int:
        """The most keyword occurrences of section ``position`` one sentence of ``text``
        holds among those naming at least ``weak_distinct`` different keywords (kept per
        text and section)."""
        key = (text, position)
        hit = self._sentences.get(key)
        if hit is None:
            best = 0
            for match in SENTENCE_TEXT.finditer(text):
                counts = self.counts(match.group(0), position)
                if len(counts) >= self.limits.weak_distinct:
                    best = max(best, sum(c for _k, c in counts))
            hit = self._sentences[key] = best
            if len(self._sentences) > CACHE_LIMIT:
                self._sentences.popitem(last=False)
        return hit

    def openers(self, text: str) -> tuple[tuple[str, int, int], ...]:
        """Where a section's opening phrase stands in ``text`` (kept per text)."""
        hit = self._openers.get(text)
        if hit is None:
            hit = self._openers[text] = tuple(
                (section.id, m.start(), m.end()) for section in self.checklist.sections
                for opener in section.openers for m in opener.finditer(text))
            if len(self._openers) > CACHE_LIMIT:
                self._openers.popitem(last=False)
        return hit

    def clauses(self, text: str) -> tuple[tuple[int, int], ...]:
        """The short first clauses of the sentences after the first (……。下一步，我们将…):
        where a closing section may start inside a paragraph (kept per text)."""
        hit = self._clauses.get(text)
        if hit is None:
            longest = self.limits.lead_chars
            hit = self._clauses[text] = tuple(
                (m.start(1), m.end(1)) for m in SENTENCE_CLAUSE.finditer(text)
                if m.end(1) - m.start(1) <= longest)
            if len(self._clauses) > CACHE_LIMIT:
                self._clauses.popitem(last=False)
        return hit

    def scores(self, text: str) -> tuple[float, ...]:
        """Every section's score of a heading or lead sentence (kept per text)."""
        hit = self._scores.get(text)
        if hit is None:
            hit = self._scores[text] = self.checklist.scores(text)
            if len(self._scores) > CACHE_LIMIT:
                self._scores.popitem(last=False)
        return hit

    def naming(self, text: str) -> tuple[tuple[int, float], ...]:
        """(section number, score) of the sections ``text`` names (kept per text: asked
        for each candidate, twice an audit)."""
        hit = self._naming.get(text)
        if hit is None:
            hit = self._naming[text] = tuple((i, x) for i, x in enumerate(self.scores(text))
                                             if x >= HEADING_SCORE)
            if len(self._naming) > CACHE_LIMIT:
                self._naming.popitem(last=False)
        return hit

    def _strong(self, candidates: list[Candidate], wanted: set[int]) -> dict[str, Anchor]:
        """The best heading or lead sentence for each section numbered in ``wanted``: the
        highest level, a heading before a lead, the better score, the first (one pass)."""
        sections = self.checklist.sections
        ids = {section.id: i for i, section in enumerate(sections)}
        best: dict[int, tuple[tuple, Candidate]] = {}
        for candidate in candidates:
            if candidate.opens:
                scored = ((ids[candidate.opens], HEADING_SCORE),) if candidate.opens in ids else ()
            else:
                scored = self.naming(candidate.text)
            for position, score in scored:
                section = sections[position]
                if position not in wanted or (candidate.closing_only and not section.closing) \
                        or (candidate.topic and not opens_with(section, candidate.text)):
                    continue
                key = (candidate.level, KINDS.index(candidate.kind), -score)
                if position not in best or key < best[position][0]:
                    best[position] = (key, candidate)
        return {sections[i].id: Anchor(sections[i].id, c.paragraph, c.start, c.end, c.kind, *c.name,
                                       item=c.item)
                for i, (_key, c) in best.items()}

    def _weak(self, section: Section, position: int, document: Document,
              units: list[Unit]) -> Anchor | None:
        """The unit whose own text is densest in the section's keywords, when it holds
        enough of them (only the keywords a paragraph holds are looked at: most hold none)."""
        limits = self.limits
        weights = section.weights
        keywords = section.keywords
        best: tuple[float, Unit] | None = None
        for unit in units:
            totals: dict[int, int] = {}
            sentence = 0  # the most keywords one sentence of the unit holds
            for index in unit.members:
                text = _body_text(document.paragraphs[index])
                for k, count in self.counts(text, position):
                    totals[k] = totals.get(k, 0) + count
                if totals:
                    sentence = max(sentence, self.sentence_hits(text, position))
            if sentence >= limits.sentence_hits:  # a sentence about it, in a long mixed block
                density = sentence * 100 / max(1, sum(len(_body_text(document.paragraphs[i]))
                                                      for i in unit.members))
                if best is None or density > best[0]:
                    best = (density, unit)
                continue
            if len(totals) < limits.weak_distinct:
                continue
            hits = sum(c * w for k, c in totals.items() if (w := weights.get(keywords[k], 1.0)) > 0)
            if hits < limits.weak_hits:
                continue
            chars = sum(len(_body_text(document.paragraphs[i])) for i in unit.members)
            density = hits * 100 / chars if chars else 0
            if density >= limits.weak_density and (best is None or density > best[0]):
                best = (density, unit)
        if best is None:
            return None
        unit = best[1]
        return Anchor(section.id, unit.paragraph, unit.start, unit.end, "body", 0, 0)

    def _opening(self, section: Section, document: Document,
                 opening: list[int]) -> Anchor | None:
        """The opening answers the overview when its own words name it — not the formula
        announcing the report (现将全年工作总结如下 names no overview)."""
        for index in opening:
            words = ANNOUNCEMENT.sub("", document.paragraphs[index].text)
            if section.score(words) >= HEADING_SCORE:
                return Anchor(section.id, opening[0], opening[0], opening[-1] + 1, "opening")
        return None


def find_anchors(document: Document, checklist: Checklist, pack: RulePack,
                 shape: Shape | None = None) -> dict[str, Anchor]:
    """The anchor of each section found (``SectionFinder`` without a kept cache)."""
    return SectionFinder(checklist, pack).find(document, shape)


def _keyword_counts(text: str, present: set[str], numbers: dict[str, int],
                    longer_of: dict[str, tuple[str, ...]]) -> tuple[tuple[int, int], ...]:
    """(keyword number, count) of the section's keywords ``text`` contains (``present``), in
    the section's order; ``numbers``: each keyword's number; ``longer_of``: the longer
    keywords of the section that hold each. Only the present ones are looked at."""
    counts = []
    for keyword in sorted(present, key=numbers.__getitem__):
        count = text.count(keyword)  # occurrences inside a longer keyword count for that one
        count -= sum(text.count(longer) * longer.count(keyword)
                     for longer in longer_of[keyword] if longer in present)
        if count > 0:
            counts.append((numbers[keyword], count))
    return tuple(counts)


def _skipped(document: Document, shape: Shape | None) -> set[int]:
    """Paragraphs that answer no section: the title, junk, a table of contents."""
    skipped = {document.title_index} if document.title_index is not None else set()
    if shape is not None:
        skipped |= shape.junk | shape.duplicates | shape.contents
    return skipped


def _lead(paragraph: Paragraph, markers: dict[int, int],
          limits: Limits) -> tuple[int, int, bool] | None:
    """The naming words of a body paragraph: the lead sentence after 一是/第一， (True), or a
    short first clause that may open with a topic (下一步，… 在理论学习方面，…: False)."""
    text = paragraph.text
    start = content_start(paragraph, markers)
    if start >= len(text):
        return None
    if any(e.start == start for e in paragraph.enumerations):
        return start, _sentence_stop(text, start, limits), True
    clause = CLAUSE_END.search(text, start)
    if clause is not None and clause.start() - start <= limits.lead_chars:
        return start, clause.start(), False
    return None


TOPIC_OPENERS = re.compile(r"^(?:\d{4}\s*年度?|在|关于|对于|针对)+")
PLANS_WORD = "下一步"  # what a clause naming the year after the report's reads as


def _dated(clause: str, later: str) -> str:
    """A clause naming the year after the report's (2025年，局党组将…) speaks of plans."""
    return PLANS_WORD if later and clause.strip().rstrip("度") == later else clause


def _inline_leads(paragraph: Paragraph, lead: tuple[int, int, bool] | None,
                  limits: Limits) -> list[tuple[int, int]]:
    """The lead sentences of the enumerations inside a paragraph (……。五是网络宣传阵地。):
    real reports write whole parts so, one paragraph to a 一、."""
    text = paragraph.text
    spans = []
    for enumeration in paragraph.enumerations:
        if lead is not None and enumeration.start <= lead[0]:
            continue
        spans.append((enumeration.start, _sentence_stop(text, enumeration.start, limits)))
    return spans


def _item_end(paragraph: Paragraph, start: int) -> int:
    """Where the item opening at ``start`` ends: at the next 一是/第一， of its paragraph."""
    return next((e.start for e in paragraph.enumerations if e.start > start), len(paragraph.text))


def _sentence_stop(text: str, start: int, limits: Limits) -> int:
    """The end of the sentence from ``start``, read up to the lead sentence's length (the
    search is bounded: a paragraph of 20,000 一是 without a full stop stays linear)."""
    stop = min(len(text), start + limits.lead_sentence_chars)
    end = LEAD_END.search(text, start, stop)
    return end.end() if end else stop


def _enclosed(candidate: Candidate, anchors) -> bool:
    """Under a closing section's heading, or after its naming words in its paragraph."""
    for anchor in anchors:
        if anchor.paragraph < candidate.paragraph < anchor.end:
            return True
        if candidate.paragraph == anchor.paragraph and anchor.kind == "lead" \
                and candidate.name[0] >= anchor.name_end:
            return True
    return False


def opens_with(section: Section, clause: str) -> bool:
    """The clause starts with one of the section's keywords (下一步，… 在网络意识形态方面，…):
    a topic, not a verb's object (局党组将继续压实责任，… names no section)."""
    words = TOPIC_OPENERS.sub("", clause.strip())
    return any(words.startswith(k) for k in section.keywords)


def _glued(document: Document, shape: Shape | None, limits: Limits) -> list[Candidate]:
    """A top-level heading glued to the end of a paragraph (its line break lost) is a
    heading: it covers what follows, up to the next top-level heading."""
    if shape is None or not shape.glued:
        return []
    found = []
    for index, start, end, level in shape.glued:
        stop = next((p.index for p in islice(document.paragraphs, index + 1, None)
                     if p.role is Role.HEADING and p.level <= level), len(document.paragraphs))
        text = document.paragraphs[index].text
        words = GLUED_NUMBER.sub("", text[start:end]).strip(" 　。")[: limits.heading_chars]
        body = index + 1 if index + 1 < stop else index
        found.append(Candidate("heading", level, index, body, stop, (start, end), words))
    return found


GLUED_NUMBER = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")


def _extend_leads(document: Document, candidates: list[Candidate], starts: set[int]) -> None:
    """A lead sentence's paragraph reaches over the plain body paragraphs after it in its
    block, up to the next heading or paragraph a lead sentence opens (``starts``)."""
    for candidate in candidates:
        if candidate.kind != "lead" or candidate.inline:
            continue
        block = document.block_of[candidate.paragraph]
        end = candidate.paragraph + 1
        while end < block.end and end not in starts \
                and document.paragraphs[end].role is not Role.HEADING:
            end += 1
        candidate.end = end


def _units(document: Document, skipped: set[int], leads: set[int]) -> list[Unit]:
    """The stretches of body text judged by density: each heading block's own paragraphs
    (not its sub-blocks'), and at the top level each stretch a lead sentence opens
    (``leads``: up to the next) and each run of other paragraphs."""
    reach = {}
    current = None
    for paragraph in document.paragraphs:
        index = paragraph.index
        if document.block_of[index].heading is not None or paragraph.role is Role.HEADING:
            current = None
            continue
        if index in leads:
            current = index
        if current is not None:
            reach[index] = current
    units: dict[tuple[str, int], Unit] = {}
    run: Unit | None = None
    for paragraph in document.paragraphs:
        index = paragraph.index
        if paragraph.role is Role.BLANK or index in skipped:
            continue
        block: Block = document.block_of[index]
        if block.heading is not None:
            unit = units.setdefault(("block", block.heading),
                                    Unit(block.start, block.start, block.end))
        elif index in reach:
            lead = reach[index]
            unit = units.setdefault(("lead", lead), Unit(lead, lead, lead + 1))
        else:
            if run is None:
                run = units.setdefault(("run", index), Unit(index, index, index + 1))
            unit = run
        unit.members.append(index)
        unit.end = max(unit.end, index + 1)
        if unit is not run:
            run = None
    return list(units.values())


def _without(unit: Unit, enclosed: set[int]) -> Unit:
    """``unit`` less the paragraphs in ``enclosed``."""
    if not enclosed.intersection(unit.members):
        return unit
    return Unit(unit.paragraph, unit.start, unit.end, [i for i in unit.members if i not in enclosed])


def _body_text(paragraph: Paragraph) -> str:
    """The paragraph's body words (a heading's own words are judged as a heading)."""
    if paragraph.role is Role.HEADING:
        return paragraph.text[paragraph.heading_end:]
    return paragraph.text


def name_span(document: Document, anchor: Anchor) -> tuple[int, int]:
    """The words naming the section in its anchor paragraph (a heading with its number, a
    lead sentence), or the whole paragraph."""
    paragraph = document.paragraphs[anchor.paragraph]
    text = paragraph.text
    if anchor.name_end <= anchor.name_start:
        return 0, len(text)
    if anchor.item is None and paragraph.label is not None and paragraph.role is Role.HEADING:
        return len(text) - len(text.lstrip()), anchor.name_end
    return anchor.name_start, anchor.name_end  # a lead sentence, a glued heading


def section_of_paragraphs(document: Document, anchors: dict[str, Anchor]) -> list[str | None]:
    """For each paragraph, the id of the narrowest anchor that contains it."""
    owner: list[str | None] = [None] * len(document.paragraphs)
    width: list[int] = [len(document.paragraphs) + 1] * len(document.paragraphs)
    for anchor in anchors.values():
        if anchor.kind == "opening":
            continue  # the opening belongs to no section
        size = anchor.end - anchor.start
        for index in range(anchor.start, anchor.end):
            if size < width[index]:
                owner[index], width[index] = anchor.section, size
    return owner
