"""Working through findings fast (issue 18 §2), kept out of main_window: F8 / Shift+F8 to the
next / previous finding from anywhere in the window, the checklist row following the
cursor, and the bulk actions — 删除全部广告水印, 全部修正标点, 删除标题前的空行 — each one
undo step, each saying in the status bar what it did.

``FindingTools(window)`` installs itself: its actions go into the 检查 menu (and are the
window's, so their shortcuts work wherever the focus is).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from ..core.model import Finding
from .positions import from_utf16
from .view_model import blank_lines_before_headings, navigable, step_finding

# the window: a main_window.MainWindow (not imported: it imports this module)
MainWindow = Any

STATUS_MS = 5000


class FindingTools(QObject):
    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self._current: Finding | None = None  # the finding the last F8 went to
        self._build_actions()
        window.panel.fixAllRequested.connect(self.fix_fold)
        self._revision = -1  # the text's revision when the cursor last moved
        window.editor.cursorPositionChanged.connect(self.follow_cursor)

    # ------------------------------------------------------------ building
    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self.window)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        return action

    def _build_actions(self) -> None:
        self.next_action = self._action("下一个问题", lambda: self.step(True), "F8",
                                        "转到光标后的下一个问题（F8）")
        self.previous_action = self._action("上一个问题", lambda: self.step(False), "Shift+F8",
                                            "转到光标前的上一个问题（Shift+F8）")
        self.junk_action = self._action("删除全部广告水印", self.remove_all_junk, tip=(
            "一次删除所有素材网站的广告、水印和页码残留，可一步撤销"))
        self.blank_action = self._action("删除标题前的空行", self.remove_blank_lines, tip=(
            "删除各级标题上方的空行（公文段落之间不空行），可一步撤销"))
        self.window.addActions([self.next_action, self.previous_action])
        menu = next((m for m in self.window.menuBar().findChildren(QMenu) if m.title().startswith("检查")),
                    None)
        if menu is None:
            return
        actions = menu.actions()
        punctuation = next((a for a in actions if a.text() == "全部修正标点"), None)  # the window's
        first = actions[0] if actions else None
        separator = QAction(menu)
        separator.setSeparator(True)
        if first is not None:
            menu.insertActions(first, [self.next_action, self.previous_action, separator])
        else:
            menu.addActions([self.next_action, self.previous_action])
        after = actions[actions.index(punctuation) + 1] if punctuation in actions[:-1] else None
        if after is not None:
            menu.insertActions(after, [self.junk_action, self.blank_action])
        else:
            menu.addActions([self.junk_action, self.blank_action])

    # ------------------------------------------------------------ F8
    def step(self, forward: bool) -> None:
        """The next (previous) finding after (before) the cursor: selected in the text, its
        row selected in the list. Waits for the audit of the text as it is now."""
        window = self.window
        result = window.after_result(lambda: self.step(forward))
        if result is None:
            return
        ordered = navigable(result.report.findings)
        if not ordered:
            window.status("没有需要处理的问题", 3000)
            return
        cursor = window.editor.textCursor()
        block = window.editor.document().findBlock(cursor.selectionStart())
        offset = from_utf16(block.text(), cursor.selectionStart() - block.position())
        current = self._current if self._stands_on(self._current) else None
        found = step_finding(ordered, (block.blockNumber(), offset), forward, current)
        if found is None:
            return
        self._current = found
        window.goto_finding(found)
        window.panel.select(found)
        place = ordered.index(found) + 1
        window.status(f"第 {place}/{len(ordered)} 个问题：{found.message}", 4000)

    def _stands_on(self, finding: Finding | None) -> bool:
        """Is the selection still exactly ``finding``'s characters?"""
        if finding is None:
            return False
        cursor = self.window.editor.textCursor()
        if finding.end <= finding.start:
            return cursor.blockNumber() == finding.paragraph and not cursor.hasSelection()
        wanted = self.window.editor.finding_cursor(finding)
        return wanted is not None and (wanted.selectionStart(), wanted.selectionEnd()) == (
            cursor.selectionStart(), cursor.selectionEnd())

    def follow_cursor(self) -> None:
        """The list's row follows the cursor: the finding under it is selected there (not
        while typing: the cursor then stays where it was among the findings)."""
        revision = self.window.editor.document().revision()
        if revision != self._revision:  # an edit moved it (a highlighter's formats change none)
            self._revision = revision
            return
        editor, panel = self.window.editor, self.window.panel
        cursor = editor.textCursor()
        chosen = panel.selected_finding()
        if chosen is not None and chosen.paragraph == cursor.blockNumber():
            offset = from_utf16(cursor.block().text(), cursor.positionInBlock())
            if chosen.start <= offset <= chosen.end:
                return  # the row chosen is at the cursor already (one of overlapping ones)
        finding = editor.finding_under_cursor()
        if finding is not None:
            panel.select(finding)

    # ------------------------------------------------------------ bulk actions
    def _bulk_fix(self, category: str, done: str, none: str, retry) -> int | None:
        window = self.window
        result = window.after_result(retry)
        if result is None:
            return None
        findings = [f for f in result.report.findings if f.category == category and f.fix is not None]
        count = window.editor.apply_fixes(findings)
        window.status(done.format(count=count) if count else none, STATUS_MS)
        return count

    def remove_all_junk(self) -> int | None:
        return self._bulk_fix("junk", "已删除 {count} 处广告水印（可撤销）", "没有广告水印",
                              self.remove_all_junk)

    def fix_fold(self, findings: list[Finding]) -> int:
        """修正 on a folded row: every place of it fixed as one undo step."""
        count = self.window.editor.apply_fixes(findings)
        if count:
            self.window.status(f"已修正 {count} 处（可撤销）", STATUS_MS)
        else:
            self.window.status("原文已改动，无法自动修正，请稍候重试", STATUS_MS)
        return count

    def remove_blank_lines(self) -> int | None:
        window = self.window
        result = window.after_result(self.remove_blank_lines)
        if result is None:
            return None
        count = window.editor.delete_blank_paragraphs(blank_lines_before_headings(result.document))
        window.status(f"已删除标题前的 {count} 个空行（可撤销）" if count else "标题前没有空行", STATUS_MS)
        return count
