"""Full-text search over every clause of every version, with what became of each hit."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta

from compare.clean.keys import comparison_key
from compare.corpus.schema import first_rowid
from compare.errors import UsageError
from compare.model import ChangeKind, RevisionKind

LAST_VERSION = "last-version"
"""Fate of a clause in the newest version of its series: nothing follows yet."""
NOT_COMPARED = "not-compared"
"""Fate of a clause whose version and the next were not compared yet."""
FATE_KINDS = (
    *(k.value for k in ChangeKind),
    *(k.value for k in RevisionKind),
    LAST_VERSION,
    NOT_COMPARED,
)
"""What `--kind` accepts: a change kind, a revision kind, or one of the two states above."""
DATE = re.compile(r"\d{4}(-\d\d(-\d\d)?)?")
"""How --since and --until are written."""
TRIGRAM = 3
"""The trigram index matches queries of at least this many characters; shorter ones use
`clauses_short` (see `schema.short_grams`)."""


@dataclass(frozen=True)
class Query:
    """A search: the text and the filters."""

    text: str
    since: str = ""
    """Earliest date searched (inclusive): a year, `YYYY-MM` or `YYYY-MM-DD`."""
    until: str = ""
    """Latest date searched (inclusive), written the same way."""
    series: str = ""
    """Only series whose name contains this."""
    kind: str = ""
    """Only clauses whose fate is this change or revision kind."""
    limit: int = 100
    """At most this many hits (0: all)."""


@dataclass(frozen=True)
class Fate:
    """What became of a clause in the next version of its series."""

    kind: str
    """A change kind (`revised`, `dropped` …), `last-version` or `not-compared`."""
    revisions: tuple[str, ...] = ()
    """Revision kinds of that change (`weakened`, `target-changed` …)."""
    document: str = ""
    """The next version's file name ('' for the last version)."""
    clauses: tuple[str, ...] = ()
    """The clause ids it became there."""


@dataclass(frozen=True)
class Hit:
    """One clause found."""

    document: str
    date: str
    series: str
    clause_id: str
    text: str
    section: str
    strength: str
    """Commitment strength: none, weak, moderate or strong."""
    fate: Fate


HITS_SQL = """
WITH found AS (
    SELECT c.id AS cid, c.clause_id, c.text, c.section, c.strength, c.position,
           d.id AS did, d.name, d.date, d.series
    FROM {source}
    JOIN documents d ON d.id = c.document_id
    WHERE {where}
    {first}
), placed AS (
    SELECT found.*,
           (SELECT n.id FROM documents n WHERE n.series = found.series
             AND (n.date, n.id) > (found.date, found.did) ORDER BY n.date, n.id LIMIT 1) AS next_id
    FROM found
), fated AS (
    SELECT placed.*,
           (SELECT cc.change_id FROM change_clauses cc
              JOIN changes ch ON ch.id = cc.change_id
              JOIN pairs p ON p.id = ch.pair_id
             WHERE cc.clause_id = placed.cid AND cc.side = 'old'
               AND p.old_id = placed.did AND p.new_id = placed.next_id) AS change_id
    FROM placed
), judged AS (
    SELECT fated.*,
           CASE WHEN next_id IS NULL THEN 'last-version'
                WHEN change_id IS NULL THEN 'not-compared'
                ELSE ch.kind END AS fate_kind,
           coalesce(ch.revisions, '') AS fate_revisions,
           coalesce(ch.new_clauses, '') AS fate_clauses,
           coalesce(n.name, '') AS next_name
    FROM fated
    LEFT JOIN changes ch ON ch.id = fated.change_id
    LEFT JOIN documents n ON n.id = fated.next_id
)
SELECT name, date, series, clause_id, text, section, strength,
       fate_kind, fate_revisions, fate_clauses, next_name
FROM judged
WHERE {fate_filter}
ORDER BY cid
LIMIT ?
"""
"""Hits oldest first (clause row ids are chronological: the index hands them over in that
order); without a fate filter the scan stops at `limit` matches, and only those get their
fate looked up (a common phrase matches a tenth of a large corpus)."""


