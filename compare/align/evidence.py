"""Cross-document evidence: rare shared text, named objects, thesaurus pairs, and their space."""

from __future__ import annotations

import math
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Container, Iterable, Sequence
from dataclasses import field
from functools import lru_cache
from itertools import chain, compress, count
from operator import itemgetter
from struct import Struct

from compare.align.candidates import (
    NON_WORD,
    bigrams,
    content_key,
    match_key,
    strip_label,
    without_list_items,
)
from compare.align.tokens import DATA, place_names
from compare.model import Clause, Evidence, record

THESAURUS = DATA / "thesaurus.tsv"
"""Policy-vocabulary pairs: term, term, relation, source (see docs/alignment.md)."""
RELATION_WEIGHT = {
    "synonym": 1.0,
    "renamed": 1.0,
    "abbreviation": 1.0,
    "narrower": 0.8,
    "broader": 0.8,
    "related": 0.5,
}
"""How much a thesaurus pair counts, by its relation (an exact shared word counts 1)."""
OBJECT_END = re.compile(
    "(?:新区|园区|示范区|试验区|合作区|保护区|开发区|港|机场|基地|工程|制度|机制|平台|通道|中心"
    "|走廊|口岸|班列|枢纽|集群|项目|计划|行动|体系|网络|公园|铁路|公路|电网|管网|水库|医院)"
)
"""How the name of an object ends: a place of activity, a project, a facility, a system."""
OBJECT_HEAD = range(2, 9)
"""Characters before the ending that may belong to the object's name (all lengths are kept)."""
OBJECT_FACTOR = 0.5
"""A shared object weighs this many times a shared bigram of the same rarity."""
PLACE_FACTOR = 0.25
"""A shared place name is scope, not the same action: it weighs half."""
SENSE_FACTOR = 1.0
"""A thesaurus pair weighs this many times a bigram of the same rarity (a word is 2–4 bigrams)."""


@record(slots=False)
class Entry:
    """One thesaurus line: two wordings, how they relate, and where that is attested."""

    a: str
    b: str
    relation: str
    source: str

    @property
    def sense(self) -> str:
        """The feature both wordings stand for."""
        return f"≈{self.a}/{self.b}"


@lru_cache(maxsize=1)
def thesaurus() -> tuple[Entry, ...]:
    """The thesaurus entries, in file order."""
    rows = THESAURUS.read_text(encoding="utf-8").splitlines()
    return tuple(Entry(*ln.split("\t")) for ln in rows if ln.strip() and not ln.startswith("#"))


@lru_cache(maxsize=1)
def thesaurus_terms() -> dict[str, tuple[Entry, ...]]:
    """Every thesaurus wording with its entries."""
    by_term: dict[str, list[Entry]] = defaultdict(list)
    for e in thesaurus():
        by_term[e.a].append(e)
        by_term[e.b].append(e)
    return {t: tuple(es) for t, es in by_term.items()}


@record(slots=False)
class Features:
    """What one clause offers as evidence: bigrams, named objects, places and senses."""

    key: str
    """The clause's content key reduced to letters and CJK (label, agencies, punctuation out)."""
    grams: frozenset[str]
    objects: frozenset[str]
    """Named objects, each prefixed `◆` (every head length before an object ending)."""
    places: frozenset[str]
    """Place names of the user dictionary, each prefixed `◇`."""
    senses: frozenset[str]
    """Thesaurus senses (`≈风能/风电`) of the wordings the clause holds."""
    words: frozenset[str]
    """The thesaurus wordings the clause holds."""
    all: frozenset[str]
    """Every feature above, for the index and the score."""
    title: bool = False
    """True for a title heading (never proposed for body text, nor body text for it)."""


def clause_features(c: Clause) -> Features:
    """The evidence features of one clause."""
    return features(c.key, is_title(c))


def is_title(c: Clause) -> bool:
    """A heading that is a title, not a sentence ending in 。 or ；."""
    return c.is_heading and not c.text.rstrip().endswith(("。", "；", ";"))


