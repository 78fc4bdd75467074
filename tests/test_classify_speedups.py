"""Classify's shortcuts give the very revisions and token diffs of the plain computation."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from aligntools import SEEDS, seed
from diff_match_patch import diff_match_patch
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Indel

from compare.align.tokens import tokens
from compare.classify import tokendiff
from compare.classify.tokendiff import (
    BISECT_BUDGET,
    Symbols,
    indel_diffs,
    merge_runs,
    token_diff,
)
from compare.model import DiffSpan, Op

OPS = {0: Op.EQUAL, 1: Op.INSERT, -1: Op.DELETE}
WORDY = st.text(alphabet="推进建设呼包鄂乌一体化加快探索，。、2025年 \n", max_size=40)


def plain_token_diff(old: str, new: str) -> tuple[DiffSpan, ...]:
    """The token diff as first written: a table of its own for each pair of texts, words
    numbered from the first private-use character in the order they are met."""
    if old == new:
        return (DiffSpan(Op.EQUAL, old),) if old else ()
    table: dict[str, str] = {}
    words: list[str] = []
    ca, cb = plain_encode(tokens(old), table, words), plain_encode(tokens(new), table, words)
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    cheap = (len(ca) + len(cb)) * Indel.distance(ca, cb) <= BISECT_BUDGET
    diffs = dmp.diff_main(ca, cb, False) if cheap else indel_diffs(ca, cb)
    dmp.diff_cleanupSemanticLossless(diffs)
    spans = [
        DiffSpan(OPS[op], "".join(words[ord(c) - 0xF0000] for c in text)) for op, text in diffs
    ]
    return merge_runs(spans)


def plain_encode(toks: Sequence[str], table: dict[str, str], words: list[str]) -> str:
    """Each word as one private-use character, numbered in the order met."""
    out = []
    for t in toks:
        if t not in table:
            table[t] = chr(0xF0000 + len(words))
            words.append(t)
        out.append(table[t])
    return "".join(out)


def seed_lines() -> list[str]:
    """Every line of every seed document."""
    return [c.text for path in sorted(SEEDS.glob("*.txt")) for c in seed(path.name).clauses]


def test_token_diffs_of_seed_neighbours_are_the_plain_ones():
    lines = seed_lines()
    token_diff.cache_clear()
    for old, new in pairwise(lines):
        assert token_diff(old, new) == plain_token_diff(old, new)
    assert len(tokendiff.SYMBOLS.chars) > 1_000  # words met before were looked up


@settings(max_examples=200)
@given(WORDY, WORDY)
def test_token_diffs_are_the_plain_ones_on_any_text(old, new):
    token_diff.cache_clear()
    assert token_diff(old, new) == plain_token_diff(old, new)


def test_a_full_symbol_table_gives_way_to_a_new_one(monkeypatch):
    small = Symbols(kept=6)
    monkeypatch.setattr(tokendiff, "SYMBOLS", small)
    monkeypatch.setattr(tokendiff, "SYMBOLS_KEPT", 6)
    token_diff.cache_clear()
    assert token_diff("推进发展。", "加快发展。") == plain_token_diff("推进发展。", "加快发展。")
    assert len(small.chars) == 4
    old, new = "推进呼包鄂乌一体化。", "加快呼包鄂乌建设。"  # 7 words: a new shared table
    assert token_diff(old, new) == plain_token_diff(old, new)
    assert len(small.chars) == 4 and len(tokendiff.SYMBOLS.chars) == 6
    old, new = "推进呼包鄂乌一体化发展。", "加快呼包鄂乌一体化建设，推进发展。"  # 9: its own
    assert token_diff(old, new) == plain_token_diff(old, new)
    assert len(tokendiff.SYMBOLS.chars) == 6
    token_diff.cache_clear()


def test_symbols_decode_what_they_encode():
    table = Symbols()
    a, b = ("推进", "建设", "。"), ("加快", "建设", "。", "推进")
    ca, cb = table.encode(a, b) or ("", "")
    assert len(ca) == 3 and len(cb) == 4 and ca[1:] == cb[1:3] and ca[0] == cb[3]
    assert table.decode(ca) == "推进建设。" and table.decode(cb) == "加快建设。推进"
