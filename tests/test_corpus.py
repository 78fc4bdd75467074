"""The corpus store: adding versions, comparing them, searching across years, status, report."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest
from clitools import REPO, SEEDS, assert_one_error_line, run_cli
from corpustools import S2020 as S2020_SEED
from corpustools import canonical, counts, make_corpus, write_series

from compare.cli.app import run
from compare.corpus import Query, add_paths, compare_corpus, corpus_status, open_store, search
from compare.corpus.pairs import cross_series_pairs
from compare.corpus.schema import SCHEMA_VERSION
from compare.model import Settings


@pytest.fixture
def cli(capsys):
    """Run the command line in this process: (status, stdout, stderr)."""

    def call(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        status = run(list(args))
        done = capsys.readouterr()
        return status, done.out, done.err

    return call


S2021_10 = SEEDS / "2021-10-31_hubaoewu-integration-plan.txt"
"""Traditional script with pinyin readings after many characters."""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Two series of three yearly versions, added and compared in this process."""
    root = tmp_path_factory.mktemp("corpus")
    folder = make_corpus(root / "docs", versions=3)
    db = root / "c.db"
    conn = open_store(db)
    added = add_paths(conn, [str(folder)], Settings())
    compare_corpus(conn, Settings(), workers=1)
    conn.close()
    return db, folder, added


def test_add_stores_every_version_with_its_manifest_metadata(corpus):
    db, _, added = corpus
    assert len(added.added) == 6 and not added.skipped
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT series, date FROM documents ORDER BY series, date").fetchall()
    assert rows == [
        ("coordination", "2019-06-30"),
        ("coordination", "2020-06-30"),
        ("coordination", "2021-06-30"),
        ("western", "2020-06-30"),
        ("western", "2021-06-30"),
        ("western", "2022-06-30"),
    ]
    (key,) = conn.execute(
        "SELECT key FROM clauses WHERE text LIKE '%可再生能源装机倍增%'"
    ).fetchone()
    assert "推动可再生能源装机倍增发展" in key and " " not in key
    broken = conn.execute("SELECT count(*) FROM clauses WHERE instr(original, char(10))")
    assert broken.fetchone()[0] > 0  # the original keeps the capture's line breaks


def test_compare_stores_consecutive_pairs_whole(corpus):
    db, _, _ = corpus
    status = corpus_status(sqlite3.connect(db), db)
    assert (status.pairs_compared, status.pairs_pending) == (4, 0)
    conn = sqlite3.connect(db)
    for pair_id, comparison in conn.execute("SELECT id, comparison FROM pairs"):
        data = json.loads(comparison)
        rows = conn.execute(
            "SELECT kind FROM changes WHERE pair_id = ? ORDER BY position", (pair_id,)
        )
        assert [r[0] for r in rows] == [c["kind"] for c in data["changes"]]
        members = conn.execute(
            "SELECT count(*) FROM change_clauses cc JOIN changes ch ON ch.id = cc.change_id"
            " WHERE ch.pair_id = ?",
            (pair_id,),
        ).fetchone()[0]
        assert members == len(data["old"]["clauses"]) + len(data["new"]["clauses"])
    assert status.changes["revised"] > 0 and status.changes["dropped"] > 0


def test_adding_again_changes_nothing_and_a_changed_file_is_a_new_version(corpus, tmp_path, cli):
    db, folder, _ = corpus
    copy = tmp_path / "c.db"
    shutil.copy(db, copy)
    before = canonical(copy), counts(copy)
    status, out, _ = cli("corpus", "add", str(copy), str(folder))
    assert status == 0 and "0 documents, 6 already held" in out
    assert (canonical(copy), counts(copy)) == before
    edited = shutil.copytree(folder, tmp_path / "docs")
    changed = edited / "2022-06-30_western.txt"
    changed.write_text(changed.read_text(encoding="utf-8")[:-200], encoding="utf-8")
    assert cli("corpus", "add", str(copy), str(edited))[0] == 0
    status = json.loads(cli("corpus", "status", str(copy), "--format", "json")[1])
    assert status["documents"] == 7 and status["pairs_pending"] == 1


def test_search_finds_traditional_captures_with_pinyin_from_a_simplified_query(tmp_path, cli):
    db = tmp_path / "c.db"
    assert cli("corpus", "add", str(db), str(S2021_10))[0] == 0
    hits = json.loads(cli("corpus", "search", str(db), "黄河流域生态保护", "--format", "json")[1])
    assert hits and all("黃河流域生態保護" in h["text"] for h in hits)
    assert set(hits[0]) >= {"document", "date", "series", "clause_id", "text", "fate"}
    assert hits[0]["fate"]["kind"] == "last-version"


