"""Classification: change kinds, typed revisions with evidence, the token diff, completeness."""

from __future__ import annotations

import pytest
from aligntools import ROTATED_NEW, ROTATED_OLD, change_of, compare_texts, doc, raised
from hypothesis import given
from hypothesis import strategies as st

from compare.classify.changes import (
    IncompleteChangeSet,
    classify,
    longest_increasing,
    verify_each_link,
    verify_links,
)
from compare.classify.tokendiff import token_diff
from compare.model import ChangeKind, Link, Op, RevisionKind, Settings

OTHER = "\n全面落实河长制、湖长制。\n消除城市建成区黑臭水体。"


def revision_kinds(old: str, new: str) -> set[RevisionKind]:
    """The revision kinds found when one sentence is revised (two unchanged ones around it)."""
    ch = change_of(compare_texts(old + OTHER, new + OTHER), old[:6])
    assert ch.kind is ChangeKind.REVISED, ch
    return {r.kind for r in ch.revisions}


def test_weak_to_strong_wording_is_strengthened():
    found = revision_kinds("研究建设呼和浩特区域枢纽机场。", "加快建设呼和浩特区域枢纽机场。")
    assert RevisionKind.STRENGTHENED in found


def test_strong_to_weak_wording_is_weakened():
    found = revision_kinds("加快推进呼包鄂乌一体化发展。", "探索推进呼包鄂乌一体化发展。")
    assert RevisionKind.WEAKENED in found


def test_a_changed_target_year_and_value():
    old = "到2020年，全区煤炭产能稳定在10亿吨左右。"
    new = "到2025年，全区煤炭产能稳定在12亿吨左右。"
    ch = change_of(compare_texts(old + OTHER, new + OTHER), "煤炭产能")
    target = [r for r in ch.revisions if r.kind is RevisionKind.TARGET_CHANGED]
    assert target and "2020" in target[0].old and "2025" in target[0].new


def test_a_place_added_widens_the_scope():
    found = revision_kinds(
        "支持满洲里边境旅游试验区创新发展。", "支持满洲里、二连浩特边境旅游试验区创新发展。"
    )
    assert RevisionKind.SCOPE_WIDENED in found


def test_a_place_removed_narrows_the_scope():
    found = revision_kinds(
        "推进呼和浩特、包头、鄂尔多斯、乌兰察布协同发展。", "推进呼和浩特、包头、鄂尔多斯协同发展。"
    )
    assert RevisionKind.SCOPE_NARROWED in found


def test_a_new_lead_agency_is_an_agency_change():
    old = "实施最严格的水资源管理制度，严格控制用水总量。(自治区水利厅牵头，自治区发展改革委配合)"
    new = "实施最严格的水资源管理制度，严格控制用水总量。(自治区发展改革委牵头，自治区水利厅配合)"
    cmp = compare_texts(old + OTHER, new + OTHER)
    ch = change_of(cmp, "水利厅牵头")
    assert ch.kind is ChangeKind.REVISED
    agency = [r for r in ch.revisions if r.kind is RevisionKind.AGENCY_CHANGED]
    assert agency and "水利厅" in agency[0].old and "发展改革委" in agency[0].new


def test_a_phrase_added_is_reported_with_its_words():
    old = "支持县城普通高中学校特色发展。"
    new = "支持县城普通高中学校优质特色多样化发展。"
    ch = change_of(compare_texts(old + OTHER, new + OTHER), "普通高中")
    added = [r.new for r in ch.revisions if r.kind is RevisionKind.PHRASE_ADDED]
    assert added and "多样化" in "".join(added)


def test_only_a_cited_article_number_changed():
    old = "制定统计调查项目，应当依照本法第十二条的规定报经审批。"
    new = "制定统计调查项目，应当依照本法第十四条的规定报经审批。"
    assert revision_kinds(old, new) == {RevisionKind.RENUMBERED}


def test_variant_characters_only():
    old = "各单位必须依法设置会计帐簿，并保证其真实、完整。"
    new = "各单位必须依法设置会计账簿，并保证其真实、完整。"
    assert revision_kinds(old, new) == {RevisionKind.VARIANT_ONLY}


def test_renumbered_article_with_same_text_is_unchanged():
    old = "第五条 国家实行统一的会计制度。\n第六条 会计人员应当遵守职业道德。"
    new = (
        "第五条 会计工作应当维护社会公共利益。\n"
        "第六条 国家实行统一的会计制度。\n第七条 会计人员应当遵守职业道德。"
    )
    cmp = compare_texts(old, new)
    assert change_of(cmp, "统一的会计制度").kind is ChangeKind.UNCHANGED
    assert change_of(cmp, "职业道德").kind is ChangeKind.UNCHANGED
    assert change_of(cmp, "社会公共利益", "new").kind is ChangeKind.NEW


def test_similarity_is_one_for_unchanged_and_below_for_revised():
    cmp = compare_texts("加强黄河等排污口管理。" + OTHER, "加强黄河等重点排污口管理。" + OTHER)
    assert change_of(cmp, "河长制").similarity == 1.0
    assert 0.5 < change_of(cmp, "排污口").similarity < 1.0


