"""Token-level diff: diff-match-patch over jieba words, each word mapped to one character."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from diff_match_patch import diff_match_patch
from rapidfuzz.distance import Indel

from compare.align.tokens import tokens
from compare.model import DiffSpan, Op

_OPS = {0: Op.EQUAL, 1: Op.INSERT, -1: Op.DELETE}
_FIRST_CODE = 0xF0000  # supplementary private use area: never found in policy text
BISECT_BUDGET = 6_000
"""Most steps, (N + M) · D for N and M words and D edits, left to diff-match-patch's bisection.

Myers' bisection is fast when two wordings differ little (drafts of one text) and slow in
pure Python when they differ much (related documents years apart); there the same minimal
insert/delete script comes from rapidfuzz's bit-parallel Indel instead."""


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
    table: dict[str, str] = {}
    words: list[str] = []
    ca, cb = encode(a, table, words), encode(b, table, words)
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    cheap = (len(ca) + len(cb)) * Indel.distance(ca, cb) <= BISECT_BUDGET
    diffs = dmp.diff_main(ca, cb, False) if cheap else indel_diffs(ca, cb)
    dmp.diff_cleanupSemanticLossless(diffs)  # see docs/classification.md: words stay whole
    spans = [DiffSpan(_OPS[op], decode(text, words)) for op, text in diffs]
    return merge_runs(spans)


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


def encode(toks: Sequence[str], table: dict[str, str], words: list[str]) -> str:
    """Map each distinct word to one private-use character (the linesToChars trick)."""
    out = []
    for t in toks:
        ch = table.get(t)
        if ch is None:
            ch = chr(_FIRST_CODE + len(words))
            table[t] = ch
            words.append(t)
        out.append(ch)
    return "".join(out)


def decode(chars: str, words: Sequence[str]) -> str:
    """The words behind a run of private-use characters."""
    return "".join([words[ord(ch) - _FIRST_CODE] for ch in chars])  # a list: joined faster


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
