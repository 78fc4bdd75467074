"""Token-level diff: diff-match-patch over jieba words, each word mapped to one character."""

from __future__ import annotations

import sys
import threading
from collections.abc import Sequence
from functools import lru_cache

from diff_match_patch import diff_match_patch
from rapidfuzz.distance import Indel

try:  # diff-match-patch's C++ port: the same diff as the pure-Python one, five times faster
    from fast_diff_match_patch import diff as compiled_diff
except ImportError:  # a platform without its wheel: the pure-Python differ alone
    compiled_diff = None

from compare.align.tokens import tokens
from compare.model import DiffSpan, Op

_OPS = {0: Op.EQUAL, 1: Op.INSERT, -1: Op.DELETE}
_CODES = {"=": 0, "+": 1, "-": -1}
"""The C++ port's operations as diff-match-patch's."""
_FIRST_CODE = 0xF0000  # supplementary private use area: never found in policy text
BISECT_BUDGET = 6_000
"""Most steps, (N + M) · D for N and M words and D edits, left to diff-match-patch's bisection.

Myers' bisection is fast when two wordings differ little (drafts of one text) and slow in
pure Python when they differ much (related documents years apart); there the same minimal
insert/delete script comes from rapidfuzz's bit-parallel Indel instead."""


def no_timeout_differ() -> diff_match_patch:
    """diff-match-patch with `Diff_Timeout = 0`: the same result on every machine."""
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    return dmp


DIFFER = no_timeout_differ()
"""The one differ (it keeps only its settings: a new one for each diff cost 2% of describing)."""


@lru_cache(maxsize=4096)
def token_diff(old: str, new: str) -> tuple[DiffSpan, ...]:
    """Diff two texts word by word (`Diff_Timeout = 0`: the same result on every machine).

    A pair met again (the same sentence revised the same way in a repeated passage) reuses
    its diff: the spans are immutable.

    Each word is one symbol, so diff-match-patch's semantic cleanup would count a four-character
    word as one and swallow short shared words between edits; the lossless cleanup only slides
    edit boundaries to word and punctuation edges.
    """
    if old == new:
        return (DiffSpan(Op.EQUAL, old),) if old else ()
    a, b = tokens(old), tokens(new)
    symbols, ca, cb = symbols_for(a, b)
    dmp = DIFFER
    cheap = (len(ca) + len(cb)) * Indel.distance(ca, cb) <= BISECT_BUDGET
    diffs = bisected(ca, cb) if cheap else indel_diffs(ca, cb)
    dmp.diff_cleanupSemanticLossless(diffs)  # see docs/classification.md: words stay whole
    spans = [DiffSpan(_OPS[op], symbols.decode(text)) for op, text in diffs]
    return merge_runs(spans)


def bisected(ca: str, cb: str) -> list[tuple[int, str]]:
    """diff-match-patch's diff of two symbol strings (no time limit, no line mode, no
    cleanup), from its C++ port where installed: the same bisection and merging, so the same
    edit script (checked on every diff of the peers pairs and under hypothesis)."""
    if compiled_diff is None:
        return DIFFER.diff_main(ca, cb, False)
    found = compiled_diff(ca, cb, timelimit=0, checklines=False, cleanup="No", counts_only=False)
    return [(_CODES[op], text) for op, text in found]


SYMBOLS_KEPT = 16_384
"""Distinct words a shared symbol table holds before a new one is started (the 5 MB pair's
diffs meet 5,479; 16,384 words take about 2.3 MB)."""


class Symbols:
    """One private-use character per word, kept from diff to diff: a word met before (most
    are) is looked up by `map` in C, not by a Python loop over the words of every text.

    Which character a word gets does not matter to the diff: diff-match-patch compares
    symbols only for equality, and its lossless cleanup scores the edges of private-use
    characters all alike (neither letter, digit, space nor line break). Symbols are only
    ever added (under a lock), never taken back: a diff under way keeps its words."""

    def __init__(self, kept: int = SYMBOLS_KEPT) -> None:
        """An empty table that gives symbols to up to `kept` words."""
        self.kept = kept
        self.chars: dict[str, str] = {}
        self.words: dict[str, str] = {}
        self.lock = threading.Lock()

    def encode(self, a: Sequence[str], b: Sequence[str]) -> tuple[str, str] | None:
        """Both word sequences as strings of symbols; None when the table is too full to
        give symbols to their new words."""
        code = self.chars.__getitem__
        try:
            return "".join(map(code, a)), "".join(map(code, b))
        except KeyError:
            if not self.add(a, b):
                return None
        return "".join(map(code, a)), "".join(map(code, b))

    def add(self, a: Sequence[str], b: Sequence[str]) -> bool:
        """Give a symbol to each word of `a` and `b` that has none; False (and none given)
        when the table would then hold more than `kept` words."""
        with self.lock:
            new = set(a).union(b).difference(self.chars)  # in C: few words are new
            if len(self.chars) + len(new) > self.kept:
                return False
            for word in new:
                ch = chr(_FIRST_CODE + len(self.chars))
                self.words[ch] = word
                self.chars[word] = ch
        return True

    def decode(self, chars: str) -> str:
        """The words behind a run of symbols."""
        return "".join(map(self.words.__getitem__, chars))


def symbols_for(a: Sequence[str], b: Sequence[str]) -> tuple[Symbols, str, str]:
    """A symbol table and both word sequences in its symbols: the shared one; a new shared
    one when it is full (a diff under way keeps the table it holds); one of their own for
    texts with more distinct words than a table holds."""
    global SYMBOLS
    table = SYMBOLS
    coded = table.encode(a, b)
    if coded is None:
        table = Symbols(SYMBOLS_KEPT)
        coded = table.encode(a, b)
        if coded is not None:
            SYMBOLS = table
    if coded is None:
        table = Symbols(kept=sys.maxsize)
        coded = table.encode(a, b) or ("", "")
    return table, *coded


SYMBOLS = Symbols()


def indel_diffs(ca: str, cb: str) -> list[tuple[int, str]]:
    """An insert/delete edit script in diff-match-patch's shape, computed by rapidfuzz."""
    out: list[tuple[int, str]] = []
    for tag, i1, i2, j1, j2 in Indel.opcodes(ca, cb):
        if tag == "equal":
            out.append((0, ca[i1:i2]))
        if tag in ("delete", "replace"):
            out.append((-1, ca[i1:i2]))
        if tag in ("insert", "replace"):
            out.append((1, cb[j1:j2]))
    return out


def merge_runs(spans: Sequence[DiffSpan]) -> tuple[DiffSpan, ...]:
    """Join neighbouring spans with the same operation and drop empty ones."""
    out: list[DiffSpan] = []
    for s in spans:
        if not s.text:
            continue
        if out and out[-1].op is s.op:
            out[-1] = DiffSpan(s.op, out[-1].text + s.text)
        else:
            out.append(s)
    return tuple(out)
