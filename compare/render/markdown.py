"""Markdown renderer: a readable summary of one comparison (counts, significant changes)."""

from __future__ import annotations

import re

from compare.model import Change, ChangeKind, Clause, Comparison, Document
from compare.render.counterparts import counterparts_line
from compare.render.pair_view import PairView, pair_view
from compare.render.terminal import in_reading_order
from compare.render.views import DocView, clip, evidence_text

LISTED_KINDS = (
    (ChangeKind.DROPPED, "Dropped"),
    (ChangeKind.NEW, "New"),
    (ChangeKind.REVISED, "Revised"),
    (ChangeKind.SPLIT, "Split"),
    (ChangeKind.MERGED, "Merged"),
    (ChangeKind.MOVED, "Moved"),
    (ChangeKind.UNCHANGED, "Unchanged"),
)
"""The order in which `All changes` lists the kinds (the weightiest for a reader first)."""
FOLDED_KINDS = (ChangeKind.UNCHANGED,)
"""Kinds listed inside a fold (`<details>`), as they are many and rarely read."""

MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
HTML_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
HTML_TABLE = str.maketrans(HTML_ESCAPES)
"""HTML_ESCAPES for `str.translate`: one pass in C, not a Python step per character."""


def md(text: str) -> str:
    """Document text made inert in Markdown: one line, markup characters escaped."""
    text = " ".join(text.split()).translate(HTML_TABLE)
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table (cells already escaped)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(r) + " |" for r in rows]


def documents_table(old: DocView, new: DocView) -> list[str]:
    """The two documents side by side."""
    fields = [("title", "title"), ("number", "number"), ("date", "date"), ("issuer", "issuer")]
    fields.append(("file", "file"))
    rows = [[name, md(getattr(old, f)), md(getattr(new, f))] for name, f in fields]
    rows.append(["clauses", str(old.clauses), str(new.clauses)])
    rows.append(["encoding", md(old.encoding), md(new.encoding)])
    return table(["", "old", "new"], rows)


def summary_lines(v: PairView) -> list[str]:
    """Counts by kind, by revision type and by section."""
    lines = [
        "## Changes by kind",
        "",
        *table(["kind", "changes"], [[k, str(n)] for k, n in v.kind_counts]),
    ]
    if v.headings:
        lines += ["", f"Headings are counted apart: {v.headings} changed."]
    if v.revision_counts:
        rows = [[label, str(n)] for _, label, n in v.revision_counts]
        lines += ["", "## Revisions by type", "", *table(["revision", "changes"], rows)]
    if v.by_section:
        rows = [[md(name), *map(str, counts)] for name, counts in v.by_section]
        lines += ["", "## Changes by section of the new text", ""]
        lines += table(["section", *v.section_kinds], rows)
    return lines


def significant_lines(v: PairView) -> list[str]:
    """The most significant changes, group by group."""
    lines = ["## Most significant changes", ""]
    if not v.significant:
        return [*lines, "No dropped commitment, weakened wording or changed target was found."]
    for group in v.significant:
        lines += [f"### {group.title}", ""]
        for n, item in enumerate(group.items, 1):
            evidence = f" — {md(item.evidence)}" if item.evidence else ""
            lines.append(f"{n}. {md(item.snippet)}{evidence}")
        lines += [f"\n… and {group.more} more." if group.more else "", ""]
    return lines


def revised_lines(cmp: Comparison) -> list[str]:
    """Every change that carries typed revisions, with its evidence."""
    lines = []
    for ch in cmp.changes:
        if ch.revisions:
            ids = f"{' '.join(ch.old)} → {' '.join(ch.new)}"
            text = clip("".join(cmp.new.clause(i).text for i in ch.new), 120)
            lines.append(f"- **{ch.kind.value}** ({ids}): {md(evidence_text(ch))}  \n  {md(text)}")
    return ["## Typed revisions", "", *lines] if lines else []


def side_text(doc: Document, ids: tuple[str, ...]) -> str:
    """`c12 (§ 一、总体要求): text` for one side of a change, several clauses joined."""
    clauses: list[Clause] = [doc.clause(i) for i in ids]
    section = " / ".join(clauses[0].section) if clauses and clauses[0].section else ""
    where = f" (§ {md(section)})" if section else ""
    return f"{' '.join(ids)}{where}: {md(''.join(c.text for c in clauses))}"


def change_item(cmp: Comparison, change: Change) -> list[str]:
    """One change as a list item: its clause(s) with their text, old above new when linked."""
    if not change.old or not change.new:
        doc, ids = (cmp.old, change.old) if change.old else (cmp.new, change.new)
        item = [f"- {side_text(doc, ids)}"]
        if change.successors or change.origins:
            item.append(f"  - {change.kind.value} — {md(counterparts_line(cmp, change))}")
        return item
    evidence = evidence_text(change)
    tail = f" — {md(evidence)}" if evidence else ""
    similarity = (
        f", {change.similarity:.0%} similar" if change.kind is not ChangeKind.UNCHANGED else ""
    )
    head = f"- {' '.join(change.old)} → {' '.join(change.new)}{similarity}{tail}"
    if change.kind is ChangeKind.UNCHANGED:
        return [f"- {side_text(cmp.new, change.new)}"]
    if change.probable:
        head += " — probable (linked on cross-document evidence alone)"
    item = [
        head,
        f"  - old {side_text(cmp.old, change.old)}",
        f"  - new {side_text(cmp.new, change.new)}",
    ]
    if change.probable and change.successors:
        item.append(f"  - {md(counterparts_line(cmp, change))}")
    return item


def all_changes_lines(cmp: Comparison) -> list[str]:
    """Every change with its text, grouped by kind, each group in reading order."""
    lines = ["## All changes by kind", ""]
    for kind, title in LISTED_KINDS:
        group = in_reading_order(cmp, (ch for ch in cmp.changes if ch.kind is kind))
        if not group:
            continue
        items = [line for ch in group for line in change_item(cmp, ch)]
        if kind in FOLDED_KINDS:
            summary = f"<summary>{title} ({len(group)})</summary>"
            lines += ["<details>", summary, "", *items, "", "</details>", ""]
        else:
            lines += [f"### {title} ({len(group)})", "", *items, ""]
    return lines


def render_markdown(cmp: Comparison, view: PairView | None = None) -> str:
    """A Markdown summary of the comparison (`view`: its `pair_view`, when made already)."""
    v = view or pair_view(cmp)
    title = f"# {md(v.old.date or v.old.file)} → {md(v.new.date or v.new.file)}"
    notes = [f"- {md(n)}" for n in (*cmp.notes, *v.old.notes, *v.new.notes)]
    parts = [title, "", *documents_table(v.old, v.new), ""]
    parts += [f"{v.changed} changes.", "", *significant_lines(v), "", *summary_lines(v), ""]
    parts += revised_lines(cmp)
    parts += ["", *all_changes_lines(cmp)]
    if notes:
        parts += ["", "## Notes", "", *notes]
    return "\n".join(parts).rstrip() + "\n"
