"""The shortcuts taken for speed give the same results as the plain ways they replace."""

from __future__ import annotations

import dataclasses
import itertools
import random

from drafts import draft
from PySide6.QtGui import QFont, QTextCharFormat
from uihelpers import type_text, wait_report

from gongwen.core.audit import with_severity_section
from gongwen.core.model import Finding, Severity
from gongwen.core.parse import parse_paragraphs
from gongwen.ui.highlighter import SYNC_BLOCKS, VISIBLE_BLOCKS
from gongwen.ui.main_window import DEFERRED_DRAW_CHARS
from gongwen.ui.view_model import (
    ASTRAL,
    MAX_GROUP_ITEMS,
    Mark,
    ParagraphCache,
    common_prefix,
    panel_groups,
    panel_view,
    severity_counts,
    shifted_marks,
)


def marks_by_block(findings: list[Finding], block_texts: list[str]) -> dict[int, tuple[Mark, ...]]:
    """The plain way the worker's MarkCache replaces: every mark made afresh."""
    grouped: dict[int, list[Mark]] = {}
    for finding in findings:
        index = finding.paragraph
        if finding.end > finding.start and index < len(block_texts):
            text = block_texts[index]
            grouped.setdefault(index, []).append(Mark.of(finding, text, ASTRAL.search(text) is None))
    return {k: tuple(v) for k, v in grouped.items()}


def show(panel, report, texts: list[str] = ()) -> None:
    counts = severity_counts(report.findings)
    panel.show_report(report, "清单", False, panel_view(report, list(texts), None, 0, counts), counts)


def a_finding(**changes) -> Finding:
    values = {f.name: f"{f.name}-value" for f in dataclasses.fields(Finding)}
    values.update(severity=Severity.WARNING, paragraph=3, start=2, end=5)
    values.update(changes)
    return Finding(**values)


def test_with_severity_section_is_replace():
    item = a_finding()
    for severity, section in ((Severity.ERROR, "s1"), (Severity.WARNING, item.section)):
        assert with_severity_section(item, severity, section) == dataclasses.replace(
            item, severity=severity, section=section)


def test_paragraph_cache_parses_like_parse_paragraphs():
    cache = ParagraphCache()
    texts = draft().split("\n")
    edits = [texts, [*texts[:3], "新插入的一段。", *texts[3:]], texts[1:], texts + texts]
    for version in edits * 2:
        fast, plain = cache.parse(version), parse_paragraphs(version)
        assert (fast.paragraphs, fast.title_index) == (plain.paragraphs, plain.title_index)
        assert [(b.heading, b.start, b.end) for b in fast.root.walk()] == \
            [(b.heading, b.start, b.end) for b in plain.root.walk()]


def test_panel_groups_count_all_and_keep_the_first():
    findings = [a_finding(category="punctuation", start=i) for i in range(MAX_GROUP_ITEMS + 5)]
    groups = panel_groups([*findings, a_finding(category="date")])
    assert groups["punctuation"] == (MAX_GROUP_ITEMS + 5, findings[:MAX_GROUP_ITEMS])
    assert groups["date"][0] == 1 and groups["wording"] == (0, [])


def test_common_prefix():
    assert common_prefix("abcdef", "abcxef") == 3
    assert common_prefix("", "abc") == 0
    assert common_prefix("abc", "abc") == 3


def test_shifted_marks_follow_their_text():
    old = "甲乙丙XX丁戊XXX己"
    new = "甲乙新丙XX丁戊XXX己"  # 新 typed before 丙
    findings = [a_finding(start=3, end=5, text="XX", paragraph=0),
                a_finding(start=7, end=10, text="XXX", paragraph=0),
                a_finding(start=0, end=2, text="甲乙", paragraph=0)]
    marks = marks_by_block(findings, [old])[0]
    moved = shifted_marks(marks, old, new)
    assert [(m.start, m.end) for m in moved] == [(4, 6), (8, 11), (0, 2)]
    assert all(m.valid_in(new) for m in moved)
    # the audit of the new text gives the same marks: nothing to re-highlight
    again = [dataclasses.replace(f, start=f.start + 1, end=f.end + 1) if f.start >= 2 else f
             for f in findings]
    assert moved == marks_by_block(again, [new])[0]