@given(
    st.text(alphabet="推进建设呼包鄂乌一体化加快，。2025年", max_size=30),
    st.text(alphabet="推进建设呼包鄂乌一体化探索，。2030年", max_size=30),
)
def test_token_diff_rebuilds_both_texts(old, new):
    spans = token_diff(old, new)
    assert "".join(s.text for s in spans if s.op is not Op.INSERT) == old
    assert "".join(s.text for s in spans if s.op is not Op.DELETE) == new


def test_token_diff_keeps_words_whole():
    spans = token_diff("研究建设和林格尔新区。", "加快建设和林格尔新区。")
    assert [(s.op, s.text) for s in spans if s.op is not Op.EQUAL] == [
        (Op.DELETE, "研究"),
        (Op.INSERT, "加快"),
    ]


@given(st.lists(st.integers(0, 50), max_size=12, unique=True))
def test_longest_increasing_is_increasing_and_longest(seq):
    keep = sorted(longest_increasing(seq))
    values = [seq[p] for p in keep]
    assert values == sorted(values)
    best = [1] * len(seq)
    for i in range(len(seq)):
        for j in range(i):
            if seq[j] < seq[i]:
                best[i] = max(best[i], best[j] + 1)
    assert len(keep) == max(best, default=0)


def test_an_incomplete_change_set_raises():
    old = doc("全面落实河长制、湖长制。\n消除城市建成区黑臭水体。")
    new = doc("全面落实河长制、湖长制。")
    twice = (Link(("c1",), ("c1",), 1.0, "exact"), Link(("c1",), (), 0.0, "bug"))
    with pytest.raises(IncompleteChangeSet):
        classify(old, new, twice, Settings())


LINK_SIDES = st.lists(st.sampled_from(["c1", "c2", "c3", "c9"]), max_size=2).map(tuple)
"""One side of a link: none, one or two ids, some reused, some unknown (c9)."""


@given(st.lists(st.builds(Link, LINK_SIDES, LINK_SIDES, st.just(1.0), st.just("exact"))))
def test_links_checked_at_once_pass_and_fail_as_checked_one_by_one(links):
    old = doc("全面落实河长制、湖长制。\n消除城市建成区黑臭水体。\n推进城乡供水一体化。")
    new = doc("全面落实河长制。\n消除黑臭水体。\n推进城乡供水一体化建设。")
    assert [c.id for c in old.clauses] == [c.id for c in new.clauses] == ["c1", "c2", "c3"]
    assert raised(verify_links, old, new, links) == raised(verify_each_link, old, new, links)


def test_an_agency_note_follows_its_item_when_each_lead_changed():
    cmp = compare_texts(ROTATED_OLD, ROTATED_NEW)
    note = change_of(cmp, "能源局牵头")
    assert note.kind is ChangeKind.REVISED
    assert "水利厅牵头" in cmp.new.clause(note.new[0]).text
    for item in ("煤炭输送通道", "城乡供水"):
        ch = change_of(cmp, item)
        assert ch.kind is ChangeKind.REVISED
        assert [r.kind for r in ch.revisions] == [RevisionKind.AGENCY_CHANGED]
    assert change_of(cmp, "卫生健康委牵头").kind is ChangeKind.UNCHANGED
    assert change_of(cmp, "医疗合作").kind is ChangeKind.UNCHANGED


def test_a_traditional_script_copy_with_one_edit_diffs_only_that_edit():
    old = "强化大气污染联防联控，推进呼包鄂乌一体化发展。"
    new = "強化大氣污染聯防聯控，加快推進呼包鄂烏一體化發展。"
    ch = change_of(compare_texts(old + OTHER, new + OTHER), "强化大气")
    edits = [(s.op, s.text) for s in ch.diff if s.op is not Op.EQUAL]
    assert edits == [(Op.INSERT, "加快")]
    assert [r.kind for r in ch.revisions] == [RevisionKind.STRENGTHENED, RevisionKind.PHRASE_ADDED]
    assert ch.diff[0].text.startswith("強化大氣") and ch.diff[0].old.startswith("强化大气")


def test_a_renamed_heading_gets_no_strength_type():
    old = "一、强化科技人才支撑\n推进人才引进和培养。\n二、优化营商环境\n深化放管服改革。"
    new = "一、提高科技人才支撑\n推进人才引进和培养。\n二、优化营商环境\n深化放管服改革。"
    cmp = compare_texts(old, new)
    ch = change_of(cmp, "科技人才支撑")
    assert cmp.old.clause(ch.old[0]).is_heading
    assert ch.kind is ChangeKind.REVISED
    assert not {r.kind for r in ch.revisions} & {RevisionKind.STRENGTHENED, RevisionKind.WEAKENED}


def test_a_look_back_is_never_a_commitments_weakened_form():
    old = "加快推进黄河流域生态保护和高质量发展。"
    new = "“十三五”时期，推进黄河流域生态保护和高质量发展取得了显著成效。"
    ch = change_of(compare_texts(old + OTHER, new + OTHER), "黄河流域")
    assert ch.kind is ChangeKind.REVISED
    assert not {r.kind for r in ch.revisions} & {RevisionKind.STRENGTHENED, RevisionKind.WEAKENED}
