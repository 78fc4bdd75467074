"""Cleaning: JSON cases (positive and negative), the seed corpus's real damage, and invariants."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.clean.fixers import pinyin_pattern
from compare.clean.keys import comparison_key, comparison_keys
from compare.clean.normalize import FIXERS, CleanConfig, normalize, plan
from compare.clean.web import find_date
from compare.model import CleanText, Source
from compare.read.source import read_source

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases" / "normalize"
SEEDS = ROOT / "seeds"
PAIRS = ROOT.parent / "shared" / "eval" / "pairs"
LAWS = ROOT.parent / "shared" / "realdata" / "laws"


def clean(text: str, config: CleanConfig | None = None) -> CleanText:
    return normalize(Source("test", text, "utf-8", "txt", len(text.encode())), config)


@cache
def seed(name: str) -> tuple[Source, CleanText]:
    path = next(SEEDS.glob(f"{name}*.txt"))
    source = read_source(str(path))
    return source, normalize(source)


def kinds(c: CleanText) -> set[str]:
    return {r.kind for r in c.repairs}


def load(name: str) -> list[dict]:
    return json.loads((CASES / f"{name}.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- cases as data


@pytest.mark.parametrize("case", load("positive"), ids=lambda c: c["label"])
def test_positive_case(case):
    result = clean(case["original"])
    assert result.text == case["fixed"]
    assert set(case["repairs"]) <= kinds(result)


@pytest.mark.parametrize("case", load("negative"), ids=lambda c: c["label"])
def test_negative_case_stays_unchanged(case):
    result = clean(case["original"])
    assert result.text == case["original"]
    assert result.repairs == ()


@pytest.mark.parametrize("case", load("known_failures"), ids=lambda c: c["label"])
@pytest.mark.xfail(strict=True, reason="known failure: move the case to positive.json once fixed")
def test_known_failure(case):
    result = clean(case["original"])
    assert result.text == case["fixed"]
    assert set(case["repairs"]) <= kinds(result)


# ---------------------------------------------------------------- the seeds' real damage


def test_integration_plan_loses_every_pinyin_reading_but_no_parenthetical():
    source, c = seed("2021-10-31")
    assert pinyin_pattern().search(source.text)
    assert not pinyin_pattern().search(c.text)
    assert not re.search(r"\((?:[a-z]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-z]*)\)", c.text)
    for kept in ("(B型)", "(市、區)", "(包頭—鄂爾多斯)", "(此件公開發布)"):
        assert kept in c.text
    assert "呼包鄂烏“十四五”一體化發展規劃" in c.text


def test_integration_plan_gbk_shift_repaired_where_the_bytes_allow():
    _, c = seed("2021-10-31")
    assert "??" not in c.text
    assert "共享。跨城市間就業信息互通" in c.text
    assert "。科技創新支撐能力偏弱" in c.text
    assert "平臺。跨區域整合一批" in c.text
    assert "。科學推進岱海" in c.text
    repaired = next(r for r in c.repairs if r.kind == "repair_gbk_offset")
    assert repaired.count == 4 and not repaired.flagged
    assert repaired.lines == (137, 145, 283, 329)
    assert "gbk_bytes_lost" not in kinds(c)
    damage = next(r for r in c.repairs if r.kind == "flag_encoding_damage")
    assert damage.flagged and damage.count >= 4


def test_a_lost_character_without_evidence_is_reported_lost():
    c = clean("城市之間的就業信息互通共享??绯鞘虚g就業信息互通。")
    assert "共享。城市間就業信息互通" in c.text
    lost = next(r for r in c.repairs if r.kind == "gbk_bytes_lost")
    assert lost.flagged and "城市間" in lost.detail and lost.lines == (1,)


def test_integration_plan_keeps_traditional_script_and_drops_its_toc():
    _, c = seed("2021-10-31")
    assert "區域" in c.text and "区域" not in c.text
    assert c.text.count("第一章") == 1
    assert "drop_toc" in kinds(c)


def test_outline_has_no_page_markers_and_no_toc():
    source, c = seed("2021-02-07")
    assert re.search(r"—\d+—", source.text)
    assert not re.search(r"—\d+—", c.text)
    assert not re.search(r"\.{4,}", c.text)
    assert "目录" not in c.text.split("\n", 3)[1]
    assert {"drop_page_numbers", "drop_toc", "split_glued_headings"} <= kinds(c)


def test_outline_headings_stand_on_their_own_lines():
    _, c = seed("2021-02-07")
    lines = set(c.text.split("\n"))
    assert "第三节促进创业带动就业" in lines
    assert "第一章发展环境" in lines
    assert "第三篇保持加强生态文明建设战略定力筑牢我国北方重要生态安全屏障" in lines
    assert "深入践行习近平生态文明思想，" in c.text


def test_outline_years_restored_where_unambiguous():
    _, c = seed("2021-02-07")
    assert "到2025年，全区人才资源总量达到" in c.text
    assert "审议通过" in c.text and "审议通2035过" not in c.text
    assert "实现十四五规划和2035年远景目标，任务艰巨、责任重“”大" in c.text
    assert "到2035年内蒙古将与全国一道基本实现社会主义现代化" in c.text
    assert "restore_displaced_numerals" in kinds(c)


def test_outline_marks_what_it_cannot_restore_unreliable():
    _, c = seed("2021-02-07")
    spans = [c.text[a:b] for a, b in c.unreliable]
    assert any("人4.3%均地区生产总值" in s for s in spans)
    assert not any(s.startswith("第一章发展环境") for s in spans)
    flag = next(r for r in c.repairs if r.kind == "flag_displaced_numerals")
    assert flag.flagged and flag.count == len(c.unreliable)


def test_outline_keeps_flattened_tables():
    _, c = seed("2021-02-07")
    assert "专栏1“十四五”时期经济社会发展主要指标" in c.text
    assert "民生福祉（）全体居民人均可支配收入增长" in c.text


def test_2019_ends_within_its_last_section_and_cuts_the_newspaper():
    _, c = seed("2019-10-17")
    last = c.text.rstrip().rsplit("\n", 1)[-1]
    assert last.endswith("重大问题要及时向自治区党委、政府报告。")
    assert "## 四、加强组织实施" in c.text
    assert "科右中旗" in c.cut and "科右中旗" not in c.text
    assert "本报10月22日讯" in c.cut
    cut = next(r for r in c.repairs if r.kind == "cut_trailing_articles")
    assert cut.lines == (87,) and str(len(c.cut)) in cut.detail


def test_2020_joins_words_broken_across_paragraphs_and_drops_the_source_line():
    source, c = seed("2020-06-23")
    assert "新\n\n业态" in source.text
    assert "“互联网+”新业态。" in c.text
    assert "来源" not in c.text
    assert find_date(source.text) == "2020-06-23"
    assert any(r.kind == "flag_foreign_words" and "and" in r.detail for r in c.repairs)


def test_2013_furniture_removed_but_recorded():
    source, c = seed("2013-05-23")
    assert "浏览次数" not in c.text and "分享到" not in c.text
    furniture = next(r for r in c.repairs if r.kind == "drop_web_furniture")
    assert "发布日期:2013-05-23" in furniture.detail
    assert find_date(source.text) == "2013-05-23"


def test_2019_date_from_its_dateline():
    source, _ = seed("2019-10-17")
    assert find_date(source.text) == "2019-10-17"


@pytest.mark.skipif(not PAIRS.exists(), reason="evaluation pairs not present")
def test_traditional_pinyin_pair_reads_like_its_simplified_original():
    old = normalize(read_source(str(PAIRS / "d2019t_a.txt")))
    new = normalize(read_source(str(PAIRS / "d2019t_b.txt")))
    assert not pinyin_pattern().search(new.text)
    assert "區域協調發展" in new.text
    assert comparison_key("坚持和加强党对区域协调发展的领导") in comparison_key(new.text)
    assert comparison_key("坚持和加强党对区域协调发展的领导") in comparison_key(old.text)


@pytest.mark.skipif(not LAWS.exists(), reason="statutes not present")
@pytest.mark.parametrize("path", sorted(LAWS.glob("*.txt")), ids=lambda p: p.stem)
def test_clean_statutes_keep_every_line(path):
    source = read_source(str(path))
    c = normalize(source)
    lines = [line.strip(" \u3000") for line in source.text.splitlines() if line.strip()]
    assert c.text.split("\n\n") == lines
    assert kinds(c) <= {"strip_indentation", "collapse_blank_lines"}


# ---------------------------------------------------------------- comparison key


def test_key_simplifies_folds_widths_and_drops_whitespace():
    assert comparison_key("區域協調 發展（ＧＤＰ）１２％") == "区域协调发展(GDP)12%"


def test_key_keeps_cjk_punctuation_and_enclosed_numerals():
    assert comparison_key("㈠推进。“双控”、") == "㈠推进。“双控”、"


def test_batch_keys_equal_single_keys():
    texts = ["區域協調", "ＡＢＣ 发展", "", "第一章　總則"]
    assert comparison_keys(texts) == [comparison_key(t) for t in texts]


# ---------------------------------------------------------------- registry and config


def test_config_switches_a_fixer_off():
    text = "內(nèi)蒙古"
    assert clean(text).text == "內蒙古"
    assert clean(text, CleanConfig(skip=frozenset({"strip_pinyin"}))).text == text


def test_registry_names_are_unique():
    names = [name for name, _ in FIXERS]
    assert len(names) == len(set(names))


def test_every_fixer_is_documented_in_order():
    doc = (ROOT / "docs" / "cleaning.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| \d+ \| `(\w+)`", doc, re.MULTILINE)
    assert rows == [name for name, _ in FIXERS]


@pytest.mark.parametrize(
    "name", ["2013-05-23", "2019-10-17", "2020-06-23", "2021-02-07", "2021-10"]
)
def test_seed_clean_text_is_a_fixed_point(name):
    _, c = seed(name)
    again = clean(c.text)
    assert again.text == c.text
    assert not [r for r in again.repairs if not r.flagged]


@pytest.mark.parametrize(
    "name", ["2013-05-23", "2019-10-17", "2020-06-23", "2021-02-07", "2021-10"]
)
def test_seed_origin_points_back_into_the_source(name):
    source, c = seed(name)
    assert len(c.origin) == len(c.text)
    same = sum(source.text[o] == ch for ch, o in zip(c.text, c.origin, strict=True))
    assert same / len(c.text) > 0.99
    moved = {r.kind for r in c.repairs} & {"restore_displaced_numerals"}
    backwards = sum(b < a for a, b in zip(c.origin, c.origin[1:], strict=False))
    assert backwards == 0 or moved


# ---------------------------------------------------------------- properties

PIECES = [
    *("(qū)", "(fā)", "—12—", "\n\n", "发布日期:2020-01-01", "ab", "GDP", "一、", "（一）"),
    *("到年", "和年", "2025", "2035", "目录", "第一章发展", "第一节成就", "1.....", "??绯鞘虚g"),
    *("\n# 标题\n", "\n## 一、总体\n", "本报10月22日讯", "的通知", "年月日202127"),
]
ALPHABET = st.sampled_from(
    [*"推进区域協調發展规划年月日的一二三、，。；（）()0123456789 \n\r\u3000\u00a0\u200b", *PIECES]
)
TEXTS = st.lists(ALPHABET, max_size=60).map("".join)


@settings(max_examples=150, deadline=None)
@given(TEXTS)
def test_origin_has_one_offset_per_character_and_points_at_it(text):
    c = clean(text)
    assert len(c.origin) == len(c.text)
    for ch, o in zip(c.text, c.origin, strict=True):
        assert 0 <= o < len(text)
        assert text[o] == ch or ch in "\n " or "repair_gbk_offset" in kinds(c)


@settings(max_examples=150, deadline=None)
@given(TEXTS)
def test_origin_never_goes_backwards_without_a_move(text):
    c = clean(text)
    if "restore_displaced_numerals" not in kinds(c):
        assert all(a <= b for a, b in zip(c.origin, c.origin[1:], strict=False))


@settings(max_examples=150, deadline=None)
@given(TEXTS)
def test_normalizing_twice_equals_once(text):
    once = clean(text).text
    assert clean(once).text == once


@settings(max_examples=150, deadline=None)
@given(TEXTS)
def test_the_trail_explains_every_change(text):
    c = clean(text)
    replayed = clean(text, plan(c))
    assert replayed.text == c.text
    if not c.repairs:
        assert c.text == text


LAYOUT_ONLY = {
    "fix_line_endings",
    "remove_invisible_chars",
    "normalize_spaces",
    "strip_indentation",
    "collapse_blank_lines",
    "join_broken_lines",
}
"""Fixers that only touch layout: with no other repair, every visible character survives."""


@settings(max_examples=150, deadline=None)
@given(TEXTS)
def test_no_character_is_lost_without_a_recorded_repair(text):
    c = clean(text)
    changed = {r.kind for r in c.repairs if not r.flagged or r.removed}
    if changed <= LAYOUT_ONLY:
        visible = re.sub(r"[\s\u200b]", "", text)
        assert re.sub(r"\s", "", c.text) == visible
