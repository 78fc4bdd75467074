"""What `diff --format` chooses from, apart from the typer declarations (`params`): the plain
`diff` path reads it without importing typer."""

from __future__ import annotations

from enum import StrEnum


class PairFormat(StrEnum):
    """What `diff` prints."""

    table = "table"
    json = "json"
    md = "md"
