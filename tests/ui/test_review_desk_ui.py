"""The reviewer's desk widget with real Qt widgets (offscreen): a folder reviewed off the UI
thread (worker processes included), the table sorted, a double-click asking the editor to
open the report, HTML/CSV export, the comparison view stepping passage by passage, and the
editor's comparison with last year's report.

(Named ..._ui.py: tests/test_review_desk.py has the pipeline's tests, and two test modules
of one name cannot both be imported from the test folders' top level.)"""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest

from gongwen.review_desk import CatalogAudit, review_folder
from gongwen.ui.comparison import ComparisonView, ask_compare_with_earlier, recycled_notice
from gongwen.ui.review_desk import REPORT_COLUMNS, ReviewDesk
from review_corpus import build_folder


class SlowAudit(CatalogAudit):
    """The catalog's audit, 60 ms slower a file: long enough to watch the UI during a run."""

    def __call__(self, path):
        time.sleep(0.06)
        return super().__call__(path)


def runner(audit=None, workers=2):
    audit = audit or CatalogAudit(user_folder="/nonexistent", jieba=False)

    def run(paths, **options):
        return review_folder(paths, audit, workers=workers, **options)

    return run


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return build_folder(tmp_path_factory.mktemp("desk-ui"), count=10, chars=2200, seed=4,
                        copies=1, recycles=1, earlier_extra=1)


@pytest.fixture()
def make_desk(qtbot):
    from gongwen.ui.app import make_application

    make_application()
    desks = []

    def make(run=None, folder_path="", earlier=""):
        desk = ReviewDesk(run or runner(), folder_path, earlier)
        qtbot.addWidget(desk)
        desk.show()
        desks.append(desk)
        return desk

    yield make
    for desk in desks:
        desk.shutdown()


def reviewed(qtbot, desk, timeout=60_000):
    with qtbot.waitSignal(desk.reviewFinished, timeout=timeout):
        assert desk.start()
    return desk.result


def column(name: str) -> int:
    return next(i for i, c in enumerate(REPORT_COLUMNS) if c[0] == name)


def test_a_folder_is_reviewed_in_worker_processes_and_shown(qtbot, make_desk, folder):
    desk = make_desk(runner(workers=2), str(folder.current), str(folder.earlier))
    result = reviewed(qtbot, desk)
    assert desk.model.rowCount() == 10 and desk.proxy.rowCount() == 10
    assert desk.pair_model.rowCount() == len(folder.planted) == len(result.pairs)
    assert desk.tabs.tabText(0) == "报告一览（10）"
    assert "共 10 份报告" in desk.status.text() and "与往年报告重复 1 对" in desk.status.text()
    assert desk.html_button.isEnabled() and desk.csv_button.isEnabled()
    # the columns and the tooltip say what a reviewer needs
    first = desk.proxy.index(0, 0)
    tooltip = desk.proxy.data(first, Qt.ItemDataRole.ToolTipRole)
    row = desk.model.row_at(desk.proxy.mapToSource(first).row())
    assert row.title in tooltip and row.checklist_name in tooltip
    assert desk.proxy.data(first, Qt.ItemDataRole.DisplayRole) == row.unit


def test_sorting_by_errors_and_by_recycled_share(qtbot, make_desk, folder):
    desk = make_desk(runner(workers=0), str(folder.current), str(folder.earlier))
    reviewed(qtbot, desk)
    errors = column("错误")
    desk.view.sortByColumn(errors, Qt.SortOrder.DescendingOrder)
    values = [desk.proxy.index(r, errors).data() for r in range(desk.proxy.rowCount())]
    assert values == sorted(values, reverse=True) and values[0] > 0
    recycled = column("重复")
    desk.view.sortByColumn(recycled, Qt.SortOrder.DescendingOrder)
    top = desk.model.row_at(desk.proxy.mapToSource(desk.proxy.index(0, 0)).row())
    assert top.recycled == max(r.recycled for r in desk.result.rows) > 0.5
    assert desk.proxy.index(0, recycled).data().endswith("%")


