"""Search benchmark: the Whoosh index as the app uses it vs. a plain SQLite FTS5 index.

Not a test. Generates press-release-like documents from a fixed seed (English prose with
a Zipf word distribution, names, dates, publishers and some Hangul), then measures each
engine in its own subprocess so memory peaks do not mix: build throughput, incremental
add of 100 documents, cold open + first query, p50/p95 over a fixed query mix returning
the top 20 with snippets, index size and peak RSS.

    python bench/search_bench.py                 # 1k, 10k and 50k, table + bench/results/
    python bench/search_bench.py --docs 10000 --json   # one size, one JSON object
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SEED = 20240216
RESULTS_DIR = ROOT / "bench" / "results"

DOMAIN_TEXT = """
human rights north korea korean south envoy special consultation consultations ministry
unification foreign affairs cooperation accountability detainees abductees defectors
families separated international community united nations council resolution report
roadmap briefing seoul washington geneva dialogue meeting vice minister director general
ambassador delegation discussed agreed emphasized pledged requested plan support
information access residents regime violations situation policy strategy peninsula
security sanctions humanitarian assistance commission inquiry rapporteur session
statement press release government officials bilateral trilateral partners japan state
department assessment improvement freedom expression religion forced labor prison camps
repatriation refugees protection children women health food
"""
DOMAIN = DOMAIN_TEXT.split()

NAMES = ["Julie Turner", "Robert King", "Elizabeth Salmón", "Kim Yong-hyon", "Lee Jun-il",
         "Chun Young Hee", "Kim Hong-kyun", "Tomás Ojea Quintana", "Park Jin", "Cho Tae-yong",
         "Linda Thomas-Greenfield", "Volker Türk", "Yoon Suk Yeol", "Kim Soo-kyung"]
PUBLISHERS = ["Ministry of Foreign Affairs", "Ministry of Unification", "U.S. Department of State",
              "OHCHR", "U.S. Embassy Seoul"]
HANGUL = ["통일부는 북한인권 보고서를 발간했다", "외교부 대변인 정례브리핑", "북한이탈주민 지원 정책",
          "남북관계 발전을 위한 협의", "국제사회와 긴밀히 협력해 나갈 것"]


def _vocabulary(rng: random.Random) -> list[str]:
    syll = ["ra", "ne", "so", "ti", "ka", "lo", "mi", "du", "ve", "sa", "po", "le", "tor",
            "man", "ist", "ion", "ate", "ent", "al", "er", "con", "pro", "ter", "ver"]
    words = set(DOMAIN)
    out = list(DOMAIN)
    while len(out) < 6000:
        w = "".join(rng.choice(syll) for _ in range(rng.randint(2, 4)))
        if w not in words:
            words.add(w)
            out.append(w)
    return out


class Corpus:
    """Documents generated on demand from (seed, number): nothing held in memory."""

    def __init__(self, seed: int = SEED) -> None:
        rng = random.Random(seed)
        self.seed = seed
        self.vocab = _vocabulary(rng)
        weights = [1.0 / (rank + 8) for rank in range(len(self.vocab))]
        total = 0.0
        self.cum: list[float] = []
        for w in weights:
            total += w
            self.cum.append(total)

    def doc(self, i: int) -> dict[str, object]:
        rng = random.Random(self.seed * 1_000_003 + i)
        paras = []
        for _ in range(rng.randint(4, 9)):
            words = rng.choices(self.vocab, cum_weights=self.cum, k=rng.randint(40, 90))
            if rng.random() < 0.5:
                words.insert(rng.randrange(len(words)), rng.choice(NAMES))
            sentence = " ".join(words)
            paras.append(sentence[0].upper() + sentence[1:] + ".")
        if rng.random() < 0.15:
            paras.insert(rng.randrange(len(paras)), rng.choice(HANGUL))
        people = tuple(sorted({n for n in NAMES if any(n in p for p in paras)}))
        title_words = rng.choices(self.vocab[:400], k=rng.randint(5, 10))
        year = rng.randint(2010, 2025)
        return {
            "doc_id": f"g{i:06d}", "title": " ".join(title_words).title(),
            "body": "\n\n".join(paras), "publisher": rng.choice(PUBLISHERS),
            "date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "people": people, "source_name": f"g{i:06d}.txt",
        }


def query_mix(corpus: Corpus) -> list[tuple[str, str]]:
    """(kind, whoosh query) pairs; the FTS5 side translates each."""
    rng = random.Random(SEED + 1)
    common = corpus.vocab[:60]
    mid = corpus.vocab[200:1500]
    rare = corpus.vocab[3000:6000]
    out: list[tuple[str, str]] = []
    for _ in range(6):
        out.append(("term", rng.choice(mid)))
        out.append(("term", rng.choice(rare)))
        out.append(("and", f"{rng.choice(common)} {rng.choice(mid)}"))
        out.append(("and", f"{rng.choice(mid)} {rng.choice(mid)} {rng.choice(common)}"))
        body = str(corpus.doc(rng.randrange(1000))["body"])
        words = re.findall(r"[a-z]+", body)
        k = rng.randrange(len(words) - 2)
        out.append(("phrase", f'"{words[k]} {words[k + 1]}"'))
        out.append(("prefix", f"{rng.choice(mid)[:4]}*"))
        w = rng.choice(mid)
        typo = w[:-2] + w[-1] + w[-2] if len(w) > 4 else w + "e"
        out.append(("fuzzy", f"{typo}~"))
        out.append(("field", f"title:{rng.choice(corpus.vocab[:400])}"))
        y = rng.randint(2011, 2022)
        out.append(("date", f"{rng.choice(mid)} date:[{y}-01-01 to {y + 2}-06-30]"))
    out.append(("field", 'person:"Julie Turner"'))
    out.append(("hangul", "통일"))
    out.append(("term", "human rights"))
    return out


# -- Whoosh side ----------------------------------------------------------------------

class GeneratedSource:
    """The library stand-in. Bodies asked for snippets are kept once generated, as a
    library's page cache would hold them (FTS5 reads its own copy from its pages)."""

    def __init__(self, corpus: Corpus, ids: range) -> None:
        self.corpus = corpus
        self.ids = ids
        self._bodies: dict[str, str] = {}

    def fingerprints(self) -> dict[str, str]:
        return {f"g{i:06d}": f"v1-{i}" for i in self.ids}

    def _record(self, doc_id: str):  # type: ignore[no-untyped-def]
        from viewer.search import IndexRecord
        return IndexRecord(**self.corpus.doc(int(doc_id[1:])))  # type: ignore[arg-type]

    def records(self, doc_ids: Sequence[str]) -> Iterator[object]:
        return (self._record(d) for d in doc_ids)

    def texts(self, doc_ids: Sequence[str]) -> dict[str, str]:
        out = {}
        for d in doc_ids:
            body = self._bodies.get(d)
            if body is None:
                body = self._bodies[d] = str(self.corpus.doc(int(d[1:]))["body"])
            out[d] = body
        return out


