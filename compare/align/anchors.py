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
from collections.abc import Iterable, Sequence
from heapq import heapify, heappop, heappush
from itertools import filterfalse, pairwise

Keys = Sequence[str]
Span = tuple[int, int, int, int]
"""Old start, old end, new start, new end (ends exclusive)."""


def anchor_exact(
    okeys: Sequence[str], nkeys: Sequence[str]
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pairs of identical non-empty keys, then the unpaired positions of both sides."""
    po, pn = positions(okeys), positions(nkeys)
    unique = unique_pairs(po, pn)
    basis = [unique[p] for p in increasing_run([j for _, j in unique])]
    paired = max(patience(okeys, nkeys, basis), nearest(po, pn, unique, basis), key=in_order_count)
    paired.update(leftover_by_key(okeys, nkeys, paired, pn))
    taken = set(paired.values())
    rest_old = list(filterfalse(paired.__contains__, range(len(okeys))))
    rest_new = list(filterfalse(taken.__contains__, range(len(nkeys))))
    return sorted(paired.items()), rest_old, rest_new


def in_order_count(paired: dict[int, int]) -> int:
    """How many pairs one longest increasing run keeps."""
    return increasing_length([paired[i] for i in sorted(paired)])


def increasing_length(seq: Iterable[int]) -> int:
    """The length of a longest strictly increasing subsequence of positions (all 0 or more)."""
    tails = [-1]  # below every position: the first always extends it
    extend = tails.append
    for v in seq:
        if v > tails[-1]:
            extend(v)
        else:
            tails[bisect_left(tails, v)] = v
    return len(tails) - 1


def unique_pairs(po: Positions, pn: Positions) -> list[tuple[int, int]]:
    """(old, new) positions of the keys found once on each side, in old order."""
    return sorted(
        (olds[0], news[0])
        for k, olds in po.items()
        if len(olds) == 1 and len(news := pn.get(k, ())) == 1
    )


def patience(
    okeys: Keys, nkeys: Keys, basis: Sequence[tuple[int, int]] | None = None
) -> dict[int, int]:
    """Patience-diff pairing of identical keys (unique anchors, gaps recursively, then greedy;
    `basis`: the whole ranges' unique anchors, `ordered_unique`, when known)."""
    whole = (0, len(okeys), 0, len(nkeys))
    paired: dict[int, int] = {}
    stack: list[Span] = []
    settle(
        okeys,
        nkeys,
        whole,
        ordered_unique(okeys, nkeys, whole) if basis is None else basis,
        paired,
        stack,
    )
    while stack:
        span = stack.pop()
        settle(okeys, nkeys, span, ordered_unique(okeys, nkeys, span), paired, stack)
    return paired


def settle(
    okeys: Keys,
    nkeys: Keys,
    span: Span,
    anchors: Sequence[tuple[int, int]],
    paired: dict[int, int],
    stack: list[Span],
) -> None:
    """Pair a span of `patience` by its `anchors` and push the gaps between them (a gap with
    one clause on a side is paired at once, `lone_pair`), or without anchors in order."""
    if not anchors:
        paired.update(in_order(okeys, nkeys, span))
        return
    paired.update(anchors)
    olo, ohi, nlo, nhi = span
    bounds = [(olo - 1, nlo - 1), *anchors, (ohi, nhi)]
    for (o1, n1), (o2, n2) in pairwise(bounds):
        if o2 - o1 > 1 and n2 - n1 > 1:
            if o2 - o1 == 2 or n2 - n1 == 2:
                found = lone_pair(okeys, nkeys, (o1 + 1, o2, n1 + 1, n2))
                if found:
                    paired[found[0]] = found[1]
            else:
                stack.append((o1 + 1, o2, n1 + 1, n2))


def lone_pair(okeys: Keys, nkeys: Keys, span: Span) -> tuple[int, int] | None:
    """In a gap holding one clause on a side, that clause and the first of the same key on
    the other side: what `ordered_unique` then `in_order` pair there (the only key of its
    side is unique, and paired with its only or its first occurrence)."""
    olo, ohi, nlo, nhi = span
    try:
        if ohi - olo == 1:
            return (olo, nkeys.index(okeys[olo], nlo, nhi)) if okeys[olo] else None
        return (okeys.index(nkeys[nlo], olo, ohi), nlo) if nkeys[nlo] else None
    except ValueError:  # not on the other side
        return None


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
        if tails and v <= tails[-1]:
            t = bisect_left(tails, v)
            tails[t], tail_at[t] = v, p
        else:  # a longer run: most steps, where the two texts run in order
            t = len(tails)
            tails.append(v)
            tail_at.append(p)
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


def leftover_by_key(
    okeys: Keys, nkeys: Keys, paired: dict[int, int], pn: Positions | None = None
) -> dict[int, int]:
    """Identical clauses the ordered passes left apart (moved text), paired in reading order
    (`pn`: `positions(nkeys)`, when known)."""
    where = positions(nkeys) if pn is None else pn
    taken = set(paired.values())
    slots: dict[str, list[int]] = {}
    out: dict[int, int] = {}
    for i in filterfalse(paired.__contains__, range(len(okeys))):
        k = okeys[i]
        free = slots.get(k)
        if free is None:  # the new occurrences of the key left free, on first need
            free = slots[k] = list(filterfalse(taken.__contains__, where.get(k, ())))
        if free:
            out[i] = free.pop(0)
    return out


DIGITS = "0-9０-９.．%％"
CHINESE_DIGITS = "〇零一二两三四五六七八九十百千万亿"
NUMERALS = re.compile(
    f"[{DIGITS}{CHINESE_DIGITS}]"
    f"(?:(?<=[{DIGITS}])[{DIGITS}]*|(?<=[{CHINESE_DIGITS}])[{CHINESE_DIGITS}]*)"
)
"""A run of digits or one of Chinese numerals (`[digits]+|[Chinese numerals]+`, opening with
the class of either, which the regex engine skips to; the lookbehind goes on in its kind)."""


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
    taken = {j for _, j in exact}
    free: dict[str, list[int]] = defaultdict(list)
    for j in filterfalse(taken.__contains__, range(len(nkeys))):
        template, numbers = NUMERALS.subn("#", nkeys[j])
        if numbers:
            free[template].append(j)

    def spot(template: str, i: int) -> tuple[list[int], int] | None:
        """The free new sentences of `template`, and the first one in old `i`'s stretch."""
        spots = free.get(template)
        if not spots:
            return None
        k = bisect_left(run, (i, -1))
        lo = run[k - 1][1] if k else -1
        hi = run[k][1] if k < len(run) else len(nkeys)
        first = bisect_right(spots, lo)
        return (spots, first) if first < len(spots) and spots[first] < hi else None

    given_up = set()
    for i, j in filterfalse(set(run).__contains__, exact):
        template, numbers = NUMERALS.subn("#", okeys[i])
        if numbers and spot(template, i):
            insort(free[numeral_template(nkeys[j])], j)
            given_up.add((i, j))
    kept = [p for p in exact if p not in given_up] if given_up else list(exact)
    paired = {i for i, _ in kept}
    twins = []
    for i in filterfalse(paired.__contains__, range(len(okeys))):
        template, numbers = NUMERALS.subn("#", okeys[i])
        found = spot(template, i) if numbers else None
        if found:
            spots, first = found
            twins.append((i, spots.pop(first)))
    return kept, twins


MAX_PAIRINGS = 200_000
"""Beyond this many candidate pairings for one repeated key, its occurrences pair in order."""

Positions = dict[str, list[int]]
"""Each non-empty key with where it occurs, in reading order."""


def nearest(
    po: Positions,
    pn: Positions,
    unique: Sequence[tuple[int, int]],
    basis: Sequence[tuple[int, int]],
) -> dict[int, int]:
    """The keys found once on each side paired (`unique`); the occurrences of a repeated key
    by nearness to where the in-order unique pairs (`basis`) point."""
    paired = dict(unique)
    starts = [o for o, _ in basis]
    for k, olds in po.items():
        news = pn.get(k)
        if news and (len(olds) > 1 or len(news) > 1):
            expected = [expected_new(i, starts, basis) for i in olds]
            paired.update(pair_repeats(olds, news, expected))
    return paired


def positions(keys: Keys) -> Positions:
    """Where each non-empty key occurs, in reading order."""
    out: dict[str, list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        if k:
            out[k].append(i)
    return out


def expected_new(oi: int, starts: Sequence[int], basis: Sequence[tuple[int, int]]) -> int:
    """Where old position `oi` should land in the new text, judging by the nearest anchor
    before (`starts`: the old positions of the `basis` pairs)."""
    k = bisect_left(starts, oi) - 1
    if k < 0:
        return oi
    o, n = basis[k]
    return n + (oi - o)


def pair_repeats(
    olds: Sequence[int], news: Sequence[int], expected: Sequence[int]
) -> dict[int, int]:
    """Pair the occurrences of a repeated key, the closest of all (old, new) pairs to an old
    occurrence's `expected` new position first (ties: the earlier old, then new position).
    Each old occurrence offers its nearest new one still free; the closest offer is taken,
    and an offer whose new occurrence was taken meanwhile gives way to that old one's next."""
    if len(olds) * len(news) > MAX_PAIRINGS:
        return dict(zip(olds, news, strict=False))
    reach = [[e, (r := bisect_left(news, e)) - 1, r] for e in expected]
    used: set[int] = set()
    offers = [next_offer(news, reach[s], used, i, s) for s, i in enumerate(olds)]
    heapify(offers)  # news is not empty: every old occurrence offers one
    out: dict[int, int] = {}
    while offers and len(used) < len(news):
        offer = heappop(offers)
        _, i, j, s = offer
        if j not in used:
            used.add(j)
            out[i] = j
        elif (offer := next_offer(news, reach[s], used, i, s)) is not None:
            heappush(offers, offer)
    return out


def next_offer(
    news: Sequence[int], reach: list[int], used: set[int], i: int, s: int
) -> tuple[int, int, int, int] | None:
    """Old occurrence `i` (the `s`th)'s nearest free new occurrence not offered yet, as
    (distance, i, new position, s); `reach` (its expected position and the indices of the
    next candidates below and from it) moves past it. Ties go to the earlier new position."""
    e, left, right = reach
    while left >= 0 and news[left] in used:
        left -= 1
    while right < len(news) and news[right] in used:
        right += 1
    if right < len(news) and (left < 0 or news[right] - e < e - news[left]):
        reach[1], reach[2] = left, right + 1
        return (news[right] - e, i, news[right], s)
    if left >= 0:
        reach[1], reach[2] = left - 1, right
        return (e - news[left], i, news[left], s)
    return None
