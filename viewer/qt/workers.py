"""Run core calls off the GUI thread and deliver their outcome back on it.

One small helper serves everything: :meth:`TaskRunner.submit` wraps a callable in a
:class:`Task` (a ``QRunnable`` with signals). Reads run on a shared pool; writes (import,
index sync) go through a one-thread pool so they happen in order. The callable must not
touch widgets: it gets a :class:`TaskContext` to report progress and to ask whether the user
cancelled, and everything it returns is handed to ``on_done`` on the GUI thread.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class TaskSignals(QObject):
    """Signals of one task; they cross threads as queued connections.

    Signals:
        done(object): the callable's return value.
        failed(str): a one-line error message (the traceback goes to the log).
        progress(int, int, str): done, total and a label.
    """

    done = Signal(object)
    failed = Signal(str)
    progress = Signal(int, int, str)


class TaskContext:
    """What a background callable may use: progress reports and the cancel flag."""

    def __init__(self, signals: TaskSignals) -> None:
        self._signals = signals
        self._cancel = threading.Event()

    def progress(self, done: int, total: int, label: str = "") -> None:
        self._signals.progress.emit(done, total, label)

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()


class Task(QRunnable):
    """A callable ``fn(ctx)`` run on a pool; see :class:`TaskSignals`."""

    def __init__(self, fn: Callable[[TaskContext], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the runner keeps a reference until the outcome is delivered
        self.signals = TaskSignals()
        self.context = TaskContext(self.signals)
        self._fn = fn

    def cancel(self) -> None:
        self.context.cancel()

    def run(self) -> None:
        try:
            result = self._fn(self.context)
        except Exception as exc:
            log.debug("background task failed\n%s", traceback.format_exc())
            self.signals.failed.emit(f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__)
        else:
            self.signals.done.emit(result)


class TaskRunner(QObject):
    """Owns the read pool and the one-thread write pool; waited for at shutdown."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reads = QThreadPool(self)
        self._reads.setMaxThreadCount(2)
        self._writes = QThreadPool(self)
        self._writes.setMaxThreadCount(1)  # index and database writes stay ordered
        self._live: dict[Task, _Delivery] = {}

    def submit(
        self,
        fn: Callable[[TaskContext], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        *,
        write: bool = False,
    ) -> Task:
        task = Task(fn)
        delivery = _Delivery(self, task, on_done, on_error, on_progress)
        self._live[task] = delivery
        (self._writes if write else self._reads).start(task)
        return task

    def _forget(self, task: Task) -> None:
        delivery = self._live.pop(task, None)
        if delivery is not None:
            delivery.deleteLater()

    def busy(self) -> bool:
        return bool(self._live)

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Ask running tasks to stop and wait for both pools; True if they finished."""
        for task in list(self._live):
            task.cancel()
        self._reads.clear()
        self._writes.clear()
        ok_reads = self._reads.waitForDone(timeout_ms)
        ok_writes = self._writes.waitForDone(timeout_ms)
        return ok_reads and ok_writes


class _Delivery(QObject):
    """Receives a task's signals in the GUI thread.

    Connecting the signals to bound slots of an object that lives in the GUI thread makes
    them queued connections; a bare lambda would run the callback in the worker thread.
    """

    def __init__(
        self,
        runner: TaskRunner,
        task: Task,
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[str], None] | None,
        on_progress: Callable[[int, int, str], None] | None,
    ) -> None:
        super().__init__(runner)
        self._runner = runner
        self._task = task
        self._on_done = on_done
        self._on_error = on_error
        self._on_progress = on_progress
        task.signals.done.connect(self.deliver_done)
        task.signals.failed.connect(self.deliver_failed)
        task.signals.progress.connect(self.deliver_progress)

    def deliver_done(self, result: object) -> None:
        self._runner._forget(self._task)
        if self._on_done is not None:
            self._on_done(result)

    def deliver_failed(self, message: str) -> None:
        self._runner._forget(self._task)
        if self._on_error is not None:
            self._on_error(message)
        else:
            log.warning("background task failed: %s", message)

    def deliver_progress(self, done: int, total: int, label: str) -> None:
        if self._on_progress is not None:
            self._on_progress(done, total, label)
