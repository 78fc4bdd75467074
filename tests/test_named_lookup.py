"""Named features looked for by first character, and weights from a sample cut again, as before."""

from __future__ import annotations

import pytest
from aligntools import S2013, S2019, S2020, seed
from hypothesis import given
from hypothesis import strategies as st

from compare.align import evidence as ev
from compare.align.candidates import content_key, match_key, strip_label
from compare.align.tokens import place_names


def plain_named_features(
    content: str, key: str
) -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """Every wording and place name looked for in the key, as first written."""
    by_term = ev.thesaurus_terms()
    words = frozenset(filter(key.__contains__, by_term))
    objects = frozenset(f"◆{o}" for o in ev.named_objects(content))
    places = frozenset(f"◇{p}" for p in filter(key.__contains__, place_names()))
    senses = frozenset(e.sense for w in words for e in by_term[w])
    return words, objects, places, senses


def both_ways(content: str) -> None:
    """`named_features` of a content equal the plain search."""
    key = match_key(content)
    assert ev.named_features(content, key) == plain_named_features(content, key)


def test_named_features_of_seed_clauses_equal_every_name_looked_for():
    found = 0
    for name in (S2013, S2019, S2020):
        for c in seed(name).clauses:
            content = strip_label(content_key(c.key))
            both_ways(content)
            found += bool(plain_named_features(content, match_key(content))[0])
    assert found  # some clauses do hold thesaurus wordings


# wordings and place names whole and cut, overlapping and nested, with other text between
NAMES = sorted(ev.thesaurus_terms())[:12] + sorted(place_names())[:12]
PIECES = [*NAMES, *(n[:1] for n in NAMES), *(n[1:] for n in NAMES), "，", "示范区", "a", "1"]


@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_named_features_equal_every_name_looked_for(content):
    both_ways(content)


def test_lookup_holds_every_name_once_by_its_first_character():
    names = ev.named_lookup()
    listed = [n for ns in names.by_first.values() for n in ns]
    assert sorted(n for _, n in listed) == sorted([*ev.thesaurus_terms(), *place_names()])
    assert all(c == n[0] for c, ns in names.by_first.items() for _, n in ns)
    assert names.firsts == names.by_first.keys()


@pytest.mark.parametrize("sample", [ev.SAMPLE, 97])
def test_weights_are_the_same_whether_sampled_clauses_take_part_or_not(monkeypatch, sample):
    monkeypatch.setattr(ev, "SAMPLE", sample)  # 97: a sample step above 1
    old, new = seed(S2019).clauses, seed(S2020).clauses
    parts = (range(0, len(old), 3), range(1, len(new), 2))  # some sampled clauses take part
    sp = ev.space(old, new, *parts)
    want = list(map(float.hex, ev.rarities(old, new, sp.names)))
    assert list(map(float.hex, ev.rarities(old, new, sp.names, parts))) == want


@given(st.integers(0, 40), st.integers(0, 40), st.integers(1, 9), st.data())
def test_sampled_memos_say_which_sampled_clauses_take_part(olds, news, step, data):
    old_part = data.draw(st.sets(st.integers(0, max(olds - 1, 0))))
    new_part = data.draw(st.sets(st.integers(0, max(news - 1, 0))))
    n = olds + news
    sides = [("old", i) for i in range(olds)] + [("new", j) for j in range(news)]
    want = [i in (old_part if s == "old" else new_part) for s, i in sides[::step]]
    assert ev.sampled_memos(olds, n, step, (old_part, new_part)) == want
