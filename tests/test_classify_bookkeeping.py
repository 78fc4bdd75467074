"""Classify's per-link bookkeeping gives the kinds, places and checks of the plain loops."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from itertools import pairwise

import pytest
from aligntools import ROTATED_NEW, ROTATED_OLD, SEEDS, doc, raised, seed
from hypothesis import given
from hypothesis import strategies as st

from compare.align.anchors import increasing_run
from compare.align.link import align
from compare.classify.changes import (
    SAME,
    IncompleteChangeSet,
    classify,
    displaced_positions,
    heading_key,
    link_kind,
    linked_kinds,
    retold_notes,
    section_titles,
    verify_complete,
)
from compare.model import Change, ChangeKind, Clause, Document, Link, Settings

SEED_PAIRS = list(pairwise(sorted(p.name for p in SEEDS.glob("*.txt"))))


def plain_displaced(olds: Sequence[int], news: Sequence[int], distance: int) -> set[int]:
    """`displaced_links` as first written, over the links' first old and new positions."""
    pos = sorted((oi, ni, k) for k, (oi, ni) in enumerate(zip(olds, news, strict=True)))
    run = increasing_run([p[1] for p in pos])
    keep = set(run)
    kept_old = [pos[t][0] for t in run]
    kept_new = [pos[t][1] for t in run]
    out: set[int] = set()
    for t, (oi, ni, k) in enumerate(pos):
        if t not in keep and abs(bisect_left(kept_old, oi) - bisect_left(kept_new, ni)) >= distance:
            out.add(k)
    return out


def plain_section_moved(titles: tuple[set[str], set[str]], o: Clause, n: Clause) -> bool:
    """`section_moved` as first written: both last headings reduced to their keys."""
    if not o.section or not n.section:
        return False
    before, after = heading_key(o.section[-1]), heading_key(n.section[-1])
    return before != after and before in titles[1] and after in titles[0]


def plain_linked_kinds(old: Document, new: Document, links: Sequence[Link], st_: Settings):
    """`linked_kinds` as first written: each link's clauses looked up for its place and again
    for its kind, every key of a link not made exactly reduced, every retold test called."""
    from compare.align.candidates import match_key

    displaced = plain_displaced(
        [old.clause(link.old[0]).index for link in links],
        [new.clause(link.new[0]).index for link in links],
        st_.moved_min_distance,
    )
    titles = (section_titles(old), section_titles(new))
    retold = retold_notes(old, new, links)
    out = []
    for k, link in enumerate(links):
        olds = [old.clause(i) for i in link.old]
        news = [new.clause(j) for j in link.new]
        moved = k in displaced or plain_section_moved(titles, olds[0], news[0])
        if len(olds) > 1:
            kind = ChangeKind.MERGED
        elif len(news) > 1:
            kind = ChangeKind.SPLIT
        elif link.how != "exact" and match_key(olds[0].key) != match_key(news[0].key):
            kind = ChangeKind.REVISED
        else:
            kind = ChangeKind.MOVED if moved else ChangeKind.UNCHANGED
        if kind in SAME and retold(olds[0], news[0]):
            kind = ChangeKind.REVISED
        out.append((link, kind, olds, news))
    return out


@pytest.mark.parametrize(("a", "b"), SEED_PAIRS)
def test_kinds_of_seed_links_are_the_plain_loops(a, b):
    old, new = seed(a), seed(b)
    links = align(old, new, Settings())
    assert linked_kinds(old, new, links, Settings()) == plain_linked_kinds(
        old, new, links, Settings()
    )


def test_kinds_where_agency_notes_were_retold_are_the_plain_loops():
    old, new = doc(ROTATED_OLD, "old.txt"), doc(ROTATED_NEW, "new.txt")
    links = align(old, new, Settings())
    kinds = linked_kinds(old, new, links, Settings())
    assert kinds == plain_linked_kinds(old, new, links, Settings())
    assert ChangeKind.REVISED in [kind for _, kind, _, _ in kinds]


@given(st.data(), st.integers(0, 12), st.integers(1, 4))
def test_displaced_positions_are_the_plain_ones(data, n, distance):
    olds = data.draw(st.permutations(range(0, 2 * n, 2)))  # each old position once
    news = data.draw(st.permutations(range(n)))
    assert displaced_positions(olds, news, distance) == plain_displaced(olds, news, distance)


def test_a_link_of_equal_keys_not_made_exactly_is_unchanged_or_moved():
    old = seed(SEED_PAIRS[0][0])
    c = old.clauses[3]
    assert link_kind([c], [c], False, False) is ChangeKind.UNCHANGED
    assert link_kind([c], [c], True, False) is ChangeKind.MOVED


def plain_complete(old: Document, new: Document, changes: Sequence[Change]) -> None:
    """`verify_complete` as first written: a list of the expected ids and sets made again."""
    for side, ids in (
        ("old", [i for ch in changes for i in ch.old]),
        ("new", [j for ch in changes for j in ch.new]),
    ):
        doc = old if side == "old" else new
        expected = [c.id for c in doc.clauses]
        if len(ids) != len(set(ids)) or set(ids) != set(expected):
            missing = set(expected) - set(ids)
            raise IncompleteChangeSet(
                f"{side} side: {len(missing)} clauses missing, "
                f"{len(ids) - len(set(ids))} repeated; the change set must be complete"
            )


@given(st.data())
def test_complete_change_sets_pass_and_fail_as_checked_plainly(data):
    a, b = SEED_PAIRS[1]
    old, new = seed(a), seed(b)
    changes = list(classify(old, new, align(old, new, Settings()), Settings(), False).changes)
    dropped = data.draw(st.lists(st.integers(0, len(changes) - 1), max_size=3))
    repeated = data.draw(st.lists(st.integers(0, len(changes) - 1), max_size=3))
    kept = [ch for k, ch in enumerate(changes) if k not in dropped]
    kept += [changes[k] for k in repeated]
    assert raised(verify_complete, old, new, kept) == raised(plain_complete, old, new, kept)
    assert raised(verify_complete, old, new, changes) is None
