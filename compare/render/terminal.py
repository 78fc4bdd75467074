"""Terminal renderer: a readable plain-text summary of a comparison (counts, then each change)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence

from diff_match_patch import diff_match_patch

from compare.model import (
    Change,
    ChangeKind,
    Clause,
    Comparison,
    Continuation,
    DiffSpan,
    Document,
    Op,
    Thread,
    Timeline,
)

DIFF_WIDTH = 160
"""Characters of token diff shown per change before it is cut with `…`."""
CONTEXT = 12
"""Unchanged characters kept on each side of an edit inside a long equal run."""


def short(text: str, limit: int) -> str:
    """`text` on one line, cut to `limit` characters with `…`."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: max(limit - 1, 0)] + "…"


def change_sides(cmp: Comparison, change: Change) -> tuple[list[Clause], list[Clause]]:
    """The old and new clauses a change names."""
    return [cmp.old.clause(i) for i in change.old], [cmp.new.clause(i) for i in change.new]


def fallback_spans(old: str, new: str) -> tuple[DiffSpan, ...]:
    """A character diff (diff-match-patch, semantic cleanup) when the change carries none."""
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    diffs = dmp.diff_main(old, new)
    dmp.diff_cleanupSemantic(diffs)
    ops = {0: Op.EQUAL, 1: Op.INSERT, -1: Op.DELETE}
    return tuple(DiffSpan(ops[op], text) for op, text in diffs)


def change_spans(cmp: Comparison, change: Change) -> tuple[DiffSpan, ...]:
    """What to show for a change: its own diff, else one computed from the clause texts."""
    olds, news = change_sides(cmp, change)
    old, new = "".join(c.text for c in olds), "".join(c.text for c in news)
    if change.diff:
        return change.diff
    if not news:
        return (DiffSpan(Op.DELETE, old),)
    if not olds:
        return (DiffSpan(Op.INSERT, new),)
    if old == new:
        return (DiffSpan(Op.EQUAL, new),)
    return fallback_spans(old, new)


def mark(span: DiffSpan) -> str:
    """One span as wdiff-style text: `[-deleted-]`, `{+inserted+}`, plain when equal."""
    text = " ".join(span.text.split())
    if span.op is Op.DELETE:
        return f"[-{text}-]"
    if span.op is Op.INSERT:
        return f"{{+{text}+}}"
    return text


def squeeze_equal(text: str, first: bool, last: bool, context: int = CONTEXT) -> str:
    """Keep only the context next to edits in a long unchanged run."""
    if first and len(text) > context:
        text = "…" + text[-context:]
    if last and len(text) > context:
        text = text[:context] + "…"
    if not first and not last and len(text) > 2 * context + 1:
        text = text[:context] + "…" + text[-context:]
    return text


def token_diff(spans: Sequence[DiffSpan], width: int = DIFF_WIDTH) -> str:
    """A short one-line token diff, long unchanged runs elided, cut to `width`."""
    has_edit = any(s.op is not Op.EQUAL for s in spans)
    parts = []
    for i, s in enumerate(spans):
        if s.op is Op.EQUAL and has_edit:
            text = squeeze_equal(" ".join(s.text.split()), i == 0, i == len(spans) - 1)
            parts.append(text)
        else:
            parts.append(mark(s))
    return short("".join(parts), width)


def counts_line(cmp: Comparison) -> str:
    """`changes: unchanged 120 · moved 3 · …` in the order of ChangeKind, headings apart."""
    counts = " · ".join(f"{kind} {n}" for kind, n in cmp.summary(headings=False).items())
    headings = cmp.heading_changes()
    return "changes: " + counts + (f" (headings apart: {headings} changed)" if headings else "")


def passed_line(cmp: Comparison, kinds: Iterable[str], commitments_only: bool = False) -> str:
    """`A → B: passed: no dropped, weakened or target-changed change (among 12 changes)`."""
    names = sorted(kinds)
    named = ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else "".join(names)
    if {k.value for k in ChangeKind if k is not ChangeKind.UNCHANGED} <= set(names):
        named = "kind of"  # --fail-on any
    scope = " to a commitment" if commitments_only else ""
    changed = sum(n for kind, n in cmp.summary().items() if kind != "unchanged")
    return (
        f"{cmp.old.path} → {cmp.new.path}: passed: no {named} change{scope}"
        f" (among {changed} changes and {len(cmp.new.clauses)} clauses)"
    )


