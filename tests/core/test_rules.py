"""Each rule family on real-looking text: what it must flag, and what it must leave alone."""

import pytest

from gongwen.core.model import Severity
from gongwen.core.profile import Profile

HEAD = "市文旅局2023年上半年意识形态工作总结\n"


def rules_at(report, category):
    return [(f.rule, f.text, f.fix) for f in report.findings if f.category == category]


@pytest.mark.parametrize(
    "snippet, flagged",
    [
        ("召开会议X次，印发文件XX份。", ["X", "XX"]),
        ("上报信息XXX余条，编发《XXXX》。", ["XXX", "XXXX"]),
        ("20__年，由某某同志任组长。", ["20__年", "某某"]),
        ("对A新时代相关话题和AAA公众号加强管理。", ["A", "AAA"]),
        ("学习_大报告精神，--社区开展活动，20__年。", ["_大", "--", "20__年"]),
        ("在……的领导下，组织……次学习。", ["……"]),
    ],
)
def test_placeholders_flagged(audit_text, snippet, flagged):
    report = audit_text(HEAD + snippet)
    texts = [text for _, text, _ in rules_at(report, "placeholder")]
    for item in flagged:
        assert item in texts
    assert all(f.severity is Severity.ERROR for f in report.findings if f.category == "placeholder")


def test_real_words_are_not_placeholders(audit_text):
    text = (HEAD + "用好QQ群、APP和e党建平台，更新LED屏和PPT课件，AAAA级景区GDP增长5%，"
            "配备X光机，升级Windows系统——确保安全。学习、研讨……，做到常态化。")
    assert rules_at(audit_text(text), "placeholder") == []


def test_junk_paragraphs_and_paywall_span(audit_text):
    text = ("仅供学习 禁止外传\n酷乐文行\n" + HEAD + "正文前半句##paidbegin##后半句。\n"
            "举报倒卖会员资料的人，举报成功免费赠送一年会员材料！")
    found = rules_at(audit_text(text), "junk")
    assert ("junk.advert", "仅供学习 禁止外传", "") in found
    assert ("junk.advert-block", "酷乐文行", "") in found  # a line above the title, next to an advert
    assert ("junk.paywall", "##paidbegin##", "") in found
    assert any(rule == "junk.advert" and text.startswith("举报倒卖") for rule, text, _ in found)


def test_junk_inside_a_long_paragraph_removes_only_its_sentence(audit_text):
    own = "我局召开专题会议研究部署意识形态工作，明确了各科室责任分工和工作要求，" * 3 + "。"
    report = audit_text(HEAD + own + "欢迎加入svip会员获取更多材料。")
    junk = [f for f in report.findings if f.category == "junk"]
    assert len(junk) == 1 and junk[0].start == len(own) and junk[0].fix == ""


def test_residue_from_other_places(audit_text):
    text = HEAD + "组织帮扶责任人到结对帮扶村卫辉市太公镇韩窑村开展结对帮扶活动。"
    found = rules_at(audit_text(text), "residue")
    assert ("residue.place", "卫辉市太公镇韩窑村", None) in found
    profile = Profile(unit="市文旅局", region=("卫辉市",))
    report = audit_text(text, profile=profile)
    assert not [f for f in report.findings if f.category == "residue"]
    other = audit_text(text, profile=Profile(unit="青山县文旅局", region=("青山县",)))
    assert [f.severity for f in other.findings if f.category == "residue"] == [Severity.WARNING]


def test_residue_waits_for_jieba(audit_text):
    report = audit_text(HEAD + "到卫辉市太公镇开展活动。", use_jieba=False)
    assert "residue" in report.pending
    assert not [f for f in report.findings if f.category == "residue"]


