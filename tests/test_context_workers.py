"""The evidence context made with a second worker process equals the one made in one process."""

from __future__ import annotations

from functools import cache

import pytest
from aligntools import S2013, S2019, S2020, seed

from compare import parallel
from compare.align import decide
from compare.align.decide import Context, make_context
from compare.align.link import align
from compare.model import Document, Link, Settings

S2021F = "2021-02-07_14th-five-year-plan-outline.txt"
S2021I = "2021-10-31_hubaoewu-integration-plan.txt"
PAIRS = [(S2013, S2019), (S2019, S2020), (S2020, S2021F), (S2021F, S2021I)]
LARGE = (S2021F, S2021I)
"""A seed pair with more unlinked clauses than `RANK_APART_FROM`: split as it comes."""

pytestmark = pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked on Linux only")


@cache
def pair_links(old_name: str, new_name: str) -> tuple[Document, Document, tuple[Link, ...]]:
    """A seed pair and the links of its fuzzy stage (the links `make_context` is given)."""
    old, new = seed(old_name), seed(new_name)
    links = tuple(k for k in align(old, new, Settings()) if k.how != "evidence")
    return old, new, links


def context_parts(ctx: Context) -> tuple:
    """Everything a context holds (a `Context` compares by identity): the whole space, with
    its features, ids in order and weights, the rankings in order, the sections."""
    sp = ctx.space
    spaced = (sp.old, sp.new, sp.names, sp.weights, sp.squares, sp.old_norm, sp.new_norm)
    rankings = (list(ctx.forward.items()), list(ctx.backward.items()))
    return (*spaced, *rankings, ctx.sections)


def counted_forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that grows by one each time the context forks a worker."""
    calls: list[int] = []
    fork_map = decide.fork_map

    def counted(*args, **kwargs):
        calls.append(1)
        return fork_map(*args, **kwargs)

    monkeypatch.setattr(decide, "fork_map", counted)
    return calls


@pytest.mark.parametrize("names", PAIRS, ids=lambda p: f"{p[0][:4]}-{p[1][:4]}")
def test_a_context_ranked_in_two_processes_equals_one_ranked_here(names, monkeypatch):
    old, new, links = pair_links(*names)
    alone = context_parts(make_context(old.clauses, new.clauses, links, 1))
    monkeypatch.setattr(decide, "RANK_APART_FROM", 0)  # every pair split, the small ones too
    forks = counted_forks(monkeypatch)
    assert context_parts(make_context(old.clauses, new.clauses, links, 2)) == alone
    assert forks


def test_a_large_pair_is_split_as_it_comes_and_aligns_the_same(monkeypatch):
    old, new, links = pair_links(*LARGE)
    alone = context_parts(make_context(old.clauses, new.clauses, links, 1))
    forks = counted_forks(monkeypatch)
    split = context_parts(make_context(old.clauses, new.clauses, links, 2))
    assert forks and split == alone
    both = align(old, new, Settings(), workers=2)
    assert both == align(old, new, Settings(), workers=1)


def test_one_worker_few_queries_or_many_clauses_fork_nothing(monkeypatch):
    forks = counted_forks(monkeypatch)
    old, new, links = pair_links(*LARGE)
    make_context(old.clauses, new.clauses, links, 1)
    monkeypatch.setattr(decide, "RANK_APART_BELOW", len(old.clauses) + len(new.clauses))
    make_context(old.clauses, new.clauses, links, 2)  # as many clauses as the ceiling
    old, new, links = pair_links(S2019, S2020)  # fewer unlinked clauses than the floor
    make_context(old.clauses, new.clauses, links, 2)
    assert not forks


def test_ranks_apart_with_two_workers_enough_queries_and_not_too_many_clauses():
    floor, ceiling = decide.RANK_APART_FROM, decide.RANK_APART_BELOW
    assert decide.ranks_apart(2, floor, ceiling - 1)
    assert not decide.ranks_apart(1, floor, ceiling - 1)
    assert not decide.ranks_apart(2, floor - 1, ceiling - 1)
    assert not decide.ranks_apart(2, floor, ceiling)


def test_the_worker_takes_the_direction_of_fewer_queries(monkeypatch):
    old, new, links = pair_links(*LARGE)
    taken: list[bool] = []
    one_way = decide.one_way

    def noted(*args):
        taken.append(args[-1])  # True for forward: noted in this process only
        return one_way(*args)

    monkeypatch.setattr(decide, "one_way", noted)
    ctx = make_context(old.clauses, new.clauses, links, 2)
    assert len(ctx.forward) > len(ctx.backward)
    assert taken == [True]
