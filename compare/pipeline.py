"""The one place the stages are chained: read → normalize → structure → align → classify."""

from __future__ import annotations

from itertools import pairwise

from compare.align import align
from compare.classify import classify
from compare.memory import without_cycle_collection
from compare.model import Comparison, Document, Settings, Timeline
from compare.normalize import normalize
from compare.read import read_source
from compare.structure import structure
from compare.timeline import build_timeline


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
