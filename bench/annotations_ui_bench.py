"""Benchmark the annotations UI at archive scale (offscreen Qt): 10,000 annotations, 5,000 releases.

Measures, as median (and worst) of several runs:
  * the Annotations panel opening: id query, model fill and the first paint of the list
    (target < 200 ms);
  * a filter change (text, tag, colour) including the repaint (target < 200 ms);
  * opening a release carrying 200 annotations in the real window: layout, entities,
    anchoring the annotations and painting their layers (target < 100 ms), and the
    annotations' own share (anchoring + layer paint).

The store is filled directly in a temporary data directory. The panel's 5,000 releases are
cheap stand-ins (a title, a date and a bundled release's text to anchor against) given
to the panel through its document-lookup callbacks; the opened release is a real import
of the bundled releases' texts joined into one long text.
Usage: QT_QPA_PLATFORM=offscreen python bench/annotations_ui_bench.py [--runs R]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from viewer.paths import DataPaths, bundled_corpus_dir
from viewer.qt.annotations.panel import AnnotationsPanel
from viewer.qt.app import application, create_window
from viewer.userdata import COLORS, UserStore

TAGS = ["abductions", "UN", "follow-up", "sanctions", "refugees", "COI", "quote", "check", "Geneva", "Seoul"]
WORDS = ["rapporteur", "resolution", "detention", "families", "commission", "briefing", "roadmap",
         "testimony", "accountability", "cooperation"]


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), max(times)


def corpus_texts() -> list[str]:
    files = sorted(bundled_corpus_dir().glob("*.txt"))
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in files]
    if not texts:
        sys.exit(f"no bundled releases found in {bundled_corpus_dir()}")
    return texts


def fill(store: UserStore, texts: list[str], annotations: int, documents: int, rng: random.Random) -> None:
    with store.transaction():  # set-up only; the window commits each action on its own
        for i in range(annotations):
            body = texts[i % len(texts)]
            start = rng.randrange(0, len(body) - 80)
            store.add_annotation(f"doc-{i % documents:05d}", body, start, start + rng.randint(5, 60),
                                 color=rng.choice(COLORS),
                                 note=f"{rng.choice(WORDS)} {rng.choice(WORDS)} {i}" if i % 3 else "",
                                 tags=rng.sample(TAGS, rng.randint(0, 3)))


def bench_panel(app: QApplication, args: argparse.Namespace, texts: list[str], rows: list[tuple]) -> None:
    rng = random.Random(6)
    with tempfile.TemporaryDirectory() as tmp:
        store = UserStore.open(DataPaths(Path(tmp)), backup=False)
        fill(store, texts, args.annotations, args.documents, rng)
        info = {f"doc-{i:05d}": (f"Release {i} on human rights in North Korea",
                                 f"20{10 + i % 15}-0{1 + i % 9}-1{i % 9}")
                for i in range(args.documents)}
        body_of = {d: texts[int(d[4:]) % len(texts)] for d in info}
        cache: dict[str, frozenset[str]] = {}

        def detached(doc_id: str) -> frozenset[str]:
            if doc_id not in cache:
                placed = store.anchored_annotations(doc_id, body_of[doc_id])
                cache[doc_id] = frozenset(p.annotation.id for p in placed if p.detached)
            return cache[doc_id]

        def open_panel() -> AnnotationsPanel:
            cache.clear()
            panel = AnnotationsPanel(store, info.get, detached)
            panel.resize(320, 700)
            panel.reload()
            panel.grab()  # the first paint: visible rows loaded, anchored and drawn
            return panel

        med, worst = timed(open_panel, args.runs)
        rows.append((f"panel open: {args.annotations:,} annotations, fill + first paint", med, worst, 200))
        panel = open_panel()
        panel.show()
        app.processEvents()

        def change(**kw: str) -> Callable[[], None]:
            def run() -> None:
                panel.set_filter(**kw)
                panel.grab()
            return run

        for label, kw in (("text 'rapporteur'", {"text": "rapporteur"}),
                          ("tag 'UN'", {"text": "", "tag": "UN"}),
                          ("colour 'blue' + tag", {"color": "blue"}),
                          ("back to all", {"tag": "", "color": ""})):
            med, worst = timed(change(**kw), args.runs)
            rows.append((f"panel filter: {label} ({panel.model.rowCount():,} rows)", med, worst, 200))
        panel.close()
        panel.deleteLater()
        store.close()


def bench_open(app: QApplication, args: argparse.Namespace, texts: list[str], rows: list[tuple]) -> None:
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        window = create_window(Path(tmp) / "archive", settings_path=Path(tmp) / "gui.ini", theme="light")
        window.resize(1366, 768)
        window.show()
        services = window.services
        # A long release: the bundled releases' cleaned bodies, twice over, under one heading.
        bodies = [services.library.document(d).body for d in services.library.ids()]
        src = Path(tmp) / "long_release.txt"
        src.write_text("Long release for the benchmark\n\nMarch 3, 2024\n\n" + "\n\n".join(bodies * 2),
                       encoding="utf-8")
        report = services.library.import_paths([src])
        [outcome] = report.added
        doc_id = outcome.doc_id
        body = services.library.document(doc_id).body
        store = services.userdata
        with store.transaction():
            for i in range(args.per_doc):
                start = rng.randrange(0, len(body) - 80)
                store.add_annotation(doc_id, body, start, start + rng.randint(5, 60),
                                     color=rng.choice(COLORS), note=f"note {i}",
                                     tags=rng.sample(TAGS, rng.randint(0, 2)))
        window.model.set_summaries(services.library.summaries())
        other = next(d for d in window.model.ids() if d != doc_id)
        ctl = window.annotations

        def open_it() -> None:
            window.open_document(other)
            t0 = time.perf_counter()
            window.open_document(doc_id)
            window.reader.view.viewport().grab()
            opened.append((time.perf_counter() - t0) * 1000)

        opened: list[float] = []
        for _ in range(args.runs):
            open_it()
        rows.append((f"open release with {len(ctl.anchors())} annotations ({len(body):,} chars), "
                     "incl. first paint", statistics.median(opened), max(opened), 100))
        med, worst = timed(ctl.repaint, args.runs)
        rows.append(("after an edit: re-anchor 200 annotations + repaint the release", med, worst, 100))
        window.close()
        services.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--annotations", type=int, default=10_000)
    ap.add_argument("--documents", type=int, default=5_000)
    ap.add_argument("--per-doc", type=int, default=200)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    app = application()
    texts = corpus_texts()
    rows: list[tuple] = []
    bench_panel(app, args, texts, rows)
    bench_open(app, args, texts, rows)
    print(f"{'measure':<72} {'median ms':>9} {'max ms':>8} {'target':>7}")
    ok = True
    for label, med, worst, target in rows:
        flag = "" if med < target else "  OVER"
        ok = ok and med < target
        print(f"{label:<72} {med:>9.1f} {worst:>8.1f} {target:>6} {flag}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
