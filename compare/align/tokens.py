"""Word tokens for matching and diffing: one lazy jieba Tokenizer with our user dictionary."""

from __future__ import annotations

import contextlib
import logging
import marshal
import re
import sys
import tempfile
import threading
import types
from collections import deque
from functools import lru_cache
from hashlib import md5
from itertools import chain, compress, repeat
from pathlib import Path

from compare.memory import Deferred

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
    """Words of one piece, as jieba cuts it within a text; by the Rust port once `expect`
    has loaded it for much text (the same words, see `rust_tokenizer`)."""
    return cut_piece(piece, rust_tokenizer() if rust_tokenizer.cache_info().currsize else None)


def cut_piece(piece: str, rust=None) -> tuple[str, ...]:
    """Words of one piece: by jieba's rule between runs of word characters, a run by the
    Rust port `rust` when given, else by jieba."""
    if not piece_pattern().fullmatch(piece):
        return between_words(piece)
    if rust is not None:
        return tuple(rust.cut(piece, False))
    if is_loaded():  # the whole dictionary is here (loaded for forked workers, or meanwhile)
        return dag_words(tokenizer(), piece)
    return first_char_words().cut(piece)


def dag_words(tok, piece: str) -> tuple[str, ...]:
    """jieba's cut of one run of word characters, without `lcut` splitting the text into
    pieces again (done here already); name-mangled, as private to jieba's Tokenizer."""
    return tuple(tok._Tokenizer__cut_DAG_NO_HMM(piece))


class FirstCharWords:
    """A jieba Tokenizer whose dictionary is filled one first character at a time.

    jieba cuts a run by looking up its substrings (`get_DAG`, then `calc` for their
    frequencies), and each substring looked up from position k starts with the k-th
    character: the words starting with the run's characters answer every lookup as the whole
    dictionary would. A small pair cuts a few thousand characters whose words are a third of
    the dictionary's 60,000 entries, which take most of its loading time."""

    def __init__(self, total: int, parts: dict[str, bytes]) -> None:
        """`parts`: for each first character, the marshalled frequencies of the entries
        (words and word prefixes) starting with it; `total` of the whole dictionary."""
        self.tok = import_jieba().Tokenizer(dictionary=str(WORDS))
        self.tok.FREQ, self.tok.total, self.tok.initialized = {}, total, True
        self.parts = dict(parts)
        self.lock = threading.Lock()

    def cut(self, piece: str) -> tuple[str, ...]:
        """jieba's words of one run of word characters."""
        if not self.parts.keys().isdisjoint(piece):
            with self.lock:  # a character leaves `parts` once its words are all in FREQ
                for char in [c for c in set(piece) if c in self.parts]:
                    self.tok.FREQ.update(marshal.loads(self.parts[char]))
                    del self.parts[char]
        return dag_words(self.tok, piece)


@lru_cache(maxsize=1)
def first_char_words() -> FirstCharWords:
    """The shared FirstCharWords, from the dictionary split by first character (split and
    kept in the temporary directory from the whole dictionary, the first time)."""
    path = split_cache()
    kept = read_split_cache(path)
    if kept is None:
        tok = tokenizer()
        kept = tok.total, split_by_first_char(tok.FREQ)
        with contextlib.suppress(OSError, ValueError):
            write_split_cache(path, kept)
    return FirstCharWords(*kept)


def split_by_first_char(freq: dict[str, int]) -> dict[str, bytes]:
    """The frequencies, marshalled in groups of the words that start with the same character."""
    groups: dict[str, dict[str, int]] = {}
    for word, count in freq.items():
        if word:
            groups.setdefault(word[0], {})[word] = count
    return {char: marshal.dumps(group) for char, group in groups.items()}


def split_cache() -> Path:
    """Where the dictionary split by first character is kept (named after the lists' paths,
    as jieba names its cache)."""
    digest = md5(f"{WORDS}\n{USERDICT}".encode("utf-8", "replace")).hexdigest()
    return Path(tempfile.gettempdir()) / f"clausediff-words-{digest}.marshal"


def read_split_cache(path: Path) -> tuple[int, dict[str, bytes]] | None:
    """The total and the split frequencies kept in `path`; None when the file is missing,
    older than either word list, or unreadable."""
    try:
        if path.stat().st_mtime <= max(WORDS.stat().st_mtime, USERDICT.stat().st_mtime):
            return None
        total, parts = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(total, int) or not isinstance(parts, dict):
        return None
    return total, parts


def write_split_cache(path: Path, kept: tuple[int, dict[str, bytes]]) -> None:
    """Write the split dictionary beside `path`, then put it in its place (atomically)."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with open(fd, "wb") as f:
            f.write(marshal.dumps(kept))
        Path(name).replace(path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


RUST_MIN_CHARS = 60_000
"""From this many characters to cut, the Rust port of jieba (`rjieba`) pays for loading
our dictionary (0.07 s) against jieba's pure Python (about 1.3 µs a character)."""

SPACER = "\x00"
"""A word that can be in no piece of word characters: its frequency makes up the total."""


def expect(chars: int) -> None:
    """Announce about `chars` characters to cut: from `RUST_MIN_CHARS` on, cut with the Rust
    port from now on (small inputs keep jieba, whose dictionary loads in 0.03 s)."""
    if chars >= RUST_MIN_CHARS:
        with contextlib.suppress(ImportError):  # without rjieba, jieba does it all (slower)
            rust_tokenizer()


