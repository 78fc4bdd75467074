"""GitHub Actions: step-summary Markdown and workflow annotations, as pure string functions."""

from __future__ import annotations

from collections.abc import Sequence

from compare.model import Change, ChangeKind, Clause, Comparison
from compare.render.terminal import change_sides, reading_order, short

SUMMARY_LIMIT = 200_000
"""Characters of step summary per comparison (GitHub accepts 1 MiB per step)."""
ANNOTATION_LIMIT = 50
"""Annotations per comparison (GitHub shows only the first few of each level anyway)."""


def escape_data(text: str) -> str:
    """Escape an annotation message per GitHub's workflow-command rules."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape an annotation property value (file, title …): data rules plus `:` and `,`."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, message: str, file: str = "", line: int = 0, title: str = "") -> str:
    """One workflow command line, e.g. `::error file=a.txt,line=3,title=t::message`."""
    props = [f"file={escape_property(file)}"] if file else []
    if line:
        props.append(f"line={line}")
    if title:
        props.append(f"title={escape_property(title)}")
    joined = " " + ",".join(props) if props else ""
    return f"::{level}{joined}::{escape_data(message)}"


def change_annotation(cmp: Comparison, change: Change, in_new: bool = False) -> str:
    """The annotation for a failing change: an error for a drop, a warning for a revision.

    A drop is pinned to its line in the old file, or with `in_new` (when the old version is
    not a file of the work tree, e.g. a git revision) to the new file where it stood.
    """
    olds, news = change_sides(cmp, change)
    path, line = cmp.new.path, news[0].lines[0] if news else 0
    if not news and not in_new:
        path, line = cmp.old.path, olds[0].lines[0] if olds else 0
    elif not news:
        line = line_where_dropped(cmp, change)
    level = "error" if change.kind is ChangeKind.DROPPED else "warning"
    title = f"clausediff: {change_title(change, olds)}"
    return annotation(level, change_message(change, olds, news), path, line, title)


def line_where_dropped(cmp: Comparison, change: Change) -> int:
    """The new file's line of the clause just before where a dropped clause stood (1 at the top)."""
    after = reading_order(cmp)[id(change)][0]
    return cmp.new.clauses[after - 1].lines[1] if after else 1


def change_title(change: Change, olds: Sequence[Clause]) -> str:
    """Short title: `dropped commitment`, `revised: weakened, target-changed` …"""
    if change.kind is ChangeKind.DROPPED:
        return "dropped commitment" if any(c.facts.commitment for c in olds) else "dropped clause"
    kinds = ", ".join(dict.fromkeys(r.kind.value for r in change.revisions))
    return f"{change.kind.value}: {kinds}" if kinds else change.kind.value


def change_message(change: Change, olds: Sequence[Clause], news: Sequence[Clause]) -> str:
    """The clause text(s) concerned, old then new, with the revision evidence."""
    parts = []
    if olds:
        parts.append("old: " + short("".join(c.text for c in olds), 300))
    if news:
        parts.append("new: " + short("".join(c.text for c in news), 300))
    parts += [
        f"{r.kind.value}: {r.old} → {r.new}".strip() for r in change.revisions if r.old or r.new
    ]
    return "\n".join(parts)


def annotations(
    cmp: Comparison, failing: Sequence[Change], in_new: bool = False, limit: int = ANNOTATION_LIMIT
) -> list[str]:
    """Annotation lines for the failing changes (at most `limit`, then a notice)."""
    lines = [change_annotation(cmp, ch, in_new) for ch in failing[:limit]]
    if len(failing) > limit:
        lines.append(
            annotation("notice", f"{len(failing) - limit} more failing changes not annotated")
        )
    return lines


def step_summary(
    cmp: Comparison, failing: Sequence[Change], html: str = "", limit: int = SUMMARY_LIMIT
) -> str:
    """Markdown for $GITHUB_STEP_SUMMARY: counts, then the failing changes (truncated)."""
    head = [
        f"### clausediff: `{cmp.old.path}` → `{cmp.new.path}`",
        "",
        "| change | count |",
        "|---|---:|",
    ]
    head += [f"| {kind} | {n} |" for kind, n in cmp.summary().items()]
    verdict = f"**{len(failing)} failing change(s)**" if failing else "**No failing changes.**"
    head += ["", verdict, ""]
    if html:
        head += [f"Full report: `{html}`", ""]
    head.append("")
    text = "\n".join(head)
    for i, ch in enumerate(failing):
        item = summary_item(cmp, ch)
        if len(text) + len(item) > limit:
            more = f"\n… {len(failing) - i} more not shown"
            more += (
                f"; full report: `{html}`" if html else " (write the full report with --html FILE)"
            )
            return text + more + "\n"
        text += item
    return text + ("\n" if failing else "")


def summary_item(cmp: Comparison, change: Change) -> str:
    """One failing change as a Markdown list item."""
    olds, news = change_sides(cmp, change)
    where = news or olds
    section = " › ".join(where[0].section) if where and where[0].section else "(no section)"
    line = f"- **{_md(change_title(change, olds))}** — {_md(section)}\n"
    if olds:
        line += f"  - old: {_md(short(''.join(c.text for c in olds), 300))}\n"
    if news:
        line += f"  - new: {_md(short(''.join(c.text for c in news), 300))}\n"
    return line


def _md(text: str) -> str:
    """Escape characters that Markdown would take as markup or table syntax."""
    for ch in "\\`*_[]<>|":
        text = text.replace(ch, "\\" + ch)
    return text.replace("\n", " ")
