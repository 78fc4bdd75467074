"""Text that remembers where each character came from: the substrate the cleaning fixers edit."""

from __future__ import annotations

import re
import sys
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import field
from itertools import accumulate
from typing import NamedTuple

from compare.model import Repair, record

MAX_LINES = 300
"""Repair.lines keeps at most this many line numbers."""


ORIGIN_TYPE = "i" if array("i").itemsize >= 4 else "l"
"""Array type of origin maps: 4-byte offsets (sources are far below 2 GB) halve their memory."""


class Keep(NamedTuple):
    """Keep the current text's characters [start, end) with their origins (may lie anywhere)."""

    start: int
    end: int


class Put(NamedTuple):
    """Insert new characters; each gets source offset `at`."""

    text: str
    at: int


Piece = Keep | Put
Edit = tuple[int, int, Sequence[Piece]]
"""Replace the current text's [start, end) by these pieces."""


@record(slots=False)
class Tracked:
    """A text under cleaning, its origin map, and the source it came from."""

    text: str
    origin: array
    source: str
    line_starts: array = field(repr=False)

    @classmethod
    def of(cls, source: str) -> Tracked:
        """Start from the untouched source: every character maps to itself."""
        return cls(source, identity_map(len(source)), source, line_starts(source))

    def src_at(self, i: int) -> int:
        """Source offset of character i (the end of the source for i == len(text))."""
        if i < len(self.origin):
            return self.origin[i]
        return len(self.source)

    def line_of(self, i: int) -> int:
        """1-based source line of current character i."""
        return bisect_right(self.line_starts, self.src_at(i))

    def with_text(self, text: str, origin: array) -> Tracked:
        """A copy with new text and origin (same source)."""
        return Tracked(text, origin, self.source, self.line_starts)


LINE_END = re.compile(r"\r\n|\r|\n")


def line_starts(source: str) -> array:
    """Offsets where the source's lines start: 0, then after each `\\r\\n`, `\\r` or `\\n`.

    Without a `\\r` they are the running sum of the lengths of the text's `\\n`-split lines,
    summed in C (a fifth of the time of taking each line end from a match object)."""
    starts = array("l", [0])
    if "\r" in source:
        starts.extend(m.end() for m in LINE_END.finditer(source))
    else:
        starts.extend(accumulate(len(line) + 1 for line in source.split("\n")[:-1]))
    return starts


def identity_map(n: int) -> array:
    """array(ORIGIN_TYPE, range(n)), written byte column by byte column (the offsets' low
    bytes are 0…255 repeated, the next ones each value 256 times, …): a tenth of the time of
    converting n integer objects one by one."""
    size = array(ORIGIN_TYPE).itemsize
    buf = bytearray(size * n)
    for j in range(size):
        step = 1 << (8 * j)
        if step >= n:
            break
        at = j if sys.byteorder == "little" else size - 1 - j
        buf[at::size] = _byte_column(step, n)
    out = array(ORIGIN_TYPE)
    out.frombytes(buf)
    return out