def test_shifted_marks_drop_what_the_edit_touched_and_count_surrogates():
    old = "𠮷X甲"
    finding = a_finding(start=1, end=2, text="X", paragraph=0)
    (mark,) = marks_by_block([finding], [old])[0]
    assert (mark.start16, mark.end16) == (2, 3)
    assert shifted_marks((mark,), old, "𠮷Y甲") == ()
    (moved,) = shifted_marks((mark,), old, "𠮷𠮷X甲")
    assert (moved.start, moved.end, moved.start16, moved.end16) == (2, 3, 4, 5)
    assert isinstance(moved, Mark)


def test_block_texts_follow_every_kind_of_edit(make_window, qtbot):
    from PySide6.QtGui import QTextCursor

    window = make_window(draft())
    editor = window.editor

    def plain() -> list[str]:
        return editor.document().toRawText().split("\u2029")

    assert editor.block_texts() == plain()
    cursor = QTextCursor(editor.document().findBlockByNumber(3))
    cursor.movePosition(QTextCursor.MoveOperation.Right, n=5)
    editor.setTextCursor(cursor)
    type_text(editor, "加强")  # an input method commit
    assert editor.block_texts() == plain()
    type_text(editor, "一\n二")  # a new paragraph
    assert editor.block_texts() == plain()
    cursor = editor.textCursor()
    cursor.setPosition(2)
    cursor.setPosition(editor.document().findBlockByNumber(2).position() + 3,
                       QTextCursor.MoveMode.KeepAnchor)
    cursor.insertText("跨段替换")  # across paragraphs
    assert editor.block_texts() == plain()
    editor.undo()
    editor.undo()
    assert editor.block_texts() == plain()
    result = wait_report(qtbot, window)
    assert [p.text for p in result.document.paragraphs] == plain()


# ---------------------------------------------------------------- repainting one paragraph
def _twin_editors(qtbot, text: str):
    """A DraftEditor with the one-paragraph layout and one with Qt's own, side by side."""
    from PySide6.QtWidgets import QPlainTextDocumentLayout

    from gongwen.ui.editor import DraftEditor

    class PlainEditor(DraftEditor):
        layout_class = QPlainTextDocumentLayout

    editors = []
    for kind in (DraftEditor, PlainEditor):
        editor = kind()
        qtbot.addWidget(editor)
        editor.setCursorWidth(0)
        editor.resize(420, 360)
        editor.setPlainText(text)
        editor.show()
        qtbot.waitExposed(editor)
        editors.append(editor)
    return editors


def _on_screen(editor):
    """What the text area shows: the offscreen backing store, not a fresh rendering, so an
    area an edit changed but did not repaint would show its old pixels. (The scroll bars
    may differ: Qt counts a block it cleared off screen as one line until it is shown.)"""
    from PySide6.QtGui import QGuiApplication

    image = QGuiApplication.primaryScreen().grabWindow(editor.winId()).toImage()
    return image.copy(editor.viewport().geometry())


def _same_on_screen(qtbot, fast, plain, step: str) -> None:
    plain.viewport().update()  # Qt's own layout in full, the fast one only where it updated
    qtbot.wait(40)
    assert _visible_lines(fast) == _visible_lines(plain), step
    assert _on_screen(fast) == _on_screen(plain), step


def _visible_lines(editor) -> list[tuple[int, int]]:
    """(block, lines) on screen. (Off screen Qt lays blocks out lazily: a block it cleared
    counts one line until shown, where the fast layout has laid it out again at once.)"""
    block, lines = editor.firstVisibleBlock(), []
    while block.isValid() and editor.blockBoundingGeometry(block).translated(
            editor.contentOffset()).top() < editor.viewport().height():
        lines.append((block.blockNumber(), block.lineCount()))
        block = block.next()
    return lines


