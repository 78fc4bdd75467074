"""Sections first: which new part or chapter continues which old one, from their clauses."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import field
from functools import lru_cache

from compare.model import Clause, record

KEEP_SHARE = 0.5
"""A new section is aligned with an old one when it gathers at least this share of the votes
of the old section's best partner at its depth."""
KEEP_TOP = 2
"""…and is among this many best partners at its depth."""
DEPTH = 3
"""Sections are aligned down to this level (part, chapter, section)."""


@record(slots=False)
class SectionMap:
    """Pairs of section paths (old prefix, new prefix) whose contents continue one another."""

    pairs: frozenset[tuple[tuple[str, ...], tuple[str, ...]]]
    known: dict[tuple[tuple[str, ...], tuple[str, ...]], bool] = field(
        default_factory=dict, compare=False, repr=False
    )
    """(old section, new section) → `together`, as asked: listing the counterparts of many
    clauses asks about far fewer pairs of sections than pairs of clauses."""

    def together(self, old: Clause, new: Clause) -> bool:
        """True when some section holding `old` is aligned with some section holding `new`."""
        if not self.pairs:
            return False
        pair = (old.section, new.section)
        found = self.known.get(pair)
        if found is None:
            found = self.known[pair] = sections_together(self.pairs, *pair)
        return found


def sections_together(
    pairs: frozenset[tuple[tuple[str, ...], tuple[str, ...]]],
    old: tuple[str, ...],
    new: tuple[str, ...],
) -> bool:
    """True when some prefix of section path `old` is paired with some prefix of `new`."""
    return any((p, q) in pairs for p in prefixes(old) for q in prefixes(new))


@lru_cache(maxsize=4096)
def prefixes(path: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """The enclosing section paths of a clause, outermost first, down to `DEPTH` levels."""
    return tuple(path[: k + 1] for k in range(min(DEPTH, len(path))))


def align_sections(
    old: Sequence[Clause], new: Sequence[Clause], votes: Iterable[tuple[int, int, float]]
) -> SectionMap:
    """Align sections from clause evidence: every (old index, new index, weight) — a link or a
    likely counterpart — votes for each pair of sections enclosing its two clauses; an old
    section keeps, at each depth of the new document, its best partners."""
    # plain dicts summed through `get` (a Counter calls `__missing__` in Python for each
    # new key); the sums are taken in the same order, so they are the same floats
    by_paths: dict[tuple[tuple[str, ...], tuple[str, ...]], float] = {}
    for i, j, w in votes:
        key = (old[i].section, new[j].section)
        by_paths[key] = by_paths.get(key, 0) + w
    tally: dict[tuple[tuple[str, ...], tuple[str, ...]], float] = {}
    for (po, pn), w in by_paths.items():
        for p in prefixes(po):
            for q in prefixes(pn):
                tally[(p, q)] = tally.get((p, q), 0) + w
    best: dict[tuple[tuple[str, ...], int], list[tuple[float, tuple[str, ...]]]] = defaultdict(list)
    for (p, q), w in tally.items():
        best[(p, len(q))].append((w, q))
    kept = set()
    for (p, _depth), found in best.items():
        found.sort(key=lambda e: (-e[0], e[1]))
        top = found[0][0]
        kept |= {(p, q) for w, q in found[:KEEP_TOP] if w >= KEEP_SHARE * top}
    return SectionMap(frozenset(kept))
