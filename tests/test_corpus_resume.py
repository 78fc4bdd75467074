"""`corpus compare` killed at random points: nothing half written, and the next run finishes
the rest with the results of an uninterrupted run."""

from __future__ import annotations

import random
import shutil
import signal
import sqlite3
import subprocess
import time

from clitools import clausediff_bin, cli_env
from corpustools import canonical, counts, stored_corpus

from compare.corpus import compare_corpus, open_store
from compare.model import Settings


def torn_pairs(db) -> list[tuple[int, int, int]]:
    """Pairs whose change rows do not match their stored JSON (a half-written pair)."""
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT p.id, json_array_length(p.comparison, '$.changes'),"
            " (SELECT count(*) FROM changes ch WHERE ch.pair_id = p.id) FROM pairs p"
        ).fetchall()
        return [r for r in rows if r[1] != r[2] or not r[2]]
    finally:
        conn.close()


def pair_count(db) -> int:
    """Pairs stored so far."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*) FROM pairs").fetchone()[0]
    finally:
        conn.close()


def wait_for_more_pairs(db, known: int, run: subprocess.Popen, timeout: float = 120) -> None:
    """Until a pair more than `known` is stored (or the run ends)."""
    deadline = time.monotonic() + timeout
    while pair_count(db) <= known and run.poll() is None:
        assert time.monotonic() < deadline, "no pair stored"
        time.sleep(0.01)


def test_killed_at_random_points_the_next_run_finishes_the_rest(tmp_path):
    added = stored_corpus(tmp_path, "added.db", versions=5, compared=False)
    reference = tmp_path / "reference.db"
    shutil.copy(added, reference)
    conn = open_store(reference)
    compare_corpus(conn, Settings(), workers=1)
    conn.close()
    assert counts(reference)["pairs"] == 8

    db = tmp_path / "c.db"
    shutil.copy(tmp_path / "added.db", db)
    rng = random.Random(16)
    stored = []
    for _ in range(3):
        run = subprocess.Popen(
            [clausediff_bin(), "corpus", "compare", str(db), "--workers", "1"],
            env=cli_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_more_pairs(db, stored[-1] if stored else 0, run)
        time.sleep(rng.uniform(0.0, 0.1))  # somewhere inside the next pair
        run.send_signal(signal.SIGKILL)
        run.wait()
        assert not torn_pairs(db)
        stored.append(pair_count(db))
    assert stored == sorted(stored) and stored[0] > 0  # each run kept what the others stored
    assert stored[0] < 8, stored  # killed before the end at least once
    finish = subprocess.run(
        [clausediff_bin(), "corpus", "compare", str(db)],
        env=cli_env(),
        capture_output=True,
        text=True,
    )
    assert finish.returncode == 0, finish.stderr
    assert f"({8 - stored[-1]} were pending)" in finish.stdout
    assert counts(db) == counts(reference)
    assert canonical(db) == canonical(reference)
