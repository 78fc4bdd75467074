"""Patterns rewritten to open with a literal or a class find what their plain forms found."""

from __future__ import annotations

import re
from array import array
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from compare.clean.fixers import (
    BLANK_RUN,
    LOWER_WORD,
    PINYIN_PLAIN_SOURCE,
    TERMINAL,
    _logical_line,
    join_broken_lines,
    pinyin_pattern,
    should_join,
)
from compare.clean.pdf import VERBS, YEAR_SLOT, numerals
from compare.clean.tracked import (
    Outcome,
    Tracked,
    apply_edits,
    example,
    line_starts,
    outcome,
    repair,
)
from compare.structure.facts import RETROSPECTIVE
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
    BLANK_RUN: re.compile(r"\n{3,}"),
    LOWER_WORD: re.compile(r"[a-z]{2,}"),
    CN_YEAR: re.compile("([〇零一二三四五六七八九]{4})(?=年)"),
    STOP: PLAIN_STOP,
    re.compile(RETROSPECTIVE): re.compile(
        r"(?=[十以过取实完已])(?:十[一二三]五[”\"]?(?:时期|期间)?以来|以来[,，]|过去[一二三四五]年|"
        r"取得了|实现了|完成了|已(?:经)?(?:建成|形成|实现|完成|取得)|"
        r"(?:取得|实现)[^。；,，]{0,12}(?:成效|成就|成绩|突破))"
    ),
    pinyin_pattern(): re.compile(PINYIN_PLAIN_SOURCE),
    YEAR_SLOT: re.compile(
        r"(?m)(?:(?<=[到至和较較比于於从從止节節])|^)年(?![代级級龄齡均轻輕华華货貨会會鉴鑒报報限])"
    ),
    numerals().number_slot: re.compile(
        rf"[（(][)）]|(?:{VERBS})(?=[。，；、万萬亿億千百个個家种種%]|以上|左右)"
    ),
}
"""Each rewritten pattern and the plain form it replaced."""

STOP_ALPHABET = "。；！？;!?.a中 \n)）”0"
TEXT_ALPHABET = (
    "\n\r a b z Q 年 〇零二九 中 。!?.()（）达到提高到以上万，十三五以来取得实现了成效已经"
    "到和节年代会"
)
PINYIN_ALPHABET = "區中?\ufffd()（）qūshànghéngzhēnr āáǎàêü."
PINYIN_PIECES = ("區(qū)", "(qū)", "（qū）", "?qū)", "\ufffdshàng）", "(café)", "(qu)", "??", "中")
JOIN_ALPHABET = "\n\n\n中文字，。；:（）#一、1 a"


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


@given(st.text(alphabet=PINYIN_ALPHABET, max_size=40), st.integers(0, 40), st.integers(0, 40))
@settings(max_examples=1000, deadline=None)
def test_pinyin_readings_are_those_the_plain_pattern_found_in_any_window(text, pos, end):
    pinyin, plain = pinyin_pattern(), re.compile(PINYIN_PLAIN_SOURCE)
    assert found(pinyin, text, pos, end) == found(plain, text, pos, end)
    assert pinyin.sub("", text) == plain.sub("", text)


@given(st.text(alphabet="\n年到和节代会中 ", max_size=30), st.integers(0, 30), st.integers(0, 30))
@settings(max_examples=500, deadline=None)
def test_year_slots_are_those_the_plain_pattern_found_in_any_window(text, pos, end):
    assert found(YEAR_SLOT, text, pos, end) == found(PLAIN[YEAR_SLOT], text, pos, end)


@given(st.lists(st.sampled_from(PINYIN_PIECES), max_size=12))
@settings(max_examples=500, deadline=None)
def test_pinyin_readings_are_those_the_plain_pattern_found_in_readings_strung_together(pieces):
    text = "".join(pieces)
    assert found(pinyin_pattern(), text) == found(re.compile(PINYIN_PLAIN_SOURCE), text)


@given(st.text(alphabet="\r\nab中", max_size=40))
def test_line_starts_are_the_line_breaks_ends(text):
    assert line_starts(text) == plain_line_starts(text)


def join_handing_every_break_to_python(t: Tracked) -> Outcome:
    """join_broken_lines as it was: every run of line breaks looked at in Python, those after
    a TERMINAL character passed over there (written as a loop over the runs)."""
    text, edits, examples, line_start = t.text, [], [], 0
    for run in re.finditer(r"\n+", text):
        a, b = run.span()
        if a > line_start and text[a - 1] in TERMINAL:
            line_start = b
            continue
        end = text.find("\n", b)
        following = text[b:] if end < 0 else text[b:end]
        if not should_join(_logical_line(text, line_start, a), following, b - a > 1):
            line_start = b
            continue
        edits.append((a, b, ()))
        if len(examples) < 3:
            examples.append(example(text[max(0, a - 6) : b + 6], 30))
    new = apply_edits(t, edits)
    found = [a for a, _, _ in edits]
    return outcome(new, repair("join_broken_lines", t, found, "e.g. " + "; ".join(examples)))


def joined(join: object, text: str) -> tuple:
    """What a join fixer makes of a text: the new text, its origin map and the repairs."""
    out = join(Tracked.of(text))  # type: ignore[operator]
    return out.text.text, out.text.origin, out.repairs


def test_joining_lines_gives_what_it_gave_on_every_seed():
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        wrapped = "\n".join(text[k : k + 37] for k in range(0, len(text), 37))
        for source in (text, wrapped):
            assert joined(join_broken_lines, source) == joined(
                join_handing_every_break_to_python, source
            ), path.name


@given(st.text(alphabet=JOIN_ALPHABET, max_size=120))
@settings(max_examples=500, deadline=None)
def test_joining_lines_gives_what_it_gave_on_any_text(text):
    assert joined(join_broken_lines, text) == joined(join_handing_every_break_to_python, text)
