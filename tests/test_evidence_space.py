"""The evidence space's compact form and its reuse give the results of the plain computation."""

from __future__ import annotations

import heapq
import math
from array import array
from functools import cache

import pytest
from aligntools import S2013, S2019, S2020, SEEDS, doc, seed
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.align.decide import RANKED, Context, build_context, make_context
from compare.align.evidence import Space, evidence, features, is_title, shared_runs, space
from compare.align.link import align
from compare.align.ranking import ranked
from compare.model import Clause, Document, Link, Settings

S2021I = "2021-10-31_hubaoewu-integration-plan.txt"
PAIRS = [(S2013, S2019), (S2019, S2020), (S2020, S2021I)]
MAX_DF = 40


def plain_features(c: Clause) -> frozenset[str]:
    """Every evidence feature of a clause, as the set of strings `features` gives."""
    return features(c.key, is_title(c)).all


def weight_of(sp: Space) -> dict[str, float]:
    """The weight of every feature the space numbers, by name."""
    return dict(zip(sp.names, sp.weights, strict=True))


def plain_cosine(a: frozenset[str], b: frozenset[str], w: dict[str, float]) -> float:
    """The cosine of two feature sets of strings, as the space scored them before ids."""
    norm = math.sqrt(math.fsum(w[f] ** 2 for f in a)) * math.sqrt(math.fsum(w[f] ** 2 for f in b))
    return math.fsum(w[f] ** 2 for f in a & b) / norm if norm else 0.0


def plain_ranking(sp: Space, old: list[Clause], new: list[Clause], i: int) -> list[int]:
    """An old clause's proposed new clauses, walking every new clause instead of an index."""
    w = weight_of(sp)
    query = plain_features(old[i])
    held = {j: plain_features(new[j]) for j in sp.new}
    df = {f: sum(f in fs for fs in held.values()) for f in query}
    acc = {}
    for j, fs in held.items():
        shared = sorted(f for f in query & fs if df[f] <= MAX_DF)
        if shared:
            total = 0.0
            for f in shared:  # the index's order of float additions
                total += w[f] ** 2
            acc[j] = total
    return [-k for _, k in heapq.nlargest(2 * RANKED, ((s, -j) for j, s in acc.items()))]


@pytest.fixture(scope="module", params=PAIRS, ids=lambda p: f"{p[0][:4]}-{p[1][:4]}")
def pair(request):
    old, new = seed(request.param[0]), seed(request.param[1])
    return old.clauses, new.clauses


def test_scores_over_ids_equal_the_cosine_of_the_string_sets(pair):
    old, new = pair
    sp = space(old, new, range(len(old)), range(len(new)))
    w = weight_of(sp)
    for i in range(0, len(old), 7):
        for j in range(0, len(new), 11):
            want = plain_cosine(plain_features(old[i]), plain_features(new[j]), w)
            assert sp.score(i, j) == pytest.approx(want, abs=1e-9)
    assert all(isinstance(h.ids, array) for h in sp.old.values())


def test_rankings_equal_a_walk_over_every_clause(pair):
    old, new = pair
    sp = space(old, new, range(len(old)), range(len(new)))
    queries = list(range(0, len(old), 5))
    found = ranked(sp, queries, True, RANKED, MAX_DF)
    for i in queries:
        proposed = plain_ranking(sp, list(old), list(new), i)
        want = [(j, sp.score(i, j)) for j in proposed if sp.new_norm[j]]
        want = [(j, s) for j, s in want if sp.new[j].title == sp.old[i].title]
        assert [(j, s) for j, s, _ in found[i]] == sorted(want, key=lambda e: (-e[1], e[0]))
        assert all(c == sp.carried(i, j) for j, _, c in found[i])


def same_context(a, b) -> bool:
    """Two contexts with the same rankings, sections and norms."""
    return (
        a.forward == b.forward
        and a.backward == b.backward
        and a.sections == b.sections
        and a.space.old_norm == b.space.old_norm
        and a.space.new_norm == b.space.new_norm
    )


