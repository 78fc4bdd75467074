"""Pages in headless Chromium: filters hide and show rows; nothing runs and nothing loads."""

from __future__ import annotations

from pathlib import Path

import pytest
from rendertools import HOSTILE, fixture_comparison, fixture_timeline, seed_timeline

from compare.render.html import render_pair_html, render_timeline_html
from compare.render.views import anchor_id
from compare.timeline.query import find_threads

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VISIBLE_ROWS = "document.querySelectorAll('#rows tbody tr.r:not(.hide)').length"


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium: run tests/install_browser.sh as root to install it")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


def open_offline(browser, path: Path, events: list[str]):
    """A page showing `path`, with every non-file request refused and recorded."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.on("dialog", lambda d: (events.append(f"dialog {d.message}"), d.dismiss()))
    page.on("pageerror", lambda e: events.append(f"error {e}"))

    def route(r):
        if r.request.url.startswith("file:"):
            return r.continue_()
        events.append(f"request {r.request.url}")
        return r.abort()

    page.route("**/*", route)
    page.goto(path.as_uri())
    return page


def test_pair_page_filters_rows_and_jumps_between_changes(browser, tmp_path):
    cmp = seed_timeline().comparisons[1]
    path = tmp_path / "pair.html"
    path.write_text(render_pair_html(cmp), encoding="utf-8")
    events: list[str] = []
    page = open_offline(browser, path, events)
    summary = cmp.summary()
    assert (
        page.evaluate(VISIBLE_ROWS)
        == len(page.query_selector_all("#rows tbody tr")) - summary["unchanged"]
    )
    before = page.evaluate(VISIBLE_ROWS)
    page.uncheck("input[name=kind][value=new]")
    page.wait_for_function(f"{VISIBLE_ROWS} === {before - summary['new']}")
    assert page.is_hidden("#rows tr.k-new")
    assert page.text_content("#status").startswith(f"{before - summary['new']} of ")
    page.check("input[name=kind][value=new]")
    page.wait_for_function(f"{VISIBLE_ROWS} === {before}")
    wording = cmp.new.clauses[-1].text
    page.fill("input[name=q]", wording)
    page.wait_for_function(f"{VISIBLE_ROWS} >= 1 && {VISIBLE_ROWS} < {before}")
    assert wording in page.inner_text("#rows tbody tr.r:not(.hide)")
    page.fill("input[name=q]", "")
    page.wait_for_function(f"{VISIBLE_ROWS} === {before}")
    page.click("#kind-counts button[data-only=dropped]")
    page.wait_for_function(f"{VISIBLE_ROWS} === {summary['dropped']}")
    assert page.is_checked("input[name=kind][value=dropped]")
    assert not page.is_checked("input[name=kind][value=new]")
    page.click("h1")
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert page.evaluate("document.querySelectorAll('tr.cur').length") == 1
    page.screenshot(path=str(tmp_path / "pair.png"))
    assert (tmp_path / "pair.png").stat().st_size > 10_000
    assert events == []


def test_hostile_text_is_shown_and_never_runs(browser, tmp_path):
    path = tmp_path / "hostile.html"
    path.write_text(render_pair_html(fixture_comparison()), encoding="utf-8")
    events: list[str] = []
    page = open_offline(browser, path, events)
    page.check("input[name=show][value=all]")
    assert page.inner_text("#o-c3").strip().endswith(HOSTILE)
    assert page.evaluate("document.querySelectorAll('script').length") == 2
    assert events == []


def test_index_matrix_hides_single_version_threads_until_asked(browser, tmp_path):
    path = tmp_path / "index.html"
    path.write_text(render_timeline_html(fixture_timeline()), encoding="utf-8")
    events: list[str] = []
    page = open_offline(browser, path, events)
    shown = "Array.from(document.querySelectorAll('#matrix tbody tr')).filter(r => r.offsetParent)"
    assert page.evaluate(f"{shown}.length") == 2
    page.check("input[name=single]")
    page.wait_for_function(f"{shown}.length === 3")
    page.click("button[data-sort=present]")
    assert page.evaluate(f"{shown}.map(r => r.dataset.present)") == ["2", "2", "1"]
    page.select_option("select[name=topic]", "1")
    page.wait_for_function(f"{shown}.length === 1")
    assert events == []


def test_index_search_looks_through_every_wording_in_both_scripts(browser, tmp_path):
    tl = seed_timeline()
    path = tmp_path / "index.html"
    path.write_text(render_timeline_html(tl), encoding="utf-8")
    events: list[str] = []
    page = open_offline(browser, path, events)
    page.check("input[name=single]")
    shown = "Array.from(document.querySelectorAll('#matrix tbody tr')).filter(r => r.offsetParent)"
    for query in ("机场", "機場", "水權"):
        expected = len(find_threads(tl, query))
        page.fill("input[name=q]", query)
        page.wait_for_function(f"{shown}.length === {expected}")
        ids = page.evaluate(f"{shown}.map(r => r.id)")
        assert ids == [anchor_id("t-", t.id) for t in find_threads(tl, query)]
    assert len(find_threads(tl, "机场")) > 16  # more than the labels alone would find
    assert events == []


def test_large_pair_page_is_paged_and_its_filters_search_and_links_reach_every_row(
    browser, tmp_path, monkeypatch
):
    from compare.render import html

    cmp = seed_timeline().comparisons[3]  # the 2021 outline against the 2021-10 plan
    monkeypatch.setattr(html, "PAGED_FROM", 1000)  # the seeds' largest pair has ~2,300 rows
    monkeypatch.setattr(html, "CHUNK_ROWS", 700)
    path = tmp_path / "pair.html"
    path.write_text(render_pair_html(cmp), encoding="utf-8")
    events: list[str] = []
    page = open_offline(browser, path, events)
    total = page.evaluate("JSON.parse(document.getElementById('row-meta').textContent).length")
    assert total > 1000
    assert len(page.query_selector_all("script.row-chunk")) == -(-total // 700)
    summary = cmp.summary()
    changed = total - summary["unchanged"]
    page.wait_for_function(
        f"document.getElementById('status').textContent.startsWith('{changed} of')"
    )
    assert page.evaluate("document.querySelectorAll('#rows tbody tr').length") == html.PAGE_ROWS
    first = page.evaluate("document.querySelector('#rows tbody tr').id")
    page.click("#pager button[data-page=next]")
    page.wait_for_function(f"document.querySelector('#rows tbody tr').id !== '{first}'")
    assert page.text_content("#page-status").startswith("page 2 of ")
    page.click("#pager button[data-page=last]")
    page.wait_for_function("document.querySelector('#pager button[data-page=next]').disabled")
    wording = cmp.new.clauses[-1].text
    page.check("input[name=show][value=all]")
    page.fill("input[name=q]", wording)
    page.wait_for_function(f"{VISIBLE_ROWS} >= 1 && {VISIBLE_ROWS} < 10")
    assert wording in page.inner_text("#rows tbody")
    page.fill("input[name=q]", "")
    page.check("input[name=show][value=changes]")
    page.wait_for_function(
        f"document.getElementById('status').textContent.startsWith('{changed} of')"
    )
    target = cmp.old.clauses[-1].id  # near the end: on a later page than the first
    page.evaluate(
        "id => { const a = document.createElement('a'); a.href = '#' + id;"
        " a.textContent = 'x'; document.body.prepend(a); a.click(); }",
        f"o-{target}",
    )
    page.wait_for_selector(f"#o-{target}", state="attached")
    assert events == []
