"""Benchmark the user-data store at archive scale: 10,000 annotations over 5,000 documents.

Reports, as median (and worst) of several runs:
  * listing and filtering annotations for the Annotations panel (target: panel < 200 ms);
  * loading and anchoring the 200 annotations of one document, with its text unchanged and
    with its text re-cleaned (whitespace/quotes changed, so anchors take the fuzzy path)
    (target: opening a document < 100 ms);
  * the latency of one saved user action (one transaction, synchronous=FULL).

Document texts are the bundled releases (repeated/concatenated to reach the sizes needed).
Usage: python bench/annotations_bench.py [--annotations N] [--documents M] [--runs R]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from viewer.paths import DataPaths, bundled_corpus_dir
from viewer.userdata import COLORS, UserStore

TAGS = ["abductions", "UN", "follow-up", "sanctions", "refugees", "COI", "quote", "check", "Geneva", "Seoul"]
WORDS = ["rapporteur", "resolution", "detention", "families", "commission", "briefing", "roadmap",
         "testimony", "accountability", "cooperation"]


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float, object]:
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), max(times), result


def corpus_texts() -> list[str]:
    files = sorted(bundled_corpus_dir().glob("*.txt"))
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in files]
    if not texts:
        sys.exit(f"no bundled releases found in {bundled_corpus_dir()}")
    return texts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--annotations", type=int, default=10_000)
    ap.add_argument("--documents", type=int, default=5_000)
    ap.add_argument("--per-doc", type=int, default=200, help="annotations on the document opened")
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(6)
    texts = corpus_texts()
    big = "\n\n".join(texts)  # the heavily annotated document: all releases in one text

    with tempfile.TemporaryDirectory() as tmp:
        store = UserStore.open(DataPaths(Path(tmp)), backup=False)
        t0 = time.perf_counter()
        with store.transaction():  # set-up only; real use commits each action on its own
            for i in range(args.per_doc):
                start = rng.randrange(0, len(big) - 80)
                store.add_annotation("big-doc", big, start, start + rng.randint(5, 60),
                                     color=rng.choice(COLORS), note=f"note {rng.choice(WORDS)} {i}",
                                     tags=rng.sample(TAGS, rng.randint(0, 3)))
            for i in range(args.annotations - args.per_doc):
                body = texts[i % len(texts)]
                start = rng.randrange(0, len(body) - 80)
                store.add_annotation(f"doc-{i % (args.documents - 1):05d}", body, start,
                                     start + rng.randint(5, 60), color=rng.choice(COLORS),
                                     note=f"{rng.choice(WORDS)} {rng.choice(WORDS)} {i}" if i % 3 else "",
                                     tags=rng.sample(TAGS, rng.randint(0, 3)))
        setup = time.perf_counter() - t0
        counts = store.annotation_counts()
        print(f"store: {sum(counts.values())} annotations over {len(counts)} documents "
              f"(created in {setup:.1f} s in one transaction)")
        print(f"{'operation':<58} {'median ms':>10} {'max ms':>8} {'rows':>6}")

        def row(label: str, fn: Callable[[], object]) -> None:
            med, worst, result = timed(fn, args.runs)
            n = len(result) if isinstance(result, list | dict) else ""
            print(f"{label:<58} {med:>10.1f} {worst:>8.1f} {n!s:>6}")

        row("panel: list all annotations", store.list_annotations)
        row("panel: filter by text 'rapporteur'", lambda: store.list_annotations(text="rapporteur"))
        row("panel: filter by text, two words", lambda: store.list_annotations(text="note famil"))
        row("panel: filter by tag 'UN'", lambda: store.list_annotations(tag="UN"))
        row("panel: filter by colour 'blue'", lambda: store.list_annotations(color="blue"))
        row("panel: filter by document", lambda: store.list_annotations(doc_id="doc-00042"))
        row("panel: tag + colour + text", lambda: store.list_annotations(text="co", tag="UN", color="pink"))
        row("panel: all_tags()", store.all_tags)
        row("lazy panel: annotation_ids() of all", store.annotation_ids)
        row("lazy panel: annotation_ids(text='rapporteur')", lambda: store.annotation_ids(text="rapporteur"))
        ids = store.annotation_ids()
        row("lazy panel: annotations_by_ids(100 visible rows)", lambda: store.annotations_by_ids(ids[:100]))
        row("list: annotation_counts()", store.annotation_counts)
        row("index: all_user_facts()", store.all_user_facts)
        row(f"open doc: anchor {args.per_doc} annotations, text unchanged",
            lambda: store.anchored_annotations("big-doc", big))
        recleaned = "Re-imported\n\n" + big.replace("  ", " ").replace("\u201c", '"').replace("\u201d", '"')
        recleaned = recleaned.replace(", ", " , ")
        placed = store.anchored_annotations("big-doc", recleaned)
        row(f"open doc: anchor {args.per_doc} annotations, text re-cleaned",
            lambda: store.anchored_annotations("big-doc", recleaned))
        print(f"  re-cleaned text: {sum(not p.detached for p in placed)}/{len(placed)} re-attached")

        def one_action() -> None:
            store.set_starred(f"doc-{rng.randrange(args.documents):05d}", True)

        row("one saved action (set_starred, own transaction)", one_action)
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
