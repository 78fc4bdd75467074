"""Word tokens for matching and diffing: jieba's segmentation over our word lists, loaded once."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import marshal
import math
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
WORDS = DATA / "words.txt"
"""The 50,000 most frequent words of jieba's own dictionary (loads in a fraction of the time)."""
USERDICT = DATA / "userdict.txt"
"""Place, programme and agency words of the corpus (呼包鄂乌, 和林格尔新区 …)."""

HAN = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&\\._%\\-]+)", re.U)
"""jieba's `re_han_default`: the runs it segments (CJK, letters, digits, a few signs)."""
SKIP = re.compile("(\r\n|\\s)", re.U)
"""jieba's `re_skip_default`: whitespace, kept as a token of its own."""
ENG = re.compile("[a-zA-Z0-9]", re.U)
"""jieba's `re_eng`: a single letter or digit, joined to its neighbours of the same kind."""


@lru_cache(maxsize=1)
def tokenizer():
    """jieba's own Tokenizer over the same word lists: the reference the Segmenter gives the
    same words as (importing jieba and loading its cache takes about 0.1 s)."""
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

    __slots__ = ("floor", "freq", "logp", "logtotal")

    def __init__(self, freq: dict[str, int], total: int) -> None:
        """Use a prefix dictionary (see `word_counts`) and the total of its counts."""
        self.freq = freq
        self.logtotal = math.log(total)
        self.floor = math.log(1) - self.logtotal  # an unknown character: jieba counts it once
        self.logp: dict[str, float] = {}

    def cut(self, text: str) -> Iterator[str]:
        """The words of `text`: runs of CJK, letters and digits segmented, anything else one
        character at a time (whitespace runs kept whole), as jieba does."""
        for blk in HAN.split(text):
            if not blk:
                continue
            if HAN.match(blk):
                yield from self.words(blk)
                continue
            for x in SKIP.split(blk):
                if SKIP.match(x):
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
            if y - x == 1 and ENG.match(word):
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


def word_counts(*paths: Path) -> tuple[dict[str, int], int]:
    """jieba's prefix dictionary of word lists (`word count [tag]` a line): each word's count,
    0 for a prefix that is no word of its own, and the total of the counts; a later list
    overrides an earlier one's counts, as a user dictionary does."""
    freq: dict[str, int] = {}
    total = 0
    for path in paths:
        for line in path.read_text(encoding="utf-8").lstrip("\ufeff").splitlines():
            parts = line.split()
            if not parts:
                continue
            word, count = parts[0], int(parts[1])
            freq[word] = count
            total += count
            for i in range(1, len(word)):
                freq.setdefault(word[:i], 0)
    return freq, total


def cached_word_counts(*paths: Path) -> tuple[dict[str, int], int]:
    """`word_counts` of the lists, kept in the user's cache directory (read back in a quarter
    of the time it takes to build); any trouble with the cache only means building again."""
    cache = cache_file(paths)
    with contextlib.suppress(OSError, EOFError, ValueError, TypeError):
        found = marshal.loads(cache.read_bytes())
        if isinstance(found, tuple) and len(found) == 2 and isinstance(found[0], dict):
            return found
    counts = word_counts(*paths)
    with contextlib.suppress(OSError):
        keep(cache, marshal.dumps(counts))
    return counts


def keep(path: Path, data: bytes) -> None:
    """Write a cache file atomically (a reader sees the old file or the whole new one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def cache_file(paths: tuple[Path, ...]) -> Path:
    """Where the prefix dictionary of these lists is kept: named by their content and the
    marshal format, under $XDG_CACHE_HOME (default ~/.cache)/clausediff."""
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in paths)).hexdigest()[:20]
    home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(home) / "clausediff" / f"words-{digest}-m{marshal.version}.marshal"


@lru_cache(maxsize=1)
def segmenter() -> Segmenter:
    """The shared Segmenter over our word lists, loaded on first use (about 0.01 s from the
    cache, 0.04 s to build)."""
    return Segmenter(*cached_word_counts(WORDS, USERDICT))


@lru_cache(maxsize=65536)
def tokens(text: str) -> tuple[str, ...]:
    """Words of `text` in order (accurate mode, no HMM for new words: stable across runs)."""
    return tuple(segmenter().cut(text))


def is_loaded() -> bool:
    """True once the dictionary has been loaded (lets tests check that jieba stayed unloaded)."""
    return segmenter.cache_info().currsize > 0 or tokenizer.cache_info().currsize > 0


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
