"""The one place the stages are chained: read → normalize → structure → align → classify."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import pairwise

from compare.align import align
from compare.classify import classify
from compare.model import Comparison, Document, Settings, Timeline
from compare.normalize import normalize
from compare.read import read_source
from compare.structure import structure
from compare.timeline import build_timeline


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector while a stage builds many small acyclic objects.

    The stages allocate millions of strings, tuples and frozen dataclasses that form no
    cycles; the collector's repeated generation scans over them cost about as much as the
    cleaning itself on a 1 MB input. Reference counting still frees everything.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_document(path: str, settings: Settings | None = None) -> Document:
    """Read, clean and parse one file."""
    settings = settings or Settings()
    with without_cycle_collection():
        source = read_source(path, max_bytes=settings.max_bytes)
        return structure(source, normalize(source))


def compare_documents(old: Document, new: Document, settings: Settings | None = None) -> Comparison:
    """Align and classify two parsed documents."""
    settings = settings or Settings()
    with without_cycle_collection():
        return classify(old, new, align(old, new, settings), settings)


def compare_paths(old: str, new: str, settings: Settings | None = None) -> Comparison:
    """Compare two files."""
    return compare_documents(load_document(old, settings), load_document(new, settings), settings)


def timeline_paths(paths: list[str], settings: Settings | None = None) -> Timeline:
    """Parse N files (in the order given), compare consecutive pairs, and thread them."""
    return timeline_documents(tuple(load_document(p, settings) for p in paths), settings)


def timeline_documents(docs: tuple[Document, ...], settings: Settings | None = None) -> Timeline:
    """Compare consecutive parsed documents (in the order given) and thread them."""
    comps = tuple(compare_documents(a, b, settings) for a, b in pairwise(docs))
    return build_timeline(docs, comps)
