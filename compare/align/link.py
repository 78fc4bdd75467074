"""Stage 4, align: link clauses of two documents by meaning (exact anchors, then indexed fuzzy)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import field
from functools import partial
from typing import TypeVar

from rapidfuzz import fuzz

from compare.align.anchors import anchor_exact, numeral_twins
from compare.align.brackets import follow_items
from compare.align.candidates import (
    Affinity,
    Profile,
    affinity,
    candidates_both_ways,
    content_key,
    forget_texts,
    idf_at,
    match_key,
    profile,
    rarity_weights,
    score_pair,
    strip_label,
    weight,
    without_list_items,
)
from compare.align.decide import evidence_links, make_context
from compare.align.evidence import is_title
from compare.align.phrases import Side, phrase_links, phrase_pairs, phrase_units
from compare.align.split import SPLIT_BELOW, SPLIT_FROM, Edge, Found, search_in_two
from compare.model import Clause, Document, Link, Settings, record

T = TypeVar("T")


@record(slots=False, frozen=False)
class _Pair:
    """What the fuzzy stage works on: both sides' leftovers with keys, bigrams and weights."""

    old: list[Clause]
    new: list[Clause]
    idf: dict[str, float]
    oprof: list[Profile] = field(default_factory=list)
    nprof: list[Profile] = field(default_factory=list)
    scores: dict[tuple[int, int], Affinity] = field(default_factory=dict)
    dormant: set[tuple[int, int]] = field(default_factory=set)
    """Proposed pairs sharing too little weight for any test that links (not scored)."""
    bare_cache: dict[tuple[int, int], Profile] = field(default_factory=dict)
    profiles: dict[str, Profile] = field(default_factory=dict)
    affinities: dict[tuple[Profile, Profile, float], Affinity] = field(default_factory=dict)

    def profile(self, key: str) -> Profile:
        """The profile of a clause key, made once per distinct key (repeated sentences share)."""
        p = self.profiles.get(key)
        if p is None:
            p = self.profiles[key] = profile(key, self.idf)
        return p

    def score(
        self,
        po: Profile,
        pn: Profile,
        unit_floor: float = 0.0,
        shared: float | None = None,
        ratio: float | None = None,
    ) -> Affinity:
        """`score_pair` of two profiles, computed once per pair of distinct profiles
        (`shared`: the weight of the bigrams they share, and `ratio`, their keys', when known)."""
        k = (po, pn, unit_floor)
        s = self.affinities.get(k)
        if s is None:
            if shared is not None and ratio is not None:
                s = affinity(po, pn, self.idf, unit_floor, shared, ratio)
            else:
                s = score_pair(po, pn, self.idf, unit_floor, shared)
            self.affinities[k] = s
        return s

    def bare(self, side: list[Profile], k: int) -> Profile:
        """A leftover's profile without the places listed in its enumerations (cached)."""
        key = (id(side), k)
        if key not in self.bare_cache:
            clauses = self.old if side is self.oprof else self.new
            self.bare_cache[key] = self.profile(without_list_items(clauses[k].key))
        return self.bare_cache[key]


@record(slots=False, frozen=False)
class _Group:
    """A link under construction: old and new indices into the leftovers."""

    old: list[int]
    new: list[int]
    how: str


def align(
    old: Document, new: Document, settings: Settings, *, forget: bool = True, workers: int = 1
) -> tuple[Link, ...]:
    """Link clauses: identical keys first, then candidate pairs by rare shared content
    (`forget=False`: keep the memory of keys and bigrams for a caller that aligns the same
    clauses again, and calls `forget_texts` itself when done; `workers`: the processes the
    stage may use, `parallel.worker_count`'s answer)."""
    okeys = [anchor_key(c) for c in old.clauses]
    nkeys = [anchor_key(c) for c in new.clauses]
    exact, _, _ = anchor_exact(okeys, nkeys)
    exact, twins = numeral_twins(okeys, nkeys, exact)
    links = [Link((old.clauses[i].id,), (new.clauses[j].id,), 1.0, "exact") for i, j in exact]
    links += [
        Link((old.clauses[i].id,), (new.clauses[j].id,), similarity(okeys[i], nkeys[j]), "numbers")
        for i, j in twins
    ]
    paired_old = {i for i, _ in exact} | {i for i, _ in twins}
    paired_new = {j for _, j in exact} | {j for _, j in twins}
    rest_old = [i for i in range(len(okeys)) if i not in paired_old]
    rest_new = [j for j in range(len(nkeys)) if j not in paired_new]
    if rest_old and rest_new:
        idf, n = rarity_weights([*okeys, *nkeys])
        left_old = [old.clauses[i] for i in rest_old]
        left_new = [new.clauses[j] for j in rest_new]
        sides = (side_text(old), side_text(new))
        links += fuzzy_links(left_old, left_new, idf, n, settings, sides, workers)
        if forget and len(okeys) + len(nkeys) >= EARLY_FORGET:
            forget_texts()
    if settings.evidence_score and len(links) < min(len(old.clauses), len(new.clauses)):
        links += evidence_links(make_context(old.clauses, new.clauses, links, workers), settings)
    if forget:
        forget_texts()
    return follow_items(old, new, links)