@lru_cache(maxsize=1 << 14)
def features(clause_key: str, title: bool = False) -> Features:
    """The evidence features of one clause key."""
    content = strip_label(content_key(clause_key))
    return content_features(content, without_list_items(content), title)


def content_features(content: str, bare: str, title: bool) -> Features:
    """The evidence features of a clause's content (its key without label and agencies),
    given that content without its enumerated places (`bare`)."""
    key = match_key(content)
    words, objects, places, senses = named_features(content, key)
    grams = bigrams(match_key(bare))  # a shared list of places is scope
    every = (grams | objects | places | senses) if objects or places or senses else grams
    return Features(key, grams, objects, places, senses, words, every, title)


def named_features(
    content: str, key: str
) -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """The thesaurus wordings, named objects, place names and thesaurus senses of a clause's
    content (`key`: its match key): every feature but the bigrams."""
    names = named_lookup()
    # only the names beginning with a character of the key are looked for in it: a set of
    # ~60 characters against the key's, not ~100 searches of the key
    found = [*chain.from_iterable(map(names.by_first.__getitem__, names.firsts.intersection(key)))]
    words, places = held_names(key, found) if found else (NOTHING, NOTHING)
    objects = frozenset(map("◆".__add__, named_objects(content)))
    senses = frozenset(chain.from_iterable(map(names.senses.__getitem__, words)))
    return words, objects, places, senses


NOTHING: frozenset[str] = frozenset()


def held_names(key: str, found: list[tuple[bool, str]]) -> tuple[frozenset[str], frozenset[str]]:
    """The thesaurus wordings and the place names (prefixed `◇`) among `found` (each as
    (is a place name, name)) that `key` holds."""
    present = [n for n in found if n[1] in key]
    words = frozenset(n[1] for n in present if not n[0])
    return words, frozenset(f"◇{n[1]}" for n in present if n[0])


@record(slots=False)
class NamedLookup:
    """The thesaurus wordings and place names (none empty), by their first character."""

    firsts: frozenset[str]
    """The first character of every wording and place name."""
    by_first: dict[str, tuple[tuple[bool, str], ...]]
    """That character → the (is a place name, name) beginning with it."""
    senses: dict[str, tuple[str, ...]]
    """Each thesaurus wording → the senses of its entries."""


@lru_cache(maxsize=1)
def named_lookup() -> NamedLookup:
    """The thesaurus wordings and place names arranged for `named_features`."""
    by_term = thesaurus_terms()
    by_first: dict[str, list[tuple[bool, str]]] = defaultdict(list)
    for n in [*((False, t) for t in by_term), *((True, p) for p in sorted(place_names()))]:
        by_first[n[1][:1]].append(n)
    return NamedLookup(
        frozenset(by_first),
        {c: tuple(ns) for c, ns in by_first.items()},
        {t: tuple(e.sense for e in es) for t, es in by_term.items()},
    )


def named_objects(text: str) -> set[str]:
    """Every candidate name of an object: an object ending with 2–8 characters before it,
    never across punctuation. An ending never holds punctuation, so the endings found in the
    whole text are those found run by run; only the few characters before each are split."""
    out: set[str] = set()
    longest_head = OBJECT_HEAD[-1]
    for m in OBJECT_END.finditer(text):
        start, end = m.span()
        head = NON_WORD.split(text[max(0, start - longest_head) : start])[-1]
        out.update(text[start - k : end] for k in range(OBJECT_HEAD[0], len(head) + 1))
    return out


SAMPLE = 2000
"""Rarity is counted on at most about this many evenly spread clauses (the cost stays flat)."""


@record
class Held:
    """What a space keeps of one clause: its key, its features as ids, its thesaurus wordings
    (an array of ids takes a tenth of the memory of the sets of strings in `Features`)."""

    key: str
    """As `Features.key`."""
    ids: array[int]
    """The ids (`Space.names`) of every feature (`Features.all`)."""
    words: frozenset[str]
    """As `Features.words`."""
    title: bool
    whole: bool = True
    """True when every bigram of the key is among the features (no list of places left out)."""


