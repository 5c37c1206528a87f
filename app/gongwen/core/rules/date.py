"""Dates and years: the title's year against the body, the report period against the
wording, anniversaries that do not fit the year (建国N周年 = 1949+N), meetings cited before
they were held, and date forms (GB/T 15835). Event years and word lists: date.toml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import Finding, Paragraph, Role
from ..numerals import DIGITS, cn_to_int
from ..rulepack import RulePack, RuleSpec
from .base import Context, Env, Family

# A year's look-behind follows its first two digits (re jumps to a 19 or 20 instead of
# trying every position; tests/core/test_fast_patterns.py holds them as first written).
PERIOD_YEAR = re.compile(r"((?:19|20)(?<!\d\d\d)\d{2})年(上半年|下半年|全年|年度|度)")
ANY_YEAR = re.compile(r"((?:19|20)(?<![\d.]\d\d)\d{2})年")
PADDED_DATE = re.compile(r"((?:19|20)(?<!\d\d\d)\d{2})年0?(\d{1,2})月(?:0?(\d{1,2})日)?")


@dataclass(frozen=True, slots=True)
class YearMention:
    year: int
    start: int
    end: int
    period: str  # 上半年 / 全年 … or ""


@dataclass(frozen=True, slots=True)
class EventMention:
    year: int  # the year the text implies
    start: int
    end: int
    kind: str  # "anniversary" or "meeting"
    name: str
    month: int = 0  # a meeting's month, where it matters
    due: bool = False  # a meeting not yet held
    ahead: bool = False  # looked forward to (迎接…召开), not cited


@dataclass(frozen=True, slots=True)
class DateData:
    years: tuple[YearMention, ...]
    events: tuple[EventMention, ...]
    whole_year: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Meeting:
    year: int
    month: int
    due: bool


@dataclass(frozen=True, slots=True)
class EventPatterns:
    anniversary: re.Pattern[str] | None
    century: re.Pattern[str] | None
    bases: dict[str, int]
    meeting: re.Pattern[str] | None
    meetings: dict[str, Meeting]
    ahead_before: tuple[str, ...]
    ahead_after: tuple[str, ...]


def _alternatives(names) -> str:
    return "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))


@lru_cache(maxsize=4)
def _event_patterns(anniversaries: tuple[tuple[str, int], ...], century: tuple[str, ...],
                    not_before: tuple[str, ...], meetings: tuple[tuple[str, Meeting], ...],
                    ahead: tuple[tuple[str, ...], tuple[str, ...]]) -> EventPatterns:
    names = _alternatives(n for n, _ in anniversaries)
    anniversary = re.compile(rf"({names})(\d{{1,3}}|[一二三四五六七八九十百]+)周年") if names else None
    blocked = f"(?!{_alternatives(not_before)})" if not_before else ""
    centuries = _alternatives(century)
    century_re = re.compile(rf"({centuries})百年{blocked}") if centuries else None
    meeting_names = _alternatives(n for n, _ in meetings)
    # not after a numeral (二十大 is not 十大): judged per match by _meetings, since a
    # pattern opening with a look-behind is tried at every position
    meeting = re.compile(rf"({meeting_names})") if meeting_names else None
    return EventPatterns(anniversary, century_re, dict(anniversaries), meeting, dict(meetings),
                         *ahead)


def event_patterns(pack: RulePack) -> EventPatterns:
    return pack.derived("date.events", _build_event_patterns)


def _build_event_patterns(pack: RulePack) -> EventPatterns:
    entries = pack.words("anniversaries")
    anniversaries = tuple((str(name), int(entry["base"])) for entry in entries
                          for name in entry["names"])
    century = tuple(str(name) for entry in entries for name in entry.get("century_names", ()))
    meetings = tuple((str(m["name"]), Meeting(int(m["year"]), int(m.get("month", 0)),
                                              bool(m.get("due", False))))
                     for m in pack.words("meetings"))
    ahead = (tuple(pack.words("meeting_ahead_before")), tuple(pack.words("meeting_ahead_after")))
    return _event_patterns(anniversaries, century, tuple(pack.words("century_not_before")),
                           meetings, ahead)


MEETING_NOT_AFTER = frozenset("一二三四五六七八九十")


def _meetings(pattern: re.Pattern[str], text: str):
    """``finditer`` of ``(?<![一…十])`` + ``pattern``: a match after a numeral is refused and
    the search goes on from the next character, as the look-behind would."""
    position = 0
    while (match := pattern.search(text, position)) is not None:
        start = match.start()
        if start and text[start - 1] in MEETING_NOT_AFTER:
            position = start + 1
            continue
        yield match
        position = max(match.end(), start + 1)


def scan_events(text: str, pack: RulePack) -> tuple[EventMention, ...]:
    patterns = event_patterns(pack)
    events = []
    for match in patterns.anniversary.finditer(text) if patterns.anniversary else ():
        number = match.group(2)
        count = int(number) if number.isdigit() else cn_to_int(number)
        if count:
            events.append(EventMention(patterns.bases[match.group(1)] + count, match.start(),
                                       match.end(), "anniversary", match.group(0)))
    for match in patterns.century.finditer(text) if patterns.century else ():
        events.append(EventMention(patterns.bases[match.group(1)] + 100, match.start(),
                                   match.end(), "anniversary", match.group(0)))
    for match in _meetings(patterns.meeting, text) if patterns.meeting else ():
        meeting = patterns.meetings[match.group(1)]
        before = text[max(0, match.start() - 8):match.start()]
        after = text[match.end():match.end() + 8]
        ahead = any(w in before for w in patterns.ahead_before) or \
            any(after.startswith(w) or w in after[:6] for w in patterns.ahead_after)
        events.append(EventMention(meeting.year, match.start(), match.end(), "meeting",
                                   match.group(1), meeting.month, meeting.due, ahead))
    return tuple(events)


YEAR_DIGITS = frozenset("〇零一二三四五六七八九")


def chinese_years(text: str) -> list[tuple[int, int]]:
    """The spans of a year in numerals (二〇二四年): four numerals right before a 年, found
    from each 年 (the pattern ``[〇零一…九]{4}年`` is tried at every 一; it is the oracle in
    tests/core/test_fast_patterns.py)."""
    spans = []
    at = text.find("年", 4)
    while at >= 0:
        if all(c in YEAR_DIGITS for c in text[at - 4:at]):
            spans.append((at - 4, at + 1))
        at = text.find("年", at + 1)
    return spans


@lru_cache(maxsize=4)
def _whole_year_pattern(verbs: tuple[str, ...]) -> re.Pattern[str] | None:
    """全年 followed by a verb of doing (全年共开展…): a figure for the whole year."""
    words = "|".join(map(re.escape, verbs))
    return re.compile(rf"全年(?:{words})") if words else None


def _form_findings(paragraph: Paragraph, env: Env) -> list[Finding]:
    found = []
    chinese_year, leading_zero = env.rule("date.chinese-year"), env.rule("date.leading-zero")
    for start, end in chinese_years(paragraph.text):
        digits = "".join(str(DIGITS[c]) for c in paragraph.text[start:start + 4])
        found.append(chinese_year.finding(paragraph.index, start, end, paragraph.text,
                                          f"{digits}年"))
    for match in PADDED_DATE.finditer(paragraph.text):
        if re.search(r"年0\d月|月0\d日", match.group(0)):
            year, month, day = match.group(1), int(match.group(2)), match.group(3)
            fixed = f"{year}年{month}月" + (f"{int(day)}日" if day else "")
            found.append(leading_zero.finding(paragraph.index, match.start(), match.end(),
                                              paragraph.text, fixed))
    return found


class DateFamily(Family):
    category = "date"
    rules = ("date.chinese-year", "date.leading-zero", "date.period", "date.year-mismatch",
             "date.future-year", "date.anniversary", "date.meeting-before-held")
    lists = ("anniversaries", "meetings", "whole_year_verbs", "target_years", "century_not_before",
             "meeting_ahead_before", "meeting_ahead_after")

    def scan(self, paragraph: Paragraph, env: Env) -> tuple[list[Finding], DateData | None]:
        if paragraph.role is Role.BLANK:
            return [], None
        text = paragraph.text
        periods = {m.start(): m.group(2) for m in PERIOD_YEAR.finditer(text)}
        years = tuple(YearMention(int(m.group(1)), m.start(), m.end(), periods.get(m.start(), ""))
                      for m in ANY_YEAR.finditer(text))
        whole_year = _whole_year_pattern(tuple(env.pack.words("whole_year_verbs")))
        whole = tuple((m.start(), m.start() + 2) for m in whole_year.finditer(text)) \
            if whole_year else ()
        return _form_findings(paragraph, env), DateData(years, scan_events(text, env.pack), whole)

    def review_key(self, ctx: Context) -> tuple:
        # the same items are the same paragraphs (texts, roles, levels): the same document,
        # so the same year and sections
        return (ctx.data[self.name],)

    def review(self, ctx: Context) -> list[Finding]:
        year = ctx.report_year
        if year is None:
            return []
        found = []
        half_year = ctx.half_year
        plans = {s.id for s in ctx.env.checklist.sections if s.plans}
        specs = ctx.env.pack.specs
        targets = frozenset(int(y) for y in ctx.env.pack.words("target_years"))
        for paragraph, data in zip(ctx.document.paragraphs, ctx.data[self.name]):
            if data is None or paragraph.role is Role.TITLE or not (
                    data.years or data.events or data.whole_year):
                continue  # most paragraphs name no date
            in_plans = ctx.section_of[paragraph.index] in plans
            found += _years(paragraph, data, year, in_plans, targets, specs)
            found += _events(paragraph, data, year, half_year, specs)
            if half_year and not in_plans:
                found += [specs["date.period"].finding(paragraph.index, s, e, paragraph.text)
                          for s, e in data.whole_year]
        return found


def _years(paragraph: Paragraph, data: DateData, year: int, in_plans: bool,
           targets: frozenset[int], specs: dict[str, RuleSpec]) -> list[Finding]:
    """A period of another year (模板残留), or a year well after the report's that is not
    a long-term target year (2035年远景目标)."""
    found = []
    text = paragraph.text
    for mention in data.years:
        if mention.period and mention.year != year and not in_plans:
            found.append(specs["date.year-mismatch"].finding(
                paragraph.index, mention.start, mention.end + len(mention.period), text,
                year=year))
        elif mention.year > year + 1 and mention.year not in targets:
            found.append(specs["date.future-year"].finding(
                paragraph.index, mention.start, mention.end, text, year=year))
    return found


def _events(paragraph: Paragraph, data: DateData, year: int, half_year: bool,
            specs: dict[str, RuleSpec]) -> list[Finding]:
    """An anniversary that falls in another year; a meeting cited (not looked forward to)
    before it was held — by the month too where the report covers half a year."""
    found = []
    last_month = 6 if half_year else 12
    period = f"{year}年上半年" if half_year else f"{year}年"
    for event in data.events:
        if event.kind == "anniversary" and event.year != year:
            found.append(specs["date.anniversary"].finding(
                paragraph.index, event.start, event.end, paragraph.text, expected=event.year,
                year=year))
        elif event.kind == "meeting" and not event.ahead and (
                event.year > year or (event.year == year and event.month > last_month)):
            held = f"{event.year}年{event.month}月" if event.year == year else f"{event.year}年"
            found.append(specs["date.meeting-before-held"].finding(
                paragraph.index, event.start, event.end, paragraph.text,
                variant="due" if event.due else "", held=held, year=period))
    return found
