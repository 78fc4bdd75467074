"""Token-level diff: diff-match-patch over jieba words, each word mapped to one character."""

from __future__ import annotations

from collections.abc import Sequence

from diff_match_patch import diff_match_patch

from compare.model import DiffSpan, Op
from compare.tokens import tokens

_OPS = {0: Op.EQUAL, 1: Op.INSERT, -1: Op.DELETE}
_FIRST_CODE = 0xF0000  # supplementary private use area: never found in policy text


def token_diff(old: str, new: str) -> tuple[DiffSpan, ...]:
    """Diff two texts word by word, cleaned up for people to read (`Diff_Timeout = 0`)."""
    if old == new:
        return (DiffSpan(Op.EQUAL, old),) if old else ()
    a, b = tokens(old), tokens(new)
    table: dict[str, str] = {}
    words: list[str] = []
    ca, cb = encode(a, table, words), encode(b, table, words)
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    diffs = dmp.diff_main(ca, cb, False)
    dmp.diff_cleanupSemantic(diffs)
    return merge_runs(
        [
            DiffSpan(_OPS[op], "".join(words[ord(ch) - _FIRST_CODE] for ch in text))
            for op, text in diffs
        ]
    )


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
