"""Threads through many versions: every clause in one thread, chaining, gaps, splits, merges."""

from __future__ import annotations

import dataclasses
from array import array
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from compare.clean.keys import comparison_key
from compare.errors import UsageError
from compare.model import (
    Change,
    ChangeKind,
    Clause,
    CleanText,
    Comparison,
    Counterpart,
    Document,
    Evidence,
    Source,
    ThreadStep,
    Timeline,
)
from compare.pipeline import compare_documents, timeline_paths
from compare.timeline import threads
from compare.timeline.query import fate, find_threads, thread_history, version_labels
from compare.timeline.threads import build_timeline, chronological, document_date

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def version(name: str, *texts: str) -> Document:
    """A small document whose clauses are the given sentences, ids `{name}1`, `{name}2`, …"""
    text = "\n".join(texts)
    source = Source(path=name, text=text, encoding="utf-8", format="txt", size=len(text))
    clean = CleanText(text=text, origin=array("l", range(len(text))))
    clauses, offset = [], 0
    for k, t in enumerate(texts):
        span, offset = (offset, offset + len(t)), offset + len(t) + 1
        section = ("一、总体要求",)
        key = comparison_key(t)
        clauses.append(Clause(f"{name}{k + 1}", k, t, key, t, section, "s1", (k + 1, k + 1), span))
    return Document(source, clean, name, "", "", (), tuple(clauses))


def threaded(*docs: Document) -> Timeline:
    """The real pipeline's comparisons between consecutive documents, threaded."""
    comps = tuple(compare_documents(a, b) for a, b in pairwise(docs))
    return build_timeline(docs, comps)


def membership(tl: Timeline) -> Counter:
    """How many threads hold each (version, clause id)."""
    return Counter((s.version, c) for t in tl.threads for s in t.steps for c in s.clauses)


def assert_complete(tl: Timeline) -> None:
    """Every clause of every document lies in exactly one thread, and each thread has N steps."""
    held = membership(tl)
    every = {(v, c.id) for v, d in enumerate(tl.documents) for c in d.clauses}
    assert set(held) == every
    assert set(held.values()) <= {1}
    assert all(len(t.steps) == len(tl.documents) for t in tl.threads)
    assert [s.version for t in tl.threads for s in t.steps] == list(range(len(tl.documents))) * len(
        tl.threads
    )


@pytest.fixture(scope="module")
def seeds() -> Timeline:
    """The seed corpus in date order."""
    return timeline_paths([str(p) for p in sorted(SEEDS.glob("*.txt"))])


def test_seed_timeline_puts_every_clause_in_exactly_one_thread(seeds):
    assert len(seeds.documents) == 5
    assert_complete(seeds)


def test_seed_threads_are_in_stable_order_with_sequential_ids(seeds):
    def first(t):
        v = next(s.version for s in t.steps if s.clauses)
        return v, min(seeds.documents[v].clause(c).index for c in t.steps[v].clauses)

    assert [t.id for t in seeds.threads] == [f"t{i}" for i in range(1, len(seeds.threads) + 1)]
    assert [first(t) for t in seeds.threads] == sorted(first(t) for t in seeds.threads)
    again = build_timeline(seeds.documents, seeds.comparisons)
    assert again.threads == seeds.threads


def test_seed_versions_are_in_date_order_named_by_year_or_year_month(seeds):
    names = [Path(d.path).name[:10] for d in seeds.documents]
    assert names == sorted(names)
    assert version_labels(seeds) == ("2013", "2019", "2020", "2021-02", "2021-10")


def test_water_rights_commitment_of_2013_is_found_and_has_a_fate(seeds):
    found = find_threads(seeds, "水权")
    from_2013 = [t for t in found if t.steps[0].clauses]
    assert from_2013, "the 2013 plan speaks of 水权转换 and 水权有偿转让"
    for t in found:
        assert any(
            "水权" in seeds.documents[s.version].clause(c).key for s in t.steps for c in s.clauses
        )
        words = fate(t, seeds)
        assert words.endswith(("carried to the end", "2019", "2020", "2021-02", "2021-10"))
        assert "carried to the end" in words or "dropped in" in words or "merged into" in words


