"""What one keystroke costs the UI thread: only the paragraph typed in is highlighted and laid
out again, and what the screen shows is what a full repaint shows."""

from __future__ import annotations

import pytest
from drafts import draft
from PySide6.QtGui import QTextCharFormat, QTextCursor
from test_fast_paths import _put_cursor, _replace, _same_on_screen, _twin_editors
from uihelpers import type_text

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
    for editor in (fast, plain):
        editor.undo()
    _same_on_screen(qtbot, fast, plain, "undone")
