"""检查 ▸ 与往年报告比对…: last year's report is read once; the live audit then lists and
underlines the recycled passages and the panel says how much is recycled."""

from __future__ import annotations

from drafts import LEADERSHIP, NETWORK, draft
from uihelpers import wait_report


def test_recycled_passages_are_listed_marked_and_counted(qtbot, make_window, tmp_path, monkeypatch):
    from gongwen.ui import comparison

    last_year = tmp_path / "2023年总结.txt"
    recycled = [LEADERSHIP.replace("4次", "3次").replace("12份", "10份"), NETWORK.replace("上半年", "全年")]
    last_year.write_text("某县文化馆2023年意识形态工作总结\n" + "\n".join(recycled), encoding="utf-8")
    monkeypatch.setattr(comparison.QFileDialog, "getOpenFileName",
                        staticmethod(lambda *args, **kwargs: (str(last_year), "")))
    window = make_window(draft())
    wait_report(qtbot, window)
    window.compare_with_earlier()
    result = wait_report(qtbot, window)
    total, items = result.groups["recycled"]
    assert total >= 2 and {f.paragraph for f in items} >= {3, 5}
    assert 0 < result.recycled < 1
    assert "与往年报告重复" in window.panel.notice.text()
    assert any(m.finding.category == "recycled" for m in result.marks[3])
    assert window.stop_compare_action.isEnabled()
    window.stop_comparing()
    after = wait_report(qtbot, window)
    assert after.groups["recycled"][0] == 0 and after.recycled is None
    assert "与往年报告" not in window.panel.notice.text()
