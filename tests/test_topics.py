"""Topics shared across documents: sections of every version that treat one subject."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st
from rendertools import seed_timeline

from compare.render.topic_views import topic_views
from compare.timeline.query import find_threads
from compare.timeline.threads import build_timeline
from compare.timeline.topics import (
    THREAD_WEIGHT,
    group_units,
    heading_name,
    pair_scores,
    section_terms,
    thread_links,
    unit_of,
    unit_terms,
    weighted,
)

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


def plain_pair_scores(vectors, links, sizes):
    """`pair_scores` as first written: every word of a, 0.0 for those b lacks."""
    units = sorted(u for u in vectors if u[1])
    scored = []
    for i, a in enumerate(units):
        for b in units[i + 1 :]:
            if a[0] != b[0]:
                cosine = sum(x * vectors[b].get(w, 0.0) for w, x in vectors[a].items())
                shared = (links[(a, b)] + links[(b, a)]) / max(1, min(sizes[a], sizes[b]))
                scored.append((cosine + THREAD_WEIGHT * min(shared, 1.0), a, b))
    return sorted(scored, key=lambda s: (-s[0], s[1], s[2]))


def test_pair_scores_over_shared_words_equal_those_over_all_words_on_the_seeds():
    tl = seed_timeline()
    docs = tl.documents
    vectors = weighted(unit_terms(docs, [section_terms(d) for d in docs]))
    sizes = Counter(unit_of(d, v, c.id) for v, d in enumerate(docs) for c in d.clauses)
    links = thread_links(docs, tl.threads)
    assert pair_scores(vectors, links, sizes) == plain_pair_scores(vectors, links, sizes)


words = st.sampled_from("甲乙丙丁戊己庚辛")
bags = st.dictionaries(st.tuples(words, words).map("".join), st.integers(1, 9), max_size=12)


@given(st.lists(st.tuples(st.integers(0, 3), st.sampled_from("ABCD"), bags), max_size=10))
def test_pair_scores_equal_those_over_all_words(units):
    terms = {(v, h): Counter(bag) for v, h, bag in units}
    vectors = weighted(terms)
    sizes = Counter({u: len(bag) for u, bag in terms.items()})
    links = Counter({(a, b): 1 for a in terms for b in terms if a < b})
    assert pair_scores(vectors, links, sizes) == plain_pair_scores(vectors, links, sizes)
