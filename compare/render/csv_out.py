"""CSV renderer: one row per change in reading order, for spreadsheets (UTF-8 with a BOM)."""

from __future__ import annotations

import csv
import io
from pathlib import PurePath

from compare.model import Change, Comparison, Document
from compare.read.manifest import version_date
from compare.render.views import ORIGINAL, evidence_text, order_rows

BOM = "\ufeff"
"""Leads the text render_csv returns, so the file written from it opens as UTF-8 everywhere."""
COLUMNS = (
    "kind",
    "revision kinds",
    "evidence",
    "old ids",
    "old section",
    "old text",
    "new ids",
    "new section",
    "new text",
    "similarity",
    "old file",
    "old date",
    "new file",
    "new date",
    "probable",
    "possible counterparts",
)
"""`old file` … `new date` name both versions on every row, so rows of several pairs can be
pooled; `probable` is `yes` for a link made on evidence alone, and `possible counterparts`
lists a dropped clause's possible successors, a new one's possible origins or a probable
link's other likely counterparts (`c12 0.34; c40 0.20`)."""
SECTION_SEPARATOR = " / "


def side_fields(doc: Document, ids: tuple[str, ...]) -> tuple[str, str, str]:
    """(ids, section path of the first clause, texts one per line) of one side of a change."""
    clauses = [doc.clause(i) for i in ids]
    section = SECTION_SEPARATOR.join(clauses[0].section) if clauses else ""
    return " ".join(ids), section, "\n".join(c.text for c in clauses)


def change_row(cmp: Comparison, change: Change) -> list[str]:
    """The CSV fields of one change."""
    kinds = "; ".join(dict.fromkeys(r.kind.value for r in change.revisions))
    similarity = f"{change.similarity:.4f}" if change.old and change.new else ""
    return [
        change.kind.value,
        kinds,
        evidence_text(change),
        *side_fields(cmp.old, change.old),
        *side_fields(cmp.new, change.new),
        similarity,
        *version_fields(cmp.old),
        *version_fields(cmp.new),
        "yes" if change.probable else "",
        "; ".join(f"{c.id} {c.score:.2f}" for c in change.successors or change.origins),
    ]


def version_fields(doc: Document) -> tuple[str, str]:
    """(file name, date) of a version: the date the text gives, else its file name's."""
    return PurePath(doc.path).name, version_date(doc.date, doc.path)


def render_csv(cmp: Comparison) -> str:
    """The changes as CSV text that starts with a BOM; encode it as UTF-8 to write the file."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for i, role in order_rows(cmp):
        if role != ORIGINAL:
            writer.writerow(change_row(cmp, cmp.changes[i]))
    return BOM + buffer.getvalue()
