"""Stage 6, timeline: follow each commitment through N versions as one thread."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

from compare.align.candidates import content_key, match_key, strip_label
from compare.errors import UsageError
from compare.model import (
    Change,
    ChangeKind,
    Comparison,
    Document,
    Settings,
    Thread,
    ThreadStep,
    Timeline,
)
from compare.timeline.gaps import span_gaps
from compare.timeline.overlap import length_band, reachable
from compare.timeline.topics import SectionTerms, shared_topics, with_topics

LABEL_CHARS = 40
"""A thread's label is its first wording cut to this many characters."""
BRIDGE_MIN_CHARS = 4
"""Wordings with fewer characters than this besides digits (numbering, dates) are never bridged."""
BRIDGE_MIN_SHARED = 8
"""Characters (in order) a bridged pair must share, unless it is near-identical."""
BRIDGE_SURE = 0.85
"""Similarity from which a pair is bridged however short (a heading that came back)."""
DIGITS = re.compile(r"\d+")
KIND_WEIGHT = {
    ChangeKind.UNCHANGED: 0,
    ChangeKind.MOVED: 1,
    ChangeKind.REVISED: 2,
    ChangeKind.MERGED: 3,
    ChangeKind.SPLIT: 4,
}
"""When several changes carry one thread into a version, the step shows the weightiest kind."""
FILE_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")


@dataclass
class _Draft:
    """A thread while it is being built: clause ids per version and how each step arrived."""

    clauses: dict[int, list[str]] = field(default_factory=dict)
    kinds: dict[int, ChangeKind | None] = field(default_factory=dict)
    similarity: dict[int, float] = field(default_factory=dict)
    bridged: set[int] = field(default_factory=set)
    merged_into: int | None = None
    absorbed_by: int | None = None

    @property
    def first(self) -> int:
        return min(self.clauses)

    @property
    def last(self) -> int:
        return max(self.clauses)

    def add(self, version: int, clause_id: str, change: Change | None) -> None:
        """Put a clause into this thread's step for `version`, arriving through `change`."""
        self.clauses.setdefault(version, []).append(clause_id)
        if change is None:
            self.kinds.setdefault(version, None)
            return
        held = self.kinds.get(version)
        if held is None or KIND_WEIGHT.get(change.kind, 0) > KIND_WEIGHT.get(held, 0):
            self.kinds[version] = change.kind
        self.similarity[version] = min(self.similarity.get(version, 1.0), change.similarity)


# ---------------------------------------------------------------- ordering


def document_date(doc: Document) -> str:
    """The document's ISO date: the one its text gives, else the file name's YYYY-MM-DD prefix."""
    if doc.date:
        return doc.date
    m = FILE_DATE.match(PurePath(doc.path).name)
    return m.group(1) if m else ""


def chronological(documents: tuple[Document, ...]) -> tuple[Document, ...]:
    """Documents in date order (stable); the given order is kept when any document has no date."""
    if not all(document_date(d) for d in documents):
        return documents
    return tuple(sorted(documents, key=document_date))


# ---------------------------------------------------------------- chaining


def _start(drafts: list[_Draft], version: int, clause_id: str) -> int:
    """Open a new thread at `version` with one clause; return its index."""
    drafts.append(_Draft())
    drafts[-1].add(version, clause_id, None)
    return len(drafts) - 1


def _advance(
    drafts: list[_Draft], owner: dict[str, int], cmp: Comparison, v: int
) -> dict[str, int]:
    """Carry threads from version v-1 into v along the comparison's linked changes."""
    old_pos = {c.id: c.index for c in cmp.old.clauses}
    nxt: dict[str, int] = {}
    merges: list[tuple[set[int], int]] = []
    for ch in cmp.changes:
        olds = sorted((o for o in ch.old if o in owner), key=lambda o: old_pos.get(o, 0))
        if not olds or not ch.new:
            continue
        t = owner[olds[0]]
        for n in ch.new:
            if n not in nxt:
                nxt[n] = t
                drafts[t].add(v, n, ch)
        merges.append(({owner[o] for o in olds[1:]} - {t}, t))
    for c in cmp.new.clauses:
        if c.id not in nxt:
            nxt[c.id] = _start(drafts, v, c.id)
    for others, t in merges:
        for o in others:
            if v not in drafts[o].clauses:
                drafts[o].merged_into = t
    return nxt


