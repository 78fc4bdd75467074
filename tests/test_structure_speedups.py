"""Shortcuts of the structure stage give what the plain computation gave."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from compare.model import Facts, Section
from compare.pipeline import load_document
from compare.structure.facts import fold, fold_each, to_simplified, with_agencies
from compare.structure.outline import Piece
from compare.structure.parse import (
    RETROSPECTIVE_SECTION,
    _facts,
    _item_facts,
    outline_of,
    sections_looking_back,
    with_labels,
)

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


def item_facts_by_every_item(pieces: list[Piece], facts: list[Facts]) -> list[Facts]:
    """_item_facts as first written: every item gathered, its stating clauses listed."""
    items: dict[tuple[int, int], list[int]] = defaultdict(list)
    for n, p in enumerate(pieces):
        items[(p.block, p.section)].append(n)
    out = list(facts)
    given_: dict[tuple[int, int], Facts] = {}
    for members in items.values():
        stated = [facts[n] for n in members if facts[n].lead or facts[n].cooperating]
        if stated:
            last = stated[-1]
            for n in members:
                key = (id(facts[n]), id(last))
                if key not in given_:
                    given_[key] = with_agencies(facts[n], last.lead, last.cooperating)
                out[n] = given_[key]
    return out


def test_item_agencies_are_given_as_before_on_every_seed():
    stating = 0
    for path in SEEDS:
        text = load_document(str(path)).clean.text
        pieces = with_labels(outline_of(text).pieces, (), text)
        facts = _facts(text, pieces, [text[p.start : p.end].strip() for p in pieces])
        assert _item_facts(pieces, facts) == item_facts_by_every_item(pieces, facts)
        stating += sum(1 for f in facts if f.lead or f.cooperating)
    assert stating  # the seeds state agencies: the shortcut is exercised


STATED = [
    Facts(),
    Facts(lead=("水利厅",)),
    Facts(cooperating=("各盟市",)),
    Facts(lead=("商务厅",), cooperating=("海关",)),
    Facts(actions=("建设",)),
]


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(-1, 2), st.integers(0, 4)), max_size=30))
@settings(max_examples=300, deadline=None)
def test_item_agencies_are_given_as_before_to_any_items(rows):
    pieces = [Piece(n, n + 1, section, block) for n, (block, section, _) in enumerate(rows)]
    facts = [STATED[k] for _, _, k in rows]
    new, old = _item_facts(pieces, facts), item_facts_by_every_item(pieces, facts)
    assert new == old
    assert len({id(f) for f in new}) == len({id(f) for f in old})  # shared as before


@given(st.lists(st.text(alphabet="（）０９．％，：；()09.%,:;中\n a", max_size=12), max_size=8))
@settings(max_examples=500, deadline=None)
def test_folding_texts_together_folds_each_as_alone(texts):
    assert fold_each(texts) == [fold(t) for t in texts]


def test_folding_every_seed_clause_together_folds_each_as_alone():
    for path in SEEDS:
        texts = [c.text for c in load_document(str(path)).clauses]
        assert fold_each(texts) == [fold(t) for t in texts]


def looks_back_path_by_path(path: tuple[str, ...]) -> bool:
    """Whether a section path looks back, as first read: the path converted on its own."""
    return bool(RETROSPECTIVE_SECTION.search(to_simplified("".join(path))))


def test_sections_look_back_as_each_path_alone_on_every_seed():
    looking = 0
    for path in SEEDS:
        sections = load_document(str(path)).sections
        expected = [looks_back_path_by_path(s.path) for s in sections]
        assert sections_looking_back(sections) == expected
        looking += sum(expected)
    assert looking  # the seeds hold look-back sections


PATH_PART = st.text(
    alphabet="发展成就主要基础回顾工作取得的發展基礎回顧乾隆干部\n第一章 ", max_size=8
)


@given(st.lists(st.lists(PATH_PART, min_size=1, max_size=3), max_size=6))
@settings(max_examples=300, deadline=None)
def test_sections_look_back_as_each_path_alone(paths):
    sections = [Section(f"s{n}", len(p), "", "", tuple(p), 1, (0, 0)) for n, p in enumerate(paths)]
    expected = [looks_back_path_by_path(tuple(p)) for p in paths]
    assert sections_looking_back(sections) == expected