def side_line(label: str, doc: Document) -> str:
    """`old: path — title (date), N clauses`."""
    date = f" ({doc.date})" if doc.date else ""
    return f"{label}: {doc.path} — {short(doc.title, 60)}{date}, {len(doc.clauses)} clauses"


def change_header(cmp: Comparison, change: Change) -> str:
    """`revised  一、… › (二)…  old c12 l.34 → new c15 l.40  [weakened]  0.82`."""
    olds, news = change_sides(cmp, change)
    where = news or olds
    section = " › ".join(where[0].section) if where and where[0].section else "(no section)"
    ids = []
    if olds:
        ids.append(f"old {','.join(change.old)} l.{olds[0].lines[0]}")
    if news:
        ids.append(f"new {','.join(change.new)} l.{news[0].lines[0]}")
    revs = ", ".join(dict.fromkeys(r.kind.value for r in change.revisions))
    tail = f"  [{revs}]" if revs else ""
    sim = f"  {change.similarity:.2f}" if olds and news else ""
    shaky = (
        "  ⚠ numbers unreliable" if any(not c.facts.numbers_reliable for c in olds + news) else ""
    )
    probable = "  (probable: evidence alone)" if change.probable else ""
    return (
        f"{change.kind.value:<9} {short(section, 50)}  {' → '.join(ids)}{tail}{sim}{probable}"
        f"{shaky}"
    )


def change_block(cmp: Comparison, change: Change, width: int = DIFF_WIDTH) -> str:
    """A change as two lines, its header and an indented token diff, and for a dropped or new
    clause a third naming its possible successors or origins."""
    from compare.render.counterparts import counterparts_line  # the pair views: table only

    block = f"{change_header(cmp, change)}\n    {token_diff(change_spans(cmp, change), width)}"
    more = counterparts_line(cmp, change)
    return f"{block}\n    {more}" if more else block


def shown_changes(cmp: Comparison, show_unchanged: bool = False) -> list[Change]:
    """The changes listed in the summary (unchanged ones only on request), in reading order."""
    keep = [ch for ch in cmp.changes if show_unchanged or ch.kind is not ChangeKind.UNCHANGED]
    return in_reading_order(cmp, keep)


def in_reading_order(cmp: Comparison, changes: Iterable[Change]) -> list[Change]:
    """Changes sorted as a reader meets them in the new version (drops where they stood)."""
    keys = reading_order(cmp)
    return sorted(changes, key=lambda ch: keys[id(ch)])


def reading_order(cmp: Comparison) -> dict[int, tuple[int, int, int]]:
    """Sort key per change: new reading order, a drop placed after the clause that preceded it."""
    linked = sorted(
        (cmp.old.clause(ch.old[-1]).index, cmp.new.clause(ch.new[-1]).index + 1)
        for ch in cmp.changes
        if ch.old and ch.new
    )
    olds = [o for o, _ in linked]
    running, best = [], 0
    for _, n in linked:
        best = max(best, n)
        running.append(best)
    keys = {}
    for ch in cmp.changes:
        if ch.new:
            keys[id(ch)] = (cmp.new.clause(ch.new[0]).index, 1, 0)
        else:
            old_index = cmp.old.clause(ch.old[0]).index
            k = bisect_left(olds, old_index)
            keys[id(ch)] = (running[k - 1] if k else 0, 0, old_index)
    return keys


def summary_text(cmp: Comparison, show_unchanged: bool = False, width: int = DIFF_WIDTH) -> str:
    """The whole terminal summary: sides, counts, then every change (blank line between)."""
    lines = [side_line("old", cmp.old), side_line("new", cmp.new), counts_line(cmp)]
    blocks = [change_block(cmp, ch, width) for ch in shown_changes(cmp, show_unchanged)]
    if not blocks:
        lines.append("no changes" if not show_unchanged else "no clauses")
    return "\n".join(lines) + "\n" + "".join(f"\n{b}\n" for b in blocks)


