"""Timeline view: versions, pairs, charts, the thread × version matrix and topic histories."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from compare.model import (
    ChangeKind,
    Clause,
    Comparison,
    Continuation,
    Thread,
    ThreadStep,
    Timeline,
)
from compare.render import names
from compare.render.search import search_text
from compare.render.svg import Chart, grouped_bars, stacked_bars
from compare.render.views import (
    KIND_ORDER,
    DocView,
    anchor_id,
    clip,
    doc_view,
)
from compare.timeline.probable import continuations

NO_TOPIC = "(no section)"
ABSENT = ("·", "absent", "absent")
STEP_MARKS: dict[ChangeKind | None, tuple[str, str, str]] = {
    None: ("+", "first appears", "new"),
    ChangeKind.NEW: ("+", "new", "new"),
    ChangeKind.UNCHANGED: ("●", "unchanged", "same"),
    ChangeKind.MOVED: ("↕", "moved", "same"),
    ChangeKind.REVISED: ("✎", "revised", "revised"),
    ChangeKind.SPLIT: ("✎", "split", "revised"),
    ChangeKind.MERGED: ("✎", "merged", "revised"),
    ChangeKind.DROPPED: ABSENT,
}
"""Per arrival kind: symbol, word and CSS class of a matrix cell (never colour alone)."""
LABEL_LIMIT = 36
"""Longest thread label shown in the matrix (the history page shows the wordings whole)."""
BRIDGED = ("↺", "back after a gap", "revised")
NOT_COVERED = ("○", "not covered by this version", "absent")
"""A version between two appearances of the thread: it skips the subject, nothing was dropped."""
PROBABLE = ("⇢", "dropped; probably continues", "probable")
"""The version after a thread ends, where its dropped clause's best possible successor stands:
evidence shown apart from the certain links (`compare.timeline.probable`)."""


@dataclass(frozen=True)
class VersionView:
    """One document of the timeline."""

    index: int
    short: str
    doc: DocView
    sections: int
    commitments: int


@dataclass(frozen=True)
class PairSummary:
    """One consecutive comparison: its page, exports and counts by kind."""

    label: str
    href: str
    exports: tuple[tuple[str, str], ...]
    counts: tuple[int, ...]
    """Aligned with KIND_ORDER."""


@dataclass(frozen=True)
class Mark:
    """A matrix cell: symbol and word for one thread in one version, linking to the clause."""

    symbol: str
    word: str
    css: str
    href: str


@dataclass(frozen=True)
class ThreadRow:
    """One row of the thread × version matrix."""

    anchor: str
    label: str
    topic: str
    topic_index: int
    """Position of its topic in the matrix's topic filter."""
    present: int
    marks: tuple[Mark, ...]
    href: str
    """Its history (topic page anchor) when it spans two versions or more, else its clause."""
    search: str = ""
    """Its comparison key in every version, what the search box looks through."""


@dataclass(frozen=True)
class TopicLink:
    """A topic and its history page."""

    index: int
    name: str
    href: str
    threads: int


@dataclass(frozen=True)
class TimelineView:
    """Everything the index template draws."""

    versions: tuple[VersionView, ...]
    pairs: tuple[PairSummary, ...]
    kinds: tuple[str, ...]
    charts: tuple[Chart, ...]
    flow_note: str
    threads: tuple[ThreadRow, ...]
    topics: tuple[TopicLink, ...]
    """Topics that have a history page (threads spanning two versions or more)."""
    topic_filter: tuple[tuple[int, str, int], ...]
    """Every topic of the matrix: (index, name, number of threads)."""


def gap_versions(thread: Thread) -> set[int]:
    """Versions between the thread's first and last appearance where it is absent."""
    present = [s.version for s in thread.steps if s.clauses]
    return {
        s.version for s in thread.steps if not s.clauses and present[0] < s.version < present[-1]
    }