def test_the_ui_keeps_running_while_the_folder_is_audited(qtbot, make_desk, folder):
    desk = make_desk(runner(SlowAudit(user_folder="/nonexistent", jieba=False), workers=2),
                     str(folder.current))
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(20)
    started = time.perf_counter()
    reviewed(qtbot, desk)
    timer.stop()
    elapsed = time.perf_counter() - started
    assert elapsed > 0.25  # 10 files × 60 ms on 2 processes
    # a blocked UI thread would tick once at the end: one gap as long as the whole run
    gaps = [b - a for a, b in zip([started, *ticks], ticks)]
    assert len(ticks) >= 5 and max(gaps) < elapsed / 2


def test_progress_shows_while_running_and_stop_keeps_what_is_done(qtbot, make_desk, folder):
    desk = make_desk(runner(SlowAudit(user_folder="/nonexistent", jieba=False), workers=0),
                     str(folder.current))
    assert desk.start()
    qtbot.waitUntil(lambda: desk.progress.maximum() == 10 and desk.progress.value() >= 2,
                    timeout=10_000)
    assert "正在检查" in desk.status.text() and not desk.start_button.isEnabled()
    with qtbot.waitSignal(desk.reviewFinished, timeout=10_000):
        desk.stop()
    assert desk.result.cancelled and 2 <= len(desk.result.rows) < 10
    assert desk.status.text().startswith("已停止") and desk.start_button.isEnabled()


def test_a_failing_review_is_reported_and_the_desk_can_start_again(qtbot, make_desk, folder):
    def broken(paths, **options):
        raise RuntimeError("磁盘出错")

    desk = make_desk(broken, str(folder.current))
    assert desk.start()
    qtbot.waitUntil(lambda: not desk.running, timeout=5000)
    assert desk.status.text() == "审阅出错：RuntimeError：磁盘出错"
    assert desk.start_button.isEnabled() and desk.result is None


def test_a_missing_folder_is_refused_with_a_message(make_desk, tmp_path):
    desk = make_desk(folder_path=str(tmp_path / "没有这个文件夹"))
    assert not desk.start()
    assert "不存在" in desk.status.text() and not desk.running