def changes_text(cmp: Comparison, changes: Iterable[Change], width: int = DIFF_WIDTH) -> str:
    """Just the given changes, one block each."""
    return "".join(f"{change_block(cmp, ch, width)}\n" for ch in in_reading_order(cmp, changes))


def document_warnings(doc: Document) -> list[str]:
    """One line per thing the user should know about a parsed document, each naming the file."""
    notes = list(dict.fromkeys((*doc.source.notes, *doc.notes)))
    text = " ".join(notes).lower()
    if not doc.clauses and "empty" not in text:
        notes.append("empty document: no clauses found")
    if doc.source.encoding_guessed and "encoding" not in text:
        notes.append(f"encoding guessed as {doc.source.encoding}")
    if doc.clean.unreliable and "unreliable" not in text:
        notes.append(f"numbers unreliable in {len(doc.clean.unreliable)} place(s)")
    flagged = [r for r in doc.clean.repairs if r.flagged and f"{r.kind}:" not in text]
    notes += [f"{r.kind}: {r.detail or r.count}" for r in flagged]
    return [f"{doc.path}: {n}" for n in notes]


def thread_steps(tl: Timeline, thread: Thread, probable: Continuation | None = None) -> str:
    """`c3 → revised c5 → — → dropped` across the versions; where the thread probably goes on
    (a possible successor, not a link): `⇢? t17 c12 (31%)`."""
    parts = []
    for step in thread.steps:
        if probable and step.version == probable.version:
            parts.append(
                f"⇢? {probable.successor} {probable.clause} ({round(probable.score * 100)}%)"
            )
            continue
        if not step.clauses:
            parts.append("—")
            continue
        kind = f"{step.kind.value} " if step.kind is not None else ""
        parts.append(kind + ",".join(step.clauses))
    return " → ".join(parts)


def thread_story(tl: Timeline, thread: Thread) -> list[str]:
    """`2019-10-17  revised c70: wording` for each version the thread is in or leaves."""
    # imported here: the timeline stage (and the thread table's csv and zipfile), which
    # `diff` and `check` never need
    from compare.render.thread_table import step_state
    from compare.timeline.query import step_wording

    lines = []
    for step in thread.steps:
        state = step_state(thread, step.version)
        if not state:
            continue
        doc = tl.documents[step.version]
        date = doc.date or f"v{step.version + 1}"
        ids = f" {','.join(step.clauses)}" if step.clauses else ""
        wording = step_wording(tl, thread, step.version)
        lines.append(f"    {date}  {state}{ids}" + (f": {wording}" if wording else ""))
    return lines


def timeline_text(
    tl: Timeline,
    threads: Sequence[Thread],
    fate: Callable[[Thread], str],
    wordings: bool = False,
) -> str:
    """The versions, then each thread: id, label, fate, and its steps (with `wordings`: the
    date, change and wording at each step)."""
    lines = [
        f"v{i + 1}: {d.path} — {short(d.title, 60)} ({d.date or 'no date'})"
        for i, d in enumerate(tl.documents)
    ]
    lines.append(f"{len(threads)} thread(s)")
    from compare.timeline.probable import continuations  # the timeline stage: only here

    probable = continuations(tl)
    for t in threads:
        lines.append(f"\n{t.id}  {short(t.label, 60)}")
        if t.topic:
            lines.append(f"    topic: {short(t.topic, 60)}")
        lines.append(f"    fate: {fate(t)}")
        lines += (
            thread_story(tl, t) if wordings else [f"    {thread_steps(tl, t, probable.get(t.id))}"]
        )
    return "\n".join(lines) + "\n"


DELETED = re.compile(r"\[-.*?-\]", re.S)
INSERTED = re.compile(r"\{\+.*?\+\}", re.S)


def colorize(text: str) -> str:
    """Deleted text in red and inserted text in green (ANSI), the markers kept."""
    text = DELETED.sub(lambda m: f"\x1b[31m{m.group()}\x1b[0m", text)
    return INSERTED.sub(lambda m: f"\x1b[32m{m.group()}\x1b[0m", text)