EARLY_FORGET = 20_000
"""Clauses of both sides from which the fuzzy stage's keys and bigram sets are released as
soon as it ends, not after the evidence context: the context then does not sit on them (the
5 MB pair's peak 8 MB lower), at the price of making again those the context reads (about
5% of the align stage's CPU, so smaller pairs keep them)."""


def similarity(a: str, b: str) -> float:
    """rapidfuzz's ratio of two keys, 0..1."""
    return round(fuzz.ratio(a, b) / 100, 4)


def anchor_key(c: Clause) -> str:
    """The match key, or for a clause of punctuation only (`“”`, `---`) its key as written."""
    return match_key(c.key) or (f"\0{c.key}" if c.key.strip() else "")


def side_text(doc: Document) -> Side:
    """Every clause's content key, searched for a phrase's other uses (joined on first use)."""
    return Side(lambda: map(content_key, (c.key for c in doc.clauses)))


def fuzzy_links(
    old: list[Clause],
    new: list[Clause],
    idf: dict[str, float],
    n: int,
    settings: Settings,
    sides: tuple[Side, Side] | None = None,
    workers: int = 1,
) -> list[Link]:
    """Match what exact anchoring left (`n` clauses weighed in all): one-to-one, then groups,
    then shared rare phrases (`sides`: each whole document, to tell a rare phrase from a
    formula; `workers`: the processes the candidate search and scoring may use, on pairs
    of fewer than `SPLIT_BELOW` clauses)."""
    pair = _Pair(old=old, new=new, idf=idf)
    pair.oprof = [pair.profile(c.key) for c in old]
    pair.nprof = [pair.profile(c.key) for c in new]
    max_df = max(settings.index_max_df, int(n * settings.index_max_df_share))
    min_idf = idf_at(n, min(max_df, settings.index_max_df_cap))
    phrasing = bool(settings.min_phrase and sides)
    aside = partial(phrase_pairs_of, pair, settings.min_phrase) if phrasing else None
    helpers = workers if n < SPLIT_BELOW else 1
    pairs = score_candidates(pair, settings.candidate_limit, min_idf, settings, helpers, aside)
    groups = assign_one_to_one(pair, settings)
    groups = attach_leftovers(pair, groups, settings)
    if phrasing and sides:
        groups = link_by_phrases(pair, groups, settings, sides, pairs)
    return [to_link(pair, g) for g in groups]


def score_candidates(
    pair: _Pair,
    limit: int,
    min_idf: float,
    settings: Settings,
    workers: int = 1,
    aside: Callable[[], T] | None = None,
) -> T | None:
    """Score the pairs proposed by the inverted index, in both directions; a pair sharing
    less weight than any linking test needs is only noted (`dormant`). With `workers`, a
    large pair's search and scoring are shared with a forked worker (`split`), which then
    also runs `aside` and returns its answer (None when no worker ran)."""
    if workers > 1 and len(pair.old) + len(pair.new) >= SPLIT_FROM:
        floors = (linking_floor(settings), settings.min_contained_weight)
        reads = partial(reads_part, pair, settings)
        got = search_in_two(pair.oprof, pair.nprof, pair.idf, limit, min_idf, floors, reads, aside)
        if got is not None:
            edges, found, answer = got
            keep_scores(pair, edges, found, settings)
            return answer
    ograms = [p.grams for p in pair.oprof]
    ngrams = [p.grams for p in pair.nprof]
    forward, backward = candidates_both_ways(ograms, ngrams, pair.idf, limit, min_idf)
    edges = {(i, j) for i, js in forward.items() for j in js}
    edges |= {(i, j) for j, is_ in backward.items() for i in is_}
    keep_scores(pair, edges, {}, settings)
    return None


