"""Comparisons run on Dask: a local cluster sized to the machine, an existing cluster, or
(for a small corpus) this process; each result is stored as soon as it arrives."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from typing import Any

from compare.corpus.pairs import PairJob, PairOutcome, compare_pair
from compare.errors import ClausediffError
from compare.parallel import usable_cores

SMALL_WORK = 2_000_000
"""Pending pairs holding fewer characters than this in all (old and new sides; about 8 s of
work in one process) are compared in this process: a local cluster costs about 3 s of CPU
to start (workers importing the pipeline), which more work than this repays on 2 cores."""
MAX_LOCAL_WORKERS = 8
"""A local cluster has one single-threaded worker per core, up to this many."""

Sink = Callable[[PairOutcome], None]
Load = Callable[[int], PairJob]
"""The job of pending pair i (0 … count-1), read from the store when it is asked for."""


def run_jobs(
    load: Load,
    count: int,
    sink: Sink,
    scheduler: str | None = None,
    workers: int | None = None,
    chars: int = SMALL_WORK,
) -> None:
    """Compare the `count` pending pairs and hand each outcome to `sink` as it comes back.

    `scheduler` names an existing Dask cluster (`tcp://HOST:8786`); else a local cluster of
    `workers` processes (None: one per core) runs them, or this process when `workers` is 1
    or, by default, when the pending pairs hold fewer than SMALL_WORK characters (`chars`)
    or number fewer than two.
    """
    small = local_workers(workers, count) < 2 or (workers is None and chars < SMALL_WORK)
    if scheduler is None and small:
        for index in range(count):
            sink(compare_pair(load(index)))
        return
    with dask_client(scheduler, local_workers(workers, count)) as client:
        on_cluster(client, load, count, sink)


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


def on_cluster(client: Any, load: Load, count: int, sink: Sink) -> None:
    """Keep one pair per worker thread in flight, each task one pair (a worker holds one pair's
    documents at a time, the parent only the pairs in flight); store each outcome as it comes.

    Each thread follows a lane of consecutive pairs, and a lane's next pair is sent to the
    worker that compared the one before (allowed elsewhere): that worker has the version the
    two pairs share parsed already. A thread whose lane is done takes the second half of the
    longest lane left."""
    from distributed import as_completed

    threads = max(1, sum(client.nthreads().values()))
    lanes = Lanes(count, threads)

    def submit(lane: int, worker: str | None = None) -> Any:
        index = lanes.take(lane)
        future = client.submit(
            compare_here, load(index), workers=[worker] if worker else None,
            allow_other_workers=bool(worker), pure=False,
        )  # fmt: skip
        lane_of[future.key] = lane
        return future

    lane_of: dict[str, int] = {}
    running = as_completed([submit(lane) for lane in lanes.started()], with_results=True)
    for future, (worker, outcome) in running:
        sink(outcome)
        lane = lanes.next_lane(lane_of.pop(future.key))
        if lane is not None:
            running.add(submit(lane, worker))


def compare_here(job: PairJob) -> tuple[str, PairOutcome]:
    """Compare one pair on a Dask worker; also say which worker (its address) did."""
    from distributed import get_worker

    return get_worker().address, compare_pair(job)


class Lanes:
    """Pairs 0 … count-1 cut into stretches of consecutive pairs, one per worker thread; a
    stretch done, the longest one left is halved."""

    def __init__(self, count: int, threads: int) -> None:
        size = max(1, -(-count // max(1, threads)))
        self.lanes = [[start, min(start + size, count)] for start in range(0, count, size)]

    def started(self) -> range:
        """The lanes, one per thread (fewer when there are fewer pairs)."""
        return range(len(self.lanes))

    def take(self, lane: int) -> int:
        """The next pair of a lane (which must have one), taken off it."""
        index = self.lanes[lane][0]
        self.lanes[lane][0] += 1
        return index

    def next_lane(self, lane: int) -> int | None:
        """The lane a thread goes on with after a pair of `lane`: the same one while it has
        pairs, else a new lane made of the second half of the longest one; None when no
        pair is left to start."""
        if self.lanes[lane][0] < self.lanes[lane][1]:
            return lane
        longest = max(self.lanes, key=lambda span: span[1] - span[0])
        left = longest[1] - longest[0]
        if left == 0:
            return None
        cut = longest[0] + left // 2  # one left: it moves to the new lane
        self.lanes.append([cut, longest[1]])
        longest[1] = cut
        return len(self.lanes) - 1
