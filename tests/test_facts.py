"""Facts of a clause: agencies, quantities, target years, commitment and its strength."""

from __future__ import annotations

import pytest

from compare.model import Quantity, Strength
from compare.structure.facts import agencies, facts_of, quantities, split_agencies, target_years
from compare.structure.lexicon import ACTION_WORDS, STRENGTH_WORDS, strength_of, strongest
from compare.structure.numbers import magnitude

ITEM_2013 = (
    "加快煤炭、电力、油气等输送通道建设。(自治区能源开发局牵头,自治区发展改革委、经济和信息化委、"
    "国土资源厅、环保厅和内蒙古电力监管办及相关盟市配合)"
)


def test_lead_and_cooperating_from_a_2013_item():
    facts = facts_of(ITEM_2013)
    assert facts.lead == ("自治区能源开发局",)
    assert facts.cooperating == (
        "自治区发展改革委",
        "经济和信息化委",
        "国土资源厅",
        "环保厅",
        "内蒙古电力监管办",
        "相关盟市",
    )


def test_full_width_parentheses_and_commas():
    lead, coop = agencies("（自治区发展改革委牵头，自治区财政厅、商务厅和相关盟市配合）")
    assert lead == ("自治区发展改革委",)
    assert coop == ("自治区财政厅", "商务厅", "相关盟市")


def test_responsible_body_without_cooperation():
    assert agencies("建立考核制度。(自治区人力资源社会保障厅负责)") == (
        ("自治区人力资源社会保障厅",),
        (),
    )


def test_several_leads():
    lead, _ = agencies("(自治区财政厅、发展改革委牵头,相关盟市配合)")
    assert lead == ("自治区财政厅", "发展改革委")


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("经济和信息化委", ("经济和信息化委",)),
        ("人民银行呼和浩特中心支行", ("人民银行呼和浩特中心支行",)),
        ("环保厅和内蒙古电力监管办", ("环保厅", "内蒙古电力监管办")),
        ("呼和浩特海关及相关盟市", ("呼和浩特海关", "相关盟市")),
        ("国家发展和改革委员会", ("国家发展和改革委员会",)),
    ],
)
def test_and_splits_only_after_a_whole_agency_name(text, names):
    assert split_agencies(text) == names


def test_no_agencies_in_plain_parentheses():
    assert agencies("申报建设中国(内蒙古)自由贸易试验区。") == ((), ())


def test_quantities_with_units_tied_to_the_target_year():
    found = quantities(
        "到2025年，全区人才资源总量达到350万人，占比15.7%，产值1.2万亿元，外运5000万吨。"
    )
    assert found == (
        Quantity("350万人", 350.0, "万人", 2025),
        Quantity("15.7%", 15.7, "%", 2025),
        Quantity("1.2万亿元", 1.2, "万亿元", 2025),
        Quantity("5000万吨", 5000.0, "万吨", 2025),
    )


def test_years_are_not_quantities():
    assert quantities("2020年常住人口1001.5万人") == (Quantity("1001.5万人", 1001.5, "万人", 2020),)
    assert quantities("到2035年基本实现") == ()


def test_full_width_digits_are_read():
    assert quantities("新增１２０公里") == (Quantity("120公里", 120.0, "公里", None),)


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("到2025年，基本建成", (2025,)),
        ("2020年前完成改造", (2020,)),
        ("力争2030年实现达峰，到2035年全面建成", (2030, 2035)),
        ("规划期2021年至2025年", (2025,)),
        ("2019年全区生产总值", ()),
    ],
)
def test_target_years(text, years):
    assert target_years(text) == years


def test_talent_total_clause_has_target_year_2025():
    facts = facts_of("到2025年，全区人才资源总量达到万人。")
    assert facts.years == (2025,)


def test_commitment_and_description():
    assert facts_of("探索建立生态产品价值实现机制。").commitment
    description = facts_of("经济发展基础更加稳固。")
    assert not description.commitment
    assert description.strength is Strength.NONE


