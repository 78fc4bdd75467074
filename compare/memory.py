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
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
