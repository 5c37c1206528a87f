"""版面预览: the draft as the 定稿 will be — A4 pages of the export's own plan
(``docx_export.plan``) laid out by ``formats.pages`` — beside the editor; updated off the UI
thread a moment after the checklist, scrolled with the editor; and 打印 / 打印预览 / 导出 PDF
from the same pages.

The window hands each result in (``show_result``); after ``DELAY_MS`` without a newer one
a job computes the pages on the preview's own thread (the clean copy, the plan, the line
breaks — each paragraph's breaks cached, so after a keystroke one paragraph is broken
again). The UI thread only draws the pages in view, each kept as a pixmap while it does
not change.
"""

from __future__ import annotations

import bisect
import contextlib
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from PySide6.QtCore import QObject, QPointF, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.fixes import applied_by_export, clean_document, clean_paragraphs, removes_paragraph
from ..core.model import Document, Report
from ..formats.docx_export import ExportOptions, plan, xml_safe_document
from ..formats.pages import Cache, Pages, paginate
from . import palette
from .latest_job import LatestJobThread
from .page_fonts import PageFonts, page_fonts
from .page_painter import PAGE_HEIGHT_PT, PAGE_WIDTH_PT, paint_page

DELAY_MS = 400  # after the last result: typing never waits for the preview
PAGE_GAP_PX = 14
CACHE_LIMIT = 20_000  # paragraphs' line breaks kept


@dataclass(frozen=True, slots=True)
class PreviewJob:
    """What a layout needs, all plain data (no Qt): the document as the export gets it, its
    report, the export's options, the fonts' widths and the segmenter for the title."""

    generation: int
    document: Document
    report: Report
    options: ExportOptions
    fonts: PageFonts
    segment: Callable[[str], list[str]] | None = None
    render: RenderWanted | None = None  # the pages in view, drawn by the worker too


@dataclass(frozen=True, slots=True)
class RenderWanted:
    """The pages to draw with the layout, at the view's size: those in view when the job
    was made (the UI thread then only puts finished images on screen)."""

    width: int  # device-independent pixels
    height: int
    ratio: float
    pages: tuple[int, ...]


@dataclass(slots=True)
class PreviewResult:
    generation: int
    pages: Pages | None
    origins: list[int]  # clean copy paragraph → the editor's paragraph it comes from
    keys: list[int]  # a hash of each page's content: unchanged pages keep their pixmaps
    fonts: PageFonts
    problem: str = ""  # a 成文日期 that is no date…
    images: dict[tuple[int, int, int], QImage] = field(default_factory=dict)  # (key, width, index)

    def clean_index(self, paragraph: int) -> int:
        """The clean copy's paragraph for the editor's ``paragraph`` (the nearest kept one)."""
        return max(bisect.bisect_right(self.origins, paragraph) - 1, 0)

    def editor_paragraph(self, clean: int) -> int:
        return self.origins[clean] if 0 <= clean < len(self.origins) else 0


def compute_pages(job: PreviewJob, cache: Cache) -> PreviewResult:
    """The pages of the 定稿 of ``job.document``: the export's clean copy (``clean_document``
    with the same findings and options), its plan and the page layout (pure Python: runs on
    the preview's thread)."""
    findings, punctuation = job.report.findings, job.options.punctuation
    clean = xml_safe_document(clean_document(job.document, findings, punctuation))
    origins = clean_origins(job.document, findings, punctuation, len(clean.paragraphs))
    try:
        blocks = plan(clean, job.options, job.segment)
    except ValueError as error:  # a typed 成文日期 that is no date
        return PreviewResult(job.generation, None, origins, [], job.fonts, str(error))
    if len(cache) > CACHE_LIMIT:
        cache.clear()
    pages = paginate(blocks, [p.text for p in clean.paragraphs], job.fonts.metrics, cache)
    keys = [hash((tuple(page.lines), tuple(page.rules), page.number)) for page in pages.pages]
    return PreviewResult(job.generation, pages, origins, keys, job.fonts)


def clean_origins(document: Document, findings: list, punctuation: bool, count: int) -> list[int]:
    """The paragraph of ``document`` each of the ``count`` paragraphs of its clean copy comes
    from, for scrolling the pages with the editor: ``clean_paragraphs`` drops whole junk
    paragraphs and splits one where a fix puts a line break, and only those findings need
    reading (no fix is applied again). Falls back to the clean copy itself when a fix was
    skipped for overlapping another."""
    removed: set[int] = set()
    splits: dict[int, int] = {}
    paragraphs = document.paragraphs
    for finding in findings:
        if not applied_by_export(finding, punctuation) or not 0 <= finding.paragraph < len(paragraphs):
            continue
        if removes_paragraph(paragraphs[finding.paragraph].text, finding):
            removed.add(finding.paragraph)
        elif "\n" in (finding.fix or ""):
            splits[finding.paragraph] = splits.get(finding.paragraph, 0) + finding.fix.count("\n")
    origins = [p.index for p in paragraphs if p.index not in removed
               for _ in range(1 + splits.get(p.index, 0))]
    if len(origins) != count:
        origins = [old for old, _ in clean_paragraphs(document, findings, punctuation)]
    return origins


