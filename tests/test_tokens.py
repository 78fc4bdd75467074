"""Word tokens cut piece by piece (each distinct piece once) are jieba's tokens of the text."""

from __future__ import annotations

import pytest
from aligntools import LAWS, SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.align import tokens as tk

TEXTS = sorted(SEEDS.glob("*.txt")) + sorted(LAWS.glob("*.txt"))
ALPHABET = "推进呼包鄂乌一体化发展和林格尔新区建设第一条　 ，。、（）()\r\n\tab12.%-+#&_㐀𠀀"


def plain(text: str) -> tuple[str, ...]:
    """jieba's own cut of the whole text, as the tokens were taken before."""
    return tuple(tk.tokenizer().lcut(text, HMM=False))


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_piecewise_tokens_equal_jiebas_on_real_text(path):
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert all(tk.tokens(ln) == plain(ln) for ln in lines)
    assert tk.tokens(text) == plain(text)  # whole file: newlines and spacing between pieces


@given(st.text(alphabet=ALPHABET, max_size=60))
@settings(max_examples=300, deadline=None)
def test_piecewise_tokens_equal_jiebas_on_any_mix(text):
    assert tk.tokens(text) == plain(text)


def test_pieces_cover_the_text_in_order():
    text = "第一条　推进呼包鄂乌一体化，2025年达到95.5%。\r\n(二) abc"
    assert "".join(tk.pieces(text)) == text
