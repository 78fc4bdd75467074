"""JSON renderer: the machine interface (`schema_version` 1.x), see docs/json-schema.json."""

from __future__ import annotations

import json
from collections.abc import Callable, Container, Iterable, Iterator
from enum import StrEnum
from itertools import islice
from math import isfinite
from typing import Any

from compare import __version__
from compare.memory import without_cycle_collection
from compare.model import (
    SCHEMA_VERSION,
    Change,
    ChangeKind,
    Clause,
    Comparison,
    Continuation,
    Counterpart,
    Document,
    Facts,
    Op,
    Quantity,
    RevisionKind,
    Thread,
    Timeline,
)


def quantity_dict(q: Quantity) -> dict[str, Any]:
    """A number with its unit and target year."""
    return {"text": q.text, "value": q.value, "unit": q.unit, "year": q.year}


def facts_dict(f: Facts) -> dict[str, Any]:
    """A clause's structured facts (tuples are written as JSON arrays, as lists are)."""
    return {
        "lead": f.lead,
        "cooperating": f.cooperating,
        "quantities": [quantity_dict(q) for q in f.quantities],
        "years": f.years,
        "commitment": f.commitment,
        "strength": f.strength.name.lower(),
        "actions": f.actions,
        "numbers_reliable": f.numbers_reliable,
        "retrospective": f.retrospective,
    }


def clause_dict(c: Clause) -> dict[str, Any]:
    """A clause as JSON."""
    return {
        "id": c.id,
        "text": c.text,
        "section": c.section,
        "lines": c.lines,
        "is_heading": c.is_heading,
        "facts": facts_dict(c.facts),
    }


def clause_rows(clauses: Iterable[Clause]) -> Iterator[str]:
    """Each clause as `compact(clause_dict(c))` writes it, put together from its parts: the
    facts and the section that clauses share (the same objects: facts of a kind, headings
    over a section) are encoded once (a large pair's clauses in two thirds of the time)."""
    facts: dict[int, str] = {}  # by identity: the clauses, alive meanwhile, hold them
    sections: dict[int, str] = {}
    for c in clauses:
        f = facts.get(id(c.facts))
        if f is None:
            f = facts[id(c.facts)] = compact(facts_dict(c.facts))
        s = sections.get(id(c.section))
        if s is None:
            s = sections[id(c.section)] = compact(c.section)
        parts = (
            '{"id": ',
            string_json(c.id),
            ', "text": ',
            string_json(c.text),
            ', "section": ',
            s,
            ', "lines": ',
            lines_json(c.lines),
            ', "is_heading": ',
            flag_json(c.is_heading),
            ', "facts": ',
            f,
            "}",
        )
        yield "".join(parts)


def lines_json(lines: tuple[int, int]) -> str:
    """A clause's first and last line as `compact` writes them: two integers put together
    directly (a third of the C encoder's time on so short a list), anything else by it."""
    if type(lines) is tuple and len(lines) == 2:
        first, last = lines
        if type(first) is int and type(last) is int:
            return f"[{first}, {last}]"
    return compact(lines)


def flag_json(flag: bool) -> str:
    """A flag as JSON; anything else as `compact` writes it."""
    if flag is True:
        return "true"
    return "false" if flag is False else compact(flag)


def string_json(text: str) -> str:
    """A string as JSON, as the encoder writes it (Chinese kept as is); anything else as
    `compact` writes it."""
    return json.encoder.encode_basestring(text) if type(text) is str else compact(text)


def side_dict(doc: Document, rows: Callable[[Iterable[Any]], Any] = list) -> dict[str, Any]:
    """One document's side of a comparison (`rows=Rows`: its clauses made while written, each
    as its JSON text)."""
    return {**side_fields(doc), "clauses": listed(doc.clauses, rows, clause_rows, clause_dict)}


def side_fields(doc: Document) -> dict[str, Any]:
    """A side's fields before its clauses (which come last)."""
    return {
        "path": doc.path,
        "title": doc.title,
        "date": doc.date,
        "number": doc.number,
        "encoding": doc.source.encoding,
        "repairs": [
            {
                "kind": r.kind,
                "count": r.count,
                "detail": r.detail,
                "flagged": r.flagged,
                "removed": r.removed,
            }
            for r in doc.clean.repairs
        ],
        "notes": [*doc.source.notes, *doc.notes],
    }


