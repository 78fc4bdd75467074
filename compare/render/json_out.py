"""JSON renderer: the machine interface (`schema_version` 1.x), see docs/json-schema.json."""

from __future__ import annotations

import json
from typing import Any

from compare import __version__
from compare.model import SCHEMA_VERSION, Clause, Comparison, Document


def clause_dict(c: Clause) -> dict[str, Any]:
    """A clause as JSON."""
    return {"id": c.id, "text": c.text, "section": list(c.section), "lines": list(c.lines)}


def side_dict(doc: Document) -> dict[str, Any]:
    """One document's side of a comparison."""
    return {
        "path": doc.path,
        "title": doc.title,
        "date": doc.date,
        "clauses": [clause_dict(c) for c in doc.clauses],
    }


def comparison_dict(cmp: Comparison) -> dict[str, Any]:
    """A comparison as the JSON contract."""
    return {
        "schema_version": SCHEMA_VERSION,
        "tool_version": __version__,
        "old": side_dict(cmp.old),
        "new": side_dict(cmp.new),
        "summary": cmp.summary(),
        "changes": [
            {
                "kind": ch.kind.value,
                "old": list(ch.old),
                "new": list(ch.new),
                "similarity": round(ch.similarity, 4),
            }
            for ch in cmp.changes
        ],
    }


def dumps(obj: dict[str, Any]) -> str:
    """Serialize with Chinese kept readable."""
    return json.dumps(obj, ensure_ascii=False, indent=1)
