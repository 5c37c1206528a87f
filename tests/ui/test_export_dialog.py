"""导出定稿 through its dialog: the choices reach the .docx written (read back with
python-docx), the errors left are summed up by group with 去修改 each, the notice after the
export opens the file or its folder. Real widgets offscreen, real files."""

from __future__ import annotations

import datetime as dt

import pytest
from drafts import draft as _draft
from uihelpers import wait_report

from gongwen.core.model import Finding, Severity
from gongwen.ui import export_dialog, file_actions
from gongwen.ui.export_dialog import ExportDialog, refusal_groups, refusal_summary

docx = pytest.importorskip("docx")

UNIT = "中共卫辉市文化馆支部委员会"


def draft(**kwargs) -> str:
    """The UI tests' draft without errors (its title's 某县 is a placeholder)."""
    return _draft(**kwargs).replace("某县文化馆", "卫辉市文化馆")


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def make_dialog(window, today=dt.date(2026, 11, 25)) -> ExportDialog:
    result = window.current_result()
    dialog = ExportDialog(result.report, result.document, UNIT, window.settings, today=today,
                          parent=window)
    return dialog


def export_with(window, dialog: ExportDialog, path) -> list[str]:
    assert window.files.export_final_to(str(path), options=dialog.options())
    return [p.text for p in docx.Document(str(path)).paragraphs]


def east_asia_fonts(path) -> set[str]:
    """Every w:eastAsia font named in the document part and its styles."""
    document = docx.Document(str(path))
    found = set()
    for part in (document.part.element, document.styles.element):
        for fonts in part.iter(f"{W}rFonts"):
            name = fonts.get(f"{W}eastAsia")
            if name:
                found.add(name)
    return found


def right_indents_pt(path, count: int = 2) -> list[float]:
    paragraphs = docx.Document(str(path)).paragraphs[-count:]
    return [p.paragraph_format.right_indent.pt for p in paragraphs]


def test_the_choices_reach_the_exported_file(qtbot, make_window, tmp_path):
    window = make_window(draft())
    wait_report(qtbot, window)
    dialog = make_dialog(window)
    qtbot.addWidget(dialog)
    assert dialog.export_button.text() == "导出…" and not dialog.summary.isVisible()
    assert dialog.export_button.isDefault()
    assert dialog.date_preview.text() == "定稿中写作：2026年11月25日"  # Arabic, 月日不编虚位
    dialog.fonts.setCurrentIndex(dialog.fonts.findData("windows"))
    dialog.seal.setChecked(True)
    texts = export_with(window, dialog, tmp_path / "定稿.docx")
    assert texts[-2:] == [UNIT, "2026年11月25日"]
    fonts = east_asia_fonts(tmp_path / "定稿.docx")
    assert "仿宋" in fonts and "楷体" in fonts and not any(f.endswith("_GB2312") for f in fonts)
    # with a seal: the date 右空四字, the unit centred over it (GB/T 9704 7.3.5.1)
    from gongwen.formats.docx_export import signature_indents
    from gongwen.formats.gbt9704 import BODY_PT, CONDENSE_PT

    char = BODY_PT + CONDENSE_PT
    unit_chars, date_chars = signature_indents(UNIT, "2026年11月25日", seal=True)
    assert (unit_chars, date_chars) == (1, 4)  # the 13-character unit centred over the 7-wide date
    assert right_indents_pt(tmp_path / "定稿.docx") == pytest.approx([unit_chars * char, 4 * char], abs=0.1)

    dialog.seal.setChecked(False)
    dialog.fonts.setCurrentIndex(dialog.fonts.findData("gb2312"))
    export_with(window, dialog, tmp_path / "不盖章.docx")
    assert right_indents_pt(tmp_path / "不盖章.docx")[0] == pytest.approx(2 * char, abs=0.1)  # 右空二字
    assert "仿宋_GB2312" in east_asia_fonts(tmp_path / "不盖章.docx")