def run_whoosh(n: int, workdir: Path) -> dict[str, object]:
    from viewer.search import SearchIndex

    corpus = Corpus()
    index_dir = workdir / "whoosh"
    ix = SearchIndex(index_dir)
    t0 = time.perf_counter()
    report = ix.sync(GeneratedSource(corpus, range(n)))
    build_s = time.perf_counter() - t0
    assert report.added == n, report
    t0 = time.perf_counter()
    report = ix.sync(GeneratedSource(corpus, range(n + 100)))
    incr_s = time.perf_counter() - t0
    assert report.added == 100, report
    ix.close()
    source = GeneratedSource(corpus, range(n + 100))
    mix = query_mix(corpus)
    t0 = time.perf_counter()
    cold = SearchIndex(index_dir, source=source)
    cold.search(mix[0][1], limit=20, with_snippets=20)
    cold_s = time.perf_counter() - t0
    times: dict[str, list[float]] = {}
    worst = 0.0
    partial = 0
    for _round in range(2):
        for kind, q in mix:
            t = time.perf_counter()
            r = cold.search(q, limit=20, with_snippets=20)
            dt = (time.perf_counter() - t) * 1000
            worst = max(worst, dt)
            partial += r.partial
            if _round:
                times.setdefault(kind, []).append(dt)
    all_times = sorted(t for ts in times.values() for t in ts)
    cold.close()
    return {
        "build_docs_per_s": round(n / build_s, 1), "build_s": round(build_s, 2),
        "incr_100_s": round(incr_s, 3), "cold_first_query_s": round(cold_s, 3),
        "p50_ms": round(_pct(all_times, 50), 1), "p95_ms": round(_pct(all_times, 95), 1),
        "max_ms": round(worst, 1), "partial_queries": partial,
        "by_kind_p95_ms": {k: round(_pct(sorted(v), 95), 1) for k, v in times.items()},
        "index_mb": round(_size(index_dir) / 1e6, 1),
        "peak_rss_mb": round(_peak_rss_mb(), 1),
    }


# -- FTS5 side ------------------------------------------------------------------------

def _fts_query(q: str) -> tuple[str, str | None]:
    """Translate a mix query to (FTS5 MATCH, date range clause)."""
    date = None
    m = re.search(r"date:\[(\S+) to (\S+)\]", q)
    if m:
        date = f"date BETWEEN '{m.group(1)}' AND '{m.group(2)}'"
        q = q[:m.start()] + q[m.end():]
    q = q.strip()
    if q.startswith("person:"):
        return '"Julie Turner"', date
    if q.startswith("title:"):
        return f"title:{q[6:]}", date
    if q.endswith("~"):
        return q[:-1], date  # FTS5 has no fuzzy matching: the plain term stands in
    return q, date