def chain_threads(
    documents: tuple[Document, ...], comparisons: tuple[Comparison, ...]
) -> list[_Draft]:
    """Threads from linking clauses through consecutive comparisons (no gap bridging yet)."""
    drafts: list[_Draft] = []
    owner = {c.id: _start(drafts, 0, c.id) for c in documents[0].clauses} if documents else {}
    for v, cmp in enumerate(comparisons, start=1):
        owner = _advance(drafts, owner, cmp, v)
    return drafts


# ---------------------------------------------------------------- gap bridging


def _wording(doc: Document, clause_ids: list[str]) -> str:
    """A step's wording as the align stage matches it: keys without labels, agencies, marks."""
    return "".join(match_key(content_key(doc.clause(i).key)) for i in clause_ids)


def _keys(documents: tuple[Document, ...], draft: _Draft, v: int) -> list[str]:
    """Comparison keys of the thread's clauses in version v, without their numbering."""
    return [strip_label(documents[v].clause(i).key) for i in draft.clauses[v]]


def _candidates(
    enders: list[tuple[int, str]], starters: list[tuple[int, str]], threshold: float
) -> list[tuple[float, int, int]]:
    """(similarity, ender, starter) for every wording pair similar enough, best first.

    Similar enough: rapidfuzz `ratio` at or above the threshold, and either at least
    BRIDGE_MIN_SHARED characters in common (in order) or a ratio of BRIDGE_SURE or more — so
    two short headings that merely share `推进…建设` are not taken for one commitment. Each
    starter is scored only against the enders that can reach the threshold with it
    (`near_enders`).
    """
    if not enders or not starters:
        return []
    found: list[tuple[float, int, int]] = []
    for (s, wording), near in zip(starters, near_enders(enders, starters, threshold), strict=True):
        choices = [enders[e][1] for e in near]
        hits = process.extract(
            wording, choices, scorer=fuzz.ratio, score_cutoff=threshold * 100, limit=None
        )
        found += [
            (score / 100, enders[near[k]][0], s)
            for hit, score, k in hits
            if score >= BRIDGE_SURE * 100 or LCSseq.similarity(wording, hit) >= BRIDGE_MIN_SHARED
        ]
    return sorted(found, key=lambda f: (-f[0], f[1], f[2]))


OVERLAPS_FROM = 100_000
"""Wording pairs from which the enders a starter can reach are found by counting the
characters they share (`overlap.reachable`: a few integer steps per character of both
sides) rather than by length alone (no step, but a `ratio` of about 0.35 µs for each pair
left): on the seed timeline the bridges into the 2021 outline (627,000 pairs, 406,000 of
them of a length that can reach the threshold) leave about 2,500 pairs to score, 0.09 s
where scoring all took 0.2 s; those into the 2021-10 plan (147,000) 0.03 s instead of
0.04 s; the 37,000 into the 2020 opinions would take longer (0.02 s instead of 0.01 s)."""


def near_enders(
    enders: list[tuple[int, str]], starters: list[tuple[int, str]], threshold: float
) -> list[list[int]]:
    """For each starter, the indices of the enders that can reach the threshold with it:
    those of a length that can (`length_band`) and, among many pairs, that share characters
    enough (`overlap.reachable`, whose columns are the side with more characters)."""
    if len(enders) * len(starters) < OVERLAPS_FROM:
        order = sorted(range(len(enders)), key=lambda e: len(enders[e][1]))
        lengths = [len(enders[e][1]) for e in order]
        bands = [length_band(len(wording), threshold) for _, wording in starters]
        return [order[bisect_left(lengths, lo) : bisect_right(lengths, hi)] for lo, hi in bands]
    ends, starts = [w for _, w in enders], [w for _, w in starters]
    if sum(map(len, starts)) <= sum(map(len, ends)):
        return reachable(starts, ends, threshold)
    near: list[list[int]] = [[] for _ in starters]
    for e, found in enumerate(reachable(ends, starts, threshold)):
        for s in found:
            near[s].append(e)
    return near


def _bridgeable(wording: str) -> bool:
    """Long enough to be bridged once digits are left out."""
    return len(DIGITS.sub("", wording)) >= BRIDGE_MIN_CHARS


def _absorb(drafts: list[_Draft], e: int, s: int, similarity: float, same: bool) -> None:
    """Continue thread `e` with the steps of thread `s`, marking the reappearance as bridged."""
    head, tail = drafts[e], drafts[s]
    back = tail.first
    head.clauses.update(tail.clauses)
    head.kinds.update(tail.kinds)
    head.similarity.update(tail.similarity)
    head.kinds[back] = ChangeKind.UNCHANGED if same else ChangeKind.REVISED
    head.similarity[back] = similarity
    head.bridged |= tail.bridged | {back}
    head.merged_into = tail.merged_into
    tail.absorbed_by = e