def keep_scores(
    pair: _Pair, edges: set[Edge], found: dict[Edge, Found], settings: Settings
) -> None:
    """Score the proposed pairs, or note as `dormant` those sharing less weight than any
    linking test needs (`found`: what some of them share, their keys' ratio and best unit,
    found elsewhere)."""
    floor = linking_floor(settings)
    for i, j in sorted(edges):
        po, pn = pair.oprof[i], pair.nprof[j]
        got = found.get((i, j)) or (weight(po.grams & pn.grams, pair.idf), None, None)
        shared, ratio, part = got
        if shared < floor:
            pair.dormant.add((i, j))
        else:
            s = pair.scores[(i, j)] = pair.score(
                po, pn, settings.min_contained_weight, shared, ratio
            )
            if part is not None:
                s.known_part(part)


def reads_part(pair: _Pair, settings: Settings, i: int, j: int, s: Affinity) -> bool:
    """True when `assign_one_to_one` will read the scored pair's best unit: not a whole
    match, and tested for containment as far as the unit (`contains_beyond_lists`: not
    contained whole)."""
    return (
        not is_whole_match(s, settings)
        and s.shared >= containment_floor(settings, True)
        and s.dice >= settings.unit_min_dice
        and not is_wholly_contained(s, settings)
        and may_contain(pair, i, j)
    )


def phrase_pairs_of(pair: _Pair, min_len: int) -> set[tuple[int, int]]:
    """The leftover pairs `link_by_phrases` looks into (`phrases.phrase_pairs`)."""
    return phrase_pairs(*phrase_units_of(pair), min_len)


def phrase_units_of(
    pair: _Pair, needed: tuple[set[int], set[int]] | None = None
) -> list[list[tuple[str, ...]]]:
    """Each leftover's phrase units, by side (with `needed`: only those leftovers' by
    side, the others left empty)."""
    sides = (pair.oprof, pair.nprof)
    if needed is None:
        return [[phrase_units(strip_label(p.text)) for p in side] for side in sides]
    return [
        [phrase_units(strip_label(p.text)) if k in need else () for k, p in enumerate(side)]
        for side, need in zip(sides, needed, strict=True)
    ]


def linking_floor(settings: Settings) -> float:
    """The least weight a pair must share to pass any test that links it: a whole match, a
    containment (a unit shares no more than its whole clause) or a strong part."""
    return min(settings.min_shared_weight, containment_floor(settings, True))


def containment_floor(settings: Settings, strong: bool) -> float:
    """The least weight a pair must share to be contained (`strong`: or a strong part)."""
    if strong:
        return min(settings.min_contained_weight, settings.strong_unit_weight)
    return settings.min_contained_weight


def is_whole_match(s: Affinity, settings: Settings) -> bool:
    """Similar enough as whole clauses, with enough rare content in common."""
    return s.similarity >= settings.match_threshold and s.shared >= settings.min_shared_weight


def is_contained(s: Affinity, settings: Settings) -> bool:
    """One clause, or one of its sub-clause units, lies (almost) whole inside the other."""
    # the unit search last, and only when the whole clause is not contained: it runs on
    # first use (a fifth of the 5 MB pair's searches were of pairs contained whole)
    return is_wholly_contained(s, settings) or (
        s.dice >= settings.unit_min_dice
        and s.part_cover >= settings.unit_cover_threshold
        and s.part_shared >= settings.min_contained_weight
    )


def is_wholly_contained(s: Affinity, settings: Settings) -> bool:
    """One whole clause lies (almost) whole inside the other."""
    return (
        max(s.cover_old, s.cover_new) >= settings.containment_threshold
        and s.shared >= settings.min_contained_weight
    )


def is_strong_part(s: Affinity, settings: Settings) -> bool:
    """Half of a sub-clause unit or more, carrying much rare content, survives in the other."""
    return (  # the unit search last: it runs on first use
        s.dice >= settings.unit_min_dice
        and s.part_cover >= settings.strong_unit_cover
        and s.part_shared >= settings.strong_unit_weight
    )


