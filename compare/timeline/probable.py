"""Probable continuations: where a thread that ends may go on, from the possible successors of
its dropped clause (shown apart from links, which are certain)."""

from __future__ import annotations

from compare.model import ChangeKind, Continuation, Thread, Timeline

FLOOR = 0.1
"""A possible successor marks a probable continuation only when its score reaches this."""


def continuations(tl: Timeline) -> dict[str, Continuation]:
    """Thread id → its probable continuation, for threads that end before the last version
    while their dropped clause lists a possible successor."""
    holder = thread_of_clause(tl.threads)
    dropped = [
        {i: ch for ch in cmp.changes if ch.kind is ChangeKind.DROPPED for i in ch.old}
        for cmp in tl.comparisons
    ]
    out: dict[str, Continuation] = {}
    for t in tl.threads:
        last = max((s.version for s in t.steps if s.clauses), default=-1)
        if t.merged_into or last < 0 or last + 1 >= len(tl.documents):
            continue
        ch = next(filter(None, map(dropped[last].get, t.steps[last].clauses)), None)
        if ch is not None and ch.successors:
            best = ch.successors[0]
            other = holder.get((last + 1, best.id), "")
            if other and other != t.id and best.score >= FLOOR:
                out[t.id] = Continuation(t.id, last + 1, other, best.id, best.score)
    return out


def thread_of_clause(threads: tuple[Thread, ...]) -> dict[tuple[int, str], str]:
    """(version, clause id) → id of the thread holding that clause."""
    return {(s.version, c): t.id for t in threads for s in t.steps for c in s.clauses}
