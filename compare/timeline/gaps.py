"""Threads that skip versions: the align stage run again over the clauses left unlinked.

A version that does not treat a subject (the 2019 mechanism says nothing of airports) ends
every thread of that subject, and the next version that treats it starts new ones. After
chaining and wording bridges, the leftover ends of version u are aligned with the leftover
starts of each version v ≥ u + 2 by `compare.align.link.align` — the indexed matcher the
consecutive comparisons use, on sub-documents holding only those clauses, so the cost
follows the leftovers rather than all pairs of versions.
"""

from __future__ import annotations

import dataclasses
import operator
import re
from collections.abc import Callable

from rapidfuzz.distance import LCSseq

from compare.align.candidates import content_key, forget_texts, match_key
from compare.align.link import align
from compare.model import Clause, Document, Link, Settings

DIGITS = re.compile(r"\d+")
MIN_CHARS = 4
"""Wordings with fewer characters than this besides digits (numbering, dates) never span a gap."""
MIN_SHARED = 8
"""Characters (in order) a linked pair must share, unless near-identical (SURE)."""
FLOOR = 0.25
"""Lowest align similarity that spans a gap: below it the links read as other commitments
of the same subject (黄河生态保护 → 依法治区), not as one commitment carried on."""
SURE = 0.85
"""Similarity from which a linked pair spans a gap however short (a heading that came back)."""

Owner = dict[str, int]
"""Clause id → index of the draft thread holding it (in one version)."""


_FIELDS = [f.name for f in dataclasses.fields(Clause)]
_VALUES = operator.attrgetter(*_FIELDS)
_INDEX = _FIELDS.index("index")


def renumbered(clause: Clause, index: int) -> Clause:
    """`dataclasses.replace(clause, index=index)`, built from the field values directly
    (a third of the time: the gap spans renumber some 5,000 clauses)."""
    values = list(_VALUES(clause))
    values[_INDEX] = index
    return Clause(*values)


def sub_document(doc: Document, clause_ids: set[str]) -> Document:
    """The document with only the clauses named (their ids, texts and sections unchanged;
    each clause's `index` is its position in the smaller document, as the model says)."""
    kept = (c for c in doc.clauses if c.id in clause_ids)
    return dataclasses.replace(doc, clauses=tuple(renumbered(c, k) for k, c in enumerate(kept)))


def wording(doc: Document, ids: tuple[str, ...]) -> str:
    """Clause texts reduced as the align stage matches them (no numbering, agencies, marks)."""
    return "".join(match_key(content_key(doc.clause(i).key)) for i in ids)


def long_enough(doc: Document, clause_id: str) -> bool:
    """A clause worth aligning across a gap: MIN_CHARS characters or more besides digits."""
    return len(DIGITS.sub("", wording(doc, (clause_id,)))) >= MIN_CHARS


def remembered_long_enough() -> Callable[[Document, str], bool]:
    """`long_enough`, each answer remembered by document and clause (for one run of
    `span_gaps`, while its documents are alive: they are known by identity)."""
    known: dict[tuple[int, str], bool] = {}

    def usable(doc: Document, clause_id: str) -> bool:
        key = (id(doc), clause_id)
        if key not in known:
            known[key] = long_enough(doc, clause_id)
        return known[key]

    return usable


def plausible(link: Link, old: Document, new: Document) -> bool:
    """True when a link across a gap joins two real wordings sharing a run of content."""
    a, b = wording(old, link.old), wording(new, link.new)
    if link.similarity < FLOOR or min(len(DIGITS.sub("", a)), len(DIGITS.sub("", b))) < MIN_CHARS:
        return False
    return link.similarity >= SURE or LCSseq.similarity(a, b) >= MIN_SHARED


def gap_links(
    old: Document,
    enders: Owner,
    new: Document,
    starters: Owner,
    settings: Settings,
    usable: Callable[[Document, str], bool] = long_enough,
) -> list[tuple[int, list[int], float]]:
    """(ender, starters, similarity) for each plausible link of the ends of `old` to the
    starts of `new`; an ender or starter is used once, the first link in align order wins
    (`usable`: `long_enough`, or a function giving the same answers)."""
    enders = {c: t for c, t in enders.items() if usable(old, c)}
    starters = {c: t for c, t in starters.items() if usable(new, c)}
    if not enders or not starters:
        return []
    quick = dataclasses.replace(settings, evidence_score=0.0, successor_limit=0)
    links = align(
        sub_document(old, set(enders)), sub_document(new, set(starters)), quick, forget=False
    )
    found: list[tuple[int, list[int], float]] = []
    used: set[int] = set()
    for link in sorted(links, key=lambda k: -k.similarity):
        head = enders[link.old[0]]
        tails = list(dict.fromkeys(starters[n] for n in link.new))
        if head in used or used.intersection(tails) or not plausible(link, old, new):
            continue
        used |= {head, *tails}
        found.append((head, tails, link.similarity))
    return found


def span_gaps(
    documents: tuple[Document, ...],
    ends_at: Callable[[int], Owner],
    starts_at: Callable[[int], Owner],
    join: Callable[[int, list[int], float], None],
    settings: Settings,
) -> int:
    """For each version v from the third on, link the threads starting there to threads
    that ended at v−2 or earlier (nearest version first); return how many were joined.

    `ends_at(u)` and `starts_at(v)` give the clause owners of the live threads whose last
    (first) version is u (v); `join` continues an ender with starters.
    """
    joined = 0
    usable = remembered_long_enough()  # a version's leftovers are filtered several times
    try:
        for v in range(2, len(documents)):
            for u in range(v - 2, -1, -1):
                for head, tails, similarity in gap_links(
                    documents[u], ends_at(u), documents[v], starts_at(v), settings, usable
                ):
                    join(head, tails, similarity)
                    joined += 1
    finally:
        forget_texts()  # kept meanwhile: each version's leftovers are aligned several times
    return joined
