"""Characters shared by many texts at once: a bound that spares most `ratio` scorings.

rapidfuzz's `ratio` of two texts is 2·LCS / (both lengths), and their longest common
subsequence never holds more of a character than both texts do. So it holds at most the
distinct characters the two share plus the repeats of the text with fewer repeats (a
repeat: an occurrence of a character after its first). Wording bridges score every starter
of a version against the enders before it (1,553 × 404 wordings into the seed timeline's
2021 outline), and all but about a hundred of the pairs of a length that could reach the
threshold share too few characters to reach it, so counting what they share first leaves
few pairs to score.

The distinct characters one text (a row) shares with all the others (the columns) are
counted bit-sliced: each column is one bit of Python integers; each distinct character of
the row adds the integer of the columns holding it to a binary counter kept as one integer
per bit of the count. A row costs a few integer operations per character, whatever the
number of columns.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

Holders = dict[str, int]
"""Character → the columns holding it, as an integer (bit k: the k-th column)."""
LENGTH_GROUP = 1.25
"""A row is weighed against the columns in groups of lengths within this factor of the
group's shortest, which sets the group's least overlap (fewer comparisons, a looser bound)."""


def reachable(rows: Sequence[str], columns: Sequence[str], threshold: float) -> list[list[int]]:
    """For each row, the columns (indices, increasing) whose `ratio` with it may reach the
    threshold: of a length that can (`length_band`) and sharing characters enough
    (`least_overlap`). Every pair that reaches it is among them."""
    order = sorted(range(len(columns)), key=lambda k: len(columns[k]))
    lengths = [len(columns[k]) for k in order]
    repeats = [repeat_count(columns[k]) for k in order]
    groups = [(lo, hi, max(repeats[lo:hi])) for lo, hi in length_groups(lengths)]
    table = holders([columns[k] for k in order])
    found = []
    for row in rows:
        planes = shared_planes(row, table)
        repeated = repeat_count(row)
        low, high = length_band(len(row), threshold)
        band_lo, band_hi = bisect_left(lengths, low), bisect_right(lengths, high)
        near: list[int] = []
        for lo, hi, most in groups:
            lo, hi = max(lo, band_lo), min(hi, band_hi)
            if lo < hi:
                # the group's shortest column needs the fewest shared characters; repeats
                # can make up for as many as the row or the group's columns hold
                least = least_overlap(len(row) + lengths[lo], threshold)
                least -= min(repeated, most)
                near += members(at_least(planes, least, (1 << hi) - (1 << lo)))
        found.append(sorted(order[k] for k in near))
    return found


def repeat_count(text: str) -> int:
    """How many characters of `text` repeat one before them."""
    return len(text) - len(set(text))


def length_band(length: int, threshold: float) -> tuple[float, float]:
    """The lengths a text may have to reach `ratio` ≥ threshold with one of `length`
    characters, widened by one character each way: ratio is at most 2·shorter/(both)."""
    if threshold <= 0:
        return -math.inf, math.inf
    return length * threshold / (2 - threshold) - 1, length * (2 - threshold) / threshold + 1


def least_overlap(both: int, threshold: float) -> int:
    """The fewest characters a common subsequence of two texts of `both` characters in all
    must hold for a `ratio` at the threshold (a millionth of a character below it: no
    rounding of the score can bring a shorter one to the threshold)."""
    return math.ceil(threshold * both / 2 - 1e-6)


def length_groups(lengths: list[int]) -> list[tuple[int, int]]:
    """Consecutive ranges of the sorted `lengths`, each within LENGTH_GROUP of its first."""
    groups = []
    lo = 0
    while lo < len(lengths):
        hi = max(bisect_right(lengths, lengths[lo] * LENGTH_GROUP, lo), lo + 1)
        groups.append((lo, hi))
        lo = hi
    return groups


def holders(columns: Sequence[str]) -> Holders:
    """Which columns hold each character (see `Holders`)."""
    table: Holders = {}
    for k, text in enumerate(columns):
        bit = 1 << k
        for ch in set(text):
            table[ch] = table.get(ch, 0) | bit
    return table


def shared_planes(row: str, table: Holders) -> list[int]:
    """How many distinct characters `row` shares with each column of `table`, bit-sliced:
    integer i holds bit i of every column's count (bit k of each integer: the k-th column)."""
    planes: list[int] = []
    for ch in set(row):
        carry = table.get(ch, 0)
        if not carry:
            continue
        for i, plane in enumerate(planes):  # one more for the columns of `carry`
            planes[i] = plane ^ carry
            carry &= plane
            if not carry:
                break
        else:
            planes.append(carry)
    return planes


def at_least(planes: list[int], least: int, among: int) -> int:
    """The columns of `among` whose count in `planes` reaches `least` (compared bit-sliced,
    from the highest bit down: equal so far, or greater already)."""
    if least <= 0:
        return among
    if least >> len(planes):
        return 0  # more than any count the planes can hold
    greater, equal = 0, among
    for i in range(len(planes) - 1, -1, -1):
        if least >> i & 1:
            equal &= planes[i]
        else:
            greater |= equal & planes[i]
            equal &= ~planes[i]
    return greater | equal


def members(columns: int) -> list[int]:
    """The indices of a set of columns given as an integer, in increasing order."""
    out = []
    while columns:
        low = columns & -columns
        out.append(low.bit_length() - 1)
        columns ^= low
    return out
