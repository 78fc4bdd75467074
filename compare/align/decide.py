"""The calibrated decision: link on strong combined evidence, list the rest as possible
successors and origins."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import field
from functools import partial

from compare.align.evidence import Space, evidence, features, grown, held_features
from compare.align.ranking import Ranked, Ranking, forget_indexes, ranked
from compare.align.sections import SectionMap, align_sections
from compare.model import Clause, Counterpart, Evidence, Link, Settings, record
from compare.parallel import fork_map, no_follow_up

SUCCESSOR_FLOOR = 0.05
"""A clause of the other side is listed only when its score reaches this (some rare content)."""
OUTSIDE_SECTIONS = 0.5
"""A possible successor or origin outside the aligned sections counts this share of its score."""
RANKED = 5
"""How many likely counterparts are ranked for each unlinked clause."""
INDEX_CAP = 100
"""A feature held by more clauses than this (or than 5% of them) proposes no candidates."""
MIN_CHARS = 8
"""Both clauses of an evidence link hold at least this many characters (letters and CJK): a
short list item (（四）资本、基金的增减) shares too little to tell its counterpart by evidence."""
VOTES_PER_CLAUSE = 3
"""How many of them vote for the section alignment."""


@record(slots=False, eq=False)
class Context:
    """Two documents' evidence: the feature space, rankings of unlinked clauses, sections."""

    old: Sequence[Clause]
    new: Sequence[Clause]
    space: Space
    forward: Ranking
    """Each unlinked old clause's likely successors (over every new clause)."""
    backward: Ranking
    """Each unlinked new clause's likely origins (over every old clause)."""
    sections: SectionMap


_LAST: list[Context] = []
"""The context of the pair aligned last: classifying the same pair reuses it."""


def make_context(
    old: Sequence[Clause], new: Sequence[Clause], links: Iterable[Link], workers: int = 1
) -> Context:
    """Rank the counterparts of every clause no link touches, and align the sections from the
    links and those rankings (`workers`: the processes it may use, see `both_rankings`)."""
    ctx = build_context(old, new, list(links), None, workers)
    _LAST[:] = [ctx]
    return ctx


