"""Structure stage: headings, levels, clauses and metadata on the seeds, statutes and fixtures."""

from __future__ import annotations

import re
from array import array
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.model import CleanText, Document, Source
from compare.pipeline import load_document
from compare.structure.parse import structure

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
LAWS = ROOT.parent / "shared" / "realdata" / "laws"
S2013 = "2013-05-23_hubaoyinyu-zone-work-plan.txt"
S2019 = "2019-10-17_regional-coordination-mechanism.txt"
S2020 = "2020-06-23_western-development-opinions.txt"
S2021 = "2021-02-07_14th-five-year-plan-outline.txt"
S2021B = "2021-10-31_hubaoewu-integration-plan.txt"


@cache
def seed(name: str) -> Document:
    """A seed document through the whole pipeline up to structure (parsed once per run)."""
    return load_document(str(SEEDS / name))


def parse(text: str, path: str = "fixture.txt") -> Document:
    """Structure a text as it stands (the clean text is the text itself)."""
    source = Source(path=path, text=text, encoding="utf-8", format="txt", size=len(text))
    return structure(source, CleanText(text=text, origin=array("l", range(len(text)))))


def level_one(doc: Document) -> list[str]:
    """Labels of the top-level sections."""
    return [s.label for s in doc.sections if s.level == 1]


# ---------------------------------------------------------------- seeds


def test_2020_has_five_parts_and_twenty_three_items():
    doc = seed(S2020)
    assert level_one(doc) == ["一、", "二、", "三、", "四、", "五、"]
    items = [s for s in doc.sections if s.level == 2]
    numbers = [re.sub(r"[()（）]", "", s.label) for s in items]
    assert len(items) == 23
    assert numbers[0] == "一" and numbers[-1] == "二十三"
    assert items[0].title == "不断提升创新发展能力"
    assert items[-1].path == ("五、着力保障和改善民生", "(二十三)防范化解重大风险")


def test_2020_heading_titles_are_heading_clauses():
    doc = seed(S2020)
    heads = [c for c in doc.clauses if c.is_heading]
    assert "一、推动高质量发展" in [c.text for c in heads]
    assert "(二十三) 防范化解重大风险" in [c.text for c in heads]
    first_body = next(c for c in doc.clauses if c.section and not c.is_heading)
    assert first_body.text.startswith("启动大规模储能")
    assert first_body.section[-1] == "(一)不断提升创新发展能力"


def test_2019_ends_with_its_own_last_part():
    doc = seed(S2019)
    assert doc.clauses[-1].section[0] == "四、加强组织实施"
    assert not any("政协" in c.text and "协商会" in c.text for c in doc.clauses)


def test_2019_trusts_numbering_over_markdown_levels():
    doc = seed(S2019)
    by_path = {s.path[-1]: s for s in doc.sections}
    deep = by_path["(三)深化区域合作机制"]
    assert deep.level == by_path["(一)建立区域统筹发展机制"].level
    assert deep.path[0] == "三、建立完善更加有效的区域协调发展机制"
    assert "1.融入共建“一带一路”" in [s.path[-1] for s in doc.sections]


def test_2019_inline_numbered_heading_after_a_sentence():
    doc = seed(S2019)
    sub = [s for s in doc.sections if s.path[-1] == "1.促进城乡区域间要素流动"]
    assert len(sub) == 1
    assert sub[0].path[-2] == "(二)推动健全市场一体化发展机制"
    heading = next(c for c in doc.clauses if c.section_id == sub[0].id)
    assert heading.is_heading and heading.text == "1.促进城乡区域间要素流动。"


def test_2013_every_item_has_a_lead_agency():
    doc = seed(S2013)
    items = [s for s in doc.sections if s.level == 2]
    assert len(items) == 38
    for item in items:
        leads = [c.facts.lead for c in doc.clauses if c.section_id == item.id and c.facts.lead]
        assert leads, item.path