def test_label_is_the_first_wording_shortened_and_topic_that_of_its_top_section(seeds):
    topic_of = {unit: topic.name for topic in seeds.topics for unit in topic.sections}
    for t in seeds.threads[:200]:
        v = next(s.version for s in t.steps if s.clauses)
        doc = seeds.documents[v]
        first = doc.clause(t.steps[v].clauses[0])
        assert len(t.label) <= 40
        assert first.text.startswith(t.label.rstrip("…"))
        assert t.topic == (topic_of[(v, first.section[0])] if first.section else "")


def test_clause_unchanged_across_three_versions_is_one_thread_with_three_steps():
    keep = "严格控制用水总量，全面提高用水效率。"
    docs = (
        version("a", keep, "加快建设呼包鄂城市群。"),
        version("b", "启动大规模储能科技专项。", keep),
        version("c", keep, "创建国家自主创新示范区。"),
    )
    tl = threaded(*docs)
    assert_complete(tl)
    (t,) = [t for t in tl.threads if t.label == keep]
    assert [len(s.clauses) for s in t.steps] == [1, 1, 1]
    assert t.steps[0].kind is None
    assert {s.kind for s in t.steps[1:]} <= {ChangeKind.UNCHANGED, ChangeKind.MOVED}
    assert fate(t) == "carried to the end"


def test_commitment_dropped_then_reworded_back_is_bridged_across_the_gap():
    water = "鼓励开展区域之间、行业之间的水权转换，支持巴彦淖尔市开展水权转换试点工作。"
    back = "稳步推进区域之间、行业之间的水权转换，支持巴彦淖尔市、鄂尔多斯市开展水权转换试点。"
    docs = (
        version("a", "加快建设呼包鄂城市群。", water),
        version("b", "加快建设呼包鄂城市群。", "全面推行河长制湖长制。"),
        version("c", "加快建设呼包鄂城市群。", back),
    )
    tl = threaded(*docs)
    assert_complete(tl)
    (t,) = find_threads(tl, "水权转换")
    assert [bool(s.clauses) for s in t.steps] == [True, False, True]
    assert t.steps[2].bridged and t.steps[2].kind is ChangeKind.REVISED
    assert 0 < t.steps[2].similarity < 1
    assert fate(t) == "not covered by version 2; revised in version 3; carried to the end"
    history = thread_history(tl, t)
    assert [h.version for h in history] == [0, 1, 2]
    assert history[1].change.kind is ChangeKind.DROPPED
    assert history[2].change.old == t.steps[0].clauses
    assert history[2].clauses[0].text == back


def test_renumbered_commitment_back_after_a_gap_is_bridged_as_unchanged():
    grass = "全面落实草原生态保护补助奖励政策，推进退牧还草工程。"
    docs = (
        version("a", "(三)" + grass, "加快建设呼包鄂城市群。"),
        version("b", "加快建设呼包鄂城市群。"),
        version("c", "加快建设呼包鄂城市群。", "二、" + grass),
    )
    tl = threaded(*docs)
    (t,) = find_threads(tl, "退牧还草")
    assert [s.clauses for s in t.steps] == [("a1",), (), ("c2",)]
    assert t.steps[2].bridged and t.steps[2].kind is ChangeKind.UNCHANGED
    assert t.steps[2].similarity == 1.0
    assert fate(t) == "not covered by version 2; carried to the end"


def test_short_headings_sharing_common_words_are_not_bridged():
    docs = (
        version("a", "现代服务业", "推进民航建设。", "加快建设呼包鄂城市群。"),
        version("b", "加快建设呼包鄂城市群。"),
        version("c", "加快建设呼包鄂城市群。", "现代物流业", "有序推进管道建设。"),
    )
    tl = threaded(*docs)
    assert not any(s.bridged for t in tl.threads for s in t.steps)
    assert len(tl.threads) == 5


