"""Exact anchoring: pair clauses whose match keys are identical, cheaply and order-aware.

Two pairings are made and the one keeping more clauses in order wins:

- patience diff: keys occurring once in both ranges anchor the order (their longest increasing
  run), the gaps between anchors are solved the same way, and what is left in a gap is paired
  greedily in order;
- nearest: keys unique on both sides are paired, and each repeated key's occurrences go to the
  free occurrences nearest where the in-order unique pairs put them.

Patience is best when most sentences are unique; nearest holds up when whole passages repeat
(few unique sentences, some matching by accident far away). Identical clauses left over (a
moved paragraph, a repeat elsewhere) are paired by key last.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import pairwise

Keys = Sequence[str]
Span = tuple[int, int, int, int]
"""Old start, old end, new start, new end (ends exclusive)."""


def anchor_exact(
    okeys: Sequence[str], nkeys: Sequence[str]
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pairs of identical non-empty keys, then the unpaired positions of both sides."""
    paired = max(patience(okeys, nkeys), nearest(okeys, nkeys), key=in_order_count)
    paired.update(leftover_by_key(okeys, nkeys, paired))
    taken = set(paired.values())
    rest_old = [i for i in range(len(okeys)) if i not in paired]
    rest_new = [j for j in range(len(nkeys)) if j not in taken]
    return sorted(paired.items()), rest_old, rest_new


def in_order_count(paired: dict[int, int]) -> int:
    """How many pairs one longest increasing run keeps."""
    return len(increasing_run([paired[i] for i in sorted(paired)]))


def patience(okeys: Keys, nkeys: Keys) -> dict[int, int]:
    """Patience-diff pairing of identical keys (unique anchors, gaps recursively, then greedy)."""
    paired: dict[int, int] = {}
    stack = [(0, len(okeys), 0, len(nkeys))]
    while stack:
        span = stack.pop()
        anchors = ordered_unique(okeys, nkeys, span)
        if not anchors:
            paired.update(in_order(okeys, nkeys, span))
            continue
        paired.update(anchors)
        olo, ohi, nlo, nhi = span
        bounds = [(olo - 1, nlo - 1), *anchors, (ohi, nhi)]
        for (o1, n1), (o2, n2) in pairwise(bounds):
            if o2 - o1 > 1 and n2 - n1 > 1:
                stack.append((o1 + 1, o2, n1 + 1, n2))
    return paired


def ordered_unique(okeys: Keys, nkeys: Keys, span: Span) -> list[tuple[int, int]]:
    """Keys found exactly once in both ranges, kept where their order agrees (longest run)."""
    olo, ohi, nlo, nhi = span
    co = Counter(okeys[olo:ohi])
    cn = Counter(nkeys[nlo:nhi])
    where = {k: j for j in range(nlo, nhi) if cn[k := nkeys[j]] == 1 and k}
    pairs = [(i, where[k]) for i in range(olo, ohi) if co[k := okeys[i]] == 1 and k in where]
    return [pairs[p] for p in increasing_run([j for _, j in pairs])]


def increasing_run(seq: Sequence[int]) -> list[int]:
    """Positions of one longest strictly increasing subsequence, in order."""
    tails: list[int] = []
    tail_at: list[int] = []
    parent = [-1] * len(seq)
    for p, v in enumerate(seq):
        t = bisect_left(tails, v)
        if t == len(tails):
            tails.append(v)
            tail_at.append(p)
        else:
            tails[t], tail_at[t] = v, p
        parent[p] = tail_at[t - 1] if t else -1
    run: list[int] = []
    p = tail_at[-1] if tail_at else -1
    while p >= 0:
        run.append(p)
        p = parent[p]
    return run[::-1]


def in_order(okeys: Keys, nkeys: Keys, span: Span) -> dict[int, int]:
    """Within a gap with no unique anchor: each old key to its next occurrence, in order."""
    olo, ohi, nlo, nhi = span
    slots: dict[str, list[int]] = defaultdict(list)
    for j in range(nlo, nhi):
        if nkeys[j]:
            slots[nkeys[j]].append(j)
    out: dict[int, int] = {}
    cursor = nlo - 1
    for i in range(olo, ohi):
        free = slots.get(okeys[i])
        if not free:
            continue
        k = bisect_left(free, cursor + 1)
        if k < len(free):
            out[i] = cursor = free.pop(k)
    return out


