"""Stage 5, classify: turn alignment links into a complete, typed change set. (Interim.)"""

from __future__ import annotations

from compare.model import Change, ChangeKind, Comparison, Document, Link, Settings


def classify(
    old: Document, new: Document, links: tuple[Link, ...], settings: Settings
) -> Comparison:
    """Every clause of both sides lands in exactly one change."""
    changes: list[Change] = []
    linked_old: set[str] = set()
    linked_new: set[str] = set()
    for link in links:
        linked_old.update(link.old)
        linked_new.update(link.new)
        kind = ChangeKind.UNCHANGED if link.similarity >= 1.0 else ChangeKind.REVISED
        changes.append(Change(kind, link.old, link.new, link.similarity))
    changes += [
        Change(ChangeKind.DROPPED, (c.id,), ()) for c in old.clauses if c.id not in linked_old
    ]
    changes += [Change(ChangeKind.NEW, (), (c.id,)) for c in new.clauses if c.id not in linked_new]
    return Comparison(old=old, new=new, changes=tuple(changes), settings=settings)
