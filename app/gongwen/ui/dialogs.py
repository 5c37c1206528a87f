"""Small dialogs: unsaved changes, the unit profile, find/replace, help and about."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .. import __version__
from ..core.profile import Profile

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"
RELOAD, SAVE_AS, OVERWRITE = "reload", "save_as", "overwrite"
SPLIT = re.compile(r"[\s,，、;；]+")


def ask_unsaved(parent: QWidget, name: str) -> str:
    """保存 / 不保存 / 取消 → SAVE / DISCARD / CANCEL."""
    buttons = QMessageBox.StandardButton
    box = QMessageBox(QMessageBox.Icon.Warning, "未保存的修改", f"“{name}”有未保存的修改。\n是否保存？",
                      buttons.Save | buttons.Discard | buttons.Cancel, parent)
    box.button(buttons.Save).setText("保存")
    box.button(buttons.Discard).setText("不保存")
    box.button(buttons.Cancel).setText("取消")
    box.setDefaultButton(buttons.Save)
    answer = buttons(box.exec())
    return {buttons.Save: SAVE, buttons.Discard: DISCARD}.get(answer, CANCEL)


def confirm(parent: QWidget, title: str, text: str, yes: str, no: str) -> bool:
    """A warning with two buttons; the safe answer (``no``) is the default."""
    buttons = QMessageBox.StandardButton
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, buttons.Yes | buttons.No, parent)
    box.button(buttons.Yes).setText(yes)
    box.button(buttons.No).setText(no)
    box.setDefaultButton(buttons.No)
    return buttons(box.exec()) == buttons.Yes


def ask_changed_on_disk(parent: QWidget, name: str) -> str:
    """保存 found the file changed since it was opened or saved: 重新载入 / 另存为… /
    仍然覆盖 / 取消 → RELOAD / SAVE_AS / OVERWRITE / CANCEL (取消 is the default)."""
    box = QMessageBox(QMessageBox.Icon.Warning, "文件已被修改",
                      f"“{name}”在本窗口打开（或上次保存）之后，已被其他窗口或程序修改。\n"
                      "直接保存会覆盖那些修改。", QMessageBox.StandardButton.NoButton, parent)
    role = QMessageBox.ButtonRole
    choices = {box.addButton("重新载入", role.DestructiveRole): RELOAD,
               box.addButton("另存为…", role.AcceptRole): SAVE_AS,
               box.addButton("仍然覆盖", role.DestructiveRole): OVERWRITE}
    cancel = box.addButton("取消", role.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.setInformativeText("重新载入：放弃本窗口的修改，读入磁盘上的版本；另存为：把本窗口的文稿存为另一个"
                           "文件；仍然覆盖：用本窗口的文稿替换磁盘上的版本（旧版本留在历史版本中）。")
    box.exec()
    return choices.get(box.clickedButton(), CANCEL)


def ask_open_elsewhere(parent: QWidget, name: str, holder: str) -> bool:
    """The file is open in another window: True to open it here all the same."""
    return confirm(parent, "文件已在别处打开",
                   f"“{name}”已在{holder}中打开。\n两处同时修改时，后保存的一方会覆盖另一方的修改。\n"
                   "是否仍在这里打开？", "仍然打开", "取消")


def ask_save_as_utf8(parent: QWidget, message: str) -> bool:
    """The file's encoding (GBK…) cannot hold a character: True to save it as UTF-8."""
    return confirm(parent, "无法按原编码保存", f"{message}。\n是否改用 UTF-8 编码保存？"
                   "（记事本、WPS 都能打开 UTF-8 文件）", "改用 UTF-8 保存", "取消")


def show_notice(parent: QWidget, title: str, message: str) -> None:
    """Something the user should know that is not an error (a character replaced…)."""
    QMessageBox.information(parent, title, message)


def show_error(parent: QWidget, title: str, message: str) -> None:
    QMessageBox.warning(parent, title, message)


def ask_text(parent: QWidget, title: str, label: str, default: str = "") -> str | None:
    """One line of text; None when cancelled."""
    text, ok = QInputDialog.getText(parent, title, label, text=default)
    return text.strip() if ok else None


