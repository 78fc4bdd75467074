"""Pair view: maps a Comparison to the rows, cells and summary the HTML templates draw."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import PurePath

from compare.model import (
    Change,
    ChangeKind,
    Clause,
    Comparison,
    DiffSpan,
    Document,
    Op,
    Repair,
    RevisionKind,
)

KIND_ORDER = tuple(ChangeKind)
EVIDENCE_LIMIT = 40
"""Longest evidence shown in a row; the rest is in the hover text and the exports."""
CRUMB_PART_LIMIT = 32
"""Longest heading shown in a section path above a clause (the whole one is in the hover text)."""
REVISION_LABELS = {k: k.value.replace("-", " ") for k in RevisionKind}
ORIGINAL, DESTINATION, WHOLE = "origin", "destination", ""


@dataclass(frozen=True)
class Span:
    """A run of clause text to draw plainly (`equal`), as `<ins>` or as `<del>`."""

    op: str
    text: str


@dataclass(frozen=True)
class ClauseView:
    """One clause inside a cell."""

    id: str
    anchor: str
    text: str
    spans: tuple[Span, ...]
    """Token diff pieces of this clause's side; empty when the text is drawn plainly."""
    original: str
    """The text as it stood in the file, '' when it reads the same as `text`."""
    lines: str
    commitment: bool
    is_heading: bool
    unreliable: bool = False
    """True when the reader found numerals pushed out of this clause: its figures are doubtful."""


@dataclass(frozen=True)
class Pointer:
    """A link from one half of a moved clause to the other."""

    label: str
    href: str
    target: str


@dataclass(frozen=True)
class CellView:
    """One side of a row: clauses under their section path, or a pointer, or nothing."""

    clauses: tuple[ClauseView, ...] = ()
    crumb: str = ""
    crumb_same: bool = False
    """True when the section path is the one shown just above (hidden unless filtering)."""
    section_anchors: tuple[str, ...] = ()
    pointer: Pointer | None = None
    full_crumb: str = ""
    """The whole section path, when `crumb` shows it shortened."""


@dataclass(frozen=True)
class RevisionView:
    """A typed revision with its evidence, ready to print."""

    kind: str
    label: str
    old: str
    new: str
    note: str
    full: str = ""
    """The whole evidence when `old` or `new` was clipped."""


@dataclass(frozen=True)
class RowView:
    """One aligned row of the side-by-side table."""

    anchor: str
    change: int
    kind: str
    role: str
    old: CellView
    new: CellView
    revisions: tuple[RevisionView, ...]
    similarity: str
    links: tuple[Pointer, ...]
    """Links to counterparts of split and merged clauses."""
    probable: bool = False
    """Linked on cross-document evidence alone (shown as a probable link)."""

    @property
    def classes(self) -> str:
        """CSS classes used by the filters (kind and revision kinds)."""
        names = ["r", f"k-{self.kind}"] + [f"rv-{r.kind}" for r in self.revisions]
        names += ["probable"] if self.probable else []
        return " ".join(dict.fromkeys(names))


@dataclass(frozen=True)
class RepairView:
    """One repair the reader made, with its lines shortened for display."""

    kind: str
    count: int
    lines: str
    detail: str
    flagged: bool


@dataclass(frozen=True)
class DocView:
    """A document's header facts and how its file was read."""

    title: str
    date: str
    issuer: str
    file: str
    encoding: str
    encoding_guessed: bool
    clauses: int
    repairs: tuple[RepairView, ...]
    notes: tuple[str, ...]
    number: str = ""
    """The document number (`内政发〔2021〕1号`), '' when none is known."""


@dataclass(frozen=True)
class SectionLink:
    """An entry of the section navigation."""

    label: str
    level: int
    href: str


def anchor_id(prefix: str, raw: str) -> str:
    """An HTML id made of `prefix` and `raw`, with unsafe characters spelt as hex."""
    return prefix + re.sub(r"[^A-Za-z0-9_.-]", lambda m: f"_{ord(m.group()):x}", raw)


def short_lines(lines: tuple[int, ...], keep: int = 12) -> str:
    """`3, 7, 9 … (+40 more)`: a readable, bounded list of line numbers."""
    shown = ", ".join(str(n) for n in lines[:keep])
    return shown + (f" … (+{len(lines) - keep} more)" if len(lines) > keep else "")


def repair_view(r: Repair) -> RepairView:
    """A repair as displayed."""
    return RepairView(r.kind, r.count, short_lines(r.lines), r.detail, r.flagged)


