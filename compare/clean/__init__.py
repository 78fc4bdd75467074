"""Stage 2, clean: a Source to CleanText by a trail of small fixers. Entry point: `normalize`."""

from compare.clean.normalize import normalize

__all__ = ["normalize"]
