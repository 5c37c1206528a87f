"""The page preview (issue 18 §1) on real widgets: its pages are formats.pages' pages of the
export's own plan for the same draft (preview ≡ export), laid out off the UI thread as the
user types, scrolled with the editor; 打印 / 打印预览 / 导出 PDF draw those pages; the
editor's 公文 view and the 第N段 gutter. A smoke test compares the page breaks with
LibreOffice's render of the exported .docx where soffice is installed."""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from drafts import INTRO, LEADERSHIP, NETWORK, NEXT, PROBLEMS, STUDY, TITLE
from PySide6.QtGui import QTextCursor
from uihelpers import type_text, wait_report

from gongwen.core.fixes import clean_document
from gongwen.formats.docx_export import ExportOptions, plan
from gongwen.formats.pages import HANGING, paginate
from gongwen.ui.view_model import visible_numbers

BODY = ("各支部认真落实意识形态工作责任制，把意识形态工作纳入年度目标考核，定期分析研判形势，"
        "及时解决苗头性倾向性问题，确保各项工作有序推进。")


def long_draft(paragraphs: int = 30) -> str:
    """A report of three pages or more, with junk and half-width marks the export fixes."""
    body = [f"{BODY}（第{n}项）" if n % 3 else BODY.replace("，", ",", 1) for n in range(paragraphs)]
    return "\n".join(["仅供学习交流 禁止外传 更多范文请加会员群", TITLE, INTRO, "一、工作开展情况",
                      LEADERSHIP, STUDY, NETWORK, *body[: paragraphs // 2], *PROBLEMS,
                      *body[paragraphs // 2:], *NEXT, "", "县文化馆党支部", "2024年7月5日"])


def open_preview(qtbot, window):
    window.page_tools.set_preview_visible(True)
    wait_report(qtbot, window)
    pane = window.page_tools.pane
    qtbot.waitUntil(lambda: pane.result is not None and not pane.busy, timeout=20_000)
    return pane.result


def lines_of(pages) -> list[list[tuple]]:
    return [[(line.chars, round(line.x, 3), round(line.y, 3), line.size) for line in page.lines]
            for page in pages.pages]


def export_pages(window):
    """formats.pages' pages of the plan ``gongwen export`` writes for the window's draft."""
    result = window.current_result()
    options = ExportOptions(unit=window.live.profile.unit)
    clean = clean_document(result.document, result.report.findings, options.punctuation)
    segmenter = window.live.segmenter
    blocks = plan(clean, options, segmenter.cut if segmenter else None)
    fonts = window.page_tools.pane.fonts_for(options.fonts)
    return paginate(blocks, [p.text for p in clean.paragraphs], fonts.metrics), clean, blocks


def test_preview_pages_are_the_export_plans_pages(make_window, qtbot):
    window = make_window(long_draft())
    shown = open_preview(qtbot, window)
    expected, _clean, _blocks = export_pages(window)
    assert len(shown.pages) >= 3
    assert lines_of(shown.pages) == lines_of(expected)
    # the clean copy: the advert is gone, the half-width comma fixed, as in the export
    text = "".join(line.chars for page in shown.pages.pages for line in page.lines)
    assert "会员群" not in text and "," not in text
    assert shown.pages.pages[0].lines[0].chars.startswith(TITLE[:4])
    pane = window.page_tools.pane
    assert pane.pages_label.text().startswith(f"共 {len(shown.pages)} 页")
    assert pane.fonts_label.text()  # the fonts used, or their stand-ins, named


def test_the_exported_docx_holds_the_previewed_blocks(make_window, qtbot, tmp_path):
    """The page preview lays out the very blocks build() writes: their texts, in order."""
    import docx

    from gongwen.formats.docx_export import export_docx

    window = make_window(long_draft(12))
    open_preview(qtbot, window)
    _, _clean, blocks = export_pages(window)
    result = window.current_result()
    out = export_docx(result.document, result.report, tmp_path / "定稿.docx",
                      ExportOptions(unit=window.live.profile.unit, force=True))
    written = [p.text for p in docx.Document(str(out)).paragraphs]
    planned = ["".join(piece.text for piece in b.pieces) if b.kind != "title" else "".join(b.lines)
               for b in blocks]
    assert [t for t in written if t.strip()] == [t for t in planned if t.strip()]


def test_pages_are_laid_out_off_the_ui_thread_and_follow_typing(make_window, qtbot, monkeypatch):
    from gongwen.ui import preview

    threads = []
    real = preview.compute_pages

    def recording(job, cache):
        threads.append(threading.current_thread().name)
        return real(job, cache)

    monkeypatch.setattr(preview, "compute_pages", recording)
    drawn = []
    real_render = preview.render_page

    def rendering(*args):
        drawn.append(threading.current_thread().name)
        return real_render(*args)

    monkeypatch.setattr(preview, "render_page", rendering)
    window = make_window(long_draft(8))
    open_preview(qtbot, window)
    qtbot.wait(50)  # painted
    pane = window.page_tools.pane
    editor = window.editor
    block = editor.document().findBlockByNumber(4)
    cursor = QTextCursor(block)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    editor.setTextCursor(cursor)
    before = pane.result
    type_text(editor, "新增一句用来检验预览的话。")
    assert pane.result is before  # nothing laid out on the keystroke itself
    qtbot.waitUntil(lambda: not pane.busy and window.current_result() is not None, timeout=20_000)
    text = "".join(line.chars for page in pane.result.pages.pages for line in page.lines)
    assert "新增一句用来检验预览的话。" in text
    assert threads and set(threads) == {"page-preview"}
    drawn.clear()
    pane.view.repaint()
    assert drawn == []  # the pages in view came drawn from the preview's thread
    assert pane.result.images
    expected, _, _ = export_pages(window)
    assert lines_of(pane.result.pages) == lines_of(expected)


def test_the_preview_scrolls_with_the_editor(make_window, qtbot):
    window = make_window(long_draft(40))
    shown = open_preview(qtbot, window)
    pane = window.page_tools.pane
    bar = pane.view.verticalScrollBar()
    editor = window.editor
    editor.moveCursor(QTextCursor.MoveOperation.Start)
    top = bar.value()
    last = editor.document().blockCount() - 2  # the 落款
    editor.setTextCursor(QTextCursor(editor.document().findBlockByNumber(last)))
    assert bar.value() > top
    page, y = shown.pages.page_of(shown.clean_index(last))
    assert page == len(shown.pages) - 1
    # that paragraph's line is in view
    from gongwen.ui.page_painter import TOP_PT

    view = pane.view
    line = view.page_top(page) + (TOP_PT + y) * view.scale()
    assert bar.value() <= line <= bar.value() + view.viewport().height()


def test_pdf_and_print_draw_every_page(make_window, qtbot, tmp_path, monkeypatch):
    window = make_window(long_draft())
    shown = open_preview(qtbot, window)
    path = tmp_path / "定稿.pdf"
    window.page_tools.export_pdf_to(str(path))
    assert path.is_file() and pdf_pages(path) == len(shown.pages)
    assert "已导出 PDF" in window.statusBar().currentMessage()
    # 打印… through Qt's print dialog (accepted), to a PDF printer
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    from gongwen.ui import printing

    printed = tmp_path / "printed.pdf"
    real = printing.make_printer

    def to_file():
        printer = real()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return printer

    monkeypatch.setattr(printing, "make_printer", to_file)
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QPrintDialog.DialogCode.Accepted)
    window.page_tools.print_action.trigger()
    assert printed.is_file() and pdf_pages(printed) == len(shown.pages)
    assert window.page_tools.print_action.shortcut().toString() == "Ctrl+P"


def test_print_preview_dialog_shows_the_pages(make_window, qtbot, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    from gongwen.ui.printing import paint_pages, preview_dialog

    window = make_window(long_draft())
    shown = open_preview(qtbot, window)
    dialog = preview_dialog(window, shown.pages, shown.fonts, "样稿")
    qtbot.addWidget(dialog)
    out = tmp_path / "preview.pdf"
    printer = dialog.printer
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    dialog.paintRequested.emit(printer)  # what the dialog asks for each time it draws
    del printer
    assert dialog.windowTitle() == "打印预览"
    again = tmp_path / "again.pdf"
    other = QPrinter()
    other.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    other.setOutputFileName(str(again))
    assert paint_pages(other, shown.pages, shown.fonts, [2]) == 1
    del other
    assert pdf_pages(again) == 1


def pdf_pages(path: Path) -> int:
    data = path.read_bytes()
    return len(re.findall(rb"/Type\s*/Page[^s]", data))


# ---------------------------------------------------------------- the editor's view

def test_gutter_numbers_match_the_rows(make_window, qtbot):
    text = "\n".join([TITLE, "", INTRO, "一、工作开展情况", "", LEADERSHIP, STUDY, "联系人：XXX。"])
    window = make_window(text)
    result = wait_report(qtbot, window)
    tools = window.page_tools
    tools.set_numbers_visible(True)
    editor = window.editor
    numbers = editor.gutter.current_numbers()
    assert numbers == visible_numbers(editor.block_texts()) == [1, 0, 2, 3, 0, 4, 5, 6]
    assert editor.viewportMargins().left() == editor.gutter.width() > 0
    xxx = next(f for f in result.report.findings if f.text == "XXX")
    item = window.panel.item_of(xxx)
    assert item.text(1) == f"第 {numbers[xxx.paragraph]} 段" == "第 6 段"
    tools.set_numbers_visible(False)
    assert editor.viewportMargins().left() == 0


def test_official_view_indents_first_lines_and_centres_the_title(make_window, qtbot):
    window = make_window("\n".join([TITLE, INTRO, LEADERSHIP]))
    window.resize(1380, 860)  # the offscreen screen is small: the window fits it (screen_fit)
    window.splitter.setSizes([200, 760, 420])
    wait_report(qtbot, window)
    editor = window.editor
    margin = editor.document().documentMargin()
    window.page_tools.set_official_view(True)
    qtbot.wait(10)
    body = editor.document().findBlockByNumber(1)
    editor.blockBoundingRect(body)  # laid out as Qt asks before painting
    first, second = body.layout().lineAt(0), body.layout().lineAt(1)
    two = 2 * editor.fontMetrics().horizontalAdvance("中")
    assert abs(first.x() - (margin + two)) < 1 and abs(second.x() - margin) < 1
    title = editor.document().findBlockByNumber(0)
    editor.blockBoundingRect(title)
    assert title.layout().lineAt(0).x() > margin + 10  # centred
    assert "仿" in editor.font().family() or editor.font().family() in (
        "Noto Serif CJK SC", "Source Han Serif SC")
    window.page_tools.set_official_view(False)
    editor.blockBoundingRect(body)
    assert abs(body.layout().lineAt(0).x() - margin) < 1


def test_view_settings_are_remembered(make_window, qtbot):
    first = make_window("")
    first.page_tools.set_preview_visible(True)
    first.page_tools.set_official_view(True)
    first.page_tools.set_numbers_visible(False)
    assert first.close()
    second = make_window("")
    assert second.page_tools.preview_action.isChecked() and second.page_tools.pane.isVisible()
    assert second.page_tools.official_action.isChecked() and second.editor.official
    assert not second.page_tools.numbers_action.isChecked() and not second.editor.gutter.isVisible()


# ---------------------------------------------------------------- against LibreOffice

@pytest.mark.skipif(any(shutil.which(t) is None for t in ("soffice", "pdftotext")),
                    reason="LibreOffice (soffice) and pdftotext are needed to compare with a render")
def test_page_breaks_match_libreoffices_render_of_the_export(make_window, qtbot, tmp_path):
    """The same page breaks as LibreOffice's PDF of the exported .docx: the page count and
    the first line of every page (the fonts LibreOffice substitutes are those the preview
    measured: tests/formats/fonts-gongwen.conf maps the 公文 fonts to the same free ones)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "formats"))
    from office import convert

    from gongwen.formats.docx_export import export_docx

    window = make_window(long_draft(36))
    shown = open_preview(qtbot, window)
    if any(font.substituted and font.family not in ("Noto Serif CJK SC", "AR PL UKai CN", "Noto Sans CJK SC")
           for font in shown.fonts.roles.values()):
        pytest.skip("the preview's stand-in fonts are not the ones fonts-gongwen.conf gives LibreOffice")
    result = window.current_result()
    source = export_docx(result.document, result.report, tmp_path / "定稿.docx",
                         ExportOptions(unit=window.live.profile.unit, force=True),
                         segment=window.live.segmenter.cut if window.live.segmenter else None)
    (pdf,) = convert([source], "pdf", tmp_path / "lo")
    assert pdf.exists()
    rendered = []
    for number in range(1, len(shown.pages) + 2):
        out = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
                             capture_output=True, text=True, check=False).stdout
        lines = [re.sub(r"\s", "", line) for line in out.splitlines()]
        lines = [line for line in lines if line and not re.fullmatch(r"—?\d+—?", line)]
        if not lines:
            break
        rendered.append(lines[0].rstrip(HANGING))  # pdftotext may set a hanging mark apart
    previewed = [re.sub(r"\s", "", page.first_text()).rstrip(HANGING) for page in shown.pages.pages]
    assert rendered == previewed


def test_the_preview_follows_the_editors_scroll_bar(make_window, qtbot):
    window = make_window(long_draft(40))
    shown = open_preview(qtbot, window)
    editor, bar = window.editor, window.page_tools.pane.view.verticalScrollBar()
    editor.setFocus()
    editor.verticalScrollBar().setValue(editor.verticalScrollBar().maximum() // 2)
    editor.verticalScrollBar().setValue(editor.verticalScrollBar().maximum())  # the second: no edit between
    first = editor.firstVisibleBlock().blockNumber()
    page, _ = shown.pages.page_of(shown.clean_index(first))
    assert page > 0 and bar.value() > 0
    view = window.page_tools.pane.view
    assert view.page_top(page) - view.viewport().height() <= bar.value() <= view.page_top(page + 1)


def test_the_preview_lays_out_with_the_export_dialogs_remembered_choices(make_window, qtbot):
    from gongwen.ui.page_actions import export_input

    window = make_window("\n".join([TITLE, INTRO, LEADERSHIP]))
    result = wait_report(qtbot, window)
    window.settings.export_fonts, window.settings.export_seal = "windows", True
    window.settings.export_date = False
    _document, options = export_input(window, result)
    assert options.fonts == "windows" and options.seal and options.date == ""
    window.settings.export_date = True
    assert export_input(window, result)[1].date.endswith("日")