def test_unrelated_new_clause_after_a_gap_is_not_bridged():
    docs = (
        version("a", "鼓励开展区域之间、行业之间的水权转换试点工作。", "加快建设呼包鄂城市群。"),
        version("b", "加快建设呼包鄂城市群。"),
        version("c", "加快建设呼包鄂城市群。", "提升草原森林生态系统质量和稳定性。"),
    )
    tl = threaded(*docs)
    assert_complete(tl)
    assert not any(s.bridged for t in tl.threads for s in t.steps)
    (gone,) = find_threads(tl, "水权")
    assert fate(gone) == "dropped in version 2"
    (grass,) = find_threads(tl, "草原森林")
    assert fate(grass) == "new in version 3; carried to the end"
    history = thread_history(tl, grass)
    assert [h.change for h in history[:2]] == [None, None]
    assert history[2].change.kind is ChangeKind.NEW


def hand_timeline() -> Timeline:
    """Two clauses merge, then the merged clause splits in two: comparisons written by hand."""
    a = version("a", "推进水权交易。", "完善排污权交易制度。", "加强草原保护。")
    b = version("b", "推进水权和排污权交易。", "加强草原保护。")
    c = version("c", "推进水权交易。", "推进排污权交易。", "加强草原生态保护。")
    ab = (
        Change(ChangeKind.MERGED, ("a1", "a2"), ("b1",), 0.7),
        Change(ChangeKind.UNCHANGED, ("a3",), ("b2",), 1.0),
    )
    bc = (
        Change(ChangeKind.SPLIT, ("b1",), ("c1", "c2"), 0.7),
        Change(ChangeKind.REVISED, ("b2",), ("c3",), 0.8),
    )
    return build_timeline((a, b, c), (Comparison(a, b, ab), Comparison(b, c, bc)))


def test_merge_continues_the_first_old_clause_and_ends_the_others_merged_into_it():
    tl = hand_timeline()
    assert_complete(tl)
    water, sewage, grass = tl.threads
    assert [s.clauses for s in water.steps] == [("a1",), ("b1",), ("c1", "c2")]
    assert [s.kind for s in water.steps] == [None, ChangeKind.MERGED, ChangeKind.SPLIT]
    assert [s.clauses for s in sewage.steps] == [("a2",), (), ()]
    assert sewage.merged_into == water.id
    assert fate(sewage) == f"merged into {water.id} in version 2"
    assert fate(water) == "joined by others in version 2; split in version 3; carried to the end"
    assert thread_history(tl, sewage)[1].change.kind is ChangeKind.MERGED
    assert fate(grass) == "revised in version 3; carried to the end"


def test_a_single_version_gives_one_thread_per_clause_carried_to_the_end():
    only = version("a", "推进水权交易。", "加强草原保护。")
    tl = build_timeline((only,), ())
    assert_complete(tl)
    assert [t.steps for t in tl.threads] == [
        (ThreadStep(0, ("a1",), None),),
        (ThreadStep(0, ("a2",), None),),
    ]
    assert {fate(t, tl) for t in tl.threads} == {"carried to the end"}
    assert build_timeline((), ()).threads == ()


def test_comparisons_that_do_not_follow_the_documents_are_refused():
    a, b, c = version("a", "推进水权交易。"), version("b", "推进水权交易。"), version("c", "x。")
    with pytest.raises(UsageError, match="do not follow"):
        build_timeline((a, b, c), (compare_documents(a, c),))
    with pytest.raises(UsageError):
        build_timeline((a, b, c), (compare_documents(a, b), compare_documents(a, c)))


def test_documents_are_ordered_by_date_from_text_or_file_name():
    late, early = version("2021-10-31_plan.txt", "甲。"), version("2013-05-23_plan.txt", "乙。")
    undated = version("notes.txt", "丙。")
    assert document_date(late) == "2021-10-31"
    assert chronological((late, early)) == (early, late)
    assert chronological((late, undated, early)) == (late, undated, early)


def test_find_threads_matches_in_key_form_and_ignores_empty_queries():
    tl = hand_timeline()
    assert [t.label for t in find_threads(tl, "排 污权")] == [
        "推进水权交易。",
        "完善排污权交易制度。",
    ]
    assert find_threads(tl, "  ") == []
    assert find_threads(tl, "碳排放") == []


