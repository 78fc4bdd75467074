"""Exact anchoring: pair clauses whose match keys are identical, cheaply and order-aware."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence

MAX_PAIRINGS = 200_000
"""Beyond this many candidate pairings for one repeated key, repeats are paired in order."""


def positions(keys: Sequence[str]) -> dict[str, list[int]]:
    """Where each non-empty key occurs, in reading order."""
    out: dict[str, list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        if k:
            out[k].append(i)
    return out


def anchor_exact(
    okeys: Sequence[str], nkeys: Sequence[str]
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pair identical keys: unique ones first, repeats by nearness to where the anchors put them."""
    po, pn = positions(okeys), positions(nkeys)
    shared = [k for k in po if k in pn]
    unique = sorted((po[k][0], pn[k][0]) for k in shared if len(po[k]) == 1 == len(pn[k]))
    pairs = list(unique)
    for k in shared:
        if not (len(po[k]) == 1 == len(pn[k])):
            pairs += pair_repeats(po[k], pn[k], unique)
    taken_old = {i for i, _ in pairs}
    taken_new = {j for _, j in pairs}
    rest_old = [i for i in range(len(okeys)) if i not in taken_old]
    rest_new = [j for j in range(len(nkeys)) if j not in taken_new]
    return sorted(pairs), rest_old, rest_new


def expected_new(oi: int, unique: Sequence[tuple[int, int]]) -> int:
    """Where old position `oi` should land in the new text, judging by the nearest anchor before."""
    k = bisect_right(unique, (oi, -1)) - 1
    if k < 0:
        return oi
    o, n = unique[k]
    return n + (oi - o)


def pair_repeats(
    olds: Sequence[int], news: Sequence[int], unique: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Pair the occurrences of a repeated key, closest to the expected position first."""
    if len(olds) * len(news) > MAX_PAIRINGS:
        return list(zip(olds, news, strict=False))
    options = sorted((abs(j - expected_new(i, unique)), i, j) for i in olds for j in news)
    used_o: set[int] = set()
    used_n: set[int] = set()
    out = []
    for _, i, j in options:
        if i not in used_o and j not in used_n:
            used_o.add(i)
            used_n.add(j)
            out.append((i, j))
    return out
