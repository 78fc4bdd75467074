"""The pair view: rows in reading order, token diffs shared out over clauses, safe anchors."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rendertools import fixture_comparison

from compare.model import Change, ChangeKind
from compare.render.pair_view import pair_view
from compare.render.views import (
    DESTINATION,
    ORIGINAL,
    Span,
    anchor_id,
    cut_spans,
    order_rows,
    spans_per_clause,
)

runs = st.lists(st.tuples(st.sampled_from(["equal", "insert"]), st.text(min_size=1)), max_size=8)


@given(runs, st.lists(st.integers(min_value=0, max_value=6), min_size=1, max_size=5))
def test_cut_spans_keeps_text_and_lengths(pairs, lengths):
    spans = [Span(op, text) for op, text in pairs]
    total = sum(len(s.text) for s in spans)
    lengths = [*lengths[:-1], max(0, total - sum(lengths[:-1]))]
    if sum(lengths) != total:
        return
    pieces = cut_spans(spans, lengths)
    assert [sum(len(s.text) for s in p) for p in pieces] == lengths
    assert "".join(s.text for p in pieces for s in p) == "".join(s.text for s in spans)


def test_rows_follow_reading_order_on_both_sides():
    cmp = fixture_comparison()
    order = order_rows(cmp)
    kinds = [(cmp.changes[i].kind.value, role) for i, role in order]
    assert kinds == [
        ("unchanged", ""),
        ("revised", ""),
        ("dropped", ""),
        ("moved", ORIGINAL),
        ("moved", DESTINATION),
        ("split", ""),
        ("merged", ""),
        ("new", ""),
    ]
    old_side = [
        cmp.changes[i].old[0] for i, role in order if cmp.changes[i].old and role != DESTINATION
    ]
    assert old_side == ["c1", "c2", "c3", "c4", "c5", "c6"]


def test_every_change_has_a_row_and_moved_ones_two():
    cmp = fixture_comparison()
    counted = [i for i, _ in order_rows(cmp)]
    for i, ch in enumerate(cmp.changes):
        assert counted.count(i) == (2 if ch.kind is ChangeKind.MOVED else 1)


def test_split_diff_is_shared_out_over_the_new_clauses():
    cmp = fixture_comparison()
    split = next(ch for ch in cmp.changes if ch.kind is ChangeKind.SPLIT)
    clauses = [cmp.new.clause(i) for i in split.new]
    pieces = spans_per_clause(split, clauses, "new")
    assert ["".join(s.text for s in p) for p in pieces] == ["完善交通网络。", "提升服务水平。"]
    assert [s.op for s in pieces[0]] == ["equal", "insert"]
    old_pieces = spans_per_clause(split, [cmp.old.clause("c5")], "old")
    assert [s for s in old_pieces[0] if s.op == "delete"] == [Span("delete", "并")]


def test_a_diff_that_does_not_match_the_text_is_drawn_as_given_for_one_clause():
    cmp = fixture_comparison()
    clause = cmp.new.clause("c2")
    odd = Change(
        ChangeKind.REVISED, ("c2",), ("c2",), 0.5, (), fixture_comparison().changes[4].diff
    )
    assert spans_per_clause(odd, [clause], "new")[0][0].text == "完善交通网络"
    assert spans_per_clause(odd, [clause, cmp.new.clause("c3")], "new") == []


def test_summary_lists_dropped_commitments_first_and_counts_every_kind():
    v = pair_view(fixture_comparison())
    assert dict(v.kind_counts) == {k.value: 1 for k in ChangeKind}
    titles = [g.title for g in v.significant]
    assert titles == ["Dropped commitments", "Changed targets"]
    assert "alert(1)" in v.significant[0].items[0].snippet
    assert "2020年 → 2025年" in v.significant[1].items[0].evidence
    assert dict(v.dropped_by_section) == {"一、总体要求": 1}


def test_section_anchors_and_crumbs():
    v = pair_view(fixture_comparison())
    assert [s.href for s in v.new_sections] == ["#sn-s1", "#sn-s2", "#sn-s3"]
    crumbs = [(r.new.crumb, r.new.crumb_same) for r in v.rows if r.new.clauses]
    assert crumbs[0] == ("一、总体要求", False)
    assert crumbs[1] == ("一、总体要求", True)


def test_anchor_ids_are_safe():
    assert anchor_id("t-", "t<3> x") == "t-t_3c3_3e_20x"
    assert anchor_id("n-", "c12") == "n-c12"


def test_headings_are_counted_apart_and_unreliable_numbers_are_marked():
    from aligntools import seed

    from compare.pipeline import compare_documents
    from compare.render.terminal import change_block, counts_line

    cmp = compare_documents(
        seed("2021-02-07_14th-five-year-plan-outline.txt"),
        seed("2021-10-31_hubaoewu-integration-plan.txt"),
    )
    v = pair_view(cmp)
    headings = [ch for ch in cmp.changes if cmp.heading_only(ch)]
    assert v.headings == sum(ch.kind is not ChangeKind.UNCHANGED for ch in headings) > 100
    assert sum(n for _, n in v.kind_counts) == len(cmp.changes) - len(headings)
    assert f"(headings apart: {v.headings} changed)" in counts_line(cmp)
    listed = {item.href for g in v.significant for item in g.items}
    heading_rows = {"#" + r.anchor for r in v.rows if cmp.heading_only(cmp.changes[r.change])}
    assert listed and not listed & heading_rows
    shaky = [
        ch
        for ch in cmp.changes
        if any(not cmp.old.clause(i).facts.numbers_reliable for i in ch.old)
    ]
    assert shaky and all("⚠ numbers unreliable" in change_block(cmp, ch) for ch in shaky)
    marked = [i for g in v.significant for i in g.items if "numbers unreliable" in i.evidence]
    assert marked
