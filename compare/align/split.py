"""The fuzzy stage's candidate search and scoring shared by two processes on large pairs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from compare.align.candidates import (
    Affinity,
    Column,
    Profile,
    affinity,
    backward_of,
    bigram_count,
    column_tops,
    key_ratio,
    merged_columns,
    rare_postings,
    reachable,
    same_sets,
    searched_rows,
    weight,
)
from compare.parallel import fork_map, no_follow_up

SPLIT_FROM = 1_000
"""Leftovers of both sides from which the search and scoring are split: below, a fork
costs more than half of them (a few milliseconds)."""

SPLIT_BELOW = 40_000
"""Clauses of both documents from which the search is not split: the worker's pages (its
phrase runs, its part searches, the copies of the shared pages whose objects it reads) add
to this process's while the fuzzy stage holds much memory. The 5 MB peers pair (71,000
clauses) peaked at 281 MB total PSS split against 236 MB whole, past its 250 MB limit; at
40,000 clauses (about 2.8 MB a side) the same growth leaves about 160 MB."""

Edge = tuple[int, int]
"""A proposed pair: old and new leftover indices."""
Part = tuple[float, float]
"""A pair's best sub-clause unit: its cover and shared weight (`Affinity.part`)."""
Found = tuple[float, float | None, Part | None]
"""A proposed pair's shared weight, the ratio of its keys (None: below the floor, unread)
and its best unit (None: not searched)."""
T = TypeVar("T")
Half = tuple[dict[int, list[int]], dict[int, Column], list[tuple[Edge, Found]], T | None]
"""What one process found: its rows' tops, its column tops, its scored pairs, the aside's
answer (the worker's)."""


def search_in_two(
    oprof: Sequence[Profile],
    nprof: Sequence[Profile],
    idf: dict[str, float],
    limit: int,
    min_idf: float,
    floors: tuple[float, float],
    reads_part: Callable[[int, int, Affinity], bool],
    aside: Callable[[], T] | None = None,
) -> tuple[set[Edge], dict[Edge, Found], T | None] | None:
    """The pairs `candidates_both_ways` proposes, what some share, their ratio and best unit
    (`scored`; `floors`: the linking floor and the unit floor), and `aside`'s answer: the
    rows searched and their pairs scored partly in a forked worker, which then runs
    `aside`, partly here; None when the rows are too few to split.

    The index is built here, before the fork, and read by both. Each process scores its rows'
    top pairs and sends back its columns' tops, of which the merged tops are made (a column's
    top among all rows is among those of its parts); the pairs only a column proposes are
    left to the caller: scored in the worker from its half's columns, two in five would fall
    out of the merged tops (on the 1 MB pair, 11,554 pairs scored for 7,047 proposed)."""
    ograms = [p.grams for p in oprof]
    ngrams = [p.grams for p in nprof]
    flip = bigram_count(ngrams) < bigram_count(ograms)  # rows from the lighter side, as there
    rows, cols = (ngrams, ograms) if flip else (ograms, ngrams)
    groups = same_sets(rows)
    cost = [len(rows[g[0]]) for g in groups]
    there = share_of(cost, WORKER_SHARE if aside else 0.5)
    if not 0 < len(there) < len(groups):
        return None
    postings = rare_postings(cols, idf, min_idf, reachable(rows, cols))

    def oriented(k: int, c: int) -> Edge:
        return (c, k) if flip else (k, c)

    def half(job: tuple[list[list[int]], bool]) -> Half[T]:
        part, with_aside = job
        tops, columns = searched_rows(rows, part, postings, idf, limit, len(cols))
        ctops = column_tops(columns, limit)
        pairs = sorted(oriented(k, c) for k, top in tops.items() for c in top)
        found = scored(pairs, oprof, nprof, idf, floors, reads_part)
        return tops, ctops, found, aside() if aside and with_aside else None

    kept = set(there)
    jobs = [
        ([groups[g] for g in there], True),
        ([g for k, g in enumerate(groups) if k not in kept], False),
    ]
    # the costlier-said job goes to the worker, the other is this process's (`fork_map`)
    done = fork_map(half, jobs, 2, cost=[2.0, 1.0], here=no_follow_up)
    forward = {k: top for tops, _, _, _ in done for k, top in tops.items() if top}
    backward = backward_of(merged_columns((ctops for _, ctops, _, _ in done), limit))
    edges = {oriented(k, c) for k, top in forward.items() for c in top}
    edges |= {oriented(k, c) for c, top in backward.items() for k in top}
    found = {ij: got for _, _, pairs, _ in done for ij, got in pairs}
    return edges, found, done[0][3]


WORKER_SHARE = 0.35
"""The worker's share of the rows' cost when it also runs the aside work (the phrase
pairs, about a fifth of the search and scoring): this process then merges the answers."""


def share_of(cost: Sequence[float], share: float) -> list[int]:
    """Indices of items, spread over the list, whose cost makes about `share` of the whole
    (each item goes where its load falls furthest behind its share)."""
    mine, others = 0.0, 0.0
    out = []
    for k, c in enumerate(cost):
        if mine * (1 - share) <= others * share:
            out.append(k)
            mine += c
        else:
            others += c
    return out


def scored(
    pairs: Sequence[Edge],
    oprof: Sequence[Profile],
    nprof: Sequence[Profile],
    idf: dict[str, float],
    floors: tuple[float, float],
    reads_part: Callable[[int, int, Affinity], bool],
) -> list[tuple[Edge, Found]]:
    """Each pair with the weight its profiles share and, from the linking floor up, their
    keys' ratio, and the best unit of those whose unit `reads_part` says will be read (a
    pair of profiles met again, as repeated keys share one, is scored once)."""
    floor, unit_floor = floors
    memo: dict[tuple[int, int], tuple[float, float | None, Affinity | None]] = {}
    out: list[tuple[Edge, Found]] = []
    for i, j in pairs:
        po, pn = oprof[i], nprof[j]
        got = memo.get((id(po), id(pn)))
        if got is None:
            shared = weight(po.grams & pn.grams, idf)
            if shared < floor:
                got = (shared, None, None)
            else:
                ratio = key_ratio(po, pn)
                got = (shared, ratio, affinity(po, pn, idf, unit_floor, shared, ratio))
            memo[(id(po), id(pn))] = got
        shared, ratio, s = got
        part = s.part if s is not None and reads_part(i, j, s) else None
        out.append(((i, j), (shared, ratio, part)))
    return out