def _join_across_gap(
    drafts: list[_Draft], documents: tuple[Document, ...], e: int, starters: list[int], sim: float
) -> None:
    """Continue thread `e` with one or more threads starting after a gap (a split when many)."""
    if len(starters) == 1:
        s, head = starters[0], drafts[e]
        same = _keys(documents, head, head.last) == _keys(documents, drafts[s], drafts[s].first)
        _absorb(drafts, e, s, sim, same)
        return
    back = drafts[starters[0]].first
    for s in starters:
        tail = drafts[s]
        for v, ids in tail.clauses.items():
            drafts[e].clauses.setdefault(v, []).extend(ids)
            if v != back:
                drafts[e].kinds[v] = tail.kinds.get(v)
                drafts[e].similarity[v] = tail.similarity.get(v, 0.0)
        tail.absorbed_by = e
    drafts[e].kinds[back], drafts[e].similarity[back] = ChangeKind.SPLIT, sim
    drafts[e].bridged.add(back)


def span_version_gaps(
    drafts: list[_Draft], documents: tuple[Document, ...], settings: Settings
) -> int:
    """Align the clauses left at thread ends with those at later thread starts (gaps.py)."""

    def owners(pick: Callable[[_Draft], int | None]) -> Callable[[int], dict[str, int]]:
        def at(v: int) -> dict[str, int]:
            # `v in d.clauses` first: a thread without clauses in v neither starts nor
            # ends there, and the test is cheaper than the first or last version
            return {
                c: i
                for i, d in enumerate(drafts)
                if v in d.clauses and d.absorbed_by is None and pick(d) == v
                for c in d.clauses[v]
            }

        return at

    ends = owners(lambda d: d.last if d.merged_into is None else None)
    starts = owners(lambda d: d.first)
    join = lambda e, tails, sim: _join_across_gap(drafts, documents, e, tails, sim)  # noqa: E731
    return span_gaps(documents, ends, starts, join, settings)


Wordings = tuple[tuple[int, str], ...]
"""(thread index, wording) of the threads that may be bridged at one version."""
Bridges = dict[tuple[float, Wordings, Wordings], list[tuple[float, int, int]]]
"""Bridge candidates already found: (threshold, enders, starters) → `_candidates` of them."""


def bridge_gaps(
    drafts: list[_Draft],
    documents: tuple[Document, ...],
    threshold: float,
    known: Bridges | None = None,
) -> Bridges:
    """Join threads that vanish to threads that start two or more versions later, by wording
    (`known`: candidates found before, used where the wordings are the same, and added to);
    return the candidates found."""
    known = {} if known is None else known
    cache: dict[tuple[int, int], str] = {}

    def wording(i: int, u: int) -> str:
        if (i, u) not in cache:
            cache[(i, u)] = _wording(documents[u], drafts[i].clauses[u])
        return cache[(i, u)]

    for v in range(2, len(documents)):
        spans = {i: (d.first, d.last) for i, d in enumerate(drafts) if d.absorbed_by is None}
        ends = [
            (i, wording(i, last))
            for i, (_, last) in spans.items()
            if last <= v - 2 and drafts[i].merged_into is None
        ]
        starts = [(i, wording(i, v)) for i, (first, _) in spans.items() if first == v]
        ends = [(i, w) for i, w in ends if _bridgeable(w)]
        starts = [(i, w) for i, w in starts if _bridgeable(w)]
        key = (threshold, tuple(ends), tuple(starts))
        if key not in known:
            known[key] = _candidates(ends, starts, threshold)
        taken: set[int] = set()
        for sim, e, s in known[key]:
            if e not in taken and s not in taken:
                taken |= {e, s}
                last = spans[e][1]
                same = _keys(documents, drafts[e], last) == _keys(documents, drafts[s], v)
                _absorb(drafts, e, s, sim, same)
    return known


def bridges_ahead(
    documents: tuple[Document, ...], comparisons: tuple[Comparison, ...], threshold: float
) -> Bridges:
    """The bridge candidates of every version but the last, from the comparisons of all
    pairs but the last (`documents`: all of them), to pass to `build_timeline` as `known`.

    Versions up to v are bridged alike whatever comes after v (the threads' ends and starts
    there are chained from earlier pairs only), so they can be found while the last pair is
    still being compared."""
    if len(comparisons) != len(documents) - 2:
        return {}
    drafts = chain_threads(documents[:-1], comparisons)
    return bridge_gaps(drafts, documents[:-1], threshold)


