"""The evidence context's shortcuts give the results of the plain computation they replace:
top proposals, feature weights, a pair's score and share, and its evidence."""

from __future__ import annotations

import heapq
import math
import operator
from collections import Counter
from dataclasses import replace
from itertools import chain

import pytest
from aligntools import S2019, S2020, doc, seed
from hypothesis import given
from hypothesis import strategies as st

from compare.align import evidence as ev
from compare.align.decide import make_context
from compare.align.ranking import Index, best_keys


def plain_best_keys(acc: dict[int, float], limit: int) -> list[int]:
    """The top proposals as `heapq.nlargest` gave them."""
    top = heapq.nlargest(limit, zip(acc.values(), map(operator.neg, acc), strict=True))
    return [-k for _, k in top]


@given(
    st.dictionaries(
        st.integers(0, 400),
        st.sampled_from([0.5, 1.25, 2.0, 2.0000000000000004, 3.7, 1e-3]),  # ties are common
        max_size=60,
    ),
    st.integers(0, 15),
)
def test_best_keys_are_the_largest_with_ties_in_key_order(acc, limit):
    assert best_keys(acc, limit) == plain_best_keys(acc, limit)


def plain_rarities(old, new, names) -> list[float]:
    """Each feature's weight computed on its own, as first written."""
    n = len(old) + len(new)
    step = max(1, -(-n // ev.SAMPLE))
    sample = (ev.held_features(c.key, ev.is_title(c)) for c in [*old, *new][::step])
    df = Counter(chain.from_iterable(ev.every_feature(h[1], h[2]) for h in sample))
    rare = ev.idf(n, step)
    return [(ev.idf(n, df[f] * step) if f in df else rare) * ev.factor(f) for f in names]


@pytest.mark.parametrize("sample", [ev.SAMPLE, 97])
def test_weights_equal_those_computed_feature_by_feature(monkeypatch, sample):
    monkeypatch.setattr(ev, "SAMPLE", sample)  # 97: a sample step above 1, unseen features
    old, new = seed(S2019).clauses, seed(S2020).clauses
    sp = ev.space(old, new, range(len(old)), range(len(new)))
    assert any(ev.factor(f) != 1.0 for f in sp.names)  # objects, places or senses weighed
    got = ev.rarities(old, new, sp.names)
    assert list(map(float.hex, got)) == list(map(float.hex, plain_rarities(old, new, sp.names)))


def small_space(zero_old: int) -> ev.Space:
    """A two-clause old side against 60 seed clauses, old clause `zero_old` and new clause 0
    as clauses without features (norm 0)."""
    old = doc("一、总则\n推进呼包鄂乌一体化发展，加快和林格尔新区建设。\n").clauses
    new = seed(S2020).clauses[:60]
    sp = ev.space(old, new, range(len(old)), range(len(new)))
    sp.old_norm[zero_old] = sp.new_norm[0] = 0.0
    return sp


def test_measures_are_the_score_and_share_of_the_pair():
    sp = small_space(0)  # both measures 0 for a clause without features
    for i in sp.old:
        for j in sp.new:
            assert sp.measures(i, j) == (sp.score(i, j), sp.carried(i, j))


def test_measured_is_measures_pair_by_pair_both_ways():
    sp = small_space(1)
    for i in sp.old:
        assert sp.measured(i, list(sp.new), True) == [(j, *sp.measures(i, j)) for j in sp.new]
    for j in sp.new:
        assert sp.measured(j, list(sp.old), False) == [(i, *sp.measures(i, j)) for i in sp.old]


def test_evidence_records_its_section_as_the_plain_copy_did():
    old, new = seed(S2019), seed(S2020)
    ctx = make_context(old.clauses, new.clauses, [])
    pairs = [(i, j) for i, found in ctx.forward.items() for j, *_ in found][:80]
    assert pairs
    for i, j in pairs:
        for flag in (False, True):
            plain = replace(ev.evidence(ctx.space, i, j), same_section=flag)
            assert ev.evidence(ctx.space, i, j, flag) == plain


def test_rankings_hold_each_pair_s_share():
    old, new = seed(S2019).clauses, seed(S2020).clauses
    ctx = make_context(old, new, [])
    sp = ctx.space
    for i, found in ctx.forward.items():
        assert all((s, c) == (sp.score(i, j), sp.carried(i, j)) for j, s, c in found)
    for j, found in ctx.backward.items():
        assert all((s, c) == (sp.score(i, j), sp.carried(i, j)) for i, s, c in found)
    assert not math.isnan(sum(c for f in ctx.forward.values() for *_, c in f))


def test_the_index_counts_every_feature_and_posts_the_rare_ones():
    old, new = seed(S2019).clauses, seed(S2020).clauses
    sp = ev.space(old, new, range(len(old)), range(len(new)))
    index = Index(sp, sp.new, 20)
    counts = Counter(f for h in sp.new.values() for f in set(h.ids))
    assert index.over and all(index.held_by(f) == n for f, n in counts.items())
    assert index.postings.keys() == {f for f, n in counts.items() if n <= 20}
    assert index.held_by(len(sp.names)) == 0  # a feature no clause holds
    assert len(sp.names) not in index.postings  # asking did not add it
