"""Indexed retrieval over the evidence space: each unlinked clause's likely counterparts."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from compare.align.evidence import Held, Space
from compare.model import record


class Index:
    """An inverted index over one side's features: the best-scoring clauses for a query."""

    def __init__(self, sp: Space, side: dict[int, Held], max_df: int) -> None:
        postings: dict[int, list[int]] = defaultdict(list)
        for k, h in side.items():
            for f in h.ids:
                postings[f].append(k)
        self.over = {f: len(ks) for f, ks in postings.items() if len(ks) > max_df}
        """Feature id → how many clauses hold it, for the features held too often to index."""
        for f in self.over:
            del postings[f]
        postings.default_factory = None  # a plain mapping from here on
        self.postings = postings
        """Feature id → the clauses holding it (only features held `max_df` times or fewer)."""
        self.max_df = max_df
        self.names = sp.names
        self.squares = sp.squares

    def propose(self, query: Held, limit: int) -> list[int]:
        """The `limit` clauses sharing most indexed weight with `query` (ties: reading order)."""
        acc: dict[int, float] = defaultdict(float)
        found = self.postings.keys() & query.ids  # tested one by one: no set made
        for f in sorted(found, key=self.names.__getitem__):  # one order of float additions
            w = self.squares[f]
            for k in self.postings[f]:
                acc[k] += w
        return best_keys(acc, limit)

    def moved(self, before: dict[int, Held], now: dict[int, Held]) -> set[int]:
        """The features whose postings differ from those of an index over `before` (the same
        side, other clauses taking part; `now` is what this index holds)."""
        change: Counter[int] = Counter()
        for k, h in now.items():
            if before.get(k) is not h:
                change.update(h.ids)
        for k, h in before.items():
            if now.get(k) is not h:
                change.subtract(h.ids)
        held, max_df = self.held_by, self.max_df
        return {f for f, d in change.items() if held(f) - max(d, 0) <= max_df}

    def grown(self, sp: Space, before: dict[int, Held], now: dict[int, Held]) -> bool:
        """Turn this index over `before` into the one over `now` (the same side of a grown
        space, `sp`): the clauses that joined are added, and a feature they push over the cap
        leaves the postings. False, and nothing changed, when a clause left or changed."""
        if any(now.get(k) is not h for k, h in before.items()):
            return False
        postings, over, max_df = self.postings, self.over, self.max_df
        for k in now.keys() - before.keys():
            for f in now[k].ids:
                ks = postings.get(f)
                if ks is not None:
                    ks.append(k)
                    if len(ks) > max_df:
                        over[f] = len(postings.pop(f))
                elif f in over:
                    over[f] += 1
                else:
                    postings[f] = [k]
        self.names, self.squares = sp.names, sp.squares
        return True

    def held_by(self, f: int) -> int:
        """How many clauses hold feature `f`, indexed or not."""
        ks = self.postings.get(f)
        return self.over.get(f, 0) if ks is None else len(ks)


def best_keys(acc: dict[int, float], limit: int) -> list[int]:
    """The `limit` keys of highest value, best first (ties: the lower key first), as
    `heapq.nlargest` over (value, -key) gives them: the values sorted in C give the floor,
    and only the few keys reaching it are sorted by a key function."""
    if len(acc) > limit > 0:
        floor = sorted(acc.values())[-limit]
        keys = [k for k, v in acc.items() if v >= floor]
    else:
        keys = list(acc)
    keys.sort(key=lambda k: (-acc[k], k))
    return keys[:limit]


Ranking = dict[int, list[tuple[int, float, float]]]
"""Clause index → the other side's best clause indices, best first, each with its score and how
much of the old clause the new one carries (`Space.carried`: both from one shared weight)."""


@record(slots=False)
class Ranked:
    """Rankings made over an earlier space of the same documents."""

    space: Space
    forward: Ranking
    backward: Ranking


def ranked(
    sp: Space,
    queries: Iterable[int],
    forward: bool,
    limit: int,
    max_df: int,
    earlier: Ranked | None = None,
) -> Ranking:
    """For each query clause (old when `forward`, else new) the clauses of the other side the
    index proposes (twice `limit`), scored in full, best first (the first `limit` are its best
    counterparts; the rest let a listing re-rank them, see `Space.carried`).
    A title heading is proposed only for a title heading, body text only for body text.
    A query ranked `earlier` keeps its ranking when neither it nor the postings of its
    features changed since."""
    side = sp.new if forward else sp.old
    asked = sp.old if forward else sp.new
    norm = sp.new_norm if forward else sp.old_norm
    index = index_over(sp, side, max_df, forward, earlier)
    known = still_valid(index, sp, forward, earlier)
    out: Ranking = {}
    alike_held: dict[tuple[bytes, bool], list[tuple[int, float, float]]] = {}
    for q in queries:
        if q in known:
            out[q] = known[q]
            continue
        query = asked[q]
        # a clause holding the very features of one ranked already (a repeated sentence) has
        # its ranking: proposals and scores follow from the features and the title alone
        features = (query.ids.tobytes(), query.title)
        scored = alike_held.get(features)
        if scored is None:
            proposed = index.propose(query, 2 * limit)
            alike = [k for k in proposed if norm[k] and side[k].title == query.title]
            scored = sp.measured(q, alike, forward)
            scored.sort(key=lambda e: (-e[1], e[0]))
            alike_held[features] = scored
        out[q] = scored[:]
    return out


_BUILT: dict[bool, tuple[dict[int, Held], Index]] = {}
"""The index each direction's last ranking used, with the side it indexes: a context made
again over more clauses of the same pair (classify's, `decide.cached_context`, which then
releases them) grows it by the clauses that joined instead of indexing every clause anew."""


def index_over(
    sp: Space, side: dict[int, Held], max_df: int, forward: bool, earlier: Ranked | None
) -> Index:
    """The index of `side`: the last one of this direction grown, where it was made over
    the `earlier` space's side, else a new one."""
    last = _BUILT.pop(forward, None)
    before = (earlier.space.new if forward else earlier.space.old) if earlier else None
    if last and last[0] is before and last[1].max_df == max_df:
        index = last[1]
        if not index.grown(sp, before, side):
            index = Index(sp, side, max_df)
    else:
        index = Index(sp, side, max_df)
    _BUILT[forward] = (side, index)
    return index


def forget_indexes() -> None:
    """Release the indexes kept for a grown space."""
    _BUILT.clear()


def still_valid(index: Index, sp: Space, forward: bool, earlier: Ranked | None) -> Ranking:
    """The earlier rankings that hold in `sp` too: the query clause kept as it was, and none
    of its features' postings in `index` changed."""
    if earlier is None:
        return {}
    before = earlier.space
    moved = index.moved(before.new if forward else before.old, sp.new if forward else sp.old)
    asked, asked_before = (sp.old, before.old) if forward else (sp.new, before.new)
    ranking = earlier.forward if forward else earlier.backward
    return {
        q: r
        for q, r in ranking.items()
        if asked.get(q) is asked_before.get(q) is not None and moved.isdisjoint(asked[q].ids)
    }