VALUES: dict[StrEnum, str] = {m: m.value for kind in (ChangeKind, RevisionKind, Op) for m in kind}
"""The value of each kind and diff operation: looked up, not read through the enum's
descriptor (a third of a microsecond each, on every span of every diff)."""


def listed(
    items: Iterable[Any],
    rows: Callable[[Iterable[Any]], Any],
    encoded: Callable[[Iterable[Any]], Iterator[str]],
    as_dict: Callable[[Any], dict[str, Any]],
) -> Any:
    """A long list of a comparison: streamed (`rows=Rows`), each item's JSON text as
    `encoded` writes it; else as `rows` makes it of the items' dicts."""
    return Encoded(encoded(items)) if rows is Rows else rows(map(as_dict, items))


def change_dict(ch: Change) -> dict[str, Any]:
    """One change: kind, clause ids, similarity, typed revisions and the token diff."""
    return {
        "kind": VALUES[ch.kind],
        "old": list(ch.old),
        "new": list(ch.new),
        "similarity": round(ch.similarity, 4),
        "revisions": [
            {"kind": VALUES[r.kind], "old": r.old, "new": r.new, "note": r.note}
            for r in ch.revisions
        ],
        "diff": [[VALUES[s.op], s.text] for s in ch.diff],
        **counterparts_dict(ch),
    }


def change_rows(changes: Iterable[Change]) -> Iterator[str]:
    """Each change as `compact(change_dict(ch))` writes it, those with nothing more than kind,
    clauses, similarity and counterparts (alike, dropped and new clauses: most) put together
    from their parts: a one-to-one alike change (most of all) from its two ids alone."""
    kinds = {kind: compact(kind.value) for kind in ChangeKind}
    alike = {kind: f'{{"kind": {kinds[kind]}, "old": [' for kind in (UNCHANGED, MOVED)}
    encode = json.encoder.encode_basestring
    for ch in changes:
        if ch.revisions or ch.diff or ch.probable:
            yield compact(change_dict(ch))
            continue
        lead = alike.get(ch.kind)
        if lead is not None and one_to_one_alike(ch):  # most changes: one piece kept per kind
            yield f'{lead}{encode(ch.old[0])}], "new": [{encode(ch.new[0])}]{ALIKE_REST}'
            continue
        parts = (
            '{"kind": ',
            kinds[ch.kind],
            ', "old": ',
            ids_json(ch.old),
            ', "new": ',
            ids_json(ch.new),
            ', "similarity": ',
            number_json(round(ch.similarity, 4)),
            ', "revisions": [], "diff": []',
            listing_json(ch),
            "}",
        )
        yield "".join(parts)


def one_to_one_alike(ch: Change) -> bool:
    """True when an unchanged or moved change's row is the same text but for its two ids:
    one old and one new id, both strings, and a similarity of exactly 1.0 (written `1.0`)."""
    old, new, sim = ch.old, ch.new, ch.similarity
    return (
        type(old) is tuple
        and type(new) is tuple
        and len(old) == len(new) == 1
        and type(old[0]) is str
        and type(new[0]) is str
        and type(sim) is float
        and sim == 1.0
    )


def listing_json(ch: Change) -> str:
    """The `successors` of a dropped change or `origins` of a new one as `compact` writes
    them after the change's other keys (each counterpart put together from its parts); ''
    for other kinds."""
    kind = ch.kind
    if kind is DROPPED:
        return ', "successors": [' + ", ".join(map(counterpart_json, ch.successors)) + "]"
    if kind is NEW:
        return ', "origins": [' + ", ".join(map(counterpart_json, ch.origins)) + "]"
    return ""


DROPPED, NEW = ChangeKind.DROPPED, ChangeKind.NEW
"""The kinds that list counterparts, read once (an enum class's members are read through its
metaclass's attribute hook, four times slower than a module's names)."""
UNCHANGED, MOVED = ChangeKind.UNCHANGED, ChangeKind.MOVED
"""The kinds of alike clauses, whose rows differ only in their ids (most of a large pair's)."""
ALIKE_REST = ', "similarity": 1.0, "revisions": [], "diff": []}'
"""What follows the ids in the row of a one-to-one alike change."""