def test_one_paragraph_repaints_show_what_full_repaints_show(qtbot):
    from PySide6.QtGui import QTextCursor

    text = draft(extra=("联系人：XXX，电话：【待补充】。",))
    fast, plain = _twin_editors(qtbot, text)
    texts = text.split("\n")
    findings = [a_finding(paragraph=1, start=4, end=8, text=texts[1][4:8]),
                a_finding(paragraph=3, start=10, end=14, text=texts[3][10:14],
                          severity=Severity.ERROR),
                a_finding(paragraph=len(texts) - 1, start=4, end=7, text="XXX")]
    edits = [
        ("marks", lambda e: e.highlighter.set_marks(marks_by_block(findings, texts), 0)),
        ("commit", lambda e: (_put_cursor(e, 3, 5), type_text(e, "进一步"))),
        ("key path", lambda e: QTextCursor(e.document().findBlockByNumber(1)).insertText("又")),
        ("wraps a line", lambda e: (_put_cursor(e, 1, 2), type_text(e, "加强组织领导" * 4))),
        ("same block count", lambda e: _replace(e, (3, 2), (4, 3), "甲乙\n")),
        ("new paragraph", lambda e: (_put_cursor(e, 2, 1), type_text(e, "一\n二"))),
        ("joins paragraphs", lambda e: _replace(e, (4, 0), (5, 0), "")),
        ("undo", lambda e: e.undo()),
        ("other marks", lambda e: e.highlighter.set_marks({}, None)),
    ]
    for name, edit in edits:
        for editor in (fast, plain):
            edit(editor)
        assert fast.toPlainText() == plain.toPlainText(), name
        _same_on_screen(qtbot, fast, plain, name)


def _put_cursor(editor, block: int, offset: int) -> None:
    from PySide6.QtGui import QTextCursor

    cursor = QTextCursor(editor.document().findBlockByNumber(block))
    cursor.movePosition(QTextCursor.MoveOperation.Right, n=offset)
    editor.setTextCursor(cursor)


def _replace(editor, start: tuple[int, int], end: tuple[int, int], text: str) -> None:
    from PySide6.QtGui import QTextCursor

    document = editor.document()
    cursor = QTextCursor(document)
    cursor.setPosition(document.findBlockByNumber(start[0]).position() + start[1])
    cursor.setPosition(document.findBlockByNumber(end[0]).position() + end[1],
                       QTextCursor.MoveMode.KeepAnchor)
    cursor.insertText(text)


def test_changed_blocks_reach_the_paragraph_after_a_trailing_separator():
    from PySide6.QtGui import QTextDocument

    from gongwen.ui.block_layout import changed_blocks

    document = QTextDocument()
    document.setPlainText("ab\ncd\nef")
    numbers = lambda blocks: None if blocks is None else [b.blockNumber() for b in blocks]  # noqa: E731
    assert numbers(changed_blocks(document, 1, 1)) == [0]
    assert numbers(changed_blocks(document, 1, 2)) == [0, 1]  # "b" and the separator
    assert numbers(changed_blocks(document, 0, 8)) == [0, 1, 2]
    assert numbers(changed_blocks(document, 0, 9)) is None  # runs past the end
    assert numbers(changed_blocks(document, 0, 7, limit=2)) is None


def test_block_texts_follow_a_replacement_ending_in_a_separator(make_window):
    window = make_window(draft())
    editor = window.editor
    editor.block_texts()
    _replace(editor, (3, 2), (4, 3), "甲乙\n")  # same number of paragraphs, two changed
    assert editor.block_texts() == editor.document().toRawText().split("\u2029")


# ---------------------------------------------------------------- highlighting
def _covering_runs_plainly(pieces):
    cuts = sorted({p for start, end, _ in pieces for p in (start, end)})
    runs = []
    for left, right in itertools.pairwise(cuts):
        covering = tuple(i for i, (start, end, _) in enumerate(pieces) if start <= left and right <= end)
        if covering:
            runs.append((left, right - left, covering))
    return runs


