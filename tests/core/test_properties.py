"""Any text at all: no exception, offsets inside their paragraph, findings sorted."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongwen.core.audit import Auditor
from gongwen.core.parse import parse_text

PIECES = st.sampled_from([
    "一、", "（一）", "(3)", "1.", "一是", "二是", "X", "XX次", "某某", "20__年", "##paidbegin##",
    "，", ",", "。。", "“", "》", " ", "\u3000", "\n", "𠮷", "建国70周年", "2021年上半年", "存在问题",
    "下一步", "卫辉市太公镇", "同志", "……", "--", "_", "QQ群", "仅供学习", "12次", "A", "\t", "\r\n",
])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=40).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT)
def test_any_text_audits_cleanly(catalog, segmenter, text):
    document = parse_text(text)
    report = Auditor(catalog.get("ideology-summary"), catalog.pack, None, segmenter).audit(document)
    for finding in report.findings:
        paragraph = document.paragraphs[finding.paragraph].text
        assert 0 <= finding.start <= finding.end <= len(paragraph)
        assert paragraph[finding.start:finding.end] == finding.text
    keys = [f.sort_key() for f in report.findings]
    assert keys == sorted(keys)
    assert {s.status for s in report.sections} <= {"ok", "thin", "missing"}
