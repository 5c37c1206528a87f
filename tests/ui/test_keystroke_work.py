"""What one keystroke costs the UI thread: only the paragraph typed in is highlighted and laid
out again, and what the screen shows is what a full repaint shows."""

from __future__ import annotations

import pytest
from drafts import draft
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QTextCharFormat, QTextCursor
from test_fast_paths import _put_cursor, _replace, _same_on_screen, _twin_editors
from uihelpers import type_text, wait_report

from gongwen.ui import block_layout
from gongwen.ui.highlighter import FindingHighlighter


@pytest.fixture
def work(monkeypatch):
    """The block numbers highlighted (``highlighted``) and handed to Qt's layout to be laid
    out (``laid_out``) since the last ``clear()``."""

    class Work:
        def __init__(self) -> None:
            self.highlighted: list[int] = []
            self.laid_out: list[int] = []

        def clear(self) -> None:
            self.highlighted.clear()
            self.laid_out.clear()

    work = Work()
    highlight = FindingHighlighter.highlightBlock
    lay_out = block_layout.QPlainTextDocumentLayout.documentChanged
    bounding = block_layout.QPlainTextDocumentLayout.blockBoundingRect

    def highlight_block(self, text):
        work.highlighted.append(self.currentBlock().blockNumber())
        highlight(self, text)

    def document_changed(self, position, removed, added):
        work.laid_out.append(self.document().findBlock(position).blockNumber())
        lay_out(self, position, removed, added)

    def bounding_rect(self, block):  # a block without lines is laid out by its first rect
        if block.isValid() and not block.layout().lineCount():
            work.laid_out.append(block.blockNumber())
        return bounding(self, block)

    monkeypatch.setattr(FindingHighlighter, "highlightBlock", highlight_block)
    monkeypatch.setattr(block_layout.QPlainTextDocumentLayout, "documentChanged", document_changed)
    monkeypatch.setattr(block_layout.QPlainTextDocumentLayout, "blockBoundingRect", bounding_rect)
    return work


def _editor(qtbot, text: str, height: int = 360):
    from gongwen.ui.editor import DraftEditor

    editor = DraftEditor()
    qtbot.addWidget(editor)
    editor.resize(420, height)
    editor.setPlainText(text)
    editor.show()
    qtbot.waitExposed(editor)
    qtbot.wait(20)  # the blocks in view laid out and highlighted
    return editor


def test_a_committed_character_highlights_and_lays_out_its_paragraph_only(qtbot, work):
    editor = _editor(qtbot, draft())
    assert editor.document().findBlockByNumber(2).layout().formats()  # a heading follows: bold
    _put_cursor(editor, 1, 10)
    for piece in ("加", "强", "组织"):
        work.clear()
        type_text(editor, piece)  # an input method's commit reports the whole paragraph
        assert work.highlighted == [1]
        assert work.laid_out == [1]
    work.clear()
    QTextCursor(editor.document().findBlockByNumber(1)).insertText("又")  # the key path
    assert (work.highlighted, work.laid_out) == ([1], [1])


def test_a_paragraph_made_anew_by_an_edit_is_highlighted(qtbot, work):
    """A separator taken out and put back makes the paragraph after it anew, without its
    formats: it is highlighted although only the separator before it was in the change."""
    editor = _editor(qtbot, draft())
    heading = editor.document().findBlockByNumber(2)
    formats = [(r.start, r.length, QTextCharFormat(r.format)) for r in heading.layout().formats()]
    assert formats
    work.clear()
    _replace(editor, (1, 4), (2, 0), "甲乙\n")  # the intro's tail and its separator
    assert editor.document().findBlockByNumber(2).text() == heading.text()
    assert work.highlighted[:2] == [1, 2]  # (then the one after: Qt follows a new block state)
    fresh = editor.document().findBlockByNumber(2)
    assert [(r.start, r.length, QTextCharFormat(r.format)) for r in fresh.layout().formats()] == formats


@pytest.mark.parametrize("edit", ["commit", "replace", "new paragraph", "undo", "redo"])
def test_formats_after_an_edit_are_those_of_a_full_highlight(qtbot, edit):
    editor = _editor(qtbot, draft())
    _put_cursor(editor, 3, 4)
    steps = {
        "commit": lambda: type_text(editor, "进一步"),
        "replace": lambda: _replace(editor, (1, 4), (2, 0), "甲乙\n"),
        "new paragraph": lambda: type_text(editor, "一\n二、新的标题"),
        "undo": lambda: (type_text(editor, "一\n二、新的标题"), editor.undo()),
        "redo": lambda: (type_text(editor, "一\n二、新的标题"), editor.undo(), editor.redo()),
    }
    steps[edit]()
    before = _formats(editor)
    editor.highlighter.rehighlight()
    assert _formats(editor) == before