def doc_view(doc: Document) -> DocView:
    """A document's header as displayed."""
    return DocView(
        title=doc.title,
        date=doc.date,
        issuer=doc.issuer,
        file=PurePath(doc.path).name,
        encoding=doc.source.encoding,
        encoding_guessed=doc.source.encoding_guessed,
        clauses=len(doc.clauses),
        repairs=tuple(repair_view(r) for r in doc.clean.repairs),
        notes=doc.notes + doc.source.notes,
        number=doc.number,
    )


def side_spans(diff: tuple[DiffSpan, ...], side: str) -> list[Span]:
    """The diff as seen from one side: equal runs plus deletions (old) or insertions (new)."""
    own = Op.DELETE if side == "old" else Op.INSERT
    return [
        Span(s.op.value, (s.old or s.text) if side == "old" else s.text)
        for s in diff
        if s.op in (Op.EQUAL, own) and s.text
    ]


def cut_spans(spans: list[Span], lengths: list[int]) -> list[tuple[Span, ...]]:
    """Cut a run of spans into consecutive pieces of the given text lengths."""
    pieces: list[tuple[Span, ...]] = []
    current: list[Span] = []
    queue = list(lengths)
    room = queue.pop(0) if queue else 0
    for span in spans:
        text = span.text
        while text:
            while room == 0 and queue:
                pieces.append(tuple(current))
                current, room = [], queue.pop(0)
            take, text = text[:room], text[room:]
            current.append(Span(span.op, take))
            room -= len(take)
    pieces.append(tuple(current))
    pieces += [()] * len(queue)
    return pieces


def spans_per_clause(change: Change, clauses: list[Clause], side: str) -> list[tuple[Span, ...]]:
    """The change's token diff shared out over its clauses on one side ([] to draw plainly)."""
    if change.kind is ChangeKind.UNCHANGED or not change.diff or not clauses:
        return []
    spans = side_spans(change.diff, side)
    if "".join(s.text for s in spans) == "".join(c.text for c in clauses):
        return cut_spans(spans, [len(c.text) for c in clauses])
    return [tuple(spans)] if len(clauses) == 1 else []


def line_range(c: Clause) -> str:
    """`12` or `12–14`."""
    first, last = c.lines
    return str(first) if first == last else f"{first}–{last}"


def clause_view(c: Clause, prefix: str, spans: tuple[Span, ...]) -> ClauseView:
    """A clause as drawn in a cell."""
    original = c.original.strip()
    same = re.sub(r"\s+", "", original) == re.sub(r"\s+", "", c.text)
    return ClauseView(
        id=c.id,
        anchor=anchor_id(prefix, c.id),
        text=c.text,
        spans=spans,
        original="" if same else original,
        lines=line_range(c),
        commitment=c.facts.commitment,
        is_heading=c.is_heading,
        unreliable=not c.facts.numbers_reliable,
    )


def order_rows(cmp: Comparison) -> list[tuple[int, str]]:
    """Rows as (change index, role) in reading order of the new text, old-only rows slotted in."""
    old_pos = {c.id: c.index for c in cmp.old.clauses}
    new_pos = {c.id: c.index for c in cmp.new.clauses}
    keyed: list[tuple[tuple[int, int, int], int, str]] = []
    old_only: list[tuple[int, int, str]] = []
    anchors: list[tuple[int, int]] = []
    for i, ch in enumerate(cmp.changes):
        moved = ch.kind is ChangeKind.MOVED and ch.old and ch.new
        if ch.new:
            role = DESTINATION if moved else WHOLE
            keyed.append(((min(new_pos[n] for n in ch.new), 0, 0), i, role))
            if ch.old and not moved:
                anchors.append((min(old_pos[o] for o in ch.old), min(new_pos[n] for n in ch.new)))
        if ch.old and (moved or not ch.new):
            old_only.append((min(old_pos[o] for o in ch.old), i, ORIGINAL if moved else WHOLE))
    anchors.sort()
    starts = [a[0] for a in anchors]
    for pos, i, role in old_only:
        at = bisect_left(starts, pos) - 1
        keyed.append(((anchors[at][1] if at >= 0 else -1, 1, pos), i, role))
    keyed.sort(key=lambda k: k[0])
    return [(i, role) for _, i, role in keyed]


def clip(text: str, limit: int) -> str:
    """Text cut to `limit` characters, an ellipsis marking the cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def revision_views(change: Change) -> tuple[RevisionView, ...]:
    """The change's typed revisions as displayed (long evidence clipped, kept whole in `full`)."""
    return tuple(
        RevisionView(
            r.kind.value,
            REVISION_LABELS[r.kind],
            clip(r.old, EVIDENCE_LIMIT),
            clip(r.new, EVIDENCE_LIMIT),
            r.note,
            f"{r.old} → {r.new}" if len(r.old) + len(r.new) > 2 * EVIDENCE_LIMIT - 2 else "",
        )
        for r in change.revisions
    )


