"""Threads that skip a version: leftovers aligned across the gap, the gap named as such."""

from __future__ import annotations

import dataclasses
from itertools import pairwise

from rendertools import seed_timeline

from compare.align.candidates import match_key
from compare.model import Settings
from compare.render.thread_table import NOT_COVERED, step_state
from compare.render.timeline_views import NOT_COVERED as NOT_COVERED_MARK
from compare.render.timeline_views import gap_versions, step_mark
from compare.timeline import gaps
from compare.timeline.gaps import (
    gap_links,
    long_enough,
    remembered_long_enough,
    renumbered,
    sub_document,
)
from compare.timeline.query import fate, find_threads
from compare.timeline.threads import build_timeline


def test_a_commitment_the_2019_mechanism_skips_goes_on_from_2013_to_2020():
    tl = seed_timeline()
    (t,) = [t for t in find_threads(tl, "循环化改造") if t.steps[0].clauses]
    assert [bool(s.clauses) for s in t.steps[:3]] == [True, False, True]
    assert t.steps[2].bridged
    assert step_state(t, 1) == NOT_COVERED
    assert "not covered by 2019" in fate(t, tl) and "dropped in 2019" not in fate(t, tl)
    assert gap_versions(t) == {1}
    assert step_mark(t.steps[1], gap=True) == NOT_COVERED_MARK


def test_no_thread_is_bridged_into_the_version_right_after_its_end():
    for t in seed_timeline().threads:
        present = [s.version for s in t.steps if s.clauses]
        for a, b in pairwise(present):
            assert (b - a > 1) == t.steps[b].bridged


def test_gap_links_use_only_the_leftover_clauses_one_to_one():
    tl = seed_timeline()
    old, new = tl.documents[0], tl.documents[2]
    ends = {c.id: n for n, c in enumerate(old.clauses[:120])}
    starts = {c.id: 1000 + n for n, c in enumerate(new.clauses)}
    links = gap_links(old, ends, new, starts, Settings())
    heads = [h for h, _, _ in links]
    tails = [t for _, ts, _ in links for t in ts]
    assert len(set(heads)) == len(heads) and len(set(tails)) == len(tails)
    assert all(h < 120 and all(t >= 1000 for t in ts) for h, ts, _ in links)
    assert sub_document(old, set(list(ends)[:3])).clauses == old.clauses[:3]
    assert gap_links(old, {}, new, starts, Settings()) == []


def test_gap_spans_keeping_key_memos_equal_those_aligned_from_scratch(monkeypatch):
    tl = seed_timeline()
    kept = build_timeline(tl.documents, tl.comparisons)
    assert match_key.cache_info().currsize == 0  # forgotten once the gaps are spanned
    real = gaps.align
    monkeypatch.setattr(gaps, "align", lambda *a, forget: real(*a, forget=True))
    scratch = build_timeline(tl.documents, tl.comparisons)
    assert kept.threads == scratch.threads == tl.threads


def test_renumbered_clauses_equal_those_dataclasses_replace_makes():
    for doc in seed_timeline().documents:
        for k, clause in enumerate(doc.clauses[::7]):
            made = renumbered(clause, k)
            assert made == dataclasses.replace(clause, index=k)
            assert made.facts is clause.facts and made.text is clause.text


def test_remembered_long_enough_answers_as_long_enough_each_time():
    usable = remembered_long_enough()
    docs = seed_timeline().documents
    for _ in range(2):  # the second round is answered from memory
        for doc in docs:
            assert [usable(doc, c.id) for c in doc.clauses] == [
                long_enough(doc, c.id) for c in doc.clauses
            ]
