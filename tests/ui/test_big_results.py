"""A huge result (a merged compilation: 20,000 findings) reaches the checklist panel over
several events, the rows at the top first, and a newer result takes over what is left; the
list then scrolls by rows so that no layout of it measures every row."""

from __future__ import annotations

import dataclasses

import pytest
from uihelpers import wait_report

from gongwen.core.model import Finding, Report, SectionStatus, Severity, Stats
from gongwen.ui import checklist_panel as panel_module
from gongwen.ui.checklist_panel import CONTEXT_ROLE, ChecklistPanel, RowDelegate
from gongwen.ui.view_model import GROUP_ORDER, panel_view, severity_counts

PER_ITEM = panel_module.QAbstractItemView.ScrollMode.ScrollPerItem
PER_PIXEL = panel_module.QAbstractItemView.ScrollMode.ScrollPerPixel
CATEGORIES = [c for c in GROUP_ORDER if c != "recycled"]


def big_result(count: int, tag: str = "") -> tuple[Report, list[str]]:
    """``count`` findings, each with a message of its own (no folding), spread over the
    groups; every group gets more than MAX_GROUP_ITEMS when ``count`` is large."""
    texts = [f"第{n}段工作完成了X次调研，制定实施方案若干个，成立工作专班推进落实。" for n in range(count)]
    findings = [Finding(rule=f"{CATEGORIES[n % len(CATEGORIES)]}.r{n % 7}",
                        category=CATEGORIES[n % len(CATEGORIES)], severity=list(Severity)[n % 3],
                        message=f"{tag}第{n}处问题：某某内容需要核实后再报送" + "，说明较长" * (n % 3),
                        paragraph=n, start=8, end=9, text="X")
                for n in range(count)]
    stats = Stats(**{f.name: 0 for f in dataclasses.fields(Stats)})
    sections = [SectionStatus("s1", "工作开展情况", True, "ok", 0)]
    return Report("c", "清单", "标题", stats, sections, findings), texts


def show(panel: ChecklistPanel, report: Report, texts: list[str]) -> None:
    counts = severity_counts(report.findings)
    panel.show_report(report, "清单", False, panel_view(report, texts, None, 0, counts), counts)


def make_panel(qtbot) -> ChecklistPanel:
    from gongwen.catalog import load_catalog

    panel = ChecklistPanel(load_catalog())
    qtbot.addWidget(panel)
    panel.resize(420, 800)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def described(panel: ChecklistPanel) -> list[tuple]:
    """What each group and row of the list shows."""
    rows = []
    for category, group in panel.groups.items():
        rows.append((category, group.text(1), group.isHidden()))
        for index in range(group.childCount()):
            item = group.child(index)
            rows.append((item.text(0), item.text(1), item.toolTip(0), item.data(0, CONTEXT_ROLE)))
    return rows


def rows_in_view(panel: ChecklistPanel) -> list:
    """The items the list shows, top to bottom."""
    panel.tree.doItemsLayout()
    found = []
    for y in range(0, panel.tree.viewport().height(), 4):
        item = panel.tree.itemAt(8, y)
        if item is not None and (not found or found[-1] is not item):
            found.append(item)
    return found


def test_a_result_with_20000_findings_fills_the_panel_over_several_events(qtbot, monkeypatch):
    report, texts = big_result(20_000)
    panel = make_panel(qtbot)
    show(panel, report, texts)
    assert panel.filling()
    first = panel.groups[CATEGORIES[0]]
    assert first.childCount() >= panel_module.FIRST_FILL_ROWS
    assert panel.groups[CATEGORIES[-1]].childCount() == 0  # not yet
    in_view = rows_in_view(panel)
    assert in_view[0] is first and len(in_view) > 10
    for item in in_view[1:]:  # every row in view shows its finding already
        assert item.parent() is first and item.text(0) == panel.finding_of(item).message
    qtbot.waitUntil(lambda: not panel.filling(), timeout=10_000)
    at_once = make_panel(qtbot)
    monkeypatch.setattr(panel_module, "FILL_ROWS", 1 << 30)
    show(at_once, report, texts)
    assert not at_once.filling()
    assert described(panel) == described(at_once)
    assert panel.findings == at_once.findings


def test_a_newer_result_cancels_the_rest_of_the_fill(qtbot):
    panel = make_panel(qtbot)
    show(panel, *big_result(20_000, "旧"))
    assert panel.filling()
    newer, texts = big_result(6_000, "新")
    show(panel, newer, texts)
    qtbot.waitUntil(lambda: not panel.filling(), timeout=10_000)
    shown = [row for row in described(panel) if len(row) == 4]
    assert shown and not any(text.startswith("旧") for text, *_ in shown)
    listed = {f for found in panel.findings.values() for f in found}
    assert listed <= set(newer.findings)
    for category in CATEGORIES:
        group = panel.groups[category]
        assert [group.child(i).text(0) for i in range(len(panel.rows[category]))] == \
            [row.finding.message for row in panel.rows[category]]


