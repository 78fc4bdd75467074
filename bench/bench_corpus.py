#!/usr/bin/env python3
"""Corpus benchmark: a 100-document corpus added and compared, the Dask cluster's results
against the local run's, and search latency on a store of a million clauses.

Corpus: 5 series (one per seed) × 20 yearly versions, each year made from the year before
with `../shared/bench/peers.py`'s `edit()` (drop ~10% of sentences, revise ~15%, split,
merge, insert new ones, move a block), started from `policy_text()` of the seed; written to
WORK/docs with a manifest giving each file's series and date.

Timed as subprocesses, start-up included: `clausediff corpus add DB WORK/docs`, then
`clausediff corpus compare DB` (default: a local Dask cluster sized to the machine) and, on a
copy of the added store in the same run, `clausediff corpus compare DB --workers 1` (one
process) for the ratio. `--scheduler` runs: `dask scheduler` and two `dask worker`s on
127.0.0.1 compare another copy; its pairs and changes are checked identical.

Memory: the peak PSS of the `compare` process and of each Dask worker process, sampled
every 0.1 s while the local cluster compares.

Search: the compared store's rows are copied (new ids, series and hashes; originals, source
texts and change JSON left empty, which search does not read) until it holds `--clauses`
clauses; the sizes of the two full-text indexes are read from `dbstat`. Then, for each query
length of 1, 2, 3, 5 and 8 characters, `--queries` substrings of that length cut from random
clause keys are searched with `compare.corpus.search` (default limit 100): median, p95 and
max. Queries of 1 and 2 characters are also timed as the former scan of the keys (SCAN), in
the same run, for the ratio. The load average is printed with each figure.

Usage: .venv/bin/python bench/bench_corpus.py [--work DIR] [--versions 20] [--clauses 1000000]
       [--queries 200] [--skip-search] [--skip-cluster]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PEERS = REPO.parent / "shared" / "bench" / "peers.py"
BIN = Path(sys.executable).parent
LENGTHS = (1, 2, 3, 5, 8)
"""Query lengths (characters) whose search latency is measured."""
SERIES = ("zone-plan", "coordination", "western", "five-year-plan", "integration")


def load_peers():
    """The shared benchmark input builder."""
    spec = importlib.util.spec_from_file_location("peers", PEERS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_corpus(docs: Path, versions: int) -> int:
    """5 series × `versions` yearly versions in `docs`, with a manifest; bytes written."""
    peers = load_peers()
    docs.mkdir(parents=True, exist_ok=True)
    entries, total = [], 0
    for series, seed in zip(SERIES, peers.SEEDS, strict=True):
        rng = random.Random(series)
        pars = [p.strip() for p in peers.policy_text(seed).split("\n") if p.strip()]
        for year in range(2001, 2001 + versions):
            name = f"{year}-07-01_{series}.txt"
            data = ("\n\n".join(pars) + "\n").encode("utf-8")
            (docs / name).write_bytes(data)
            total += len(data)
            entries.append({"file": name, "date": f"{year}-07-01", "series": series})
            pars = peers.edit(pars, rng)
    manifest = {"documents": entries}
    (docs / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    return total


def load() -> str:
    """The 1-minute load average and the number of cores."""
    return f"load {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"


def timed(*args: str | Path) -> float:
    """Wall time of one clausediff command (which must succeed)."""
    start = time.perf_counter()
    done = subprocess.run(
        [str(BIN / "clausediff"), *map(str, args)], capture_output=True, text=True
    )
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"clausediff {' '.join(map(str, args))} failed: {done.stderr}")
    return took


def timed_memory(*args: str | Path) -> tuple[float, int, list[int]]:
    """Wall time of one clausediff command, the peak PSS (kB) of its own process and that of
    each Dask worker process it started (sampled every 0.1 s: a lower bound)."""
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_align import proc_text, process_kb, process_tree

    peaks: dict[int, int] = {}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [str(BIN / "clausediff"), *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    workers: set[int] = set()
    while proc.poll() is None:
        for pid in process_tree(proc.pid):
            peaks[pid] = max(peaks.get(pid, 0), process_kb(pid))
            if "spawn_main" in proc_text(pid, "cmdline"):
                workers.add(pid)
        time.sleep(0.1)
    took = time.perf_counter() - start
    _, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"clausediff {' '.join(map(str, args))} failed: {err.decode()}")
    return took, peaks.get(proc.pid, 0), sorted(peaks[p] for p in workers)


def canonical(db: Path) -> list[tuple]:
    """Each pair (by its files' hashes) with its JSON and its change rows."""
    conn = sqlite3.connect(db)
    pairs = conn.execute(
        "SELECT p.id, o.sha256, n.sha256, p.comparison FROM pairs p"
        " JOIN documents o ON o.id = p.old_id JOIN documents n ON n.id = p.new_id"
    ).fetchall()
    out = []
    for pid, *rest in pairs:
        rows = conn.execute(
            "SELECT position, kind, revisions, old_clauses, new_clauses, data FROM changes"
            " WHERE pair_id = ? ORDER BY position",
            (pid,),
        ).fetchall()
        out.append((*rest, tuple(rows)))
    conn.close()
    return sorted(out)


def add_and_compare(work: Path, versions: int) -> Path:
    """Build, add and compare the corpus; print the figures; return the compared store."""
    size = build_corpus(work / "docs", versions)
    print(f"corpus: {5 * versions} documents, {size / 1e6:.1f} MB; {load()}")
    db = work / "corpus.db"
    add = timed("corpus", "add", db, work / "docs")
    shutil.copy(db, work / "added.db")
    compare, parent_kb, workers_kb = timed_memory("corpus", "compare", db)
    print(f"add {add:.1f} s, compare {compare:.1f} s (local cluster), total {add + compare:.1f} s")
    print(f"peak PSS: parent {parent_kb / 1024:.0f} MB, each worker "
          f"{', '.join(f'{k / 1024:.0f}' for k in workers_kb)} MB; {load()}")  # fmt: skip
    one = work / "one.db"
    shutil.copy(work / "added.db", one)
    serial = timed("corpus", "compare", one, "--workers", "1")
    same = canonical(one) == canonical(db)
    print(f"compare, one process: {serial:.1f} s (cluster {serial / compare:.2f}× faster); "
          f"results identical: {same}; {load()}")  # fmt: skip
    return db


def cluster_run(work: Path, reference: Path) -> None:
    """Compare a copy of the added store on `dask scheduler` + two `dask worker`s."""
    info = work / "scheduler.json"
    info.unlink(missing_ok=True)
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    scheduler = ["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard"]
    procs = [
        subprocess.Popen([str(BIN / "dask"), *scheduler, "--scheduler-file", str(info)], **quiet)
    ]
    try:
        while not info.exists():
            time.sleep(0.2)
        for _ in range(2):
            procs.append(subprocess.Popen([str(BIN / "dask"), "worker", "--scheduler-file",
                                           str(info), "--nthreads", "1", "--host", "127.0.0.1",
                                           "--no-dashboard"], **quiet))  # fmt: skip
        address = json.loads(info.read_text())["address"]
        from distributed import Client

        with Client(address) as client:
            client.wait_for_workers(2, timeout=120)
        db = work / "cluster.db"
        shutil.copy(work / "added.db", db)
        took = timed("corpus", "compare", db, "--scheduler", address)
        same = canonical(db) == canonical(reference)
        print(f"compare on dask scheduler + 2 workers: {took:.1f} s; identical to local: {same}")
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait()


def grow(source: Path, big: Path, clauses: int) -> int:
    """A copy of `source` with its rows repeated until it holds `clauses` clauses (opened as
    the corpus opens it: the triggers that keep the short-query index call its function)."""
    sys.path.insert(0, str(REPO))
    from compare.corpus.schema import connect

    shutil.copy(source, big)
    conn = connect(big)
    top = {t: conn.execute(f"SELECT max(rowid), count(*) FROM {t}").fetchone()
           for t in ("documents", "clauses", "pairs", "changes")}  # fmt: skip
    copies = -(-clauses // top["clauses"][1])
    for k in range(1, copies):
        conn.execute("BEGIN")
        copy_rows(conn, k, {t: v[0] for t, v in top.items()})
        conn.execute("COMMIT")
    count = conn.execute("SELECT count(*) FROM clauses").fetchone()[0]
    conn.close()
    return count


def index_sizes(db: Path) -> dict[str, int]:
    """Bytes of each full-text index (its shadow tables) and of the whole file."""
    conn = sqlite3.connect(db)
    sizes = dict(
        conn.execute(
            "SELECT CASE WHEN name LIKE 'clauses_fts%' THEN 'trigram index'"
            " WHEN name LIKE 'clauses_short%' THEN 'short-query index' ELSE 'rest' END,"
            " sum(pgsize) FROM dbstat GROUP BY 1"
        )
    )
    conn.close()
    return {**sizes, "file": db.stat().st_size}


def copy_rows(conn: sqlite3.Connection, k: int, top: dict[str, int]) -> None:
    """Copy k of every row, ids moved past the originals (a clause id holds its document's
    id from bit 19 on: see `compare.corpus.schema.clause_rowid`)."""
    d, p, ch = (k * top[t] for t in ("documents", "pairs", "changes"))
    c = d << 19
    conn.execute(
        "INSERT INTO documents SELECT id + ?, sha256 || ?, path, name, series || ?, date, title,"
        " issuer, encoding, format, size, encoding_guessed, source_notes, notes, repairs, '',"
        " minhash, added_at FROM documents WHERE id <= ?",
        (d, f"#{k}", f" #{k}", top["documents"]),
    )
    conn.execute(
        "INSERT INTO clauses SELECT id + ?, document_id + ?, clause_id, position, text, key, '',"
        " section, is_heading, commitment, strength, '{}' FROM clauses WHERE document_id <= ?",
        (c, d, top["documents"]),
    )
    conn.execute(
        "INSERT INTO pairs SELECT id + ?, old_id + ?, new_id + ?, relation, summary, '{}',"
        " tool_version, compared_at FROM pairs WHERE id <= ?",
        (p, d, d, top["pairs"]),
    )
    conn.execute(
        "INSERT INTO changes SELECT id + ?, pair_id + ?, position, kind, revisions, similarity,"
        " old_clauses, new_clauses, '{}' FROM changes WHERE id <= ?",
        (ch, p, top["changes"]),
    )
    conn.execute(
        "INSERT INTO change_clauses SELECT change_id + ?, clause_id + ?, side FROM change_clauses"
        " WHERE change_id <= ?",
        (ch, c, top["changes"]),
    )


def sample_queries(db: Path, n: int, size: int, seed: int) -> list[str]:
    """`n` substrings of `size` CJK characters cut from random clause keys."""
    rng = random.Random(seed)
    conn = sqlite3.connect(db)
    low, top = conn.execute("SELECT min(id), max(id) FROM clauses").fetchone()
    found: list[str] = []
    while len(found) < n:  # ids are sparse (chronological): the next clause from a random id
        at = rng.randint(low, top)
        row = conn.execute("SELECT key FROM clauses WHERE id >= ? LIMIT 1", (at,)).fetchone()
        cjk = "".join(ch for ch in (row[0] if row else "") if "\u4e00" <= ch <= "\u9fff")
        if len(cjk) > size:
            at = rng.randrange(len(cjk) - size)
            found.append(cjk[at : at + size])
    conn.close()
    return found


SCAN = (
    "SELECT c.id FROM clauses c JOIN documents d ON d.id = c.document_id"
    " WHERE instr(c.key, ?) > 0 ORDER BY c.id LIMIT 100"
)
"""What a query of one or two characters did before the short-query index (the fates of
its hits, 100 lookups at most, left out): read the keys in date order up to 100 matches."""


def latencies(db: Path, queries: list[str], scan: bool = False) -> tuple[list[float], int]:
    """Seconds per search (in this process, store already open) and the hits found; `scan`:
    the former scan of the keys instead of `compare.corpus.search`."""
    sys.path.insert(0, str(REPO))
    from compare.corpus import Query, open_store, search

    conn = open_store(db, create=False)

    def run(q: str) -> int:
        return len(conn.execute(SCAN, (q,)).fetchall() if scan else search(conn, Query(q)))

    run(queries[0])  # warm the page cache once
    times, hits = [], 0
    for q in queries:
        start = time.perf_counter()
        hits += run(q)
        times.append(time.perf_counter() - start)
    conn.close()
    return times, hits


def report_latency(label: str, times: list[float], hits: int) -> None:
    """Median, p95 and max in milliseconds."""
    ms = sorted(t * 1000 for t in times)
    p95 = ms[max(0, round(0.95 * len(ms)) - 1)]
    print(f"search {label}: n={len(ms)} median {statistics.median(ms):.1f} ms, p95 {p95:.1f} ms,"
          f" max {ms[-1]:.1f} ms, {hits / len(ms):.0f} hits per query; {load()}")  # fmt: skip


def search_bench(work: Path, source: Path, clauses: int, n: int) -> None:
    """Grow the store to `clauses` clauses and time searches on it, per query length."""
    big = work / "big.db"
    start = time.perf_counter()
    count = grow(source, big, clauses)
    sizes = ", ".join(f"{k} {v / 1e6:.0f} MB" for k, v in index_sizes(big).items())
    print(f"store of {count} clauses built in {time.perf_counter() - start:.0f} s: {sizes}")
    for size in LENGTHS:
        queries = sample_queries(big, n, size, size)
        report_latency(f"{size} characters", *latencies(big, queries))
        if size < 3:
            report_latency(f"{size} characters, scan of the keys", *latencies(big, queries, True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/clausediff-corpus-bench"))
    parser.add_argument("--versions", type=int, default=20)
    parser.add_argument("--clauses", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--skip-search", action="store_true")
    parser.add_argument("--skip-cluster", action="store_true")
    args = parser.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    db = add_and_compare(args.work, args.versions)
    if not args.skip_cluster:
        cluster_run(args.work, db)
    if not args.skip_search:
        search_bench(args.work, db, args.clauses, args.queries)


if __name__ == "__main__":
    main()