def may_contain(pair: _Pair, i: int, j: int) -> bool:
    """Containment joins headings to headings and body text to body text; a heading that is a
    sentence (`(三)建设和林格尔新区。`: an item's first commitment) counts as body text."""
    return is_title(pair.old[i]) == is_title(pair.new[j])


def assign_one_to_one(pair: _Pair, settings: Settings) -> list[_Group]:
    """Best-first one-to-one matching over admissible edges; section and order break ties."""
    admissible = [
        (ij, s)
        for ij, s in pair.scores.items()
        if is_whole_match(s, settings) or contains_beyond_lists(pair, *ij, s, settings, True)
    ]
    titles = section_titles(pair)
    admissible.sort(key=lambda e: rank(pair, e[0], e[1], titles))
    used_old: set[int] = set()
    used_new: set[int] = set()
    groups: list[_Group] = []
    for (i, j), s in admissible:
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        groups.append(_Group([i], [j], "fuzzy" if is_whole_match(s, settings) else "containment"))
    return groups


def rank(
    pair: _Pair, ij: tuple[int, int], s: Affinity, titles: tuple[list[str], list[str]]
) -> tuple[float, int, float, int, int]:
    """Sort key: higher similarity first, then same section title (`titles`: each leftover's,
    by side), then closer relative position (among the leftovers of each side)."""
    i, j = ij
    same_section = titles[0][i] == titles[1][j]
    gap = abs(i / len(pair.old) - j / len(pair.new))
    return (-round(max(s.similarity, 0.5 * s.dice), 2), 0 if same_section else 1, gap, i, j)


def section_titles(pair: _Pair) -> tuple[list[str], list[str]]:
    """Each leftover's innermost section title, old side and new side (a clause is ranked in
    many pairs: its title is read once)."""
    return [section_title(c) for c in pair.old], [section_title(c) for c in pair.new]


def section_title(c: Clause) -> str:
    """The innermost section heading without its number ('' when none)."""
    return match_key(strip_label(c.section[-1])) if c.section else ""


def attach_leftovers(pair: _Pair, groups: list[_Group], settings: Settings) -> list[_Group]:
    """Fold unmatched clauses into a neighbouring link that contains them (splits and merges)."""
    by_old = {i: g for g in groups for i in g.old}
    by_new = {j: g for g in groups for j in g.new}
    for (i, j), s in sorted(open_pairs(pair, by_old, by_new), key=lambda e: (-e[1].shared, e[0])):
        # the cheap tests first: most scored pairs have both clauses linked, or neither, and
        # never need the costlier containment test (`fits`, whose answer does not change)
        if i not in by_old and j in by_new:
            g = by_new[j]
            if (
                len(g.new) == 1
                and can_join(pair.old, g.old, i, settings)
                and fits(pair, s, i, j, settings)
            ):
                g.old.append(i)
                g.how = "merged"
                by_old[i] = g
        elif j not in by_new and i in by_old:
            g = by_old[i]
            if (
                len(g.old) == 1
                and can_join(pair.new, g.new, j, settings)
                and not whole(pair, g)
                and fits(pair, s, i, j, settings)
            ):
                g.new.append(j)
                g.how = "split"
                by_new[j] = g
    return groups


def open_pairs(
    pair: _Pair, by_old: dict[int, _Group], by_new: dict[int, _Group]
) -> list[tuple[tuple[int, int], Affinity]]:
    """The scored pairs with a clause not yet linked on some side: links only grow while
    leftovers attach, so a pair linked on both sides now never attaches (on the peers
    pairs half to two thirds of the scored pairs, spared the sort)."""
    return [e for e in pair.scores.items() if e[0][0] not in by_old or e[0][1] not in by_new]


WHOLE = 0.9
"""A one-to-one link this similar carries its old clause whole: no further new clause is a
piece of it (a later amendment line in the same form as the one it matches is new)."""


def whole(pair: _Pair, g: _Group) -> bool:
    """True when the group is one old clause matched by one new clause almost word for word
    (a proposed pair: a dormant one is scored when asked)."""
    if len(g.old) != 1 or len(g.new) != 1:
        return False
    i, j = g.old[0], g.new[0]
    s = pair.scores.get((i, j))
    if s is None and (i, j) in pair.dormant:
        s = pair.score(pair.oprof[i], pair.nprof[j])
    return s is not None and s.similarity >= WHOLE


