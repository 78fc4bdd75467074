"""Word tokens cut piece by piece (each distinct piece once) are jieba's tokens of the text."""

from __future__ import annotations

import os
import subprocess
import sys
from functools import lru_cache

import pytest
from aligntools import LAWS, SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.align import tokens as tk

TEXTS = sorted(SEEDS.glob("*.txt")) + sorted(LAWS.glob("*.txt"))
ALPHABET = "推进呼包鄂乌一体化发展和林格尔新区建设第一条　 ，。、（）()\r\n\tab12.%-+#&_㐀𠀀"


def dictionary_entries() -> list[tuple[str, int, str | None]]:
    """(word, frequency, tag) of the word list, then of the user dictionary, read line by
    line as jieba reads them: the oracle of the faster readers."""
    out = []
    for path in (tk.WORDS, tk.USERDICT):
        out += tk.entries_of(path.read_text(encoding="utf-8"))
    return out


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
    listed = {w: f for w, f, _ in dictionary_entries()}
    assert len(listed) < len(dictionary_entries())  # words listed twice: made up by a spacer
    assert tk.rust_tokenizer().has_word(tk.SPACER)
    assert tk.tokenizer().total == sum(f for _, f, _ in dictionary_entries())


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
    if source == "jieba":
        return tk.rust_jieba(*tk.jieba_frequencies(), distinct=True)
    return tk.rust_jieba(*tk.listed_frequencies())


@pytest.mark.parametrize("source", ["jieba", "files"])
def test_rust_port_from_either_source_cuts_as_jieba(source):
    rust = ported(source)
    for path in TEXTS[:6]:
        text = path.read_text(encoding="utf-8")
        cut = tuple(w for p in tk.pieces(text) for w in tk.cut_piece(p, rust))
        assert cut == plain(text)


def test_both_sources_hold_the_same_words_and_total():
    entries = dictionary_entries()
    words, freqs, total = tk.listed_frequencies()
    assert (words, freqs, total) == ([w for w, _, _ in entries], [f for _, f, _ in entries],
                                     sum(f for _, f, _ in entries))  # fmt: skip
    j_words, j_freqs, j_total = tk.jieba_frequencies()
    assert dict(zip(j_words, j_freqs, strict=True)) == dict(zip(words, freqs, strict=True))
    assert j_total == total == tk.tokenizer().total


def test_the_spacer_of_distinct_words_is_the_spacer_of_any():
    """A loaded Tokenizer's words are distinct: their frequencies summed as they are make up
    the same spacer as with each word counted once, listed last."""
    words, freqs, total = tk.jieba_frequencies()
    assert len(set(words)) == len(words)
    spacer = tk.spacer_frequency(words, freqs, total, distinct=True)
    assert spacer == tk.spacer_frequency(words, freqs, total, distinct=False) > 0
    listed = tk.listed_frequencies()
    assert tk.spacer_frequency(*listed, distinct=False) == spacer  # the files list words twice


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


@lru_cache(maxsize=1)
def whole_split() -> tuple[int, dict[str, bytes]]:
    """The whole dictionary's total, and its frequencies split by first character."""
    whole = tk.tokenizer()
    return whole.total, tk.split_by_first_char(whole.FREQ)


def partial_words() -> tk.FirstCharWords:
    """A fresh FirstCharWords over the whole dictionary split by first character."""
    return tk.FirstCharWords(*whole_split())


def first_char_cut(words: tk.FirstCharWords, text: str) -> tuple[str, ...]:
    """The tokens of `text` cut piece by piece, runs of word characters by `words`."""
    return tuple(
        w
        for p in tk.pieces(text)
        for w in (words.cut(p) if tk.piece_pattern().fullmatch(p) else tk.cut_piece(p))
    )


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_words_loaded_by_first_character_cut_as_the_whole_dictionary(path):
    text = path.read_text(encoding="utf-8")
    words = partial_words()
    assert all(first_char_cut(words, ln) == plain(ln) for ln in text.splitlines())
    assert first_char_cut(words, text) == plain(text)
    assert len(words.tok.FREQ) < len(tk.tokenizer().FREQ)  # only the characters met


@given(st.text(alphabet=ALPHABET, max_size=60))
@settings(max_examples=300, deadline=None)
def test_words_loaded_by_first_character_cut_as_the_whole_dictionary_on_any_mix(text):
    assert first_char_cut(partial_words(), text) == plain(text)


def test_the_split_dictionary_is_kept_and_a_stale_or_damaged_one_rebuilt(tmp_path, monkeypatch):
    path = tmp_path / "words.marshal"
    monkeypatch.setattr(tk, "split_cache", lambda: path)
    monkeypatch.setattr(tk, "first_char_words", tk.first_char_words.__wrapped__)
    assert tk.read_split_cache(path) is None  # none yet
    made = tk.first_char_words()  # splits the whole dictionary and keeps it
    whole = tk.tokenizer()
    assert tk.read_split_cache(path) == (whole.total, tk.split_by_first_char(whole.FREQ))
    assert made.cut("推进呼包鄂乌一体化发展") == ("推进", "呼包鄂乌", "一体化", "发展")
    words_time = tk.WORDS.stat().st_mtime
    os.utime(path, (words_time - 10, words_time - 10))
    assert tk.read_split_cache(path) is None  # older than the word list
    path.write_bytes(b"\x00 not marshal")
    os.utime(path, (words_time + 10, words_time + 10))
    assert tk.read_split_cache(path) is None  # unreadable
