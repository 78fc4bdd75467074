"""The fuzzy stage's search and scoring shared with a forked worker: the links of one process."""

from __future__ import annotations

import os

import pytest
from aligntools import S2013, S2019, S2020, seed
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.align import candidates as cand
from compare.align import link, split
from compare.align.link import align
from compare.model import Settings

OUTLINE = "2021-02-07_14th-five-year-plan-outline.txt"
S2021 = "2021-10-31_hubaoewu-integration-plan.txt"


def forked(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Note each split search asked for: True when it ran, False when its rows were too few."""
    ran: list[int] = []
    search_in_two = split.search_in_two

    def counted(*args, **kwargs):
        got = search_in_two(*args, **kwargs)
        ran.append(got is not None)
        return got

    monkeypatch.setattr(link, "search_in_two", counted)
    return ran


@pytest.mark.parametrize(
    "names", [(S2013, S2019), (S2019, S2020), (S2020, S2019), (S2019, S2013), (S2020, S2021)]
)
def test_seed_pairs_split_in_two_give_the_links_of_one_process(monkeypatch, names):
    old, new = (seed(n) for n in names)
    alone = align(old, new, Settings(), workers=1)
    monkeypatch.setattr(link, "SPLIT_FROM", 0)
    ran = forked(monkeypatch)
    assert align(old, new, Settings(), workers=2) == alone
    assert ran == [True]


def test_a_large_pair_splits_by_default_and_gives_the_links_of_one_process(monkeypatch):
    old, new = seed(OUTLINE), seed(S2021)
    alone = align(old, new, Settings(), workers=1)
    ran = forked(monkeypatch)
    assert align(old, new, Settings(), workers=2) == alone
    assert ran == [True]  # 1,647 and 507 leftovers: above SPLIT_FROM


def test_a_small_pair_is_not_split(monkeypatch):
    ran = forked(monkeypatch)
    align(seed(S2019), seed(S2020), Settings(), workers=2)
    assert ran == []


def test_a_pair_of_too_many_clauses_for_the_memory_is_not_split(monkeypatch):
    monkeypatch.setattr(link, "SPLIT_FROM", 0)
    monkeypatch.setattr(link, "SPLIT_BELOW", len(seed(S2019).clauses) + len(seed(S2020).clauses))
    ran = forked(monkeypatch)
    align(seed(S2019), seed(S2020), Settings(), workers=2)
    assert ran == []


def profiles(names: tuple[str, str]) -> tuple[list[cand.Profile], list[cand.Profile], dict]:
    """Every clause's profile of two seeds, and the rarity weights of both."""
    old, new = (seed(n).clauses for n in names)
    idf, _ = cand.rarity_weights([c.key for c in (*old, *new)])
    memo: dict[str, cand.Profile] = {}

    def one(key: str) -> cand.Profile:
        if key not in memo:
            memo[key] = cand.profile(key, idf)
        return memo[key]

    return [one(c.key) for c in old], [one(c.key) for c in new], idf


@pytest.mark.parametrize("names", [(S2013, S2019), (S2021, S2020)])
def test_the_split_search_proposes_the_pairs_of_one_pass_and_scores_them_alike(names):
    oprof, nprof, idf = profiles(names)
    limit, min_idf, floors = 3, 1.0, (6.0, 18.0)
    forward, backward = cand.candidates_both_ways(
        [p.grams for p in oprof], [p.grams for p in nprof], idf, limit, min_idf
    )
    edges = {(i, j) for i, js in forward.items() for j in js}
    edges |= {(i, j) for j, is_ in backward.items() for i in is_}
    parent = os.getpid()
    got = split.search_in_two(
        oprof, nprof, idf, limit, min_idf, floors, lambda i, j, s: True, os.getpid
    )
    assert got is not None
    split_edges, found, worker = got
    assert split_edges == edges
    assert worker != parent  # the aside ran in the worker
    assert found and set(found) <= edges
    for (i, j), (shared, ratio, part) in found.items():
        s = cand.score_pair(oprof[i], nprof[j], idf, floors[1])
        assert shared == s.shared
        assert ratio == (s.ratio if shared >= floors[0] else None)
        assert part == (s.part if shared >= floors[0] else None)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from([0.5, 1.25, 2.0, 5.0]), min_size=3, max_size=3),
        min_size=1,
        max_size=12,
    ),
    st.integers(min_value=1, max_value=4),
    st.data(),
)
def test_merged_column_tops_of_two_row_sets_are_those_of_all_rows(weights, limit, data):
    """Rows × 3 columns of shared weights (a 0.5 means no entry): each column's tops from
    any two disjoint sets of rows merge to those of all rows."""
    columns = [[(w[c], -k) for k, w in enumerate(weights) if w[c] != 0.5] for c in range(3)]
    mine = data.draw(st.sets(st.integers(0, len(weights) - 1)))
    parts = [
        [[e for e in col if (-e[1] in mine) == side] for col in columns] for side in (True, False)
    ]
    merged = cand.merged_columns((cand.column_tops(p, limit) for p in parts), limit)
    assert merged == cand.column_tops(columns, limit)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(min_value=1, max_value=50), min_size=2, max_size=40),
    st.sampled_from([0.3, 0.4, 0.5]),
)
def test_a_share_of_items_holds_about_its_share_of_the_cost(cost, share):
    there = split.share_of(cost, share)
    assert there == sorted(set(there))
    assert 0 < len(there) < len(cost) or len(cost) < 3
    mine = sum(cost[k] for k in there)
    assert abs(mine - share * sum(cost)) <= max(cost)


def test_a_part_searched_elsewhere_is_the_part_searched_here():
    oprof, nprof, idf = profiles((S2013, S2019))
    for po, pn in zip(oprof[:40], nprof[:40], strict=False):
        searched = cand.score_pair(po, pn, idf, 0.0)
        known = cand.score_pair(po, pn, idf, 0.0)
        known.known_part(searched.part)
        assert known.units is None
        assert (known.part_cover, known.part_shared) == (searched.part_cover, searched.part_shared)
