"""Shared rare phrases: two clauses naming the same object in the same long run of words.

Documents years apart rarely repeat a sentence, but they do repeat the name of what is acted
on (最严格的水资源管理, 稀土新材料产业基地, 海关特殊监管区域) around new verbs and new places.
A phrase of several characters that each document uses in one clause only, once the places
and the verbs at its edges are set aside, is the same object; a subject area (交通, 生态) or
a formula (各地区各部门要, 经济社会发展) is not.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property, lru_cache

from compare.align.tokens import place_names
from compare.model import record
from compare.structure.lexicon import ACTION_WORDS

UNIT_BREAK = re.compile(r"[\W_]+")
"""Punctuation and spaces: a phrase never runs across them (nor across the items of a list)."""
EDGE_WORDS = tuple(
    sorted({*ACTION_WORDS, "重点", "积极", "认真", "进一步", "主动"}, key=lambda w: (-len(w), w))
)
"""Verbs and manner words, longest first: what is done, not what it is done to; trimmed off
a phrase's ends."""
EDGE_CHARS = "的等和与及了着在对把将为以是要并向从由于各"
"""Function characters trimmed off a phrase's ends."""


@record(slots=False)
class PhraseLink:
    """Old and new leftover indices that share `phrase`, used by no other clause of either side."""

    old: int
    new: int
    phrase: str


@lru_cache(maxsize=1)
def place_pattern() -> re.Pattern[str]:
    """Place names of the user dictionary, with an administrative suffix (市, 盟, 旗 …)."""
    names = sorted(place_names(), key=lambda name: (-len(name), name))  # the same every run
    if not names:
        return re.compile(r"(?!)")  # matches nothing
    return re.compile("(?:" + "|".join(map(re.escape, names)) + ")[市盟旗县区省]?")


def phrase_units(key: str) -> tuple[str, ...]:
    """A clause key cut at punctuation and at place names: the runs a phrase may lie in."""
    masked = place_pattern().sub(" ", key)
    return tuple(u for u in UNIT_BREAK.split(masked) if u)


def grams(units: Iterable[str], k: int) -> set[str]:
    """Every run of `k` characters inside one of `units`."""
    return {u[i : i + k] for u in units for i in range(len(u) - k + 1)}


def unique_grams(sides: Sequence[tuple[str, ...]], k: int) -> dict[str, int]:
    """k-character runs found in exactly one clause, mapped to that clause's index."""
    owner: dict[str, int] = {}
    shared: set[str] = set()
    for i, units in enumerate(sides):
        for g in grams(units, k):
            if owner.setdefault(g, i) != i:
                shared.add(g)
    for g in shared:
        del owner[g]
    return owner


def common_runs(a: Sequence[str], b: Sequence[str], k: int) -> list[str]:
    """Maximal runs of at least `k` characters found in a unit of `a` and a unit of `b`."""
    text_b = "\n".join(b)
    runs: list[str] = []
    for u in a:
        i = 0
        while i + k <= len(u):
            if u[i : i + k] not in text_b:
                i += 1
                continue
            end = i + k
            while end < len(u) and u[i : end + 1] in text_b:
                end += 1
            runs.append(u[i:end])
            i = end
    return runs


def core(phrase: str) -> str:
    """The phrase without verbs, manner words and function characters at either end."""
    before = None
    while before != phrase:
        before = phrase
        phrase = phrase.strip(EDGE_CHARS)
        for w in EDGE_WORDS:
            if phrase.startswith(w):
                phrase = phrase[len(w) :]
            if phrase.endswith(w):
                phrase = phrase[: -len(w)]
    return phrase


class Side:
    """A whole document's clause keys, joined into one text the first time it is searched."""

    def __init__(self, keys: Callable[[], Iterable[str]]) -> None:
        self._keys = keys

    @cached_property
    def text(self) -> str:
        """Every clause key, one per line."""
        return "\n".join(self._keys())

    def used_once(self, phrase: str) -> bool:
        """True when `phrase` occurs in exactly one place of the document."""
        first = self.text.find(phrase)
        return first >= 0 and self.text.find(phrase, first + 1) < 0


def phrase_links(
    old_units: Sequence[tuple[str, ...]],
    new_units: Sequence[tuple[str, ...]],
    sides: tuple[Side, Side],
    wanted: Callable[[int, int], bool],
    min_len: int,
    min_share: float = 0.0,
    pairs: Iterable[tuple[int, int]] | None = None,
) -> list[PhraseLink]:
    """The `wanted` pairs of clauses sharing a phrase whose core has `min_len` characters or
    more, makes `min_share` of the shorter clause at least, and is used once by each whole
    document (`sides`), longest phrase first (`pairs`: `phrase_pairs`' answer when known;
    then only the units of its wanted pairs are read)."""
    if pairs is None:
        pairs = phrase_pairs(old_units, new_units, min_len)
    links = []
    for i, j in sorted(p for p in pairs if wanted(*p)):
        shorter = min(sum(map(len, old_units[i])), sum(map(len, new_units[j])))
        least = max(min_len, min_share * shorter)
        best = ""
        for run in common_runs(old_units[i], new_units[j], min_len):
            if len(run) < max(least, len(best) + 1):
                continue
            c = core(run)
            if len(c) >= max(least, len(best) + 1) and all(s.used_once(c) for s in sides):
                best = c
        if best:
            links.append(PhraseLink(i, j, best))
    links.sort(key=lambda x: (-len(x.phrase), x.old, x.new))
    return links


def phrase_pairs(
    old_units: Sequence[tuple[str, ...]], new_units: Sequence[tuple[str, ...]], min_len: int
) -> set[tuple[int, int]]:
    """Pairs of clauses, one a side, sharing a run of `min_len` characters found in no other
    clause of either side's (the pairs `phrase_links` looks into)."""
    old_owner = unique_grams(old_units, min_len)
    new_owner = unique_grams(new_units, min_len)
    return {(old_owner[g], new_owner[g]) for g in old_owner.keys() & new_owner.keys()}