Measured = tuple[int, float, float]
"""A clause of the other side with its `Space.measures` against the clause asked about."""


@record(slots=False)
class Space:
    """The features of the clauses taking part, with the weight of every feature."""

    old: dict[int, Held]
    """Old clause index → features (only the clauses asked about or proposed)."""
    new: dict[int, Held]
    names: list[str]
    """Feature id → feature."""
    weights: list[float]
    """Feature id → weight: its IDF over the clauses of both documents, times its kind's factor."""
    squares: list[float]
    """Feature id → its weight squared (what a shared feature adds to a dot product)."""
    old_norm: dict[int, float]
    new_norm: dict[int, float]

    last: list = field(default_factory=lambda: [-1, set(), -1, set(), -1], compare=False)
    """The feature sets of the old and of the new clause scored last (old index, its ids, new
    index, its ids, the new index asked last): one clause is scored against many in a row."""

    def shared(self, i: int, j: int) -> float:
        """The weight old clause `i` and new clause `j` share: a sum over a set, exact (`fsum`),
        so no process's set order changes a score in its last bit."""
        return math.fsum(map(self.squares.__getitem__, self.common(i, j)))

    def common(self, i: int, j: int) -> set[int]:
        """The ids of the features old clause `i` and new clause `j` share."""
        m = self.last
        if m[0] != i and m[2] != j:
            if m[4] == j:
                m[2], m[3] = j, set(self.new[j].ids)
            else:
                m[0], m[1] = i, set(self.old[i].ids)
        m[4] = j
        return (
            m[1].intersection(self.new[j].ids) if m[0] == i else m[3].intersection(self.old[i].ids)
        )

    def score(self, i: int, j: int) -> float:
        """Cosine of the weighted features of old clause `i` and new clause `j` (0..1)."""
        return cosine(self.shared(i, j), self.old_norm[i], self.new_norm[j])

    def carried(self, i: int, j: int) -> float:
        """How much of old clause `i` new clause `j` carries (0..1, `carried_share`)."""
        a, b = self.old_norm[i], self.new_norm[j]
        return carried_share(self.shared(i, j), a, b) if a and b else 0.0

    def measures(self, i: int, j: int) -> tuple[float, float]:
        """`score` and `carried` of old clause `i` and new clause `j`, from one shared weight."""
        a, b = self.old_norm[i], self.new_norm[j]
        if not (a and b):
            return 0.0, 0.0
        s = self.shared(i, j)
        return cosine(s, a, b), carried_share(s, a, b)

    def measured(self, q: int, others: Iterable[int], forward: bool) -> list[Measured]:
        """`measures` of clause `q` (old when `forward`, else new) with each of `others` (of
        the other side), as (other, score, carried): the query's set of ids made once."""
        asked, side = (self.old, self.new) if forward else (self.new, self.old)
        q_norm = (self.old_norm if forward else self.new_norm)[q]
        side_norm = self.new_norm if forward else self.old_norm
        ids = set(asked[q].ids) if q_norm else set()
        weight = self.squares.__getitem__
        out = []
        for k in others:
            a, b = (q_norm, side_norm[k]) if forward else (side_norm[k], q_norm)
            if a and b:
                s = math.fsum(map(weight, ids.intersection(side[k].ids)))  # exact: any order
                out.append((k, cosine(s, a, b), carried_share(s, a, b)))
            else:
                out.append((k, 0.0, 0.0))
        return out

    def named(self, held: Held) -> dict[str, float]:
        """A clause's features by name, with their weights."""
        return {self.names[f]: self.weights[f] for f in held.ids}


@lru_cache(maxsize=1 << 14)
def held_features(
    clause_key: str, title: bool = False
) -> tuple[str, str, tuple[str, ...], frozenset[str], bool]:
    """A clause key's evidence key, the text whose bigrams are features, every other feature,
    thesaurus wordings and whether the key's bigrams are all features (`features`, kept
    small: no set of bigrams, which `every_feature` cuts again when asked)."""
    content = strip_label(content_key(clause_key))
    bare = without_list_items(content)
    key = match_key(content)
    words, objects, places, senses = named_features(content, key)
    return key, match_key(bare), (*objects, *places, *senses), words, bare == content