def leftover_by_key(okeys: Keys, nkeys: Keys, paired: dict[int, int]) -> dict[int, int]:
    """Identical clauses the ordered passes left apart (moved text), paired in reading order."""
    taken = set(paired.values())
    slots: dict[str, list[int]] = defaultdict(list)
    for j, k in enumerate(nkeys):
        if k and j not in taken:
            slots[k].append(j)
    out: dict[int, int] = {}
    for i, k in enumerate(okeys):
        if i not in paired and slots.get(k):
            out[i] = slots[k].pop(0)
    return out


NUMERALS = re.compile(r"[0-9０-９.．%％]+|[〇零一二两三四五六七八九十百千万亿]+")


def numeral_template(key: str) -> str:
    """A key with every run of digits or Chinese numerals as `#`: the sentence it is built on."""
    return NUMERALS.sub("#", key)


def numeral_twins(
    okeys: Keys, nkeys: Keys, exact: Sequence[tuple[int, int]]
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Sentences changed only in their numbers, paired where they stand: (exact pairs kept,
    twin pairs). An amendment raising each article's figure (一万元 → 五万元 in one article,
    五万元 → 十万元 in the next) repeats one article's old wording in another; an identical
    key paired out of order is given up when the new text, between the in-order pairs around
    the old sentence, holds an unpaired sentence of the same template (`numeral_template`)
    with other numbers. Then every unpaired old sentence holding numbers is paired with the
    first unpaired new sentence of its template in that stretch."""
    run = [exact[p] for p in increasing_run([j for _, j in exact])]
    in_run = set(run)
    taken = {j for _, j in exact}
    free: dict[str, list[int]] = defaultdict(list)
    for j, k in enumerate(nkeys):
        if k and j not in taken and NUMERALS.search(k):
            free[numeral_template(k)].append(j)

    def spot(i: int) -> tuple[list[int], int] | None:
        """The free new sentences of old `i`'s template, and the first one in its stretch."""
        spots = free.get(numeral_template(okeys[i]), [])
        k = bisect_left(run, (i, -1))
        lo = run[k - 1][1] if k else -1
        hi = run[k][1] if k < len(run) else len(nkeys)
        first = bisect_right(spots, lo)
        return (spots, first) if first < len(spots) and spots[first] < hi else None

    kept = []
    for i, j in exact:
        if (i, j) not in in_run and NUMERALS.search(okeys[i]) and spot(i):
            insort(free[numeral_template(nkeys[j])], j)
        else:
            kept.append((i, j))
    paired = {i for i, _ in kept}
    twins = []
    for i, k in enumerate(okeys):
        if i in paired or not k or not NUMERALS.search(k):
            continue
        found = spot(i)
        if found:
            spots, first = found
            twins.append((i, spots.pop(first)))
    return kept, twins


MAX_PAIRINGS = 200_000
"""Beyond this many candidate pairings for one repeated key, its occurrences pair in order."""


def nearest(okeys: Keys, nkeys: Keys) -> dict[int, int]:
    """Unique keys paired; repeated keys by nearness to where the in-order unique pairs point."""
    po, pn = positions(okeys), positions(nkeys)
    shared = [k for k in po if k in pn]
    unique = sorted((po[k][0], pn[k][0]) for k in shared if len(po[k]) == 1 == len(pn[k]))
    basis = [unique[p] for p in increasing_run([j for _, j in unique])]
    paired = dict(unique)
    for k in shared:
        if not len(po[k]) == 1 == len(pn[k]):
            paired.update(pair_repeats(po[k], pn[k], basis))
    return paired


def positions(keys: Keys) -> dict[str, list[int]]:
    """Where each non-empty key occurs, in reading order."""
    out: dict[str, list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        if k:
            out[k].append(i)
    return out


def expected_new(oi: int, basis: Sequence[tuple[int, int]]) -> int:
    """Where old position `oi` should land in the new text, judging by the nearest anchor before."""
    k = bisect_right(basis, (oi, -1)) - 1
    if k < 0:
        return oi
    o, n = basis[k]
    return n + (oi - o)


def pair_repeats(
    olds: Sequence[int], news: Sequence[int], basis: Sequence[tuple[int, int]]
) -> dict[int, int]:
    """Pair the occurrences of a repeated key, closest to the expected position first."""
    if len(olds) * len(news) > MAX_PAIRINGS:
        return dict(zip(olds, news, strict=False))
    expected = [(i, expected_new(i, basis)) for i in olds]
    options = sorted((abs(j - e), i, j) for i, e in expected for j in news)
    used: set[int] = set()
    out: dict[int, int] = {}
    for _, i, j in options:
        if i not in out and j not in used:
            used.add(j)
            out[i] = j
    return out