class _Signals(QObject):
    done = Signal(object)


class PreviewWorker:
    """One thread computing the latest job handed to it (older waiting jobs are dropped)."""

    def __init__(self) -> None:
        self._thread = LatestJobThread("page-preview", self._compute)
        self._caches: dict[int, Cache] = {}  # per metrics object (fonts of a scheme)
        self._images: dict[tuple[int, int, int], QImage] = {}  # the last job's pages drawn
        self.signals = _Signals()

    def submit(self, job: PreviewJob) -> None:
        self._thread.submit(job)

    def _compute(self, job: PreviewJob) -> None:
        """On the preview thread: the pages, and those in view drawn."""
        key = id(job.fonts.metrics)
        cache = self._caches.setdefault(key, {})
        if len(self._caches) > 2:  # another font scheme: the old breaks are no use
            self._caches = {key: cache}
        try:
            result = compute_pages(job, cache)
            if job.render is not None and result.pages is not None:
                result.images = self._render(result, job.render)
        except Exception:  # shown as "无法预览", never lost
            traceback.print_exc(file=sys.stderr)
            result = PreviewResult(job.generation, None, [], [], job.fonts, "无法生成预览")
        with contextlib.suppress(RuntimeError):  # the window closed meanwhile
            self.signals.done.emit(result)

    def _render(self, result: PreviewResult, wanted: RenderWanted) -> dict[tuple[int, int, int], QImage]:
        """The pages in view drawn (QPainter on a QImage may run on any thread), those that
        did not change since the last job taken from the last images."""
        size = QSize(wanted.width, wanted.height)
        images = {}
        for index in wanted.pages:
            if not 0 <= index < len(result.keys):
                continue
            key = (result.keys[index], wanted.width, index)
            found = self._images.get(key)
            images[key] = found if found is not None else render_page(result, index, size, wanted.ratio)
        self._images = images
        return images

    def stop(self, timeout_s: float = 2.0) -> None:
        self._thread.stop(timeout_s, drop_waiting=True)


