"""A context made again for classify grows the indexes of the one align made, to the same."""

from __future__ import annotations

from aligntools import S2019, S2020, seed
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.align import evidence as ev
from compare.align import ranking
from compare.align.decide import build_context, forget_context, make_context
from compare.align.link import align
from compare.align.ranking import Index
from compare.model import Settings


def same_index(a: Index, b: Index) -> bool:
    """The same clauses posted under each feature (in any order), the same features over the
    cap with the same counts, over the same names and weights."""
    posted = {f: sorted(ks) for f, ks in a.postings.items()}
    return (
        posted == {f: sorted(ks) for f, ks in b.postings.items()}
        and a.over == b.over
        and (a.names, a.squares, a.max_df) == (b.names, b.squares, b.max_df)
    )


@settings(max_examples=25, deadline=None)
@given(
    first=st.sets(st.integers(0, 200), max_size=150),
    joined=st.sets(st.integers(0, 200), max_size=150),
    max_df=st.integers(1, 30),
)
def test_an_index_grown_by_the_clauses_that_joined_equals_a_new_one(first, joined, max_df):
    old, new = seed(S2019).clauses, seed(S2020).clauses
    part = sorted(k for k in first if k < len(new))
    more = sorted({k for k in first | joined if k < len(new)})
    before = ev.space(old, new, range(len(old)), part)
    after = ev.grown(before, old, new, range(len(old)), more)
    index = Index(before, before.new, max_df)
    assert index.grown(after, before.new, after.new)
    assert same_index(index, Index(after, after.new, max_df))


def test_an_index_is_not_grown_over_clauses_that_left():
    old, new = seed(S2019).clauses, seed(S2020).clauses
    before = ev.space(old, new, range(len(old)), range(40))
    after = ev.grown(before, old, new, range(len(old)), range(1, 60))
    index = Index(before, before.new, 5)
    postings = {f: list(ks) for f, ks in index.postings.items()}
    assert not index.grown(after, before.new, after.new)
    assert index.postings == postings  # left as it was


def test_a_context_made_again_grows_the_indexes_align_made():
    old, new = seed(S2019), seed(S2020)
    links = list(align(old, new, Settings()))
    earlier = make_context(old.clauses, new.clauses, links)
    made = {forward: ranking._BUILT[forward][1] for forward in (True, False)}
    fewer = [k for n, k in enumerate(links) if k.how != "exact" or n % 3]
    again = build_context(old.clauses, new.clauses, fewer, earlier)
    assert all(ranking._BUILT[forward][1] is made[forward] for forward in (True, False))
    for forward, side in ((True, again.space.new), (False, again.space.old)):
        assert same_index(made[forward], Index(again.space, side, made[forward].max_df))
    forget_context()
    assert not ranking._BUILT