@st.composite
def random_versions(draw):
    """2–4 versions of 1–6 clauses and random consistent change sets between them."""
    sizes = draw(st.lists(st.integers(1, 6), min_size=2, max_size=4))
    docs = tuple(
        version(f"v{k}", *[f"推进第{i}项重点工作（第{k}版）。" for i in range(n)])
        for k, n in enumerate(sizes)
    )
    comps = []
    for old, new in pairwise(docs):
        targets = draw(
            st.lists(
                st.sampled_from([None, *range(len(new.clauses))]),
                min_size=len(old.clauses),
                max_size=len(old.clauses),
            )
        )
        comps.append(Comparison(old, new, changes_for(old, new, targets)))
    return docs, tuple(comps)


def changes_for(old: Document, new: Document, targets: list[int | None]) -> tuple[Change, ...]:
    """Old clause i goes to new clause targets[i] (None: dropped); shared targets are merges."""
    groups: dict[int, list[str]] = {}
    changes = []
    for c, j in zip(old.clauses, targets, strict=True):
        if j is None:
            changes.append(Change(ChangeKind.DROPPED, (c.id,), ()))
        else:
            groups.setdefault(j, []).append(c.id)
    for j, olds in groups.items():
        kind = ChangeKind.MERGED if len(olds) > 1 else ChangeKind.REVISED
        changes.append(Change(kind, tuple(olds), (new.clauses[j].id,), 0.8))
    changes += [
        Change(ChangeKind.NEW, (), (c.id,)) for j, c in enumerate(new.clauses) if j not in groups
    ]
    return tuple(changes)


@settings(max_examples=60, deadline=None)
@given(random_versions())
def test_any_consistent_change_sets_thread_every_clause_exactly_once(case):
    docs, comps = case
    tl = build_timeline(docs, comps)
    assert_complete(tl)
    for t in tl.threads:
        assert fate(t)
        assert len(thread_history(tl, t)) == len(docs)
        if t.merged_into:
            assert t.merged_into in {u.id for u in tl.threads} - {t.id}


def every_pair_candidates(
    enders: list[tuple[int, str]], starters: list[tuple[int, str]], threshold: float
) -> list[tuple[float, int, int]]:
    """The bridging candidates as first written: each starter scored against every ender."""
    found = []
    for s, wording in starters:
        for e, other in enders:
            score = fuzz.ratio(wording, other)
            near = score >= threads.BRIDGE_SURE * 100
            if score >= threshold * 100 and (
                near or LCSseq.similarity(wording, other) >= threads.BRIDGE_MIN_SHARED
            ):
                found.append((score / 100, e, s))
    return sorted(found, key=lambda f: (-f[0], f[1], f[2]))


WORDING = st.text(alphabet="推进建设", min_size=1, max_size=40)  # alike, of many lengths
WORDINGS = st.lists(WORDING, max_size=12)


@settings(max_examples=150, deadline=None)
@given(WORDINGS, WORDINGS, st.sampled_from([0.0, 0.3, 0.55, 0.8, 1.0]))
def test_bridging_scores_only_lengths_that_can_reach_the_threshold_and_finds_the_same(
    ends, starts, threshold
):
    enders = list(enumerate(ends))
    starters = [(100 + k, w) for k, w in enumerate(starts)]
    expected = every_pair_candidates(enders, starters, threshold)
    assert threads._candidates(enders, starters, threshold) == expected


def unexplained(counterparts: tuple[Counterpart, ...]) -> tuple[Counterpart, ...]:
    """The counterparts with empty evidence."""
    return tuple(dataclasses.replace(c, evidence=Evidence()) for c in counterparts)


def test_seed_timeline_without_details_is_the_one_with_details_less_what_threads_never_show(
    seeds,
):
    bare = timeline_paths([str(p) for p in sorted(SEEDS.glob("*.txt"))], details=False)
    assert bare.threads == seeds.threads
    assert bare.topics == seeds.topics
    stripped = [
        tuple(
            dataclasses.replace(
                ch, revisions=(), diff=(), origins=(), successors=unexplained(ch.successors[:1])
            )
            if not ch.probable
            else dataclasses.replace(ch, revisions=(), diff=(), successors=())
            for ch in cmp.changes
        )
        for cmp in seeds.comparisons
    ]
    assert [cmp.changes for cmp in bare.comparisons] == stripped
    assert any(len(ch.successors) > 1 for cmp in seeds.comparisons for ch in cmp.changes)
    assert any(ch.probable and ch.successors for cmp in seeds.comparisons for ch in cmp.changes)
    assert any(
        c.evidence.terms for cmp in seeds.comparisons for ch in cmp.changes for c in ch.successors
    )
    assert any(ch.revisions for cmp in seeds.comparisons for ch in cmp.changes)
    assert any(ch.origins for cmp in seeds.comparisons for ch in cmp.changes)