def prepare(chars: int, shared: bool) -> None:
    """Load now the word cutter that `chars` characters to cut call for: the Rust port for
    much text, else jieba when `shared` (forked workers then inherit it, not each its own)."""
    expect(chars)
    if shared and not rust_tokenizer.cache_info().currsize:
        tokenizer()


@lru_cache(maxsize=1)
def rust_tokenizer():
    """rjieba's Jieba holding what our jieba Tokenizer holds, so that it cuts alike.

    jieba-rs walks the same word graph with the same scores (log frequency less log total,
    ties to the longer word) and joins single Latin letters and digits as jieba does. Where
    a word is listed twice the later frequency counts in both, but jieba adds both to its
    total: a spacer word makes up the difference. Its wider run of word characters (rare
    CJK blocks) is never seen: `tokens` gives it only jieba's own pieces.
    """
    if is_loaded():
        return rust_jieba(*jieba_frequencies(), distinct=True)
    return rust_jieba(*listed_frequencies())


Frequencies = tuple[list[str], list[int], int]
"""Words, their frequencies (in order; a word listed twice counts as listed last) and the
total that jieba divides by."""


def rust_jieba(words: list[str], freqs: list[int], total: int, distinct: bool = False):
    """An rjieba Jieba holding these words and frequencies, and `total` as its total
    (`distinct`: no word is listed twice, as in a loaded Tokenizer's).

    Tags are left out: cutting never reads them, and 50,000 tag strings cost time to make."""
    jieba = import_rjieba().Jieba.empty()
    deque(map(jieba.add_word, words, freqs, repeat(None)), maxlen=0)  # one loop, in C
    missing = spacer_frequency(words, freqs, total, distinct)
    if missing:
        jieba.add_word(SPACER, missing, None)
    return jieba


def spacer_frequency(words: list[str], freqs: list[int], total: int, distinct: bool) -> int:
    """What the port's words (a word listed twice counting as listed last) fall short of
    `total` by; the frequencies are summed as they are when no word is listed twice (a
    dict of 50,000 words spared: a fifth of loading the port)."""
    if distinct:
        return total - sum(freqs)
    return total - sum(dict(zip(words, freqs, strict=True)).values())


def jieba_frequencies() -> Frequencies:
    """The words and total of our jieba Tokenizer, once loaded (as `load_documents` does
    while the documents are parsed): no dictionary file read again (0.01 s instead of 0.05 s).
    Its prefixes of words, of frequency 0, are no words."""
    tok = tokenizer()
    freq = tok.FREQ
    return list(compress(freq, freq.values())), list(filter(None, freq.values())), tok.total


def listed_frequencies() -> Frequencies:
    """The words of the word list, then of the user dictionary, with their frequencies as
    jieba reads them (`entries_of`, read faster) and their sum as the total."""
    words: list[str] = []
    freqs: list[int] = []
    for path in (WORDS, USERDICT):
        more_words, more_freqs = columns_of(path.read_text(encoding="utf-8"))
        words += more_words
        freqs += more_freqs
    return words, freqs, sum(freqs)


def entries_of(text: str) -> list[tuple[str, int, str | None]]:
    """(word, frequency, tag) of each line of a dictionary's text, line by line."""
    out = []
    for line in text.splitlines():
        fields = line.strip().split(" ")
        if fields[0]:
            out.append((fields[0], int(fields[1]), fields[2] if len(fields) > 2 else None))
    return out


def columns_of(text: str) -> tuple[list[str], list[int]]:
    """The words and frequencies of `entries_of(text)`: split in one pass over the whole text
    when every line is `word frequency tag` (as in our dictionaries), else line by line."""
    if three_field_lines().fullmatch(text):
        fields = text.split()
        return fields[0::3], list(map(int, fields[1::3]))
    entries = entries_of(text)
    return [e[0] for e in entries], [e[1] for e in entries]


@lru_cache(maxsize=1)
def three_field_lines() -> re.Pattern[str]:
    """Lines of three fields, one space apart, each line ending in a line break: the text
    `str.split` cuts into exactly the fields that reading line by line finds."""
    return re.compile(r"(?:\S+ \S+ \S+\n)*")


def import_rjieba() -> types.ModuleType:
    """rjieba's compiled module alone: the package's `__init__` builds jieba's whole default
    dictionary (0.1 s), which we never use."""
    import importlib.machinery  # here: only large comparisons come this way
    import importlib.util

    package = importlib.util.find_spec("rjieba")
    if package is None or not package.submodule_search_locations:
        raise ImportError("rjieba is not installed")
    spec = importlib.machinery.PathFinder.find_spec(
        "rjieba.rjieba", list(package.submodule_search_locations)
    )
    if spec is None or spec.loader is None:
        raise ImportError("rjieba's compiled module is missing")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def between_words(piece: str) -> tuple[str, ...]:
    """The words of a piece between runs of word characters, as jieba gives them: spacing
    (a line break, one space) whole, any other character alone."""
    skip = import_jieba().re_skip_default
    out: list[str] = []
    for part in skip.split(piece):
        out.extend([part] if skip.match(part) else part)
    return tuple(out)


def is_loaded() -> bool:
    """True once the whole dictionary has been loaded."""
    return tokenizer.cache_info().currsize > 0


def any_loaded() -> bool:
    """True once any of the dictionary has been loaded (lets tests check that jieba stayed
    unloaded)."""
    return is_loaded() or first_char_words.cache_info().currsize > 0


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
