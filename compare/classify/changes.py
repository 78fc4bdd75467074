"""Stage 5, classify: turn alignment links into a complete, typed change set."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from functools import lru_cache, partial
from itertools import chain, count
from operator import call

from compare.align.anchors import increasing_run
from compare.align.brackets import closing_notes
from compare.align.candidates import match_key, strip_label
from compare.model import (
    Change,
    ChangeKind,
    Clause,
    Comparison,
    Counterpart,
    Document,
    Link,
    Settings,
)

SAME = (ChangeKind.UNCHANGED, ChangeKind.MOVED)
"""Kinds of link whose clauses read alike: nothing to describe."""


FORGET_MEMOS = 20_000
"""Clauses of both sides from which classifying also empties the evidence features kept by
clause key once the context is released (some 18 MB on the 5 MB pair); smaller pairs keep
them for the next pair of a series, which shares a document."""


class IncompleteChangeSet(AssertionError):
    """A clause appears in no change or in several: a bug in alignment, never a user error."""


def classify(
    old: Document,
    new: Document,
    links: tuple[Link, ...],
    settings: Settings,
    details: bool = True,
    workers: int = 1,
) -> Comparison:
    """Every clause of both sides lands in exactly one change, with its kind and revisions
    (without `details`: no typed revisions, token diffs nor origins of new clauses, only what
    threads show: kinds, similarities and the successors of dropped clauses; `workers`: the
    processes the stage may use, `parallel.worker_count`'s answer)."""
    from compare.align.tokens import expect  # lazy: only linked clauses that differ need words

    verify_links(old, new, links)
    linked = linked_kinds(old, new, links, settings)
    if details:
        # much to cut: the faster word cutter pays for itself (loaded before any fork, so
        # that a worker describing links shares it)
        expect(chars_to_describe(linked))
    # without details, an evidence link's other counterparts (shown only beside the link)
    # are not listed, and what is listed carries no evidence
    others = alternatives(old, new, links, settings.successor_limit) if details else {}
    pieces = describe_pieces(linked) if details and workers > 1 and in_two(old, new) else []
    if len(pieces) >= 2:
        lone, changes = lone_and_linked_in_two(old, new, links, settings, linked, others, pieces)
    else:
        lone = unlinked(old, new, links, settings.successor_limit, details=details)
        forget_evidence(old, new)  # the context has served: its memory goes before describing
        forms = described_forms(linked) if details else {}
        changes = [linked_change(item, others, details, forms) for item in linked]
    changes = in_reading_order(old, new, changes + lone)
    verify_complete(old, new, changes)
    return Comparison(old=old, new=new, changes=tuple(changes), settings=settings)


def forget_evidence(old: Document, new: Document) -> None:
    """Release the evidence context (and on a large pair the features kept by clause key)."""
    from compare.align.decide import forget_context

    forget_context(memos=len(old.clauses) + len(new.clauses) >= FORGET_MEMOS)


Linked = tuple[Link, ChangeKind, list[Clause], list[Clause]]
"""A link with its kind and its old and new clauses."""


def linked_kinds(
    old: Document, new: Document, links: Sequence[Link], settings: Settings
) -> list[Linked]:
    """Each link with its kind and clauses, in the links' order (each link's clauses looked
    up once, for its place and its kind alike)."""
    old_by_id, new_by_id = old._by_id(), new._by_id()  # looked up per link: the index itself
    olds_of = [[old_by_id[i] for i in link.old] for link in links]
    news_of = [[new_by_id[j] for j in link.new] for link in links]
    displaced = displaced_positions(
        [olds[0].index for olds in olds_of],
        [news[0].index for news in news_of],
        settings.moved_min_distance,
    )
    titles = (section_titles(old), section_titles(new))
    retold = retold_notes(old, new, links)
    out = []
    for k, (link, olds, news) in enumerate(zip(links, olds_of, news_of, strict=True)):
        moved = k in displaced or section_moved(titles, olds[0], news[0])
        kind = link_kind(olds, news, moved, link.how == "exact")
        if retold is not never and kind in SAME and retold(olds[0], news[0]):
            kind = REVISED
        out.append((link, kind, olds, news))
    return out


def chars_to_describe(linked: Sequence[Linked]) -> int:
    """How much clause text the links to describe hold (about what their diffs cut into words)."""
    return sum(
        len(c.text) for _, kind, olds, news in linked if kind not in SAME for c in olds + news
    )


def described_forms(linked: Sequence[Linked]) -> dict[str, str]:
    """The normal forms of the texts the links to describe compare, made all at once."""
    from compare.classify.revisions import normal_forms, unlabelled_texts

    texts = (unlabelled_texts(olds, news) for _, kind, olds, news in linked if kind not in SAME)
    return normal_forms(text for pair in texts for text in pair)


IN_TWO_BELOW = 1_500_000
"""Characters in a pair below which two processes classify it (when it may use two). While
both live, each copies every shared page it writes to (reference counts of the clauses and
of the evidence context it reads, objects made in freed space): on the 1 MB peers pair
(788,000 characters) the total PSS rises by 39 MB while classifying, to about its JSON
phase's peak; on the 5 MB pair (3.9 million) that growth would break the 250 MB budget."""


def in_two(old: Document, new: Document) -> bool:
    """True when the pair is small enough for classifying in two processes."""
    return len(old.clean.text) + len(new.clean.text) < IN_TWO_BELOW


DESCRIBE_PIECES = 16
"""Pieces the links to describe are cut into when two processes classify: this process
finds the counterparts of the dropped and new clauses while a worker describes, then both
take the pieces left as each is free, so they end within about a piece of each other."""


def describe_pieces(linked: Sequence[Linked]) -> list[list[int]]:
    """The positions of the links to describe, in order, cut into runs holding about as
    much text each (at most DESCRIBE_PIECES of them, none empty)."""
    todo = [k for k, (_, kind, _, _) in enumerate(linked) if kind not in SAME]
    sizes = [sum(len(c.text) for c in linked[k][2] + linked[k][3]) for k in todo]
    step = max(1, sum(sizes)) / DESCRIBE_PIECES
    pieces: list[list[int]] = []
    held = 0
    for k, size in zip(todo, sizes, strict=True):
        if not pieces or (len(pieces) < DESCRIBE_PIECES and held >= step * len(pieces)):
            pieces.append([])
        pieces[-1].append(k)
        held += size
    return pieces


def lone_and_linked_in_two(
    old: Document,
    new: Document,
    links: Sequence[Link],
    settings: Settings,
    linked: Sequence[Linked],
    others: dict[str, tuple[Counterpart, ...]],
    pieces: Sequence[Sequence[int]],
) -> tuple[list[Change], list[Change]]:
    """`unlinked`'s changes and every link's change, as one process makes them, made by two:
    a forked worker describes `pieces` of the links while this one lists the counterparts of
    the dropped and new clauses (the evidence context stays here), then each takes the
    pieces left as it is free; the worker sends back only the changes it described."""
    from compare.parallel import fork_map, no_follow_up

    lone: list[list[Change]] = []

    def lone_here() -> None:
        lone.append(unlinked(old, new, links, settings.successor_limit))
        forget_evidence(old, new)

    tasks = [partial(described_changes, [linked[k] for k in piece], others) for piece in pieces]
    spare = range(2, len(tasks))  # the first two: one each; the rest to whoever is free
    done = fork_map(call, tasks, 2, meanwhile=lone_here, here=no_follow_up, spare=spare)
    described = chain.from_iterable(done)
    changes = [
        linked_change(item, others) if item[1] in SAME else next(described) for item in linked
    ]
    return lone[0], changes


def described_changes(
    items: Sequence[Linked], others: dict[str, tuple[Counterpart, ...]]
) -> list[Change]:
    """The changes of links to describe (none alike), their normal forms made at once."""
    forms = described_forms(items)
    return [linked_change(item, others, True, forms) for item in items]


def linked_change(
    item: Linked,
    others: dict[str, tuple[Counterpart, ...]],
    details: bool = True,
    forms: Mapping[str, str] | None = None,
) -> Change:
    """The change of one link: alike clauses as they are, others described (without
    `details`, only their similarity; `forms`: normal forms made beforehand, by text)."""
    from compare.classify.revisions import describe, similarity  # lazy: only differing links

    link, kind, olds, news = item
    if kind in SAME:
        return Change(kind, link.old, link.new, 1.0)
    if not details:
        revisions, diff, sim = (), (), similarity(olds, news)
    else:
        revisions, diff, sim = describe(olds, news, forms or {})
    if link.how == "evidence":
        alike = others.get(link.old[0], ())
        return Change(kind, link.old, link.new, sim, revisions, diff, alike, (), True)
    return Change(kind, link.old, link.new, sim, revisions, diff)


def link_kind(
    olds: Sequence[Clause], news: Sequence[Clause], displaced: bool, exact: bool
) -> ChangeKind:
    """The kind of a link: many-sided links are split/merged, identical keys unchanged or moved."""
    if len(olds) > 1:
        return ChangeKind.MERGED
    if len(news) > 1:
        return ChangeKind.SPLIT
    before, after = olds[0].key, news[0].key
    if not exact and before != after and match_key(before) != match_key(after):
        return REVISED  # equal keys reduce alike: neither is reduced
    return MOVED if displaced else UNCHANGED


UNCHANGED, MOVED, REVISED = ChangeKind.UNCHANGED, ChangeKind.MOVED, ChangeKind.REVISED
"""The kinds most links get, read once (an enum class's members are read through its
metaclass's attribute hook, four times slower than a module's names)."""


def never(_o: Clause, _n: Clause) -> bool:
    """No clause was retold (no agency note reworded): `retold_notes`' answer, not called."""
    return False


def retold_notes(old: Document, new: Document, links: Sequence[Link]):
    """A test: do these two clauses of equal text sit in items whose agency note was reworded?

    Such clauses now fall under other agencies: `agency-changed`, not unchanged.
    """
    notes = {(k.old[0], k.new[0]) for k in links if k.how == "item"}
    changed = {(i, j) for i, j in notes if old.clause(i).key != new.clause(j).key}
    if not changed:
        return never
    closing_old, closing_new = closing_notes(old), closing_notes(new)

    def retold(o: Clause, n: Clause) -> bool:
        pair = (closing_old.get(o.id), closing_new.get(n.id))
        fo, fn = o.facts, n.facts
        return pair in changed and (fo.lead, fo.cooperating) != (fn.lead, fn.cooperating)

    return retold


def alternatives(
    old: Document, new: Document, links: Sequence[Link], limit: int
) -> dict[str, tuple[Counterpart, ...]]:
    """Old clause id → the other likely counterparts of each clause linked on evidence alone
    (its possible successors but the one it was linked to), so a reader can judge the link."""
    from compare.align.decide import cached_context, successors_and_origins

    chosen = {link.old[0]: set(link.new) for link in links if link.how == "evidence"}
    if not limit or not chosen:
        return {}
    ctx = cached_context(old.clauses, new.clauses, links)
    succ, _ = successors_and_origins(ctx, [old.clause(i).index for i in chosen], [], limit + 1)
    return {
        i: tuple(c for c in found if c.id not in chosen[i])[:limit] for i, found in succ.items()
    }


def unlinked(
    old: Document, new: Document, links: Sequence[Link], limit: int = 5, details: bool = True
) -> list[Change]:
    """Dropped and new changes for the clauses no link touches, each with up to `limit`
    possible successors (dropped) or origins (new) from the other document; without
    `details` (threads show only a successor's id and score) new clauses get no origins and
    successors no evidence. A dropped clause's successors are the same either way."""
    from compare.align.decide import cached_context, successors_and_origins

    linked_old = {i for link in links for i in link.old}
    linked_new = {j for link in links for j in link.new}
    gone = [c.index for c in old.clauses if c.id not in linked_old]
    came = [c.index for c in new.clauses if c.id not in linked_new]
    succ: dict = {}
    orig: dict = {}
    if limit and (gone or came) and old.clauses and new.clauses:
        ctx = cached_context(old.clauses, new.clauses, links)
        succ, orig = successors_and_origins(ctx, gone, came if details else [], limit, details)
    dropped = [
        Change(ChangeKind.DROPPED, (c.id,), (), successors=succ.get(c.id, ()))
        for c in map(old.clauses.__getitem__, gone)
    ]
    added = [
        Change(ChangeKind.NEW, (), (c.id,), origins=orig.get(c.id, ()))
        for c in map(new.clauses.__getitem__, came)
    ]
    return dropped + added


def displaced_positions(olds: Sequence[int], news: Sequence[int], distance: int) -> set[int]:
    """The links (by number) off the longest increasing run of their first clauses'
    positions (`olds[k]`, `news[k]`: link k's, each old position once), displaced by at
    least `distance` other links."""
    pos = sorted(zip(olds, news, count()))
    run = increasing_run([p[1] for p in pos])  # in order: no sorting of the kept positions
    keep = set(run)
    kept_old = [pos[t][0] for t in run]
    kept_new = [pos[t][1] for t in run]
    out: set[int] = set()
    for t, (oi, ni, k) in enumerate(pos):
        if t in keep:
            continue
        jumped = abs(bisect_left(kept_old, oi) - bisect_left(kept_new, ni))
        if jumped >= distance:
            out.add(k)
    return out


def longest_increasing(seq: Sequence[int]) -> set[int]:
    """Positions of one longest strictly increasing subsequence (the anchoring stage's run)."""
    return set(increasing_run(seq))


def section_moved(titles: tuple[set[str], set[str]], o: Clause, n: Clause) -> bool:
    """True when the clause left for another section that also exists in the old document."""
    if not o.section or not n.section or o.section[-1] == n.section[-1]:
        return False  # the same heading has the same key (most links: no key looked up)
    before, after = heading_key(o.section[-1]), heading_key(n.section[-1])
    return before != after and before in titles[1] and after in titles[0]


def section_titles(doc: Document) -> set[str]:
    """The document's headings without their numbers."""
    return {heading_key(s.label + s.title) for s in doc.sections}


@lru_cache(maxsize=4096)
def heading_key(heading: str) -> str:
    """A heading without its number, for telling renumbering from a real move (headings
    repeat on every clause of their section: each is reduced once)."""
    return match_key(strip_label(heading))


def in_reading_order(old: Document, new: Document, changes: list[Change]) -> list[Change]:
    """Changes where a reader meets them: by position in the new document, each dropped clause
    right after the change that holds the old clause before it."""
    old_by_id, new_by_id = old._by_id(), new._by_id()
    placed = {i: new_by_id[ch.new[0]].index for ch in changes if ch.new for i in ch.old}
    after = -1
    where: dict[str, int] = {}
    for c in old.clauses:
        after = placed.get(c.id, after)
        where[c.id] = after

    def key(ch: Change) -> tuple[int, int, int]:
        if ch.new:
            return (new_by_id[ch.new[0]].index, 0, 0)
        return (where[ch.old[0]], 1, old_by_id[ch.old[0]].index)

    return sorted(changes, key=key)


def verify_links(old: Document, new: Document, links: Sequence[Link]) -> None:
    """Raise when a link is one-sided, names an unknown clause, or reuses one (all the links
    checked at once by set operations; link by link only to name the first at fault)."""
    olds = [i for link in links for i in link.old]
    news = [j for link in links for j in link.new]
    distinct_old, distinct_new = set(olds), set(news)
    if (
        len(distinct_old) == len(olds)
        and len(distinct_new) == len(news)
        and old._by_id().keys() >= distinct_old
        and new._by_id().keys() >= distinct_new
        and all(link.old and link.new for link in links)
    ):
        return
    verify_each_link(old, new, links)


def verify_each_link(old: Document, new: Document, links: Sequence[Link]) -> None:
    """Raise at the first link that is one-sided, names an unknown clause, or reuses one."""
    seen_old: set[str] = set()
    seen_new: set[str] = set()
    old_by_id, new_by_id = old._by_id(), new._by_id()
    for link in links:
        unknown = [i for i in link.old if i not in old_by_id]
        unknown += [j for j in link.new if j not in new_by_id]
        reused = seen_old.intersection(link.old) | seen_new.intersection(link.new)
        if not link.old or not link.new or unknown or reused:
            raise IncompleteChangeSet(
                f"malformed link {link.old} → {link.new}: one-sided, unknown or reused clauses"
            )
        seen_old.update(link.old)
        seen_new.update(link.new)


def verify_complete(old: Document, new: Document, changes: Sequence[Change]) -> None:
    """Raise when any clause of either side is missing from the change set or appears twice."""
    for side, ids in (
        ("old", [i for ch in changes for i in ch.old]),
        ("new", [j for ch in changes for j in ch.new]),
    ):
        doc = old if side == "old" else new
        found = set(ids)
        if len(ids) != len(found) or found != doc._by_id().keys():  # one set a side
            missing = doc._by_id().keys() - found
            raise IncompleteChangeSet(
                f"{side} side: {len(missing)} clauses missing, "
                f"{len(ids) - len(found)} repeated; the change set must be complete"
            )
