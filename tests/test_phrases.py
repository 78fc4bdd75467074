"""Shared rare phrases: the same object named in the same words links documents years apart."""

from __future__ import annotations

import dataclasses

import pytest
from aligntools import LAWS, S2013, assert_complete, change_of, compare_texts, seed, texts

from compare.align.phrases import Side, core, phrase_links, phrase_units
from compare.model import ChangeKind, Settings
from compare.pipeline import compare_documents, compare_paths

S2021I = "2021-10-31_hubaoewu-integration-plan.txt"
OFF = dataclasses.replace(Settings(), min_phrase=0)


def test_units_leave_out_places_and_punctuation():
    assert phrase_units("推动包头市、呼和浩特市创建国家节水型城市。") == (
        "推动",
        "创建国家节水型城市",
    )
    assert phrase_units("以包头市为重点建设稀土新材料产业基地") == (
        "以",
        "为重点建设稀土新材料产业基地",
    )


def test_the_core_drops_verbs_and_function_characters_at_either_end():
    assert core("实施最严格的水资源管理") == "最严格的水资源管理"
    assert core("加快推进园区循环化改造") == "园区循环化改造"
    assert core("各地区各部门要") == "地区各部门"
    assert core("海关特殊监管区域") == "海关特殊监管区域"


def links(old: list[str], new: list[str], min_len: int = 8) -> list[tuple[int, int, str]]:
    """phrase_links over one-unit clauses, every pair wanted."""
    units = [tuple(phrase_units(k) for k in side) for side in (old, new)]
    sides = (Side(lambda: old), Side(lambda: new))
    found = phrase_links(*units, sides, lambda i, j: True, min_len)
    return [(x.old, x.new, x.phrase) for x in found]


def test_a_phrase_each_side_uses_once_links_the_two_clauses():
    old = ["实施最严格的水资源管理制度，严格控制用水总量。", "推进园区建设。"]
    new = ["加快交通建设。", "强化最严格的水资源管理约束，大力发展高效节水农业。"]
    assert links(old, new) == [(0, 1, "最严格的水资源管理")]


def test_a_phrase_used_twice_on_one_side_is_a_formula_not_an_object():
    old = ["实施最严格的水资源管理制度。", "推进园区建设。"]
    new = ["强化最严格的水资源管理约束。", "落实最严格的水资源管理考核。"]
    assert links(old, new) == []


def test_a_short_or_passing_phrase_is_not_enough():
    old = ["加快推进综合交通枢纽建设。"]
    new = ["统筹布局综合交通枢纽。"]
    assert links(old, new) == []  # 综合交通枢纽: six characters
    # two long sentences about other things, each naming the base in passing
    old = [
        "以包头为重点建设稀土新材料产业基地" + "，完善口岸通关、金融、物流、信息、会展等功能" * 5
    ]
    new = [
        "统筹推进光伏、风电、氢能、储能与稀土新材料产业基地"
        + "，健全城乡居民养老、医疗、教育服务" * 6
    ]
    units = [tuple(phrase_units(k) for k in side) for side in (old, new)]
    sides = (Side(lambda: old), Side(lambda: new))
    assert phrase_links(*units, sides, lambda i, j: True, 8, 0.1) == []
    assert phrase_links(*units, sides, lambda i, j: True, 8, 0.0) != []


def test_the_2013_water_commitment_is_followed_into_the_2021_integration_plan():
    old, new = seed(S2013), seed(S2021I)
    cmp = compare_documents(old, new)
    assert_complete(cmp)
    ch = change_of(cmp, "实施最严格的水资源管理制度")
    _, news = texts(cmp, ch)
    assert ch.kind is ChangeKind.MERGED
    assert any("最嚴格的水資源管理約束" in t for t in news)
    off = compare_documents(old, new, OFF)
    assert change_of(off, "实施最严格的水资源管理制度").kind is ChangeKind.DROPPED


def test_the_2013_rare_earth_base_is_linked_to_the_2021_base_list():
    cmp = compare_documents(seed(S2013), seed(S2021I))
    ch = change_of(cmp, "建设重要的稀土新材料产业基地")
    _, news = texts(cmp, ch)
    assert ch.kind is ChangeKind.REVISED
    assert any("以包頭市為重點建設稀土新材料產業基地" in t for t in news)


def test_two_versions_of_one_text_are_not_touched():
    old = "推进园区循环化改造。\n加快呼和浩特新机场建设。\n全面落实河长制、湖长制。"
    new = "推进园区循环化改造。\n全面落实河长制、湖长制。\n建立最严格的生态环境保护制度。"
    cmp = compare_texts(old, new)
    assert change_of(cmp, "新机场").kind is ChangeKind.DROPPED
    assert change_of(cmp, "生态环境保护制度", "new").kind is ChangeKind.NEW


def test_an_article_number_is_not_part_of_a_shared_phrase():
    old, new = (LAWS / f"anti_monopoly_law_2007_2022_{s}.txt" for s in ("old", "new"))
    if not old.is_file():
        pytest.skip(f"{LAWS} is not available")
    # 第五十四条 is about staff who abuse their powers in 2007 and about investigating
    # administrative monopoly in 2022: the shared words are only 第五十四条反垄断执法机构
    cmp = compare_paths(str(old), str(new))
    ch = change_of(cmp, "反垄断执法机构工作人员滥用职权")
    assert not any("依法对涉嫌滥用行政权力" in t for t in texts(cmp, ch)[1])