@cache
def edited_pair() -> tuple[Document, Document]:
    """A seed and a version of it with every ninth line dropped and every fourth one grown:
    most clauses anchored exactly."""
    text = (SEEDS / S2021I).read_text(encoding="utf-8")
    lines = text.splitlines()
    kept = [ln + "加强统筹协调。" if n % 4 == 1 else ln for n, ln in enumerate(lines) if n % 9 != 5]
    return doc(text, "a.txt"), doc("\n".join(kept), "b.txt")


def grown_and_fresh(first: list[Link], later: list[Link]) -> tuple[Context, Context, Context]:
    """The context of `first`, and those of `later` grown from it and made afresh."""
    old, new = edited_pair()
    earlier = make_context(old.clauses, new.clauses, first)
    grown = build_context(old.clauses, new.clauses, later, earlier)
    return earlier, grown, build_context(old.clauses, new.clauses, later, None)


@pytest.mark.parametrize("fewer_later", [True, False])
def test_a_context_grown_from_an_earlier_one_equals_one_made_afresh(fewer_later):
    old, new = edited_pair()
    links = list(align(old, new, Settings()))
    fewer = [k for n, k in enumerate(links) if k.how != "exact" or n % 3]
    assert len(links) - len(fewer) > 100
    earlier, grown, fresh = grown_and_fresh(*((links, fewer) if fewer_later else (fewer, links)))
    assert same_context(grown, fresh)
    kept = grown.space.old.keys() & earlier.space.old.keys()
    assert kept and all(grown.space.old[i] is earlier.space.old[i] for i in kept)


@settings(max_examples=10, deadline=None)
@given(data=st.data())
def test_a_context_grown_after_any_links_taken_back_equals_one_made_afresh(data):
    old, new = edited_pair()
    links = list(align(old, new, Settings()))
    picked = data.draw(st.sets(st.integers(0, len(links) - 1), max_size=120))
    fewer = [k for n, k in enumerate(links) if n not in picked]
    first, later = (links, fewer) if data.draw(st.booleans()) else (fewer, links)
    _, grown, fresh = grown_and_fresh(first, later)
    assert same_context(grown, fresh)


@settings(max_examples=25, deadline=None)
@given(calls=st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), min_size=1, max_size=30))
def test_scores_asked_in_any_order_equal_the_cosine_of_the_string_sets(calls):
    old, new = seed(S2019).clauses, seed(S2020).clauses
    sp = space(old, new, range(len(old)), range(len(new)))
    w = weight_of(sp)
    for i, j in calls:  # the space remembers the sets of the clauses scored last
        want = plain_cosine(plain_features(old[i]), plain_features(new[j]), w)
        assert sp.score(i, j) == pytest.approx(want, abs=1e-9)


PLACES = (
    "一、协同\n支持呼和浩特市、包头市、鄂尔多斯市共建和林格尔新区综合保税区。\n",
    "一、协同\n推动呼和浩特市、包头市、鄂尔多斯市、乌兰察布市共建和林格尔新区综合保税区。\n",
)


def test_shared_terms_read_from_shared_features_equal_those_read_from_every_feature(pair):
    old, new = pair
    a, b = doc(PLACES[0], "a.txt").clauses, doc(PLACES[1], "b.txt").clauses
    for old_side, new_side in ((old, new), (a, b)):
        sp = space(old_side, new_side, range(len(old_side)), range(len(new_side)))
        for i in range(0, len(old_side), 3):
            for j in (k for k, *_ in ranked(sp, [i], True, RANKED, MAX_DF)[i]):
                every = sp.named(sp.new[j])  # all the new clause's features, as before
                assert evidence(sp, i, j).terms == shared_runs(sp.old[i].key, every)[:5]
    assert not space(a, b, [1], [1]).old[1].whole  # its list of places is left out of features
