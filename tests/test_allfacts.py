"""Facts read in one pass over a whole document equal the facts read clause by clause."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compare.pipeline import load_document
from compare.structure import facts as F
from compare.structure.allfacts import facts_of_forms, one_line
from compare.structure.facts import facts_of_form, reading_form
from compare.structure.numbers import (
    CN_NUMERAL,
    CN_QUANTITY,
    COUNTERS,
    MEASURES,
    MULTIPLIERS,
)

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))

OLD_QUANTITY = re.compile(
    rf"(?<![\d.])(\d+(?:,\d{{3}})*(?:\.\d+)?)\s*({F.MULTIPLIER}?(?:{F.UNITS})|{F.MULTIPLIER})"
)
OLD_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d|2100)\s*年(?!代)")
OLD_TARGET_YEAR = re.compile(
    r"(?:到|至|截至|截止|力争|于|在)\s*(1[89]\d\d|20\d\d)\s*年"
    r"|(?<!\d)(1[89]\d\d|20\d\d)\s*年(?:前|底|末|以前|之前)"
)
OLD_CN_QUANTITY = re.compile(
    rf"(?<![第\d.])([{CN_NUMERAL}]+?)"
    rf"((?:{'|'.join(MULTIPLIERS)})(?:{MEASURES}|{COUNTERS})?|(?:{MEASURES}))"
)
OLD_RETROSPECTIVE = re.compile(
    r"十[一二三]五[”\"]?(?:时期|期间)?以来|以来[,，]|过去[一二三四五]年|取得了|实现了|完成了|"
    r"已(?:经)?(?:建成|形成|实现|完成|取得)|(?:取得|实现)[^。；,，]{0,12}(?:成效|成就|成绩|突破)"
)
"""The patterns as first written, without a first test: the reference for the faster forms."""

PIECES = [
    *"0123456789０１２３.,．，。；、 \t（）()%％年月第万亿千百十一二三四五六七八九〇零两点",
    "到",
    "至",
    "截至",
    "截止",
    "截",
    "力争",
    "力",
    "于",
    "在",
    "年底",
    "之前",
    "1899年末",
    "٢٠٢٥",
    "2025年",
    "二〇二五年",
    "2020年前",
    "1990年代",
    "2100年",
    "百分之十五",
    "5000万千瓦",
    "15.7%",
    "1,200万吨",
    "十三五以来",
    "“十二五”时期以来",
    "过去五年",
    "已经建成",
    "实现了",
    "取得了",
    "取得显著成效",
    "将",
    "确保",
    "达到",
    "加快建设",
    "重点发展",
    "发展",
    "建设",
    "基本建成",
    "基本公共服务",
    "推进",
    "研究",
    "逐步",
    "全面",
    "(自治区发展改革委牵头,财政厅和相关盟市配合)",
    "（水利厅负责）",
    "亿元",
    "公里",
    "个百分点",
    "人次",
    "一元化",
]
CLAUSE = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)
CHECK = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))


def forms_of(path: Path) -> list[str]:
    """The reading forms of a document's distinct clause texts."""
    doc = load_document(str(path))
    return list(dict.fromkeys(reading_form(c.text) for c in doc.clauses))


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_one_pass_equals_clause_by_clause_on_the_seeds(path):
    forms = forms_of(path)
    assert facts_of_forms(forms) == [facts_of_form(f) for f in forms]


@CHECK
@given(forms=st.lists(CLAUSE.map(F.fold), max_size=8))
def test_one_pass_equals_clause_by_clause(forms):
    assert facts_of_forms(forms) == [facts_of_form(f) for f in forms]


@CHECK
@given(forms=st.lists(CLAUSE, max_size=6))
def test_one_pass_on_forms_not_folded(forms):
    """Full-width digits and brackets are folded where facts_of_form folds them, not before."""
    assert facts_of_forms(forms) == [facts_of_form(f) for f in forms]


def test_forms_with_line_breaks_are_read_one_by_one():
    forms = ["到2025年达到5000万千瓦", "推进\n建设2030年前"]
    assert facts_of_forms(forms) == [facts_of_form(f) for f in forms]


@CHECK
@given(text=st.lists(st.sampled_from([*PIECES, "\n", " \n"]), max_size=20).map("".join))
def test_fast_patterns_match_where_the_first_forms_did(text):
    for new, old in (
        (F.QUANTITY, OLD_QUANTITY),
        (F.YEAR, OLD_YEAR),
        (CN_QUANTITY, OLD_CN_QUANTITY),
        (F.RETROSPECTIVE, OLD_RETROSPECTIVE),
    ):
        assert [m.groups() + m.span() for m in re.finditer(new, text)] == [
            m.groups() + m.span() for m in old.finditer(text)
        ]
    assert [(F.target_year(m), m.span()) for m in re.finditer(F.TARGET_YEAR, text)] == [
        (int(m.group(1) or m.group(2)), m.span()) for m in OLD_TARGET_YEAR.finditer(text)
    ]


def test_one_line_patterns_never_match_a_line_break():
    for pattern in (F.QUANTITY, F.YEAR, F.TARGET_YEAR, F.RETROSPECTIVE):
        line = one_line(pattern)
        assert "\n" not in "".join(m[0] for m in line.finditer("到 \n2025\n年 取得\n成效"))
    with pytest.raises(ValueError):
        one_line(re.compile(r"\S+"))