def _formats(editor) -> list[list[tuple]]:
    shown, block = [], editor.document().firstBlock()
    while block.isValid():
        shown.append([(r.start, r.length, QTextCharFormat(r.format)) for r in block.layout().formats()])
        block = block.next()
    return shown


def test_a_commit_that_wraps_a_line_repaints_the_paragraphs_below(qtbot):
    """Many paragraphs in view below the one typed in: when a commit adds a line to a
    paragraph with formats (its label in bold: the input method clears its lines, so Qt's
    own test of the height sees no change), they move down on screen as in a full repaint."""
    text = draft(extra=tuple(f"第{n}段补充说明。" for n in range(12)))
    fast, plain = _twin_editors(qtbot, text)
    for editor in (fast, plain):
        editor.resize(420, 900)
    qtbot.wait(40)
    for editor in (fast, plain):
        assert editor.document().findBlockByNumber(3).layout().formats()
        _put_cursor(editor, 3, 8)
        type_text(editor, "加强组织领导" * 4)
    _same_on_screen(qtbot, fast, plain, "wraps a line")
    for step, edit in (("again", lambda e: type_text(e, "压实责任" * 5)),  # known height: moved
                       ("one more character", lambda e: type_text(e, "又")),
                       ("undone", lambda e: e.undo()), ("undone again", lambda e: e.undo())):
        for editor in (fast, plain):
            edit(editor)
        _same_on_screen(qtbot, fast, plain, step)


# ---------------------------------------------------------------- what a result repaints
class _Events(QObject):
    """Counts the events of the types given that reach the widgets watched."""

    def __init__(self, kinds: tuple[QEvent.Type, ...], *widgets):
        super().__init__()
        self.kinds, self.seen, self.rects = kinds, [], []
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() in self.kinds:
            self.seen.append((watched, event.type()))
            if event.type() == QEvent.Type.Paint:
                self.rects.append(event.rect())
        return False


LONG = ("同时抓好阵地管理，加强宣传栏、电子屏、文化墙等阵地的日常巡查，落实审核把关制度，"
        "全年更新宣传内容36期，联系人：XXX。")


def _typed_report(qtbot, window, block: int, offset: int, text: str):
    _put_cursor(window.editor, block, offset)
    type_text(window.editor, text)
    return wait_report(qtbot, window)


