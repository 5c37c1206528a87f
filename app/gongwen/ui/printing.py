"""打印, 打印预览 and 导出 PDF of the 定稿's pages (the preview's ``formats.pages`` layout)
through Qt's print support (QtPrintSupport ships with PySide6-Essentials: QPrinter,
QPrintDialog, QPrintPreviewDialog; PDFs through QPdfWriter) — no LibreOffice, no Word."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QPagedPaintDevice, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtWidgets import QWidget

from ..formats.pages import Pages
from .page_fonts import PageFonts
from .page_painter import PAGE_WIDTH_PT, paint_page

PDF_DPI = 1200


def a4_layout() -> QPageLayout:
    """A4 portrait, no printer margins: the pages carry the GB/T 9704 margins themselves."""
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                       QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)


def paint_pages(device: QPagedPaintDevice, pages: Pages, fonts: PageFonts,
                numbers: list[int] | None = None) -> int:
    """Draw ``pages`` (those numbered in ``numbers``, 1-based; all when None) on ``device``,
    one per sheet, each scaled from points to the device's full page; the sheets drawn."""
    painter = QPainter()
    if not painter.begin(device):
        return 0
    drawn = 0
    try:
        full = device.pageLayout().fullRectPixels(device.resolution())
        scale = full.width() / PAGE_WIDTH_PT
        for page in pages.pages:
            if numbers is not None and page.number not in numbers:
                continue
            if drawn:
                device.newPage()
            painter.save()
            painter.translate(-device.pageLayout().paintRectPixels(device.resolution()).left(),
                              -device.pageLayout().paintRectPixels(device.resolution()).top())
            painter.scale(scale, scale)
            paint_page(painter, page, fonts)
            painter.restore()
            drawn += 1
    finally:
        painter.end()
    return drawn


def export_pdf(path: str | Path, pages: Pages, fonts: PageFonts, title: str = "") -> int:
    """The pages as a PDF (fonts embedded); the number of pages written. Raises OSError when
    the file cannot be written."""
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_DPI)
    writer.setPageLayout(a4_layout())
    writer.setCreator("公文审稿台")
    if title:
        writer.setTitle(title)
    drawn = paint_pages(writer, pages, fonts)
    del writer  # the file is complete once the writer is gone
    if not drawn or not Path(path).is_file() or Path(path).stat().st_size == 0:
        raise OSError(f"无法写入 PDF 文件：{path}")
    return drawn


def make_printer():
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(a4_layout())
    printer.setFullPage(True)
    printer.setDocName("定稿")
    return printer


def print_pages(parent: QWidget, pages: Pages, fonts: PageFonts, title: str = "") -> bool:
    """打印…: Qt's print dialog (in Chinese), then the pages chosen; False when cancelled."""
    from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog

    printer = make_printer()
    if title:
        printer.setDocName(title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("打印定稿")
    dialog.setMinMax(1, max(len(pages), 1))
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, True)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    return paint_pages(printer, pages, fonts, _chosen(printer, len(pages))) > 0


def _chosen(printer, count: int) -> list[int] | None:
    from PySide6.QtPrintSupport import QPrinter

    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        return list(range(printer.fromPage(), min(printer.toPage(), count) + 1))
    return None


def preview_dialog(parent: QWidget, pages: Pages, fonts: PageFonts, title: str = ""):
    """打印预览: Qt's print preview of the pages (打印 from there prints them). Returned
    unopened (the caller shows it; tests look inside)."""
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    printer = make_printer()
    if title:
        printer.setDocName(title)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.printer = printer  # the dialog holds a plain pointer: the printer lives as long as it
    dialog.setWindowTitle("打印预览")
    dialog.paintRequested.connect(lambda device: paint_pages(device, pages, fonts))
    dialog.resize(QSizeF(900, 1000).toSize())
    return dialog