def can_join(side: Sequence[Clause], members: Sequence[int], k: int, settings: Settings) -> bool:
    """A clause joins a group only when the group has room and it sits next to a member."""
    if len(members) >= settings.max_group:
        return False
    here = side[k].index
    return min(abs(side[m].index - here) for m in members) <= settings.max_group_gap


def fits(pair: _Pair, s: Affinity, i: int, j: int, settings: Settings) -> bool:
    """True when the leftover clause and the linked one contain one another (wholly or a unit)."""
    return contains_beyond_lists(pair, i, j, s, settings, False)


def contains_beyond_lists(
    pair: _Pair, i: int, j: int, s: Affinity, settings: Settings, strong: bool
) -> bool:
    """Containment (or, when `strong`, a strongly shared unit) that still holds once the places
    listed in enumerations (呼和浩特市、包头市、…) are set aside: a shared list of places is
    scope, not the same action on the same object."""
    if s.shared < containment_floor(settings, strong) or not may_contain(pair, i, j):
        return False
    if not (is_contained(s, settings) or (strong and is_strong_part(s, settings))):
        return False
    bare_old, bare_new = pair.bare(pair.oprof, i), pair.bare(pair.nprof, j)
    if bare_old is pair.oprof[i] and bare_new is pair.nprof[j]:
        # no places listed in either: the bare pair is the pair `s` scored, and the tests
        # above passed (they need at least the unit floor shared, so `s`'s part is the one
        # a search without the floor would find)
        return True
    bare = pair.score(bare_old, bare_new)
    return is_contained(bare, settings) or (strong and is_strong_part(bare, settings))


def link_by_phrases(
    pair: _Pair,
    groups: list[_Group],
    settings: Settings,
    sides: tuple[Side, Side],
    pairs: set[tuple[int, int]] | None = None,
) -> list[_Group]:
    """Link clauses still unmatched on one side or both to a clause naming the same object
    in the same words (a rare shared phrase): a new link, or one more member of a link
    (`pairs`: the pairs to look into, when a worker found them)."""
    by_old = {i: g for g in groups for i in g.old}
    by_new = {j: g for g in groups for j in g.new}
    if len(by_old) == len(pair.old) and len(by_new) == len(pair.new):
        return groups  # every leftover is linked already: nothing to index

    def wanted(i: int, j: int) -> bool:
        return (i not in by_old or j not in by_new) and may_contain(pair, i, j)

    if pairs is None:
        units = phrase_units_of(pair)
    else:
        pairs = {p for p in pairs if wanted(*p)}
        units = phrase_units_of(pair, ({i for i, _ in pairs}, {j for _, j in pairs}))
    least = settings.min_phrase_share
    found = phrase_links(*units, sides, wanted, settings.min_phrase, least, pairs)
    for link in found:
        i, j = link.old, link.new
        g_old, g_new = by_old.get(i), by_new.get(j)
        if g_old and g_new:
            continue  # both taken meanwhile by longer phrases
        if g_old is None and g_new is None:
            g = _Group([i], [j], "phrase")
            groups.append(g)
            by_old[i] = by_new[j] = g
        elif g_new is not None and len(g_new.new) == 1 and len(g_new.old) < settings.max_group:
            g_new.old.append(i)
            g_new.how = "merged"
            by_old[i] = g_new
        elif (
            g_old is not None
            and len(g_old.old) == 1
            and len(g_old.new) < settings.max_group
            and not whole(pair, g_old)
        ):
            g_old.new.append(j)
            g_old.how = "split"
            by_new[j] = g_old
    return groups


def to_link(pair: _Pair, g: _Group) -> Link:
    """A finished group as a Link in reading order, with its similarity."""
    olds = sorted(g.old)
    news = sorted(g.new)
    if len(olds) == len(news) == 1:
        ij = (olds[0], news[0])
        s = pair.scores.get(ij) or pair.score(pair.oprof[ij[0]], pair.nprof[ij[1]])
        similarity = s.similarity
    else:
        okey = "".join(pair.old[i].key for i in olds)
        nkey = "".join(pair.new[j].key for j in news)
        whole_keys = (profile(okey, pair.idf), profile(nkey, pair.idf))
        similarity = score_pair(*whole_keys, pair.idf, unit_floor=math.inf).similarity  # no units
    return Link(
        tuple(pair.old[i].id for i in olds),
        tuple(pair.new[j].id for j in news),
        round(similarity, 4),
        g.how,
    )
