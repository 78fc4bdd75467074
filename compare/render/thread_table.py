"""The thread × version table: one row per thread, its wording and change at every version."""

from __future__ import annotations

import csv
import importlib.util
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from compare.errors import UsageError
from compare.model import ChangeKind, Thread, Timeline
from compare.read.manifest import version_date
from compare.timeline.query import fate, step_wording, version_labels

BOM = "\ufeff"
"""Leads the CSV text, so a spreadsheet opens the file as UTF-8."""
FIXED_COLUMNS = ("thread", "topic", "label", "versions", "fate")
"""The columns before the two per version (`2013 wording`, `2013 change`)."""
NOT_COVERED = "not covered by this version"
"""A thread absent here that is present before and after: the version skips it."""
ARRIVALS = {
    ChangeKind.UNCHANGED: "unchanged",
    ChangeKind.MOVED: "moved",
    ChangeKind.REVISED: "revised",
    ChangeKind.SPLIT: "split",
    ChangeKind.MERGED: "merged",
}
"""How a present step's arrival is worded."""
XLSX_WIDTHS = {"thread": 7, "topic": 24, "label": 30, "versions": 9, "fate": 30}
"""Column widths (characters) of the spreadsheet; wordings get WORDING_WIDTH, changes 14."""
WORDING_WIDTH = 48
EXCEL_CELL_MAX = 32_767
"""Excel refuses longer cell text."""


@dataclass(frozen=True)
class ThreadTable:
    """The table as plain rows: a header and one row of strings per thread."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def step_state(thread: Thread, version: int) -> str:
    """What the thread is at `version`, in words: how it arrived, or why it is missing."""
    present = [s.version for s in thread.steps if s.clauses]
    step = thread.steps[version]
    if step.clauses:
        if version == present[0]:
            return "first version" if version == 0 else "new"
        return "back after a gap" if step.bridged else ARRIVALS.get(step.kind, "revised")
    if not present or version < present[0]:
        return ""
    if version < present[-1]:
        return NOT_COVERED
    if version == present[-1] + 1:
        return f"merged into {thread.merged_into}" if thread.merged_into else "dropped"
    return ""


def thread_table(timeline: Timeline, threads: tuple[Thread, ...] | None = None) -> ThreadTable:
    """The table of `threads` (default: all), versions named by year (or year-month)."""
    labels = version_labels(timeline)
    header = FIXED_COLUMNS + tuple(f"{v} {part}" for v in labels for part in ("wording", "change"))
    rows = []
    for t in timeline.threads if threads is None else threads:
        cells = [
            t.id,
            t.topic,
            t.label,
            str(sum(1 for s in t.steps if s.clauses)),
            fate(t, timeline),
        ]
        for v in range(len(timeline.documents)):
            cells += [step_wording(timeline, t, v), step_state(t, v)]
        rows.append(tuple(cells))
    return ThreadTable(header, tuple(rows))


def version_header(timeline: Timeline) -> list[str]:
    """One line per version: its label, date and file (the table's column names explained)."""
    labels = version_labels(timeline)
    return [
        f"{labels[i]}: {version_date(d.date, d.path)} {d.path}"
        for i, d in enumerate(timeline.documents)
    ]


def render_thread_csv(timeline: Timeline, threads: tuple[Thread, ...] | None = None) -> str:
    """The table as CSV text starting with a BOM (encode it as UTF-8 to write the file)."""
    table = thread_table(timeline, threads)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.header)
    writer.writerows(table.rows)
    return BOM + buffer.getvalue()


def xlsx_available() -> bool:
    """True when openpyxl (the `xlsx` extra) is installed: found, not imported (its import
    takes a tenth of a second, which only the workbook needs)."""
    try:
        return importlib.util.find_spec("openpyxl") is not None
    except (ImportError, ValueError):
        return False


def render_thread_xlsx(timeline: Timeline, threads: tuple[Thread, ...] | None = None) -> bytes:
    """The table as an Excel workbook: a `threads` sheet (header frozen) and a `versions` sheet."""
    try:
        from openpyxl import Workbook
    except ImportError as e:
        raise UsageError(
            "--format xlsx: openpyxl is not installed",
            "spreadsheets are written through the optional openpyxl package",
            "pip install 'clausediff[xlsx]', or use --format csv",
        ) from e
    book = Workbook()
    fill_threads_sheet(book.active, thread_table(timeline, threads))
    versions = book.create_sheet("versions")
    versions.append(("version", "date", "title", "number", "file"))
    labels = version_labels(timeline)
    for i, d in enumerate(timeline.documents):
        versions.append((labels[i], version_date(d.date, d.path), d.title, d.number, d.path))
    buffer = io.BytesIO()
    book.save(buffer)
    return reproducible_zip(buffer.getvalue())


STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")
"""The workbook's own creation and change times, which openpyxl sets to the time of saving."""


def reproducible_zip(data: bytes) -> bytes:
    """The same workbook with fixed times in its properties and its zip entries, so the same
    timeline always gives the same bytes (reports are compared byte for byte)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "docProps/core.xml":
                body = STAMP.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", body)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, body)
    return out.getvalue()


def fill_threads_sheet(sheet: Any, table: ThreadTable) -> None:
    """The `threads` sheet: bold frozen header, a filter, readable widths, wrapped wordings."""
    from openpyxl.styles import Alignment, Font

    sheet.title = "threads"
    sheet.append(table.header)
    for row in table.rows:
        sheet.append([c[:EXCEL_CELL_MAX] for c in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for n, name in enumerate(table.header, start=1):
        letter = sheet.cell(row=1, column=n).column_letter
        wording = name.endswith("wording")
        sheet.column_dimensions[letter].width = XLSX_WIDTHS.get(
            name, WORDING_WIDTH if wording else 14
        )
        for cell in sheet[letter][1:] if wording else ():
            cell.alignment = wrap
    sheet.freeze_panes = "D2"
    sheet.auto_filter.ref = sheet.dimensions