def _per_character(runs) -> dict[int, tuple[int, ...]]:
    return {p: covering for start, length, covering in runs for p in range(start, start + length)}


def test_covering_runs_cover_like_the_plain_scan():
    import random

    from gongwen.ui.view_model import covering_runs

    rng = random.Random(6)
    for _ in range(300):
        pieces = []
        for _ in range(rng.randrange(0, 9)):
            start = rng.randrange(0, 30)
            pieces.append((start, start + rng.randrange(0, 8), None))
        assert _per_character(covering_runs(pieces)) == _per_character(_covering_runs_plainly(pieces))


def test_highlighted_formats_match_the_plain_merge(qtbot):
    """Underlines and heading formats as laid out: the sweep over piece ends gives every
    character the format merged the plain way (all pieces covering it, in order)."""
    from PySide6.QtGui import QTextCharFormat

    from gongwen.ui.editor import DraftEditor

    editor = DraftEditor()
    qtbot.addWidget(editor)
    text = "一、加强组织领导XX，压实责任XXX。再次XX。"
    editor.setPlainText(text)
    findings = [a_finding(paragraph=0, start=8, end=10, text="XX"),
                a_finding(paragraph=0, start=15, end=18, text="XXX", severity=Severity.ERROR),
                a_finding(paragraph=0, start=16, end=17, text="X", severity=Severity.INFO),
                a_finding(paragraph=0, start=0, end=4, text=text[:4], severity=Severity.INFO),
                a_finding(paragraph=0, start=2, end=9, text=text[2:9], severity=Severity.ERROR),
                a_finding(paragraph=0, start=21, end=23, text="XX")]
    editor.highlighter.set_marks(marks_by_block(findings, [text]), None)
    block = editor.document().firstBlock()
    shown = {p: QTextCharFormat(r.format) for r in block.layout().formats()
             for p in range(r.start, r.start + r.length)}
    highlighter, data = editor.highlighter, block.userData()
    pieces = [highlighter._heading_format(text, data)]
    assert all(m.valid_in(text) for m in data.marks) and len(data.marks) == len(findings)
    pieces += [(m.start16, m.end16, highlighter._underlines[m.finding.severity])
               for m in sorted(data.marks, key=lambda m: m.finding.severity)]
    expected = {}
    for p, covering in _per_character(_covering_runs_plainly(pieces)).items():
        fmt = QTextCharFormat()
        for index in covering:
            fmt.merge(pieces[index][2])
        expected[p] = fmt
    assert shown == expected


# ---------------------------------------------------------------- results shown cheaply
def test_shared_marks_equal_the_fresh_ones_and_diff_the_same(make_window, qtbot):
    from gongwen.ui.view_model import Shown, blocks_to_update, share_unchanged

    window = make_window(draft(extra=("联系人：XXX，电话：【待补充】。", "附件：XXX")))
    result = wait_report(qtbot, window)
    old = window.live.shown
    texts = [p.text for p in result.document.paragraphs]
    texts = [texts[0], "新插入的一段。", *texts[1:]]
    texts[-1] = texts[-1] + "又改了"
    findings = [dataclasses.replace(f, paragraph=f.paragraph + 1) if f.paragraph else f
                for f in result.report.findings]
    fresh = marks_by_block(findings, texts)
    shared = share_unchanged(old, texts, fresh)
    assert shared == fresh
    title = result.document.title_index
    assert blocks_to_update(old, texts, shared, title) == blocks_to_update(old, texts, fresh, title)
    reused = [n for n in shared if shared[n] is not fresh[n]]
    assert reused and all(shared[n] is old.marks[n if n == 0 else n - 1] for n in reused)
    assert len(texts) - 1 not in reused  # the edited paragraph gets its new marks
    assert share_unchanged(None, texts, fresh) is fresh
    assert isinstance(old, Shown)