def test_search_hits_carry_their_fate_and_the_filters_apply(corpus):
    db, _, _ = corpus
    conn = sqlite3.connect(db)
    weakened = search(conn, Query("推进", kind="weakened", limit=0))
    assert weakened and all("weakened" in h.fate.revisions for h in weakened)
    assert all(h.fate.document and h.fate.clauses for h in weakened)
    late = search(conn, Query("推进", since="2022", limit=0))
    assert late and all(h.date >= "2022" and h.fate.kind == "last-version" for h in late)
    early = search(conn, Query("推进", until="2019", series="coord", limit=0))
    assert early and {h.series for h in early} == {"coordination"}
    assert all(h.date.startswith("2019") for h in early)
    dropped = search(conn, Query("发展", kind="dropped", limit=0))
    assert dropped and all(h.fate.kind == "dropped" and not h.fate.clauses for h in dropped)


def test_a_two_character_query_scans_the_keys(corpus):
    db, _, _ = corpus
    hits = search(sqlite3.connect(db), Query("煤炭", limit=0))
    assert hits and all("煤炭" in h.text for h in hits)


def test_search_output_formats(corpus, cli):
    db, _, _ = corpus
    status, table, _ = cli("corpus", "search", str(db), "能源", "--until", "2019", "--limit", "2")
    assert status == 0 and table.rstrip().endswith("2 clauses")
    csv = cli("corpus", "search", str(db), "能源", "--limit", "2", "--format", "csv")[1]
    assert csv.splitlines()[0].startswith("document,date,series,clause_id")
    assert len(csv.splitlines()) == 3
    status, _, err = cli("corpus", "search", str(db), "能源", "--kind", "vanished")
    assert status == 2
    assert_one_error_line(err, "vanished")


def test_report_writes_each_series_and_an_index(corpus, tmp_path, cli):
    db, _, _ = corpus
    status, _, err = cli("corpus", "report", str(db), "-o", str(tmp_path / "out"))
    assert status == 0, err
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "coordination" in index and "western" in index
    for folder in ("01-coordination", "02-western"):
        page = tmp_path / "out" / folder / "index.html"
        assert page.is_file() and "3 versions" in page.read_text(encoding="utf-8")
        assert f'href="{folder}/index.html"' in index


def test_an_unreadable_file_is_skipped_and_the_rest_added(tmp_path):
    db = tmp_path / "c.db"
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    done = run_cli("corpus", "add", str(db), str(binary), str(SEEDS / S2021_10.name))
    assert done.returncode == 1
    assert "scan.txt" in done.stderr and "Traceback" not in done.stderr
    assert counts(db)["documents"] == 1


@pytest.mark.parametrize(
    ("content", "word"),
    [
        (b"this is a shopping list, not a database\n", "not an SQLite database"),
        (b"SQLite format 3\x00" + b"\x00" * 84 + b"garbage" * 200, "unreadable"),
    ],
)
def test_a_corrupt_file_is_refused_and_left_alone(tmp_path, content, word):
    db = tmp_path / "c.db"
    db.write_bytes(content)
    done = run_cli("corpus", "add", str(db), str(S2021_10))
    assert done.returncode == 2
    assert_one_error_line(done.stderr, str(db))
    assert db.read_bytes() == content


def test_another_applications_database_is_refused(tmp_path, cli):
    db = tmp_path / "other.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    status, _, err = cli("corpus", "status", str(db))
    assert status == 2
    assert_one_error_line(err, "not a clausediff corpus", "another application")
    assert db.read_bytes() == before


def test_a_newer_schema_is_refused_with_both_versions(tmp_path, cli):
    db = tmp_path / "c.db"
    open_store(db).close()
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 7}")
    conn.close()
    status, _, err = cli("corpus", "status", str(db))
    assert status == 2
    assert_one_error_line(err, str(SCHEMA_VERSION + 7), f"this clausediff's {SCHEMA_VERSION}")


