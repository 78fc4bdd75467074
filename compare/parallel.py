"""Independent pipeline work spread over the machine's cores by forked worker processes."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from compare.errors import ClausediffError

T = TypeVar("T")
R = TypeVar("R")

MAX_JOBS = 8
"""More workers than this only add start-up and memory: a corpus has few documents."""
MIN_PARALLEL_CHARS = 60_000
"""Below this much text in all (about 20 pages) starting workers costs more than it saves."""

_TASK: tuple[Callable[[Any], Any], Sequence[Any]] | None = None
"""The function and items of the running map, inherited by the forked workers."""


def usable_cores() -> int:
    """How many cores this process may run on (its CPU affinity, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def worker_count(jobs: int | None, items: int, chars: int) -> int:
    """How many worker processes a map over `items` inputs holding `chars` characters uses.

    `jobs` None means one per usable core; 1 (or a small workload, or a platform without
    `fork`) means no workers: the work runs in this process.
    """
    wanted = usable_cores() if jobs is None else jobs
    if wanted < 2 or items < 2 or chars < MIN_PARALLEL_CHARS or not can_fork():
        return 1
    return min(wanted, items, MAX_JOBS)


def can_fork() -> bool:
    """Forked workers inherit the parsed inputs without copying; only Linux forks safely."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def fork_map(
    func: Callable[[T], R],
    items: Sequence[T],
    workers: int,
    cost: Sequence[float] | None = None,
) -> list[R]:
    """`[func(x) for x in items]`, run by `workers` forked processes when more than one.

    Items are handed out most costly first so that one long input does not finish last on
    its own. The results come back in input order, and so do errors: the library's typed
    error of the first failing item is raised, whichever worker met it first.
    """
    if workers < 2:
        return [func(x) for x in items]
    global _TASK
    order = sorted(range(len(items)), key=lambda i: -cost[i]) if cost else range(len(items))
    _TASK = (func, items)
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(workers, initializer=_ignore_interrupts) as pool:
            done = dict(pool.imap_unordered(_run_item, order, chunksize=1))
    finally:
        _TASK = None
    results = [done[i] for i in range(len(items))]
    for ok, value in results:
        if not ok:
            raise value
    return [value for _, value in results]


def _run_item(i: int) -> tuple[int, tuple[bool, Any]]:
    """In a worker: one item's result, or the typed error it raised."""
    assert _TASK is not None
    func, items = _TASK
    try:
        return i, (True, func(items[i]))
    except ClausediffError as error:
        return i, (False, error)


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which stops them and exits with status 130."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