def test_during_a_fill_each_row_leads_to_the_finding_it_shows(qtbot):
    panel = make_panel(qtbot)
    show(panel, *big_result(20_000, "旧"))
    panel.finish_fill()
    show(panel, *big_result(20_000, "新"))
    assert panel.filling()
    mixed = set()
    for group in panel.groups.values():
        for index in range(group.childCount()):
            item = group.child(index)
            finding = panel.finding_of(item)
            if finding is not None:
                assert item.text(0) == finding.message
                mixed.add(finding.message[0])
    assert mixed == {"旧", "新"}  # caught mid-fill: the new rows at the top, the old below


@pytest.fixture()
def counted_heights(monkeypatch):
    """How many times the list asks a row's height."""
    calls = []
    original = RowDelegate.sizeHint

    def counting(self, option, index):
        calls.append(index.row())
        return original(self, option, index)

    monkeypatch.setattr(RowDelegate, "sizeHint", counting)
    return calls


def test_a_long_list_scrolls_by_rows_and_its_layout_measures_only_rows_in_view(qtbot, counted_heights):
    panel = make_panel(qtbot)
    report, texts = big_result(20_000)
    show(panel, report, texts)
    panel.finish_fill()
    counted_heights.clear()
    panel.tree.doItemsLayout()
    qtbot.wait(50)
    rows = sum(len(rows) for rows in panel.rows.values())
    assert rows > 5 * panel_module.PIXEL_SCROLL_ROWS
    assert len(counted_heights) < rows // 4  # by pixels: every row, once per column
    assert panel.tree.verticalScrollMode() == PER_ITEM
    small, texts = big_result(40)
    show(panel, small, texts)
    assert not panel.filling()
    assert panel.tree.verticalScrollMode() == PER_PIXEL  # a normal list scrolls smoothly


def test_thousands_of_headings_are_made_over_several_events_and_the_latest_win(qtbot):
    from gongwen.ui.outline import SLICE_ENTRIES, OutlineView

    view = OutlineView()
    qtbot.addWidget(view)
    many = tuple((n * 2, 1 + n % 3, f"{n}、第{n}部分") for n in range(SLICE_ENTRIES * 4))
    view.show_entries(many)
    steps = 0
    while view.building():
        qtbot.wait(1)
        steps += 1
        assert view.topLevelItemCount() == 0 or not view.building()  # put in by the last slice
    assert steps >= 3
    assert [i for i, _ in view._items] == [index for index, _, _ in many]
    newer = many[:-5]
    view.show_entries(many[5:])
    qtbot.wait(1)
    assert view.building()
    view.show_entries(newer)  # before the first build was done: it is given up
    qtbot.waitUntil(lambda: not view.building())
    assert [i for i, _ in view._items] == [index for index, _, _ in newer]
    top = [view.topLevelItem(i).text(0) for i in range(view.topLevelItemCount())]
    assert top == [text for _, level, text in newer if level == 1]


def test_while_a_file_is_read_the_editor_is_still_and_the_worker_idles_not(make_window, tmp_path,
                                                                           monkeypatch):
    """No cursor blink to repaint, no jieba warm-up competing for the GIL with the reader;
    both come back after the read (also after a cancelled or failed one)."""
    from gongwen.ui import file_actions

    path = tmp_path / "合订本.txt"
    path.write_text("某县2024年工作总结\n正文。", encoding="utf-8")
    window = make_window("原来的文稿")
    seen = []
    read = file_actions._read

    def watched(name):
        seen.append((window.editor.isReadOnly(), window.live._warm_step()))
        return read(name)

    monkeypatch.setattr(file_actions, "_read", watched)
    warmer = type("Warmer", (), {"warm_step": lambda self: True})()  # jieba with work left
    window.live.segmenter = warmer
    assert window.files.open_file(str(path))
    assert seen == [(True, False)]
    assert not window.editor.isReadOnly() and window.live._warm_step()
    window.live.segmenter = None  # before the audit of the opened text asks for it
    assert window.editor.toPlainText().startswith("某县2024年")
    monkeypatch.setattr(file_actions, "_read", lambda name: (_ for _ in ()).throw(OSError("坏了")))
    window.live.segmenter = warmer
    assert not window.files.open_file(str(path))
    assert not window.editor.isReadOnly() and window.live._warm_step()
    window.live.segmenter = None


