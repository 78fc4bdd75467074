"""Patterns rewritten to open with a literal or a class find what their plain forms found."""

from __future__ import annotations

import re
from array import array
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from compare.clean.fixers import BLANK_RUN, LINE_BREAKS, LOWER_WORD
from compare.clean.tracked import line_starts
from compare.structure.numbers import CN_YEAR
from compare.structure.sentences import CLOSERS, STOP

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

PLAIN_STOP = re.compile(
    r"(?=[。；！？;!?.])"
    r"(?:(?:(?<![!?])[!?]++)?[。；！？;]+[!?]*"
    r"|(?<![!?])[!?]++(?=[\s" + re.escape(CLOSERS) + r"]|$)"
    r"|\.(?=\s)|\.$)"
)
"""Sentence ends as STOP was first written: a look-ahead, then the alternatives."""
PLAIN = {
    LINE_BREAKS: re.compile(r"\n+"),
    BLANK_RUN: re.compile(r"\n{3,}"),
    LOWER_WORD: re.compile(r"[a-z]{2,}"),
    CN_YEAR: re.compile("([〇零一二三四五六七八九]{4})(?=年)"),
    STOP: PLAIN_STOP,
}
"""Each rewritten pattern and the plain form it replaced."""

STOP_ALPHABET = "。；！？;!?.a中 \n)）”0"
TEXT_ALPHABET = "\n\r a b z Q 年 〇零二九 中 。!?."


def found(pattern: re.Pattern[str], text: str, pos: int = 0, end: int | None = None) -> list:
    """Every match of pattern in text[pos:end]: its span and groups."""
    end = len(text) if end is None else end
    return [(m.span(), m.groups()) for m in pattern.finditer(text, pos, end)]


def plain_line_starts(source: str) -> array:
    """Line starts as `Tracked.of` took them: the end of every line break's match."""
    starts = array("l", [0])
    starts.extend(m.end() for m in re.finditer(r"\r\n|\r|\n", source))
    return starts


def test_every_rewritten_pattern_finds_what_its_plain_form_found_on_every_seed():
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for pattern, plain in PLAIN.items():
            assert found(pattern, text) == found(plain, text), (path.name, plain.pattern)
        assert line_starts(text) == plain_line_starts(text)


@given(st.text(alphabet=STOP_ALPHABET, max_size=40), st.integers(0, 40), st.integers(0, 40))
@settings(max_examples=1000, deadline=None)
def test_sentence_ends_are_those_the_plain_pattern_found_in_any_window(text, pos, end):
    assert found(STOP, text, pos, end) == found(PLAIN_STOP, text, pos, end)


@given(st.text(alphabet=TEXT_ALPHABET, max_size=60))
@settings(max_examples=500, deadline=None)
def test_rewritten_patterns_find_what_the_plain_ones_found_in_any_text(text):
    for pattern, plain in PLAIN.items():
        assert found(pattern, text) == found(plain, text), plain.pattern
    assert CN_YEAR.sub("x", text) == PLAIN[CN_YEAR].sub("x", text)


@given(st.text(alphabet="\r\nab中", max_size=40))
def test_line_starts_are_the_line_breaks_ends(text):
    assert line_starts(text) == plain_line_starts(text)
