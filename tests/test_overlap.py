"""Shared characters counted bit-sliced (`timeline.overlap`): the counts are the set
intersections', and the pairs the bound keeps hold every pair whose `ratio` reaches the
threshold, so wording bridges found through it are those found by scoring every pair."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz
from test_timeline import SEEDS, every_pair_candidates

from compare.model import Timeline
from compare.pipeline import timeline_paths
from compare.timeline import overlap, threads

TEXT = st.text(alphabet="推进建设黄河生态保护区", min_size=0, max_size=30)
"""Texts of few distinct characters, many repeated: shared characters and repeats abound."""
TEXTS = st.lists(TEXT, max_size=14)
THRESHOLDS = st.sampled_from([0.0, 0.3, 0.55, 0.8, 1.0])


def counts(planes: list[int], k: int) -> int:
    """Column k's count in bit-sliced planes."""
    return sum(1 << i for i, plane in enumerate(planes) if plane >> k & 1)


@settings(max_examples=200, deadline=None)
@given(TEXT, TEXTS)
def test_shared_planes_count_the_distinct_characters_each_column_shares(row, columns):
    planes = overlap.shared_planes(row, overlap.holders(columns))
    assert [counts(planes, k) for k in range(len(columns))] == [
        len(set(row) & set(c)) for c in columns
    ]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 40), max_size=20), st.integers(-3, 70))
def test_at_least_keeps_the_columns_whose_count_reaches_it(values, least):
    planes: list[int] = []
    for k, value in enumerate(values):  # column k holds `value`
        for i in range(value.bit_length()):
            while len(planes) <= i:
                planes.append(0)
            if value >> i & 1:
                planes[i] |= 1 << k
    among = (1 << len(values)) - 1 - (1 if values else 0)  # all but the first column
    kept = overlap.members(overlap.at_least(planes, least, among))
    assert kept == [k for k, v in enumerate(values) if k and v >= least]


@settings(max_examples=300, deadline=None)
@given(TEXTS, TEXTS, THRESHOLDS)
def test_reachable_keeps_every_pair_whose_ratio_reaches_the_threshold(rows, columns, threshold):
    near = overlap.reachable(rows, columns, threshold)
    assert len(near) == len(rows)
    for row, found in zip(rows, near, strict=True):
        assert found == sorted(set(found))
        reaching = [k for k, c in enumerate(columns) if fuzz.ratio(row, c) >= threshold * 100]
        assert set(reaching) <= set(found)


WORDING = st.text(alphabet="推进建设黄河生态", min_size=1, max_size=40)


@settings(max_examples=150, deadline=None)
@given(st.lists(WORDING, max_size=12), st.lists(WORDING, max_size=12), THRESHOLDS)
def test_bridging_through_shared_characters_finds_what_scoring_every_pair_finds(
    ends, starts, threshold
):
    enders = list(enumerate(ends))
    starters = [(100 + k, w) for k, w in enumerate(starts)]
    expected = every_pair_candidates(enders, starters, threshold)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(threads, "OVERLAPS_FROM", 0)  # every call counts shared characters
        assert threads._candidates(enders, starters, threshold) == expected


@pytest.fixture(scope="module")
def seeds() -> Timeline:
    """The seed corpus in date order, without details."""
    return timeline_paths([str(p) for p in sorted(SEEDS.glob("*.txt"))], details=False)


def test_the_seed_bridges_are_those_found_by_length_alone(seeds, monkeypatch):
    docs, comps = seeds.documents, seeds.comparisons
    threshold = comps[0].settings.match_threshold
    calls: list[int] = []
    real = overlap.reachable
    monkeypatch.setattr(threads, "reachable", lambda *a: (calls.append(1), real(*a))[1])
    found = threads.bridge_gaps(threads.chain_threads(docs, comps), docs, threshold)
    assert len(calls) == 2  # the bridges into the 2021 outline and the 2021-10 plan
    monkeypatch.setattr(threads, "OVERLAPS_FROM", 1 << 62)
    assert threads.bridge_gaps(threads.chain_threads(docs, comps), docs, threshold) == found
    assert len(calls) == 2 and any(found.values())
