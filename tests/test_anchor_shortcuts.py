"""Exact anchoring's shortcuts pair what the plain passes they replace paired."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections import defaultdict
from itertools import pairwise

from aligntools import S2013, S2019, S2020, seed
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.align import anchors
from compare.align.link import anchor_key

PLAIN_NUMERALS = re.compile(r"[0-9０-９.．%％]+|[〇零一二两三四五六七八九十百千万亿]+")
"""The numeral runs as first written: two alternatives, no class to skip to."""


def plain_run(seq: list[int]) -> list[int]:
    """A longest strictly increasing subsequence's positions, every step by bisection."""
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
    out, p = [], tail_at[-1] if tail_at else -1
    while p >= 0:
        out.append(p)
        p = parent[p]
    return out[::-1]


def plain_patience(okeys: list[str], nkeys: list[str]) -> dict[int, int]:
    """Patience pairing with every gap solved by the unique then the in-order pass."""
    paired: dict[int, int] = {}
    stack = [(0, len(okeys), 0, len(nkeys))]
    while stack:
        span = stack.pop()
        found = anchors.ordered_unique(okeys, nkeys, span)
        if not found:
            paired.update(anchors.in_order(okeys, nkeys, span))
            continue
        paired.update(found)
        olo, ohi, nlo, nhi = span
        for (o1, n1), (o2, n2) in pairwise([(olo - 1, nlo - 1), *found, (ohi, nhi)]):
            if o2 - o1 > 1 and n2 - n1 > 1:
                stack.append((o1 + 1, o2, n1 + 1, n2))
    return paired


def plain_nearest(okeys: list[str], nkeys: list[str]) -> dict[int, int]:
    """Unique keys paired, then each repeated key's pairings sorted by distance and taken."""
    po, pn = defaultdict(list), defaultdict(list)
    for keys, where in ((okeys, po), (nkeys, pn)):
        for i, k in enumerate(keys):
            if k:
                where[k].append(i)
    shared = [k for k in po if k in pn]
    unique = sorted((po[k][0], pn[k][0]) for k in shared if len(po[k]) == 1 == len(pn[k]))
    basis = [unique[p] for p in plain_run([j for _, j in unique])]
    paired = dict(unique)
    for k in (k for k in shared if not len(po[k]) == 1 == len(pn[k])):
        paired.update(plain_repeats(po[k], pn[k], basis))
    return paired


def plain_repeats(olds: list[int], news: list[int], basis: list[tuple[int, int]]) -> dict:
    """Every (distance, old, new) option sorted, then taken where both are still free."""
    if len(olds) * len(news) > anchors.MAX_PAIRINGS:
        return dict(zip(olds, news, strict=False))
    expected = []
    for i in olds:
        k = bisect_right(basis, (i, -1)) - 1
        expected.append((i, i if k < 0 else basis[k][1] + i - basis[k][0]))
    return sorted_scan(sorted((abs(j - e), i, j) for i, e in expected for j in news))


def sorted_scan(options: list[tuple[int, int, int]]) -> dict[int, int]:
    """Options taken in order where neither side is taken yet."""
    used, out = set(), {}
    for _, i, j in options:
        if i not in out and j not in used:
            used.add(j)
            out[i] = j
    return out


def plain_anchor_exact(okeys: list[str], nkeys: list[str]) -> list[tuple[int, int]]:
    """The better of the two plain pairings, then identical leftovers in reading order."""
    paired = max(
        plain_patience(okeys, nkeys), plain_nearest(okeys, nkeys), key=plain_in_order_count
    )
    taken = set(paired.values())
    slots = defaultdict(list)
    for j, k in enumerate(nkeys):
        if k and j not in taken:
            slots[k].append(j)
    for i, k in enumerate(okeys):
        if i not in paired and slots.get(k):
            paired[i] = slots[k].pop(0)
    return sorted(paired.items())


def plain_in_order_count(paired: dict[int, int]) -> int:
    """The length of the plain increasing run of a pairing."""
    return len(plain_run([paired[i] for i in sorted(paired)]))


