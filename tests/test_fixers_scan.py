"""The fast scans of the numeral fixer find exactly what the plain regular expressions find."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from compare.clean.encoding import SHIFTED, SHIFTED_FIRST
from compare.clean.fixers import (
    EDGE_SPACE,
    EDGE_SPACE_FIRST,
    INVISIBLE,
    INVISIBLE_FIRST,
    PINYIN,
    PINYIN_FIRST,
)
from compare.clean.pdf import (
    PAGE_NUMBER,
    PAGE_NUMBER_FIRST,
    SYMBOL_BULLET,
    SYMBOL_BULLET_FIRST,
    YEAR_SLOT,
    YEAR_SLOT_FIRST,
    _doubtful_lines,
    _lines,
    is_doubtful,
    numerals,
)
from compare.clean.tracked import scan, without_matches

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
PAIRS = (
    (YEAR_SLOT, YEAR_SLOT_FIRST),
    (numerals().number_slot, numerals().number_slot_first),
    (INVISIBLE, INVISIBLE_FIRST),
    (EDGE_SPACE, EDGE_SPACE_FIRST),
    (PINYIN, PINYIN_FIRST),
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


def test_without_matches_is_sub_with_nothing():
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        assert without_matches(text, PINYIN, PINYIN_FIRST) == PINYIN.sub("", text)


def test_the_outline_seed_has_doubtful_lines():
    text = next(p for p in SEEDS if "14th" in p.name).read_text(encoding="utf-8")
    assert _doubtful_lines(text)


@given(st.text(alphabet=ALPHABET, max_size=80))
def test_scans_match_plain_search_on_any_text(text):
    assert _spans(text) == _plain(text)
    assert _doubtful_lines(text) == _doubtful_by_line(text)
    assert without_matches(text, PINYIN, PINYIN_FIRST) == PINYIN.sub("", text)