def test_the_store_uses_wal_foreign_keys_and_its_schema_version(tmp_path):
    conn = open_store(tmp_path / "c.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "INSERT INTO pairs (old_id, new_id, relation, summary, comparison, tool_version,"
            " compared_at) VALUES (98, 99, 'series', '', '', '', '')"
        )


def test_a_missing_corpus_is_not_created_by_a_reader(tmp_path, cli):
    db = tmp_path / "none.db"
    status, _, err = cli("corpus", "search", str(db), "能源")
    assert status == 2 and not db.exists()
    assert_one_error_line(err, "no such corpus")


def test_related_finds_documents_of_other_series_that_share_text(tmp_path, cli):
    folder = tmp_path / "docs"
    folder.mkdir()
    entries = write_series(folder, S2020_SEED, "western", range(2020, 2022))
    excerpt = S2020_SEED.read_text(encoding="utf-8").splitlines(keepends=True)
    (folder / "excerpt.txt").write_text("".join(excerpt[: len(excerpt) // 2]), encoding="utf-8")
    shutil.copy(SEEDS / "2013-05-23_hubaoyinyu-zone-work-plan.txt", folder / "zone.txt")
    entries += [
        {"file": "excerpt.txt", "date": "2021-12-01", "series": "excerpts"},
        {"file": "zone.txt", "date": "2013-05-23", "series": "zone"},
    ]
    (folder / "manifest.json").write_text(json.dumps({"documents": entries}), encoding="utf-8")
    db = tmp_path / "c.db"
    assert cli("corpus", "add", str(db), str(folder))[0] == 0
    conn = open_store(db)
    names = dict(conn.execute("SELECT id, name FROM documents"))
    related = {(names[w.old_id], names[w.new_id]) for w in cross_series_pairs(conn)}
    assert related == {
        ("2020-06-30_western.txt", "excerpt.txt"),
        ("2021-06-30_western.txt", "excerpt.txt"),
    }
    assert cli("corpus", "compare", str(db), "--related")[0] == 0
    kinds = dict(conn.execute("SELECT relation, count(*) FROM pairs GROUP BY relation"))
    assert kinds == {"series": 1, "related": 2}


def test_every_corpus_command_and_option_is_documented():
    from typer.main import get_command

    from compare.cli.corpus import corpus_app

    text = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    section = text.split("### `clausediff corpus`", 1)[1].split("\n### ", 1)[0]
    for name, command in get_command(corpus_app).commands.items():  # type: ignore[attr-defined]
        assert f"clausediff corpus {name} DB" in section, name
        for option in (o for p in command.params for o in p.opts if o.startswith("--")):
            assert option in section, (name, option)


def test_hits_come_oldest_first_whatever_order_the_versions_were_added(tmp_path, cli):
    folder = tmp_path / "docs"
    folder.mkdir()
    entries = write_series(folder, S2020_SEED, "western", range(2020, 2023))
    (folder / "manifest.json").write_text(json.dumps({"documents": entries}), encoding="utf-8")
    db = tmp_path / "c.db"
    for entry in reversed(entries):  # newest first
        assert cli("corpus", "add", str(db), str(folder / entry["file"]))[0] == 0
    assert cli("corpus", "compare", str(db))[0] == 0
    hits = search(open_store(db), Query("能源", limit=0))
    dates = [h.date for h in hits]
    assert dates == sorted(dates) and dates[0] == "2020-06-30" and dates[-1] == "2022-06-30"
    assert {h.fate.kind for h in hits if h.date == "2022-06-30"} == {"last-version"}
    assert "last-version" not in {h.fate.kind for h in hits if h.date < "2022"}
    first = search(open_store(db), Query("能源", limit=3))
    assert first == hits[:3]


@pytest.fixture(scope="module")
def seed_series(tmp_path_factory):
    """Three seeds (2013, 2019, 2020) as one series, added and compared in this process."""
    root = tmp_path_factory.mktemp("seeds")
    folder = root / "docs"
    folder.mkdir()
    names = sorted(p.name for p in SEEDS.glob("20[12][039]-*.txt"))[:3]
    for name in names:
        shutil.copy(SEEDS / name, folder / name)
    entries = [{"file": n, "date": n[:10], "series": "seeds"} for n in names]
    manifest = json.dumps({"documents": entries}, ensure_ascii=False)
    (folder / "manifest.json").write_text(manifest, encoding="utf-8")
    db = root / "seeds.db"
    conn = open_store(db)
    add_paths(conn, [str(folder)], Settings())
    compare_corpus(conn, Settings(), workers=1)
    conn.close()
    return db, names


def test_report_shows_the_stored_successors_of_a_dropped_clause(seed_series, tmp_path, cli):
    db, names = seed_series
    assert [n[:4] for n in names] == ["2013", "2019", "2020"]
    status, _, err = cli("corpus", "report", str(db), "-o", str(tmp_path / "out"))
    assert status == 0, err
    folder = tmp_path / "out" / "01-seeds"
    conn = sqlite3.connect(db)
    stored = [
        json.loads(c)
        for (c,) in conn.execute(
            "SELECT p.comparison FROM pairs p JOIN documents d ON d.id = p.old_id ORDER BY d.date"
        )
    ]
    written = [
        json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("pair-*.json"))
    ]
    assert len(written) == len(stored) == 2
    for mine, theirs in zip(written, stored, strict=True):
        assert mine["changes"] == theirs["changes"] and mine["notes"] == theirs["notes"]
    dropped = [c for c in stored[0]["changes"] if c["kind"] == "dropped" and c["successors"]]
    assert dropped, "the 2013 → 2019 pair drops clauses with possible successors"
    first = dropped[0]
    page = next(folder.glob("pair-1_*.html")).read_text(encoding="utf-8")
    assert "possible successors" in page
    assert f"n-{first['successors'][0]['id']}" in page
    timeline = json.loads((folder / "timeline.json").read_text(encoding="utf-8"))
    assert any(t["probable_continuation"] for t in timeline["threads"])
