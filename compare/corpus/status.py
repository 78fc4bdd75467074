"""What a corpus holds: documents, clauses, pairs compared and pending, changes by kind."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from compare.corpus.pairs import pending
from compare.corpus.schema import SCHEMA_VERSION
from compare.model import ChangeKind


@dataclass(frozen=True)
class Status:
    """The counts `clausediff corpus status` shows."""

    documents: int
    clauses: int
    series: int
    pairs_compared: int
    """Pairs whose change sets are stored (consecutive versions and related documents)."""
    pairs_pending: int
    """Consecutive versions of a series not compared yet."""
    changes: dict[str, int] = field(default_factory=dict)
    """Stored changes per kind (every kind present, zero included)."""
    size_bytes: int = 0
    """The database file with its write-ahead log."""
    schema_version: int = SCHEMA_VERSION


def corpus_status(conn: sqlite3.Connection, path: Path) -> Status:
    """Count what the corpus at `path` holds."""
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    changes = {k.value: 0 for k in ChangeKind}
    changes.update(dict(conn.execute("SELECT kind, count(*) FROM changes GROUP BY kind")))
    size = sum(p.stat().st_size for p in (Path(path), Path(f"{path}-wal")) if p.exists())
    return Status(
        documents=one("SELECT count(*) FROM documents"),
        clauses=one("SELECT count(*) FROM clauses"),
        series=one("SELECT count(DISTINCT series) FROM documents"),
        pairs_compared=one("SELECT count(*) FROM pairs"),
        pairs_pending=len(pending(conn)),
        changes=changes,
        size_bytes=size,
    )
