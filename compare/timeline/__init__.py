"""Stage 6, timeline: follow each commitment through N versions. Entry point: `build_timeline`."""

from compare.timeline.threads import build_timeline

__all__ = ["build_timeline"]
