"""Memory housekeeping shared by the stages and renderers that build many small objects, the
compact form a large document's offset map travels in, and modules held back until used."""

from __future__ import annotations

import gc
import importlib
import sys
import types
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from itertools import chain, compress, islice
from operator import sub
from typing import Any, overload


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small acyclic objects.

    Cleaning, structuring, aligning and serialising allocate millions of strings, tuples,
    dicts and frozen dataclasses that form no cycles; the collector's repeated generation
    scans over them cost about as much as the work itself on a 1 MB input and free
    nothing. Reference counting still frees everything.

    Before the collector runs again, the objects built meanwhile go to its oldest
    generation (`_settle`): else they all sit in its youngest one, and the next collections
    walk every one of them again to find nothing (about a tenth of the CPU time of a
    series of comparisons). Only the rare full collections look at them, so a cycle among
    them is still freed.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            _settle()
            gc.enable()


def _settle() -> None:
    """Hand the objects made while paused to the oldest generation without scanning them.

    Re-enabled as they are, the collector's next young collection would walk every object
    built in the pause (all still counted as new) and find nothing to free: 4-5% of parsing
    a 1-4 MB text, and growing faster than the text. Freezing and at once unfreezing moves
    them all to the oldest generation, where only the rare full collections look at them
    (so a cycle is still found). Skipped when something else keeps objects frozen, which
    unfreezing would release.
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's `malloc_trim`, or None where the C library has none (musl, macOS, Windows)."""
    import ctypes  # here: a command that never trims (`--version`, one file parsed) skips it

    try:
        return ctypes.CDLL(None).malloc_trim  # the running process's symbols: libc's
    except (OSError, AttributeError):
        return None


def release_free_memory() -> None:
    """Give the pages a finished stage freed back to the system (glibc's `malloc_trim`).

    Python returns a freed block to the C allocator, which keeps it for later requests;
    the blocks of larger objects (bigram sets, lists, long strings) live in the C heap,
    where a few still-live blocks pin all the free pages around them. The next stage
    allocates its own new objects on top, so the process's peak is the sum of the two.
    `malloc_trim` hands every whole free page back at once (a few milliseconds); where
    there is no glibc this does nothing.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


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


def share_equal_values(records: Iterable[Any], names: Sequence[str], pool: dict) -> None:
    """Make each named field of `records` hold the one object of its value kept in `pool`.

    Two versions of a document repeat most of their clauses: their texts, keys, ids and
    section paths are equal but, parsed apart, separate objects (a third of the strings of
    a 5 MB pair). Sharing one of each is invisible to readers of these immutable values; the
    records stay frozen to everyone else (`object.__setattr__` is the one way in).
    """
    for record in records:
        for name in names:
            value = getattr(record, name)
            kept = pool.setdefault(value, value)
            if kept is not value:
                object.__setattr__(record, name, kept)


class Deferred(types.ModuleType):
    """Stands in for a module not imported yet: the first name looked up in it imports it
    (and puts it in the stand-in's place), so code that does use it works as before."""

    def __getattr__(self, name: str) -> object:
        """The real module's `name`, the real module imported first if need be."""
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        return getattr(importlib.import_module(self.__name__), name)


@contextmanager
def deferring(*names: str) -> Iterator[None]:
    """While the block imports modules, the modules `names` (those not imported yet) are
    `Deferred` stand-ins: a module imported meanwhile that imports one of them gets the
    stand-in, which imports the real module the first time that module uses it. After the
    block a stand-in no longer answers `import` (any later importer gets the real module)."""
    placed = {name: Deferred(name) for name in names if name not in sys.modules}
    sys.modules.update(placed)
    try:
        yield
    finally:
        for name, stand_in in placed.items():
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
