"""Run core calls off the GUI thread and deliver their outcome back on it.

One small helper serves everything: :meth:`TaskRunner.submit` runs a callable on a pool.
Reads run on a shared pool; writes (import, index sync) go through a one-thread pool so
they happen in order. The callable must not touch widgets: it gets a
:class:`TaskContext` to report progress and to ask whether the user cancelled, and what it
returns is handed to ``on_done`` on the GUI thread.

Workers report through one long-lived relay object owned by the runner, never through a
per-task ``QObject``: a per-task object could be garbage-collected on the worker thread,
and a ``QObject`` must not be destroyed outside its own thread.
"""

from __future__ import annotations

import itertools
import logging
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Tells the GUI thread (queued connections) that a task finished or progressed.

    Only ints and strings cross threads in signals. A Python object in a queued
    ``Signal(object)`` has its reference count changed off the GIL by PySide6 6.12, which
    corrupts shared objects such as None and True; results wait in :class:`_Outbox`.
    """

    finished = Signal(int)
    progress = Signal(int, int, int, str)


class _Outbox:
    """Results handed from worker threads to the GUI thread, by task id."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: dict[int, tuple[bool, Any]] = {}

    def put(self, task_id: int, ok: bool, value: Any) -> None:
        with self._lock:
            self._items[task_id] = (ok, value)

    def take(self, task_id: int) -> tuple[bool, Any] | None:
        with self._lock:
            return self._items.pop(task_id, None)


class TaskContext:
    """What a background callable may use: progress reports and the cancel flag."""

    def __init__(self, relay: _Relay, task_id: int) -> None:
        self._relay = relay
        self._id = task_id
        self._cancel = threading.Event()

    def progress(self, done: int, total: int, label: str = "") -> None:
        self._relay.progress.emit(self._id, done, total, label)

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()


@dataclass(slots=True)
class Task:
    """Handle of a submitted callable: lets the GUI ask it to stop."""

    id: int
    context: TaskContext
    on_done: Callable[[Any], None] | None
    on_error: Callable[[str], None] | None
    on_progress: Callable[[int, int, str], None] | None
    runnable: QRunnable | None = None

    def cancel(self) -> None:
        self.context.cancel()

    def cancelled(self) -> bool:
        return self.context.cancelled()


class _Runnable(QRunnable):
    # A QRunnable subclass rather than ``QThreadPool.start(callable)``: PySide6 6.12
    # drops one reference too many to the callable's return value, which eventually
    # deallocates None or a bool and aborts the interpreter.

    def __init__(self, fn: Callable[[TaskContext], Any], context: TaskContext, relay: _Relay,
                 outbox: _Outbox, task_id: int) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python owns it; Qt reads this flag before run()
        self._fn = fn
        self._context = context
        self._relay = relay
        self._outbox = outbox
        self._id = task_id

    def run(self) -> None:
        try:
            result = self._fn(self._context)
        except Exception as exc:
            log.debug("background task failed\n%s", traceback.format_exc())
            message = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            self._outbox.put(self._id, False, message)
        else:
            self._outbox.put(self._id, True, result)
        self._relay.finished.emit(self._id)


class TaskRunner(QObject):
    """Owns the read pool and the one-thread write pool; waited for at shutdown."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reads = QThreadPool(self)
        self._reads.setMaxThreadCount(2)
        self._writes = QThreadPool(self)
        self._writes.setMaxThreadCount(1)  # index and database writes stay ordered
        self._relay = _Relay(self)
        # The relay lives in the GUI thread and so do these slots: the connections are queued.
        self._relay.finished.connect(self._deliver)
        self._relay.progress.connect(self._deliver_progress)
        self._outbox = _Outbox()
        self._ids = itertools.count(1)
        self._live: dict[int, Task] = {}

    def submit(
        self,
        fn: Callable[[TaskContext], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        *,
        write: bool = False,
    ) -> Task:
        task_id = next(self._ids)
        context = TaskContext(self._relay, task_id)
        task = Task(task_id, context, on_done, on_error, on_progress)
        self._live[task_id] = task

        runnable = _Runnable(fn, context, self._relay, self._outbox, task_id)
        task.runnable = runnable  # kept alive until the outcome is delivered
        (self._writes if write else self._reads).start(runnable)
        return task

    def _deliver(self, task_id: int) -> None:
        task = self._live.pop(task_id, None)
        outcome = self._outbox.take(task_id)
        if task is None or outcome is None:
            return
        ok, value = outcome
        if ok:
            if task.on_done is not None:
                task.on_done(value)
        elif task.on_error is not None:
            task.on_error(value)
        else:
            log.warning("background task failed: %s", value)

    def _deliver_progress(self, task_id: int, done: int, total: int, label: str) -> None:
        task = self._live.get(task_id)
        if task is not None and task.on_progress is not None:
            task.on_progress(done, total, label)

    def busy(self) -> bool:
        return bool(self._live)

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Ask running tasks to stop and wait for both pools; True if they finished."""
        for task in list(self._live.values()):
            task.cancel()
        self._reads.clear()
        self._writes.clear()
        ok_reads = self._reads.waitForDone(timeout_ms)
        ok_writes = self._writes.waitForDone(timeout_ms)
        return ok_reads and ok_writes
