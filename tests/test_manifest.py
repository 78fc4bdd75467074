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


def small_corpus(directory, readme: bool = True) -> list[str]:
    """Two excerpts of the 2020 seed listed newest first in a manifest, beside a README."""
    text = excerpt_2020()
    (directory / "b.txt").write_text(text, encoding="utf-8")
    (directory / "a.txt").write_text(text.replace("创建呼包鄂国家自主创新示范区。", ""), "utf-8")
    if readme:
        (directory / "README.md").write_text("# 说明\n\n两份文件。\n", encoding="utf-8")
    write_manifest(directory, [{"file": "b.txt", "date": "2020-06-23"}, {"file": "a.txt"}])
    return ["b.txt", "a.txt"]


def test_a_folder_gives_its_manifest_files_in_order_and_skips_readme(tmp_path):
    listed = small_corpus(tmp_path)
    kept, skipped = corpus.document_paths([str(tmp_path)])
    assert [p.rsplit("/", 1)[-1] for p in kept] == listed
    assert skipped == []
    corpus.manifest_entries.cache_clear()
    (tmp_path / "manifest.json").unlink()
    kept, _ = corpus.document_paths([str(tmp_path)])
    assert [p.rsplit("/", 1)[-1] for p in kept] == ["a.txt", "b.txt"]  # README.md left out


def test_a_glob_over_a_corpus_skips_the_manifest_readme_and_binaries(tmp_path):
    small_corpus(tmp_path)
    (tmp_path / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (tmp_path / "notes").write_text("无后缀的文本也是文件。\n", encoding="utf-8")
    names = sorted(str(p) for p in tmp_path.iterdir())  # what `dir/*` expands to
    kept, skipped = corpus.document_paths(names)
    assert [p.rsplit("/", 1)[-1] for p in kept] == ["a.txt", "b.txt", "notes"]
    assert [p.rsplit("/", 1)[-1] for p in skipped] == ["README.md", "manifest.json", "scan.png"]


def test_timeline_of_the_seed_glob_has_five_versions_and_one_warning():
    globbed = sorted(str(p) for p in S2020.parent.iterdir())
    assert any(p.endswith("manifest.json") for p in globbed)
    proc = run_cli("timeline", "--find", "三区三线", *globbed)
    assert proc.returncode == 0, proc.stderr
    versions = [ln for ln in proc.stdout.splitlines() if ln.startswith("v")]
    assert [v.split(":")[0] for v in versions] == ["v1", "v2", "v3", "v4", "v5"]
    skipped = [ln for ln in proc.stderr.splitlines() if "not documents" in ln]
    assert len(skipped) == 1 and "manifest.json" in skipped[0]


def test_timeline_and_report_take_a_folder(tmp_path):
    (tmp_path / "corpus").mkdir()
    small_corpus(tmp_path / "corpus")
    proc = run_cli("timeline", str(tmp_path / "corpus"), "--order", "given")
    assert proc.returncode == 0, proc.stderr
    assert [ln.split(" ")[1] for ln in proc.stdout.splitlines()[:2]] == [
        str(tmp_path / "corpus" / "b.txt"),
        str(tmp_path / "corpus" / "a.txt"),
    ]
    report = run_cli("report", str(tmp_path / "corpus"), "-o", str(tmp_path / "out"))
    assert report.returncode == 0, report.stderr
    assert (tmp_path / "out" / "index.html").is_file()


def test_an_empty_folder_is_one_error_line(tmp_path):
    (tmp_path / "README.md").write_text("说明\n", encoding="utf-8")
    proc = run_cli("timeline", str(tmp_path))
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "no documents in this folder" in proc.stderr
    only_readme = run_cli("timeline", str(tmp_path / "README.md"))
    assert only_readme.returncode == 2
    assert "none a document" in only_readme.stderr.splitlines()[-1]


def test_the_document_number_goes_into_metadata_not_the_title():
    path = S2020.parent / "2021-02-07_14th-five-year-plan-outline.txt"
    doc = load_document(str(path))
    assert doc.title.endswith("2035年远景目标纲要的通知")
    assert doc.number == "内政发〔2021〕1号"
    assert doc.issuer == "内蒙古自治区人民政府"
    assert corpus.manifest_entries(str(S2020.parent.resolve()))[path.name]["document_number"] == (
        doc.number
    )
