"""The audit as a whole: clean and defective reports, sections, incremental re-audit."""

import dataclasses

from gongwen.core.audit import Auditor, count_chars
from gongwen.core.ignores import Ignores
from gongwen.core.model import Severity
from gongwen.core.parse import parse_text
from gongwen.core.profile import parse_profile
from gongwen.core.rules import FAMILIES

from support import fixture_text


def test_clean_report_has_no_error_and_no_warning(audit_text):
    profile = parse_profile(fixture_text("clean-profile.toml"), "clean-profile.toml")
    report = audit_text(fixture_text("clean-report.txt"), profile=profile)
    serious = [(f.rule, f.text) for f in report.findings if f.severity >= Severity.WARNING]
    assert serious == []
    assert all(s.status == "ok" for s in report.sections)
    assert report.stats.figures >= 20


def test_defective_report_findings(audit_text):
    report = audit_text(fixture_text("defects-report.txt"))
    rules = {f.rule for f in report.findings}
    assert {"junk.advert", "junk.compilation", "junk.paywall", "placeholder.x", "placeholder.mou",
            "placeholder.underscore", "placeholder.letter", "wording.formulation",
            "numbering.mixed-style", "numbering.enumeration", "date.anniversary",
            "punctuation.halfwidth", "structure.missing"} <= rules
    missing = [s.id for s in report.sections if s.status == "missing"]
    assert "problems" in missing
    assert report.title == "市XX局2023年上半年意识形态工作总结"


def test_offsets_point_at_the_flagged_text_and_findings_are_sorted(audit_text):
    document_text = fixture_text("defects-report.txt")
    report = audit_text(document_text)
    paragraphs = parse_text(document_text).paragraphs
    for finding in report.findings:
        assert paragraphs[finding.paragraph].text[finding.start:finding.end] == finding.text
    keys = [f.sort_key() for f in report.findings]
    assert keys == sorted(keys)


def test_one_block_may_satisfy_two_sections(audit_text):
    text = ("2023年上半年意识形态工作总结\n四、存在问题及下一步计划\n"
            "一是学习不够深入，二是方法不多。下一步，我们将加强学习，创新方法，把各项工作做实做细。")
    sections = {s.id: s for s in audit_text(text).sections}
    assert sections["problems"].paragraph == sections["next_steps"].paragraph == 1


def test_findings_know_their_section(audit_text):
    text = "2023年上半年意识形态工作总结\n一、加强组织领导\n召开会议X次。\n二、存在问题\n问题X个。"
    report = audit_text(text)
    sections = {f.paragraph: f.section for f in report.findings if f.rule == "placeholder.x"}
    assert sections == {2: "leadership", 4: "problems"}
    assert report.section_of == [None, "leadership", "leadership", "problems", "problems"]


class CountingFamily:
    """Wraps a family and counts how often it scans a paragraph."""

    def __init__(self, family):
        self.family, self.scans, self.reviews = family, 0, 0
        self.category, self.name = family.category, family.name
        self.needs_segmenter, self.scans_furniture = family.needs_segmenter, family.scans_furniture

    def scan(self, paragraph, env):
        self.scans += 1
        return self.family.scan(paragraph, env)

    def review(self, ctx):
        self.reviews += 1
        return self.family.review(ctx)

    def review_key(self, ctx):
        return self.family.review_key(ctx)


def test_reaudit_after_an_edit_rescans_only_the_changed_paragraph(catalog):
    counters = tuple(CountingFamily(f) for f in FAMILIES if not f.needs_segmenter)
    auditor = Auditor(catalog.get("ideology-summary"), catalog.pack, families=counters)
    lines = fixture_text("clean-report.txt").split("\n")
    first = auditor.audit(parse_text("\n".join(lines)))
    before = [c.scans for c in counters]
    edited = next(i for i, line in enumerate(lines) if "会议4次" in line)
    lines[edited] = lines[edited].replace("会议4次", "会议X次")
    second = auditor.audit(parse_text("\n".join(lines)))
    assert [c.scans - b for c, b in zip(counters, before)] == [1] * len(counters)
    assert not any(f.rule == "placeholder.x" for f in first.findings)
    assert any(f.rule == "placeholder.x" and f.paragraph == edited for f in second.findings)


