"""Possible successors and origins listed through the per-key memo equal those listed pair
by pair, and the section map's remembered answers equal its computed ones (seeds' real text)."""

from __future__ import annotations

from itertools import pairwise

import pytest
from aligntools import SEEDS, doc

from compare.align.decide import (
    PairMemo,
    Seen,
    carried,
    listed,
    make_context,
    successors_and_origins,
    unlinked_indices,
)
from compare.align.evidence import evidence
from compare.align.link import align
from compare.align.sections import sections_together
from compare.model import Settings
from compare.pipeline import load_document

PAIRS = list(pairwise(sorted(SEEDS.glob("*.txt"))))[:2]


def plain_successors_and_origins(ctx, dropped, added, limit):
    """`successors_and_origins` without the memo nor the rankings' shares: every pair scored
    and described anew."""
    seen = Seen(set(added))
    share = ctx.space.carried
    succ = {
        ctx.old[i].id: listed(
            ctx, carried(ctx, [(i, j, share(i, j)) for j, *_ in ctx.forward[i]])[:limit], 1, seen
        )
        for i in dropped
    }
    orig = {
        ctx.new[j].id: listed(
            ctx, carried(ctx, [(i, j, share(i, j)) for i, *_ in ctx.backward[j]])[:limit], 0, seen
        )
        for j in added
    }
    return succ, orig


@pytest.mark.parametrize(("old_path", "new_path"), PAIRS, ids=lambda p: p.name[:10])
def test_the_memo_lists_what_pair_by_pair_scoring_lists(old_path, new_path):
    old, new = load_document(str(old_path)), load_document(str(new_path))
    links = align(old, new, Settings())
    ctx = make_context(old.clauses, new.clauses, links)
    gone, came = unlinked_indices(old.clauses, new.clauses, links)
    assert gone and came
    assert successors_and_origins(ctx, gone, came, 5) == plain_successors_and_origins(
        ctx, gone, came, 5
    )


def test_repeated_text_shares_one_memo_entry_with_the_same_values():
    same = "积极开发风能、太阳能等可再生能源。"
    text = f"一、能源\n{same}\n二、交通\n{same}\n"
    new_text = "一、能源\n大力开发风能、太阳能发电。\n二、交通\n加快机场建设。\n"
    old, new = doc(text, "old.txt"), doc(new_text, "new.txt")
    ctx = make_context(old.clauses, new.clauses, [])
    memo = PairMemo(ctx)
    pairs = [(i, j) for i in ctx.space.old for j in ctx.space.new]
    for i, j in pairs:
        assert memo.evidence_of(i, j) == evidence(ctx.space, i, j)
    assert len(memo.evidence) < len(pairs)  # the two equal old clauses share their entries


def test_the_section_map_remembers_what_it_computes():
    old, new = load_document(str(PAIRS[0][0])), load_document(str(PAIRS[0][1]))
    ctx = make_context(old.clauses, new.clauses, align(old, new, Settings()))
    sections = ctx.sections
    for o in old.clauses[::7]:
        for n in new.clauses[::7]:
            expected = sections_together(sections.pairs, o.section, n.section)
            assert sections.together(o, n) is expected
            assert sections.together(o, n) is expected  # asked again: remembered
    assert sections.known
