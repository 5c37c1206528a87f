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

PERIOD_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})年(上半年|下半年|全年|年度|度)")
ANY_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})年")
CHINESE_YEAR = re.compile(r"[〇零一二三四五六七八九]{4}年")
PADDED_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})年0?(\d{1,2})月(?:0?(\d{1,2})日)?")


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


@dataclass(frozen=True, slots=True)
class DateData:
    years: tuple[YearMention, ...]
    events: tuple[EventMention, ...]
    whole_year: tuple[tuple[int, int], ...]


@lru_cache(maxsize=4)
def _event_patterns(anniversaries: tuple[tuple[str, int], ...],
                    meetings: tuple[tuple[str, int], ...]):
    names = "|".join(sorted((re.escape(n) for n, _ in anniversaries), key=len, reverse=True))
    anniversary = re.compile(rf"({names})(\d{{1,3}}|[一二三四五六七八九十百]+)周年") if names else None
    meeting_names = "|".join(sorted((re.escape(n) for n, _ in meetings), key=len, reverse=True))
    meeting = re.compile(rf"(?<![一二三四五六七八九十])({meeting_names})") if meeting_names else None
    return anniversary, dict(anniversaries), meeting, dict(meetings)


def event_patterns(pack: RulePack):
    anniversaries = tuple((str(name), int(entry["base"])) for entry in pack.words("anniversaries")
                          for name in entry["names"])
    meetings = tuple((str(m["name"]), int(m["year"])) for m in pack.words("meetings"))
    return _event_patterns(anniversaries, meetings)


def scan_events(text: str, pack: RulePack) -> tuple[EventMention, ...]:
    anniversary, bases, meeting, meeting_years = event_patterns(pack)
    events = []
    for match in anniversary.finditer(text) if anniversary else ():
        number = match.group(2)
        count = int(number) if number.isdigit() else cn_to_int(number)
        if count:
            events.append(EventMention(bases[match.group(1)] + count, match.start(), match.end(),
                                       "anniversary", match.group(0)))
    for match in meeting.finditer(text) if meeting else ():
        events.append(EventMention(meeting_years[match.group(1)], match.start(), match.end(),
                                   "meeting", match.group(1)))
    return tuple(events)


@lru_cache(maxsize=4)
def _whole_year_pattern(verbs: tuple[str, ...]) -> re.Pattern[str] | None:
    """全年 followed by a verb of doing (全年共开展…): a figure for the whole year."""
    words = "|".join(map(re.escape, verbs))
    return re.compile(rf"全年(?:{words})") if words else None


def _form_findings(paragraph: Paragraph, env: Env) -> list[Finding]:
    found = []
    chinese_year, leading_zero = env.rule("date.chinese-year"), env.rule("date.leading-zero")
    for match in CHINESE_YEAR.finditer(paragraph.text):
        digits = "".join(str(DIGITS[c]) for c in match.group(0)[:4])
        found.append(chinese_year.finding(paragraph.index, match.start(), match.end(),
                                          paragraph.text, f"{digits}年"))
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
    lists = ("anniversaries", "meetings", "whole_year_verbs", "target_years")

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

    def review(self, ctx: Context) -> list[Finding]:
        year = ctx.report_year
        if year is None:
            return []
        found = []
        half_year = "上半年" in ctx.document.title
        plans = {s.id for s in ctx.env.checklist.sections if s.plans}
        specs = ctx.env.pack.specs
        targets = frozenset(int(y) for y in ctx.env.pack.words("target_years"))
        for paragraph, data in zip(ctx.document.paragraphs, ctx.data[self.name]):
            if data is None or paragraph.role is Role.TITLE:
                continue
            in_plans = ctx.section_of[paragraph.index] in plans
            found += _years(paragraph, data, year, in_plans, targets, specs)
            found += _events(paragraph, data, year, specs)
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


def _events(paragraph: Paragraph, data: DateData, year: int,
            specs: dict[str, RuleSpec]) -> list[Finding]:
    found = []
    for event in data.events:
        if event.kind == "anniversary" and event.year != year:
            found.append(specs["date.anniversary"].finding(
                paragraph.index, event.start, event.end, paragraph.text, expected=event.year,
                year=year))
        elif event.kind == "meeting" and event.year > year:
            found.append(specs["date.meeting-before-held"].finding(
                paragraph.index, event.start, event.end, paragraph.text, held=event.year,
                year=year))
    return found
