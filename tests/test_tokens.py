"""Word tokens cut piece by piece (each distinct piece once) are jieba's tokens of the text."""

from __future__ import annotations

import subprocess
import sys

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
    assert all(jieba_cut(ln) == plain(ln) for ln in lines)
    assert jieba_cut(text) == plain(text)


@given(st.text(alphabet=ALPHABET, max_size=60))
@settings(max_examples=300, deadline=None)
def test_piecewise_tokens_equal_jiebas_on_any_mix(text):
    assert tk.tokens(text) == plain(text)
    assert jieba_cut(text) == plain(text)


def test_pieces_cover_the_text_in_order():
    text = "第一条　推进呼包鄂乌一体化，2025年达到95.5%。\r\n(二) abc"
    assert "".join(tk.pieces(text)) == text


def rust_cut(text: str) -> tuple[str, ...]:
    """The tokens as the Rust port gives them, piece by piece (the cache bypassed)."""
    rust = tk.rust_tokenizer()  # from now on this process cuts with it: the same words
    return tuple(w for p in tk.pieces(text) for w in tk.cut_piece(p, rust))


def jieba_cut(text: str) -> tuple[str, ...]:
    """The tokens as jieba gives them piece by piece (the cache and the port bypassed)."""
    return tuple(w for p in tk.pieces(text) for w in tk.cut_piece(p))


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_rust_port_cuts_as_jieba_on_real_text(path):
    text = path.read_text(encoding="utf-8")
    assert all(rust_cut(ln) == plain(ln) for ln in text.splitlines())
    assert rust_cut(text) == plain(text)


@given(st.text(alphabet=ALPHABET, max_size=60))
@settings(max_examples=300, deadline=None)
def test_rust_port_cuts_as_jieba_on_any_mix(text):
    assert rust_cut(text) == plain(text)


def test_rust_port_totals_the_words_as_jieba():
    listed = {w: f for w, f, _ in tk.dictionary_entries()}
    assert len(listed) < len(tk.dictionary_entries())  # words listed twice: made up by a spacer
    assert tk.rust_tokenizer().has_word(tk.SPACER)
    assert tk.tokenizer().total == sum(f for _, f, _ in tk.dictionary_entries())


def test_small_work_keeps_jieba_and_much_work_loads_the_port():
    script = (
        "from compare.align import tokens as tk; tk.expect(tk.RUST_MIN_CHARS - 1); "
        "a = tk.rust_tokenizer.cache_info().currsize; tk.expect(tk.RUST_MIN_CHARS); "
        "print(a, tk.rust_tokenizer.cache_info().currsize)"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.stdout.split() == ["0", "1"]


def test_prepare_loads_one_cutter_for_the_workers():
    script = (
        "import sys; from compare.align import tokens as tk; "
        "tk.prepare(int(sys.argv[1]), shared=True); "
        "print(tk.is_loaded(), tk.rust_tokenizer.cache_info().currsize)"
    )
    small = subprocess.run([sys.executable, "-c", script, "100"], capture_output=True, text=True)
    large = subprocess.run([sys.executable, "-c", script, "100000"], capture_output=True, text=True)
    assert small.stdout.split() == ["True", "0"]
    assert large.stdout.split() == ["False", "1"]


def ported(source: str):
    """A Rust port filled from the loaded jieba Tokenizer's words or from the word lists."""
    freqs = tk.jieba_frequencies() if source == "jieba" else tk.listed_frequencies()
    return tk.rust_jieba(*freqs)


@pytest.mark.parametrize("source", ["jieba", "files"])
def test_rust_port_from_either_source_cuts_as_jieba(source):
    rust = ported(source)
    for path in TEXTS[:6]:
        text = path.read_text(encoding="utf-8")
        cut = tuple(w for p in tk.pieces(text) for w in tk.cut_piece(p, rust))
        assert cut == plain(text)


def test_both_sources_hold_the_same_words_and_total():
    entries = tk.dictionary_entries()
    words, freqs, total = tk.listed_frequencies()
    assert (words, freqs, total) == ([w for w, _, _ in entries], [f for _, f, _ in entries],
                                     sum(f for _, f, _ in entries))  # fmt: skip
    j_words, j_freqs, j_total = tk.jieba_frequencies()
    assert dict(zip(j_words, j_freqs, strict=True)) == dict(zip(words, freqs, strict=True))
    assert j_total == total == tk.tokenizer().total


def outcome(fn, text):
    """What `fn(text)` returns, or the type of what it raises."""
    try:
        return fn(text)
    except (ValueError, IndexError) as e:
        return type(e)


def columns_read_slowly(text):
    """`columns_of` as reading line by line gives it."""
    entries = tk.entries_of(text)
    return [w for w, _, _ in entries], [f for _, f, _ in entries]


@pytest.mark.parametrize("path", [tk.WORDS, tk.USERDICT], ids=lambda p: p.name)
def test_dictionary_read_in_one_pass_as_line_by_line(path):
    text = path.read_text(encoding="utf-8")
    assert tk.three_field_lines().fullmatch(text)  # ours take the fast way
    assert tk.columns_of(text) == columns_read_slowly(text)


@given(st.lists(st.text(alphabet="词语ab12 \t\u3000\r\n\x85", max_size=12), max_size=6))
@settings(max_examples=300, deadline=None)
def test_dictionary_columns_as_line_by_line_on_any_text(lines):
    text = "\n".join(lines)
    assert outcome(tk.columns_of, text) == outcome(columns_read_slowly, text)


@given(st.lists(st.tuples(st.text("词语ab", min_size=1, max_size=4), st.integers(0, 999)),
                max_size=6))  # fmt: skip
@settings(max_examples=100, deadline=None)
def test_dictionary_columns_of_well_formed_lines(rows):
    text = "".join(f"{w} {f} n\n" for w, f in rows)
    assert tk.columns_of(text) == columns_read_slowly(text) == ([w for w, _ in rows],
                                                               [f for _, f in rows])  # fmt: skip
