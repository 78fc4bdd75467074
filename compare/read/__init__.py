"""Stage 1, read: bytes on disk (or standard input) to a decoded Source.

Entry point: `read_source`.
"""

from compare.read.source import read_source

__all__ = ["read_source"]
