"""Adding files to a corpus: each new text becomes a document version with its clauses."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from compare.corpus.schema import clause_rowid, transaction
from compare.errors import ClausediffError, StoreError
from compare.model import Clause, Document, Settings, Source
from compare.parallel import fork_map, worker_count
from compare.pipeline import parse_source
from compare.read.manifest import date_in_name, is_document_name, manifest_entries
from compare.read.source import read_source
from compare.render.json_out import compact, facts_dict

YEARS = re.compile(r"[(（〔\[]?\s*(?:19|20)\d\d\s*(?:[—–-]\s*(?:19|20)\d\d)?\s*年?度?\s*[)）〕\]]?")
"""Years and year ranges in a title, with their brackets: versions of a series differ there."""


@dataclass(frozen=True)
class Entry:
    """One file to add: its bytes' hash, its decoded source and what its manifest says."""

    path: str
    sha256: str
    source: Source
    manifest: dict[str, Any]


@dataclass(frozen=True)
class AddResult:
    """What `add_paths` did with each file."""

    added: tuple[str, ...] = ()
    """Files stored as new document versions."""
    present: tuple[str, ...] = ()
    """Files whose exact bytes the corpus already holds (nothing changed)."""
    skipped: tuple[tuple[str, str], ...] = ()
    """Files that could not be read, with the one-line reason."""


def document_files(paths: Iterable[str]) -> list[str]:
    """The files named, a folder standing for every document file inside it (sorted)."""
    found: list[str] = []
    for p in map(Path, paths):
        if p.is_dir():
            found += sorted(
                str(f) for f in p.rglob("*") if is_document_name(f.name) and f.is_file()
            )
        else:
            found.append(str(p))
    return found


def add_paths(conn: sqlite3.Connection, paths: Sequence[str], settings: Settings) -> AddResult:
    """Add files and folders: new texts are parsed (on every core) and stored, each in one
    transaction; texts already held change nothing; unreadable files are skipped."""
    entries, skipped = read_entries(document_files(paths), settings)
    known = held_hashes(conn)
    present = tuple(e.path for e in entries if e.sha256 in known)
    fresh = unique_new(entries, known)
    sizes = [len(e.source.text) for e in fresh]
    docs = fork_map(
        parse_source, [e.source for e in fresh], worker_count(None, len(fresh), sum(sizes))
    )
    added = []
    for entry, doc in zip(fresh, docs, strict=True):
        try:
            store_document(conn, entry, doc)
        except StoreError as e:
            skipped.append((entry.path, f"{entry.path}: {e.message()}"))
            continue
        added.append(entry.path)
    return AddResult(tuple(added), present, tuple(skipped))


def read_entries(
    files: Sequence[str], settings: Settings
) -> tuple[list[Entry], list[tuple[str, str]]]:
    """Each file read and hashed; the ones that cannot be read, with why."""
    entries, skipped = [], []
    for path in files:
        try:
            entries.append(read_entry(path, settings))
        except ClausediffError as e:
            skipped.append((path, e.message()))
        except OSError as e:
            skipped.append((path, f"{path}: {e.strerror or e}"))
    return entries, skipped


def read_entry(path: str, settings: Settings) -> Entry:
    """One file's hash, source and manifest entry."""
    source = read_source(path, max_bytes=settings.max_bytes)
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    p = Path(path)
    entry = manifest_entries(str(p.parent.resolve())).get(p.name, {})
    return Entry(path, digest, source, entry)


def held_hashes(conn: sqlite3.Connection) -> set[str]:
    """The hashes of every document already stored."""
    return {row[0] for row in conn.execute("SELECT sha256 FROM documents")}


def unique_new(entries: Sequence[Entry], known: set[str]) -> list[Entry]:
    """Entries not held yet, each text once (the same bytes under two names are one version)."""
    seen = set(known)
    fresh = []
    for e in entries:
        if e.sha256 not in seen:
            seen.add(e.sha256)
            fresh.append(e)
    return fresh


def metadata(entry: Entry, doc: Document) -> dict[str, str]:
    """Title, date, issuer and series: the manifest's where it gives them, else the text's,
    else (date) the file name's; the series from issuer and title."""
    m = {k: str(v) for k, v in entry.manifest.items() if isinstance(v, str | int)}
    title = m.get("title") or doc.title
    issuer = m.get("issuer") or doc.issuer
    date = m.get("date") or doc.date or date_in_name(entry.path)
    series = m.get("series") or series_name(issuer, title)
    return {"title": title, "issuer": issuer, "date": date, "series": series}


def series_name(issuer: str, title: str) -> str:
    """A series named by its issuer and its title without years (which versions change)."""
    bare = " ".join(YEARS.sub("", title).split())
    return " · ".join(p for p in (issuer.strip(), bare) if p) or "untitled"


def store_document(conn: sqlite3.Connection, entry: Entry, doc: Document) -> None:
    """One document and its clauses, in one transaction."""
    meta = metadata(entry, doc)
    row = document_row(entry, doc, meta)
    with transaction(conn):
        cur = conn.execute(
            f"INSERT INTO documents ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
            list(row.values()),
        )
        conn.executemany(
            "INSERT INTO clauses (id, document_id, clause_id, position, text, key, original,"
            " section, is_heading, commitment, strength, facts) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (clause_row(cur.lastrowid or 0, meta["date"], c) for c in doc.clauses),
        )


def document_row(entry: Entry, doc: Document, meta: dict[str, str]) -> dict[str, Any]:
    """The documents row of a parsed file."""
    src = entry.source
    return {
        "sha256": entry.sha256,
        "path": entry.path,
        "name": Path(entry.path).name,
        **meta,
        "encoding": src.encoding,
        "format": src.format,
        "size": src.size,
        "encoding_guessed": int(src.encoding_guessed),
        "source_notes": compact(list(src.notes)),
        "notes": compact(list(doc.notes)),
        "repairs": compact([dataclasses.asdict(r) for r in doc.clean.repairs]),
        "source_text": src.text,
        "added_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def clause_row(document_id: int, iso_date: str, c: Clause) -> tuple[Any, ...]:
    """The clauses row of one clause (its id chronological, see `clause_rowid`)."""
    return (
        clause_rowid(iso_date, document_id, c.index),
        document_id,
        c.id,
        c.index,
        c.text,
        c.key,
        c.original,
        " / ".join(c.section),
        int(c.is_heading),
        int(c.facts.commitment),
        c.facts.strength.name.lower(),
        json.dumps(facts_dict(c.facts), ensure_ascii=False),
    )
