"""Stage 4, align: link clauses of two documents by meaning. Entry point: `align`."""

from compare.align.link import align

__all__ = ["align"]