def counterpart_json(c: Counterpart) -> str:
    """`compact(counterpart_dict(c))`, put together from its parts."""
    e = c.evidence
    parts = (
        '{"id": ',
        string_json(c.id),
        ', "score": ',
        number_json(c.score),
        ', "evidence": {"terms": ',
        strings_json(e.terms),
        ', "objects": ',
        strings_json(e.objects),
        ', "thesaurus": ',
        strings_json(e.thesaurus),
        ', "same_section": ',
        flag_json(e.same_section),
        "}}",
    )
    return "".join(parts)


def strings_json(items: tuple[str, ...]) -> str:
    """`compact(list(items))`: an empty tuple written directly, a tuple by the encoder."""
    if type(items) is tuple:
        return compact(items) if items else "[]"
    return compact(list(items))


def ids_json(ids: tuple[str, ...]) -> str:
    """A change's clause ids as `compact` writes them: one id quoted directly (most changes
    link one clause to one), anything else by the C encoder."""
    if type(ids) is tuple and len(ids) == 1 and type(ids[0]) is str:
        return f"[{json.encoder.encode_basestring(ids[0])}]"
    return compact(ids)


def number_json(number: float) -> str:
    """A number as `compact` writes it: a finite float as its `repr`, as the C encoder
    writes it, anything else by the encoder."""
    return repr(number) if type(number) is float and isfinite(number) else compact(number)


def counterparts_dict(ch: Change) -> dict[str, Any]:
    """`successors` of a dropped change, `origins` of a new one, and for a link made on
    evidence alone `probable` and its other likely counterparts as `successors` (absent
    elsewhere)."""
    out: dict[str, Any] = {}
    if ch.probable:
        out["probable"] = True
        out["successors"] = [counterpart_dict(c) for c in ch.successors]
    elif ch.kind is ChangeKind.DROPPED:
        out["successors"] = [counterpart_dict(c) for c in ch.successors]
    elif ch.kind is ChangeKind.NEW:
        out["origins"] = [counterpart_dict(c) for c in ch.origins]
    return out


def counterpart_dict(c: Counterpart) -> dict[str, Any]:
    """A possible successor or origin: clause id, score and the evidence shared."""
    e = c.evidence
    return {
        "id": c.id,
        "score": c.score,
        "evidence": {
            "terms": list(e.terms),
            "objects": list(e.objects),
            "thesaurus": list(e.thesaurus),
            "same_section": e.same_section,
        },
    }


def comparison_dict(cmp: Comparison) -> dict[str, Any]:
    """A comparison as the JSON contract."""
    with without_cycle_collection():
        return comparison_fields(cmp)


def comparison_fields(
    cmp: Comparison, rows: Callable[[Iterable[Any]], Any] = list
) -> dict[str, Any]:
    """The fields of a comparison's JSON (`rows=Rows`: long lists made while written)."""
    return {
        **opening_fields(cmp, rows),
        "new": side_dict(cmp.new, rows),
        **closing_fields(cmp, rows),
    }


def opening_fields(cmp: Comparison, rows: Callable[[Iterable[Any]], Any]) -> dict[str, Any]:
    """The fields of a comparison's JSON before the new side: the versions and the old side."""
    return {
        "schema_version": SCHEMA_VERSION,
        "tool_version": __version__,
        "old": side_dict(cmp.old, rows),
    }


def closing_fields(cmp: Comparison, rows: Callable[[Iterable[Any]], Any]) -> dict[str, Any]:
    """The fields of a comparison's JSON after the new side: the summary, notes and changes."""
    return {
        "summary": cmp.summary(),
        "notes": list(cmp.notes),
        "changes": listed(cmp.changes, rows, change_rows, change_dict),
    }


def thread_dict(t: Thread, probable: Continuation | None = None) -> dict[str, Any]:
    """One commitment's life across the versions (and where it probably goes on, if it ends
    while its dropped clause lists a possible successor)."""
    return {
        "id": t.id,
        "label": t.label,
        "topic": t.topic,
        "merged_into": t.merged_into,
        "steps": [
            {
                "version": s.version,
                "clauses": list(s.clauses),
                "kind": s.kind.value if s.kind is not None else None,
                "bridged": s.bridged,
                "similarity": round(s.similarity, 4),
            }
            for s in t.steps
        ],
        "probable_continuation": continuation_dict(probable) if probable else None,
    }


def continuation_dict(c: Continuation) -> dict[str, Any]:
    """A probable continuation: the version, the thread and clause it probably goes on in."""
    return {"version": c.version, "thread": c.successor, "clause": c.clause, "score": c.score}