def test_bridges_found_ahead_from_all_pairs_but_the_last_are_those_the_whole_run_finds(seeds):
    docs, comps = seeds.documents, seeds.comparisons
    threshold = comps[0].settings.match_threshold
    ahead = threads.bridges_ahead(docs, comps[:-1], threshold)
    assert ahead  # the seeds bridge versions before the last
    whole = threads.bridge_gaps(threads.chain_threads(docs, comps), docs, threshold)
    assert ahead.items() <= whole.items()
    early, late = build_timeline(docs, comps, known=dict(ahead)), build_timeline(docs, comps)
    assert (early.threads, early.topics) == (late.threads, late.topics)
    assert threads.bridges_ahead(docs, comps, threshold) == {}  # all pairs: nothing ahead


def test_bridge_candidates_known_are_used_not_found_again(seeds, monkeypatch):
    docs, comps = seeds.documents, seeds.comparisons
    threshold = comps[0].settings.match_threshold
    fresh = threads.chain_threads(docs, comps)
    known = threads.bridge_gaps(fresh, docs, threshold)
    calls: list[int] = []
    real = threads._candidates
    monkeypatch.setattr(threads, "_candidates", lambda *a: (calls.append(1), real(*a))[1])
    again = threads.chain_threads(docs, comps)
    assert threads.bridge_gaps(again, docs, threshold, dict(known)) == known
    assert calls == []
    assert again == fresh


def plain_finish_threads(drafts, documents):
    """`threads.finish_threads` as first written: each clause's index looked up through its
    document, a fresh step for every version, the first version and reading order found
    again for each use."""

    def steps(draft):
        out = []
        for v, doc in enumerate(documents):
            ids = sorted(draft.clauses.get(v, []), key=lambda i, d=doc: d.clause(i).index)
            out.append(
                ThreadStep(
                    version=v,
                    clauses=tuple(ids),
                    kind=draft.kinds.get(v) if ids and v != draft.first else None,
                    bridged=v in draft.bridged,
                    similarity=draft.similarity.get(v, 0.0) if ids else 0.0,
                )
            )
        return tuple(out)

    def order_key(draft):
        doc = documents[draft.first]
        return draft.first, min(doc.clause(i).index for i in draft.clauses[draft.first])

    live = [i for i, d in enumerate(drafts) if d.absorbed_by is None]
    live.sort(key=lambda i: order_key(drafts[i]))
    ids = {i: f"t{n}" for n, i in enumerate(live, start=1)}
    made = []
    for i in live:
        d = drafts[i]
        doc, first_ids = documents[d.first], d.clauses[d.first]
        section = doc.clause(min(first_ids, key=lambda c: doc.clause(c).index)).section
        target = threads._resolve(drafts, d.merged_into)
        made.append(
            (
                ids[i],
                steps(d),
                threads._label(doc, sorted(first_ids, key=lambda c: doc.clause(c).index)),
                section[0] if section else "",
                ids.get(target, "") if target is not None else "",
            )
        )
    return made


def test_finished_threads_equal_those_made_step_by_step_through_each_document():
    tl = timeline_paths([str(p) for p in sorted(SEEDS.glob("*.txt"))], jobs=1)
    docs, settings_ = tl.documents, tl.comparisons[0].settings
    drafts = threads.chain_threads(docs, tl.comparisons)
    threads.bridge_gaps(drafts, docs, settings_.match_threshold)
    threads.span_version_gaps(drafts, docs, settings_)
    odd = next(d for d in drafts if d.absorbed_by is None and 3 not in d.clauses)
    odd.bridged.add(3)  # a bridged version without clauses: not the shared empty step
    made = threads.finish_threads(drafts, docs)
    assert [(t.id, t.steps, t.label, t.topic, t.merged_into) for t in made] == (
        plain_finish_threads(drafts, docs)
    )
    assert sum(t.steps[3].bridged and not t.steps[3].clauses for t in made) == 1
