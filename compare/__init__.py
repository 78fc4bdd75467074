"""clausediff: clause-level comparison and change tracking for policy documents."""

__version__ = "0.1.0"