def run_fts5(n: int, workdir: Path) -> dict[str, object]:
    corpus = Corpus()
    path = workdir / "fts.sqlite3"
    con = sqlite3.connect(path)
    con.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, publisher, "
                "date UNINDEXED, tokenize='porter unicode61 remove_diacritics 2')")
    t0 = time.perf_counter()
    for start in range(0, n, 1000):
        rows = []
        for i in range(start, min(n, start + 1000)):
            d = corpus.doc(i)
            rows.append((d["doc_id"], d["title"], d["body"], d["publisher"], d["date"]))
        con.executemany("INSERT INTO docs VALUES (?,?,?,?,?)", rows)
        con.commit()
    build_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    rows = []
    for i in range(n, n + 100):
        d = corpus.doc(i)
        rows.append((d["doc_id"], d["title"], d["body"], d["publisher"], d["date"]))
    con.executemany("INSERT INTO docs VALUES (?,?,?,?,?)", rows)
    con.commit()
    incr_s = time.perf_counter() - t0
    con.close()
    mix = query_mix(corpus)
    t0 = time.perf_counter()
    con = sqlite3.connect(path)
    _fts_search(con, mix[0][1])
    cold_s = time.perf_counter() - t0
    times: list[float] = []
    for _round in range(2):
        for _kind, q in mix:
            t = time.perf_counter()
            _fts_search(con, q)
            if _round:
                times.append((time.perf_counter() - t) * 1000)
    times.sort()
    con.close()
    return {
        "build_docs_per_s": round(n / build_s, 1), "incr_100_s": round(incr_s, 3),
        "cold_first_query_s": round(cold_s, 3), "p50_ms": round(_pct(times, 50), 1),
        "p95_ms": round(_pct(times, 95), 1), "max_ms": round(max(times), 1),
        "index_mb": round(_size(path) / 1e6, 1), "peak_rss_mb": round(_peak_rss_mb(), 1),
    }


def _fts_search(con: sqlite3.Connection, q: str) -> list[tuple[object, ...]]:
    match, date = _fts_query(q)
    sql = ("SELECT id, title, date, bm25(docs, 0, 3.0, 1.0, 1.0, 0), "
           "snippet(docs, 2, '[', ']', '…', 24) FROM docs WHERE docs MATCH ?")
    if date:
        sql += f" AND {date}"
    sql += " ORDER BY bm25(docs, 0, 3.0, 1.0, 1.0, 0) LIMIT 20"
    try:
        rows = con.execute(sql, (match,)).fetchall()
    except sqlite3.OperationalError:
        rows = []
    # Same information the Whoosh side returns: an exact total.
    con.execute("SELECT count(*) FROM docs WHERE docs MATCH ?" + (f" AND {date}" if date else ""),
                (match,)).fetchone()
    return rows


# -- driver ---------------------------------------------------------------------------

def _pct(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return 0.0
    k = max(0, min(len(sorted_values) - 1, round(p / 100 * (len(sorted_values) - 1))))
    return sorted_values[k]


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _peak_rss_mb() -> float:
    # The largest of this process and any it started (the parallel index build).
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024.0


def _child(engine: str, n: int) -> dict[str, object]:
    workdir = Path(tempfile.mkdtemp(prefix=f"bench-{engine}-"))
    try:
        cmd = [sys.executable, __file__, "--engine", engine, "--docs", str(n),
               "--workdir", str(workdir)]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        return json.loads(out.strip().splitlines()[-1])
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def measure(n: int) -> dict[str, object]:
    w = _child("whoosh", n)
    f = _child("fts5", n)
    result = dict(w)
    result["docs"] = n
    result.update({f"fts5_{k}": v for k, v in f.items()})
    result["p95_vs_fts5"] = round(float(w["p95_ms"]) / max(0.1, float(f["p95_ms"])), 2)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, action="append")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--engine", choices=["whoosh", "fts5"], help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.engine:
        n = args.docs[0]
        run = run_whoosh if args.engine == "whoosh" else run_fts5
        print(json.dumps(run(n, Path(args.workdir))))
        return 0
    sizes = args.docs or [1000, 10000, 50000]
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in sizes:
        result = measure(n)
        # Other work on the machine slows both engines; the load shows how much.
        result["machine"] = {"cpus": os.cpu_count(), "python": sys.version.split()[0],
                             "load_avg_1m_after": round(os.getloadavg()[0], 2)}
        (RESULTS_DIR / f"search_{n}.json").write_text(json.dumps(result, indent=1))
        rows.append(result)
        if args.json:
            print(json.dumps(result))
    if not args.json:
        keys = ["build_docs_per_s", "incr_100_s", "cold_first_query_s", "p50_ms", "p95_ms",
                "max_ms", "index_mb", "peak_rss_mb"]
        print(f"{'docs':>7} {'engine':7} " + " ".join(f"{k:>18}" for k in keys))
        for r in rows:
            for engine, prefix in (("whoosh", ""), ("fts5", "fts5_")):
                print(f"{r['docs']:>7} {engine:7} "
                      + " ".join(f"{r.get(prefix + k, '-')!s:>18}" for k in keys))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