def evidence_text(change: Change, only: RevisionKind | None = None) -> str:
    """`weakened: 推进 → 探索; target changed: 2020年 → 2025年` (or only the kind asked for)."""
    parts = []
    for r in change.revisions:
        if only is not None and r.kind is not only:
            continue
        ev = f"{r.old} → {r.new}" if (r.old or r.new) else r.note
        parts.append(f"{REVISION_LABELS[r.kind]}: {ev}" if ev else REVISION_LABELS[r.kind])
    return "; ".join(parts)


class _SideState:
    """Per side of the table: the section path shown last, and the sections given anchors."""

    def __init__(self, doc: Document, prefix: str) -> None:
        self.doc, self.prefix = doc, prefix
        self.ids = {s.path: s.id for s in doc.sections}
        self.last: tuple[str, ...] | None = None
        self.anchored: set[str] = set()

    def cell(self, clauses: tuple[ClauseView, ...], path: tuple[str, ...]) -> CellView:
        """A cell under `path`, opening anchors for sections seen here first."""
        same, self.last = path == self.last, path
        anchors = []
        for depth in range(1, len(path) + 1):
            sid = self.ids.get(path[:depth])
            if sid and sid not in self.anchored:
                self.anchored.add(sid)
                anchors.append(anchor_id(f"s{self.prefix}-", sid))
        crumb = " › ".join(clip(part, CRUMB_PART_LIMIT) for part in path)
        return CellView(clauses, crumb, same, tuple(anchors), full_crumb=" › ".join(path))

    def links(self, max_level: int = 2) -> tuple[SectionLink, ...]:
        """Navigation entries for the sections that have an anchor in the table."""
        return tuple(
            SectionLink(s.label + s.title, s.level, "#" + anchor_id(f"s{self.prefix}-", s.id))
            for s in self.doc.sections
            if s.level <= max_level and s.id in self.anchored
        )


def side_cell(change: Change, side: str, state: _SideState) -> CellView:
    """The clauses of one side of a change, with their share of the token diff."""
    ids = change.old if side == "old" else change.new
    clauses = [state.doc.clause(i) for i in ids]
    if not clauses:
        return CellView()
    spans = spans_per_clause(change, clauses, side) or [()] * len(clauses)
    views = tuple(
        clause_view(c, f"{state.prefix}-", s) for c, s in zip(clauses, spans, strict=True)
    )
    return state.cell(views, clauses[0].section)


def pointer(label: str, prefix: str, ids: tuple[str, ...]) -> Pointer | None:
    """A link to the first of `ids` on the other side."""
    return Pointer(label, "#" + anchor_id(prefix, ids[0]), ids[0]) if ids else None


def counterpart_links(change: Change) -> tuple[Pointer, ...]:
    """Links from a split or merged change to each clause on its many-clause side."""
    if change.kind is ChangeKind.SPLIT:
        return tuple(Pointer("split into", "#" + anchor_id("n-", i), i) for i in change.new)
    if change.kind is ChangeKind.MERGED:
        return tuple(Pointer("merged from", "#" + anchor_id("o-", i), i) for i in change.old)
    return ()


def build_row(n: int, i: int, role: str, change: Change, sides: tuple[_SideState, ...]) -> RowView:
    """One table row for a change (or for one half of a moved change)."""
    old_state, new_state = sides
    old = side_cell(change, "old", old_state) if role != DESTINATION else CellView()
    new = side_cell(change, "new", new_state) if role != ORIGINAL else CellView()
    if role == ORIGINAL:
        new = CellView(pointer=pointer("moved to", "n-", change.new))
    elif role == DESTINATION:
        old = CellView(pointer=pointer("moved from", "o-", change.old))
    linked = change.old and change.new and change.kind is not ChangeKind.UNCHANGED
    return RowView(
        anchor=f"r{n + 1}",
        change=i,
        kind=change.kind.value,
        role=role,
        old=old,
        new=new,
        revisions=revision_views(change),
        similarity=f"{round(change.similarity * 100)}%" if linked else "",
        links=counterpart_links(change),
        probable=change.probable,
    )


def build_rows(cmp: Comparison) -> tuple[tuple[RowView, ...], tuple[_SideState, ...]]:
    """All rows in reading order, and the side states holding the section anchors."""
    sides = (_SideState(cmp.old, "o"), _SideState(cmp.new, "n"))
    rows = tuple(
        build_row(n, i, role, cmp.changes[i], sides) for n, (i, role) in enumerate(order_rows(cmp))
    )
    return rows, sides
