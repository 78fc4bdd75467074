"""Memory housekeeping shared by the stages and renderers that build many small objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


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
