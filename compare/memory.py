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

    Before the collector runs again, every object alive is moved out of its reach
    (`gc.freeze`): else the objects built meanwhile all sit in its youngest generation,
    and the next collections walk every one of them twice more (about a tenth of the CPU
    time of a series of comparisons) to find nothing. Reference counting still frees
    them; what the collector no longer finds is a reference cycle among objects alive at
    that moment that becomes garbage later (the pipeline builds none). Forked workers
    then share those objects' pages with the parent untouched by the collector.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.enable()
