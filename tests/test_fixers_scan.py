"""The fast scans and tests of the fixers find exactly what the plain regular expressions find."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from compare.clean.encoding import SHIFTED, SHIFTED_FIRST
from compare.clean.fixers import (
    CJK,
    CONTINUERS,
    DATE_LED,
    EDGE_SPACE,
    EDGE_SPACE_FIRST,
    HEADING_START,
    INVISIBLE,
    INVISIBLE_FIRST,
    MIN_BODY_LINE,
    MIN_BROKEN_PARAGRAPH,
    OPENERS,
    PUNCTUATED,
    TERMINAL,
    TITLE_END,
    has_toned,
    is_cjk,
    pinyin_pattern,
    should_join,
)
from compare.clean.pdf import (
    PAGE_NUMBER,
    PAGE_NUMBER_FIRST,
    SYMBOL_BULLET,
    SYMBOL_BULLET_FIRST,
    _doubtful_lines,
    _lines,
    is_doubtful,
)
from compare.clean.tracked import scan

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
PAIRS = (
    (INVISIBLE, INVISIBLE_FIRST),
    (EDGE_SPACE, EDGE_SPACE_FIRST),
    (SHIFTED, SHIFTED_FIRST),
    (SYMBOL_BULLET, SYMBOL_BULLET_FIRST),
    (PAGE_NUMBER, PAGE_NUMBER_FIRST),
)
ALPHABET = (
    "到年代和于较\n下降低增长新增达到以上万。，()（）2020 3.5%审议通过"
    "區(qū)（qū）?qū)??绯g \u3000\t\ufeff\u200b\uf0b7a—12—－3－- 4 -第 5 页共 9 页"
)


def _spans(text: str) -> list[list[tuple[int, int]]]:
    return [[m.span() for m in scan(p, f, text)] for p, f in PAIRS]


def _plain(text: str) -> list[list[tuple[int, int]]]:
    return [[m.span() for m in p.finditer(text)] for p, _ in PAIRS]


def _doubtful_by_line(text: str) -> list[tuple[int, int]]:
    return [(a, b) for a, b in _lines(text) if is_doubtful(text[a:b])]


def test_scans_match_plain_search_on_every_seed():
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        assert _spans(text) == _plain(text)
        assert _doubtful_lines(text) == _doubtful_by_line(text)


def test_the_outline_seed_has_doubtful_lines():
    text = next(p for p in SEEDS if "14th" in p.name).read_text(encoding="utf-8")
    assert _doubtful_lines(text)


@given(st.text(alphabet=ALPHABET, max_size=80))
def test_scans_match_plain_search_on_any_text(text):
    assert _spans(text) == _plain(text)
    assert _doubtful_lines(text) == _doubtful_by_line(text)


def _should_join_by_pattern(prev: str, nxt: str, blank: bool = False) -> bool:
    """should_join as it was written, with character classes for its last test."""
    p, n = prev.strip(), nxt.strip()
    if not p or not n or HEADING_START.match(n) or p[-1] in TERMINAL:
        return False
    if (HEADING_START.match(p) or TITLE_END.search(p)) and not PUNCTUATED.search(p):
        return False
    if n[0] in CONTINUERS or p[-1] in OPENERS:
        return True
    if len(p) < MIN_BODY_LINE or (blank and len(p) < MIN_BROKEN_PARAGRAPH and "、" not in p):
        return False
    if DATE_LED.match(n):
        return False
    return bool(re.match(f"[{CJK}]", p[-1])) and bool(
        re.match(f"[{CJK}]" if blank else rf"[{CJK}\d]", n)
    )


def test_is_cjk_is_the_cjk_class_for_every_character():
    cjk = re.compile(f"[{CJK}]")
    digit = re.compile(r"\d")
    for cp in range(0x110000):
        ch = chr(cp)
        assert is_cjk(ch) == bool(cjk.match(ch)), hex(cp)
        assert ch.isdecimal() == bool(digit.match(ch)), hex(cp)


EDGE = "发展。，、a1２٣\u3400\u4dbf\u4e00\u9fff\uf900\ufaff\u33ff\ufb00 "


@given(st.text(alphabet=EDGE, max_size=60), st.text(alphabet=EDGE, max_size=30), st.booleans())
def test_should_join_answers_as_the_patterns_did(prev, nxt, blank):
    assert should_join(prev, nxt, blank) == _should_join_by_pattern(prev, nxt, blank)


def test_should_join_answers_as_the_patterns_did_on_every_seed_line_pair():
    for path in SEEDS:
        lines = path.read_text(encoding="utf-8").splitlines()
        for prev, nxt in pairwise(lines):
            for blank in (False, True):
                assert should_join(prev, nxt, blank) == _should_join_by_pattern(prev, nxt, blank)


@given(st.text(alphabet=ALPHABET, max_size=200))
@settings(max_examples=300, deadline=None)
def test_no_reading_without_a_tone_marked_vowel(text):
    """strip_pinyin skips a text without a tone-marked vowel: no reading can match there."""
    if not has_toned(text):
        assert not pinyin_pattern().search(text)
