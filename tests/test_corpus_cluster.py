"""Comparisons on Dask: a scheduler and two workers started with the `dask` command, and a
local cluster, give the same stored results as one process."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from clitools import cli_env, run_cli
from corpustools import canonical, counts, stored_corpus

from compare.corpus import compare_corpus, open_store
from compare.corpus.cluster import Lanes
from compare.model import Settings

DASK = Path(sys.executable).parent / "dask"


@pytest.fixture(scope="module")
def added(tmp_path_factory):
    """A corpus of two series of three versions, added but not compared."""
    return stored_corpus(tmp_path_factory.mktemp("cluster"), "added.db", compared=False)


@pytest.fixture(scope="module")
def local(added, tmp_path_factory):
    """The corpus compared in this process."""
    db = tmp_path_factory.mktemp("local") / "c.db"
    shutil.copy(added, db)
    conn = open_store(db)
    compare_corpus(conn, Settings(), workers=1)
    conn.close()
    return db


def start(*args: str | Path, log: Path) -> subprocess.Popen:
    """A `dask` command in the background, its output in `log`."""
    with log.open("w") as out:
        return subprocess.Popen([str(DASK), *map(str, args)], stdout=out, stderr=subprocess.STDOUT)


def wait_for(check, what: str, timeout: float = 90.0) -> None:
    """Poll `check` until it is true (the cluster starts on a busy machine)."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"{what} did not start in {timeout:.0f} s"
        time.sleep(0.2)


@pytest.fixture
def dask_cluster(tmp_path):
    """`dask scheduler` and two `dask worker`s on 127.0.0.1; stopped afterwards."""
    info = tmp_path / "scheduler.json"
    procs = [
        start("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
              "--scheduler-file", info, log=tmp_path / "scheduler.log"),
    ]  # fmt: skip
    try:
        wait_for(info.exists, "the dask scheduler")
        for i in (1, 2):
            procs.append(
                start("worker", "--scheduler-file", info, "--nthreads", "1", "--no-nanny",
                      "--no-dashboard", "--host", "127.0.0.1", "--name", f"w{i}",
                      log=tmp_path / f"w{i}.log")
            )  # fmt: skip
        address = json.loads(info.read_text())["address"]
        from distributed import Client

        with Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=90)
        yield address
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=3)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def test_a_dask_cluster_started_with_the_dask_command_gives_the_local_results(
    added, local, dask_cluster, tmp_path
):
    db = tmp_path / "c.db"
    shutil.copy(added, db)
    done = run_cli("corpus", "compare", str(db), "--scheduler", dask_cluster)
    assert done.returncode == 0, done.stderr
    assert "compared 4 pairs" in done.stdout
    from distributed import Client

    with Client(dask_cluster, timeout="30s") as client:
        ran, states = client.run_on_scheduler(
            lambda dask_scheduler: (
                dask_scheduler.task_prefixes["compare_here"].all_durations,
                dict(dask_scheduler.task_prefixes["compare_here"].state_counts),
            )
        )
    assert ran.get("compute", 0) > 0, ran  # the pairs were computed on the cluster's workers
    assert states["memory"] == 4, states  # one task per pair
    assert canonical(db) == canonical(local)
    assert counts(db) == counts(local)


def test_a_local_cluster_gives_the_one_process_results(added, local, tmp_path):
    db = tmp_path / "c.db"
    shutil.copy(added, db)
    conn = open_store(db)
    seen = []
    result = compare_corpus(conn, Settings(), workers=2, progress=lambda *a: seen.append(a))
    conn.close()
    assert result.compared == 4 and seen[-1] == (4, 4)
    assert canonical(db) == canonical(local)


def test_each_thread_follows_a_lane_of_consecutive_pairs_and_then_halves_the_longest():
    lanes = Lanes(10, 2)
    order = {lane: [lanes.take(lane)] for lane in lanes.started()}
    assert order == {0: [0], 1: [5]}
    taken = [0, 5]
    lane = 0
    while (lane := lanes.next_lane(lane)) is not None:  # thread 0 runs, thread 1 stalls
        taken.append(lanes.take(lane))
        order.setdefault(lane, []).append(taken[-1])
    assert sorted(taken) == list(range(10))  # every pair once
    # its lane in turn, then the back half of what lane 1 has left, again and again
    assert order == {0: [0, 1, 2, 3, 4], 1: [5], 2: [8, 9], 3: [7], 4: [6]}
    assert lanes.next_lane(1) is None


def test_an_unreachable_scheduler_is_one_error_line(added, tmp_path):
    db = tmp_path / "c.db"
    shutil.copy(added, db)
    quick = cli_env(DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT="1s")
    done = run_cli("corpus", "compare", str(db), "--scheduler", "tcp://127.0.0.1:9", env=quick)
    assert done.returncode == 2
    assert done.stderr.startswith("clausediff: error: dask scheduler tcp://127.0.0.1:9")
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert counts(db)["pairs"] == 0
