"""On start: offer the drafts a crashed session left behind (恢复 / 另存为… / 丢弃).

Nothing is deleted before the user chose; a draft not dealt with (稍后处理, or the dialog
closed) stays on disk and is offered again at the next start. The drafts are adopted
(``autosave.find_orphans`` takes their locks) while the dialog is open, so a second instance
started meanwhile does not offer them too, and the new window's own autosave uses its own
files: it can never overwrite a draft being offered.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from . import dialogs
from .autosave import Orphan, find_orphans

INTRO = ("编辑器上次没有正常关闭，以下文稿有未保存的修改。\n"
         "请逐份选择：恢复到编辑器（随后请保存）、另存为文件，或丢弃。")
UNTITLED = "未命名文稿"


DAMAGED = "部分字符已损坏，已用“\ufffd”代替，恢复后请核对"


def describe_source(orphan: Orphan) -> str:
    if not orphan.source:
        return UNTITLED
    name = Path(orphan.source).name
    return f"{name}（原文件之后已修改）" if orphan.source_newer() else name


class RecoveryDialog(QDialog):
    """One row per draft: time, first line, source file, length. ``recovered`` is the draft
    chosen for 恢复 (the dialog then closes: the editor holds one document)."""

    def __init__(self, orphans: list[Orphan], parent: QWidget | None = None):
        super().__init__(parent)
        self.orphans = list(orphans)
        self.recovered: Orphan | None = None
        self.setWindowTitle("恢复未保存的文稿")
        self.setMinimumWidth(640)
        self.table = QTreeWidget()
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels(["自动保存时间", "首行", "原文件", "字数"])
        self.table.setColumnWidth(0, 150)
        self.table.setColumnWidth(1, 260)
        self.table.itemDoubleClicked.connect(lambda _item, _column: self.recover())
        self._fill()
        self.buttons = QDialogButtonBox()
        for text, slot, tip in (("恢复", self.recover, "在编辑器中打开这份文稿，随后请保存"),
                                ("另存为…", self.save_as, "把这份文稿保存为文件"),
                                ("丢弃", self.discard, "删除这份自动保存的文稿")):
            button = self.buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
            button.setToolTip(tip)
            button.clicked.connect(slot)
        self.button("恢复").setDefault(True)
        later = self.buttons.addButton("稍后处理", QDialogButtonBox.ButtonRole.RejectRole)
        later.setToolTip("下次启动时再询问")
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(self.buttons)

    def _fill(self) -> None:
        self.table.clear()
        for orphan in self.orphans:
            line = orphan.first_line or "（空白）"
            if orphan.damage:
                line = f"（{DAMAGED}）{line}"
            item = QTreeWidgetItem([orphan.time_text, line,
                                    describe_source(orphan), str(len(orphan.text.replace("\n", "")))])
            item.setToolTip(2, orphan.source or UNTITLED)
            if orphan.damage:
                item.setToolTip(1, orphan.damage)
            self.table.addTopLevelItem(item)
        if self.orphans:
            self.table.setCurrentItem(self.table.topLevelItem(len(self.orphans) - 1))  # newest

    def button(self, text: str) -> QPushButton | None:
        return next((b for b in self.buttons.buttons() if b.text() == text), None)

    def selected(self) -> Orphan | None:
        row = self.table.indexOfTopLevelItem(self.table.currentItem()) if self.table.currentItem() else -1
        return self.orphans[row] if 0 <= row < len(self.orphans) else None

    def select(self, orphan: Orphan) -> None:
        self.table.setCurrentItem(self.table.topLevelItem(self.orphans.index(orphan)))

    # ------------------------------------------------------------ the three choices
    def recover(self) -> None:
        orphan = self.selected()
        if orphan is not None:
            self.recovered = orphan
            self.accept()

    def save_as(self) -> bool:
        orphan = self.selected()
        if orphan is None:
            return False
        path = ask_save_path(self, orphan)
        if not path:
            return False
        from .file_actions import write_texts

        try:
            write_texts(path, orphan.text.split("\n"))
        except (OSError, ValueError) as error:
            dialogs.show_error(self, "保存失败", str(error))
            return False
        self._done_with(orphan)
        return True

    def discard(self) -> bool:
        orphan = self.selected()
        if orphan is None or not confirm_discard(self, orphan):
            return False
        self._done_with(orphan)
        return True

    def _done_with(self, orphan: Orphan) -> None:
        orphan.discard()
        self.orphans.remove(orphan)
        self._fill()
        if not self.orphans:
            self.accept()

    def release_rest(self) -> None:
        """Drafts not dealt with stay on disk for the next start."""
        for orphan in self.orphans:
            if orphan is not self.recovered:
                orphan.release()


def ask_save_path(parent: QWidget, orphan: Orphan) -> str:
    from .file_actions import save_filters, with_suffix

    stem = Path(orphan.source).stem if orphan.source else (orphan.first_line[:20] or UNTITLED)
    stem = "".join(c for c in stem if c not in '\\/:*?"<>|') or UNTITLED
    folder = Path(orphan.source).parent if orphan.source else Path.home()
    filters = save_filters()
    path, chosen = QFileDialog.getSaveFileName(parent, "另存为", str(folder / f"{stem}（恢复）.docx"),
                                               ";;".join(filters), filters[0])
    return with_suffix(path, chosen) if path else ""


def confirm_discard(parent: QWidget, orphan: Orphan) -> bool:
    text = f"丢弃“{orphan.first_line or UNTITLED}”（{orphan.time_text}）后无法找回。\n确定丢弃吗？"
    return dialogs.confirm(parent, "丢弃文稿", text, "丢弃", "取消")


def offer_recovery(window) -> bool:
    """Ask about the drafts left by a crash; True when one was put into the editor. An
    autosave that cannot be read is moved aside and the user told."""
    if not window.autosave.enabled:
        return False  # the self-test: the user's folders are not touched
    problems: list[str] = []
    orphans = find_orphans(problems=problems)
    if problems:
        dialogs.show_error(window, "自动保存的文稿", "\n".join(problems))
    if not orphans:
        return False
    dialog = RecoveryDialog(orphans, window)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    try:
        dialog.exec()
        chosen = dialog.recovered
        return chosen is not None and restore(window, chosen)
    finally:
        dialog.release_rest()


def restore(window, orphan: Orphan) -> bool:
    """The draft becomes the window's unsaved document (titled after its source file); it is
    autosaved under the window's own name before the crashed copy is deleted."""
    if not window.files.maybe_save():
        orphan.release()
        return False
    window.load_text(orphan.text, orphan.source, modified=True)
    if orphan.source and not orphan.source_newer():
        from ..fileio.stamp import FileStamp

        window.files.stamp = FileStamp.of(orphan.source)  # unchanged since: 保存 need not ask
    if orphan.checklist and orphan.checklist in window.live.catalog.checklists \
            and orphan.checklist != window.live.checklist:
        window.choose_checklist(orphan.checklist)
    window.autosave.flush()
    if window.autosave.slot.exists():
        orphan.discard()
    else:
        orphan.release()  # our copy could not be written: keep the crashed one on disk
    damaged = f"（{DAMAGED}：{orphan.damage}）" if orphan.damage else ""
    window.statusBar().showMessage(f"已恢复未保存的文稿，请及时保存{damaged}", 15000)
    return True
