"""Comparison keys: simplified script (OpenCC), full widths folded, whitespace removed."""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence

WIDTH_TABLE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {
    0x3000: 0x20,
    0xFFE0: 0xA2,
    0xFFE1: 0xA3,
    0xFFE5: 0xA5,
}
"""Full-width ASCII forms to their half-width letters (explicit: no NFKC of CJK punctuation)."""
NARROW = {chr(wide): chr(narrow) for wide, narrow in WIDTH_TABLE.items()}
WIDE = re.compile("[" + re.escape("".join(NARROW)) + "]")

_converter = None
_lock = threading.Lock()


def _t2s():
    """The one OpenCC traditional-to-simplified converter, created on first use."""
    global _converter
    if _converter is None:
        with _lock:
            if _converter is None:
                import opencc

                _converter = opencc.OpenCC("t2s")
    return _converter


_s2t = None


def to_traditional(text: str) -> str:
    """Simplified characters to traditional (OpenCC s2t), for searching in either script."""
    global _s2t
    if _s2t is None:
        import opencc

        _s2t = opencc.OpenCC("s2t")
    return _s2t.convert(text) if text else text


def to_simplified(text: str) -> str:
    """Traditional characters to simplified (OpenCC t2s)."""
    return _t2s().convert(text) if text else text


def fold_widths(text: str) -> str:
    """Full-width letters, digits and punctuation to half width.

    Each full-width character present is replaced in one pass: str.translate looks every
    character of a CJK text up in the table, five to seven times slower."""
    for wide in set(WIDE.findall(text)):
        text = text.replace(wide, NARROW[wide])
    return text


def comparison_key(text: str) -> str:
    """Matching key: simplified script, widths folded, whitespace removed."""
    return "".join(fold_widths(to_simplified(text)).split())


def comparison_keys(texts: Sequence[str]) -> list[str]:
    """Keys for many clauses at once (one script conversion for all the distinct ones)."""
    if not texts or any("\n" in t for t in texts):
        return [comparison_key(t) for t in texts]
    distinct = list(dict.fromkeys(texts))
    converted = fold_widths(to_simplified("\n".join(distinct))).split("\n")
    if len(converted) != len(distinct):
        return [comparison_key(t) for t in texts]
    key_of = {t: "".join(c.split()) for t, c in zip(distinct, converted, strict=True)}
    return [key_of[t] for t in texts]