# ---------------------------------------------------------------- threads


def _label(doc: Document, clause_ids: list[str]) -> str:
    """The first wording, cut to LABEL_CHARS characters."""
    text = "".join(doc.clause(i).text for i in clause_ids)
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def _resolve(drafts: list[_Draft], i: int | None) -> int | None:
    """The live thread a draft index stands for after bridging."""
    while i is not None and drafts[i].absorbed_by is not None:
        i = drafts[i].absorbed_by
    return i


Places = dict[str, int]
"""Clause id → its index (reading order) in one version."""


def reading_places(documents: tuple[Document, ...]) -> list[Places]:
    """Each version's clause ids with their indices, looked up once for all threads."""
    return [{c.id: c.index for c in doc.clauses} for doc in documents]


def _steps(
    draft: _Draft, places: list[Places], absent: tuple[ThreadStep, ...]
) -> tuple[ThreadStep, ...]:
    """One step per version, clause ids in reading order, absent versions empty (`absent`:
    each version's empty step, shared by the threads absent there)."""
    steps = []
    first = draft.first
    for v, place in enumerate(places):
        ids = draft.clauses.get(v)
        if not ids:
            bridged = v in draft.bridged
            steps.append(absent[v] if not bridged else ThreadStep(v, (), None, bridged, 0.0))
            continue
        steps.append(
            ThreadStep(
                version=v,
                clauses=tuple(sorted(ids, key=place.__getitem__)),
                kind=draft.kinds.get(v) if v != first else None,
                bridged=v in draft.bridged,
                similarity=draft.similarity.get(v, 0.0),
            )
        )
    return tuple(steps)


def finish_threads(drafts: list[_Draft], documents: tuple[Document, ...]) -> tuple[Thread, ...]:
    """Frozen threads in a stable order, with ids t1, t2, … and labels, topics, merges.

    Threads sort by the version they first appear in, then by reading order there."""
    places = reading_places(documents)
    absent = tuple(ThreadStep(version=v, clauses=(), kind=None) for v in range(len(documents)))
    heads: dict[int, tuple[int, list[str]]] = {}  # live draft → its first version and clauses
    for i, d in enumerate(drafts):
        if d.absorbed_by is None:
            first = d.first
            heads[i] = first, sorted(d.clauses[first], key=places[first].__getitem__)
    live = sorted(heads, key=lambda i: (heads[i][0], places[heads[i][0]][heads[i][1][0]]))
    ids = {i: f"t{n}" for n, i in enumerate(live, start=1)}
    threads = []
    for i in live:
        d = drafts[i]
        first, first_ids = heads[i]
        doc = documents[first]
        section = doc.clause(first_ids[0]).section
        target = _resolve(drafts, d.merged_into)
        threads.append(
            Thread(
                id=ids[i],
                steps=_steps(d, places, absent),
                label=_label(doc, first_ids),
                topic=section[0] if section else "",
                merged_into=ids.get(target, "") if target is not None else "",
            )
        )
    return tuple(threads)


def _check_pairs(documents: tuple[Document, ...], comparisons: tuple[Comparison, ...]) -> None:
    """Raise unless comparisons[i] compares documents[i] with documents[i+1]."""
    ok = len(comparisons) == max(len(documents) - 1, 0) and all(
        c.old.path == documents[i].path and c.new.path == documents[i + 1].path
        for i, c in enumerate(comparisons)
    )
    if not ok:
        raise UsageError(
            "timeline: the comparisons do not follow the documents",
            f"{len(documents)} documents need {max(len(documents) - 1, 0)} consecutive comparisons",
            "compare documents[i] with documents[i+1] for each i",
        )


def build_timeline(
    documents: tuple[Document, ...],
    comparisons: tuple[Comparison, ...],
    terms: Sequence[SectionTerms] | None = None,
    known: Bridges | None = None,
) -> Timeline:
    """Thread every clause of every version: chain consecutive links, then bridge gaps
    (`terms`: each document's `topics.section_terms`, when counted already; `known`: bridge
    candidates found already, by `bridges_ahead`)."""
    _check_pairs(documents, comparisons)
    settings = comparisons[0].settings if comparisons else Settings()
    drafts = chain_threads(documents, comparisons)
    bridge_gaps(drafts, documents, settings.match_threshold, known)
    span_version_gaps(drafts, documents, settings)
    threads = finish_threads(drafts, documents)
    topics = shared_topics(documents, threads, terms)
    threads = with_topics(threads, topics)
    return Timeline(documents=documents, comparisons=comparisons, threads=threads, topics=topics)
