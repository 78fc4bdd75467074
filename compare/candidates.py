"""Matching keys, rarity weights and an inverted index that proposes candidate clause pairs."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

LABEL = re.compile(
    r"^(?:第[一二三四五六七八九十百千零〇两\d]+[条款项章节篇]"
    r"|[(（][一二三四五六七八九十\d]+[)）]"
    r"|[一二三四五六七八九十]+[、.．]"
    r"|\d+[、.．](?!\d)"
    r"|[①-⑳㈠-㈩⑴-⒇])"
)
NON_WORD = re.compile(r"[\W_]+")
UNIT_BREAK = re.compile(r"[，,；;：:。！？!?]")


def strip_label(key: str) -> str:
    """The key without a leading article or item number (`第五条`, `(三)`, `2、`)."""
    stripped = key.lstrip()
    m = LABEL.match(stripped)
    return stripped[m.end() :] if m else stripped


def match_key(key: str) -> str:
    """The comparison key reduced to letters, digits and CJK: no label, punctuation or spaces."""
    return NON_WORD.sub("", strip_label(key))


def bigrams(key: str) -> frozenset[str]:
    """Character bigrams of a match key (the key itself when shorter than two characters)."""
    if len(key) < 2:
        return frozenset((key,)) if key else frozenset()
    return frozenset(key[i : i + 2] for i in range(len(key) - 1))


def unit_grams(key: str, min_len: int = 4) -> tuple[frozenset[str], ...]:
    """Bigram sets of a clause's sub-clause units (cut at ，；：), each at least `min_len` long."""
    keys = (match_key(u) for u in UNIT_BREAK.split(strip_label(key)))
    return tuple(bigrams(k) for k in keys if len(k) >= min_len)


def rarity_weights(grams: Iterable[frozenset[str]]) -> tuple[dict[str, float], int]:
    """IDF of every bigram over all clauses of both sides (rare weigh more), and the count."""
    df: dict[str, int] = defaultdict(int)
    n = 0
    for g in grams:
        n += 1
        for b in g:
            df[b] += 1
    return {b: math.log((n + 1) / (c + 0.5)) for b, c in df.items()}, n


def idf_at(n: int, df: int) -> float:
    """The rarity weight of a bigram found in `df` of `n` clauses."""
    return math.log((n + 1) / (df + 0.5))


@dataclass(frozen=True)
class PairScore:
    """How two clauses relate: whole similarity and containment each way."""

    ratio: float
    """rapidfuzz ratio of the two match keys (0..1, order-aware)."""
    dice: float
    """Rarity-weighted bigram Dice overlap (0..1)."""
    cover_old: float
    """Share of the old clause's weighted bigrams found in the new one."""
    cover_new: float
    """Share of the new clause's weighted bigrams found in the old one."""
    shared: float
    """Total rarity weight of the shared bigrams (how much evidence the overlap carries)."""
    part_cover: float = 0.0
    """Best share of one sub-clause unit (either side) found in the other clause."""
    part_shared: float = 0.0
    """Rarity weight that best unit shares with the other clause."""

    @property
    def similarity(self) -> float:
        """Whole-clause similarity: the better of the ordered and the bag-of-bigram views."""
        return max(self.ratio, self.dice)


def weight(grams: frozenset[str], idf: dict[str, float]) -> float:
    """Total rarity weight of a bigram set."""
    return sum(idf.get(b, 0.0) for b in grams)


def score_pair(ko: str, kn: str, go: frozenset[str], gn: frozenset[str], idf: dict) -> PairScore:
    """Score two match keys with their bigram sets."""
    wo, wn = weight(go, idf), weight(gn, idf)
    shared = weight(go & gn, idf)
    return PairScore(
        ratio=fuzz.ratio(ko, kn) / 100.0,
        dice=2 * shared / (wo + wn) if wo + wn else 0.0,
        cover_old=shared / wo if wo else 0.0,
        cover_new=shared / wn if wn else 0.0,
        shared=shared,
    )


def cover(part: frozenset[str], whole: frozenset[str], idf: dict[str, float]) -> float:
    """Share of `part`'s weighted bigrams present in `whole`."""
    total = weight(part, idf)
    return weight(part & whole, idf) / total if total else 0.0


def candidates(
    old: Sequence[frozenset[str]],
    new: Sequence[frozenset[str]],
    idf: dict[str, float],
    limit: int,
    min_idf: float,
) -> dict[int, list[int]]:
    """Per old index, the new indices sharing most rare weight (inverted index, top `limit`)."""
    postings: dict[str, list[int]] = defaultdict(list)
    for j, g in enumerate(new):
        for b in g:
            if idf.get(b, 0.0) > min_idf:
                postings[b].append(j)
    out: dict[int, list[int]] = {}
    for i, g in enumerate(old):
        acc: dict[int, float] = defaultdict(float)
        for b in g:
            for j in postings.get(b, ()):
                acc[j] += idf[b]
        if acc:
            out[i] = sorted(acc, key=lambda j: -acc[j])[:limit]
    return out


def best_unit(
    units: Sequence[frozenset[str]], whole: frozenset[str], idf: dict
) -> tuple[float, float]:
    """The unit most contained in `whole`: (its cover, its shared weight), best by shared weight."""
    best = (0.0, 0.0)
    for u in units:
        total = weight(u, idf)
        if not total:
            continue
        shared = weight(u & whole, idf)
        if (shared / total, shared) > best and shared / total >= 0.5:
            best = max(best, (shared / total, shared), key=lambda x: x[0] * x[1])
    return best


def with_units(s: PairScore, ou, nu, og, ng, idf: dict) -> PairScore:
    """The pair score with its best sub-clause unit containment filled in."""
    a = best_unit(ou, ng, idf)
    b = best_unit(nu, og, idf)
    cov, shared = max(a, b, key=lambda x: x[0] * x[1])
    return replace(s, part_cover=cov, part_shared=shared)