def test_a_review_runs_again_only_when_what_it_reads_changed(catalog):
    """Typing after a heading's number (（一）加强组织领导，…) without writing an enumeration
    leaves the headings and numbered runs as they were: the numbering review is served from
    the last audit; the repeated-sentence review reads every sentence and runs again."""
    counters = tuple(CountingFamily(f) for f in FAMILIES if not f.needs_segmenter)
    by_name = {c.name: c for c in counters}
    auditor = Auditor(catalog.get("ideology-summary"), catalog.pack, families=counters)
    lines = fixture_text("clean-report.txt").split("\n")
    auditor.audit(parse_text("\n".join(lines)))
    body = next(i for i, line in enumerate(lines) if "会议4次" in line)
    for typed, numbering_reviews in (("进一步", 1), ("。一是加强学习", 2), ("，深化", 3)):
        lines[body] += typed
        auditor.audit(parse_text("\n".join(lines)))
        assert by_name["numbering"].reviews == numbering_reviews
    assert by_name["wording"].reviews == 4  # the first audit and each keystroke


def test_cached_findings_move_with_their_paragraph(catalog):
    auditor = Auditor(catalog.get("ideology-summary"), catalog.pack)
    auditor.audit(parse_text("标题总结\n召开会议X次。"))
    report = auditor.audit(parse_text("标题总结\n\n新的一段。\n召开会议X次。"))
    hit = next(f for f in report.findings if f.rule == "placeholder.x")
    assert (hit.paragraph, hit.text) == (3, "X")


def test_ignores_hide_rule_spot_and_word(audit_text, catalog):
    text = "2023年总结\n召开会议X次，印发XX份，开展Q群活动。"
    document = parse_text(text)
    auditor = Auditor(catalog.get("ideology-summary"), catalog.pack)
    report = auditor.audit(document)
    spot = next(f for f in report.findings if f.text == "X")
    ignores = Ignores(rules={"placeholder.letter"}, words={"XX"})
    ignores.spots.add(ignores.spot_of(spot, document))
    hidden = auditor.audit(document, ignores)
    assert not [f for f in hidden.findings if f.category == "placeholder"]
    restored = Ignores.from_json(ignores.to_json())
    assert restored == ignores


def test_severity_override_from_checklist(catalog):
    checklist = dataclasses.replace(catalog.get("ideology-summary"),
                                    severities={"punctuation": Severity.INFO})
    report = Auditor(checklist, catalog.pack).audit(parse_text("标题总结\n按照要求,召开会议。"))
    assert [f.severity for f in report.findings if f.category == "punctuation"] == [Severity.INFO]


def test_word_count_counts_chinese_characters_and_latin_words_as_word_does():
    # 标题总结 4 + 一、工作， 5 + Word 1 + 2024 1 + 𠮷 1
    assert count_chars(parse_text("标题 总结\n一、 工作，Word 2024𠮷")) == 12


def test_duty_report_fixture(audit_text):
    text = fixture_text("defects-duty-report.txt")
    report = audit_text(text, checklist="duty-report")
    status = {s.id: s.status for s in report.sections}
    assert status["problems"] == "missing" and status["performance"] != "missing"
    rules = [f.rule for f in report.findings]
    assert rules.count("punctuation.halfwidth") == sum(text.count(mark) for mark in ",;:")
    assert rules.count("punctuation.halfwidth-parens") == 2
    assert {"placeholder.x", "numbering.enumeration-missing-shi", "numbering.gap",
            "wording.repeated-sentence", "date.anniversary"} <= set(rules)
    assert "date.meeting-before-held" not in rules  # 二十大 was held in 2022: fine here


def test_special_report_fixture_with_profile(audit_text):
    from gongwen.core.profile import Profile

    profile = Profile(unit="青山镇党委", region=("青山县", "青山镇"))
    report = audit_text(fixture_text("defects-special-report.txt"), checklist="special-report",
                        profile=profile)
    assert all(s.status != "missing" for s in report.sections)
    residue = {(f.text, f.severity) for f in report.findings if f.category == "residue"}
    assert ("卫辉市太公镇韩窑村", Severity.WARNING) in residue
    assert ("张建国", Severity.WARNING) in residue
    assert not [f for f in report.findings if f.severity is Severity.ERROR]


def test_every_missing_section_is_its_own_finding(audit_text):
    report = audit_text("2023年上半年意识形态工作总结\n正文一段。")
    missing = [f.message for f in report.findings if f.rule == "structure.missing"]
    required = [s.title for s in report.sections if s.required]
    assert len(missing) == len(required) == 5
    assert all(any(title in message for message in missing) for title in required)


def test_finding_json_is_every_field_with_the_severity_named():
    import dataclasses

    from gongwen.core.model import Finding, Severity

    finding = Finding("placeholder.x", "placeholder", Severity.ERROR, "占位符", 3, 1, 2, "X", "", "study")
    expected = dataclasses.asdict(finding) | {"severity": "error"}
    assert finding.to_json() == expected and list(finding.to_json()) == list(expected)
