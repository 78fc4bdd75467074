"""Word tokens for matching and diffing: one lazy jieba Tokenizer with our user dictionary."""

from __future__ import annotations

import importlib
import logging
import marshal
import re
import sys
import tempfile
import types
from functools import lru_cache
from hashlib import md5
from itertools import chain
from pathlib import Path

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
    if not read_prefix_cache(tok):
        tok.initialize()  # builds the prefix dictionary and writes jieba's cache
    tok.load_userdict(str(USERDICT))
    return tok


def prefix_cache(tok) -> Path:
    """Where jieba keeps the prefix dictionary it built from `tok`'s word list (its own rule:
    `jieba.u<md5 of the list's path>.cache` in the temporary directory)."""
    digest = md5(tok.dictionary.encode("utf-8", "replace")).hexdigest()
    return Path(tok.tmp_dir or tempfile.gettempdir()) / f"jieba.u{digest}.cache"


def read_prefix_cache(tok) -> bool:
    """Fill `tok` from jieba's cache as `initialize` would, but read in one piece: jieba's
    `marshal.load` from the open file reads it object by object (0.085 s of CPU for our
    60,000 prefixes), `marshal.loads` of its bytes takes 0.02 s. False when the cache is
    missing, older than the word list or unreadable: then jieba builds it as usual."""
    cache = prefix_cache(tok)
    try:
        if cache.stat().st_mtime <= Path(tok.dictionary).stat().st_mtime:
            return False
        tok.FREQ, tok.total = marshal.loads(cache.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return False
    tok.initialized = True
    return True


HMM_MODEL = "jieba.finalseg"
"""jieba's model of words not in the dictionary: tables that take 0.01 s to import, and that
a cut with HMM=False (ours) never reads."""


class Deferred(types.ModuleType):
    """Stands in for a module not imported yet: the first name looked up in it imports it
    (and puts it in the stand-in's place), so code that does use it works as before."""

    def __getattr__(self, name: str) -> object:
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        return getattr(importlib.import_module(self.__name__), name)


def import_jieba():
    """jieba, imported without `pkg_resources`: jieba only opens its own model files with it,
    and takes its plain `open` fallback when it is missing; importing it costs 0.15 s. Its
    HMM model is imported when first used (`Deferred`)."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # import raises ImportError
    sys.modules.setdefault(HMM_MODEL, Deferred(HMM_MODEL))
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


@lru_cache(maxsize=65536)
def tokens(text: str) -> tuple[str, ...]:
    """Words of `text` in order (accurate mode, no HMM for new words: stable across runs).

    jieba cuts a text piece by piece (runs of word characters, and what lies between them)
    and no word crosses a piece's edge, so each distinct piece is cut once: a revised
    clause's old and new wording share most of their pieces, and so do repeated passages.
    """
    return tuple(chain.from_iterable(map(piece_words, pieces(text))))


def pieces(text: str) -> list[str]:
    """The pieces jieba cuts `text` into before looking words up (its own pattern)."""
    return [p for p in piece_pattern().split(text) if p]


@lru_cache(maxsize=1)
def piece_pattern() -> re.Pattern[str]:
    """jieba's pattern of a run of word characters (accurate mode), taken from jieba itself."""
    return import_jieba().re_han_default


@lru_cache(maxsize=65536)
def piece_words(piece: str) -> tuple[str, ...]:
    """Words of one piece, as jieba cuts it within `text` (the same call on less text)."""
    return tuple(tokenizer().lcut(piece, HMM=False))


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