def test_a_mark_kept_after_paragraphs_moved_names_its_paragraph(make_window, qtbot):
    """Blocks keep marks that look the same when paragraphs are added above them; the
    finding a mark yields (fix, ignore, tooltip) carries the paragraph's new number."""
    from PySide6.QtGui import QTextCursor

    from gongwen.ui.highlighter import block_marks

    window = make_window(draft(extra=("联系人：XXX，电话：【待补充】。",)))
    wait_report(qtbot, window)
    QTextCursor(window.editor.document()).insertText("新的一段。\n")
    wait_report(qtbot, window)
    block = window.editor.document().lastBlock()
    (mark,) = [m for m in block_marks(block).marks if m.finding.text == "XXX"]
    cursor = QTextCursor(block)
    cursor.setPosition(block.position() + mark.start16 + 1)
    finding = window.editor.mark_at(cursor).finding
    assert finding.paragraph == block.blockNumber()
    assert window.editor.finding_cursor(finding) is not None


def test_panel_rows_updated_in_place_match_rows_made_afresh(qtbot):
    from gongwen.catalog import load_catalog
    from gongwen.core.audit import Auditor
    from gongwen.ui.checklist_panel import ChecklistPanel

    catalog = load_catalog()
    auditor = Auditor(catalog.get("ideology-summary"), catalog.pack)
    updated = ChecklistPanel(catalog)
    qtbot.addWidget(updated)
    versions = [draft(extra=("联系人：XXX，电话：【待补充】。",)), draft(), draft(problems=False),
                draft(extra=("附件：XXX", "XXX"))]
    for text in versions + versions[::-1]:
        report = auditor.audit(parse_paragraphs(text.split("\n")))
        show(updated, report, text.split("\n"))
        fresh = ChecklistPanel(catalog)
        qtbot.addWidget(fresh)
        show(fresh, report, text.split("\n"))
        assert _rows(updated) == _rows(fresh)
        assert updated.findings == fresh.findings


def _rows(panel) -> list[tuple]:
    from gongwen.ui.checklist_panel import CONTEXT_ROLE

    icons = {icon.cacheKey(): severity for severity, icon in panel._icons.items()}
    rows = []
    for group in panel.groups.values():
        rows.append((group.text(0), group.text(1), group.isHidden()))
        for index in range(group.childCount()):
            item = group.child(index)
            rows.append((item.text(0), item.text(1), item.toolTip(0), item.data(0, CONTEXT_ROLE),
                         icons.get(item.icon(0).cacheKey()), item.childCount(),
                         [item.child(i).text(0) for i in range(item.childCount())]))
    return rows


def test_mark_cache_gives_the_marks_of_marks_by_block():
    from gongwen.catalog import load_catalog
    from gongwen.core.audit import Auditor
    from gongwen.ui.view_model import MarkCache

    catalog = load_catalog()
    auditor = Auditor(catalog.get("ideology-summary"), catalog.pack)
    cache = MarkCache()
    base = draft(extra=("联系人：XXX，电话：【待补充】。", "𠮷XXX附件：XXX"))
    versions = [base, base.replace("联系人", "联系人员"), "新的标题\n" + base, base]
    previous: dict = {}
    before: list[str] = []
    for text in versions + versions:
        texts = text.split("\n")
        findings = auditor.audit(parse_paragraphs(texts)).findings
        cached = cache.marks_by_block(findings, texts)
        assert cached == marks_by_block(findings, texts)
        for number, marks in cached.items():  # the same findings on the same text: same marks
            if number < len(before) and before[number] == texts[number] and number in previous \
                    and [m.finding for m in marks] == [m.finding for m in previous[number]]:
                assert marks is previous[number]
        previous, before = cached, texts
    shuffled = list(findings)  # findings in another order (merged from elsewhere) group alike
    random.Random(5).shuffle(shuffled)
    assert MarkCache().marks_by_block(shuffled, texts) == marks_by_block(findings, texts)