def step_mark(step: ThreadStep, gap: bool = False) -> tuple[str, str, str]:
    """Symbol, word and CSS class of a thread in one version (`gap`: a version it skips)."""
    if not step.clauses:
        return NOT_COVERED if gap else ABSENT
    if step.bridged:
        return BRIDGED
    return STEP_MARKS[step.kind]


def clause_href(timeline: Timeline, version: int, clause_id: str) -> str:
    """Where a clause of `version` stands: the pair page that shows it, at its anchor."""
    docs, pairs = timeline.documents, len(timeline.comparisons)
    if not pairs:
        return ""
    i, prefix = (0, "o-") if version == 0 else (version - 1, "n-")
    return names.pair_page(docs[i], docs[i + 1], i) + "#" + anchor_id(prefix, clause_id)


def present_count(thread: Thread) -> int:
    """In how many versions the thread has clauses."""
    return sum(1 for s in thread.steps if s.clauses)


def topic_names(threads: tuple[Thread, ...]) -> list[str]:
    """Topics of the threads, in order of first appearance (each has a history page)."""
    return list(dict.fromkeys(t.topic or NO_TOPIC for t in threads))


def probable_word(timeline: Timeline, probable: Continuation) -> str:
    """What a probable-continuation cell says: the successor's wording and score."""
    doc = timeline.documents[probable.version]
    text = clip(doc.clause(probable.clause).text, LABEL_LIMIT)
    return f"{PROBABLE[1]} as {probable.clause} {text} (score {probable.score:.2f}; not a link)"


def probable_mark(timeline: Timeline, probable: Continuation) -> Mark:
    """The cell of the version where a thread probably goes on, linking to the successor."""
    href = clause_href(timeline, probable.version, probable.clause)
    return Mark(PROBABLE[0], probable_word(timeline, probable), PROBABLE[2], href)


def thread_row(
    timeline: Timeline,
    thread: Thread,
    pages: dict[str, int],
    topics: dict[str, int],
    probable: Continuation | None = None,
) -> ThreadRow:
    """A thread as a matrix row (`probable`: where it probably goes on after it ends)."""
    by_version = {s.version: s for s in thread.steps}
    gaps = gap_versions(thread)
    marks = []
    for version in range(len(timeline.documents)):
        step = by_version.get(version, ThreadStep(version, (), None))
        if probable is not None and version == probable.version and not step.clauses:
            marks.append(probable_mark(timeline, probable))
            continue
        symbol, word, css = step_mark(step, version in gaps)
        href = clause_href(timeline, version, step.clauses[0]) if step.clauses else ""
        marks.append(Mark(symbol, word, css, href))
    present = [s.version for s in thread.steps if s.clauses]
    topic = thread.topic or NO_TOPIC
    anchor = anchor_id("t-", thread.id)
    multi = len(present) >= 2
    href = names.topic_page(pages[topic]) + "#" + anchor if multi else next(
        (m.href for m in marks if m.href and m.css != PROBABLE[2]), ""
    )  # fmt: skip
    return ThreadRow(
        anchor,
        clip(thread.label, LABEL_LIMIT),
        topic,
        topics[topic],
        len(present),
        tuple(marks),
        href,
        search_text(timeline, thread),
    )


def commitment_measure(timeline: Timeline) -> tuple[Callable[[Clause], bool], str]:
    """Count commitments, or every clause (saying so) when no clause was typed as one."""
    if any(c.facts.commitment for d in timeline.documents for c in d.clauses):
        return (lambda c: c.facts.commitment), ""
    note = "No clause was recognised as a commitment, so every clause is counted."
    return (lambda c: True), note