MEMO_BELOW = 20_000
"""Clauses of both sides below which a space takes each clause's bigrams from the memory of
`bigrams` (the fuzzy stage has made most of them); from there on the fuzzy stage releases
that memory before the context is made (`link.EARLY_FORGET`), and a space cuts them again
itself (`distinct_bigrams`: no interning, no sets, nothing kept)."""


def every_feature(gram_text: str, others: tuple[str, ...], memo: bool = True) -> Iterable[str]:
    """Every feature of a clause, each once (as `Features.all`, in another order): the
    bigrams of `gram_text` (from the memory of `bigrams` when `memo`), then the `others`."""
    return chain(bigrams(gram_text) if memo else distinct_bigrams(gram_text), others)


def distinct_bigrams(text: str) -> Iterable[str]:
    """The members of `bigrams(text)`, each once, in the order they first come."""
    if len(text) < 2:
        return (text,) if text else ()
    return dict.fromkeys(map(str.__add__, text, text[1:]))


def space(
    old: Sequence[Clause], new: Sequence[Clause], old_part: Iterable[int], new_part: Iterable[int]
) -> Space:
    """Features of the clauses taking part (`old_part`, `new_part`), weighed by rarity over
    both documents (counted on an even sample of their clauses)."""
    return grown(None, old, new, old_part, new_part)


def grown(
    earlier: Space | None,
    old: Sequence[Clause],
    new: Sequence[Clause],
    old_part: Iterable[int],
    new_part: Iterable[int],
) -> Space:
    """`space`, keeping what an `earlier` space of the same documents holds of a clause
    (weights depend on the documents only, not on which clauses take part; features first
    seen now are numbered after the earlier ones)."""
    names = earlier.names if earlier else []
    ids = numbering(names)
    kept_old, kept_new = (earlier.old, earlier.new) if earlier else ({}, {})
    memo = len(old) + len(new) < MEMO_BELOW
    ofeat = {i: kept_old[i] if i in kept_old else held(old[i], ids, memo) for i in old_part}
    nfeat = {j: kept_new[j] if j in kept_new else held(new[j], ids, memo) for j in new_part}
    weights = earlier.weights if earlier else []
    if len(ids) > len(names):
        names = list(ids)
        weights = weights + rarities(old, new, names[len(weights) :], (ofeat, nfeat))
    squares = [w * w for w in weights]
    return Space(
        ofeat,
        nfeat,
        names,
        weights,
        squares,
        norms(ofeat, squares, earlier.old_norm if earlier else {}),
        norms(nfeat, squares, earlier.new_norm if earlier else {}),
    )


