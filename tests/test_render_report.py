"""The report of the seed corpus: every page parses, every link resolves, counts match the JSON."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from lxml import etree
from lxml import html as lxml_html
from rendertools import REPO, fixture_timeline, seed_timeline

from compare.errors import OutputError
from compare.render import names
from compare.render.report import report_files, write_pair_pages, write_report
from compare.render.tei import TEI_NS


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> tuple[Path, list[Path]]:
    out = tmp_path_factory.mktemp("report")
    return out, write_report(seed_timeline(), out)


@pytest.fixture(scope="module")
def pages(report) -> dict[str, lxml_html.HtmlElement]:
    out, _ = report
    return {p.name: lxml_html.parse(str(p)).getroot() for p in sorted(out.glob("*.html"))}


def pair_stems(out: Path) -> list[str]:
    timeline = json.loads((out / names.TIMELINE_JSON).read_text(encoding="utf-8"))
    return [p.name.removesuffix(".json") for p in sorted(out.glob("pair-*.json"))][
        : len(timeline["transitions"])
    ]


def test_writes_index_pairs_exports_and_topics(report):
    out, written = report
    assert written[0] == out / "index.html"
    assert all(p.parent == out and p.is_file() for p in written)
    assert not list(out.glob(".*"))  # no temp files left behind
    stems = pair_stems(out)
    assert len(stems) == len(seed_timeline().comparisons) == 4
    for stem in stems:
        for suffix in (".html", ".json", ".csv", ".md", ".tei.xml"):
            assert (out / f"{stem}{suffix}").is_file()
    assert (out / "topic-1.html").is_file()


def test_every_link_resolves_to_a_file_and_anchor(pages):
    ids = {name: set(tree.xpath("//@id")) for name, tree in pages.items()}
    checked = 0
    for name, tree in pages.items():
        for href in tree.xpath("//a/@href"):
            parts = urlsplit(href)
            assert not parts.scheme and not parts.netloc, f"{name}: external link {href}"
            target = unquote(parts.path) or name
            assert target in ids or (Path(pages_dir(pages)) / target).is_file(), href
            if parts.fragment and target.endswith(".html"):
                assert parts.fragment in ids[target], f"{name}: {href}"
            checked += 1
    assert checked > 1000


def pages_dir(pages) -> str:
    tree = next(iter(pages.values()))
    return str(Path(tree.getroottree().docinfo.URL).parent)


def test_pair_pages_show_every_clause_and_count_as_the_json(report, pages):
    out, _ = report
    for stem in pair_stems(out):
        data = json.loads((out / f"{stem}.json").read_text(encoding="utf-8"))
        tree = pages[f"{stem}.html"]
        rows = tree.xpath("//table[@id='rows']/tbody/tr")
        per_kind: dict[str, set[str]] = {}
        for row in rows:
            per_kind.setdefault(row.get("data-kind"), set()).add(row.get("data-change"))
        assert {k: len(v) for k, v in per_kind.items()} == {
            k: n for k, n in data["summary"].items() if n
        }
        ids = set(tree.xpath("//table[@id='rows']//div[@class='cl' or @class='cl h']/@id"))
        assert {f"o-{c['id']}" for c in data["old"]["clauses"]} <= ids
        assert {f"n-{c['id']}" for c in data["new"]["clauses"]} <= ids
        chips = {
            li.get("data-kind"): int(li.xpath(".//b")[0].text)
            for li in tree.xpath("//li[@data-kind]")
        }
        assert chips == counts_without_headings(data)


def counts_without_headings(data: dict) -> dict[str, int]:
    """The JSON's counts by kind, less the changes that touch headings only."""
    heading = {
        (side, c["id"]) for side in ("old", "new") for c in data[side]["clauses"] if c["is_heading"]
    }
    counts = dict(data["summary"])
    for ch in data["changes"]:
        ids = [("old", i) for i in ch["old"]] + [("new", j) for j in ch["new"]]
        counts[ch["kind"]] -= all(x in heading for x in ids)
    return counts


def test_exports_hold_one_record_per_change(report):
    out, _ = report
    for stem in pair_stems(out):
        data = json.loads((out / f"{stem}.json").read_text(encoding="utf-8"))
        raw = (out / f"{stem}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        assert len(rows) == len(data["changes"])
        tei = etree.parse(str(out / f"{stem}.tei.xml"))
        apps = tei.xpath("//t:app", namespaces={"t": TEI_NS})
        assert len(apps) == len(data["changes"])
        md = (out / f"{stem}.md").read_text(encoding="utf-8")
        assert f"| new | {counts_without_headings(data)['new']} |" in md


def test_index_lists_versions_pairs_and_every_thread(report, pages):
    out, _ = report
    timeline = json.loads((out / names.TIMELINE_JSON).read_text(encoding="utf-8"))
    index = pages["index.html"]
    rows_of = lambda section: index.xpath(f"//section[@id='{section}']/table/tbody/tr")  # noqa: E731
    assert len(rows_of("versions")) == len(timeline["documents"])
    assert len(rows_of("pairs")) == len(timeline["transitions"])
    rows = index.xpath("//table[@id='matrix']/tbody/tr")
    assert len(rows) == len(timeline["threads"])
    for row, thread in zip(rows, timeline["threads"], strict=True):
        present = sum(1 for s in thread["steps"] if s["clauses"])
        assert row.get("data-present") == str(present)
        assert row.get("class") == ("multi" if present >= 2 else "single")
    assert len(index.xpath("//svg")) == 2


def test_refuses_to_write_into_the_seed_corpus(tmp_path):
    with pytest.raises(OutputError, match="seed"):
        write_report(fixture_timeline(), REPO / "seeds" / "report")
    named = tmp_path / "seeds"
    named.mkdir()
    with pytest.raises(OutputError):
        write_report(fixture_timeline(), named)
    assert not (REPO / "seeds" / "report").exists() and not list(named.iterdir())


def test_report_written_by_workers_is_the_report_written_in_one_process(report, tmp_path):
    out, written = report
    serial = write_report(seed_timeline(), tmp_path, jobs=1)
    assert [p.name for p in written] == [p.name for p in serial]
    assert [p.name for p in serial] == [name for name, _ in report_files(seed_timeline())]
    for path in serial:
        assert (out / path.name).read_bytes() == path.read_bytes(), path.name


@pytest.mark.parametrize("jobs", [1, 2])
def test_pair_pages_written_while_threading_complete_the_same_report(report, tmp_path, jobs):
    out, written = report
    tl = seed_timeline()
    built, pages = write_pair_pages(tl.comparisons, lambda: tl, tmp_path, jobs=jobs)
    assert built is tl
    paths = write_report(tl, tmp_path, jobs=jobs, pair_pages=pages)
    assert [p.name for p in paths] == [p.name for p in written]
    for path in paths:
        assert (out / path.name).read_bytes() == path.read_bytes(), path.name
