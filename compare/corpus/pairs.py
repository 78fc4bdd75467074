"""Which versions of the corpus are compared, what one comparison returns, and how it is kept."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from itertools import pairwise
from typing import Any

from compare import __version__
from compare.corpus.related import Signed, minhash_bytes, related_pairs
from compare.corpus.schema import transaction
from compare.model import Document, Settings, Source
from compare.pipeline import compare_documents, parse_source
from compare.render.json_out import comparison_chunks

SERIES = "series"
"""`pairs.relation` of consecutive versions of one series."""
RELATED = "related"
"""`pairs.relation` of documents of different series that share text."""


@dataclass(frozen=True)
class Wanted:
    """A pair of stored documents to compare (older first)."""

    old_id: int
    new_id: int
    relation: str


@dataclass(frozen=True)
class StoredDocument:
    """A stored version as a worker needs it: the decoded file and the metadata the corpus
    settled on (manifest, text or file name)."""

    id: int
    source: Source
    title: str
    date: str
    issuer: str


@dataclass(frozen=True)
class PairJob:
    """One comparison to run: everything a worker needs, nothing it must look up."""

    old: StoredDocument
    new: StoredDocument
    relation: str
    settings: Settings


@dataclass(frozen=True)
class PairOutcome:
    """What a worker sends back: which pair, and its comparison as the JSON renderer wrote it."""

    old_id: int
    new_id: int
    relation: str
    json: str


def series_pairs(conn: sqlite3.Connection) -> list[Wanted]:
    """Consecutive versions of each series, by date (undated first), then order of adding."""
    rows = conn.execute("SELECT id, series FROM documents ORDER BY series, date, id").fetchall()
    return [
        Wanted(a[0], b[0], SERIES) for a, b in pairwise(rows) if a[1] == b[1]
    ]  # fmt: skip


def cross_series_pairs(conn: sqlite3.Connection) -> list[Wanted]:
    """Documents of different series sharing enough text (MinHash/LSH), older first."""
    sign_documents(conn)
    docs = [
        Signed(i, s, d, sig)
        for i, s, d, sig in conn.execute("SELECT id, series, date, minhash FROM documents")
    ]
    return [Wanted(a, b, RELATED) for a, b in related_pairs(docs)]


def sign_documents(conn: sqlite3.Connection) -> None:
    """Store the MinHash signature of every document that has none yet (made on the first
    `--related` run, so that adding documents does not pay for it)."""
    unsigned = [i for (i,) in conn.execute("SELECT id FROM documents WHERE minhash IS NULL")]
    for doc_id in unsigned:
        keys = conn.execute("SELECT key FROM clauses WHERE document_id = ?", (doc_id,))
        signature = minhash_bytes(k for (k,) in keys)
        with transaction(conn):
            conn.execute("UPDATE documents SET minhash = ? WHERE id = ?", (signature, doc_id))


def pending(conn: sqlite3.Connection, related: bool = False) -> list[Wanted]:
    """The wanted pairs not compared yet, each series' in order."""
    wanted = series_pairs(conn) + (cross_series_pairs(conn) if related else [])
    done = set(conn.execute("SELECT old_id, new_id FROM pairs"))
    return [w for w in wanted if (w.old_id, w.new_id) not in done]


def pair_chars(conn: sqlite3.Connection, wanted: Sequence[Wanted]) -> int:
    """Characters of both sides of the wanted pairs, in all (how much work they are)."""
    size = dict(conn.execute("SELECT id, length(source_text) FROM documents"))
    return sum(size[w.old_id] + size[w.new_id] for w in wanted)


def stored_document(conn: sqlite3.Connection, doc_id: int) -> StoredDocument:
    """A stored version, with its source text, by id."""
    row = conn.execute(
        "SELECT path, source_text, encoding, format, size, encoding_guessed, source_notes,"
        " title, date, issuer FROM documents WHERE id = ?",
        (doc_id,),
    ).fetchone()
    path, text, encoding, fmt, size, guessed, notes, title, date, issuer = row
    source = Source(path, text, encoding, fmt, size, bool(guessed), tuple(json.loads(notes)))
    return StoredDocument(doc_id, source, title, date, issuer)


def pair_job(conn: sqlite3.Connection, wanted: Wanted, settings: Settings) -> PairJob:
    """The job of a wanted pair: both stored versions with their source texts."""
    old, new = stored_document(conn, wanted.old_id), stored_document(conn, wanted.new_id)
    return PairJob(old, new, wanted.relation, settings)


@lru_cache(maxsize=2)
def as_document(stored: StoredDocument) -> Document:
    """Parse a stored version again, with the corpus's metadata. The last two are kept (one
    pair): the next pair of a series starts with the version the last one ended with, so a
    worker given a series' pairs in turn parses each version once."""
    doc = parse_source(stored.source)
    return dataclasses.replace(doc, title=stored.title, date=stored.date, issuer=stored.issuer)


def compare_pair(job: PairJob) -> PairOutcome:
    """Run one comparison (in a worker): parse both versions, compare, render the JSON."""
    cmp = compare_documents(as_document(job.old), as_document(job.new), job.settings)
    text = "".join(comparison_chunks(cmp))
    return PairOutcome(job.old.id, job.new.id, job.relation, text)


def store_outcome(conn: sqlite3.Connection, outcome: PairOutcome) -> bool:
    """Keep one comparison, its changes and which clauses each change holds, in one
    transaction; False (nothing written) when the pair is stored already."""
    data = json.loads(outcome.json)
    with transaction(conn):
        cur = conn.execute(
            "INSERT OR IGNORE INTO pairs (old_id, new_id, relation, summary, comparison,"
            " tool_version, compared_at) VALUES (?,?,?,?,?,?,?)",
            (
                outcome.old_id,
                outcome.new_id,
                outcome.relation,
                json.dumps(data["summary"]),
                outcome.json,
                __version__,
                datetime.now(UTC).isoformat(timespec="seconds"),
            ),
        )
        if not cur.rowcount:
            return False
        store_changes(conn, cur.lastrowid, outcome, data["changes"])
    return True


def store_changes(
    conn: sqlite3.Connection,
    pair_id: int | None,
    outcome: PairOutcome,
    changes: list[dict[str, Any]],
) -> None:
    """The normalized rows of a pair's changes (the whole JSON of each kept in `data`)."""
    old_ids, new_ids = clause_rowids(conn, outcome.old_id), clause_rowids(conn, outcome.new_id)
    members = []
    for pos, ch in enumerate(changes):
        cur = conn.execute(
            "INSERT INTO changes (pair_id, position, kind, revisions, similarity, old_clauses,"
            " new_clauses, data) VALUES (?,?,?,?,?,?,?,?)",
            (
                pair_id,
                pos,
                ch["kind"],
                ",".join(sorted({r["kind"] for r in ch.get("revisions", [])})),
                ch.get("similarity", 0.0),
                " ".join(ch["old"]),
                " ".join(ch["new"]),
                json.dumps(ch, ensure_ascii=False),
            ),
        )
        members += [(cur.lastrowid, old_ids[c], "old") for c in ch["old"]]
        members += [(cur.lastrowid, new_ids[c], "new") for c in ch["new"]]
    conn.executemany(
        "INSERT INTO change_clauses (change_id, clause_id, side) VALUES (?,?,?)", members
    )


def clause_rowids(conn: sqlite3.Connection, doc_id: int) -> dict[str, int]:
    """A document's clause ids (`c12`) → their rows."""
    return dict(conn.execute("SELECT clause_id, id FROM clauses WHERE document_id = ?", (doc_id,)))
