"""A corpus manifest fills in the title, date and issuer a captured text lost, never more."""

from __future__ import annotations

import json

from clitools import S2020, excerpt_2020, run_cli

from compare.cli.commands import load_documents
from compare.model import Settings
from compare.pipeline import load_document
from compare.read import manifest as corpus

TITLE = "关于新时代推进西部大开发形成新格局的实施意见"


def write_manifest(directory, entries) -> None:
    (directory / "manifest.json").write_text(
        json.dumps({"documents": entries}, ensure_ascii=False), encoding="utf-8"
    )
    corpus.manifest_entries.cache_clear()


def test_seed_without_a_title_line_takes_the_manifest_title_and_stops_warning():
    bare = load_document(str(S2020))
    assert bare.title == S2020.stem
    assert any("no title line" in n for n in bare.notes)
    (doc,) = load_documents([str(S2020)], Settings())
    assert doc.title == TITLE
    assert not any("no title line" in n for n in doc.notes)
    assert doc.clauses == bare.clauses  # only the metadata changes


def test_what_the_text_says_wins_over_the_manifest(tmp_path):
    path = tmp_path / "plan.txt"
    title = "内蒙古自治区人民政府关于印发某某规划的通知"
    path.write_text(f"{title}\n\n{excerpt_2020()}", encoding="utf-8")
    write_manifest(tmp_path, [{"file": "plan.txt", "title": "别的标题", "issuer": "某某办公厅"}])
    own = load_document(str(path))
    (doc,) = load_documents([str(path)], Settings())
    assert doc.title == own.title != "别的标题"
    assert doc.issuer == (own.issuer or "某某办公厅")


def test_untitled_text_gets_title_date_and_issuer_from_the_manifest(tmp_path):
    path = tmp_path / "page6.txt"
    path.write_text(excerpt_2020(), encoding="utf-8")
    write_manifest(
        tmp_path,
        [{"file": "page6.txt", "title": TITLE, "date": "2020-06-23", "issuer": "自治区人民政府"}],
    )
    (doc,) = load_documents([str(path)], Settings())
    assert (doc.title, doc.issuer) == (TITLE, "自治区人民政府")
    assert doc.date == (load_document(str(path)).date or "2020-06-23")


def test_no_manifest_a_broken_one_or_an_unlisted_file_changes_nothing(tmp_path):
    path = tmp_path / "page6.txt"
    path.write_text(excerpt_2020(), encoding="utf-8")
    corpus.manifest_entries.cache_clear()
    assert load_documents([str(path)], Settings())[0].title == "page6"
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    corpus.manifest_entries.cache_clear()
    assert load_documents([str(path)], Settings())[0].title == "page6"
    write_manifest(tmp_path, [{"file": "other.txt", "title": TITLE}, "junk", {"title": "x"}])
    assert load_documents([str(path)], Settings())[0].title == "page6"


def test_timeline_of_the_seeds_names_the_2020_version_by_its_title():
    seeds = [str(p) for p in corpus.seed_files(S2020.parent)]
    proc = run_cli("timeline", "--find", "三区三线", *seeds)
    assert proc.returncode == 0, proc.stderr
    assert f"— {TITLE} (2020-06-23)" in proc.stdout
    assert "no title line" not in proc.stderr