def build_context(
    old: Sequence[Clause],
    new: Sequence[Clause],
    links: list[Link],
    earlier: Context | None,
    workers: int = 1,
) -> Context:
    """`make_context`, taking from an `earlier` context of the same clause lists what its space
    holds of each clause and the rankings that still hold (a clause's ranking depends on the
    clauses taking part, those not anchored exactly, not on which are unlinked)."""
    gone, came = unlinked_indices(old, new, links)
    exact = exact_ids(links)
    sp = grown(
        earlier.space if earlier else None,
        old,
        new,
        (c.index for c in old if c.id not in exact[0]),
        (c.index for c in new if c.id not in exact[1]),
    )
    max_df = min(INDEX_CAP, max(20, (len(old) + len(new)) // 20))
    before = Ranked(earlier.space, earlier.forward, earlier.backward) if earlier else None
    apart = ranks_apart(workers, len(gone) + len(came), len(old) + len(new))
    forward, backward = both_rankings(sp, gone, came, max_df, before, apart)
    votes = link_votes(old, new, links) + candidate_votes(forward, backward)
    return Context(old, new, sp, forward, backward, align_sections(old, new, votes))


RANK_APART_FROM = 1_000
"""Queries (unlinked clauses of both sides) from which, given a second worker, one direction
is ranked in a forked process while this one ranks the other: below, the half taken off
(~0.05 s) is little more than the fork and the copy-on-write faults after it (~0.03 s)."""
RANK_APART_BELOW = 40_000
"""Clauses of both sides from which the rankings stay in this process: the worker writes the
reference counts of the feature records it reads, so the pages holding them are copied
(about 38 MB on the 5 MB pair, whose peak would reach 243–246 MB against 250)."""


def ranks_apart(workers: int, queries: int, clauses: int) -> bool:
    """Whether the two directions are ranked in two processes: given a second worker, enough
    `queries` and not too many `clauses` (`RANK_APART_FROM`, `RANK_APART_BELOW`)."""
    return workers > 1 and queries >= RANK_APART_FROM and clauses < RANK_APART_BELOW


def both_rankings(
    sp: Space,
    gone: list[int],
    came: list[int],
    max_df: int,
    before: Ranked | None,
    apart: bool = False,
) -> tuple[Ranking, Ranking]:
    """The forward ranking of the `gone` old clauses and the backward one of the `came` new
    clauses; `apart`, one of them in a forked process (the space inherited, the ranking's
    ints and floats sent back) beside the other here: each direction builds its own index,
    so the two halves share nothing."""
    rank = partial(one_way, sp, gone, came, max_df, before)
    if not apart:
        return rank(True), rank(False)
    # fork_map leaves its costliest item to the worker and takes the other here: the worker
    # gets the direction of fewer queries, since it also pays the fork and the pickling
    away = (1.0, 0.0) if len(gone) <= len(came) else (0.0, 1.0)
    forward, backward = fork_map(rank, (True, False), 2, cost=away, here=no_follow_up)
    return forward, backward


def one_way(
    sp: Space, gone: list[int], came: list[int], max_df: int, before: Ranked | None, forward: bool
) -> Ranking:
    """The forward ranking of `gone` or the backward one of `came` (`ranked`)."""
    return ranked(sp, gone if forward else came, forward, RANKED, max_df, before)


def unlinked_indices(
    old: Sequence[Clause], new: Sequence[Clause], links: Iterable[Link]
) -> tuple[list[int], list[int]]:
    """The indices of the old and of the new clauses no link touches, in reading order."""
    linked_old = {i for link in links for i in link.old}
    linked_new = {j for link in links for j in link.new}
    gone = [c.index for c in old if c.id not in linked_old]
    came = [c.index for c in new if c.id not in linked_new]
    return gone, came


def exact_ids(links: Iterable[Link]) -> tuple[frozenset[str], frozenset[str]]:
    """The ids of the old and of the new clauses of the exact links."""
    exact = [link for link in links if link.how == "exact"]
    return (
        frozenset(i for link in exact for i in link.old),
        frozenset(j for link in exact for j in link.new),
    )


def cached_context(old: Sequence[Clause], new: Sequence[Clause], links: Iterable[Link]) -> Context:
    """The context made while aligning these very clause lists, when it ranked every clause
    these links leave unlinked; else a new one (from the same space, rankings and indexes
    where the same clauses are anchored exactly, or more clauses take part).

    Align's context is made before `brackets.follow_items` re-links the agency notes, which
    it anchored exactly: when that leaves a note unlinked (the 5 MB pair: one a side), the
    context is made again, with every note taking part."""
    links = list(links)
    earlier = _LAST[0] if _LAST and _LAST[0].old is old and _LAST[0].new is new else None
    if earlier is not None:
        gone, came = unlinked_indices(old, new, links)
        if all(i in earlier.forward for i in gone) and all(j in earlier.backward for j in came):
            forget_indexes()  # nothing left to grow: their memory goes before classifying
            return earlier
    ctx = build_context(old, new, links, earlier)
    forget_indexes()
    _LAST[:] = [ctx]
    return ctx


def forget_context(memos: bool = False) -> None:
    """Release the remembered context (its documents may be large) and the indexes kept for
    it, and with `memos` the features remembered by clause key (on a large pair as much again
    as the context)."""
    _LAST.clear()
    forget_indexes()
    if memos:
        features.cache_clear()
        held_features.cache_clear()


def link_votes(
    old: Sequence[Clause], new: Sequence[Clause], links: Iterable[Link]
) -> list[tuple[int, int, float]]:
    """Each link's clauses as (old index, new index, weight 1) votes for their sections."""
    oi = {c.id: c.index for c in old}
    ni = {c.id: c.index for c in new}
    return [(oi[a], ni[b], 1.0) for link in links for a in link.old for b in link.new]


def candidate_votes(forward: Ranking, backward: Ranking) -> list[tuple[int, int, float]]:
    """The best few counterparts of each unlinked clause, weighted by their scores."""
    votes = [(i, j, s) for i, f in forward.items() for j, s, _ in f[:VOTES_PER_CLAUSE]]
    return votes + [(i, j, s) for j, f in backward.items() for i, s, _ in f[:VOTES_PER_CLAUSE]]


def evidence_links(ctx: Context, settings: Settings) -> list[Link]:
    """One-to-one links between unlinked clauses whose combined evidence is strong: the
    unlinked clause first among the old clause's possible successors (how much of it each
    carries, `OUTSIDE_SECTIONS` of that outside the aligned sections), with a clear
    lead over every other candidate and a score reaching the threshold."""
    free = set(ctx.backward)
    proposals = []
    for i, proposed in ctx.forward.items():
        weighed = ((j, section_weight(ctx, i, j) * share) for j, _, share in proposed)
        found = sorted(weighed, key=lambda e: (-e[1], e[0]))
        best = next(((j, s) for j, s in found if j in free), None)
        if best and is_strong(ctx, i, best, found, settings):
            proposals.append((-best[1], i, best[0]))
    used: set[int] = set()
    links = []
    for neg, i, j in sorted(proposals):
        if j not in used:
            used.add(j)
            links.append(Link((ctx.old[i].id,), (ctx.new[j].id,), round(-neg, 4), "evidence"))
    return links


def is_strong(
    ctx: Context, i: int, best: tuple[int, float], found: list[tuple[int, float]], st: Settings
) -> bool:
    """Score at the threshold or above, a lead over the runner-up (any proposed clause, linked
    ones too: a new clause that carries the old one as well as a linked one leaves it open),
    and both clauses long enough to tell."""
    j, s = best
    runner = max((x for k, x in found if k != j), default=0.0)
    long_enough = min(len(ctx.space.old[i].key), len(ctx.space.new[j].key)) >= MIN_CHARS
    return s >= st.evidence_score and s - runner >= st.evidence_margin and long_enough


def section_weight(ctx: Context, i: int, j: int) -> float:
    """1 when the two clauses sit in aligned sections, else `OUTSIDE_SECTIONS`."""
    return 1.0 if together(ctx, i, j) else OUTSIDE_SECTIONS


def successors_and_origins(
    ctx: Context, dropped: Iterable[int], added: Iterable[int], limit: int, explained: bool = True
) -> tuple[dict[str, tuple[Counterpart, ...]], dict[str, tuple[Counterpart, ...]]]:
    """Possible successors (new clauses) of the dropped old clauses and possible origins (old
    clauses) of the new ones, by clause id, best first: never links, only what to read next
    (not `explained`: with empty evidence, for a listing of ids and scores only)."""
    if not limit:
        return {}, {}
    added = list(added)
    seen = Seen(set(added))  # a successor that is itself new may list the old clause again
    memo = PairMemo(ctx) if explained else Unexplained(ctx)
    succ = {
        ctx.old[i].id: listed(
            ctx,
            carried(ctx, [(i, j, c) for j, _, c in ctx.forward.get(i, [])])[:limit],
            1,
            seen,
            memo,
        )
        for i in dropped
    }
    orig = {
        ctx.new[j].id: listed(
            ctx,
            carried(ctx, [(i, j, c) for i, _, c in ctx.backward.get(j, [])])[:limit],
            0,
            seen,
            memo,
        )
        for j in added
    }
    return succ, orig


@record(slots=False)
class Seen:
    """The evidence of the listed (old, new) pairs whose new clause is listed later."""

    later: set[int]
    """The new clauses whose origins are listed after every successor."""
    evidence: dict[tuple[int, int], Evidence] = field(default_factory=dict)


class PairMemo:
    """What the space says of a pair of clauses (`evidence`), kept by the two clauses' keys:
    a clause's features follow from its key and whether it is a title, and a long document
    repeats passages, so many pairs of clauses are one pair of keys."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.evidence: dict[tuple[str, bool, str, bool, bool], Evidence] = {}

    def key(self, i: int, j: int) -> tuple[str, bool, str, bool]:
        """The keys and title flags of old clause `i` and new clause `j`."""
        sp = self.ctx.space
        return (self.ctx.old[i].key, sp.old[i].title, self.ctx.new[j].key, sp.new[j].title)

    def evidence_of(self, i: int, j: int, same_section: bool = False) -> Evidence:
        """`evidence` of the pair."""
        k = (*self.key(i, j), same_section)
        found = self.evidence.get(k)
        if found is None:
            found = self.evidence[k] = evidence(self.ctx.space, i, j, same_section)
        return found


class Unexplained(PairMemo):
    """A memo that describes no pair: every counterpart listed through it has empty evidence."""

    def evidence_of(self, i: int, j: int, same_section: bool = False) -> Evidence:
        """No evidence (the listing shows only ids and scores)."""
        return NO_EVIDENCE


NO_EVIDENCE = Evidence()


def carried(
    ctx: Context, shares: Iterable[tuple[int, int, float]]
) -> list[tuple[int, int, float, bool]]:
    """The proposed (old, new) pairs ranked by how much of the old clause the new one carries
    (`shares`: each pair with its `Space.carried`, as the rankings hold it), `OUTSIDE_SECTIONS`
    of it when the two sit in sections not aligned, best first (ties: reading order): what a
    reader looks through after a drop. Each pair comes with whether its sections are aligned
    (`together`), which its evidence records."""
    kept = [
        (i, j, s if same else s * OUTSIDE_SECTIONS, same)
        for i, j, s in shares
        if s >= SUCCESSOR_FLOOR  # some rare content, wherever they sit
        for same in (together(ctx, i, j),)
    ]
    return sorted(kept, key=lambda e: (-e[2], e[0], e[1]))


def listed(
    ctx: Context,
    found: list[tuple[int, int, float, bool]],
    side: int,
    seen: Seen | None = None,
    memo: PairMemo | None = None,
) -> tuple[Counterpart, ...]:
    """Scored pairs (old index, new index, score, whether their sections are aligned, as
    `carried` gives them) as counterparts on one side (0 old, 1 new), with their evidence
    (kept in `seen` for a pair listed again later)."""
    other = ctx.new if side else ctx.old
    known = seen.evidence if seen else {}
    shared = memo.evidence_of if memo else partial(evidence, ctx.space)
    out = []
    for i, j, s, same in found:
        ev = known.pop((i, j), None) if side == 0 else None
        if ev is None:
            ev = shared(i, j, same)
            if side and seen and j in seen.later:
                known[(i, j)] = ev
        out.append(Counterpart(other[j if side else i].id, round(s, 4), ev))
    return tuple(out)


def together(ctx: Context, i: int, j: int) -> bool:
    """True when the old and the new clause sit in aligned sections."""
    return ctx.sections.together(ctx.old[i], ctx.new[j])
