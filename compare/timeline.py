"""Stage 6, timeline: follow each commitment through N versions. (Interim minimal version.)"""

from __future__ import annotations

from compare.model import Comparison, Document, Timeline


def build_timeline(
    documents: tuple[Document, ...], comparisons: tuple[Comparison, ...]
) -> Timeline:
    """Threads through consecutive comparisons (interim: none)."""
    return Timeline(documents=documents, comparisons=comparisons, threads=())
