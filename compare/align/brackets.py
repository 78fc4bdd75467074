"""Agency notes follow their item: `(X牵头，Y配合)` is linked where the item it closes went."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rapidfuzz import fuzz

from compare.model import Clause, Document, Link
from compare.structure.facts import is_agency_note


def follow_items(old: Document, new: Document, links: Sequence[Link]) -> tuple[Link, ...]:
    """The links with every agency note re-linked to the note of its item's partner.

    Notes read alike across items (`(自治区水利厅牵头，各盟市配合)`), so matched on their own
    they pair with another item's identical note and every changed lead is lost. Here a note
    is linked only to the note closing the item its item's clauses are linked to; a note
    whose item went nowhere, or whose partner item has no note, is left unlinked.
    """
    old_notes, new_notes = notes_of(old), notes_of(new)
    if not old_notes and not new_notes:
        return tuple(links)
    kept = [k for k in (without(link, old_notes, new_notes) for link in links) if k]
    out, linked_old, linked_new = list(kept), set(), set()
    found = candidates(old, new, kept, (old_notes, new_notes))
    for _, _, a, b in sorted(found, reverse=True):
        if a not in linked_old and b not in linked_new:
            linked_old.add(a)
            linked_new.add(b)
            out.append(note_link(old.clause(a), new.clause(b)))
    return tuple(out)


def candidates(
    old: Document,
    new: Document,
    links: Sequence[Link],
    notes: tuple[set[str], set[str]] | None = None,
) -> list[tuple[bool, int, str, str]]:
    """(same wording, votes, old note, new note) for every pair of notes whose items share
    linked clauses; a vote is one clause of the old note's item linked into the new one's
    (`notes`: each side's `notes_of`, when known).

    Where a note was dropped, its item runs on into the next note's: the pair that reads
    alike then wins over a pair with more votes, as long as it has one.
    """
    old_notes, new_notes = notes or (notes_of(old), notes_of(new))
    partner = {i: j for k in links for i in k.old for j in k.new}
    closing = closing_notes(new, new_notes)
    out = []
    for note, members in items_of(old, old_notes).items():
        votes = Counter(closing[partner[c]] for c in members if partner.get(c) in closing)
        for target, n in votes.items():
            same = old.clause(note).key == new.clause(target).key
            out.append((same, n, note, target))
    return out


def notes_of(doc: Document) -> set[str]:
    """Ids of the clauses that are agency notes."""
    return {c.id for c in doc.clauses if is_agency_note(c.text)}


def without(link: Link, old_notes: set[str], new_notes: set[str]) -> Link | None:
    """A link with agency notes taken out (None when nothing is left on a side)."""
    if link.old and link.new and old_notes.isdisjoint(link.old) and new_notes.isdisjoint(link.new):
        return link  # most links hold no note: two set tests, not two tuples made again
    olds = tuple(i for i in link.old if i not in old_notes)
    news = tuple(j for j in link.new if j not in new_notes)
    if not olds or not news:
        return None
    if len(olds) == len(link.old) and len(news) == len(link.new):
        return link
    return Link(olds, news, link.similarity, link.how)


def items_of(doc: Document, notes: set[str] | None = None) -> dict[str, list[str]]:
    """Each agency note with the clauses of the item it closes (back to the previous note or
    the start of its section; `notes`: the document's `notes_of`, when known)."""
    if notes is None:
        notes = notes_of(doc)
    out: dict[str, list[str]] = {}
    members: list[Clause] = []
    for c in doc.clauses:
        if members and members[-1].section_id != c.section_id:
            members = []
        if c.id in notes:
            out[c.id] = [m.id for m in members]
            members = []
        else:
            members.append(c)
    return out


def closing_notes(doc: Document, notes: set[str] | None = None) -> dict[str, str]:
    """Each clause's id with the id of the agency note closing its item, if any (`notes`:
    the document's `notes_of`, when known: a clause is tested for a note once)."""
    return {m: note for note, members in items_of(doc, notes).items() for m in members}


def note_link(old: Clause, new: Clause) -> Link:
    """A link between two agency notes, scored by their wording."""
    same = old.key == new.key
    return Link(
        (old.id,), (new.id,), 1.0 if same else round(fuzz.ratio(old.key, new.key) / 100, 4), "item"
    )
