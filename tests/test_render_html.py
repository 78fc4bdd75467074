"""HTML pages from hand-built comparisons: escaping, structure, links, controls, packaging."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import html as lxml_html
from rendertools import HOSTILE, REPO, fixture_comparison, fixture_timeline, make_doc

from compare.model import Change, ChangeKind, Comparison, Timeline
from compare.render import html as render_html
from compare.render.html import (
    PageLinks,
    render_pair_html,
    render_timeline_html,
    render_topic_html,
    script_json,
)
from compare.render.topic_views import topic_views


def parse(page: str) -> lxml_html.HtmlElement:
    """An HTML page as an lxml tree."""
    return lxml_html.document_fromstring(page)


@pytest.fixture(scope="module")
def pair_page() -> str:
    return render_pair_html(fixture_comparison())


def test_document_text_is_escaped_never_run(pair_page):
    assert "<script>alert(1)</script>" not in pair_page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pair_page
    tree = parse(pair_page)
    scripts = tree.xpath("//script")
    assert [s.get("type") for s in scripts] == ["application/json", None]
    assert all("alert(1)" not in (s.text or "") for s in scripts)
    cell = tree.get_element_by_id("o-c3")
    assert HOSTILE in cell.text_content()


def test_embedded_json_cannot_close_its_script():
    text = str(script_json({"t": "</script><!-- x & y ]]>"}))
    assert "</" not in text and "<!--" not in text
    assert json.loads(text) == {"t": "</script><!-- x & y ]]>"}


def test_rows_carry_kind_and_change_and_counts_match_the_summary(pair_page):
    tree = parse(pair_page)
    rows = tree.xpath("//table[@id='rows']/tbody/tr")
    assert len(rows) == 8
    data = json.loads(tree.get_element_by_id("report-data").text)
    seen: dict[str, set[str]] = {}
    for row in rows:
        seen.setdefault(row.get("data-kind"), set()).add(row.get("data-change"))
        assert f"k-{row.get('data-kind')}" in row.get("class").split()
    assert {k: len(v) for k, v in seen.items()} == {k: n for k, n in data["summary"].items() if n}


def test_revised_clause_shows_ins_del_and_typed_evidence(pair_page):
    tree = parse(pair_page)
    row = tree.get_element_by_id("o-c2").getparent().getparent()
    assert [d.text for d in row.xpath(".//td[@class='o']//del")] == ["探索", "2", "0"]
    assert [i.text for i in row.xpath(".//td[@class='n']//ins")] == ["推进", "2", "5"]
    revs = [li.text_content() for li in row.xpath(".//ul[@class='revs']/li")]
    assert revs[0].startswith("strengthened 探索 → 推进")
    assert "target changed 2020年 → 2025年" in revs[1]
    assert "rv-strengthened" in row.get("class")


def test_every_internal_link_finds_its_anchor(pair_page):
    tree = parse(pair_page)
    ids = set(tree.xpath("//@id"))
    hrefs = tree.xpath("//a/@href")
    assert {"#n-c3", "#o-c4", "#n-c4", "#n-c5", "#o-c6", "#o-c7"} <= set(hrefs)
    assert all(h.startswith("#") and h[1:] in ids for h in hrefs)


def test_page_is_self_contained(pair_page):
    tree = parse(pair_page)
    assert not tree.xpath("//*[@src] | //link | //iframe | //img")
    assert "@media print" in pair_page
    assert "http://" not in pair_page.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_original_text_and_repairs_on_demand():
    cmp = fixture_comparison()
    tree = parse(render_pair_html(cmp))
    repairs = tree.xpath("//details[@class='repairs']//tbody/tr")
    assert [r.xpath("td")[0].text_content() for r in repairs] == ["strip_pinyin"]
    assert "2, 5, 9" in repairs[0].text_content()
    assert not tree.xpath("//details[@class='orig']")  # originals differ only in line breaks


def test_links_to_siblings_when_part_of_a_report():
    links = PageLinks(index="index.html", exports=(("CSV", "p.csv"),))
    tree = parse(render_pair_html(fixture_comparison(), links=links))
    assert tree.xpath("//p[@class='crumbs']/a/@href") == ["index.html", "p.csv"]


def test_timeline_matrix_symbols_and_links():
    timeline = fixture_timeline()
    tree = parse(render_timeline_html(timeline))
    rows = tree.xpath("//table[@id='matrix']/tbody/tr")
    assert [r.get("class") for r in rows] == ["multi", "single", "multi"]
    first = [td.text_content() for td in rows[0].xpath("td[@class='v']")]
    assert first == ["+", "✎"]
    assert [a.get("title") for a in rows[0].xpath("td[@class='v']/a")] == [
        "first appears",
        "revised",
    ]
    absent = rows[1].xpath("td[starts-with(@class, 'v')]")[1]
    assert absent.text_content() == "·" and absent.get("class") == "v absent"
    assert rows[0].xpath("td/a")[0].get("href") == "topic-1.html#t-t1"
    assert rows[2].get("id") == "t-t_3c3_3e"
    assert HOSTILE in rows[1].text_content()
    assert len(tree.xpath("//svg")) == 2
    options = [o.text for o in tree.xpath("//select[@name='topic']/option")]
    assert options == ["all", "一、总体要求 (2)", "(no section) (1)"]


def test_topic_pages_hold_each_multi_version_thread_with_its_diff():
    topics = topic_views(fixture_timeline())
    assert [t.name for t in topics] == ["一、总体要求", "(no section)"]
    tree = parse(render_topic_html(topics[0]))
    article = tree.get_element_by_id("t-t1")
    assert [i.text for i in article.xpath(".//ins")][:1] == ["推进"]
    assert article.xpath(".//a/@href")[0].endswith("#o-c2")


def test_templates_are_found_from_the_checkout_or_the_package():
    env = render_html.environment()
    assert env.autoescape is True
    source, filename, _ = env.loader.get_source(env, "pair.html")
    assert "{% extends" in source and Path(filename).parent.name == "templates"


@pytest.mark.slow
def test_wheel_carries_the_templates(tmp_path):
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(REPO), "-w", str(tmp_path), "--no-deps", "-q"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if build.returncode != 0 and "hatchling" in build.stderr:
        pytest.skip(f"the build backend cannot be fetched: {build.stderr[-200:]}")
    assert build.returncode == 0, build.stderr
    wheel = next(tmp_path.glob("clausediff-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = {"pair.html", "timeline.html", "topic.html", "base.html", "macros.html", "report.css"}
    assert {f"compare/templates/{n}" for n in wanted} <= names


def test_original_shown_where_it_differs_and_unreliable_figures_flagged():
    items = [((), "到2025年达到30%。"), ((), "新增内容。")]
    old = make_doc("a.txt", items[:1], originals={0: "到2025年达(dá)到30%。"}, unreliable=(0,))
    new = make_doc("b.txt", items[1:])
    changes = (Change(ChangeKind.DROPPED, ("c1",), ()), Change(ChangeKind.NEW, (), ("c1",)))
    tree = parse(render_pair_html(Comparison(old, new, changes)))
    clause = tree.get_element_by_id("o-c1")
    assert clause.xpath("details[@class='orig']/pre")[0].text == "到2025年达(dá)到30%。"
    assert "figures unreliable" in clause.text_content()
    assert "figures unreliable" not in tree.get_element_by_id("n-c1").text_content()


def test_empty_documents_and_a_single_version_still_make_pages():
    empty_old, empty_new = make_doc("a.txt", []), make_doc("b.txt", [])
    tree = parse(render_pair_html(Comparison(empty_old, empty_new, ())))
    assert tree.xpath("//table[@id='rows']/tbody/tr") == []
    assert "0 changes" in tree.xpath("//section[@id='summary']/h2")[0].text
    index = parse(render_timeline_html(Timeline((empty_old,), (), ())))
    assert "nothing to compare" in index.get_element_by_id("pairs").text_content()
    assert "No threads" in index.get_element_by_id("threads").text_content()


def test_a_pair_page_over_the_limit_packs_its_rows_and_draws_one_page(monkeypatch):
    import base64
    import gzip
    import json

    from compare.render import html
    from compare.render.pair_view import pair_view

    cmp = fixture_comparison()
    assert 'id="row-meta"' not in render_pair_html(cmp)
    rows = pair_view(cmp).rows
    monkeypatch.setattr(html, "PAGED_FROM", 2)
    monkeypatch.setattr(html, "PAGE_ROWS", 2)
    monkeypatch.setattr(html, "CHUNK_ROWS", 3)
    page = render_pair_html(cmp)
    body = page[page.index('<tbody lang="zh">') :]
    body = body[: body.index("</tbody>")]
    assert body.count("<tr ") == 2
    packed = page.split('class="row-chunk" data-encoding="json+gzip+base64">')[1:]
    assert len(packed) == -(-len(rows) // 3)
    markup = [
        row
        for p in packed
        for row in json.loads(gzip.decompress(base64.b64decode(p.split("<")[0])))
    ]
    assert [m.split('"')[1] for m in markup] == [r.anchor for r in rows]
    assert 'data-chunk-rows="3"' in page and 'data-page-rows="2"' in page
