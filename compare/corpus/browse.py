"""Datasette over a corpus database: table notes, full-text search and canned queries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

TABLES = {
    "documents": "One row per stored version: hash of the file's bytes, metadata, series, "
    "repairs, the decoded text.",
    "clauses": "Every clause of every version: original, clean text, comparison key, section, "
    "commitment strength, facts (JSON). Search runs over the comparison key.",
    "pairs": "Two versions compared (consecutive in a series, or related across series), with "
    "the comparison's JSON as `clausediff diff --format json` writes it.",
    "changes": "Every change of every pair: kind, revision kinds, clause ids on each side, "
    "the change's JSON.",
    "change_clauses": "Which clause rows each change holds, on the old and the new side.",
}

QUERIES = {
    "weakened_per_year": {
        "title": "Commitments weakened, per year",
        "sql": """SELECT substr(n.date, 1, 4) AS year, count(*) AS weakened
FROM changes ch JOIN pairs p ON p.id = ch.pair_id JOIN documents n ON n.id = p.new_id
WHERE instr(',' || ch.revisions || ',', ',weakened,') > 0
GROUP BY year ORDER BY year""",
    },
    "dropped_commitments": {
        "title": "Commitments dropped, with the version that dropped them",
        "sql": """SELECT o.series, o.date AS last_seen, n.date AS dropped_in, c.strength, c.text
FROM changes ch JOIN pairs p ON p.id = ch.pair_id AND p.relation = 'series'
JOIN change_clauses cc ON cc.change_id = ch.id AND cc.side = 'old'
JOIN clauses c ON c.id = cc.clause_id
JOIN documents o ON o.id = p.old_id JOIN documents n ON n.id = p.new_id
WHERE ch.kind = 'dropped' AND c.commitment = 1
ORDER BY o.series, n.date, c.position""",
    },
    "clauses_mentioning": {
        "title": "Clauses mentioning a phrase (any length, simplified script)",
        "sql": """SELECT d.date, d.series, d.name, c.clause_id, c.section, c.strength, c.text
FROM clauses c JOIN documents d ON d.id = c.document_id
WHERE c.id IN (SELECT rowid FROM clauses_fts
               WHERE clauses_fts MATCH '"' || replace(:phrase, '"', '""') || '"')
   OR (length(:phrase) < 3 AND instr(c.key, :phrase) > 0
       AND c.id IN (SELECT rowid FROM clauses_short
                    WHERE clauses_short MATCH '"' || replace(:phrase, '"', '""') || '"'))
ORDER BY c.id LIMIT 500""",
    },
    "changes_per_series": {
        "title": "Changes per series and kind",
        "sql": """SELECT o.series, ch.kind, count(*) AS changes
FROM changes ch JOIN pairs p ON p.id = ch.pair_id AND p.relation = 'series'
JOIN documents o ON o.id = p.old_id
GROUP BY o.series, ch.kind ORDER BY o.series, changes DESC""",
    },
}
"""Canned queries shown on the database's page."""


def datasette_metadata(db: Path | str) -> dict[str, Any]:
    """Datasette metadata (`datasette DB -m FILE`) for the corpus at `db`."""
    tables: dict[str, Any] = {name: {"description": text} for name, text in TABLES.items()}
    tables["clauses"].update({"fts_table": "clauses_fts", "fts_pk": "id"})
    tables["clauses_short"] = {"hidden": True}  # an index only: its rows hold no text
    return {
        "title": "clausediff corpus",
        "databases": {Path(db).stem: {"tables": tables, "queries": QUERIES}},
    }