class BackupDialog(QDialog):
    """历史版本: the backups of one file, newest first, to restore one."""

    def __init__(self, name: str, backups: list[Path], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"历史版本 — {name}")
        self.backups = backups
        layout = QVBoxLayout(self)
        note = QLabel("每次保存前的版本都会留存（每个文件最近 5 个）。恢复时，当前文件也会先存入历史版本，"
                      "之后仍可从这里取回。" if backups else "这个文件还没有历史版本（保存过一次后才会有）。")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.list = QListWidget()
        for backup in backups:
            self.list.addItem(backup_label(backup))
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout.addWidget(self.list)
        buttons = QDialogButtonBox()
        self.restore_button = buttons.addButton("恢复所选版本", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(bool(backups))
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(460, 320)

    def selected(self) -> Path | None:
        row = self.list.currentRow()
        return self.backups[row] if 0 <= row < len(self.backups) else None


def backup_label(backup: Path) -> str:
    """``2026-12-01 21:05:09 · 24 KB`` from the backup's name (its time) and size."""
    import re

    stamp = re.search(r"-(\d{8})-(\d{6})-", backup.name)
    when = (f"{stamp.group(1)[:4]}-{stamp.group(1)[4:6]}-{stamp.group(1)[6:]} "
            f"{stamp.group(2)[:2]}:{stamp.group(2)[2:4]}:{stamp.group(2)[4:]}") if stamp else backup.name
    try:
        size = f"{max(1, round(backup.stat().st_size / 1024))} KB"
    except OSError:
        size = "?"
    return f"{when} · {size}"


def choose_backup(parent: QWidget, name: str, backups: list[Path]) -> Path | None:
    dialog = BackupDialog(name, backups, parent)
    return dialog.selected() if dialog.exec() == QDialog.DialogCode.Accepted else None


def choose_checklist(parent: QWidget, names: list[str], current: int = 0) -> int | None:
    """新建: which checklist's skeleton to start from; None when cancelled."""
    name, ok = QInputDialog.getItem(parent, "新建文稿", "选择文稿类型（将套用其提纲）：", names, current,
                                    False)
    return names.index(name) if ok and name in names else None


def split_names(text: str) -> tuple[str, ...]:
    return tuple(n for n in SPLIT.split(text.strip()) if n)


class ProfileDialog(QDialog):
    """单位信息: the writer's unit, region, people and the unit's other names."""

    def __init__(self, profile: Profile, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("单位信息")
        self.setMinimumWidth(460)
        self.unit = QLineEdit(profile.unit)
        self.unit.setPlaceholderText("例如：中共某某县文化和旅游局党组")
        self.region = QLineEdit("、".join(profile.region))
        self.region.setPlaceholderText("例如：河南省、新乡市、卫辉市")
        self.aliases = QLineEdit("、".join(profile.aliases))
        self.aliases.setPlaceholderText("例如：县文旅局、文旅局")
        self.people = QPlainTextEdit("、".join(profile.people))
        self.people.setPlaceholderText("本单位人员姓名，用顿号或空格分隔")
        self.people.setFixedHeight(80)
        form = QFormLayout()
        form.addRow("单位名称：", self.unit)
        form.addRow("所在地区：", self.region)
        form.addRow("单位简称：", self.aliases)
        form.addRow("人员姓名：", self.people)
        note = QLabel("填写后，文中出现的其他地区、单位名称会被提示为“他单位信息”。")
        note.setWordWrap(True)
        note.setStyleSheet("color:#5f6368")
        standard = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(standard.Ok | standard.Cancel)
        buttons.button(standard.Ok).setText("确定")
        buttons.button(standard.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def profile(self) -> Profile:
        return Profile(self.unit.text().strip(), split_names(self.region.text()),
                       split_names(self.people.toPlainText()), split_names(self.aliases.text()))


class FindReplaceDialog(QDialog):
    """查找 (Ctrl+F) and 替换 (Ctrl+H) in the editor; non-modal."""

    def __init__(self, editor: QPlainTextEdit, parent: QWidget | None = None):
        super().__init__(parent)
        self.editor = editor
        self.setWindowTitle("查找和替换")
        self.find_edit = QLineEdit()
        self.replace_edit = QLineEdit()
        self.case = QCheckBox("区分大小写")
        self.status = QLabel("")
        self.status.setStyleSheet("color:#5f6368")
        form = QFormLayout()
        form.addRow("查找：", self.find_edit)
        form.addRow("替换为：", self.replace_edit)
        row = QHBoxLayout()
        for text, slot in (("查找下一个", self.find_next), ("查找上一个", lambda: self.find_next(True)),
                           ("替换", self.replace_one), ("全部替换", self.replace_all)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.case)
        layout.addLayout(row)
        layout.addWidget(self.status)
        self.find_edit.returnPressed.connect(self.find_next)

    def open_for(self, replace: bool) -> None:
        selected = self.editor.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.find_edit.setText(selected)
        self.replace_edit.setEnabled(True)
        self.show()
        self.raise_()
        self.activateWindow()
        (self.replace_edit if replace and self.find_edit.text() else self.find_edit).setFocus()
        self.find_edit.selectAll()

    def _flags(self, backward: bool = False) -> QTextDocument.FindFlag:
        flags = QTextDocument.FindFlag(0)
        if self.case.isChecked():
            flags |= QTextDocument.FindFlag.FindCaseSensitively
        if backward:
            flags |= QTextDocument.FindFlag.FindBackward
        return flags

    def find_next(self, backward: bool = False) -> bool:
        needle = self.find_edit.text()
        if not needle:
            return False
        if self.editor.find(needle, self._flags(backward)):
            self.status.setText("")
            return True
        cursor = self.editor.textCursor()  # wrap around
        cursor.movePosition(QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start)
        self.editor.setTextCursor(cursor)
        found = self.editor.find(needle, self._flags(backward))
        self.status.setText("已从头开始查找" if found else f"找不到“{needle}”")
        return found

    def replace_one(self) -> None:
        cursor = self.editor.textCursor()
        if cursor.hasSelection() and self._matches(cursor.selectedText()):
            cursor.insertText(self.replace_edit.text())
        self.find_next()

    def _matches(self, text: str) -> bool:
        needle = self.find_edit.text()
        return text == needle if self.case.isChecked() else text.lower() == needle.lower()

    def replace_all(self) -> int:
        needle = self.find_edit.text()
        if not needle:
            return 0
        document = self.editor.document()
        cursor = QTextCursor(document)
        edit = QTextCursor(document)
        edit.beginEditBlock()
        count = 0
        while True:
            cursor = document.find(needle, cursor, self._flags())
            if cursor.isNull():
                break
            cursor.insertText(self.replace_edit.text())
            count += 1
        edit.endEditBlock()
        self.status.setText(f"已替换 {count} 处")
        return count


def show_help(parent: QWidget):
    """使用说明 (F1): the manual in a window of its own (ui/help_window.py)."""
    from .help_window import show_help as show_manual

    return show_manual(parent)


def show_about(parent: QWidget) -> None:
    QMessageBox.about(parent, "关于公文审稿台",
                      f"<h3>公文审稿台 {__version__}</h3><p>离线起草、检查、导出工作总结。</p>"
                      "<p>所有检查都在本机完成，文稿不会上传。</p>")
