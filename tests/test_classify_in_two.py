"""Classify in two processes gives exactly what one process gives, errors included."""

from __future__ import annotations

import os
from itertools import pairwise
from pathlib import Path

import pytest
from clitools import SEEDS
from faulttools import children_started_here
from hypothesis import example, given
from hypothesis import strategies as st

from compare import parallel
from compare.align.link import align
from compare.classify import changes
from compare.classify.changes import SAME, classify, describe_pieces
from compare.errors import UsageError
from compare.model import ChangeKind, Link, Settings
from compare.pipeline import compare_documents, load_document
from compare.render.json_out import comparison_dict, dumps

SEED_PATHS = sorted(SEEDS.glob("*.txt"))
SEED_PAIRS = list(pairwise(SEED_PATHS))
LARGE = (
    SEEDS / "2021-02-07_14th-five-year-plan-outline.txt",
    SEEDS / "2021-10-31_hubaoewu-integration-plan.txt",
)
"""The seeds' largest consecutive pair: 128,867 characters, enough for two workers."""

needs_fork = pytest.mark.skipif(not parallel.can_fork(), reason="two processes need fork")


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The worker counts of the maps classify asks `fork_map` for, as they are made."""
    seen: list[int] = []
    real = parallel.fork_map

    def counted(func, items, workers, **kwargs):
        seen.append(workers)
        return real(func, items, workers, **kwargs)

    monkeypatch.setattr(parallel, "fork_map", counted)
    return seen


def classified_json(old_path: Path, new_path: Path, workers: int) -> str:
    """The JSON of one pair classified with `workers` processes (aligned afresh)."""
    settings = Settings()
    old, new = load_document(str(old_path), settings), load_document(str(new_path), settings)
    links = align(old, new, settings)
    return dumps(comparison_dict(classify(old, new, links, settings, workers=workers)))


@needs_fork
@pytest.mark.parametrize("pair", SEED_PAIRS, ids=lambda p: p[0].name[:10])
def test_two_processes_classify_each_seed_pair_as_one_does(pair, forks):
    one = classified_json(*pair, workers=1)
    assert not forks
    assert classified_json(*pair, workers=2) == one
    assert forks == [2]  # the split ran: every seed pair has links to describe


@needs_fork
def test_a_pair_large_enough_for_two_workers_compares_alike_with_one_job_or_two(forks):
    settings = Settings()
    old, new = (load_document(str(p), settings) for p in LARGE)
    one = compare_documents(old, new, settings, jobs=1)
    assert not forks
    two = compare_documents(old, new, settings, jobs=2)
    assert forks == [2]
    assert two.changes == one.changes
    assert dumps(comparison_dict(two)) == dumps(comparison_dict(one))


@needs_fork
def test_a_pair_over_the_size_limit_is_classified_in_one_process(monkeypatch, forks):
    monkeypatch.setattr(changes, "IN_TWO_BELOW", 1_000)
    pair = SEED_PAIRS[0]
    assert classified_json(*pair, workers=2) == classified_json(*pair, workers=1)
    assert not forks


def describe_fails(item, others, details=True, forms=None):
    """`linked_change`, failing for every link to describe with the process it failed in."""
    if item[1] in SAME:
        return changes.Change(item[1], item[0].old, item[0].new, 1.0)
    raise UsageError(f"failed in {os.getpid()}", "a test's failure", "")


@needs_fork
def test_an_error_in_the_worker_arrives_typed_and_no_worker_is_left(monkeypatch, forks):
    left = children_started_here()
    monkeypatch.setattr(changes, "linked_change", describe_fails)
    settings = Settings()
    old, new = (load_document(str(p), settings) for p in LARGE)
    links = align(old, new, settings)
    with pytest.raises(UsageError) as err:
        classify(old, new, links, settings, workers=2)
    assert forks == [2]
    assert err.value.why == "a test's failure"
    assert err.value.what != f"failed in {os.getpid()}"  # the first piece: the worker's
    assert not left()


@needs_fork
def test_an_error_here_stops_the_worker_and_arrives_as_is(monkeypatch, forks):
    left = children_started_here()

    def lone_fails(*_args, **_kwargs):
        raise UsageError("no lone clauses here", "a test's failure", "")

    monkeypatch.setattr(changes, "unlinked", lone_fails)
    settings = Settings()
    old, new = (load_document(str(p), settings) for p in LARGE)
    links = align(old, new, settings)
    with pytest.raises(UsageError, match="no lone clauses here"):
        classify(old, new, links, settings, workers=2)
    assert forks == [2]
    assert not left()


KINDS = [ChangeKind.UNCHANGED, ChangeKind.MOVED, ChangeKind.REVISED, ChangeKind.SPLIT]


class Sized:
    """A stand-in clause: only its text's length counts in `describe_pieces`."""

    def __init__(self, size: int) -> None:
        self.text = "字" * size


@given(st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 400)), max_size=120))
@example([(ChangeKind.REVISED, 30)] + [(ChangeKind.REVISED, 0)] * 20)  # empty texts at the end
def test_pieces_hold_every_link_to_describe_once_in_order(rows):
    linked = [
        (Link((f"o{k}",), (f"n{k}",), 0.9, "fuzzy"), kind, [Sized(size)], [Sized(size // 2)])
        for k, (kind, size) in enumerate(rows)
    ]
    pieces = describe_pieces(linked)
    todo = [k for k, row in enumerate(linked) if row[1] not in SAME]
    assert [k for piece in pieces for k in piece] == todo
    assert all(pieces) and len(pieces) <= changes.DESCRIBE_PIECES
