"""Offset maps held as runs: a large document's clean-to-source map in a fraction of the memory."""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from itertools import chain, compress, islice
from operator import sub
from typing import Any, overload


class OffsetRuns(Sequence[int]):
    """An immutable sequence of offsets stored as runs of consecutive values.

    A clean text's map back to its source rises by one from character to character except
    where the cleaner took something out or moved it: a 5 MB document's 1.7 million offsets
    (7 MB as an `array`) make some 45,000 runs. Each run is kept as the index where it starts
    and its first offset; reading one offset is a bisection. It reads like the `array` it
    was made from (indexing, slicing into an `array` of the same type code, iteration,
    equality), so a `CleanText` may hold either.
    """

    __slots__ = ("_len", "_starts", "_values", "typecode")

    def __init__(self, starts: array, values: array, length: int, typecode: str = "l") -> None:
        self._starts = starts
        self._values = values
        self._len = length
        self.typecode = typecode

    @classmethod
    def from_offsets(cls, offsets: Sequence[int], typecode: str = "l") -> OffsetRuns:
        """The runs of `offsets` (every item a non-negative int)."""
        n = len(offsets)
        rises = map(sub, islice(offsets, 1, None), offsets)  # offset[i] - offset[i-1]
        starts = array("q", [0] if n else [])
        starts.extend(compress(range(1, n), map((1).__ne__, rises)))
        values = array("q", map(offsets.__getitem__, starts))
        return cls(starts, values, n, typecode)

    def __len__(self) -> int:
        return self._len

    @overload
    def __getitem__(self, i: int) -> int: ...

    @overload
    def __getitem__(self, i: slice) -> array: ...

    def __getitem__(self, i: int | slice) -> int | array:
        if isinstance(i, slice):
            return array(self.typecode, map(self._at, range(*i.indices(self._len))))
        if i < 0:
            i += self._len
        if not 0 <= i < self._len:
            raise IndexError("offset index out of range")
        return self._at(i)

    def _at(self, i: int) -> int:
        """The offset at index `i` (0 <= i < len)."""
        k = bisect_right(self._starts, i) - 1
        return self._values[k] + i - self._starts[k]

    def __iter__(self) -> Iterator[int]:
        if not self._len:
            return iter(())
        ends = chain(islice(self._starts, 1, None), (self._len,))
        return chain.from_iterable(
            range(v, v + end - start)
            for start, v, end in zip(self._starts, self._values, ends, strict=True)
        )

    def __eq__(self, other: object) -> bool:
        if isinstance(other, OffsetRuns):
            return (self._len, self._starts, self._values) == (
                other._len,
                other._starts,
                other._values,
            )
        if isinstance(other, Sequence | array):
            return len(other) == self._len and all(map(int.__eq__, self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # equal to arrays, which are unhashable

    def __reduce__(self) -> tuple[Any, ...]:
        return OffsetRuns, (self._starts, self._values, self._len, self.typecode)

    def __repr__(self) -> str:
        return f"OffsetRuns({len(self._starts)} runs, {self._len} offsets)"
