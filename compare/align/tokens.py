"""Word tokens for matching and diffing: one lazy jieba Tokenizer with our user dictionary."""

from __future__ import annotations

import logging
import math
import sys
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1] / "data"
WORDS = DATA / "words.txt"
"""The 50,000 most frequent words of jieba's own dictionary (loads in a fraction of the time)."""
USERDICT = DATA / "userdict.txt"
"""Place, programme and agency words of the corpus (呼包鄂乌, 和林格尔新区 …)."""


@lru_cache(maxsize=1)
def tokenizer():
    """The shared Tokenizer, initialised on first use only (a few tenths of a second)."""
    jieba = import_jieba()
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer(dictionary=str(WORDS))
    tok.initialize()
    tok.load_userdict(str(USERDICT))
    return tok


def import_jieba():
    """jieba, imported without `pkg_resources`: jieba only opens its own model files with it,
    and takes its plain `open` fallback when it is missing; importing it costs 0.15 s."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # import raises ImportError
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


class Segmenter:
    """jieba's accurate mode without HMM (`Tokenizer.lcut(text, HMM=False)`): the same words
    from the same dictionary by the same dynamic programme, in one backward pass that weighs
    each word once (jieba builds a graph and a generator of tuples per character)."""

    __slots__ = ("eng", "floor", "freq", "han", "logp", "logtotal", "skip")

    def __init__(self, tok: Any, jieba: Any) -> None:
        """Read the loaded dictionary of `tok` (user words included) and jieba's patterns."""
        self.freq: dict[str, int] = tok.FREQ
        self.logtotal = math.log(tok.total)
        self.floor = math.log(1) - self.logtotal  # an unknown character: jieba counts it once
        self.logp: dict[str, float] = {}
        self.han, self.skip, self.eng = jieba.re_han_default, jieba.re_skip_default, jieba.re_eng

    def cut(self, text: str) -> Iterator[str]:
        """The words of `text`: runs of CJK, letters and digits segmented, anything else one
        character at a time (whitespace runs kept whole), as jieba does."""
        for blk in self.han.split(text):
            if not blk:
                continue
            if self.han.match(blk):
                yield from self.words(blk)
                continue
            for x in self.skip.split(blk):
                if self.skip.match(x):
                    yield x
                else:
                    yield from x

    def words(self, run: str) -> Iterator[str]:
        """The best-scoring segmentation of one run; single letters and digits joined up."""
        nxt = self.route(run)
        x, n, buf = 0, len(run), ""
        while x < n:
            y = nxt[x] + 1
            word = run[x:y]
            if y - x == 1 and self.eng.match(word):
                buf += word
            else:
                if buf:
                    yield buf
                    buf = ""
                yield word
            x = y
        if buf:
            yield buf

    def route(self, run: str) -> list[int]:
        """For each position, where the best word starting there ends (jieba's `calc` over
        `get_DAG`: highest log-probability to the end; ties to the longer word)."""
        get, logp, n = self.freq.get, self.logp, len(run)
        best = [0.0] * (n + 1)
        nxt = list(range(n))
        for k in range(n - 1, -1, -1):
            top, i = None, k + 1
            f = get(run[k])
            while f is not None:
                if f:
                    frag = run[k:i]
                    w = logp.get(frag)
                    if w is None:
                        w = logp[frag] = math.log(f) - self.logtotal
                    v = w + best[i]
                    if top is None or v >= top:
                        top, nxt[k] = v, i - 1
                if i == n:
                    break
                i += 1
                f = get(run[k:i])
            best[k] = self.floor + best[k + 1] if top is None else top
        return nxt


@lru_cache(maxsize=1)
def segmenter() -> Segmenter:
    """The shared Segmenter over the shared Tokenizer's dictionary."""
    return Segmenter(tokenizer(), import_jieba())


@lru_cache(maxsize=65536)
def tokens(text: str) -> tuple[str, ...]:
    """Words of `text` in order (accurate mode, no HMM for new words: stable across runs)."""
    return tuple(segmenter().cut(text))


def is_loaded() -> bool:
    """True once the dictionary has been loaded (lets tests check that jieba stayed unloaded)."""
    return tokenizer.cache_info().currsize > 0


@lru_cache(maxsize=1)
def user_words() -> frozenset[str]:
    """The place and programme names of the user dictionary."""
    return tagged_words("ns", "nz")


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """The place names (`ns`) of the user dictionary: scope, not what a commitment acts on."""
    return tagged_words("ns")


def tagged_words(*tags: str) -> frozenset[str]:
    """Words of the user dictionary whose part-of-speech tag is one of `tags`."""
    lines = USERDICT.read_text(encoding="utf-8").splitlines()
    return frozenset(ln.split()[0] for ln in lines if ln.strip() and ln.split()[-1] in tags)