def test_audit_worker_runs_jobs_one_at_a_time_and_again_after_stop(qtbot):
    import threading
    import time

    from gongwen.ui.latest_job import LatestJobThread
    from gongwen.ui.live_audit import _Job, _Signals

    signals, worker, done = _Signals(), LatestJobThread("live-audit", _Job.run), []
    signals.done.connect(done.append)
    threads = set()

    def job(value: int):
        def work():
            threads.add(threading.get_ident())
            time.sleep(0.01)
            return value
        return _Job(work, value, signals)

    for value in range(3):  # as LiveAudit does: the next job only once the last is done
        worker.submit(job(value))
        qtbot.waitUntil(lambda v=value: v in done)
    worker.stop(5.0)
    assert not worker.running() and done == [0, 1, 2] and len(threads) == 1
    worker.submit(job(3))  # a window that keeps checking after shutdown() still gets results
    qtbot.waitUntil(lambda: 3 in done)
    worker.stop(5.0)
    assert threading.get_ident() not in threads


def test_idle_work_runs_between_jobs_a_step_at_a_time():
    import threading

    from gongwen.ui.latest_job import LatestJobThread

    events: list[str] = []
    steps_left = [5]
    second_job_in = threading.Event()
    finished = threading.Event()

    def idle() -> bool:
        events.append("step")
        if len(events) == 3:  # a job handed over during idle work
            worker.submit("second")
            second_job_in.set()
        steps_left[0] -= 1
        if not steps_left[0]:
            finished.set()
        return steps_left[0] > 0

    worker = LatestJobThread("test-idle", events.append, idle=idle)
    worker.submit("first")
    assert finished.wait(5)
    worker.stop(5.0)
    assert events[0] == "first"  # the job first, then idle steps
    assert events.index("second") == 3  # the job waited for one step only
    assert events.count("step") == 5  # and the idle work went on to the end, then stopped
    assert not worker.running()


def test_an_idle_editor_warms_jieba_a_step_at_a_time(make_window, qtbot, monkeypatch):
    window = make_window(load_jieba=True)
    qtbot.waitUntil(lambda: window.live.segmenter is not None, timeout=30000)
    segmenter = window.live.segmenter
    calls: list[int] = []

    def warm_step() -> bool:
        calls.append(1)
        return len(calls) < 4

    monkeypatch.setattr(segmenter, "warm_step", warm_step, raising=False)
    window.editor.setPlainText("某局2024年意识形态工作总结\n一、加强组织领导")
    window.live.run_now()  # a job; the idle steps follow it
    qtbot.waitUntil(lambda: len(calls) == 4, timeout=5000)
    qtbot.waitUntil(lambda: window.current_result() is not None)  # the job's result came too


def test_a_replaced_result_is_freed_by_the_worker(make_window, qtbot):
    import threading

    freed_in: list[int] = []

    class Retired:
        def __del__(self):
            freed_in.append(threading.get_ident())

    window = make_window(draft())
    first = wait_report(qtbot, window)
    window.live.retire(Retired())
    type_text(window.editor, "又")
    second = wait_report(qtbot, window)
    assert second is not first and window.result is second
    assert freed_in and freed_in[0] != threading.get_ident()
    assert any(r is first for r in window.live._retired)  # goes with the next job


def test_section_rows_updated_in_place_match_new_ones(qtbot):
    import dataclasses as dc

    from gongwen.catalog import load_catalog
    from gongwen.ui.checklist_panel import ChecklistPanel

    catalog = load_catalog()
    updated = ChecklistPanel(catalog)
    qtbot.addWidget(updated)
    report = dc.replace(_a_report(catalog), findings=[])
    sections = report.sections
    thin = [dc.replace(s, status="thin", chars=40 + i, paragraph=None) for i, s in enumerate(sections)]
    for version in (sections, thin, sections[:2], thin[1:], [], sections):
        report = dc.replace(report, sections=version)
        show(updated, report)
        fresh = ChecklistPanel(catalog)
        qtbot.addWidget(fresh)
        show(fresh, report)
        assert _section_rows(updated) == _section_rows(fresh)


def _a_report(catalog):
    from gongwen.core.audit import Auditor

    auditor = Auditor(catalog.get("ideology-summary"), catalog.pack)
    return auditor.audit(parse_paragraphs(draft().split("\n")))