def search(conn: sqlite3.Connection, query: Query) -> list[Hit]:
    """The clauses whose comparison key contains the query's (script and widths folded, so a
    simplified query finds traditional captures), oldest first, with their fates."""
    key = comparison_key(query.text)
    if not key:
        raise UsageError("corpus search: empty query", "", "give the words to look for")
    if query.kind and query.kind not in FATE_KINDS:
        raise UsageError(
            f"corpus search: unknown --kind {query.kind!r}",
            "",
            f"use one of {', '.join(FATE_KINDS)}",
        )
    for bound in (query.since, query.until):
        if bound and not valid_date(bound):
            raise UsageError(
                f"corpus search: {bound!r} is not a date", "", "write a year, YYYY-MM or YYYY-MM-DD"
            )
    sql, params = hits_sql(key, query)
    return [hit(row) for row in conn.execute(sql, params)]


def hits_sql(key: str, query: Query) -> tuple[str, list[object]]:
    """The SQL and parameters of a search."""
    if len(key) >= TRIGRAM:
        source, where = "clauses_fts f JOIN clauses c ON c.id = f.rowid", ["clauses_fts MATCH ?"]
        params: list[object] = [phrase(key)]
    else:  # one token of `clauses_short` (a key holds no space); its tokenizer folds case,
        # so instr() keeps the hits exact
        source = "clauses_short f JOIN clauses c ON c.id = f.rowid"
        where, params = ["clauses_short MATCH ?", "instr(c.key, ?) > 0"], [phrase(key), key]
    rowid = "f.rowid"
    if query.since:
        where.append(f"{rowid} >= ?")
        params.append(first_rowid(query.since))
    if query.until:  # 2021 takes in 2021-12-31: everything before 2022
        where.append(f"{rowid} < ?")
        params.append(first_rowid(following(query.until)))
    if query.series:
        where.append("instr(d.series, ?) > 0")
        params.append(query.series)
    limit = query.limit if query.limit > 0 else -1
    fate_filter, first = "1", f"ORDER BY {rowid} LIMIT ?"
    if query.kind:
        fate_filter = "(fate_kind = ? OR instr(',' || fate_revisions || ',', ?) > 0)"
        params += [query.kind, f",{query.kind},"]
        first = ""
    else:
        params.append(limit)
    params.append(limit)
    sql = HITS_SQL.format(
        source=source, where=" AND ".join(where), first=first, fate_filter=fate_filter
    )
    return sql, params


def phrase(key: str) -> str:
    """An FTS5 query that matches the key as one phrase."""
    return '"' + key.replace('"', '""') + '"'


def valid_date(iso: str) -> bool:
    """True for a year, `YYYY-MM` or `YYYY-MM-DD` that exists."""
    if not DATE.fullmatch(iso):
        return False
    try:
        following(iso)
    except ValueError:
        return False
    return 1 <= int((iso + "-01")[5:7]) <= 12


def following(iso: str) -> str:
    """The first day after the period a date names: 2021 → 2022, 2021-12 → 2022-01,
    2021-10-31 → 2021-11-01."""
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 1:
        return f"{parts[0] + 1:04d}"
    if len(parts) == 2:
        year, month = divmod(parts[0] * 12 + parts[1], 12)  # month 12 → next January
        return f"{year:04d}-{month + 1:02d}"
    return (date(*parts) + timedelta(days=1)).isoformat()


def hit(row: tuple) -> Hit:
    """A result row as a hit."""
    name, date, series, clause_id, text, section, strength, kind, revisions, clauses, nxt = row
    fate = Fate(kind, tuple(filter(None, revisions.split(","))), nxt, tuple(clauses.split()))
    return Hit(name, date, series, clause_id, text, section, strength, fate)