def document_dict(i: int, doc: Document) -> dict[str, Any]:
    """A timeline document: its place, metadata and clauses (one line each in the JSON)."""
    return {"version": i, **side_dict(doc)}


def timeline_dict(tl: Timeline) -> dict[str, Any]:
    """A timeline as JSON: documents, per-transition summaries and threads."""
    with without_cycle_collection():
        return timeline_fields(tl)


def timeline_fields(
    tl: Timeline,
    rows: Callable[[Iterable[Any]], Any] = list,
    keep: Container[str] | None = None,
) -> dict[str, Any]:
    """The fields of a timeline's JSON (`rows=Rows`: long lists made while written; `keep`:
    the ids of the only threads written, all of them when None)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "tool_version": __version__,
        "documents": [document_dict(i, d) for i, d in enumerate(tl.documents)],
        "transitions": [
            {"from": i, "to": i + 1, "summary": c.summary()} for i, c in enumerate(tl.comparisons)
        ],
        "topics": [
            {"name": t.name, "sections": [list(s) for s in t.sections], "terms": list(t.terms)}
            for t in tl.topics
        ],
        "threads": rows(thread_dicts(tl, keep)),
    }


def thread_dicts(tl: Timeline, keep: Container[str] | None) -> Iterator[dict[str, Any]]:
    """The kept threads as JSON, each with its probable continuation."""
    from compare.timeline.probable import continuations  # a pair's JSON needs no timeline

    probable = continuations(tl)
    return (thread_dict(t, probable.get(t.id)) for t in kept_threads(tl, keep))


def kept_threads(tl: Timeline, keep: Container[str] | None) -> Iterator[Thread]:
    """The timeline's threads whose id is in `keep` (every thread when `keep` is None)."""
    return (t for t in tl.threads if keep is None or t.id in keep)


class Rows:
    """A long list made one item at a time while it is written (clauses, changes, threads):
    streaming writes each item and drops it (`comparison_dict` and the like keep lists)."""

    __slots__ = ("items",)

    def __init__(self, items: Iterable[Any]) -> None:
        self.items = items

    def __iter__(self) -> Iterator[Any]:
        return iter(self.items)


class Encoded(Rows):
    """`Rows` whose items are each already written as JSON on one line: written as they are."""

    __slots__ = ()


def comparison_chunks(cmp: Comparison) -> Iterator[str]:
    """A comparison's JSON (as `dumps(comparison_dict(cmp)) + "\\n"`), piece by piece: each
    clause and change is built, written and dropped in turn, never one giant string."""
    yield from comparison_head(cmp)
    yield from comparison_tail(cmp)


def comparison_halves(cmp: Comparison) -> tuple[Iterator[str], Iterator[str]]:
    """`comparison_chunks(cmp)` in two parts that cost about the same to make (cut among
    the new side's clauses, `balanced_cut`): another process can make the second while
    this one writes the first."""
    cut = balanced_cut(len(cmp.old.clauses), len(cmp.new.clauses), len(cmp.changes))
    return comparison_head(cmp, cut), comparison_tail(cmp, cut)


CHANGE_ROW_COST = 1.2
"""What writing a change's row costs, in clause rows (the peers 1 MB pair, in a fresh
process: 9.1 µs a clause, 11 µs a change; 6 µs for a change with no revision nor diff,
20 µs for one with them)."""


def balanced_cut(old_clauses: int, new_clauses: int, changes: int) -> int:
    """How many of the new side's clauses the first part of a comparison's JSON writes for
    both parts to cost about the same (the old side's clauses and the changes' rows
    counted at `CHANGE_ROW_COST`)."""
    half = (old_clauses + new_clauses + CHANGE_ROW_COST * changes) / 2
    return max(0, min(new_clauses, round(half) - old_clauses))


FIELDS = " "
"""Indent of a comparison's fields in its JSON (the new side's own fields one more, its
clauses' rows two more)."""


def comparison_head(cmp: Comparison, cut: int | None = None) -> Iterator[str]:
    """The first part of `comparison_chunks(cmp)`: the object opened, the versions, the old
    side and the new side up to its first `cut` clauses (all of them when None), left open;
    `comparison_tail(cmp, cut)` written after it completes the JSON (each part can be made
    on its own, by another process)."""
    clauses = cmp.new.clauses[:cut]
    with without_cycle_collection():
        yield from members_chunks(opening_fields(cmp, Rows), "", closed=False)
        yield member_key("new", FIELDS)
        yield from members_chunks(side_fields(cmp.new), FIELDS, closed=False)
        yield member_key("clauses", FIELDS * 2)
        yield from list_chunks(Encoded(clause_rows(clauses)), FIELDS * 2, closed=False)