def test_the_worker_makes_a_results_marks_rows_and_outline_with_the_collector_paused(monkeypatch):
    """A merged compilation's marks, rows and outline are hundreds of thousands of objects:
    made with the collector on, its collections held the GIL up to 0.25 s at a time."""
    import gc

    from gongwen.service import AuditService
    from gongwen.ui import view_model
    from gongwen.ui.view_model import LiveModel, Request

    service, _ = AuditService.load()
    texts = ["某县2024年意识形态工作总结", "一、加强领导", "完成了X次调研，制定方案XX个。"]
    seen: dict[str, bool] = {}

    def watched(name):
        made = getattr(view_model, name)

        def call(*args, **kwargs):
            seen[name] = gc.isenabled()
            return made(*args, **kwargs)
        return call

    names = ("panel_view", "outline_entries", "blocks_to_update")
    for name in names:
        monkeypatch.setattr(view_model, name, watched(name))
    was = gc.isenabled()
    gc.enable()
    try:
        result = LiveModel().compute(Request(1, texts, "", view_model.Ignores(), None, service))
        assert gc.isenabled()  # on again after
    finally:
        if not was:
            gc.disable()
    assert seen == dict.fromkeys(names, False)
    assert result.report.findings


def _compilation(lines: int) -> str:
    return "\n".join(f"第{n}段：召开会议X次，研究部署意识形态工作，压实主体责任。" for n in range(lines))


def test_a_huge_text_goes_in_a_piece_an_event_and_is_audited_once_whole(make_window, qtbot):
    """Over DEFERRED_DRAW_CHARS: the first piece at once, the rest in later events, the
    editor read-only meanwhile; the audit runs on the whole text only, and no undo step of
    the loading is left."""
    from gongwen.ui.editor import LOAD_PIECE_CHARS
    from gongwen.ui.main_window import DEFERRED_DRAW_CHARS

    window = make_window("原来的文稿")
    text = _compilation(DEFERRED_DRAW_CHARS // 30 + 1000)
    assert len(text) > max(DEFERRED_DRAW_CHARS, 3 * LOAD_PIECE_CHARS)
    audited: list[int] = []
    window.live.reportReady.connect(lambda result: audited.append(len(result.document.paragraphs)))
    window.load_text(text)
    assert window.editor.loading() and window.editor.isReadOnly()
    assert window.editor.document().characterCount() < len(text)  # only the first piece
    qtbot.waitUntil(lambda: not window.editor.loading(), timeout=20_000)
    wait_report(qtbot, window, 60_000)
    assert window.editor.toPlainText() == text
    assert not window.editor.isReadOnly() and not window.editor.document().isUndoAvailable()
    assert not window.editor.document().isModified()
    assert audited and set(audited) == {text.count("\n") + 1}


def test_reading_a_text_still_going_in_puts_the_rest_in_first(make_window):
    """A save, an autosave or an audit asking for the text mid-load gets all of it."""
    from gongwen.ui.main_window import DEFERRED_DRAW_CHARS

    window = make_window("")
    text = _compilation(DEFERRED_DRAW_CHARS // 30 + 1000)
    window.load_text(text)
    assert window.editor.loading()
    assert window.editor.block_texts() == text.split("\n")
    assert not window.editor.loading() and not window.editor.isReadOnly()
    window.load_text(text)  # and loading another text over one going in replaces it whole
    window.load_text("短的一篇")
    assert window.editor.toPlainText() == "短的一篇" and not window.editor.loading()


def test_the_gutter_numbers_a_text_going_in_without_copying_it_out_per_piece(make_window, qtbot,
                                                                            monkeypatch):
    """The numbers of the part in already stay right as pieces are appended: the text is
    read out of Qt for the first piece and once it is all in, not for every piece's
    repaint."""
    from gongwen.ui.main_window import DEFERRED_DRAW_CHARS

    window = make_window("原来的文稿")
    window.editor.set_numbers_visible(True)
    read = []
    texts_so_far = window.editor.texts_so_far
    monkeypatch.setattr(window.editor, "texts_so_far", lambda: read.append(1) or texts_so_far())
    window.load_text(_compilation(DEFERRED_DRAW_CHARS // 10))
    painted = 0
    while window.editor.loading():  # a piece, then a repaint, as the event loop goes
        window.editor._load_step()
        window.editor.gutter.current_numbers()  # what its paint asks
        painted += 1
    assert painted >= 8
    assert len(read) == 2  # the first piece, and all once it is in
    assert window.editor.gutter.current_numbers()[:3] == [1, 2, 3]
