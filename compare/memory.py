"""Memory housekeeping shared by the stages and renderers that build many small objects."""

from __future__ import annotations

import ctypes
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache


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
