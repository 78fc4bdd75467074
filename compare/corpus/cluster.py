"""Comparisons run on Dask: a local cluster sized to the machine, an existing cluster, or
(for a small corpus) this process; each result is stored as soon as it arrives."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

from compare.corpus.pairs import PairJob, PairOutcome, compare_pair, compare_run, runs_of
from compare.errors import ClausediffError
from compare.parallel import usable_cores

SMALL_WORK = 2_000_000
"""Pending pairs holding fewer characters than this in all (old and new sides; about 8 s of
work in one process) are compared in this process: a local cluster costs about 3 s of CPU
to start (workers importing the pipeline), which more work than this repays on 2 cores."""
MAX_LOCAL_WORKERS = 8
"""A local cluster has one single-threaded worker per core, up to this many."""

MAX_RUN = 5
"""Most consecutive pairs of a series sent to a worker as one task."""
RUNS_PER_THREAD = 4
"""Tasks per worker thread to aim for, so that the last ones finish together."""

Sink = Callable[[PairOutcome], None]


def run_jobs(
    jobs: Iterable[PairJob],
    count: int,
    sink: Sink,
    scheduler: str | None = None,
    workers: int | None = None,
    chars: int = SMALL_WORK,
) -> None:
    """Compare every job and hand each outcome to `sink` as it comes back.

    `scheduler` names an existing Dask cluster (`tcp://HOST:8786`); else a local cluster of
    `workers` processes (None: one per core) runs them, or this process when `workers` is 1
    or, by default, when the pending pairs hold fewer than SMALL_WORK characters (`chars`)
    or number fewer than two.
    """
    small = local_workers(workers, count) < 2 or (workers is None and chars < SMALL_WORK)
    if scheduler is None and small:
        for job in jobs:
            sink(compare_pair(job))
        return
    with dask_client(scheduler, local_workers(workers, count)) as client:
        on_cluster(client, jobs, count, sink)


def local_workers(workers: int | None, count: int) -> int:
    """How many worker processes a local cluster gets."""
    wanted = usable_cores() if workers is None else workers
    return max(1, min(wanted, count, MAX_LOCAL_WORKERS))


@contextlib.contextmanager
def dask_client(scheduler: str | None, workers: int) -> Iterator[Any]:
    """A Dask client of the named scheduler, or of a local cluster of single-threaded
    worker processes that is shut down afterwards."""
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler)  # waits distributed.comm.timeouts.connect (30 s)
        except (OSError, TimeoutError) as e:
            raise unreachable(scheduler, e) from e
        with client:
            yield client
        return
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.CRITICAL,
    )
    with cluster, Client(cluster) as client:
        yield client


def unreachable(scheduler: str, e: BaseException) -> ClausediffError:
    """The error for a scheduler that does not answer."""
    return ClausediffError(
        f"dask scheduler {scheduler}: unreachable",
        str(e) or type(e).__name__,
        "start one with `dask scheduler`, or leave out --scheduler to use this machine",
    )


def on_cluster(client: Any, jobs: Iterable[PairJob], count: int, sink: Sink) -> None:
    """Keep one run of consecutive pairs per worker thread in flight (a worker holds one pair's
    documents at a time, the parent only the runs in flight); store each outcome as its run
    completes."""
    from distributed import as_completed

    threads = max(1, sum(client.nthreads().values()))
    todo = runs_of(jobs, run_length(count, threads))
    running = as_completed(
        [client.submit(compare_run, r, pure=False) for r in islice(todo, threads)],
        with_results=True,
    )
    for _, outcomes in running:
        for outcome in outcomes:
            sink(outcome)
        nxt = next(todo, None)
        if nxt is not None:
            running.add(client.submit(compare_run, nxt, pure=False))


def run_length(count: int, threads: int) -> int:
    """Pairs per task: long enough to parse most versions once, short enough that every
    worker gets about RUNS_PER_THREAD tasks (and a killed run loses little)."""
    return max(1, min(MAX_RUN, -(-count // (threads * RUNS_PER_THREAD))))