def test_strength_order_explore_push_accelerate():
    explore = facts_of("探索城乡双向流动的户口迁移政策。").strength
    push = facts_of("推进城乡双向流动的户口迁移政策。").strength
    fast = facts_of("加快推进城乡双向流动的户口迁移政策。").strength
    full = facts_of("全面推进城乡双向流动的户口迁移政策。").strength
    assert explore < push < fast
    assert fast == full == Strength.STRONG


def test_actions_in_order_and_development_only_as_verb():
    facts = facts_of("重点发展煤炭产业，推动区域协调发展，加快推进转型。")
    assert facts.actions == ("发展", "推动", "加快", "推进")


def test_traditional_script_is_read_as_simplified():
    facts = facts_of("加快推進呼包鄂烏一體化發展，到2025年建成10個示範區。")
    assert facts.strength is Strength.STRONG
    assert facts.years == (2025,)
    assert facts.quantities == (Quantity("10个", 10.0, "个", 2025),)


def test_lexicon_covers_the_documented_words():
    weak = ["研究", "探索", "鼓励", "争取", "引导", "谋划", "积极稳妥", "适时", "逐步"]
    moderate = ["推进", "推动", "建设", "实施", "开展", "落实", "完善", "加强", "支持", "发展"]
    strong = [
        "加快",
        "全面",
        "确保",
        "严格",
        "必须",
        "坚决",
        "大力",
        "着力",
        "全力",
        "切实",
        "强化",
    ]
    for words, level in ((weak, Strength.WEAK), (moderate, Strength.MODERATE)):
        assert {strength_of(w) for w in words} == {level}
    assert {strength_of(w) for w in strong} == {Strength.STRONG}
    assert set(STRENGTH_WORDS) == ACTION_WORDS
    assert strength_of("描述") is Strength.NONE
    assert strongest(["探索", "推进"]) is Strength.MODERATE
    assert strongest([]) is Strength.NONE


def test_chinese_numerals_are_quantities_with_values_and_units():
    found = quantities("到二〇二五年，新能源装机达到五千万千瓦，罚款五十万元，占比百分之十五。")
    assert [(q.text, q.unit, q.year) for q in found] == [
        ("五千万千瓦", "千万千瓦", 2025),
        ("五十万元", "万元", 2025),
        ("百分之十五", "%", 2025),
    ]
    assert [magnitude(q.value, q.unit) for q in found] == [
        (50_000_000.0, "千瓦"),
        (500_000.0, "元"),
        (15.0, "%"),
    ]
    assert magnitude(*next((q.value, q.unit) for q in quantities("达到5000万千瓦"))) == (
        50_000_000.0,
        "千瓦",
    )


def test_words_with_numerals_are_not_quantities():
    assert quantities("推进一元化管理，第十二条，三人行，一个中心") == ()


def test_a_year_in_chinese_numerals_is_a_target_year():
    assert facts_of("到二〇三五年基本实现社会主义现代化。").years == (2035,)


def test_target_sentences_and_prohibitions_are_commitments():
    assert facts_of("到2025年，全区新能源装机规模达到5000万千瓦。").commitment
    assert facts_of("到2025年，城镇调查失业率控制在5.5%以内。").commitment
    assert facts_of("严禁占用基本草原。").commitment
    assert facts_of("经营者不得滥用市场支配地位。").commitment


def test_a_look_back_is_retrospective_and_commits_to_nothing():
    facts = facts_of("“十三五”时期，全区生态环境质量明显改善，取得了显著成效。")
    assert facts.retrospective and not facts.commitment
    assert not facts_of("到2025年，巩固脱贫攻坚成果，取得了成效的地区要持续推进。").retrospective
    planned = facts_of("“十二五”时期重点完善现有煤化工示范项目工艺技术。")  # 2013 work plan
    assert planned.commitment and not planned.retrospective


def test_a_hedge_counts_only_before_an_action():
    assert facts_of("到2035年基本建成现代化经济体系。").actions == ("基本", "建成")
    assert not facts_of("基本公共服务均等化水平。").commitment
