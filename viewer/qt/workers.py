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

from PySide6.QtCore import QObject, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Carries outcomes from worker threads to the GUI thread (queued connections)."""

    done = Signal(int, object)
    failed = Signal(int, str)
    progress = Signal(int, int, int, str)


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

    def cancel(self) -> None:
        self.context.cancel()

    def cancelled(self) -> bool:
        return self.context.cancelled()


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
        self._relay.done.connect(self._deliver_done)
        self._relay.failed.connect(self._deliver_failed)
        self._relay.progress.connect(self._deliver_progress)
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
        relay = self._relay

        def work() -> None:
            try:
                result = fn(context)
            except Exception as exc:
                log.debug("background task failed\n%s", traceback.format_exc())
                relay.failed.emit(task_id, f"{type(exc).__name__}: {exc}" if str(exc)
                                  else type(exc).__name__)
            else:
                relay.done.emit(task_id, result)

        (self._writes if write else self._reads).start(work)
        return task

    def _deliver_done(self, task_id: int, result: object) -> None:
        task = self._live.pop(task_id, None)
        if task is not None and task.on_done is not None:
            task.on_done(result)

    def _deliver_failed(self, task_id: int, message: str) -> None:
        task = self._live.pop(task_id, None)
        if task is not None and task.on_error is not None:
            task.on_error(message)
        else:
            log.warning("background task failed: %s", message)

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
