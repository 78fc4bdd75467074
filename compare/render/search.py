"""What the index page's search looks through: every wording of a thread, in either script."""

from __future__ import annotations

from collections.abc import Iterable

from compare.clean.keys import WIDTH_TABLE, to_simplified, to_traditional
from compare.model import Thread, Timeline

STEP_SEPARATOR = "\n"
"""Between the wordings of two versions, so a search never matches across them."""


def search_text(timeline: Timeline, thread: Thread) -> str:
    """The thread's comparison key in every version it is in (simplified, widths folded),
    as `timeline --find` compares them."""
    return STEP_SEPARATOR.join(
        "".join(timeline.documents[s.version].clause(i).key for i in s.clauses)
        for s in thread.steps
        if s.clauses
    )


def script_map(texts: Iterable[str]) -> dict[str, str]:
    """Traditional character → simplified one, for every character a query may need turned
    into the simplified keys the search looks through (both directions of OpenCC, per
    character: the keys' characters and their traditional forms)."""
    chars = sorted({ch for text in texts for ch in text if ord(ch) > 0x2E7F})
    traditional = to_traditional("".join(chars))
    if len(traditional) != len(chars):  # a phrase was converted: go character by character
        traditional = "".join(to_traditional(ch)[:1] or ch for ch in chars)
    pairs = dict(zip(traditional, chars, strict=True))
    return {t: s for t, s in pairs.items() if t != s and to_simplified(t) == s}


def width_map() -> dict[str, str]:
    """Full-width character → half-width one (as the keys fold them)."""
    return {chr(a): chr(b) for a, b in WIDTH_TABLE.items()}