def rarities(
    old: Sequence[Clause],
    new: Sequence[Clause],
    names: Sequence[str],
    parts: tuple[Container[int], Container[int]] = ((), ()),
) -> list[float]:
    """The weight of each feature: its rarity over both documents (counted on an even sample
    of their clauses) times its kind's factor. A sampled clause outside the old and new
    `parts` taking part has its bigrams cut again, not remembered: only this count reads
    them, and the memory of `bigrams` is released when the align stage ends."""
    n = len(old) + len(new)
    step = max(1, -(-n // SAMPLE))
    both = [*old, *new]
    memos = sampled_memos(len(old), n, step, parts if n < MEMO_BELOW else ((), ()))
    sample = [
        (held_features(c.key, is_title(c)), m) for c, m in zip(both[::step], memos, strict=True)
    ]
    df = Counter(chain.from_iterable(every_feature(h[1], h[2], m) for h, m in sample))
    # a feature the sample missed (None) is about as rare as one it saw once
    rarity = {d: idf(n, d * step) for d in {*df.values()}} | {None: idf(n, step)}
    weights = list(map(rarity.__getitem__, map(df.get, names)))
    for k in compress(range(len(names)), map(MARKS.__contains__, map(itemgetter(0), names))):
        weights[k] *= factor(names[k])  # a bigram's factor is 1: its weight stays as it is
    return weights


def sampled_memos(
    olds: int, n: int, step: int, parts: tuple[Container[int], Container[int]]
) -> list[bool]:
    """For each clause of the rarity sample (every `step`-th of the `n` clauses of both
    sides, the `olds` old ones first), whether it takes part (in the old or the new part)."""
    old_part, new_part = parts
    return [p in old_part if p < olds else p - olds in new_part for p in range(0, n, step)]


ID = Struct("i")
"""A feature id as `Held.ids` holds it (an `array("i")` item)."""


def numbering(names: Sequence[str]) -> defaultdict[str, bytes]:
    """Each of `names` with its id (its place) packed as `ID`; a name not yet there gets the
    next id when first asked for (numbered in C: no Python step per feature)."""
    ids = defaultdict(map(ID.pack, count(len(names))).__next__)
    ids.update(zip(names, map(ID.pack, range(len(names))), strict=True))
    return ids


def held(c: Clause, ids: defaultdict[str, bytes], memo: bool = True) -> Held:
    """What a space keeps of one clause, numbering its features as they first come (`ids`,
    see `numbering`; `memo`: see `every_feature`): the ids' bytes joined make the array in
    one copy, where an array made item by item parses each."""
    key, gram_text, others, words, whole = held_features(c.key, is_title(c))
    every = every_feature(gram_text, others, memo)
    return Held(key, array("i", b"".join(map(ids.__getitem__, every))), words, is_title(c), whole)


def idf(n: int, df: int) -> float:
    """Rarity of a feature held by `df` of `n` clauses."""
    return math.log((n + 1) / (df + 0.5))


MARKS = frozenset("◆◇≈")
"""The first characters of the features that are not bigrams (objects, places, senses)."""


def factor(feature: str) -> float:
    """How much a feature's kind counts, relative to a bigram."""
    if feature.startswith("◆"):
        return OBJECT_FACTOR
    if feature.startswith("◇"):
        return PLACE_FACTOR
    if feature.startswith("≈"):
        return SENSE_FACTOR * RELATION_WEIGHT.get(sense_relation(feature), 0.5)
    return 1.0


@lru_cache(maxsize=256)
def sense_relation(sense: str) -> str:
    """The relation of a thesaurus sense."""
    return next((e.relation for e in thesaurus() if e.sense == sense), "related")


def norms(side: dict[int, Held], squares: list[float], known: dict[int, float]) -> dict[int, float]:
    """Euclidean norm of each clause's weighted features (those `known` as they are)."""
    return {k: known[k] if k in known else norm(h, squares) for k, h in side.items()}


def cosine(shared: float, a: float, b: float) -> float:
    """The cosine of two clauses sharing weight `shared`, of norms `a` and `b` (0 for none)."""
    norm = a * b
    return shared / norm if norm else 0.0


def carried_share(shared: float, a: float, b: float) -> float:
    """How much of an old clause of norm `a` a new one of norm `b` carries (both norms above
    0): the shared weight over a^1.5·b^0.5, so a new sentence that holds the old one as one
    phrase among others loses less than under the cosine (a short old clause grown into a
    long new one)."""
    return shared / (a * math.sqrt(a * b))


def norm(h: Held, squares: list[float]) -> float:
    """Euclidean norm of one clause's weighted features."""
    return math.sqrt(math.fsum(map(squares.__getitem__, h.ids)))


def evidence(sp: Space, i: int, j: int, same_section: bool = False) -> Evidence:
    """What old clause `i` and new clause `j` share, rarest first (`same_section`: whether
    they sit in aligned sections, as `Evidence` records it)."""
    o, n = sp.old[i], sp.new[j]
    at, objects = shared_places(sp, o.key, sp.common(i, j))
    # a bigram of the old key the new clause holds: a shared feature when the old clause's
    # features hold every bigram of its key, else one of all the new clause's features
    terms = weighed_runs(o.key, at) if o.whole else shared_runs(o.key, sp.named(n))
    return Evidence(
        terms=terms[:5],
        objects=heaviest(objects)[:5],
        thesaurus=thesaurus_pairs(sp, o, n)[:5],
        same_section=same_section,
    )


def shared_places(
    sp: Space, key: str, common: Iterable[int]
) -> tuple[dict[int, float], dict[str, float]]:
    """From the ids of the features two clauses share (`common`), each place of the old
    clause's `key` where a shared bigram begins, and each shared object's name (without its
    `◆`), with their weights: one pass over the few shared features, with no dictionary of
    them all by name."""
    names, weights = sp.names, sp.weights
    find = key.find
    at: dict[int, float] = {}
    objects: dict[str, float] = {}
    for f in common:
        b = names[f]
        if len(b) == 2:  # only a two-character feature can be one of the key's bigrams
            k = find(b)
            while k >= 0:
                at[k] = weights[f]
                k = find(b, k + 1)
        elif b.startswith("◆"):  # an object's name is longer: `◆`, two characters, an ending
            objects[b[1:]] = weights[f]
    return at, objects


def heaviest(objects: dict[str, float]) -> tuple[str, ...]:
    """The shared object names (each with its weight) not contained in a longer one,
    heaviest first (ties: by name)."""
    if not objects:  # most pairs share none
        return ()
    return tuple(sorted(longest(objects), key=lambda x: (-objects[x], x)))


def thesaurus_pairs(sp: Space, o: Held, n: Held) -> tuple[str, ...]:
    """The thesaurus pairs (`gone/came`) of a wording the old clause alone holds and one the
    new clause alone holds, both wordings of a sense the new clause holds."""
    if not (o.words and n.words) or o.words == n.words:
        return ()  # no wording on one side alone: most pairs, without sorting or sets
    gone, came = sorted(o.words - n.words), sorted(n.words - o.words)
    senses = sp.named(n) if gone and came else {}
    return tuple(
        f"{a}/{b}" for a in gone for b in came if f"≈{a}/{b}" in senses or f"≈{b}/{a}" in senses
    )


def longest(names: Iterable[str]) -> list[str]:
    """The names not contained in a longer one of the same set."""
    names = set(names)
    return [x for x in names if not any(x != y and x in y for y in names)]


def shared_runs(key: str, other: dict[str, float]) -> tuple[str, ...]:
    """Maximal runs of `key` whose every bigram the other clause holds (`other`: its features
    with their weights), heaviest first (runs lighter than one rare bigram are left out)."""
    return weighed_runs(key, held_bigrams(key, other))


def weighed_runs(key: str, held: dict[int, float]) -> tuple[str, ...]:
    """Maximal runs of `key` over the places where a held bigram begins (`held`: each place
    with that bigram's weight), heaviest first (runs lighter than one rare bigram are left
    out)."""
    runs: list[tuple[float, str]] = []
    start, last, total = -1, -2, 0.0
    for k in sorted(held):
        if k != last + 1:  # a bigram the other clause lacks ends the run before
            if start >= 0:
                runs.append((total, key[start : last + 2]))
            start, total = k, 0.0
        total += held[k]  # the run's weight, added in reading order
        last = k
    if start >= 0:
        runs.append((total, key[start : last + 2]))
    floor = math.log(3)
    return tuple(r for w, r in sorted(runs, key=lambda x: (-x[0], x[1])) if w >= floor)


def held_bigrams(key: str, other: dict[str, float]) -> dict[int, float]:
    """Each place of `key` where a bigram `other` holds begins, with that bigram's weight:
    found by looking for the few features of `other` in the key, not each bigram of the key
    up in `other`."""
    at: dict[int, float] = {}
    find = key.find
    for b, w in other.items():
        if len(b) == 2:  # only a two-character feature can be one of the key's bigrams
            k = find(b)
            while k >= 0:
                at[k] = w
                k = find(b, k + 1)
    return at
