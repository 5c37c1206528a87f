"""Start the editor: ``run(file=None, selftest=False) -> exit code``.

``gongwen`` opens the last session's document (or a new draft from the default checklist's
skeleton); ``gongwen FILE`` opens FILE; ``gongwen --selftest`` starts the window offscreen,
checks the built-in sample including the jieba rules, prints one line and exits 0 (1 on
failure).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

SAMPLE = "samples/ideology-summary-sample.txt"
OWN_TRANSLATION = "gongwen_zh_CN"  # resources/translations: overrides of Qt's Chinese
SELFTEST_TIMEOUT_S = 60


def sample_path() -> Path:
    from .. import paths

    return paths.builtin_resources() / SAMPLE


def make_application(argv: list[str] | None = None):
    """The QApplication with Qt's own Chinese translations and the stylesheet installed."""
    from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
    from PySide6.QtWidgets import QApplication

    from .. import paths

    if sys.platform.startswith("linux"):
        # Qt's own file dialogs speak Chinese (our translations); a desktop's native dialog
        # follows the desktop's language, often English on these PCs
        QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName("gongwen")
    app.setApplicationDisplayName("公文审稿台")
    app.setOrganizationName("gongwen")
    if not getattr(app, "_gongwen_translators", None):
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        translators = []
        own = str(paths.builtin_resources() / "translations")
        # the last installed is asked first: ours (撤销 where Qt has another word…) overrides Qt's own
        for name, where in (("qtbase_zh_CN", folder), ("qt_zh_CN", folder), (OWN_TRANSLATION, own)):
            translator = QTranslator(app)
            if translator.load(name, where):
                app.installTranslator(translator)
                translators.append(translator)
        app._gongwen_translators = translators
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        app.setStyleSheet(load_stylesheet())
        set_ui_font(app)
    return app


UI_FONTS = ("Microsoft YaHei UI", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC",
            "WenQuanYi Micro Hei")


def set_ui_font(app) -> None:
    """A CJK sans-serif for menus and panels (Qt's default may fall back to a 楷体)."""
    from PySide6.QtGui import QFontDatabase

    available = set(QFontDatabase.families())
    family = next((f for f in UI_FONTS if f in available), None)
    if family:
        font = app.font()
        font.setFamily(family)
        font.setPointSize(max(font.pointSize(), 10))
        app.setFont(font)


def load_stylesheet() -> str:
    from .. import paths

    try:
        return (paths.builtin_resources() / "style.qss").read_text(encoding="utf-8")
    except (OSError, FileNotFoundError):
        return ""


def create_window(persist: bool = True, wait: bool = True):
    """The settings loaded; the window built (not shown). ``wait``: the audit service is
    loaded first, and SetupError raised when the built-in checklists are broken (a damaged
    install); else the window is built without it (a PendingService: it loads with the
    first audit, off the UI thread) and says a SetupError as ``serviceFailed``."""
    from PySide6.QtCore import QTimer

    from . import dialogs
    from .main_window import MainWindow
    from .pending_service import PendingService
    from .settings import Settings, load_settings_checked

    service = PendingService()
    if wait:
        service = service.resolve()
    settings, notices = load_settings_checked() if persist else (Settings(), [])
    window = MainWindow(service, settings, persist=persist)
    if wait:
        window.panel.show_problems(service.warnings)
    if notices:  # said once the window shows; the good values are kept, the rest defaulted
        QTimer.singleShot(0, window, lambda: dialogs.show_notice(window, "设置已部分恢复默认",
                                                                  "\n".join(notices)))
    return window


def open_initial(window, file: str | None) -> None:
    last = window.settings.last_file
    if file:
        if not window.files.open_file(file):
            window.files.new_draft()
    elif last and Path(last).is_file() and window.files.open_file(last):
        pass
    else:
        window.files.new_draft()


def run(file: str | None = None, selftest: bool = False) -> int:
    if selftest:
        return run_selftest()
    if not qt_can_start():
        return 2
    app = make_application()
    # the window takes typing before the checklists load; a file to open (or the last one)
    # needs no checklist to show, a new draft needs its skeleton: then it waits
    window = start_window(wait=not (file or _last_file_exists()))
    if window is None:
        return 2
    window.serviceFailed.connect(lambda message: (cannot_start(message), app.exit(2)))
    window.show()
    warn_without_cjk_font(window)
    start_cleanup(window.settings)
    open_initial(window, file)
    window.start()
    from .recovery import offer_recovery

    offer_recovery(window)  # drafts left by a crash: 恢复 / 另存为… / 丢弃
    if os.environ.get("GONGWEN_BENCH_STARTUP"):
        bench_startup_hook(app, window)
    return app.exec()


