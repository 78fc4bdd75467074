"""Offset maps held as runs read exactly like the arrays they are made from."""

from __future__ import annotations

import pickle
from array import array

import pytest
from clitools import S2019
from hypothesis import given
from hypothesis import strategies as st

from compare import model
from compare.memory import OffsetRuns
from compare.model import CleanText
from compare.pipeline import load_document

steps = st.lists(st.sampled_from([1, 1, 1, 1, 0, 2, 7, -1, -5]), max_size=80)


def offsets_from(start: int, moves: list[int]) -> array:
    """Mostly rising offsets with the cleaner's gaps, repeats and moves back."""
    out, x = array("l"), start
    for m in moves:
        x = max(0, x + m)
        out.append(x)
    return out


@given(st.integers(0, 9), steps, st.integers(-90, 90), st.integers(-90, 90))
def test_runs_read_like_the_array(start: int, moves: list[int], a: int, b: int) -> None:
    offsets = offsets_from(start, moves)
    runs = OffsetRuns.from_offsets(offsets, offsets.typecode)
    assert len(runs) == len(offsets) and bool(runs) == bool(offsets)
    assert list(runs) == list(offsets)
    assert all(runs[i] == offsets[i] for i in range(-len(offsets), len(offsets)))
    assert runs[a:b] == offsets[a:b] and runs[a:b].typecode == offsets.typecode
    assert runs == offsets and runs == pickle.loads(pickle.dumps(runs))


def test_an_index_past_the_end_is_an_index_error() -> None:
    runs = OffsetRuns.from_offsets(array("l", [3, 4, 5]))
    for i in (3, -4):
        with pytest.raises(IndexError):
            runs[i]


def test_a_long_clean_text_travels_with_its_offsets_as_runs(monkeypatch) -> None:
    clean = load_document(str(S2019)).clean
    monkeypatch.setattr(model, "RUNS_FROM", len(clean.text))
    back: CleanText = pickle.loads(pickle.dumps(clean))
    assert isinstance(back.origin, OffsetRuns) and back.origin == clean.origin
    assert [back.source_offset(i) for i in range(-2, len(clean.text) + 2)] == [
        clean.source_offset(i) for i in range(-2, len(clean.text) + 2)
    ]
    monkeypatch.setattr(model, "RUNS_FROM", len(clean.text) + 1)
    assert isinstance(pickle.loads(pickle.dumps(clean)).origin, array)