def test_2013_first_item_agencies_reach_all_its_clauses():
    doc = seed(S2013)
    item = next(s for s in doc.sections if s.path[-1] == "(一)国家综合能源基地")
    clauses = [c for c in doc.clauses if c.section_id == item.id]
    assert len(clauses) == 4
    assert clauses[0].is_heading and clauses[0].text == "(一) 国家综合能源基地。"
    assert clauses[2].text == "加快煤炭、电力、油气等输送通道建设。"
    assert clauses[-1].text.startswith("(自治区能源开发局牵头,")
    assert clauses[-1].text.endswith("及相关盟市配合)")
    for c in clauses:
        assert c.facts.lead == ("自治区能源开发局",)
        assert "自治区发展改革委" in c.facts.cooperating
        assert "经济和信息化委" in c.facts.cooperating


def test_2021_outline_has_part_chapter_section_levels():
    doc = seed(S2021)
    kinds = {1: "篇", 2: "章", 3: "节"}
    for level, word in kinds.items():
        labels = [s.label for s in doc.sections if s.level == level]
        assert labels and all(label.endswith(word) for label in labels), level
    assert len([s for s in doc.sections if s.level == 1]) == 17
    assert len([s for s in doc.sections if s.level == 2]) == 54
    chapter = next(s for s in doc.sections if s.label == "第一章")
    assert chapter.title == "发展环境"
    assert chapter.path[0].startswith("第一篇")


def test_2021_outline_sections_match_its_contents_list():
    doc = seed(S2021)
    listed = re.findall(r"第[一二三四五六七八九十]+节", doc.source.text.split("\n")[1])
    sections = [s for s in doc.sections if s.label.endswith("节")]
    assert len(sections) == len(listed) == 163
    assert {s.level for s in sections} == {3}


def test_2021_outline_raw_text_still_yields_parts_and_chapters():
    doc = parse((SEEDS / S2021).read_text(encoding="utf-8"))
    assert len([s for s in doc.sections if s.label.endswith("篇")]) == 17
    chapters = [s for s in doc.sections if s.label.endswith("章")]
    assert len(chapters) == 54
    assert chapters[0].title == "发展环境"


def test_2021_outline_target_year_of_talent_total():
    doc = seed(S2021)
    clause = next(c for c in doc.clauses if "人才资源总量" in c.text)
    assert clause.text.startswith("到2025年")
    assert clause.facts.years == (2025,)


def test_integration_plan_chapters_once_despite_contents_list():
    doc = seed(S2021B)
    chapters = [s.label for s in doc.sections if s.label.endswith("章")]
    assert chapters[:3] == ["第一章", "第二章", "第三章"]
    assert len(chapters) == len(set(chapters)) == 10


@pytest.mark.parametrize(
    ("name", "title", "date", "issuer"),
    [
        (S2013, "内蒙古自治区人民政府办公厅关于印发自治区贯彻落实国家《呼包银榆经济区发展规划(2012—2020年)》重点工作分工方案的通知", "2013-05-23", "内蒙古自治区人民政府办公厅"),  # noqa: E501
        (S2019, "内蒙古自治区党委 自治区人民政府 关于建立更加有效的区域协调发展新机制的实施意见", "2019-10-17", "内蒙古自治区党委 内蒙古自治区人民政府"),  # noqa: E501
        (S2020, "2020-06-23_western-development-opinions", "2020-06-23", ""),
        (S2021, "内蒙古自治区人民政府关于印发自治区国民经济和社会发展第十四个五年规划和2035年远景目标纲要的通知", "2021-02-07", "内蒙古自治区人民政府"),  # noqa: E501
        (S2021B, "內蒙古自治區人民政府關于印發呼包鄂烏“十四五”一體化發展規劃的通知", "2021-10-31", "內蒙古自治區人民政府"),  # noqa: E501
    ],
)  # fmt: skip
def test_seed_metadata(name, title, date, issuer):
    doc = seed(name)
    assert (doc.title, doc.date, doc.issuer) == (title, date, issuer)


def test_seed_clause_lines_and_originals_point_into_the_source():
    doc = seed(S2020)
    lines = doc.source.text.split("\n")
    for c in doc.clauses:
        first, last = c.lines
        assert 1 <= first <= last <= len(lines)
        assert c.original.strip()
        assert c.original[0] in "\n".join(lines[first - 1 : last])


# ---------------------------------------------------------------- statutes

LAW_FILES = sorted(LAWS.glob("*.txt")) if LAWS.is_dir() else []


