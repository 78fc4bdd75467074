"""Clauses and changes put together as JSON lines read as the encoder writes their dicts."""

from __future__ import annotations

from aligntools import S2019, S2020, SEEDS, compare_texts, seed
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.model import (
    Change,
    ChangeKind,
    Clause,
    Counterpart,
    Evidence,
    Facts,
    Quantity,
    Strength,
)
from compare.pipeline import compare_documents
from compare.render.json_out import (
    ROWS_AT_ONCE,
    Encoded,
    Rows,
    change_dict,
    change_rows,
    chunks,
    clause_dict,
    clause_rows,
    compact,
    dumps,
)

TEXT = st.text(alphabet='第一条推进"\\\n\t\x00\x1f\u2028 ab1', max_size=8)
NUMBER = st.one_of(st.integers(-5, 5), st.floats(allow_nan=True, allow_infinity=True))
FLAG = st.one_of(st.booleans(), st.integers(0, 1))  # 1 is equal to True, written apart


def test_seed_clauses_as_the_encoder_writes_them():
    for path in sorted(SEEDS.glob("*.txt"))[:4]:
        clauses = seed(path.name).clauses
        assert list(clause_rows(clauses)) == [compact(clause_dict(c)) for c in clauses]


def test_seed_changes_as_the_encoder_writes_them():
    text = (SEEDS / S2019).read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    edited = "".join(ln.replace("推进", "加快") for ln in lines[::-1][:40][::-1])
    changes = compare_documents(seed(S2019), seed(S2020)).changes
    changes += compare_texts(text, "".join(lines[:-40]) + edited).changes
    plain = [not (ch.revisions or ch.diff or ch.probable) for ch in changes]
    assert any(plain) and not all(plain)  # rows put together and rows of dicts
    assert list(change_rows(changes)) == [compact(change_dict(ch)) for ch in changes]


@st.composite
def facts(draw) -> Facts:
    """Facts with numbers of any kind (1 and 1.0, -0.0 and 0.0 are equal, written apart)."""
    quantities = draw(st.lists(st.builds(Quantity, TEXT, NUMBER, TEXT), max_size=2))
    return Facts(
        lead=tuple(draw(st.lists(TEXT, max_size=2))),
        quantities=tuple(quantities),
        years=tuple(draw(st.lists(st.one_of(st.integers(1990, 2035), st.booleans()), max_size=2))),
        commitment=draw(FLAG),
        strength=draw(st.sampled_from(Strength)),
        retrospective=draw(FLAG),
    )


@st.composite
def clauses(draw) -> list[Clause]:
    """Clauses sharing some facts and sections (the same objects) and some equal ones."""
    shared = draw(st.lists(facts(), min_size=1, max_size=3))
    sections = [tuple(draw(st.lists(TEXT, max_size=2))) for _ in range(2)]
    out = []
    for k in range(draw(st.integers(0, 6))):
        text = draw(TEXT)
        out.append(
            Clause(
                id=f"c{k}",
                index=k,
                text=text,
                key=text,
                original=text,
                section=draw(st.sampled_from(sections)),
                section_id="s",
                lines=(draw(NUMBER), draw(st.integers(0, 9))),
                span=(0, len(text)),
                facts=draw(st.sampled_from(shared)),
                is_heading=draw(FLAG),
            )
        )
    return out


@given(clauses())
@settings(max_examples=200, deadline=None)
def test_clauses_as_the_encoder_writes_them_whatever_they_hold(cs):
    assert list(clause_rows(cs)) == [compact(clause_dict(c)) for c in cs]


STRINGS = st.one_of(st.lists(TEXT, max_size=2).map(tuple), st.lists(TEXT, max_size=2))
COUNTERPARTS = st.lists(
    st.builds(
        Counterpart,
        st.one_of(TEXT, st.integers()),
        NUMBER,
        st.builds(Evidence, STRINGS, STRINGS, STRINGS, FLAG),
    ),
    max_size=3,
).map(tuple)


@given(
    st.lists(
        st.builds(
            Change,
            st.sampled_from(ChangeKind),
            st.lists(TEXT, max_size=2).map(tuple),
            st.lists(st.one_of(TEXT, st.integers()), max_size=2).map(tuple),
            NUMBER,
            successors=COUNTERPARTS,
            origins=COUNTERPARTS,
            probable=st.booleans(),
        ),
        max_size=6,
    )
)
@settings(max_examples=300, deadline=None)
def test_changes_as_the_encoder_writes_them_whatever_they_hold(changes):
    """Any kind, ids and similarity, with successors and origins (evidence as lists or
    tuples, flags as 1 and 0, any score)."""
    assert list(change_rows(changes)) == [compact(change_dict(c)) for c in changes]


@given(st.lists(st.one_of(TEXT, NUMBER, st.lists(st.integers())), max_size=3 * ROWS_AT_ONCE))
@settings(max_examples=50, deadline=None)
def test_long_lists_written_in_pieces_read_as_one(items):
    """Lists written ROWS_AT_ONCE items to a piece, given as items or as the items' JSON
    texts already written: one item a line, as the format has it."""
    listed = "[]" if not items else "[\n  " + ",\n  ".join(map(compact, items)) + "\n ]"
    whole = '{\n "items": ' + listed + "\n}"
    assert dumps({"items": items}) == whole
    assert "".join(chunks({"items": Rows(items)})) == whole
    assert "".join(chunks({"items": Encoded(map(compact, items))})) == whole


ALIKE_SIMILARITY = st.sampled_from([1.0, 1, True, 0.99995, 0.99999999, -0.0, float("nan")])
"""Exactly 1.0 (a row of two ids), and what reads or rounds alike but is written apart."""
ALIKE_IDS = st.one_of(
    st.lists(st.one_of(TEXT, st.integers()), min_size=1, max_size=2).map(tuple),
    st.lists(TEXT, min_size=1, max_size=1),
)


@given(
    st.lists(
        st.builds(
            Change,
            st.sampled_from([ChangeKind.UNCHANGED, ChangeKind.MOVED, ChangeKind.REVISED]),
            ALIKE_IDS,
            ALIKE_IDS,
            ALIKE_SIMILARITY,
            successors=COUNTERPARTS,
        ),
        max_size=6,
    )
)
@settings(max_examples=300, deadline=None)
def test_alike_changes_as_the_encoder_writes_them(changes):
    """Unchanged and moved changes, most with one id a side and a similarity of 1.0 (rows
    from the two ids alone), some with ids, lists or similarities written otherwise."""
    assert list(change_rows(changes)) == [compact(change_dict(c)) for c in changes]


def test_an_edited_seeds_alike_changes_as_the_encoder_writes_them():
    lines = (SEEDS / S2019).read_text(encoding="utf-8").splitlines(keepends=True)
    moved = "".join(lines[40:] + lines[:40]).replace("推进", "加快", 3)
    changes = compare_texts("".join(lines), moved).changes
    alike = [ch for ch in changes if ch.kind in (ChangeKind.UNCHANGED, ChangeKind.MOVED)]
    assert {ch.kind for ch in alike} == {ChangeKind.UNCHANGED, ChangeKind.MOVED}
    assert list(change_rows(alike)) == [compact(change_dict(c)) for c in alike]