def plain_twins(okeys: list[str], nkeys: list[str], exact: list[tuple[int, int]]) -> tuple:
    """Numeral twins with the plain pattern searched, then substituted, key by key."""
    run = [exact[p] for p in plain_run([j for _, j in exact])]
    taken = {j for _, j in exact}
    free = defaultdict(list)
    for j, k in enumerate(nkeys):
        if k and j not in taken and PLAIN_NUMERALS.search(k):
            free[PLAIN_NUMERALS.sub("#", k)].append(j)

    def spot(i: int):
        spots = free.get(PLAIN_NUMERALS.sub("#", okeys[i]), [])
        k = bisect_left(run, (i, -1))
        lo, hi = run[k - 1][1] if k else -1, run[k][1] if k < len(run) else len(nkeys)
        first = bisect_right(spots, lo)
        return (spots, first) if first < len(spots) and spots[first] < hi else None

    kept = []
    for i, j in exact:
        if (i, j) not in set(run) and PLAIN_NUMERALS.search(okeys[i]) and spot(i):
            insort(free[PLAIN_NUMERALS.sub("#", nkeys[j])], j)
        else:
            kept.append((i, j))
    twins, paired = [], {i for i, _ in kept}
    for i, k in enumerate(okeys):
        if i not in paired and k and PLAIN_NUMERALS.search(k) and (found := spot(i)):
            twins.append((i, found[0].pop(found[1])))
    return kept, twins


def assert_same_anchoring(okeys: list[str], nkeys: list[str]) -> None:
    """anchor_exact and numeral_twins give what the plain passes give."""
    pairs, rest_old, rest_new = anchors.anchor_exact(okeys, nkeys)
    assert pairs == plain_anchor_exact(okeys, nkeys)
    assert rest_old == sorted(set(range(len(okeys))) - {i for i, _ in pairs})
    assert rest_new == sorted(set(range(len(nkeys))) - {j for _, j in pairs})
    assert anchors.numeral_twins(okeys, nkeys, pairs) == plain_twins(okeys, nkeys, pairs)


def test_seed_pairs_anchor_as_the_plain_passes_do():
    docs = [seed(name) for name in (S2013, S2019, S2020)]
    for old, new in pairwise(docs):
        okeys = [anchor_key(c) for c in old.clauses]
        nkeys = [anchor_key(c) for c in new.clauses]
        assert_same_anchoring(okeys, nkeys)
        assert_same_anchoring(okeys[::-1], nkeys)  # out of order: repeats, gaps, leftovers


KEYS = ["", "甲", "乙", "丙", "丁", "罚款一万元", "罚款五万元", "罚款10万元", "第3.5条", "戊"]
"""Few keys, so that lists repeat them: repeated keys, lone gaps and numeral twins."""


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(KEYS), max_size=40),
    st.lists(st.sampled_from(KEYS), max_size=40),
)
def test_anchoring_matches_the_plain_passes(okeys, nkeys):
    assert_same_anchoring(okeys, nkeys)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(0, 60), min_size=1, max_size=12, unique=True),
    st.lists(st.integers(0, 60), min_size=1, max_size=12, unique=True),
    st.lists(st.integers(-5, 70), min_size=12, max_size=12),
)
def test_repeats_pair_as_the_sorted_options_do(olds, news, expected):
    olds, news, expected = sorted(olds), sorted(news), expected[: len(olds)]
    options = zip(olds, expected, strict=True)
    want = sorted_scan(sorted((abs(j - e), i, j) for i, e in options for j in news))
    assert anchors.pair_repeats(olds, news, expected) == want


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 30), max_size=40))
def test_increasing_runs_are_the_plain_ones(seq):
    assert anchors.increasing_run(seq) == plain_run(seq)
    assert anchors.increasing_length(seq) == len(plain_run(seq))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="0123４5.．%％〇零一二两十百千万亿元年第条a#", max_size=30))
def test_numeral_runs_are_the_plain_ones(text):
    assert anchors.numeral_template(text) == PLAIN_NUMERALS.sub("#", text)
    assert anchors.NUMERALS.subn("#", text) == PLAIN_NUMERALS.subn("#", text)
