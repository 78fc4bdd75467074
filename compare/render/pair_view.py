"""Pair summary: counts by kind and section, the most significant changes, and the PairView."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from compare.model import Change, ChangeKind, Comparison, RevisionKind
from compare.render.counterparts import CandidateView, candidate_views, label
from compare.render.views import (
    KIND_ORDER,
    ORIGINAL,
    REVISION_LABELS,
    DocView,
    RowView,
    SectionLink,
    build_rows,
    clip,
    doc_view,
    evidence_text,
)

SIGNIFICANT_LIMIT = 12
"""How many items each group of significant changes lists before saying how many more."""
NO_SECTION = "(before any heading)"


@dataclass(frozen=True)
class SignificantItem:
    """One change listed among the most significant ones."""

    href: str
    snippet: str
    evidence: str


@dataclass(frozen=True)
class SignificantGroup:
    """A heading and its significant changes, with how many were left off the list."""

    title: str
    items: tuple[SignificantItem, ...]
    more: int
    kind: str = ""
    """Change kind that shows the whole group when filtered on ('' when a revision type does)."""
    rev: str = ""
    """Revision type that shows the whole group when filtered on."""


def revision_counts(cmp: Comparison) -> tuple[tuple[str, str, int], ...]:
    """(kind, label, number of changes carrying it) for each revision kind present."""
    counts = Counter(k for ch in cmp.changes for k in dict.fromkeys(r.kind for r in ch.revisions))
    return tuple((k.value, REVISION_LABELS[k], counts[k]) for k in RevisionKind if counts[k])


def top_section(cmp: Comparison, change: Change, side: str) -> str:
    """The top-level section of the change's first clause on one side."""
    ids = change.new if side == "new" else change.old
    doc = cmp.new if side == "new" else cmp.old
    path = doc.clause(ids[0]).section if ids else ()
    return path[0] if path else NO_SECTION


def section_counts(cmp: Comparison, rows: tuple[RowView, ...]) -> dict[str, Counter[str]]:
    """Per top-level section of the new text: how many changes of each kind it holds."""
    table: dict[str, Counter[str]] = {}
    for row in rows:
        change = cmp.changes[row.change]
        if change.new and row.role != ORIGINAL:
            table.setdefault(top_section(cmp, change, "new"), Counter())[row.kind] += 1
    return table


def dropped_counts(cmp: Comparison, rows: tuple[RowView, ...]) -> tuple[tuple[str, int], ...]:
    """Per top-level section of the old text: how many clauses were dropped from it."""
    counts: Counter[str] = Counter()
    for row in rows:
        change = cmp.changes[row.change]
        if change.kind is ChangeKind.DROPPED:
            counts[top_section(cmp, change, "old")] += len(change.old)
    return tuple(counts.items())


def is_dropped_commitment(cmp: Comparison, change: Change) -> bool:
    """A dropped change whose old text carried an action."""
    return change.kind is ChangeKind.DROPPED and any(
        cmp.old.clause(i).facts.commitment for i in change.old
    )


def has_revision(kind: RevisionKind) -> Callable[[Comparison, Change], bool]:
    """Predicate: the change carries a revision of this kind."""
    return lambda _cmp, change: any(r.kind is kind for r in change.revisions)


SIGNIFICANT: tuple[tuple[str, Callable[[Comparison, Change], bool], RevisionKind | None], ...] = (
    ("Dropped commitments", is_dropped_commitment, None),
    ("Weakened wording", has_revision(RevisionKind.WEAKENED), RevisionKind.WEAKENED),
    ("Changed targets", has_revision(RevisionKind.TARGET_CHANGED), RevisionKind.TARGET_CHANGED),
    ("Narrowed scope", has_revision(RevisionKind.SCOPE_NARROWED), RevisionKind.SCOPE_NARROWED),
    ("Changed agencies", has_revision(RevisionKind.AGENCY_CHANGED), RevisionKind.AGENCY_CHANGED),
)
"""Groups of significant changes: title, test, and the revision kind whose evidence is shown."""


