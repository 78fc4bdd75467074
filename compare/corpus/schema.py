"""The corpus database: its tables, their migrations, and how a file is opened or refused."""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from compare.errors import StoreError

APPLICATION_ID = 0x434C4446
"""`PRAGMA application_id` of a clausediff corpus ("CLDF"): marks the file as ours."""

SQLITE_HEADER = b"SQLite format 3\x00"

POSITION_BITS = 19
"""A clause row id is (day, document, position) packed in bits: clauses of one document
number fewer than 2**19 (524,288)."""
DOCUMENT_BITS = 17
"""…documents fewer than 2**17 (131,072)…"""
DAY_ZERO = date(1900, 1, 1)
"""…and days count from here (undated documents: day 0), 2**17 of them (to 2258); the id stays
under 2**53, exact in JavaScript (Datasette's JSON)."""
SHORT = 2
"""Queries of at most this many characters use `clauses_short`, whose tokens are each single
character of a key and each pair of neighbouring ones; the trigram index needs three."""
ISO_DATE = re.compile(r"(\d{4})(?:-(\d\d))?(?:-(\d\d))?")

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE,
        path TEXT NOT NULL,
        name TEXT NOT NULL,
        series TEXT NOT NULL,
        date TEXT NOT NULL,
        title TEXT NOT NULL,
        issuer TEXT NOT NULL,
        encoding TEXT NOT NULL,
        format TEXT NOT NULL,
        size INTEGER NOT NULL,
        encoding_guessed INTEGER NOT NULL,
        source_notes TEXT NOT NULL,
        notes TEXT NOT NULL,
        repairs TEXT NOT NULL,
        source_text TEXT NOT NULL,
        minhash BLOB,
        added_at TEXT NOT NULL
    );
    CREATE INDEX documents_series_date ON documents(series, date, id);
    CREATE TABLE clauses (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        clause_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        text TEXT NOT NULL,
        key TEXT NOT NULL,
        original TEXT NOT NULL,
        section TEXT NOT NULL,
        is_heading INTEGER NOT NULL,
        commitment INTEGER NOT NULL,
        strength TEXT NOT NULL,
        facts TEXT NOT NULL,
        UNIQUE (document_id, clause_id)
    );
    CREATE VIRTUAL TABLE clauses_fts USING fts5(
        key, content="clauses", content_rowid="id", tokenize="trigram"
    );
    CREATE TRIGGER clauses_fts_insert AFTER INSERT ON clauses BEGIN
        INSERT INTO clauses_fts(rowid, key) VALUES (new.id, new.key);
    END;
    CREATE TRIGGER clauses_fts_delete AFTER DELETE ON clauses BEGIN
        INSERT INTO clauses_fts(clauses_fts, rowid, key) VALUES ('delete', old.id, old.key);
    END;
    CREATE TABLE pairs (
        id INTEGER PRIMARY KEY,
        old_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        new_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        relation TEXT NOT NULL,
        summary TEXT NOT NULL,
        comparison TEXT NOT NULL,
        tool_version TEXT NOT NULL,
        compared_at TEXT NOT NULL,
        UNIQUE (old_id, new_id)
    );
    CREATE TABLE changes (
        id INTEGER PRIMARY KEY,
        pair_id INTEGER NOT NULL REFERENCES pairs(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        kind TEXT NOT NULL,
        revisions TEXT NOT NULL,
        similarity REAL NOT NULL,
        old_clauses TEXT NOT NULL,
        new_clauses TEXT NOT NULL,
        data TEXT NOT NULL,
        UNIQUE (pair_id, position)
    );
    CREATE TABLE change_clauses (
        change_id INTEGER NOT NULL REFERENCES changes(id) ON DELETE CASCADE,
        clause_id INTEGER NOT NULL REFERENCES clauses(id) ON DELETE CASCADE,
        side TEXT NOT NULL CHECK (side IN ('old', 'new')),
        PRIMARY KEY (change_id, side, clause_id)
    );
    CREATE INDEX change_clauses_clause ON change_clauses(clause_id, side);
    CREATE INDEX changes_kind ON changes(kind);
    """,
    """
    CREATE VIRTUAL TABLE clauses_short USING fts5(
        grams, content="", detail=none,
        tokenize="unicode61 remove_diacritics 0 categories 'L* M* N* P* S* C*'"
    );
    CREATE TRIGGER clauses_short_insert AFTER INSERT ON clauses BEGIN
        INSERT INTO clauses_short(rowid, grams) VALUES (new.id, short_grams(new.key));
    END;
    CREATE TRIGGER clauses_short_delete AFTER DELETE ON clauses BEGIN
        INSERT INTO clauses_short(clauses_short, rowid, grams)
        VALUES ('delete', old.id, short_grams(old.key));
    END;
    INSERT INTO clauses_short(rowid, grams) SELECT id, short_grams(key) FROM clauses;
    """,
)
"""Migration i brings a database from schema version i to i + 1 (`PRAGMA user_version`):
1, the tables and the trigram index; 2, the index of short queries (`clauses_short`), built
for the clauses already stored."""

SCHEMA_VERSION = len(MIGRATIONS)
"""The schema this code writes and reads."""


def day_number(iso: str) -> int:
    """Days from DAY_ZERO to an ISO date (`2021`, `2021-10`, `2021-10-31`: the first day
    of a year or month); 0 for no date or one before DAY_ZERO."""
    m = ISO_DATE.match(iso or "")
    if not m:
        return 0
    year, month, day = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    try:
        return max(0, (date(year, min(max(month, 1), 12), max(day, 1)) - DAY_ZERO).days)
    except ValueError:  # 2021-02-30: the month's first day
        return max(0, (date(year, min(max(month, 1), 12), 1) - DAY_ZERO).days)


def clause_rowid(iso: str, document_id: int, position: int) -> int:
    """The row id of a clause: ascending ids are chronological (date, document, position), so
    the full-text index returns hits oldest first and a search stops at its limit."""
    if document_id >= 1 << DOCUMENT_BITS or position >= 1 << POSITION_BITS:
        raise StoreError(
            "corpus full", f"at most {1 << DOCUMENT_BITS} documents of at most "
            f"{1 << POSITION_BITS} clauses each", "start another corpus file",
        )  # fmt: skip
    return (
        (day_number(iso) << (DOCUMENT_BITS + POSITION_BITS))
        | (document_id << POSITION_BITS)
        | position
    )


def short_grams(key: str) -> str:
    """The tokens `clauses_short` holds for a comparison key, space-separated: every character
    and every two neighbouring characters (水资源 → 水 资 源 水资 资源). Its tokenizer takes
    every character but spaces as part of a token, punctuation included, so a query of one
    or two characters is one token, found exactly where it is a substring of the key."""
    return " ".join([*key, *(key[i : i + SHORT] for i in range(len(key) - 1))])


def first_rowid(iso: str) -> int:
    """The smallest clause row id on or after a date."""
    return day_number(iso) << (DOCUMENT_BITS + POSITION_BITS)


def open_store(path: Path | str, create: bool = True) -> sqlite3.Connection:
    """Open (and on first use create) a corpus database, brought to the current schema.

    Refuses, without writing a byte, a file that is not SQLite, an SQLite database of another
    application, and a corpus of a newer schema.
    """
    path = Path(path)
    check_file(path, create)
    conn = connect(path)
    try:
        check_owner(conn, path)
        write_ahead(conn, path)
        migrate(conn, path)
    except BaseException:
        conn.close()
        raise
    return conn


def check_file(path: Path, create: bool) -> bool:
    """True when the database is still to be made; raises for anything but SQLite."""
    if path.is_dir():
        raise StoreError(f"{path}: is a directory", "a corpus is one SQLite file", "name a file")
    if not path.exists() or path.stat().st_size == 0:
        if not create:
            raise StoreError(
                f"{path}: no such corpus", "the file does not exist", "add documents first: "
                f"clausediff corpus add {path} FILE…",
            )  # fmt: skip
        return True
    with path.open("rb") as f:
        head = f.read(len(SQLITE_HEADER))
    if head != SQLITE_HEADER:
        raise StoreError(
            f"{path}: not a clausediff corpus",
            "the file is not an SQLite database (corrupt or another kind of file)",
            "name a corpus database, or a new file to create one",
        )
    return False


def connect(path: Path) -> sqlite3.Connection:
    """A connection with foreign keys on and `short_grams` defined (the triggers that keep
    `clauses_short` call it), nothing written yet."""
    try:
        conn = sqlite3.connect(path, timeout=30, isolation_level=None)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.create_function("short_grams", 1, short_grams, deterministic=True)
    except sqlite3.DatabaseError as e:
        raise corrupt(path, e) from e
    return conn


def write_ahead(conn: sqlite3.Connection, path: Path) -> None:
    """Write-ahead logging: readers (search, Datasette) work while `compare` writes."""
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as e:
        raise corrupt(path, e) from e


def corrupt(path: Path, e: sqlite3.Error) -> StoreError:
    """The error for a database SQLite cannot read."""
    return StoreError(
        f"{path}: unreadable corpus database",
        f"SQLite says: {e}",
        "restore it from a copy, or name a new file",
    )


def check_owner(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse an SQLite file that some other application made."""
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError as e:
        raise corrupt(path, e) from e
    if app_id == APPLICATION_ID or (app_id == 0 and tables == 0):
        return
    raise StoreError(
        f"{path}: not a clausediff corpus",
        f"it is an SQLite database of another application ({tables} tables, "
        f"application id {app_id})",
        "name a corpus database, or a new file to create one",
    )


def migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Bring the schema up to date, one migration per transaction; refuse a newer one."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: corpus schema {version} is newer than this clausediff's {SCHEMA_VERSION}",
            "it was written by a later version",
            "upgrade clausediff to read it",
        )
    for step in range(version, SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in split_script(MIGRATIONS[step]):
                conn.execute(statement)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {step + 1}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


def split_script(script: str) -> list[str]:
    """The statements of a migration (triggers kept whole)."""
    statements, current = [], ""
    for line in script.strip().splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return statements


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any failure or interrupt: all or nothing."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