@pytest.mark.skipif(not LAW_FILES, reason="real statutes not present (../shared/realdata/laws)")
@pytest.mark.parametrize("path", LAW_FILES, ids=lambda p: p.stem)
def test_statute_articles_and_general_chapter(path):
    text = path.read_text(encoding="utf-8")
    doc = load_document(str(path))
    articles = [s for s in doc.sections if s.label.endswith("条")]
    assert len(articles) == len(re.findall(r"^第[一二三四五六七八九十百零]+条 ", text, re.M))
    chapter = doc.sections[0]
    assert (chapter.label, chapter.title, chapter.level) == ("第一章", "总则", 1)
    assert {s.level for s in articles} == {2}
    assert doc.issuer == "全国人民代表大会常务委员会"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", doc.date)


# ---------------------------------------------------------------- fixtures

MARKDOWN_WRONG_LEVELS = """# 某某办法

## 一、总体要求

#### (一)基本原则。坚持统筹推进。

# (二)主要目标。到2025年，建成100个示范区。

1.示范区建设。加快推进示范区建设。

## 二、保障措施

加强组织领导。
"""


def test_markdown_hash_counts_lose_to_numbering():
    doc = parse(MARKDOWN_WRONG_LEVELS)
    assert [(s.label, s.level) for s in doc.sections] == [
        ("一、", 1),
        ("(一)", 2),
        ("(二)", 2),
        ("1.", 3),
        ("二、", 1),
    ]
    assert doc.title == "某某办法" and doc.clauses[0].is_heading
    assert doc.sections[3].path == ("一、总体要求", "(二)主要目标", "1.示范区建设")


STATUTE = """中华人民共和国示例法

2020年1月1日 第十三届全国人民代表大会常务委员会第十五次会议通过

第一章 总　则

第一条 为了规范示例工作，制定本法。

第二条 有下列情形之一的，依法处理：

（一）伪造资料的；

（二）拒报资料的。

第二章 附则

第三条 本法自2021年1月1日起施行。
"""


def test_statute_items_are_content_of_their_article():
    doc = parse(STATUTE)
    assert [(s.label, s.level) for s in doc.sections] == [
        ("第一章", 1),
        ("第一条", 2),
        ("第二条", 2),
        ("（一）", 3),
        ("（二）", 3),
        ("第二章", 1),
        ("第三条", 2),
    ]
    assert doc.sections[0].title == "总则"
    item = next(c for c in doc.clauses if c.text == "（一）伪造资料的；")
    assert not item.is_heading and item.section == ("第一章总则", "第二条", "（一）")
    assert doc.date == "2020-01-01"


def test_heading_title_before_a_colon():
    doc = parse("一、主要目标：到2025年，建成示范区。\n二、重点任务：\n推进建设。\n")
    assert [s.title for s in doc.sections] == ["主要目标", "重点任务"]
    first, second, _ = doc.clauses
    assert not first.is_heading and first.text == "一、主要目标：到2025年，建成示范区。"
    assert second.is_heading and second.text == "二、重点任务："


def test_original_text_and_lines_come_from_the_source_through_the_offset_map():
    source_text = (
        "示例工作方案\n\n一、总体要求\n推(tuī)进建设，\n加快发展。到2025年达到5000万吨。\n"
    )
    clean_text = "示例工作方案\n\n一、总体要求\n推进建设，加快发展。到2025年达到5000万吨。\n"
    origin, j = [], 0
    for ch in clean_text:
        while source_text[j] != ch:
            j += 1
        origin.append(j)
        j += 1
    target = clean_text.index("到2025年")
    source = Source("plan.txt", source_text, "utf-8", "txt", len(source_text.encode()))
    clean = CleanText(clean_text, array("l", origin), unreliable=((target, target + 3),))
    doc = structure(source, clean)
    first, second = (c for c in doc.clauses if not c.is_heading)
    assert first.text == "推进建设，加快发展。"
    assert first.original == "推(tuī)进建设，\n加快发展。"
    assert first.lines == (4, 5)
    assert first.facts.numbers_reliable and not second.facts.numbers_reliable
    assert second.facts.quantities[0].text == "5000万吨"
    assert any("unreliable" in note for note in doc.notes)


@pytest.mark.parametrize("text", ["", "\n\n  \n"])
def test_empty_text_gives_no_clauses_and_says_so(text):
    doc = parse(text, path="empty.txt")
    assert doc.clauses == () and doc.sections == ()
    assert doc.title == "empty"
    assert any("no text" in note for note in doc.notes)


