"""`corpus compare`: the pending pairs compared on Dask, each stored in its own transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from compare.corpus.cluster import run_jobs
from compare.corpus.pairs import PairJob, PairOutcome, pair_chars, pair_job, pending, store_outcome
from compare.model import Settings

Progress = Callable[[int, int], None]
"""Called with (pairs done, pairs to do) after each stored pair."""


@dataclass(frozen=True)
class CompareResult:
    """What a `corpus compare` run did."""

    compared: int
    """Pairs compared and stored by this run."""
    pending_before: int
    """Pairs that were waiting when it started."""


def compare_corpus(
    conn: sqlite3.Connection,
    settings: Settings,
    scheduler: str | None = None,
    workers: int | None = None,
    related: bool = False,
    progress: Progress | None = None,
) -> CompareResult:
    """Compare every pair not compared yet (consecutive versions of each series; with
    `related`, documents of different series sharing text too). Killed at any point, the
    next run finishes the rest: a pair is stored whole or not at all."""
    wanted = pending(conn, related)
    done = 0

    def sink(outcome: PairOutcome) -> None:
        nonlocal done
        done += store_outcome(conn, outcome)
        if progress:
            progress(done, len(wanted))

    chars = pair_chars(conn, wanted)

    def load(index: int) -> PairJob:
        return pair_job(conn, wanted[index], settings)

    run_jobs(load, len(wanted), sink, scheduler, workers, chars)
    return CompareResult(done, len(wanted))
