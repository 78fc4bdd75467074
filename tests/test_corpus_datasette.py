"""Datasette opens a corpus: full-text search over the clauses and the canned queries work."""

from __future__ import annotations

import asyncio
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from corpustools import stored_corpus

from compare.corpus.browse import QUERIES, datasette_metadata

DATASETTE = Path(sys.executable).parent / "datasette"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A compared corpus and its Datasette metadata file."""
    root = tmp_path_factory.mktemp("browse")
    db = stored_corpus(root, "policies.db")
    meta = root / "metadata.json"
    meta.write_text(json.dumps(datasette_metadata(db), ensure_ascii=False), encoding="utf-8")
    return db, meta


def get(db: Path, meta: Path, url: str) -> list[dict]:
    """`datasette DB -m META --get URL` as JSON."""
    assert shutil.which(str(DATASETTE)), "datasette is not installed (the test extra has it)"
    done = subprocess.run(
        [str(DATASETTE), str(db), "-m", str(meta), "--get", url],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_full_text_search_over_the_clauses(corpus):
    db, meta = corpus
    rows = get(db, meta, "/policies/clauses.json?_search=可再生能源&_shape=array&_col=key")
    assert rows and all("可再生能源" in r["key"] for r in rows)
    every = (
        sqlite3.connect(db)
        .execute("SELECT count(*) FROM clauses WHERE instr(key, '可再生能源')")
        .fetchone()[0]
    )
    assert len(rows) == every


def client_get(db: Path, meta: Path, url: str) -> list[dict]:
    """The same through Datasette's test client, in this process."""
    from datasette.app import Datasette

    ds = Datasette([str(db)], metadata=json.loads(meta.read_text(encoding="utf-8")))
    response = asyncio.run(ds.client.get(url))
    assert response.status_code == 200, response.text
    return response.json()


def test_canned_query_commitments_weakened_per_year(corpus):
    db, meta = corpus
    rows = client_get(db, meta, "/policies/weakened_per_year.json?_shape=array")
    ours = (
        sqlite3.connect(db)
        .execute("SELECT count(*) FROM changes WHERE instr(',' || revisions || ',', ',weakened,')")
        .fetchone()[0]
    )
    assert ours > 0 and sum(r["weakened"] for r in rows) == ours
    assert [r["year"] for r in rows] == sorted(r["year"] for r in rows)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_canned_query_runs(corpus, name):
    db, meta = corpus
    rows = client_get(db, meta, f"/policies/{name}.json?_shape=array&phrase=可再生能源")
    assert rows, name


@pytest.mark.parametrize("phrase", ["可再生能源", "能源", "能"])
def test_clauses_mentioning_a_phrase_of_any_length(corpus, phrase):
    db, meta = corpus
    rows = client_get(db, meta, f"/policies/clauses_mentioning.json?_shape=array&phrase={phrase}")
    every = sqlite3.connect(db).execute(
        "SELECT d.name, c.clause_id FROM clauses c JOIN documents d ON d.id = c.document_id"
        " WHERE instr(c.key, ?) ORDER BY c.id LIMIT 500",
        (phrase,),
    )
    assert [(r["name"], r["clause_id"]) for r in rows] == every.fetchall()
