"""Building a whole index in two processes, started safely from any thread.

All writers write plain (not compound) segment files: Whoosh copies each part of a
compound file into memory when it opens it, which at 50k documents cost hundreds of
megabytes per open reader; plain files are memory-mapped and shared instead.

Analysis and posting writing are pure Python, so a second process nearly doubles build
throughput on two cores. Whoosh's multiprocess writer does the work (each process
writes its own segment; no final merge, which would cost as much again), but it forks,
and forking a program with other threads running (the window's) can deadlock the child
on a lock some other thread held. These subclasses start the workers with 'spawn'
instead: a fresh interpreter that only imports what the work needs.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import queue
from typing import Any

from whoosh import index as windex
from whoosh.codec.whoosh3 import W3Codec
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.util import random_name
from whoosh.writing import SegmentWriter

from viewer.search.bulkwrite import BulkSegmentWriter

PARALLEL_BUILD_MIN = 1000  # documents; below this, starting workers costs more than it saves
BUILD_PROCS = 2


class WorkerDied(RuntimeError):
    """A parallel build lost a worker; the caller builds again in one process."""


class _SpawnedSubWriter(SubWriterTask):
    @staticmethod
    def _Popen(process_obj: Any) -> Any:
        return multiprocessing.get_context("spawn").Process._Popen(process_obj)

    def run(self) -> None:
        # Whoosh's loop with a BulkSegmentWriter in place of its SegmentWriter; each
        # worker finishes a segment of its own (the writer is always multisegment).
        ix = self.storage.open_index(self.indexname)
        writer = self.writer = BulkSegmentWriter(ix, _lk=False, **self.kwargs)
        parent = multiprocessing.parent_process()
        while self.running:
            try:
                jobinfo = self.jobqueue.get(timeout=1.0)
            except queue.Empty:
                # A parent killed outright never sends the last job: don't wait forever.
                # Its half-built directory is removed later, so leave the files alone.
                if parent is not None and not parent.is_alive():
                    return
                continue
            if jobinfo is None:
                break
            self._process_file(*jobinfo)
        if not self.running:
            writer.cancel()
            return
        fieldnames = writer.pool.fieldnames
        segment = writer._finalize_segment()
        self.resultqueue.put((None, fieldnames, segment), timeout=5)


class SpawningMpWriter(MpWriter):
    def __init__(self, ix: windex.FileIndex, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        # Queues shared with spawned workers must come from the same context.
        spawn = multiprocessing.get_context("spawn")
        self.jobqueue = spawn.Queue(self.procs * 4)
        self.resultqueue = spawn.Queue()

    def _enqueue(self) -> None:
        # Whoosh's version blocks forever on a full queue if a worker has died; wait in
        # slices and give up when one has.
        docbuffer = list(getattr(self, "docbuffer", ()))
        self.docbuffer: list[Any] = []
        filename = f"{random_name()}.doclist"
        with self.temp_storage().create_file(filename).raw_file() as f:
            for item in docbuffer:
                pickle.dump(item, f, 2)
        if len(self.tasks) < self.procs:
            self._new_task()
        while True:
            try:
                self.jobqueue.put((filename, len(docbuffer)), timeout=1.0)
                return
            except queue.Full:
                if not all(task.is_alive() for task in self.tasks):
                    raise WorkerDied("an indexing worker process stopped") from None

    def cancel(self) -> None:
        # Whoosh's cancel only flags its own copies of the worker objects, which the
        # worker processes never see: they would index on, then fail on the files the
        # caller deletes. Stop them outright; a cancelled build is thrown away.
        for task in self.tasks:
            if task.is_alive():
                task.terminate()
        for task in self.tasks:
            task.join(timeout=5.0)
        SegmentWriter.cancel(self)

    def _new_task(self) -> Any:
        task = _SpawnedSubWriter(self.storage, self.indexname, self.jobqueue,
                                 self.resultqueue, self.subargs, self.multisegment)
        self.tasks.append(task)
        task.start()
        return task


LARGE_SEGMENT_DOCS = 1000


class SmallSegmentCodec(W3Codec):
    """The segment format of incremental writes.

    Their posting blocks are not zlib-compressed: in a segment of a few hundred documents
    most terms have a handful of postings, and compressing each tiny block was a third of
    the time of adding 100 documents. A segment that will hold many documents (a merge,
    a big batch) is marked ``large`` by the merge policy before it is written, and is
    compressed like a bulk build's: uncompressed, large segments were three times the size.
    """

    def __init__(self) -> None:
        super().__init__(compression=0)
        self.large = False

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> Any:
        self._compression = 3 if self.large else 0
        return super().postings_writer(dbfile, byteids=byteids)


def small_segment_codec() -> SmallSegmentCodec:
    return SmallSegmentCodec()


def incremental_writer(ix: windex.FileIndex) -> BulkSegmentWriter:
    """A writer for a batch of added, changed and removed documents.

    Waits a few seconds for another writer; a merge it decides on goes through Whoosh's
    own (slower, general) path of the same writer.
    """
    return BulkSegmentWriter(ix, timeout=5.0, compound=False, codec=small_segment_codec())


def bulk_writer(ix: windex.FileIndex, count: int, parallel: bool = True) -> Any:
    """A writer for ``count`` new documents: parallel when that pays off."""
    if parallel and count >= PARALLEL_BUILD_MIN and (os.cpu_count() or 1) >= 2:
        try:
            return SpawningMpWriter(ix, procs=BUILD_PROCS, multisegment=True, limitmb=64,
                                    compound=False)
        except Exception:  # no multiprocessing here: one process still works
            pass
    return BulkSegmentWriter(ix, limitmb=128, compound=False)