def snippet(cmp: Comparison, change: Change, limit: int = 90) -> str:
    """The change's text, shortened: the new wording, or the old one when nothing is new."""
    doc, ids = (cmp.new, change.new) if change.new else (cmp.old, change.old)
    return clip("".join(doc.clause(i).text for i in ids), limit)


UNRELIABLE_MARK = " ⚠ numbers unreliable"


def evidence(cmp: Comparison, change: Change, kind: RevisionKind | None) -> str:
    """The evidence shown for a significant change, marked when its numbers are unreliable."""
    text = clip(evidence_text(change, kind), 160) if kind else ""
    olds = (cmp.old.clause(i) for i in change.old)
    news = (cmp.new.clause(j) for j in change.new)
    if any(not c.facts.numbers_reliable for c in (*olds, *news)):
        return (text + UNRELIABLE_MARK).strip()
    return text


def significant_groups(cmp: Comparison, rows: tuple[RowView, ...]) -> tuple[SignificantGroup, ...]:
    """The groups of significant changes in reading order, empty groups left out."""
    main_rows = [
        r for r in rows if r.role != ORIGINAL and not cmp.heading_only(cmp.changes[r.change])
    ]
    groups = []
    for title, test, kind in SIGNIFICANT:
        hits = [r for r in main_rows if test(cmp, cmp.changes[r.change])]
        items = tuple(
            SignificantItem(
                "#" + r.anchor,
                snippet(cmp, cmp.changes[r.change]),
                evidence(cmp, cmp.changes[r.change], kind),
            )
            for r in hits[:SIGNIFICANT_LIMIT]
        )
        if items:
            rev = kind.value if kind else ""
            only = "" if kind else ChangeKind.DROPPED.value
            groups.append(SignificantGroup(title, items, len(hits) - len(items), only, rev))
    return tuple(groups)


@dataclass(frozen=True)
class PairView:
    """Everything the pair template draws."""

    old: DocView
    new: DocView
    rows: tuple[RowView, ...]
    kind_counts: tuple[tuple[str, int], ...]
    revision_counts: tuple[tuple[str, str, int], ...]
    section_kinds: tuple[str, ...]
    """Kinds present in the new text, the columns of the by-section table."""
    by_section: tuple[tuple[str, tuple[int, ...]], ...]
    dropped_by_section: tuple[tuple[str, int], ...]
    significant: tuple[SignificantGroup, ...]
    old_sections: tuple[SectionLink, ...]
    new_sections: tuple[SectionLink, ...]
    notes: tuple[str, ...]
    changed: int
    """Number of changes other than `unchanged` (headings apart)."""
    headings: int = 0
    """Number of changes to headings only, counted apart from the commitments."""
    candidates: dict[int, tuple[str, tuple[CandidateView, ...]]] = field(default_factory=dict)
    """Change index → (`possible successors` or `possible origins`, their views)."""


def pair_view(cmp: Comparison) -> PairView:
    """Map a comparison to the view the pair template draws."""
    rows, (old_side, new_side) = build_rows(cmp)
    table = section_counts(cmp, rows)
    totals = sum(table.values(), Counter())
    kinds = tuple(k.value for k in KIND_ORDER if totals[k.value])
    summary = cmp.summary(headings=False)
    return PairView(
        old=doc_view(cmp.old),
        new=doc_view(cmp.new),
        rows=rows,
        kind_counts=tuple(summary.items()),
        revision_counts=revision_counts(cmp),
        section_kinds=kinds,
        by_section=tuple((s, tuple(c[k] for k in kinds)) for s, c in table.items()),
        dropped_by_section=dropped_counts(cmp, rows),
        significant=significant_groups(cmp, rows),
        old_sections=old_side.links(),
        new_sections=new_side.links(),
        notes=cmp.notes,
        changed=sum(n for k, n in summary.items() if k != ChangeKind.UNCHANGED.value),
        headings=cmp.heading_changes(),
        candidates=candidates(cmp),
    )


def candidates(cmp: Comparison) -> dict[int, tuple[str, tuple[CandidateView, ...]]]:
    """The possible successors and origins of each dropped and new change, by change index."""
    return {
        k: (label(ch), candidate_views(ch, cmp.old, cmp.new))
        for k, ch in enumerate(cmp.changes)
        if ch.successors or ch.origins
    }