class PageView(QAbstractScrollArea):
    """The pages one under another, as wide as the view allows; double-click a line to go to
    its paragraph in the editor."""

    paragraphActivated = Signal(int)  # the clean copy's paragraph

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("pageView")
        self.result: PreviewResult | None = None
        self._pixmaps: dict[tuple[int, int, int], QImage] = {}  # (key, width, index): drawn pages
        self.viewport().setAutoFillBackground(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalScrollBar().setSingleStep(20)
        self.setMinimumWidth(160)

    # ------------------------------------------------------------ geometry
    def scale(self) -> float:
        """Pixels per point: the page as wide as the view, less a margin."""
        return max((self.viewport().width() - 2 * PAGE_GAP_PX) / PAGE_WIDTH_PT, 0.1)

    def page_height_px(self) -> float:
        return PAGE_HEIGHT_PT * self.scale()

    def page_top(self, index: int) -> float:
        return PAGE_GAP_PX + index * (self.page_height_px() + PAGE_GAP_PX)

    def page_count(self) -> int:
        return len(self.result.pages) if self.result and self.result.pages else 0

    def _update_range(self) -> None:
        total = self.page_top(self.page_count()) if self.page_count() else 0
        bar = self.verticalScrollBar()
        bar.setRange(0, max(int(total - self.viewport().height()), 0))
        bar.setPageStep(self.viewport().height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._pixmaps.clear()
        self._update_range()

    def show_result(self, result: PreviewResult) -> None:
        """Show new pages: only the pages whose content changed are repainted (a keystroke
        changes one), unless their number changed."""
        old = self.result.keys if self.result is not None else None
        self.result = result
        keep = {(key, self._width_px(), index) for index, key in enumerate(result.keys)}
        self._pixmaps = {k: v for k, v in self._pixmaps.items() if k in keep}
        self._pixmaps.update({k: v for k, v in result.images.items() if k in keep})
        self._update_range()
        if old is None or len(old) != len(result.keys):
            self.viewport().update()
            return
        offset, height = self.verticalScrollBar().value(), round(self.page_height_px()) + 3
        for index, (before, after) in enumerate(zip(old, result.keys, strict=True)):
            if before != after:
                top = round(self.page_top(index) - offset)
                self.viewport().update(QRect(0, top, self.viewport().width(), height))

    def render_wanted(self, count: int) -> RenderWanted:
        """The pages in view now (of ``count``, the last layout's number; the first three
        before any), for the worker to draw with the next layout."""
        height = self.page_height_px()
        offset = self.verticalScrollBar().value()
        first = max(int((offset - PAGE_GAP_PX) // (height + PAGE_GAP_PX)), 0)
        shown = int(self.viewport().height() // (height + PAGE_GAP_PX)) + 2
        last = min(first + shown, count) if count else first + 3
        return RenderWanted(self._width_px(), round(height), self.devicePixelRatioF(),
                            tuple(range(first, max(last, first + 1))))

    def _width_px(self) -> int:
        return round(PAGE_WIDTH_PT * self.scale())

    def scroll_to(self, page: int, y_pt: float) -> None:
        """Show the line ``y_pt`` points below the type area's top of ``page`` near the top."""
        from .page_painter import TOP_PT

        target = self.page_top(page) + (TOP_PT + y_pt) * self.scale() - self.viewport().height() / 4
        self.verticalScrollBar().setValue(int(max(target, 0)))

    # ------------------------------------------------------------ painting
    def paintEvent(self, _event) -> None:
        painter = QPainter(self.viewport())
        painter.fillRect(self.viewport().rect(), QColor(palette.PREVIEW_BACKGROUND))
        if not self.page_count():
            painter.end()
            return
        offset = self.verticalScrollBar().value()
        height = self.page_height_px()
        width = self._width_px()
        left = (self.viewport().width() - width) // 2
        first = max(int((offset - PAGE_GAP_PX) // (height + PAGE_GAP_PX)), 0)
        index = first
        while index < self.page_count():
            top = self.page_top(index) - offset
            if top > self.viewport().height():
                break
            rect = QRect(left, round(top), width, round(height))
            painter.fillRect(rect.translated(2, 2), QColor(palette.PREVIEW_SHADOW))
            painter.drawImage(rect.topLeft(), self._pixmap(index, QSize(width, round(height))))
            index += 1
        painter.end()

    def _pixmap(self, index: int, size: QSize) -> QImage:
        """Page ``index`` drawn: the worker's image, or drawn here (a page scrolled into view
        after the layout)."""
        key = (self.result.keys[index], size.width(), index)
        found = self._pixmaps.get(key)
        if found is None:
            found = self._pixmaps[key] = render_page(self.result, index, size, self.devicePixelRatioF())
        return found

    def mouseDoubleClickEvent(self, event) -> None:
        found = self.line_at(event.position())
        if found is not None and found.source is not None:
            self.paragraphActivated.emit(found.source)

    def line_at(self, point: QPointF):
        """The line under a point of the viewport, or None."""
        from .page_painter import LEFT_PT, TOP_PT

        if not self.page_count():
            return None
        scale = self.scale()
        y = point.y() + self.verticalScrollBar().value() - PAGE_GAP_PX
        index = int(y // (self.page_height_px() + PAGE_GAP_PX))
        if not 0 <= index < self.page_count():
            return None
        within = (y - index * (self.page_height_px() + PAGE_GAP_PX)) / scale - TOP_PT
        left = (self.viewport().width() - self._width_px()) / 2
        x = (point.x() - left) / scale - LEFT_PT
        for line in self.result.pages.pages[index].lines:
            if line.y <= within < line.y + line.height and x >= -LEFT_PT:
                return line
        return None


def render_page(result: PreviewResult, index: int, size: QSize, ratio: float = 1.0) -> QImage:
    """Page ``index`` drawn on a white image of ``size`` (device-independent pixels); any
    thread may call it."""
    pixmap = QImage(size * ratio, QImage.Format.Format_RGB32)  # opaque: a plain copy to screen
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(QColor(palette.PAGE))
    painter = QPainter(pixmap)
    painter.scale(size.width() / PAGE_WIDTH_PT, size.width() / PAGE_WIDTH_PT)
    paint_page(painter, result.pages.pages[index], result.fonts, guides=True)
    painter.end()
    return pixmap


class PreviewPane(QWidget):
    """The 版面预览 panel: a header (pages, fonts, 打印 / 打印预览 / 导出 PDF) over the pages."""

    paragraphActivated = Signal(int)  # the editor's paragraph
    printRequested = Signal()
    printPreviewRequested = Signal()
    pdfRequested = Signal()
    closeRequested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("previewPane")
        self._wanted = -1  # the generation of the last job handed to the worker
        self.pending: Callable[[int], PreviewJob | None] | None = None  # makes the next job
        self.result: PreviewResult | None = None
        self._fonts: dict[str, PageFonts] = {}
        self.follow_editor = True
        self.worker = PreviewWorker()
        self.worker.signals.done.connect(self._on_done)
        self.delay_ms = DELAY_MS  # the bench sets 0: a layout after every result
        self._timer = QTimer(self, singleShot=True, interval=DELAY_MS)
        self._timer.timeout.connect(self._submit)
        self.view = PageView()
        self.view.paragraphActivated.connect(
            lambda clean: self.result and self.paragraphActivated.emit(self.result.editor_paragraph(clean)))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._build_header())
        layout.addWidget(self.view, 1)
        self.setMinimumWidth(200)

    def _build_header(self) -> QWidget:
        header = QWidget()
        header.setObjectName("previewHeader")
        row = QVBoxLayout(header)
        row.setContentsMargins(8, 4, 4, 4)
        row.setSpacing(1)
        top = QHBoxLayout()
        top.setSpacing(2)
        title = QLabel("<b>版面预览</b>")
        title.setToolTip("定稿的样子：与“导出定稿”用同一排版（A4，每页 22 行 × 28 字）；双击一行可跳到原文")
        top.addWidget(title, 1)
        for text, tip, signal in (("打印…", "打印定稿（Ctrl+P）", self.printRequested),
                                  ("打印预览", "打印预览（Ctrl+F2）", self.printPreviewRequested),
                                  ("PDF…", "导出为 PDF 文件", self.pdfRequested)):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setAutoRaise(True)
            button.clicked.connect(signal.emit)
            top.addWidget(button)
        close = QToolButton()
        close.setText("×")
        close.setToolTip("关闭版面预览（F9）")
        close.setAutoRaise(True)
        close.clicked.connect(self.closeRequested.emit)
        top.addWidget(close)
        self.pages_label = QLabel("")
        self.pages_label.setObjectName("previewPages")
        self.fonts_label = QLabel("")
        self.fonts_label.setObjectName("previewFonts")
        self.fonts_label.setWordWrap(True)
        self.fonts_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        small = self.fonts_label.font()
        small.setPointSizeF(max(small.pointSizeF() - 1.5, 7))
        self.fonts_label.setFont(small)
        self.pages_label.setFont(small)
        row.addLayout(top)
        row.addWidget(self.pages_label)
        row.addWidget(self.fonts_label)
        return header

    # ------------------------------------------------------------ updates
    def fonts_for(self, scheme: str) -> PageFonts:
        if scheme not in self._fonts:
            self._fonts[scheme] = page_fonts(scheme)
        return self._fonts[scheme]

    def request(self, job_of: Callable[[int], PreviewJob | None], now: bool = False) -> None:
        """A new result or new options: lay out again ``DELAY_MS`` later (``now``: at once),
        if the preview is shown (else when it shows). ``job_of(generation)`` makes the job
        when the timer fires (from the result current then)."""
        self.pending = job_of
        self._stale = True
        if self.isVisible():
            self._timer.start(0 if now else self.delay_ms)

    _stale = False  # a request came after the last job was handed over

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self._timer.start(0)

    def _submit(self) -> None:
        if self.pending is None:
            return
        job = self.pending(self._wanted + 1)
        if job is None:  # no result describes the text yet: the next one asks again
            return
        count = len(self.result.pages) if self.result is not None and self.result.pages else 0
        job = replace(job, render=self.view.render_wanted(count))
        self._wanted, self._stale = job.generation, False
        if self.result is None:
            self.pages_label.setText("排版中…")  # later updates say nothing: a label that
            # changes its text each keystroke lays the whole window out again
        self.worker.submit(job)

    @property
    def busy(self) -> bool:
        """A layout is due or on its way (tests and the bench wait for it)."""
        shown = self.result.generation if self.result is not None else -1
        return self._timer.isActive() or self._stale or shown != self._wanted

    def _on_done(self, result: PreviewResult) -> None:
        if result.generation != self._wanted:
            return  # a newer job is on its way
        self.result = result
        if result.pages is None:
            self.pages_label.setText(f"无法预览：{result.problem}")
        else:
            self.pages_label.setText(f"共 {len(result.pages)} 页 · A4 · 每页 22 行 × 28 字")
        self.fonts_label.setText(result.fonts.note())
        self.view.show_result(result)

    def follow(self, paragraph: int) -> None:
        """Scroll to where the editor's ``paragraph`` is on the pages."""
        result = self.result
        if not self.follow_editor or result is None or result.pages is None or not self.isVisible():
            return
        where = result.pages.page_of(result.clean_index(paragraph))
        if where is not None:
            self.view.scroll_to(*where)

    def shutdown(self) -> None:
        self._timer.stop()
        self.worker.stop()
