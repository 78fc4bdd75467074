"""Possible successors and origins as every output shows them: links, scores, shared terms."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from compare.model import Change, ChangeKind, Comparison, Counterpart, Document
from compare.render.views import anchor_id, clip

SHOWN_IN_TEXT = 3
"""How many possible successors (origins) the terminal and Markdown outputs name."""


@dataclass(frozen=True)
class CandidateView:
    """One possible successor or origin beside a dropped or new clause."""

    href: str
    """Anchor of the clause on the other side of the pair page."""
    target: str
    """Its clause id."""
    score: str
    """The evidence score as a percentage."""
    parts: tuple[tuple[str, bool], ...]
    """Its (clipped) text in pieces, True where a piece is a term both clauses share."""
    thesaurus: str
    """The thesaurus pairs that joined two wordings (`风能/风电, 太阳能/光伏`)."""


def label(change: Change) -> str:
    """`possible successors` for a dropped change, `possible origins` for a new one, `other
    likely counterparts` for a link made on evidence alone."""
    if change.probable:
        return "probable link; other likely counterparts"
    return "possible successors" if change.kind is ChangeKind.DROPPED else "possible origins"


def listed(change: Change) -> tuple[Counterpart, ...]:
    """The counterparts a change lists (successors of a dropped one, origins of a new one)."""
    return change.successors or change.origins


def candidate_views(change: Change, old: Document, new: Document) -> tuple[CandidateView, ...]:
    """Views of a change's possible successors (in `new`) or origins (in `old`)."""
    other, prefix = (new, "n-") if change.successors else (old, "o-")
    return tuple(
        CandidateView(
            href="#" + anchor_id(prefix, c.id),
            target=c.id,
            score=f"{round(c.score * 100)}%",
            parts=highlight(clip(other.clause(c.id).text, 80), c.evidence.terms),
            thesaurus=", ".join(c.evidence.thesaurus),
        )
        for c in listed(change)
    )


def highlight(text: str, terms: tuple[str, ...]) -> tuple[tuple[str, bool], ...]:
    """`text` cut into pieces, the pieces that are one of `terms` marked True."""
    marked = [False] * len(text)
    for term in terms:
        start = text.find(term)
        while term and start >= 0:
            marked[start : start + len(term)] = [True] * len(term)
            start = text.find(term, start + len(term))
    # runs of equal marks, cut where the mark changes (one slice per run, not per character)
    cuts = [k for k in range(1, len(text)) if marked[k] != marked[k - 1]]
    bounds = [0, *cuts, len(text)] if text else []
    return tuple((text[a:b], marked[a]) for a, b in pairwise(bounds))


def counterparts_line(cmp: Comparison, change: Change, limit: int = SHOWN_IN_TEXT) -> str:
    """`possible successors: c12 (34%) 大力提升风电… · c40 (20%) …`, or '' when none."""
    found = listed(change)[:limit]
    if not found:
        return ""
    other = cmp.new if change.successors else cmp.old
    items = [f"{c.id} ({round(c.score * 100)}%) {clip(other.clause(c.id).text, 40)}" for c in found]
    return f"{label(change)}: " + " · ".join(items)
