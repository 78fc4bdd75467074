"""Corpus search of one or two characters: the short-query index gives exactly the hits of a
substring search, with the same filters and order, and is built for an older store."""

from __future__ import annotations

import random
import shutil
import sqlite3

import pytest
from corpustools import stored_corpus

from compare.corpus import Query, add_paths, open_store, search
from compare.corpus.schema import SCHEMA_VERSION
from compare.model import Settings


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A compared corpus of two series of three versions, and a note in Latin letters."""
    root = tmp_path_factory.mktemp("short")
    db = stored_corpus(root)
    note = root / "2023-01-01_note.txt"
    note.write_text("一、目标\n\n全区GDP年均增长6%左右，R&D经费投入强度达到2.5%。\n", "utf-8")
    conn = open_store(db)
    add_paths(conn, [str(note)], Settings())
    conn.close()
    return db


def substring_hits(conn: sqlite3.Connection, text: str) -> list[tuple[str, str]]:
    """(file, clause id) of every clause whose key holds `text`, oldest first: the meaning of
    a search, read by scanning every key."""
    return conn.execute(
        "SELECT d.name, c.clause_id FROM clauses c JOIN documents d ON d.id = c.document_id"
        " WHERE instr(c.key, ?) > 0 ORDER BY c.id",
        (text,),
    ).fetchall()


def found(conn: sqlite3.Connection, query: Query) -> list[tuple[str, str]]:
    """(file, clause id) of each hit of a search."""
    return [(h.document, h.clause_id) for h in search(conn, query)]


def short_queries(conn: sqlite3.Connection) -> list[str]:
    """Characters and neighbouring pairs cut from the keys: CJK, punctuation, digits, Latin
    letters, pairs across punctuation, and lower-case forms of upper-case letters."""
    keys = [k for (k,) in conn.execute("SELECT key FROM clauses ORDER BY id")]
    rng = random.Random(7)
    chars = sorted({ch for k in keys for ch in k})
    pairs = sorted({k[i : i + 2] for k in keys for i in range(len(k) - 1)})
    signs = [ch for ch in chars if not ch.isalnum()]
    marks = [p for p in pairs if set(p) & set(signs)]
    upper = [p for p in pairs if p.isascii() and p.isalpha() and p.isupper()]
    assert len(signs) > 5 and marks and upper, "punctuation and upper-case Latin letters"
    return [
        *rng.sample(chars, 60),
        *rng.sample(pairs, 120),
        *rng.sample(marks, 20),
        *signs,
        *upper[:5],
        *(p.lower() for p in upper[:5]),
        *(p[0].lower() for p in upper[:5]),
    ]


def test_short_queries_find_exactly_the_clauses_holding_them(store):
    conn = open_store(store, create=False)
    for text in short_queries(conn):
        assert found(conn, Query(text, limit=0)) == substring_hits(conn, text), text
    conn.close()


def test_a_short_query_keeps_the_filters_the_order_and_the_limit(store):
    conn = open_store(store, create=False)
    shown = set()  # the filters that kept some hits and left out others
    for text in ("能", "发展", "，加", "确保", "逐步", "争取"):
        every = search(conn, Query(text, limit=0))
        assert len(every) > 5, text
        cases = [
            (Query(text, since="2021", limit=0), [h for h in every if h.date >= "2021"]),
            (Query(text, until="2020", limit=0), [h for h in every if h.date < "2021"]),
            (Query(text, series="west", limit=0), [h for h in every if "west" in h.series]),
            (Query(text, kind="dropped", limit=0), [h for h in every if h.fate.kind == "dropped"]),
            (
                Query(text, kind="weakened", limit=0),
                [h for h in every if "weakened" in h.fate.revisions],
            ),
            (Query(text, limit=3), every[:3]),
        ]
        for i, (query, wanted) in enumerate(cases):
            assert search(conn, query) == wanted, query
            if 0 < len(wanted) < len(every):
                shown.add(i)
    assert shown == set(range(6))
    conn.close()


def downgrade(db) -> None:
    """Make a store what schema version 1 wrote: no short-query index."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("DROP TRIGGER clauses_short_insert")
    conn.execute("DROP TRIGGER clauses_short_delete")
    conn.execute("DROP TABLE clauses_short")
    conn.execute("PRAGMA user_version = 1")
    conn.close()


def test_a_store_of_the_previous_schema_gets_its_short_query_index(store, tmp_path):
    assert SCHEMA_VERSION == 2
    db = tmp_path / "v1.db"
    shutil.copy(store, db)
    downgrade(db)
    old = sqlite3.connect(db)
    tables = "SELECT name FROM sqlite_master WHERE name LIKE 'clauses_short%'"
    assert not old.execute(tables).fetchall()
    expected = {t: substring_hits(old, t) for t in ("能", "发展", "。")}
    old.close()
    conn = open_store(db, create=False)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    for text, hits in expected.items():
        assert hits and found(conn, Query(text, limit=0)) == hits
    # the triggers keep it: a version added, then a document deleted
    extra = tmp_path / "2024-05-01_extra.txt"
    extra.write_text("一、能源\n\n提高能源利用效率，发展可再生能源。\n", encoding="utf-8")
    before = len(substring_hits(conn, "能"))
    add_paths(conn, [str(extra)], Settings())
    assert found(conn, Query("能", limit=0)) == substring_hits(conn, "能")
    assert len(substring_hits(conn, "能")) > before
    (doc,) = conn.execute("SELECT id FROM documents WHERE name = ?", (extra.name,)).fetchone()
    conn.execute("DELETE FROM documents WHERE id = ?", (doc,))
    assert found(conn, Query("能", limit=0)) == substring_hits(conn, "能")
    assert len(substring_hits(conn, "能")) == before
    indexed = "SELECT count(*) FROM clauses_short WHERE clauses_short MATCH '能'"
    assert conn.execute(indexed).fetchone()[0] == before  # the deleted rows left the index
    conn.close()
