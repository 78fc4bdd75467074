"""Stage 5, classify: alignment links to a complete, typed change set. Entry point: `classify`."""

from compare.classify.changes import classify

__all__ = ["classify"]