def test_double_click_asks_to_open_the_report(qtbot, make_desk, folder):
    desk = make_desk(runner(workers=0), str(folder.current))
    reviewed(qtbot, desk)
    index = desk.proxy.index(3, 1)
    expected = desk.model.row_at(desk.proxy.mapToSource(index).row()).path
    rect = desk.view.visualRect(index)
    with qtbot.waitSignal(desk.openReport, timeout=2000) as signal:
        QTest.mouseClick(desk.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        QTest.mouseDClick(desk.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == [expected]
    assert desk.selected_row().path == expected
    assert desk.selected_row().title in desk.detail.toPlainText()  # the detail pane follows


def test_export_html_and_csv(qtbot, make_desk, folder, tmp_path):
    desk = make_desk(runner(workers=0), str(folder.current), str(folder.earlier))
    result = reviewed(qtbot, desk)
    html = desk.export_html(str(tmp_path / "汇总.html"))
    page = Path(html).read_text(encoding="utf-8")
    assert page.count('<tr class="') == len(result.rows)
    written = desk.export_csv(str(tmp_path / "汇总.csv"))
    with open(written, encoding="utf-8-sig", newline="") as f:
        assert len(list(csv.DictReader(f))) == len(result.rows)
    assert (tmp_path / "汇总-重复.csv").is_file() and "已导出" in desk.status.text()


def test_an_export_that_cannot_be_written_shows_an_error(qtbot, make_desk, folder, tmp_path,
                                                         quiet_dialogs):
    desk = make_desk(runner(workers=0), str(folder.current))
    reviewed(qtbot, desk)
    assert desk.export_html(str(tmp_path / "没有的文件夹" / "汇总.html")) is None
    assert quiet_dialogs and quiet_dialogs[0][0] == "无法导出"


def test_comparison_view_steps_through_the_passages(qtbot, make_desk, folder):
    desk = make_desk(runner(workers=0), str(folder.current), str(folder.earlier))
    result = reviewed(qtbot, desk)
    number = next(n for n, p in enumerate(result.pairs) if len(p.passages) >= 3)
    pair = result.pairs[number]
    dialog = desk.compare(number)
    qtbot.addWidget(dialog)
    view = dialog.view
    assert view.current == 0 and not view.previous_button.isEnabled()
    a_texts, b_texts = result.texts[str(pair.a)], result.texts[str(pair.b)]

    def shown(text, paragraphs, paragraph, start, end):
        marked = [s.cursor.selectedText() for s in text.extraSelections()]
        assert paragraphs[paragraph][start:end] in marked
        assert text.textCursor().blockNumber() == paragraph

    for step in range(len(pair.passages)):
        passage = pair.passages[step]
        span = passage.spans[0]
        shown(view.a_text, a_texts, passage.a_paragraph, span.a_start, span.a_end)
        shown(view.b_text, b_texts, passage.b_paragraph, span.b_start, span.b_end)
        assert view.where_label.text().startswith(f"第 {step + 1} / {len(pair.passages)} 处")
        if step < len(pair.passages) - 1:
            QTest.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    assert not view.next_button.isEnabled() and view.previous_button.isEnabled()
    QTest.mouseClick(view.previous_button, Qt.MouseButton.LeftButton)
    assert view.current == len(pair.passages) - 2
    every = len(view.a_text.extraSelections())
    assert every == sum(len(p.spans) for p in pair.passages) + len(pair.passages[view.current].spans)
    dialog.close()


def test_comparison_view_of_a_pair_without_passages(qtbot):
    from gongwen.core.similarity import Pair

    view = ComparisonView(Pair("a", "b", 0.0, ()), ["甲文"], ["乙文"], "甲", "乙")
    qtbot.addWidget(view)
    view.show_next()
    assert view.current == -1 and view.share_label.text() == "没有重复段落"
    assert not view.next_button.isEnabled()


def test_editor_comparison_with_last_years_report(folder, quiet_dialogs, qtbot):
    current, old = folder.recycled[0]
    paragraphs = folder.reports[current].paragraphs
    share, findings, check = ask_compare_with_earlier(None, paragraphs, path=str(old))
    assert share > 0.5 and check.path == str(old)
    assert findings and {f.category for f in findings} == {"recycled"}
    for finding in findings:
        assert paragraphs[finding.paragraph][finding.start:finding.end] == finding.text
    # the clerk rewrites the first recycled paragraph: checked again, it is no longer marked
    rewritten = list(paragraphs)
    first = findings[0].paragraph
    rewritten[first] = "今年我们创新开展了“书香润心”读书分享会，邀请老党员讲述入党初心。"
    share_after, after = check.check(rewritten)
    assert share_after < share and first not in {f.paragraph for f in after}
    assert recycled_notice(share).startswith("与往年报告重复 ")
    assert recycled_notice(0) == "与往年报告没有重复段落"
    broken = folder.current.parent / "broken.docx"
    broken.write_bytes(b"not a docx")
    assert ask_compare_with_earlier(None, paragraphs, path=str(broken)) is None
    assert quiet_dialogs[-1][0] == "无法比对"


def test_open_review_desk_from_a_window_routes_reports_to_the_editor(qtbot, make_window, folder):
    """The wiring of 文件 ▸ 审阅文件夹…: open_review_desk(window, window.files.open_path)."""
    from gongwen.ui.review_desk import open_review_desk

    window = make_window("")
    desk = open_review_desk(window, window.files.open_path, str(folder.current))
    assert desk.isWindow() and desk.isVisible()
    assert open_review_desk(window, window.files.open_path) is desk  # one desk per window
    desk.runner = runner(workers=0)
    reviewed(qtbot, desk)
    desk.view.selectRow(2)
    chosen = desk.selected_row()
    desk.open_button.click()
    assert Path(window.files.path) == Path(chosen.path) and Path(window.files.path).is_absolute()
    assert window.editor.toPlainText().startswith(chosen.title)
    desk.shutdown()
    desk.close()