def test_numbering_gap_repeat_and_mixed_style(audit_text):
    text = HEAD + "一、甲\n（一）子一\n（二）子二\n(3)子三\n（四）子四\n二、乙\n四、丁\n四、戊"
    found = rules_at(audit_text(text), "numbering")
    assert ("numbering.mixed-style", "(3)", "（三）") in found
    assert ("numbering.gap", "四、", None) in found
    assert ("numbering.repeat", "四、", None) in found
    assert not any(rule == "numbering.gap" and text == "(3)" for rule, text, _ in found)


def test_enumeration_runs(audit_text):
    text = HEAD + "一是加强学习；二是完善机制；四是强化考核。\n一是甲。二是乙。三切实履行职责。"
    found = rules_at(audit_text(text), "numbering")
    assert ("numbering.enumeration", "四是", None) in found
    assert ("numbering.enumeration-missing-shi", "三", "三是") in found


def test_punctuation_fixes(audit_text):
    text = HEAD + "按照要求,召开会议;强化学习:做到(一)常态化。对宣传栏进行检查 整改。做好工作。。（未闭合"
    found = rules_at(audit_text(text), "punctuation")
    assert ("punctuation.halfwidth", ",", "，") in found
    assert ("punctuation.halfwidth", ";", "；") in found
    assert ("punctuation.halfwidth", ":", "：") in found
    assert ("punctuation.halfwidth-parens", "(一)", "（一）") in found
    assert ("punctuation.space", " ", "") in found
    assert ("punctuation.doubled", "。。", "。") in found
    assert ("punctuation.unpaired", "（", None) in found


def test_punctuation_leaves_numbers_latin_and_spaced_slogans_alone(audit_text):
    text = HEAD + "会议于9:30召开，增长1.5%，版本v2.0, build 3; ok（已完成）。开展“崇德重礼 德法相依”活动。"
    assert rules_at(audit_text(text), "punctuation") == []


def test_dates(audit_text):
    text = (HEAD + "2023年是建国70周年，学习贯彻二十届三中全会精神。2021年上半年工作中，全年共开展活动5次。"
            "会议于2023年07月05日召开。")
    found = {rule: text for rule, text, _ in rules_at(audit_text(text), "date")}
    assert found["date.anniversary"] == "建国70周年"
    assert found["date.meeting-before-held"] == "二十届三中全会"
    assert found["date.year-mismatch"] == "2021年上半年"
    assert found["date.period"] == "全年"
    assert found["date.leading-zero"] == "2023年07月05日"


def test_anniversary_that_fits_is_not_flagged(audit_text):
    text = "2019年意识形态工作总结\n2019年是新中国成立70周年，也是五四运动100周年。"
    assert rules_at(audit_text(text), "date") == []


def test_wording_and_repeated_sentences(audit_text):
    sentence = "我们坚持把意识形态工作摆在全局工作的重要位置来抓。"
    text = HEAD + f"把学习与“两学一学”结合，异常是领导干部。{sentence}\n{sentence}"
    found = rules_at(audit_text(text), "wording")
    assert ("wording.formulation", "两学一学", "两学一做") in found
    assert ("wording.paraphrase", "异常是", "特别是") in found
    assert [r for r, _, _ in found].count("wording.repeated-sentence") == 1


def test_quantity_gap_and_vague(audit_text):
    text = (HEAD + "一、加强组织领导，压实工作责任\n党组高度重视意识形态工作，多次研究部署，"
            "明确了班子成员的责任分工，形成了齐抓共管的格局，取得了较好的效果。")
    report = audit_text(text)
    found = rules_at(report, "quantity")
    assert ("quantity.vague", "多次", None) in found
    assert any(rule == "quantity.gap" for rule, _, _ in found)
    leadership = next(s for s in report.sections if s.id == "leadership")
    assert leadership.status == "thin" and leadership.figures == 0


def test_figures_count_arabic_and_chinese_but_not_fixed_phrases(audit_text):
    report = audit_text(HEAD + "召开会议12次，刊发稿件30余篇，投入5.6万元，参学率98%，开展三场宣讲，"
                        "增强“四个意识”，做到“两个维护”，落实“一岗双责”。")
    assert report.stats.figures == 5