def flow_counts(cmp: Comparison, counts: Callable[[Clause], bool]) -> tuple[int, int, int]:
    """(carried over, new, dropped) commitments from cmp.old to cmp.new."""
    carried = new = dropped = 0
    for ch in cmp.changes:
        n_new = sum(counts(cmp.new.clause(i)) for i in ch.new)
        if ch.kind is ChangeKind.NEW:
            new += n_new
        elif ch.kind is ChangeKind.DROPPED:
            dropped += sum(counts(cmp.old.clause(i)) for i in ch.old)
        else:
            carried += n_new
    return carried, new, dropped


def charts(timeline: Timeline, shorts: list[str]) -> tuple[tuple[Chart, ...], str]:
    """Changes by kind per transition, and commitments carried over / new / dropped."""
    rows = [
        (
            f"{shorts[i]} → {shorts[i + 1]}",
            [(k, n) for k, n in cmp.summary(headings=False).items() if n],
        )
        for i, cmp in enumerate(timeline.comparisons)
    ]
    measure, note = commitment_measure(timeline)
    first = timeline.documents[0] if timeline.documents else None
    groups = []
    if first is not None:
        count = sum(measure(c) for c in first.clauses)
        groups.append((shorts[0], [("carried over", 0), ("new", count), ("dropped", 0)]))
    for i, cmp in enumerate(timeline.comparisons):
        carried, new, dropped = flow_counts(cmp, measure)
        parts = [("carried over", carried), ("new", new), ("dropped", dropped)]
        groups.append((shorts[i + 1], parts))
    what = "clauses" if note else "clauses typed as commitments"
    units = (
        "The first chart counts changes, as the comparison table does: a split or merge is one"
        f" change whatever its clauses. The second counts {what}, one by one, so its numbers"
        " differ from the table's."
    )
    return (
        stacked_bars("Changes (not clauses) by kind per transition", rows),
        grouped_bars(f"{what.capitalize()}: carried over, new and dropped per version", groups),
    ), " ".join(filter(None, (note, units)))


def version_views(timeline: Timeline, shorts: list[str]) -> tuple[VersionView, ...]:
    """The documents as listed on the index."""
    return tuple(
        VersionView(
            i, shorts[i], doc_view(d), len(d.sections), sum(c.facts.commitment for c in d.clauses)
        )
        for i, d in enumerate(timeline.documents)
    )


def pair_summaries(timeline: Timeline, shorts: list[str]) -> tuple[PairSummary, ...]:
    """The consecutive comparisons as listed on the index."""
    docs = timeline.documents
    counts = [cmp.summary(headings=False) for cmp in timeline.comparisons]  # once a pair
    return tuple(
        PairSummary(
            f"{shorts[i]} → {shorts[i + 1]}",
            names.pair_page(docs[i], docs[i + 1], i),
            names.pair_exports(docs[i], docs[i + 1], i),
            tuple(counts[i][k.value] for k in KIND_ORDER),
        )
        for i in range(len(timeline.comparisons))
    )


def timeline_view(timeline: Timeline) -> TimelineView:
    """Map a timeline to the view the index template draws."""
    shorts = [names.version_short(d, i) for i, d in enumerate(timeline.documents)]
    pages = {name: i for i, name in enumerate(topic_names(timeline.threads))}
    every = dict.fromkeys(t.topic or NO_TOPIC for t in timeline.threads)
    topics = {name: i for i, name in enumerate(every)}
    probable = continuations(timeline)
    rows = tuple(
        thread_row(timeline, t, pages, topics, probable.get(t.id)) for t in timeline.threads
    )
    chart_pair, note = charts(timeline, shorts)
    return TimelineView(
        versions=version_views(timeline, shorts),
        pairs=pair_summaries(timeline, shorts),
        kinds=tuple(k.value for k in KIND_ORDER),
        charts=chart_pair,
        flow_note=note,
        threads=rows,
        topics=tuple(
            TopicLink(i, name, names.topic_page(i), sum(r.topic == name for r in rows))
            for name, i in pages.items()
        ),
        topic_filter=tuple(
            (i, name, sum(r.topic_index == i for r in rows)) for name, i in topics.items()
        ),
    )
