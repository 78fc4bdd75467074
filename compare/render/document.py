"""Document renderer: one parsed document as JSON or a plain-text table (`clausediff parse`)."""

from __future__ import annotations

from typing import Any

from compare import __version__
from compare.model import SCHEMA_VERSION, Clause, Document, Facts, Repair, Section
from compare.render import json_out
from compare.render.terminal import short

TEXT_WIDTH = 80
"""Characters of clause text shown per line in the table."""


def clause_dict(c: Clause) -> dict[str, Any]:
    """A clause as in the comparison JSON, plus its original text and section id."""
    out = json_out.clause_dict(c)
    out["original"] = c.original
    out["section_id"] = c.section_id
    return out


def section_dict(s: Section) -> dict[str, Any]:
    """A heading with its level and line."""
    return {"id": s.id, "level": s.level, "label": s.label, "title": s.title, "line": s.line}


def repair_dict(r: Repair) -> dict[str, Any]:
    """One repair of the cleaning trail."""
    return {
        "kind": r.kind,
        "count": r.count,
        "lines": list(r.lines),
        "detail": r.detail,
        "flagged": r.flagged,
        "removed": r.removed,
    }


def character_counts(doc: Document) -> dict[str, int]:
    """Characters read, kept in the clean text, and taken out by repairs (read = kept + removed)."""
    removed = sum(r.removed for r in doc.clean.repairs)
    return {"input": len(doc.source.text), "kept": len(doc.clean.text), "removed": removed}


def document_dict(doc: Document) -> dict[str, Any]:
    """The whole parsed document as JSON (`schema_version` as the comparison JSON)."""
    src = doc.source
    return {
        "schema_version": SCHEMA_VERSION,
        "tool_version": __version__,
        "path": doc.path,
        "title": doc.title,
        "date": doc.date,
        "issuer": doc.issuer,
        "number": doc.number,
        "encoding": src.encoding,
        "encoding_guessed": src.encoding_guessed,
        "format": src.format,
        "size": src.size,
        "notes": list(src.notes) + [n for n in doc.notes if n not in src.notes],
        "repairs": [repair_dict(r) for r in doc.clean.repairs],
        "characters": character_counts(doc),
        "sections": [section_dict(s) for s in doc.sections],
        "clauses": [clause_dict(c) for c in doc.clauses],
    }


def facts_text(f: Facts) -> str:
    """Facts in one short line: `lead 发改委; coop 财政厅; 2025; 15%; strong`."""
    parts = []
    if f.lead:
        parts.append("lead " + "、".join(f.lead))
    if f.cooperating:
        parts.append("coop " + "、".join(f.cooperating))
    parts += [str(y) for y in f.years]
    parts += [q.text for q in f.quantities]
    if f.commitment:
        parts.append(f"commitment {f.strength.name.lower()}")
    if not f.numbers_reliable:
        parts.append("numbers unreliable")
    return "; ".join(parts)


def header_lines(doc: Document) -> list[str]:
    """Title, date, issuer, encoding and size."""
    guessed = " (guessed)" if doc.source.encoding_guessed else ""
    return [
        f"title:    {doc.title}",
        f"date:     {doc.date or '-'}",
        f"issuer:   {doc.issuer or '-'}",
        *([f"number:   {doc.number}"] if doc.number else []),
        f"file:     {doc.path} ({doc.source.format}, {doc.source.size} bytes)",
        f"encoding: {doc.source.encoding}{guessed}",
        f"clauses:  {len(doc.clauses)} in {len(doc.sections)} sections",
        "chars:    {input} read, {kept} kept, {removed} removed by repairs".format(
            **character_counts(doc)
        ),
        *(f"note:     {n}" for n in doc.notes),
    ]


def section_lines(doc: Document) -> list[str]:
    """The section tree, indented by level."""
    return [f"{'  ' * (s.level - 1)}{s.label}{s.title}  [{s.id}, l.{s.line}]" for s in doc.sections]


def clause_lines(doc: Document, width: int = TEXT_WIDTH) -> list[str]:
    """One line per clause: id, line, section id, text, then its facts indented."""
    lines = []
    for c in doc.clauses:
        head = "#" if c.is_heading else " "
        lines.append(
            f"{c.id:>6}{head} l.{c.lines[0]:<5} {c.section_id or '-':<5} {short(c.text, width)}"
        )
        facts = facts_text(c.facts)
        if facts:
            lines.append(f"{'':>20}{facts}")
    return lines


def repair_lines(doc: Document) -> list[str]:
    """The cleaning trail: kind, count, first lines, detail; flagged ones marked `warning`."""
    lines = []
    for r in doc.clean.repairs:
        where = ",".join(map(str, r.lines[:8])) + ("…" if len(r.lines) > 8 else "")
        flag = "warning " if r.flagged else ""
        lines.append(f"  {flag}{r.kind} ×{r.count} (lines {where or '-'}) {r.detail}".rstrip())
    return lines


def document_table(doc: Document) -> str:
    """The whole parse result as readable plain text."""
    out = header_lines(doc)
    out += ["", "sections:"] + (section_lines(doc) or ["  (none)"])
    out += ["", "clauses:"] + (clause_lines(doc) or ["  (none)"])
    out += ["", "repairs:"] + (repair_lines(doc) or ["  (none)"])
    return "\n".join(out) + "\n"
