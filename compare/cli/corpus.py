"""`clausediff corpus …`: a store of many versions, compared on Dask, searched across years."""

from __future__ import annotations

import contextlib
import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from compare import outputs
from compare.cli import exitcodes
from compare.cli.commands import make_settings
from compare.cli.output import interactive, out, warn, working
from compare.cli.params import Format, MaxSize, SettingPairs

corpus_app = typer.Typer(
    no_args_is_help=True,
    help="A corpus store: add versions, compare them on Dask, search commitments across years.",
)

DbArg = Annotated[Path, typer.Argument(metavar="DB", help="The corpus database (SQLite file).")]


class HitFormat(StrEnum):
    """What `corpus search` prints."""

    table = "table"
    json = "json"
    csv = "csv"


@contextlib.contextmanager
def store(db: Path, create: bool = False) -> Iterator[object]:
    """The opened corpus database, closed afterwards."""
    from compare.corpus.schema import open_store

    conn = open_store(db, create=create)
    try:
        yield conn
    finally:
        conn.close()


@corpus_app.command()
def add(
    db: DbArg,
    paths: Annotated[list[str], typer.Argument(metavar="PATH…", help="Files or folders.")],
    max_size: MaxSize = None,
) -> int:
    """Add files (a folder: every document in it, with its manifest.json) as document versions."""
    from compare.corpus.ingest import add_paths

    settings = make_settings(max_size)
    with store(db, create=True) as conn, working(f"adding {len(paths)} paths"):
        result = add_paths(conn, paths, settings)
    out(f"added {len(result.added)} documents, {len(result.present)} already held")
    for _, reason in result.skipped:
        warn(f"skipped: {reason}")
    if result.skipped:
        names = ", ".join(p for p, _ in result.skipped)
        warn(f"{len(result.skipped)} files could not be read and were skipped: {names}")
        return exitcodes.DIFFERENT
    return exitcodes.SAME


@contextlib.contextmanager
def progress_bar(description: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on standard error on a terminal (None elsewhere)."""
    if not interactive():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


@corpus_app.command("compare")
def compare_cmd(
    db: DbArg,
    scheduler: Annotated[
        str | None,
        typer.Option(metavar="ADDRESS", help="An existing Dask scheduler, e.g. tcp://HOST:8786."),
    ] = None,
    related: Annotated[
        bool,
        typer.Option("--related", help="Also compare documents of different series sharing text."),
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", "-j", min=1, help="Local worker processes (default: one per core)."
        ),
    ] = None,
    setting: SettingPairs = None,
) -> None:
    """Compare, within each series, the consecutive versions not compared yet (resumable)."""
    from compare.corpus.runs import compare_corpus

    settings = make_settings(setting=setting)
    with store(db) as conn, progress_bar("comparing") as progress:
        result = compare_corpus(conn, settings, scheduler, workers, related, progress)
    out(f"compared {result.compared} pairs ({result.pending_before} were pending)")


@corpus_app.command("search")
def search_cmd(
    db: DbArg,
    query: Annotated[str, typer.Argument(help="Words to find (any script; 1 character or more).")],
    since: Annotated[
        str, typer.Option(metavar="DATE", help="From this year (or YYYY-MM, YYYY-MM-DD) on.")
    ] = "",
    until: Annotated[
        str, typer.Option(metavar="DATE", help="Up to this year (or YYYY-MM, YYYY-MM-DD).")
    ] = "",
    series: Annotated[str, typer.Option(metavar="S", help="Only series whose name has S.")] = "",
    kind: Annotated[
        str,
        typer.Option(
            "--kind", metavar="KIND", help="Only clauses whose fate is KIND: dropped, weakened …"
        ),
    ] = "",
    limit: Annotated[int, typer.Option(min=0, help="At most this many hits (0: all).")] = 100,
    format: Annotated[HitFormat, typer.Option("--format", "-f", help="What to print.")] = (
        HitFormat.table
    ),
) -> None:
    """Find clauses in every version, with where, when and what became of each."""
    from compare.corpus.search import Query, search

    with store(db) as conn:
        hits = search(conn, Query(query, since, until, series, kind, limit))
    rows = [hit_dict(h) for h in hits]
    if format is HitFormat.json:
        out(json.dumps(rows, ensure_ascii=False, indent=1))
    elif format is HitFormat.csv:
        out(hits_csv(rows))
    else:
        out(hits_table(rows))


def fate_text(fate: dict) -> str:
    """A fate in a few words: `revised (weakened)`, `dropped`, `last-version`."""
    revisions = f" ({', '.join(fate['revisions'])})" if fate["revisions"] else ""
    return f"{fate['kind']}{revisions}"


def hit_dict(hit: object) -> dict:
    """A hit as JSON."""
    return asdict(hit)  # type: ignore[call-overload]


def hits_csv(rows: list[dict]) -> str:
    """Hits as CSV, one line each, the fate in words."""
    buf = io.StringIO()
    fields = ["document", "date", "series", "clause_id", "section", "strength", "fate", "text"]
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({**{k: r[k] for k in fields if k != "fate"}, "fate": fate_text(r["fate"])})
    return buf.getvalue()


def hits_table(rows: list[dict]) -> str:
    """Hits as text: where and when, strength and fate, then the clause."""
    if not rows:
        return "no clause found"
    lines = []
    for r in rows:
        lines.append(
            f"{r['date'] or '(undated)'}  {r['document']} {r['clause_id']}  [{r['series']}]"
            f"  {r['strength']}  → {fate_text(r['fate'])}"
        )
        lines.append(f"    {r['section']}" if r["section"] else "")
        lines.append(f"    {r['text']}")
    return "\n".join(line for line in lines if line) + f"\n{len(rows)} clauses"


@corpus_app.command()
def status(
    db: DbArg,
    format: Annotated[Format, typer.Option("--format", "-f", help="What to print.")] = (
        Format.table
    ),
) -> None:
    """Documents, clauses, pairs compared and pending, changes by kind, database size."""
    from compare.corpus.status import corpus_status

    with store(db) as conn:
        s = asdict(corpus_status(conn, db))
    if format is Format.json:
        out(json.dumps(s, ensure_ascii=False, indent=1))
        return
    lines = [f"{k:16} {v}" for k, v in s.items() if k != "changes"]
    lines += [f"changes {k:8} {v}" for k, v in s["changes"].items()]
    out("\n".join(lines))


@corpus_app.command()
def report(
    db: DbArg,
    out_dir: Annotated[
        Path, typer.Option("--out", "-o", metavar="DIR", file_okay=False, help="Where to write.")
    ] = Path("out"),
) -> None:
    """Write each series' timeline report and an index across the series; print its path."""
    from compare.corpus.report import write_corpus_report

    outputs.prepare_output_dir(out_dir)
    with (
        store(db) as conn,
        working("writing the corpus report"),
        outputs.staged_dir(out_dir) as scratch,
    ):
        write_corpus_report(conn, scratch)
    out(str(out_dir / "index.html"))


@corpus_app.command()
def metadata(db: DbArg) -> None:
    """Print Datasette metadata for DB: table notes, full-text search and canned queries."""
    from compare.corpus.browse import datasette_metadata

    out(json.dumps(datasette_metadata(db), ensure_ascii=False, indent=1))
