"""Matching keys, rarity weights and an inverted index that proposes candidate clause pairs."""

from __future__ import annotations

import math
import re
import sys
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import compress, islice, repeat

from rapidfuzz import fuzz

LABEL = re.compile(
    r"^(?:第[一二三四五六七八九十百千零〇两\d]+[条款项章节篇]"
    r"|[(（][一二三四五六七八九十\d]+[)）]"
    r"|[一二三四五六七八九十]+[、.．]"
    r"|\d+[、.．](?!\d)"
    r"|[①-⑳㈠-㈩⑴-⒇])"
)
NON_WORD = re.compile(r"[\W_]+")
ATTRIBUTION = re.compile(r"[(（][^()（）]{2,600}?(?:牵头|负责|配合)[^()（）]{0,600}?[)）]")
"""`(A牵头，B配合)`: who acts, kept in Facts; left out of fuzzy matching so that two clauses
sharing a long agency list are not taken for one another."""
UNSEEN = 5.0
"""Weight of a bigram seen once, or never seen by the rarity sample (as rare as anything)."""
UNIT_BREAK = re.compile(r"[，,；;：:。！？!?]")


def strip_label(key: str) -> str:
    """The key without a leading article or item number (`第五条`, `(三)`, `2、`)."""
    stripped = key.lstrip()
    m = LABEL.match(stripped)
    return stripped[m.end() :].lstrip() if m else stripped


MEMO = 1 << 16
"""Texts remembered by the pure key functions below: a document's repeated sentences, units
and boilerplate are reduced and cut into bigrams once (`forget_texts` empties the memory)."""


@lru_cache(maxsize=MEMO)
def match_key(key: str) -> str:
    """The comparison key reduced to letters, digits and CJK: no label, punctuation or spaces."""
    return NON_WORD.sub("", strip_label(key))


@lru_cache(maxsize=MEMO)
def bigrams(key: str) -> frozenset[str]:
    """Character bigrams of a match key (the key itself when shorter than two characters).

    Bigrams are interned: the many sets of a large document then share one string per bigram.
    Each is copied from a set of its bigrams, which sizes its table for all its members at
    once: on the 5 MB pair's keys 18% less memory than sets grown a member at a time (70
    against 85 MB; these sets are the fuzzy stage's largest memory).
    """
    if len(key) < 2:
        return frozenset((key,)) if key else frozenset()
    if len(key) > SLICED_UP_TO:  # a key longer than any clause of policy text
        return frozenset(set(map(sys.intern, map(str.__add__, key, key[1:]))))
    return frozenset(set(map(sys.intern, map(key.__getitem__, pair_slices(len(key) - 1)))))


PAIRS: tuple[slice, ...] = ()
"""`slice(i, i + 2)` for every start a key has needed so far, made once for all keys."""
SLICED_UP_TO = 4096
"""Longest key whose bigrams are cut by the slices of `PAIRS` (the 5 MB pair's longest is 441
characters): the table, kept for the life of the process, then never holds more than this
many slices (about 0.5 MB), however long a line without punctuation a file holds."""


def pair_slices(count: int) -> Iterator[slice]:
    """The slices cutting a key's first `count` bigrams (`key[i:i + 2]`), from `PAIRS`.

    Cutting each bigram out of the key makes one string; adding its two characters (`str.__add__`
    over the key and `key[1:]`) first makes a one-character string of each, as CJK characters
    are not cached: 12% less time to make the bigram sets of the 1 MB pair's keys. A longer
    key makes the table again, whole and at least twice as long, and replaces it in one step:
    a thread reading the old table meanwhile still reads a true one.
    """
    global PAIRS
    pairs = PAIRS
    if len(pairs) < count:
        size = min(max(count, 2 * len(pairs)), max(count, SLICED_UP_TO))
        pairs = PAIRS = tuple(map(slice, range(size), range(2, size + 2)))
    return islice(pairs, count)


@lru_cache(maxsize=MEMO)
def unit_grams(key: str, min_len: int = 4) -> tuple[frozenset[str], ...]:
    """Bigram sets of a clause's sub-clause units (cut at ，；：), each at least `min_len` long."""
    keys = (match_key(u) for u in UNIT_BREAK.split(strip_label(key)))
    return tuple(bigrams(k) for k in keys if len(k) >= min_len)


