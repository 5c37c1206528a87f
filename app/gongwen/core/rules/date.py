"""Dates and years: the title's year against the body, the report period against the
wording, anniversaries that do not fit the year (建国N周年 = 1949+N), meetings cited before
they were held, and date forms (GB/T 15835). Event years: events.toml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..checklist import RulePack
from ..model import Finding, Paragraph, Role, Severity
from ..numerals import DIGITS, cn_to_int
from .base import Context, Env, Family, finding

PERIOD_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})年(上半年|下半年|全年|年度|度)")
ANY_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})年")
WHOLE_YEAR_WORDS = re.compile(r"全年(?:共|累计|开展|组织|完成|举办|召开|发放|刊发|编发)")
CHINESE_YEAR = re.compile(r"[〇零一二三四五六七八九]{4}年")
PADDED_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})年0?(\d{1,2})月(?:0?(\d{1,2})日)?")
NEXT_STEP_SECTIONS = {"next_steps"}


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


def _form_findings(paragraph: Paragraph) -> list[Finding]:
    found = []
    for match in CHINESE_YEAR.finditer(paragraph.text):
        digits = "".join(str(DIGITS[c]) for c in match.group(0)[:4])
        found.append(finding("date.chinese-year", "date", Severity.INFO,
                             f"年份宜用阿拉伯数字：“{digits}年”（GB/T 15835）", paragraph.index,
                             match.start(), match.end(), paragraph.text, f"{digits}年"))
    for match in PADDED_DATE.finditer(paragraph.text):
        if re.search(r"年0\d月|月0\d日", match.group(0)):
            year, month, day = match.group(1), int(match.group(2)), match.group(3)
            fixed = f"{year}年{month}月" + (f"{int(day)}日" if day else "")
            found.append(finding("date.leading-zero", "date", Severity.WARNING,
                                 f"日期不加前导零，应为“{fixed}”", paragraph.index,
                                 match.start(), match.end(), paragraph.text, fixed))
    return found


class DateFamily(Family):
    category = "date"

    def scan(self, paragraph: Paragraph, env: Env) -> tuple[list[Finding], DateData | None]:
        if paragraph.role is Role.BLANK:
            return [], None
        text = paragraph.text
        periods = {m.start(): m.group(2) for m in PERIOD_YEAR.finditer(text)}
        years = tuple(YearMention(int(m.group(1)), m.start(), m.end(), periods.get(m.start(), ""))
                      for m in ANY_YEAR.finditer(text))
        whole = tuple((m.start(), m.start() + 2) for m in WHOLE_YEAR_WORDS.finditer(text))
        return _form_findings(paragraph), DateData(years, scan_events(text, env.pack), whole)

    def review(self, ctx: Context) -> list[Finding]:
        year = ctx.report_year
        if year is None:
            return []
        found = []
        half_year = "上半年" in ctx.document.title
        for paragraph, data in zip(ctx.document.paragraphs, ctx.data[self.category]):
            if data is None or paragraph.role is Role.TITLE:
                continue
            in_plans = ctx.section_of[paragraph.index] in NEXT_STEP_SECTIONS
            found += self._years(paragraph, data, year, in_plans)
            found += self._events(paragraph, data, year)
            if half_year and not in_plans:
                found += [finding("date.period", self.category, Severity.WARNING,
                                  "标题是上半年总结，正文却写“全年”，请核对统计口径",
                                  paragraph.index, s, e, paragraph.text)
                          for s, e in data.whole_year]
        return found

    def _years(self, paragraph: Paragraph, data: DateData, year: int,
               in_plans: bool) -> list[Finding]:
        found = []
        for mention in data.years:
            text = paragraph.text
            if mention.period and mention.year != year and not in_plans:
                found.append(finding("date.year-mismatch", self.category, Severity.WARNING,
                                     f"标题为 {year} 年，这里却写“{mention.year}年{mention.period}”，"
                                     f"疑为模板残留", paragraph.index, mention.start,
                                     mention.end + len(mention.period), text))
            elif mention.year > year + 1 and mention.year not in (2035, 2049, 2050):
                found.append(finding("date.future-year", self.category, Severity.WARNING,
                                     f"“{mention.year}年”晚于报告年份 {year} 年，请核对",
                                     paragraph.index, mention.start, mention.end, text))
        return found

    def _events(self, paragraph: Paragraph, data: DateData, year: int) -> list[Finding]:
        found = []
        for event in data.events:
            if event.kind == "anniversary" and event.year != year:
                found.append(finding("date.anniversary", self.category, Severity.WARNING,
                                     f"“{event.name}”应在 {event.year} 年，与报告年份 {year} 年不符",
                                     paragraph.index, event.start, event.end, paragraph.text))
            elif event.kind == "meeting" and event.year > year:
                found.append(finding("date.meeting-before-held", self.category, Severity.WARNING,
                                     f"“{event.name}”召开于 {event.year} 年，{year} 年的报告不应提及",
                                     paragraph.index, event.start, event.end, paragraph.text))
        return found