def comparison_tail(cmp: Comparison, cut: int | None = None) -> Iterator[str]:
    """The rest of `comparison_chunks(cmp)` after `comparison_head(cmp, cut)`: the new side's
    clauses from the `cut`-th on (none when None), the summary, notes and changes, the
    object closed and the final line break."""
    cut = len(cmp.new.clauses) if cut is None else cut
    clauses = cmp.new.clauses[cut:]
    with without_cycle_collection():
        yield from list_chunks(Encoded(clause_rows(clauses)), FIELDS * 2, before=cut)
        yield "\n" + FIELDS + "}"
        yield from members_chunks(closing_fields(cmp, Rows), "", lead=",\n")
    yield "\n"


def timeline_chunks(tl: Timeline, keep: Container[str] | None = None) -> Iterator[str]:
    """A timeline's JSON (as `dumps(timeline_dict(tl)) + "\\n"`), piece by piece; with `keep`,
    only the threads whose id it holds."""
    with without_cycle_collection():
        yield from chunks(timeline_fields(tl, Rows, keep))
    yield "\n"


def dumps(obj: Any, indent: str = "") -> str:
    """Serialize readably and fast: objects open up, one key per line; a list puts one item per
    line, each written on one line by the C encoder (Chinese kept as is)."""
    return "".join(chunks(obj, indent))


def chunks(obj: Any, indent: str = "") -> Iterator[str]:
    """The pieces of `dumps(obj)` in order: an object's keys, then a list's items one by one."""
    if isinstance(obj, dict) and obj:
        yield from members_chunks(obj, indent)
    elif isinstance(obj, (list, Rows)):
        yield from list_chunks(obj, indent)
    else:
        yield compact(obj)


def members_chunks(
    members: dict[str, Any], indent: str, lead: str = "{\n", closed: bool = True
) -> Iterator[str]:
    """The pieces of an object's members, one key per line: the first after `lead` (the
    object opened, or `,\\n` after members written before), the object closed unless not
    `closed` (members written after these)."""
    inner = indent + " "
    for k, v in members.items():
        yield member_key(k, inner, lead)
        yield from chunks(v, inner)
        lead = ",\n"
    if closed:
        yield "\n" + indent + "}"


def member_key(key: str, indent: str, lead: str = ",\n") -> str:
    """A member's key on a line of its own at `indent`, after `lead` (its value follows)."""
    return f"{lead}{indent}{compact(key)}: "


ROWS_AT_ONCE = 128
"""Items of a list written in one piece: fewer, longer pieces to pass on and write (each item
is copied once, into its piece; a large pair's clauses and changes in some 200 pieces)."""


def list_chunks(
    items: Iterable[Any], indent: str, before: int = 0, closed: bool = True
) -> Iterator[str]:
    """A list with one item per line, or `[]` when it is empty (`Encoded` items as they are).

    A list written in parts: `before` items were written already (the first here follows
    them); not `closed`, it is left open for items written after (nothing at all is written
    when there is no item here nor before)."""
    lead, between = "[\n" + indent + " ", ",\n" + indent + " "
    if before:
        lead = between
    texts = iter(items) if type(items) is Encoded else map(compact, items)
    while batch := list(islice(texts, ROWS_AT_ONCE)):
        yield lead
        yield between.join(batch)
        lead = between
    if closed:
        yield "[]" if lead.startswith("[") else "\n" + indent + "]"


def _one_line_encoder() -> Any:
    """CPython's C encoder made once (json's own `encode` rebuilds it on every call)."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # another Python: the plain encoder
        return json.JSONEncoder(ensure_ascii=False).encode
    plain = json.JSONEncoder(ensure_ascii=False)
    chunks = make(None, plain.default, json.encoder.encode_basestring, None, ": ", ", ",
                  False, False, True)  # fmt: skip
    return lambda obj: "".join(chunks(obj, 0))


_ENCODE = _one_line_encoder()


def compact(obj: Any) -> str:
    """One value on one line."""
    return _ENCODE(obj)
