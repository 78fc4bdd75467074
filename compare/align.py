"""Stage 4, align: link clauses of two documents by meaning. (Interim minimal version.)"""

from __future__ import annotations

from rapidfuzz import fuzz

from compare.model import Document, Link, Settings


def align(old: Document, new: Document, settings: Settings) -> tuple[Link, ...]:
    """Exact keys first, then greedy fuzzy matching of what is left."""
    links: list[Link] = []
    by_key: dict[str, list[str]] = {}
    for c in new.clauses:
        by_key.setdefault(c.key, []).append(c.id)
    used_new: set[str] = set()
    rest_old = []
    for c in old.clauses:
        ids = [i for i in by_key.get(c.key, []) if i not in used_new]
        if ids:
            used_new.add(ids[0])
            links.append(Link((c.id,), (ids[0],), 1.0, "exact"))
        else:
            rest_old.append(c)
    rest_new = [c for c in new.clauses if c.id not in used_new]
    for c in rest_old:
        best, score = None, settings.match_threshold * 100
        for d in rest_new:
            if d.id in used_new:
                continue
            s = fuzz.ratio(c.key, d.key)
            if s > score:
                best, score = d, s
        if best is not None:
            used_new.add(best.id)
            links.append(Link((c.id,), (best.id,), score / 100, "fuzzy"))
    return tuple(links)