def test_chinese_numerals_and_no_signature(qtbot, make_window, tmp_path):
    window = make_window(draft())
    wait_report(qtbot, window)
    dialog = make_dialog(window)
    qtbot.addWidget(dialog)
    dialog.numerals.setCurrentIndex(1)
    assert dialog.date_preview.text() == "定稿中写作：二〇二六年十一月二十五日"
    texts = export_with(window, dialog, tmp_path / "汉字.docx")
    assert texts[-1] == "二〇二六年十一月二十五日" and texts[-2] == UNIT

    dialog.signature.setChecked(False)
    dialog.dated.setChecked(False)
    assert not dialog.unit.isEnabled() and not dialog.date.isEnabled()
    texts = export_with(window, dialog, tmp_path / "无落款.docx")
    assert UNIT not in texts and not any("二〇二六" in t or "2026年" in t for t in texts)
    assert texts[-1].startswith("持续深化理论武装")  # the body ends the document
    dialog.dated.setChecked(True)  # a date without a 落款, and so it stays next time
    assert export_with(window, dialog, tmp_path / "只有日期.docx")[-3:] == [
        texts[-1], "", "二〇二六年十一月二十五日"]  # a blank line, then the date alone
    dialog.remember()
    again = make_dialog(window)
    qtbot.addWidget(again)
    assert not again.signature.isChecked() and again.dated.isChecked() and again.numerals.currentData()


def test_a_typed_signature_is_said_and_used_once(qtbot, make_window, tmp_path):
    window = make_window(draft(extra=("县文化馆", "2025年7月5日")))
    wait_report(qtbot, window)
    dialog = make_dialog(window)
    qtbot.addWidget(dialog)
    assert not dialog.typed_note.isHidden()
    assert "“县文化馆”" in dialog.typed_note.text() and "“2025年7月5日”" in dialog.typed_note.text()
    assert not dialog.unit.isEnabled() and not dialog.date.isEnabled()
    assert dialog.unit.text() == "县文化馆"
    texts = export_with(window, dialog, tmp_path / "定稿.docx")
    assert texts.count("县文化馆") == 1 and texts.count("2025年7月5日") == 1 and UNIT not in texts
    assert texts[-2:] == ["县文化馆", "2025年7月5日"]


def test_punctuation_fixes_reach_the_export_only(qtbot, make_window, tmp_path):
    window = make_window(draft(extra=("全年开展宣传活动5次,覆盖群众2000人次。",)))
    result = wait_report(qtbot, window)
    assert any(f.category == "punctuation" for f in result.report.findings)
    dialog = make_dialog(window)
    qtbot.addWidget(dialog)
    assert dialog.punctuation.isChecked() and "1 处" in dialog.punctuation.text()
    texts = export_with(window, dialog, tmp_path / "修正.docx")
    assert "全年开展宣传活动5次，覆盖群众2000人次。" in texts
    assert "5次,覆盖" in window.editor.toPlainText()  # the draft itself is not changed
    dialog.punctuation.setChecked(False)
    texts = export_with(window, dialog, tmp_path / "原样.docx")
    assert "全年开展宣传活动5次,覆盖群众2000人次。" in texts


def finding(category: str, paragraph: int, rule: str = "", start: int = 0) -> Finding:
    return Finding(rule or f"{category}.x", category, Severity.ERROR, "消息", paragraph, start, start + 1,
                   "X")


def test_refusal_groups_count_by_group_in_the_panels_order():
    findings = [finding("junk", 9), finding("placeholder", 7), finding("placeholder", 3, start=5),
                finding("placeholder", 3, start=2), finding("structure", 0, rule="structure.missing")]
    groups = refusal_groups(findings)
    assert refusal_summary(groups) == "占位符 3 处 · 广告残留 1 处 · 缺少章节 1 项"
    assert (groups[0].first.paragraph, groups[0].first.start) == (3, 2)  # the first in the text


ERRORS = draft(problems=False, extra=("本单位开展活动X次，覆盖XX个社区。",))