def _section_rows(panel) -> list[tuple]:
    layout = panel._sections_layout
    rows = [layout.itemAt(i).widget() for i in range(1, layout.count() - 1)]
    return [(r.text(), r.toolTip(), r.cursor().shape(), r.status, r.isHidden()) for r in rows]


def _underlined(block) -> bool:
    return any(r.format.underlineStyle() != QTextCharFormat.UnderlineStyle.NoUnderline
               for r in block.layout().formats())


def _scroll_to_block(qtbot, editor, number: int) -> None:
    from PySide6.QtGui import QTextCursor

    cursor = QTextCursor(editor.document().findBlockByNumber(number))
    editor.setTextCursor(cursor)
    editor.centerCursor()
    qtbot.wait(20)  # the view repaints: the blocks now shown are drawn


def test_many_changed_blocks_are_drawn_in_view_at_once_and_the_rest_when_shown(make_window, qtbot):
    """A paste of hundreds of paragraphs with findings: the blocks in view are underlined
    with the result, the others when they are scrolled into view (or flushed)."""
    lines = [f"第{i}项工作完成了X次调研。" for i in range(600)]
    window = make_window("开始")
    wait_report(qtbot, window)
    window.editor.selectAll()
    window.editor.insertPlainText("\n".join(lines))
    result = wait_report(qtbot, window)
    highlighter = window.editor.highlighter
    document = window.editor.document()
    marked = [n for n in range(len(lines)) if result.marks.get(n)]
    assert len(marked) > SYNC_BLOCKS and highlighter.pending() > 0
    first = window.editor.firstVisibleBlock().blockNumber()
    assert _underlined(document.findBlockByNumber(first))
    far = next(n for n in reversed(marked) if abs(n - first) > VISIBLE_BLOCKS)
    assert not _underlined(document.findBlockByNumber(far))  # not drawn while out of view
    _scroll_to_block(qtbot, window.editor, far)
    assert _underlined(document.findBlockByNumber(far))
    highlighter.flush()
    assert highlighter.pending() == 0
    assert all(_underlined(document.findBlockByNumber(n)) for n in marked)


def test_a_long_text_loads_undrawn_and_its_blocks_are_drawn_when_shown(make_window, qtbot):
    body = "组织干部开展理论学习，覆盖全体党员。" * 40
    lines = [line for n in range(DEFERRED_DRAW_CHARS // len(body) + 20)
             for line in (f"{n % 9 + 1}、第{n}部分", body)]
    window = make_window("\n".join(lines))
    qtbot.waitUntil(lambda: not window.editor.loading())  # it goes in a piece an event
    document = window.editor.document()
    last_heading = document.findBlockByNumber(len(lines) - 2)
    assert window.editor.highlighter.pending() > 0
    _scroll_to_block(qtbot, window.editor, len(lines) - 2)
    assert any(r.format.fontWeight() >= QFont.Weight.DemiBold for r in last_heading.layout().formats())


def test_blocks_waiting_to_be_drawn_survive_their_text_being_replaced(make_window, qtbot):
    """Pending blocks are named by number: a new text while they wait (a paste over it,
    Ctrl+A then typing) leaves nothing dangling (QTextBlock handles of deleted text crashed
    Qt)."""
    lines = [f"第{i}项工作完成了X次调研。" for i in range(600)]
    window = make_window("开始")
    wait_report(qtbot, window)
    highlighter = window.editor.highlighter
    for round_ in range(8):
        window.editor.selectAll()
        window.editor.insertPlainText("\n".join(f"{line}{round_}" for line in lines))
        wait_report(qtbot, window)
        assert highlighter.pending() > 0
        if round_ % 2:
            window.editor.setPlainText("短短一句。\n另一句。")  # the pending blocks are gone
        else:
            window.editor.selectAll()
            window.editor.insertPlainText("短短一句。\n另一句。")
        qtbot.wait(20)
        highlighter.flush()
        wait_report(qtbot, window)
    assert window.editor.block_texts() == ["短短一句。", "另一句。"]