def forget_texts() -> None:
    """Release the remembered keys and bigram sets (once a pair of documents is aligned)."""
    for memo in (match_key, bigrams, unit_grams):
        memo.cache_clear()


def rarity_weights(keys: Sequence[str], sample: int = 6000) -> tuple[dict[str, float], int]:
    """IDF-like weight of every bigram over all clauses of both sides, and the clause count.

    Counts occurrences (a close, cheaper stand-in for document frequency) in at most about
    `sample` evenly spread clauses, scaled up: rare bigrams weigh more.
    """
    n = len(keys)
    step = max(1, -(-n // sample))
    counts = Counter(bigrams_in("\n".join(keys[::step])))
    by_count = {c: idf_at(n, c * step) for c in set(counts.values())}
    return {b: by_count[c] for b, c in counts.items()}, n


def bigrams_in(text: str) -> Iterable[str]:
    """Every bigram of a text, repeats included."""
    return map(str.__add__, text, text[1:])


def idf_at(n: int, count: int) -> float:
    """Weight of a bigram seen `count` times among `n` clauses, scaled so that once weighs
    `UNSEEN` whatever the size of the documents (thresholds then mean the same everywhere)."""
    top = math.log((n + 1) / 1.5)
    if top <= 0:
        return UNSEEN
    return dyadic(max(0.05, UNSEEN * math.log((n + 1) / (count + 0.5)) / top))


GRAIN = 2.0**-20
"""Weights are whole multiples of this: any sum of fewer than a billion of them is exact."""


def dyadic(weight: float) -> float:
    """`weight` rounded to a multiple of `GRAIN` (a change of under one part in a million).

    Shared weights are summed over sets, whose order follows string hashing and so changes
    from run to run; float addition in another order can differ in its last bit, and a tie
    between two candidates (a repeated passage) was then broken one way or the other. Sums
    of multiples of a power of two are exact in any order, so every run ranks alike.
    """
    return round(weight / GRAIN) * GRAIN


class Affinity:
    """How two clauses relate: whole similarity and containment each way (slotted: the 5 MB
    pair keeps about 50,000 of them while its fuzzy stage runs).

    `ratio`: rapidfuzz ratio of the two match keys (0..1, order-aware); `dice`: rarity-weighted
    bigram Dice overlap (0..1); `cover_old`, `cover_new`: the share of each clause's weighted
    bigrams found in the other; `shared`: total rarity weight of the shared bigrams (how much
    evidence the overlap carries).

    The best sub-clause unit (`part_cover`, `part_shared`) is searched on first use: only the
    containment tests read it, and they ask for about one scored pair in four, so the units
    of most clauses are never cut. `units` holds what that search needs until then (the two
    profiles and the weights), or None when the pair shares less than the unit floor.
    """

    __slots__ = ("_part", "cover_new", "cover_old", "dice", "ratio", "shared", "units")

    def __init__(
        self,
        ratio: float,
        dice: float,
        cover_old: float,
        cover_new: float,
        shared: float,
        units: tuple[Profile, Profile, dict[str, float]] | None = None,
    ) -> None:
        self.ratio = ratio
        self.dice = dice
        self.cover_old = cover_old
        self.cover_new = cover_new
        self.shared = shared
        self.units = units
        self._part: tuple[float, float] | None = None

    @property
    def similarity(self) -> float:
        """Whole-clause similarity: the better of the ordered and the bag-of-bigram views."""
        return max(self.ratio, self.dice)

    @property
    def part(self) -> tuple[float, float]:
        """The best sub-clause unit's cover and shared weight (searched once, on first use)."""
        if self._part is None:
            self._part = (0.0, 0.0) if self.units is None else best_part(*self.units, self.shared)
            self.units = None
        return self._part

    def known_part(self, part: tuple[float, float]) -> None:
        """Take the best unit's cover and shared weight from a search made elsewhere on the
        same two profiles (another process's `part`)."""
        if self._part is None:
            self._part = part
            self.units = None

    @property
    def part_cover(self) -> float:
        """Best share of one sub-clause unit (either side) found in the other clause."""
        return self.part[0]

    @property
    def part_shared(self) -> float:
        """Rarity weight that best unit shares with the other clause."""
        return self.part[1]


def weight(grams: frozenset[str], idf: dict[str, float]) -> float:
    """Total rarity weight of a bigram set."""
    return sum(map(idf.get, grams, repeat(UNSEEN)))


class Profile:
    """A leftover clause ready for fuzzy matching: key, bigrams and weight; its sub-clause
    units are cut and weighed only when a pair shares enough for them to matter."""

    __slots__ = ("_units", "grams", "key", "text", "weight")

    def __init__(self, text: str, idf: dict[str, float]) -> None:
        self.text = text
        """The clause key it was made from, agency attributions left out (`content_key`)."""
        self._units: tuple[tuple[frozenset[str], float], ...] | None = None
        self.key = match_key(text)
        self.grams = bigrams(self.key)
        self.weight = weight(self.grams, idf)

    def units(self, idf: dict[str, float]) -> tuple[tuple[frozenset[str], float], ...]:
        """Each sub-clause unit's bigrams with their total weight (computed once)."""
        if self._units is None:
            self._units = tuple((u, weight(u, idf)) for u in unit_grams(self.text))
        return self._units


LIST_ITEMS = re.compile(
    r"(?:^|(?<=[、，,；;：:。！？(（]))[^、，,；;：:。！？()（）]{1,6}(?:市|盟|旗|县|省|州)、"
)
"""A place in an enumeration of places (呼和浩特市、包头市、…): whole between separators and
followed by 、; the last item, which usually carries the predicate, is kept."""


def without_list_items(clause_key: str) -> str:
    """The clause key with the leading places of its enumerations of places removed."""
    return LIST_ITEMS.sub("", clause_key)


def content_key(clause_key: str) -> str:
    """The clause key without its agency attribution (`(…牵头，…配合)`), unless that is all
    the clause says (an agency note standing as a clause of its own)."""
    if "(" not in clause_key and "（" not in clause_key:
        # an attribution opens with a bracket: seven keys in eight have none, and two
        # character searches are cheaper than the expression's scan and its match key
        return clause_key
    content = ATTRIBUTION.sub("", clause_key)
    return content if match_key(content) else clause_key


def profile(clause_key: str, idf: dict[str, float]) -> Profile:
    """Weigh one clause's bigrams (agency attributions left out)."""
    return Profile(content_key(clause_key), idf)


def score_pair(
    po: Profile,
    pn: Profile,
    idf: dict[str, float],
    unit_floor: float = 0.0,
    shared: float | None = None,
) -> Affinity:
    """Score two profiles: whole-clause similarity, containment each way, best unit
    (`shared`: the weight of the bigrams the two share, when the caller has it).

    Units are weighed only when the pair shares at least `unit_floor`: a unit never shares
    more than the whole pair, so below the least weight a unit link needs they cannot count.
    """
    if shared is None:
        shared = weight(po.grams & pn.grams, idf)
    return affinity(po, pn, idf, unit_floor, shared, key_ratio(po, pn))


def key_ratio(po: Profile, pn: Profile) -> float:
    """rapidfuzz's ratio of two profiles' match keys, 0..1 (order-aware)."""
    return fuzz.ratio(po.key, pn.key) / 100.0


def affinity(
    po: Profile, pn: Profile, idf: dict[str, float], unit_floor: float, shared: float, ratio: float
) -> Affinity:
    """`score_pair`'s answer from the two costly parts, found elsewhere: the weight the two
    profiles share and the ratio of their keys."""
    wo, wn = po.weight, pn.weight
    return Affinity(
        ratio=ratio,
        dice=2 * shared / (wo + wn) if wo + wn else 0.0,
        cover_old=shared / wo if wo else 0.0,
        cover_new=shared / wn if wn else 0.0,
        shared=shared,
        units=(po, pn, idf) if shared >= unit_floor else None,
    )


def best_part(
    po: Profile, pn: Profile, idf: dict[str, float], shared: float
) -> tuple[float, float]:
    """The cover and shared weight of the unit of either clause most contained in the other
    (`shared`: the weight of all the bigrams the two share)."""
    # a unit's bigrams are some of its own clause's, so what it shares with the other
    # clause is what it shares with `common`; the new side's units start from the best
    # old unit, which one of them replaces only when stronger, as `max` would
    common = po.grams & pn.grams
    part = best_unit(po.units(idf), common, idf, shared)
    return best_unit(pn.units(idf), common, idf, shared, part)


def product(x: tuple[float, float]) -> float:
    """Cover times shared weight: how strong a unit's containment is."""
    return x[0] * x[1]


def candidates_both_ways(
    old: Sequence[frozenset[str]],
    new: Sequence[frozenset[str]],
    idf: dict[str, float],
    limit: int,
    min_idf: float,
) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Per old index, the new indices sharing most rare weight (top `limit`), and per new
    index the old ones likewise, from one pass over the rows of the side holding fewer
    bigrams, the other side indexed (`rows_and_columns`).

    The answer is the same either way round (the search is symmetric); the cost is not: a
    row meets the index through all its bigrams, an indexed clause through its rare ones
    only, so the rows are taken from the lighter side (the seed timeline's calls of a large
    old side against a small new one: 7% fewer instructions in the search)."""
    if bigram_count(new) < bigram_count(old):
        backward, forward = rows_and_columns(new, old, idf, limit, min_idf)
        return forward, backward
    return rows_and_columns(old, new, idf, limit, min_idf)


def bigram_count(side: Sequence[frozenset[str]]) -> int:
    """How many bigrams the sets of one side hold in all."""
    return sum(map(len, side))


def rows_and_columns(
    old: Sequence[frozenset[str]],
    new: Sequence[frozenset[str]],
    idf: dict[str, float],
    limit: int,
    min_idf: float,
) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Per old index, the new indices sharing most rare weight (an inverted index over the
    new side, top `limit`; clauses with the very same bigram set share one list), and per new
    index the old ones likewise, from one pass: the weight two clauses share is the same seen
    from either side (only bigrams rarer than `min_idf` count either way, and sums of dyadic
    weights are exact in any order), so each new clause's column is read off the old
    clauses' rows, one distinct row at a time."""
    postings = rare_postings(new, idf, min_idf, reachable(old, new))
    tops, columns = searched_rows(old, same_sets(old), postings, idf, limit, len(new))
    forward = {i: top for i in range(len(old)) if (top := tops[i])}
    return forward, backward_of(column_tops(columns, limit))


def same_sets(side: Sequence[frozenset[str]]) -> list[list[int]]:
    """The indices holding each distinct bigram set of a side (one set object, as repeated
    keys share), in reading order of their first."""
    holders: dict[int, list[int]] = {}  # id() of a bigram set → its indices
    for i, g in enumerate(side):
        holders.setdefault(id(g), []).append(i)
    return list(holders.values())


Column = list[tuple[float, int]]
"""(shared weight, −row index) of the rows sharing rare weight with one indexed clause."""


def searched_rows(
    rows: Sequence[frozenset[str]],
    groups: Iterable[list[int]],
    postings: dict[str, list[int]],
    idf: dict[str, float],
    limit: int,
    width: int,
) -> tuple[dict[int, list[int]], list[Column]]:
    """The top `limit` indexed clauses of the rows in `groups` (each group the rows holding
    one bigram set, searched once), and each of the `width` indexed clauses' column: the
    entries of those rows."""
    tops: dict[int, list[int]] = {}
    columns: list[Column] = [[] for _ in range(width)]
    for group in groups:
        acc = sharing(rows[group[0]], postings, idf)
        top = best(acc, limit)
        for k in group:
            tops[k] = top
            # each (weight, -k) to its column's list, without a Python-level step per entry
            entries = zip(acc.values(), repeat(-k))
            deque(map(list.append, map(columns.__getitem__, acc), entries), 0)
    return tops, columns


def column_tops(columns: Sequence[Column], limit: int) -> dict[int, Column]:
    """Each non-empty column's `limit` heaviest entries (ties: the lower row index)."""
    return {j: sorted(col, reverse=True)[:limit] for j, col in enumerate(columns) if col}


def merged_columns(parts: Iterable[dict[int, Column]], limit: int) -> dict[int, Column]:
    """The column tops of all rows from those of disjoint sets of rows (a column's top among
    all rows is among the tops of the parts: its entries are distinct)."""
    merged: dict[int, Column] = defaultdict(list)
    for part in parts:
        for j, top in part.items():
            merged[j] += top
    return {j: sorted(merged[j], reverse=True)[:limit] for j in sorted(merged)}


def backward_of(tops: dict[int, Column]) -> dict[int, list[int]]:
    """Per indexed clause, its top rows' indices."""
    return {j: [-k for _, k in top] for j, top in tops.items()}


PRUNE_AT = 2.0
"""An indexed side holding this many times the bigrams of the rows or more is indexed only
for the bigrams the rows hold (the seed timeline's calls of one version's few leftovers
against the many of an outline: their candidate search about a third faster). Between
sides of about one size, as the peers pairs, most rare bigrams are on both and gathering
the rows' bigrams costs more than it saves."""


def reachable(rows: Sequence[frozenset[str]], indexed: Sequence[frozenset[str]]) -> set[str] | None:
    """Every bigram of the rows, when the indexed side is `PRUNE_AT` times heavier (a posting
    no row holds is never read); None otherwise (index every rare bigram)."""
    if bigram_count(indexed) < PRUNE_AT * bigram_count(rows):
        return None
    return set().union(*rows)


def rare_postings(
    side: Sequence[frozenset[str]],
    idf: dict[str, float],
    min_idf: float,
    among: set[str] | None = None,
) -> dict[str, list[int]]:
    """Bigram → the indices of the sets holding it, for bigrams weighing more than `min_idf`
    (and found in `among`, when given)."""
    postings: dict[str, list[int]] = defaultdict(list)
    rare = rare_of(idf, min_idf)
    for j, g in enumerate(side):
        # each rare bigram's list gets `j`, without a Python-level step per bigram
        kept = rare(g) if among is None else rare(g & among)
        deque(map(list.append, map(postings.__getitem__, kept), repeat(j)), 0)
    return postings


def rare_of(idf: dict[str, float], min_idf: float) -> Callable[[frozenset[str]], Iterable[str]]:
    """A function giving the bigrams of a set weighing more than `min_idf` (a bigram the
    weights never saw weighs `UNSEEN`), by one set operation."""
    if min_idf < UNSEEN:
        common = frozenset(b for b, w in idf.items() if w <= min_idf)
        return lambda grams: grams - common
    rare = frozenset(b for b, w in idf.items() if w > min_idf)
    return lambda grams: grams & rare


def sharing(
    grams: frozenset[str], postings: dict[str, list[int]], idf: dict[str, float]
) -> dict[int, float]:
    """Index → the indexed weight its bigrams share with `grams`."""
    acc: dict[int, float] = defaultdict(float)
    for b in postings.keys() & grams:
        w = idf.get(b, UNSEEN)
        for j in postings[b]:
            acc[j] += w
    return acc


def best(acc: dict[int, float], limit: int) -> list[int]:
    """The `limit` indices sharing most weight (ties: reading order).

    The `limit`-th largest weight is found by sorting the bare floats, and only the entries
    weighing that much or more (`limit` of them, more on a tie) are ranked: no Python-level
    step per entry, as `heapq.nlargest` takes (23% fewer instructions on the rows of the
    1 MB pair and of the seed timeline's largest call).
    """
    kept: Iterable[tuple[int, float]] = acc.items()
    if len(acc) > limit > 0:
        least = sorted(acc.values(), reverse=True)[limit - 1]
        kept = compress(kept, map(least.__le__, acc.values()))
    return [j for j, _ in sorted(kept, key=heaviest_first)[:limit]]


def heaviest_first(entry: tuple[int, float]) -> tuple[float, int]:
    """Sort key of an (index, weight) entry: higher weight first, then the lower index."""
    return -entry[1], entry[0]


def best_unit(
    units: Sequence[tuple[frozenset[str], float]],
    common: frozenset[str],
    idf: dict[str, float],
    shared: float,
    best: tuple[float, float] = (0.0, 0.0),
) -> tuple[float, float]:
    """The unit most contained in the other clause (`common`: the bigrams the two clauses
    share, weighing `shared`): its cover and shared weight, by their product, or `best` when
    no unit is stronger (ties: the earlier).

    A unit of weight `total` shares at most min(total, shared), so its product is at most
    that squared over `total`: a unit that cannot beat `best` is not intersected (the bound
    has room for the rounding of a sum taken in another order).
    """
    top = product(best)
    for u, total in units:
        if total:
            most = min(total, shared)
            if most * most / total * BOUND_SLACK < top:
                continue
            hit = weight(u & common, idf)
            found = (hit / total, hit)
            if product(found) > top:  # as `max(best, found, key=product)`
                best, top = found, product(found)
    return best


BOUND_SLACK = 1 + 1e-9
"""Room for float rounding when a bound decides a unit cannot win (sums of at most a few
hundred weights are off by far less)."""