def test_the_errors_left_show_by_group_and_go_to_fix(qtbot, make_window, tmp_path, monkeypatch):
    window = make_window(ERRORS)
    result = wait_report(qtbot, window)
    dialog = make_dialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.summary.isVisible() and dialog.export_button.text() == "仍然导出…"
    assert dialog.cancel_button.isDefault() and not dialog.export_button.isDefault()  # Enter: no export
    keys = [g.key for g in dialog.summary.groups]
    assert keys[0] == "placeholder" and keys[-1] == export_dialog.MISSING
    assert set(dialog.summary.buttons) == set(keys)
    assert "占位符 2 处" in refusal_summary(dialog.summary.groups)
    assert dialog.options().force  # 仍然导出: the export is forced
    dialog.close()

    # the real flow: 导出定稿 → 去修改 on 占位符 → the dialog closes, the editor is at the first one
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    asked_for_name = []
    monkeypatch.setattr(file_actions.QFileDialog, "getSaveFileName",
                        lambda *a, **k: asked_for_name.append(a) or ("", ""))

    def press_goto():
        shown = QApplication.activeModalWidget()
        assert isinstance(shown, ExportDialog)
        shown.summary.buttons["placeholder"].click()

    QTimer.singleShot(0, press_goto)
    window.files.export_final()
    placeholders = sorted((f for f in result.report.findings if f.category == "placeholder"),
                          key=lambda f: (f.paragraph, f.start))
    cursor = window.editor.textCursor()
    assert cursor.selectedText() == placeholders[0].text and cursor.blockNumber() == placeholders[0].paragraph
    assert window.panel.selected_finding() == placeholders[0]
    assert not asked_for_name  # no file name asked


def test_export_final_to_refused_asks_with_the_summary(qtbot, make_window, tmp_path):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    window = make_window(ERRORS)
    result = wait_report(qtbot, window)
    first = min((f for f in result.report.findings if f.category == "placeholder"),
                key=lambda f: (f.paragraph, f.start))
    seen = []

    def answer(button: str):
        shown = QApplication.activeModalWidget()
        seen.append(refusal_summary(shown.summary.groups))
        (shown.force_button if button == "force" else shown.summary.buttons["placeholder"]).click()

    QTimer.singleShot(0, lambda: answer("goto"))
    assert not window.files.export_final_to(str(tmp_path / "定稿.docx"))
    assert not (tmp_path / "定稿.docx").exists() and window.editor.textCursor().selectedText() == first.text
    QTimer.singleShot(0, lambda: answer("force"))
    assert window.files.export_final_to(str(tmp_path / "定稿.docx"))
    assert (tmp_path / "定稿.docx").exists()
    assert seen[0].startswith("占位符 2 处") and "缺少章节" in seen[0]


def test_the_whole_flow_remembers_the_fonts_and_opens_the_folder(qtbot, make_window, tmp_path, monkeypatch):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    window = make_window(draft())
    wait_report(qtbot, window)
    out = tmp_path / "定稿.docx"
    monkeypatch.setattr(file_actions.QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    opened = []
    monkeypatch.setattr(export_dialog.QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    monkeypatch.setattr(export_dialog, "ask_after_export", lambda parent, path: export_dialog.OPEN_FOLDER)

    def choose_windows_fonts():
        shown = QApplication.activeModalWidget()
        shown.fonts.setCurrentIndex(shown.fonts.findData("windows"))
        shown.export_button.click()

    QTimer.singleShot(0, choose_windows_fonts)
    window.files.export_final()
    assert out.exists() and "仿宋" in east_asia_fonts(out)
    assert window.settings.export_fonts == "windows"
    assert [u.toLocalFile() for u in opened] == [str(tmp_path)] and opened[0].isLocalFile()
    again = make_dialog(window)
    qtbot.addWidget(again)
    assert again.fonts.currentData() == "windows"  # remembered


def test_the_export_choices_survive_a_restart(qtbot, make_window):
    from gongwen.ui.settings import load_settings_checked

    window = make_window(draft())
    window.settings.export_fonts, window.settings.export_seal = "windows", True
    window.settings.reviewer = "李明"  # asked once (保存为修订稿), then remembered
    window.store_settings()
    settings, notices = load_settings_checked()
    assert (settings.export_fonts, settings.export_seal, settings.reviewer, notices) == (
        "windows", True, "李明", [])