def _byte_column(step: int, n: int) -> bytes:
    """The byte (offset // step) % 256 of each offset 0…n-1."""
    if step == 1:
        return (bytes(range(256)) * (n // 256 + 1))[:n]
    return b"".join(bytes([v & 255]) * step for v in range(n // step + 1))[:n]


def apply_edits(t: Tracked, edits: Iterable[Edit]) -> Tracked:
    """Apply non-overlapping edits given in increasing order of start."""
    parts: list[str] = []
    origin = array(t.origin.typecode)
    pos = 0
    for start, end, pieces in edits:
        parts.append(t.text[pos:start])
        origin.extend(t.origin[pos:start])
        for piece in pieces:
            if isinstance(piece, Keep):
                parts.append(t.text[piece.start : piece.end])
                origin.extend(t.origin[piece.start : piece.end])
            else:
                parts.append(piece.text)
                origin.extend([piece.at] * len(piece.text))
        pos = end
    if pos == 0 and not parts:
        return t
    parts.append(t.text[pos:])
    origin.extend(t.origin[pos:])
    return t.with_text("".join(parts), origin)


def scan(
    pattern: re.Pattern[str],
    first: re.Pattern[str],
    text: str,
    pos: int = 0,
    endpos: int | None = None,
) -> Iterator[re.Match[str]]:
    """pattern.finditer(text, pos, endpos), tried only where `first` finds a possible start
    (much faster).

    Exact when every match of pattern starts where `first` matches and none is empty.
    """
    endpos = len(text) if endpos is None else endpos
    end = pos
    for c in first.finditer(text, pos, endpos):
        if c.start() >= end and (m := pattern.match(text, c.start(), endpos)):
            end = m.end()
            yield m


def matches(
    pattern: re.Pattern[str], text: str, first: re.Pattern[str] | None = None
) -> Iterator[re.Match[str]]:
    """Every match of pattern in text, looked for only where `first` matches when given."""
    return pattern.finditer(text) if first is None else scan(pattern, first, text)


def rewrite(
    t: Tracked,
    pattern: re.Pattern[str],
    repl: Callable[[re.Match[str]], Sequence[Piece] | None],
    first: re.Pattern[str] | None = None,
) -> tuple[Tracked, list[int]]:
    """Replace each match by repl's pieces (None keeps it): the new text and the edit starts.

    `first`, when given, finds every place a match can start (see scan).
    """
    edits: list[Edit] = []
    for m in matches(pattern, t.text, first):
        pieces = repl(m)
        if pieces is not None:
            edits.append((m.start(), m.end(), pieces))
    if not edits:
        return t, []
    return apply_edits(t, edits), [e[0] for e in edits]


def delete_matches(
    t: Tracked, pattern: re.Pattern[str], first: re.Pattern[str] | None = None
) -> tuple[Tracked, list[int]]:
    """Delete every match of pattern (`first` as for rewrite)."""
    return rewrite(t, pattern, lambda m: (), first)


def delete_group(m: re.Match[str], group: int | str = 1) -> list[Piece]:
    """Pieces keeping a match except one group."""
    return [Keep(m.start(), m.start(group)), Keep(m.end(group), m.end())]


def lines_of(t: Tracked, positions: Iterable[int]) -> tuple[int, ...]:
    """Sorted distinct 1-based source lines of positions in t (at most MAX_LINES); line_of
    written out, as a fixer may have thousands of positions."""
    origin, starts, size, end = t.origin, t.line_starts, len(t.origin), len(t.source)
    lines = {bisect_right(starts, origin[p] if p < size else end) for p in positions}
    return tuple(sorted(lines))[:MAX_LINES]


def repair(
    kind: str,
    t: Tracked,
    positions: Sequence[int],
    detail: str,
    flagged: bool = False,
) -> Repair | None:
    """A Repair for these positions of t, or None when there are none."""
    if not positions:
        return None
    return Repair(kind, len(positions), lines_of(t, positions), detail, flagged)


def merge(*repairs: Repair | None) -> Repair | None:
    """One repair from several of the same kind (counts added, lines united)."""
    found = [r for r in repairs if r is not None]
    if not found:
        return None
    lines = tuple(sorted({n for r in found for n in r.lines}))
    detail = "; ".join(r.detail for r in found)
    return Repair(found[0].kind, sum(r.count for r in found), lines, detail, found[0].flagged)


def example(text: str, limit: int = 40) -> str:
    """A short printable excerpt for Repair details."""
    text = text.replace("\n", "⏎")
    return text if len(text) <= limit else text[: limit - 1] + "…"


@record(slots=False)
class Outcome:
    """What one fixer returns: the edited text, its repairs, and anything it set aside."""

    text: Tracked
    repairs: tuple[Repair, ...] = ()
    cut: str = ""
    """Text removed as lying outside the document."""
    unreliable: tuple[tuple[int, int], ...] = ()
    """Spans of the returned text whose numerals cannot be trusted."""


def outcome(t: Tracked, *repairs: Repair | None) -> Outcome:
    """An Outcome keeping only the repairs that happened."""
    return Outcome(t, tuple(r for r in repairs if r is not None))