def start_window(wait: bool):
    """The window; None when a damaged install stops it (said in a message box). Without
    ``wait`` the service, and so SetupError, is not even imported before the window shows."""
    if not wait:
        return create_window(wait=False)
    from ..service import SetupError

    try:
        return create_window()
    except SetupError as error:
        cannot_start(str(error))
        return None


def cannot_start(message: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(None, "公文审稿台无法启动", message)


def _last_file_exists() -> bool:
    from .settings import load_settings_checked

    last = load_settings_checked()[0].last_file
    return bool(last) and Path(last).is_file()


def qt_can_start() -> bool:
    """On Linux, the system libraries Qt needs are there; else the missing packages and
    the apt-get command are printed (not Qt's "could not load the Qt platform plugin")."""
    from .qt_runtime import check

    problem = check()
    if problem:
        print(problem, file=sys.stderr)
    return problem is None


def warn_without_cjk_font(window) -> None:
    """No Chinese font on this Linux machine: the package to install, on stderr and in a
    message box (its buttons may be boxes too, but the command is ASCII)."""
    from PySide6.QtGui import QFontDatabase

    from .qt_runtime import cjk_font_advice

    advice = cjk_font_advice(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
    if advice:
        print(advice, file=sys.stderr)
        from . import dialogs

        dialogs.show_error(window, "缺少中文字体", advice)


def start_cleanup(settings) -> None:
    """Remove, on a background thread (a recent file may sit on a stalled share), the
    temporary files a crash during a save left beside the files saved recently and in the
    app's own folders (``fileio.atomic.remove_stale_temps``)."""
    import threading

    from .. import paths
    from ..fileio.atomic import remove_stale_temps
    from .autosave import autosave_folder

    files = [Path(p) for p in [*settings.recent, settings.last_file] if p]
    data = paths.data_dir()
    folders = [paths.config_dir(), data, autosave_folder(), data / "documents", data / paths.BACKUP_FOLDER]
    threading.Thread(target=remove_stale_temps, args=(files, folders), name="gongwen-cleanup",
                     daemon=True).start()


def bench_startup_hook(app, window) -> None:
    """BENCH HOOK (tests/bench/probes.py, GONGWEN_BENCH_STARTUP=1): print the wall-clock
    time when the event loop first runs with the window shown and editable, and when the
    first checklist with the jieba rules arrives; then leave without saving anything."""
    from PySide6.QtCore import QTimer

    def stamp(what: str) -> None:
        print(f"BENCH {what} {time.time():.6f}", flush=True)

    def on_report(result) -> None:
        if not result.report.pending:
            stamp("checklist")
            app.exit(0)

    QTimer.singleShot(0, lambda: stamp("editable" if window.editor.isVisible()
                                       and not window.editor.isReadOnly() else "not-editable"))
    window.live.reportReady.connect(on_report)


def run_selftest() -> int:
    began = time.perf_counter()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if not qt_can_start():
        return 1
    quiet_offscreen_warnings()
    try:
        app = make_application()
        window = create_window(persist=False)
        window.show()
        window.load_text(sample_path().read_text(encoding="utf-8"))
        window.start()
        result = wait_for_full_report(app, window)
    except Exception as error:
        print(f"自检失败：{type(error).__name__}: {error}", file=sys.stderr)
        return 1
    ok = result is not None and result.report.sections and result.report.findings
    window.editor.document().setModified(False)
    window.close()
    if not ok:
        print("自检失败：样稿检查没有在限定时间内完成", file=sys.stderr)
        return 1
    report = result.report
    from ..core.model import Severity

    print(f"自检通过：窗口已启动，样稿检查完成（清单：{report.checklist_name}，"
          f"错误 {report.count(Severity.ERROR)} · 警告 {report.count(Severity.WARNING)}，"
          f"分词词典已加载），用时 {time.perf_counter() - began:.1f} 秒")
    return 0


def quiet_offscreen_warnings() -> None:
    """The offscreen platform warns about window hints it cannot honour; keep the rest."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(_kind, _context, message: str) -> None:
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def wait_for_full_report(app, window, timeout: float = SELFTEST_TIMEOUT_S):
    """Process events until a current report with no pending (jieba) rules arrives."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        app.processEvents()
        result = window.current_result()
        if result is not None and not result.report.pending and not window.live.busy:
            return result
        time.sleep(0.01)
    return None
