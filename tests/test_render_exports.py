"""Exports of a comparison: CSV (BOM, columns), Markdown (inert text), TEI (parallel readings)."""

from __future__ import annotations

import csv
import io

from lxml import etree
from rendertools import HOSTILE, fixture_comparison, make_doc, seed_timeline

from compare.model import Change, ChangeKind, Comparison
from compare.render.csv_out import BOM, COLUMNS, render_csv
from compare.render.markdown import md, render_markdown
from compare.render.tei import TEI_NS, render_tei

NS = {"t": TEI_NS}


def test_csv_starts_with_a_bom_and_has_one_row_per_change():
    cmp = fixture_comparison()
    text = render_csv(cmp)
    assert text.startswith(BOM)
    data = text.encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(rows[0].keys()) == COLUMNS
    assert len(rows) == len(cmp.changes)
    revised = next(r for r in rows if r["kind"] == "revised")
    assert revised["revision kinds"] == "strengthened; target-changed"
    assert "2020年 → 2025年" in revised["evidence"]
    assert revised["old text"] == "探索建立生态补偿机制，到2020年完成。"
    assert revised["new section"] == "一、总体要求"
    assert revised["similarity"] == "0.8000"
    split = next(r for r in rows if r["kind"] == "split")
    assert split["new ids"] == "c4 c5" and split["new text"] == "完善交通网络。\n提升服务水平。"
    dropped = next(r for r in rows if r["kind"] == "dropped")
    assert (
        dropped["old text"] == HOSTILE and dropped["new ids"] == "" and dropped["similarity"] == ""
    )


def test_markdown_summary_counts_and_keeps_document_text_inert():
    text = render_markdown(fixture_comparison())
    assert text.startswith("# 2019-10-17 → 2020-06-23\n")
    assert "| dropped | 1 |" in text
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "### Dropped commitments" in text and "### Changed targets" in text
    assert "target changed: 2020年 → 2025年" in text


def test_markdown_escapes_markup_characters():
    assert md("a|b *c* [d](e)\nf") == r"a\|b \*c\* \[d\](e) f"


def test_tei_has_witnesses_and_one_app_per_change():
    cmp = fixture_comparison()
    root = etree.fromstring(render_tei(cmp))
    assert root.tag == f"{{{TEI_NS}}}TEI"
    wits = root.xpath("//t:listWit/t:witness/@xml:id", namespaces=NS)
    assert wits == ["A", "B"]
    apps = root.xpath("//t:body//t:app", namespaces=NS)
    assert len(apps) == len(cmp.changes)
    assert {a.get("type") for a in apps} == {ch.kind.value for ch in cmp.changes}
    for app in apps:
        assert [r.get("wit") for r in app.xpath("t:rdg", namespaces=NS)] == ["#A", "#B"]
    dropped = next(a for a in apps if a.get("type") == "dropped")
    segs = dropped.xpath("t:rdg[@wit='#A']/t:seg", namespaces=NS)
    assert segs[0].text == HOSTILE and not dropped.xpath("t:rdg[@wit='#B']/*", namespaces=NS)
    notes = root.xpath("//t:app[@type='revised']/t:note", namespaces=NS)
    assert [(n.get("subtype"), n.text) for n in notes][1] == ("target-changed", "2020年 → 2025年")


def test_tei_replaces_characters_xml_cannot_hold():
    old = make_doc("a.txt", [((), "页\x0c码")])
    cmp = Comparison(old, make_doc("b.txt", []), (Change(ChangeKind.DROPPED, ("c1",), ()),))
    root = etree.fromstring(render_tei(cmp))
    assert root.xpath("//t:seg[@n='c1']", namespaces=NS)[0].text == "页\ufffd码"


def test_csv_rows_name_the_file_and_date_of_both_versions():
    cmp = seed_timeline().comparisons[0]
    rows = list(csv.DictReader(io.StringIO(render_csv(cmp).removeprefix(BOM))))
    assert len(rows) == len(cmp.changes)
    sides = {(r["old file"], r["old date"], r["new file"], r["new date"]) for r in rows}
    assert sides == {
        (
            "2013-05-23_hubaoyinyu-zone-work-plan.txt",
            "2013-05-23",
            "2019-10-17_regional-coordination-mechanism.txt",
            "2019-10-17",
        )
    }


def test_markdown_lists_every_change_with_its_text_grouped_by_kind():
    cmp = seed_timeline().comparisons[2]  # 2020 → the 2021 outline
    text = render_markdown(cmp)
    assert text.index("## Most significant changes") < text.index("## All changes by kind")
    listing = text[text.index("## All changes by kind") :]
    counts = cmp.summary()
    for kind, title in (("dropped", "Dropped"), ("new", "New"), ("revised", "Revised")):
        assert f"### {title} ({counts[kind]})" in listing
    new = next(ch for ch in cmp.changes if ch.kind is ChangeKind.NEW and len(ch.new) == 1)
    assert md(cmp.new.clause(new.new[0]).text) in listing
    for ch in cmp.changes:  # every clause of both sides is named in the listing
        for i in (*ch.old, *ch.new):
            assert f"{i} " in listing or f"{i}:" in listing or f"{i} (" in listing, i
