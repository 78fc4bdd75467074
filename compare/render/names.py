"""File names of a report directory: one place, so pages link to what the writer writes."""

from __future__ import annotations

import re

from compare.model import Document

INDEX = "index.html"
TIMELINE_JSON = "timeline.json"
TIMELINE_CSV = "timeline.csv"
TIMELINE_XLSX = "timeline.xlsx"
"""The thread × version table, as CSV always and as a workbook when openpyxl is installed."""
EXPORTS = (("JSON", ".json"), ("CSV", ".csv"), ("Markdown", ".md"), ("TEI", ".tei.xml"))
"""Each pair's exports: label and suffix added to the pair's stem."""


def timeline_exports(xlsx: bool) -> tuple[tuple[str, str], ...]:
    """(label, file name) of the timeline's exports beside index.html."""
    tables = (("thread table CSV", TIMELINE_CSV),) + (
        (("thread table Excel", TIMELINE_XLSX),) if xlsx else ()
    )
    return (("timeline JSON", TIMELINE_JSON), *tables)


def version_short(doc: Document, index: int) -> str:
    """A version's short name: its date, else `v1`, `v2` …"""
    return doc.date or f"v{index + 1}"


def safe(text: str) -> str:
    """Text made safe for a file name."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-") or "x"


def pair_stem(old: Document, new: Document, index: int) -> str:
    """`pair-2_2019-10-17_2020-06-23`: the stem of pair `index`'s page and exports."""
    return (
        f"pair-{index + 1}_{safe(version_short(old, index))}_{safe(version_short(new, index + 1))}"
    )


def pair_page(old: Document, new: Document, index: int) -> str:
    """The pair's HTML page."""
    return pair_stem(old, new, index) + ".html"


def pair_exports(old: Document, new: Document, index: int) -> tuple[tuple[str, str], ...]:
    """(label, file name) of each export of the pair."""
    stem = pair_stem(old, new, index)
    return tuple((label, stem + suffix) for label, suffix in EXPORTS)


def topic_page(index: int) -> str:
    """The history page of topic `index`."""
    return f"topic-{index + 1}.html"
