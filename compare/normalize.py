"""Stage 2, normalize: a Source to CleanText with an offset map and repair trail. (Interim.)"""

from __future__ import annotations

from array import array

from compare.model import CleanText, Source


def normalize(source: Source) -> CleanText:
    """Clean a decoded source (interim: line endings only)."""
    text = source.text.replace("\r\n", "\n").replace("\r", "\n")
    origin = array("l")
    j = 0
    for ch in source.text:
        if ch == "\r":
            j += 1
            continue
        origin.append(j)
        j += 1
    origin = array("l", range(len(text))) if len(origin) != len(text) else origin
    return CleanText(text=text, origin=origin)


def comparison_key(text: str) -> str:
    """Matching key: simplified script, folded widths, no whitespace."""
    return "".join(text.split())
