"""Questions asked of a timeline: which threads mention X, and what became of a thread."""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from compare.clean.keys import comparison_key
from compare.model import Change, ChangeKind, Clause, Thread, Timeline
from compare.timeline.threads import document_date

EVENT_VERBS = {
    ChangeKind.REVISED: "revised",
    ChangeKind.SPLIT: "split",
    ChangeKind.MERGED: "joined by others",
    ChangeKind.MOVED: "moved",
}
"""How `fate` words a step's arrival; unchanged steps are not mentioned."""


class HistoryEntry(NamedTuple):
    """A thread in one version: its clauses there and the change that brought it (or took it)."""

    version: int
    clauses: tuple[Clause, ...]
    change: Change | None


def version_labels(timeline: Timeline) -> tuple[str, ...]:
    """A short name per version: its year, or year-month when two versions share a year."""
    dates = [document_date(d) for d in timeline.documents]
    years = Counter(d[:4] for d in dates if d)
    return tuple(
        (d[:7] if years[d[:4]] > 1 else d[:4]) if d else f"v{i + 1}" for i, d in enumerate(dates)
    )


def step_wording(timeline: Timeline, thread: Thread, version: int) -> str:
    """The thread's clause texts in one version, joined ('' when absent)."""
    doc = timeline.documents[version]
    return "".join(doc.clause(i).text for i in thread.steps[version].clauses)


def find_threads(timeline: Timeline, text: str) -> list[Thread]:
    """Threads whose wording in any version contains `text` (compared in simplified key form)."""
    needle = comparison_key(text)
    if not needle:
        return []
    return [t for t in timeline.threads if any(needle in w for w in _keys(timeline, t))]


def _keys(timeline: Timeline, thread: Thread) -> list[str]:
    """The thread's comparison keys per present version, each step's clauses joined."""
    return [
        "".join(timeline.documents[s.version].clause(i).key for i in s.clauses)
        for s in thread.steps
        if s.clauses
    ]


def _change_index(timeline: Timeline) -> list[tuple[dict[str, Change], dict[str, Change]]]:
    """Per comparison: clause id to its change, for old ids and for new ids (cached)."""
    cache = timeline.__dict__.get("_change_index")
    if cache is None:
        cache = [
            (
                {o: ch for ch in cmp.changes for o in ch.old},
                {n: ch for ch in cmp.changes for n in ch.new},
            )
            for cmp in timeline.comparisons
        ]
        object.__setattr__(timeline, "_change_index", cache)
    return cache


def _arrival(timeline: Timeline, thread: Thread, v: int, previous: int | None) -> Change | None:
    """The change that brought the thread into version v (made up for a bridged gap)."""
    step = thread.steps[v]
    if step.bridged and previous is not None:
        old = thread.steps[previous].clauses
        return Change(step.kind or ChangeKind.REVISED, old, step.clauses, step.similarity)
    return _change_index(timeline)[v - 1][1].get(step.clauses[0]) if v else None


def _departure(timeline: Timeline, thread: Thread, v: int) -> Change | None:
    """The change that took the thread's clauses of version v-1 away (dropped or merged)."""
    by_old = _change_index(timeline)[v - 1][0]
    return next((by_old[i] for i in thread.steps[v - 1].clauses if i in by_old), None)


def thread_history(timeline: Timeline, thread: Thread) -> list[HistoryEntry]:
    """One entry per version: the clauses there and the change that brought or ended them.

    A present version carries the change that linked it to the version before (`new` where
    it first appears after the first version; for a reappearance after a gap, a change made
    up from the last wording before the gap, whose old ids belong to that earlier version); the
    version right after its last appearance carries the change that dropped or merged it;
    other absent versions carry None.
    """
    out: list[HistoryEntry] = []
    previous: int | None = None
    for v, step in enumerate(thread.steps):
        doc = timeline.documents[v]
        clauses = tuple(doc.clause(i) for i in step.clauses)
        if clauses:
            change = _arrival(timeline, thread, v, previous)
            previous = v
        elif previous == v - 1 and v > 0:
            change = _departure(timeline, thread, v)
        else:
            change = None
        out.append(HistoryEntry(v, clauses, change))
    return out


def _join(names: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def fate(thread: Thread, timeline: Timeline | None = None) -> str:
    """What became of a commitment, in words: `revised in 2019 and 2021; carried to the end`.

    Versions are named by year when a timeline is given, else `version 1`, `version 2`, … .
    """
    n = len(thread.steps)
    names = version_labels(timeline) if timeline else tuple(f"version {i + 1}" for i in range(n))
    present = [s.version for s in thread.steps if s.clauses]
    if not present:
        return "never present"
    first, last = present[0], present[-1]
    parts = [f"new in {names[first]}"] if first > 0 else []
    gaps = [names[v] for v in range(first, last) if not thread.steps[v].clauses]
    if gaps:
        parts.append(f"not covered by {_join(gaps)}")
    events: dict[str, list[str]] = {}
    for v in present[1:]:
        verb = EVENT_VERBS.get(thread.steps[v].kind)
        if verb:
            events.setdefault(verb, []).append(names[v])
    parts += [f"{verb} in {_join(hits)}" for verb, hits in events.items()]
    if last == n - 1:
        parts.append("carried to the end")
    elif thread.merged_into:
        parts.append(f"merged into {thread.merged_into} in {names[last + 1]}")
    else:
        parts.append(f"dropped in {names[last + 1]}")
    return "; ".join(parts)