def test_english_text_without_chinese_punctuation():
    doc = parse("The plan sets targets. It builds roads! Does it end? Yes it does.\n")
    assert [c.text for c in doc.clauses] == [
        "The plan sets targets.",
        "It builds roads!",
        "Does it end?",
        "Yes it does.",
    ]


def test_one_long_line_is_cut_into_bounded_clauses():
    text = "，".join(["推进示范区建设"] * 400)
    doc = parse(text)
    assert len(doc.clauses) > 1
    assert max(len(c.text) for c in doc.clauses) <= 500
    assert "".join(c.text for c in doc.clauses) == text


def test_quotes_and_brackets_are_never_split():
    doc = parse("他指出“要加快发展。要全面推进。”并且（见附件。）继续落实。\n")
    assert [c.text for c in doc.clauses] == [
        "他指出“要加快发展。要全面推进。”并且（见附件。）继续落实。"
    ]


def test_glued_chapter_title_split_by_contents_list():
    text = "目录\n第一章发展环境\n第二章指导方针\n第一章发展环境我区进入新发展阶段，基础坚实。\n"
    doc = parse(text)
    chapter = next(s for s in doc.sections if s.label == "第一章")
    assert chapter.title == "发展环境"
    assert [c.text for c in doc.clauses if c.section_id == chapter.id] == [
        "第一章发展环境",
        "我区进入新发展阶段，基础坚实。",
    ]


def test_broken_line_joins_but_titles_do_not():
    text = (
        "示例规划\n\n一、总体要求\n\n"
        "深化集体土地市场化、国有企业混合所有制、资源性产\n\n品等要素价格改革。\n"
    )
    doc = parse(text)
    body = [c.text for c in doc.clauses if not c.is_heading]
    assert body == ["深化集体土地市场化、国有企业混合所有制、资源性产品等要素价格改革。"]


# ---------------------------------------------------------------- invariants

PIECES = st.sampled_from(
    [
        "推进建设",
        "加快发展",
        "。",
        "；",
        "，",
        "！",
        "？",
        "\n",
        "\n\n",
        " ",
        "　",
        "一、",
        "二、",
        "(一)",
        "（二）",
        "1.",
        "2、",
        "(1)",
        "第一章",
        "第二节",
        "第三条 ",
        "专栏1",
        "——",
        "## ",
        "#",
        "“",
        "”",
        "《",
        "》",
        "(",
        ")",
        "（自治区发展改革委牵头，财政厅配合）",
        "到2025年",
        "5000万吨",
        "The plan. ",
        "x" * 60,
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(PIECES, max_size=60))
def test_every_character_lies_in_exactly_one_clause_or_label(pieces):
    text = "".join(pieces)
    doc = parse(text)
    owner = [0] * len(text)
    for c in doc.clauses:
        for i in range(*c.span):
            owner[i] += 1
    for s in doc.sections:
        for i in range(*s.span):
            owner[i] = owner[i] or 1  # a label may open its heading's first clause
    for i, ch in enumerate(text):
        if not ch.isspace():
            assert owner[i] == 1 or (owner[i] == 0 and ch == "#"), (i, ch, text)
    assert [c.id for c in doc.clauses] == [f"c{n + 1}" for n in range(len(doc.clauses))]
    spans = [c.span for c in doc.clauses]
    assert spans == sorted(spans)
    assert all(c.text.strip() for c in doc.clauses)


@pytest.mark.parametrize("name", [S2013, S2019, S2020, S2021, S2021B])
def test_seed_text_is_covered_once(name):
    doc = seed(name)
    text = doc.clean.text
    owner = [0] * len(text)
    for span in [c.span for c in doc.clauses]:
        for i in range(*span):
            owner[i] += 1
    for s in doc.sections:  # a label may open its heading's first clause
        for i in range(*s.span):
            owner[i] = owner[i] or 1
    lost = [i for i, ch in enumerate(text) if not ch.isspace() and owner[i] != 1 and ch != "#"]
    assert lost == []
    assert [c.index for c in doc.clauses] == list(range(len(doc.clauses)))
    assert all(c.original.strip() and c.lines[0] <= c.lines[1] for c in doc.clauses)
