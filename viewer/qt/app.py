"""The composition root of the window: QApplication, theme, services, main window.

Services are opened once here and handed to the window; the window shows before the
search index is brought up to date (that continues in the background).
"""

from __future__ import annotations

import logging
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QDir, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from viewer import __version__
from viewer.paths import APP_NAME, resources_dir
from viewer.qt.main_window import MainWindow
from viewer.qt.settings import WindowSettings
from viewer.qt.theme import THEME_MODES, ThemeManager, ThemeMode

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Screenshot:
    """Take one picture of the window and quit (docs and visual checks)."""

    path: Path
    width: int = 1366
    height: int = 768
    theme: ThemeMode = "light"
    query: str = ""
    document: str | None = None  # doc id to open; default: the first in the list


def application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setApplicationName(APP_NAME)
    QGuiApplication.setApplicationDisplayName("Archive Viewer")
    QGuiApplication.setApplicationVersion(__version__)
    QGuiApplication.setOrganizationName(APP_NAME)
    QGuiApplication.setDesktopFileName(APP_NAME)
    app = QApplication(argv if argv is not None else sys.argv[:1])
    QDir.addSearchPath("icons", str(resources_dir() / "icons"))
    app.setWindowIcon(QIcon("icons:app.svg"))
    return app


def create_window(data_dir: str | Path | None, settings_path: Path | None = None,
                  theme: ThemeMode | None = None) -> MainWindow:
    """Build services and the window (not shown); for the program and for tests."""
    from viewer.services import open_services

    # Background threads (import, indexing, search) are pure Python and share the GIL with
    # the GUI thread; a shorter switch interval lets the GUI thread in sooner (default 5 ms).
    sys.setswitchinterval(0.001)
    app = application()
    settings = WindowSettings(settings_path)
    saved = settings.text("theme", "system")
    mode: ThemeMode = theme or (saved if saved in THEME_MODES else "system")
    themes = ThemeManager(app, mode)
    services = open_services(data_dir)
    try:
        return MainWindow(services, settings, themes)
    except Exception:
        services.close()
        raise


def _report(screenshot: Screenshot | None, message: str) -> None:
    if screenshot is None:
        QMessageBox.critical(None, "Archive Viewer", message)
    else:
        print(f"archive-viewer: {message}", file=sys.stderr)


def run(data_dir: str | Path | None, screenshot: Screenshot | None = None) -> int:
    from viewer.paths import DataPaths
    from viewer.userdata import InstanceLock, InstanceLockedError

    started = time.perf_counter()
    app = application()
    # One window per archive: two would each keep their own view of notes and layout.
    lock = InstanceLock(DataPaths.resolve(data_dir).ensure().lock_file)
    try:
        lock.acquire()
    except InstanceLockedError as exc:
        _report(screenshot, str(exc))
        return 1
    try:
        return _run_locked(app, data_dir, screenshot, started)
    finally:
        lock.release()


def _run_locked(app: QApplication, data_dir: str | Path | None, screenshot: Screenshot | None,
                started: float) -> int:
    settings_path = None
    if screenshot is not None:
        # A picture must not depend on (or change) the user's saved layout.
        settings_path = screenshot.path.with_suffix(".ini")
        settings_path.unlink(missing_ok=True)
    try:
        window = create_window(data_dir, settings_path, screenshot.theme if screenshot else None)
    except Exception as exc:  # e.g. an unreadable or read-only data directory
        log.exception("cannot open the archive")
        _report(screenshot, f"The archive cannot be opened.\n\n{exc}")
        return 1
    if screenshot is not None:
        window.resize(screenshot.width, screenshot.height)
    window.show()
    log.info("window shown after %.0f ms", (time.perf_counter() - started) * 1000)
    QTimer.singleShot(0, window.start)
    if screenshot is not None:
        _arrange_screenshot(window, screenshot)
    try:
        return int(app.exec())
    finally:
        window.runner.shutdown()
        window.services.close()
        if settings_path is not None:
            settings_path.unlink(missing_ok=True)


def _arrange_screenshot(window: MainWindow, shot: Screenshot) -> None:
    done = False

    def after_index() -> None:
        window.search_finished.connect(on_search)
        if shot.query:
            window.search_bar.set_query(shot.query)
        else:
            window.search_bar.set_query("")

    def on_search(generation: int) -> None:
        if generation == window.last_generation() and not done:
            QTimer.singleShot(300, grab)

    def grab() -> None:
        nonlocal done
        if done:
            return
        done = True
        target = shot.document or window.model.doc_id(0)
        if target:
            window.open_document(target)
        QApplication.processEvents()
        shot.path.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(shot.path))
        print(f"saved {shot.path}")
        window.close()

    window.index_ready.connect(after_index)
