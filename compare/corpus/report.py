"""`corpus report`: each series' timeline report from the stored change sets, and an index."""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from compare import outputs
from compare.corpus.pairs import SERIES, as_document, stored_document
from compare.errors import StoreError
from compare.model import (
    Change,
    ChangeKind,
    Comparison,
    Counterpart,
    DiffSpan,
    Document,
    Evidence,
    Op,
    Revision,
    RevisionKind,
    Settings,
)
from compare.render.html import render
from compare.render.report import write_report
from compare.timeline.threads import build_timeline

INDEX = "index.html"


@dataclass(frozen=True)
class SeriesPage:
    """One series on the index page."""

    name: str
    folder: str
    documents: tuple[tuple[str, str, str], ...]
    """(date, title, file name) of each version, oldest first."""
    summary: dict[str, int]
    """Changes per kind over all its comparisons."""


def change_from_dict(d: dict[str, Any]) -> Change:
    """A change as the JSON renderer wrote it, read back."""
    return Change(
        kind=ChangeKind(d["kind"]),
        old=tuple(d["old"]),
        new=tuple(d["new"]),
        similarity=float(d.get("similarity", 0.0)),
        revisions=tuple(
            Revision(RevisionKind(r["kind"]), r.get("old", ""), r.get("new", ""), r.get("note", ""))
            for r in d.get("revisions", [])
        ),
        diff=tuple(DiffSpan(Op(op), text) for op, text in d.get("diff", [])),
        successors=tuple(map(counterpart_from_dict, d.get("successors", []))),
        origins=tuple(map(counterpart_from_dict, d.get("origins", []))),
        probable=bool(d.get("probable", False)),
    )


def counterpart_from_dict(d: dict[str, Any]) -> Counterpart:
    """A stored possible successor or origin, read back with its evidence."""
    e = d.get("evidence", {})
    evidence = Evidence(
        tuple(e.get("terms", ())),
        tuple(e.get("objects", ())),
        tuple(e.get("thesaurus", ())),
        bool(e.get("same_section", False)),
    )
    return Counterpart(d["id"], float(d["score"]), evidence)


def series_ids(conn: sqlite3.Connection) -> dict[str, list[int]]:
    """Series name → its document ids, oldest first."""
    found: dict[str, list[int]] = {}
    for doc_id, series in conn.execute(
        "SELECT id, series FROM documents ORDER BY series, date, id"
    ):
        found.setdefault(series, []).append(doc_id)
    return found


def stored_comparison(
    conn: sqlite3.Connection, old: tuple[int, Document], new: tuple[int, Document]
) -> Comparison:
    """The comparison `corpus compare` stored for a consecutive pair, read back — its changes
    with their revisions, diffs, possible successors and origins, and its notes — rather than
    computed again (refused when the pair is not compared yet)."""
    row = conn.execute(
        "SELECT id, coalesce(json_extract(comparison, '$.notes'), '[]') FROM pairs"
        " WHERE old_id = ? AND new_id = ? AND relation = ?",
        (old[0], new[0], SERIES),
    ).fetchone()
    if row is None:
        raise StoreError(
            "corpus report: some versions are not compared yet",
            "the report is built from stored comparisons",
            "run `clausediff corpus compare DB` first",
        )
    pair_id, notes = row
    rows = conn.execute("SELECT data FROM changes WHERE pair_id = ? ORDER BY position", (pair_id,))
    changes = tuple(change_from_dict(json.loads(d)) for (d,) in rows)
    return Comparison(old[1], new[1], changes, Settings(), tuple(json.loads(notes)))


def folder_name(i: int, series: str) -> str:
    """A series' folder: its number and its name made safe for a path."""
    slug = re.sub(r"[^\w]+", "-", series, flags=re.UNICODE).strip("-")[:40]
    return f"{i:02d}-{slug or 'series'}"


def write_series(conn: sqlite3.Connection, ids: list[int], directory: Path) -> SeriesPage:
    """One series' timeline report, from its stored versions and change sets."""
    versions = [(i, as_document(stored_document(conn, i))) for i in ids]
    docs = tuple(doc for _, doc in versions)
    comps = tuple(stored_comparison(conn, a, b) for a, b in pairwise(versions))
    write_report(build_timeline(docs, comps), directory)
    summary = {k.value: 0 for k in ChangeKind}
    for c in comps:
        for kind, n in c.summary().items():
            summary[kind] += n
    listed = tuple((d.date, d.title, Path(d.path).name) for d in docs)
    return SeriesPage("", directory.name, listed, summary)


def write_corpus_report(conn: sqlite3.Connection, out_dir: Path) -> list[Path]:
    """Every series' report in a folder of its own under `out_dir`, and the index page."""
    pages = []
    for i, (series, ids) in enumerate(sorted(series_ids(conn).items()), 1):
        page = write_series(conn, ids, Path(out_dir) / folder_name(i, series))
        pages.append(SeriesPage(series, page.folder, page.documents, page.summary))
    html = render("corpus.html", series=pages, kinds=[k.value for k in ChangeKind])
    index = outputs.write_text(Path(out_dir) / INDEX, html)
    return [index, *sorted(p for p in Path(out_dir).rglob("*") if p.is_file() and p != index)]
