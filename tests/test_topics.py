"""Topics shared across documents: sections of every version that treat one subject."""

from __future__ import annotations

from rendertools import seed_timeline

from compare.render.topic_views import topic_views
from compare.timeline.query import find_threads
from compare.timeline.threads import build_timeline
from compare.timeline.topics import group_units, heading_name

ECOLOGY = "加强生态建设和环境保护"


def test_the_ecology_topic_gathers_the_sections_of_four_versions():
    topics = {t.name: t for t in seed_timeline().topics}
    ecology = topics[ECOLOGY]
    assert [v for v, _ in ecology.sections] == [0, 2, 3, 4]  # the 2019 mechanism has none
    headings = "".join(h for _, h in ecology.sections)
    assert "筑牢我国北方重要生态安全屏障" in headings and "生態安全屏障" in headings
    assert {"污染", "造林"} & set(ecology.terms)


def test_lake_river_chief_and_black_water_threads_fall_under_ecology():
    tl = seed_timeline()
    for term in ("河长制", "黑臭水体"):
        assert {t.topic for t in find_threads(tl, term)} == {ECOLOGY}
    lakes = [t.topic for t in find_threads(tl, "一湖两海")]
    assert lakes.count(ECOLOGY) >= len(lakes) - 1


def test_every_thread_names_a_shared_topic_and_each_section_is_in_one():
    tl = seed_timeline()
    names = {t.name for t in tl.topics}
    assert len(names) == len(tl.topics) < 30
    assert {t.topic for t in tl.threads} <= names | {""}
    units = [u for t in tl.topics for u in t.sections]
    assert len(units) == len(set(units))
    for topic in tl.topics:
        versions = [v for v, _ in topic.sections]
        assert len(versions) == len(set(versions))  # at most one section per version


def test_topic_pages_list_every_thread_of_the_topic():
    tl = seed_timeline()
    views = topic_views(tl)
    page = next(v for v in views if v.name == ECOLOGY)
    listed = len(page.threads) + len(page.singles)
    assert listed == sum(t.topic == ECOLOGY for t in tl.threads)
    wordings = [s.text for s in page.singles] + [st.text for h in page.threads for st in h.steps]
    assert any("河长制" in w for w in wordings)
    assert sum(len(v.threads) + len(v.singles) for v in views) == len(tl.threads)


def test_headings_lose_their_numbering_and_groups_respect_versions():
    assert heading_name("第七章共筑黃河“幾”字彎生態安全屏障") == "共筑黄河“几”字弯生态安全屏障"
    assert heading_name("八、加强生态建设和环境保护") == ECOLOGY
    units = [(0, "a"), (1, "b"), (1, "c")]
    scored = [(0.9, (0, "a"), (1, "b")), (0.8, (0, "a"), (1, "c")), (0.1, (1, "b"), (1, "c"))]
    assert group_units(scored, units) == [[(0, "a"), (1, "b")], [(1, "c")]]


def test_topics_from_word_counts_made_by_the_workers_equal_those_counted_here():
    tl = seed_timeline()  # the pipeline: each document's words counted beside the pairs
    again = build_timeline(tl.documents, tl.comparisons)  # counted here, from scratch
    assert again.topics == tl.topics
    assert again.threads == tl.threads
