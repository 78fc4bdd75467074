"""The sentence cutter finds what it found when every sentence end paired the brackets first."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from compare.structure.sentences import (
    AGENCY_NOTE,
    MAX_CLAUSE,
    STOP,
    TRAILING,
    _attach_parentheticals,
    _is_decimal_point,
    _trim,
    agency_note_ends,
    cap,
    cut,
    protected,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ALPHABET = '。；！？;!?.()（）“”"《》 \n中文a1牵头配合负责，'


def stops_as_written(text: str, a: int, b: int) -> list[int]:
    """Sentence ends as first written: brackets paired at the first end found, ends at b kept."""
    guard: list[tuple[int, int]] | None = None
    out: list[int] = []
    k = last = 0
    for m in STOP.finditer(text, a, b):
        start, end = m.span()
        if guard is None:
            guard = protected(text, a, b)
            last = len(guard)
        if last:
            while k < last and guard[k][1] < start:
                k += 1
            if k < last and guard[k][0] < start < guard[k][1]:
                continue
        if end - start == 1 and text[start] == "." and _is_decimal_point(text, start, b):
            continue
        while end < b and text[end] in TRAILING:
            end += 1
        out.append(end)
    return out


def cut_as_written(text: str, a: int, b: int, forced: tuple[int, ...] = ()) -> list:
    """cut as first written: every end filtered to (a, b), one path for every paragraph."""
    ends = [*stops_as_written(text, a, b), *agency_note_ends(text, a, b)]
    bounds = sorted({a, b, *(x for x in ends if a < x < b)} | set(forced))
    spans = [_trim(text, s, e) for s, e in pairwise(bounds)]
    spans = _attach_parentheticals(text, [s for s in spans if s[0] < s[1]])
    return [
        piece for s, e in spans for piece in (cap(text, s, e) if e - s > MAX_CLAUSE else [(s, e)])
    ]


def seed_texts() -> list[str]:
    """The text of every seed."""
    return [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]


def seed_lines() -> Iterator[tuple[str, int, int]]:
    """Every line of every seed: the seed's text, and the line's start and end in it."""
    for text in seed_texts():
        start = 0
        for line in text.split("\n"):
            yield text, start, start + len(line)
            start += len(line) + 1


def test_cut_gives_what_it_gave_on_every_seed_line_and_whole_seed():
    for text, start, end in seed_lines():
        assert cut(text, start, end) == cut_as_written(text, start, end)
    for text in seed_texts():
        assert cut(text, 0, len(text)) == cut_as_written(text, 0, len(text))


@given(
    st.text(alphabet=ALPHABET, max_size=80),
    st.integers(0, 80),
    st.integers(0, 80),
    st.lists(st.integers(0, 80), max_size=3),
)
@settings(max_examples=1000, deadline=None)
def test_cut_gives_what_it_gave_in_any_window(text, a, b, forced):
    a, b = min(a, len(text)), min(max(a, b), len(text))
    inside = tuple(x for x in forced if x <= len(text))  # a forced cut lies in the text
    assert cut(text, a, b, inside) == cut_as_written(text, a, b, inside)


@given(st.text(alphabet=ALPHABET, min_size=MAX_CLAUSE, max_size=MAX_CLAUSE + 300))
@settings(max_examples=50, deadline=None)
def test_cut_gives_what_it_gave_on_long_paragraphs(text):
    assert cut(text, 0, len(text)) == cut_as_written(text, 0, len(text))


def agency_note_ends_of_every_paragraph(text: str, a: int, b: int) -> list[int]:
    """agency_note_ends as first written: the note pattern run on every paragraph."""
    return [m.end() for m in AGENCY_NOTE.finditer(text, a, b)]


def test_agency_notes_are_found_as_before_on_every_seed_line():
    noted = 0
    for text, start, end in seed_lines():
        ends = agency_note_ends(text, start, end)
        assert ends == agency_note_ends_of_every_paragraph(text, start, end)
        noted += len(ends)
    assert noted  # the seeds hold agency notes


@given(st.text(alphabet=ALPHABET, max_size=80), st.integers(0, 80), st.integers(0, 80))
@settings(max_examples=500, deadline=None)
def test_agency_notes_are_found_as_before_in_any_window(text, a, b):
    assert agency_note_ends(text, a, b) == agency_note_ends_of_every_paragraph(text, a, b)