def test_a_result_that_changes_no_row_leaves_the_tree_alone(make_window, qtbot):
    window = make_window(draft(extra=(LONG,)))
    first = wait_report(qtbot, window)
    last = len(first.document.paragraphs) - 1
    xxx = next(f for f in first.report.findings if f.text == "XXX" and f.paragraph == last)
    model = window.panel.tree.model()
    changes = []
    for signal in (model.dataChanged, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
        signal.connect(lambda *args, s=signal: changes.append(s))
    _typed_report(qtbot, window, last, 25, "切实")  # far from the placeholder: its row looks the same
    assert changes == []
    moved = next(f for f in window.result.report.findings if f.text == "XXX" and f.paragraph == last)
    assert moved.start == xxx.start + 2
    item = window.panel.item_of(moved)  # the rows are this result's: their findings moved on
    assert item is not None and window.panel.finding_of(item) == moved
    _typed_report(qtbot, window, last, len(LONG) - 1, "XX")  # a new placeholder: a new row
    assert changes


def test_a_keystroke_repaints_the_count_alone_in_the_status_bar(make_window, qtbot):
    from PySide6.QtWidgets import QLabel

    window = make_window(draft())
    window.resize(1380, 860)
    _typed_report(qtbot, window, 4, 3, "进")
    qtbot.wait(40)
    bar = window.statusBar()
    labels = bar.findChildren(QLabel)
    texts = [label.text() for label in labels]
    events = _Events((QEvent.Type.LayoutRequest, QEvent.Type.Paint), bar, *labels)
    window.live.reportReady.connect(lambda _result: events.seen.clear())  # what the result does
    _typed_report(qtbot, window, 4, 4, "一")
    qtbot.wait(40)
    stats = window.result.report.stats
    assert window.count_label.text() == f"字数 {stats.chars} · 段落 {stats.paragraphs}"
    changed = {label for label, text in zip(labels, texts) if label.text() != text}
    assert changed == {window.count_label}
    assert {watched for watched, _ in events.seen} == {window.count_label, bar}
    assert (bar, QEvent.Type.LayoutRequest) not in events.seen
    count = window.count_label
    count.setText("字数 123456789 · 段落 123456")  # more room: the label grows to show it all
    assert count.size() == count.sizeHint() and count.width() > count.fontMetrics().horizontalAdvance(
        "字数 123456789 · 段落 123456")


def test_typing_leaves_the_paragraph_numbers_as_a_full_repaint_draws_them(make_window, qtbot):
    window = make_window(draft())
    window.resize(1380, 860)
    window.page_tools.set_numbers_visible(True)
    _typed_report(qtbot, window, 4, 3, "")  # the cursor there, in view
    gutter = window.editor.gutter
    qtbot.wait(40)
    events = _Events((QEvent.Type.Paint,), gutter)
    _typed_report(qtbot, window, 4, 3, "进")
    qtbot.wait(40)
    assert events.seen == []  # a paragraph repainted in place: its number stands
    _same_as_repainted(qtbot, window)
    _typed_report(qtbot, window, 4, 3, "\n")  # a new paragraph: the numbers below move on
    qtbot.wait(40)
    assert events.seen
    assert gutter.current_numbers()[4:7] == [5, 6, 7]
    _same_as_repainted(qtbot, window)
    for text in ("加强组织领导" * 3, "压实责任" * 6):  # lines added: the numbers below move down
        _typed_report(qtbot, window, 4, 3, text)
        qtbot.wait(40)
        _same_as_repainted(qtbot, window)
    window.editor.undo()
    wait_report(qtbot, window)
    qtbot.wait(40)
    _same_as_repainted(qtbot, window)


def _same_as_repainted(qtbot, window) -> None:
    """The gutter on screen is what repainting it whole draws."""
    shown = _gutter_on_screen(window)
    window.editor.gutter.update()
    qtbot.wait(40)
    assert _gutter_on_screen(window) == shown


def _gutter_on_screen(window):
    from PySide6.QtGui import QGuiApplication

    gutter = window.editor.gutter
    image = QGuiApplication.primaryScreen().grabWindow(window.winId()).toImage()
    corner = gutter.mapTo(window, gutter.rect().topLeft())
    return image.copy(corner.x(), corner.y(), gutter.width(), gutter.height())


def test_a_keystroke_repaints_its_line_and_those_after_it(qtbot):
    """Typing in the middle of a long paragraph repaints from the line before the one typed
    in; a mark the edit cut (dropped until the next audit) is repainted from its own line.
    What the screen shows is what a full repaint shows."""
    from test_fast_paths import a_finding, marks_by_block

    long = "压实意识形态工作责任，" * 14
    text = draft(extra=(long, "附件：XXX"))
    fast, plain = _twin_editors(qtbot, text)
    number = len(text.split("\n")) - 2
    mark = a_finding(paragraph=number, start=60, end=100, text=long[60:100])
    for editor in (fast, plain):
        editor.resize(420, 900)
        editor.highlighter.set_marks(marks_by_block([mark], text.split("\n")), 0)
        editor.verticalScrollBar().setValue(editor.verticalScrollBar().maximum())
    qtbot.wait(40)
    block = fast.document().findBlockByNumber(number)
    painted = _Events((QEvent.Type.Paint,), fast.viewport())
    rects = painted.rects
    for step, offset, typed in (("first", 150, "进"), ("later in the line", 151, "一"),
                                ("inside the mark", 80, "步")):
        rects.clear()
        for editor in (fast, plain):
            _put_cursor(editor, number, offset)
            type_text(editor, typed)
        qtbot.wait(40)
        top = fast.blockBoundingGeometry(block).translated(fast.contentOffset()).top()
        if step != "first":  # the block was laid out on its own before: its lines are known
            changed = 60 if step == "inside the mark" else offset  # where it may look different
            line = block.layout().lineForTextPosition(changed).lineNumber() - 1
            assert line > 0
            assert min(r.top() for r in rects) == int(top + block.layout().lineAt(line).y())
        _same_on_screen(qtbot, fast, plain, step)


def test_typing_in_the_official_view_shows_what_a_full_repaint_shows(qtbot):
    """The 公文 view lays each block out again (first lines indented): a keystroke's lines,
    a line added and one taken away are on screen as a repaint of the whole view draws them."""
    from test_fast_paths import _on_screen

    editor = _editor(qtbot, draft(extra=tuple(f"第{n}段补充说明。" for n in range(8))), height=900)
    editor.set_official_view(True)
    qtbot.wait(40)
    _put_cursor(editor, 4, 6)
    for step, edit in (("first", lambda: type_text(editor, "进")), ("again", lambda: type_text(editor, "一")),
                       ("a line more", lambda: type_text(editor, "加强组织领导" * 3)),
                       ("undone", editor.undo)):
        edit()
        qtbot.wait(40)
        shown = _on_screen(editor)
        editor.viewport().update()
        qtbot.wait(40)
        assert _on_screen(editor) == shown, step
