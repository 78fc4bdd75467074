"""Topic histories: each thread spanning two versions or more, with its successive wordings."""

from __future__ import annotations

from dataclasses import dataclass

from compare.model import Change, ChangeKind, Continuation, Thread, ThreadStep, Timeline
from compare.render import names
from compare.render.timeline_views import (
    NO_TOPIC,
    PROBABLE,
    clause_href,
    gap_versions,
    present_count,
    step_mark,
    topic_names,
)
from compare.render.views import RevisionView, Span, anchor_id, revision_views
from compare.timeline.probable import continuations
from compare.timeline.query import step_wording


@dataclass(frozen=True)
class StepView:
    """A thread in one version: its wording, and the diff from the version before."""

    short: str
    symbol: str
    word: str
    css: str
    href: str
    clause_ids: tuple[str, ...]
    text: str
    spans: tuple[Span, ...]
    """Inline token diff from the previous wording (empty: draw `text` plainly)."""
    revisions: tuple[RevisionView, ...]
    similarity: str = ""
    """Similarity to the previous wording, e.g. `72%` ('' when first seen or unknown)."""
    probable: ProbableView | None = None
    """Where the thread probably goes on in this version, after it ended (never a link)."""


@dataclass(frozen=True)
class ProbableView:
    """A probable continuation as a topic page shows it: the successor's wording and score."""

    short: str
    clause: str
    text: str
    href: str
    score: str


@dataclass(frozen=True)
class ThreadHistory:
    """One thread's life."""

    anchor: str
    label: str
    present: int
    steps: tuple[StepView, ...]


@dataclass(frozen=True)
class SingleView:
    """A thread found in one version only, as listed at the foot of its topic page."""

    anchor: str
    short: str
    text: str
    href: str
    probable: ProbableView | None = None
    """Where it probably goes on in the next version (never a link)."""


@dataclass(frozen=True)
class TopicView:
    """One topic page."""

    index: int
    name: str
    threads: tuple[ThreadHistory, ...]
    sections: tuple[tuple[str, str], ...] = ()
    """(version, top-level heading) of each section the topic gathers."""
    terms: tuple[str, ...] = ()
    """The key terms its sections share."""
    singles: tuple[SingleView, ...] = ()
    """Its threads found in one version only."""


def arrivals(timeline: Timeline) -> list[dict[str, Change]]:
    """Per comparison: new clause id → the change that brought it."""
    return [{i: ch for ch in cmp.changes for i in ch.new} for cmp in timeline.comparisons]


def inline_spans(change: Change | None) -> tuple[Span, ...]:
    """The change's whole token diff, for reading old and new wording in one line."""
    if change is None or change.kind is ChangeKind.UNCHANGED:
        return ()
    return tuple(Span(s.op.value, s.text) for s in change.diff if s.text)


def probable_view(timeline: Timeline, probable: Continuation | None) -> ProbableView | None:
    """A probable continuation with the successor's wording, for a topic page."""
    if probable is None:
        return None
    doc = timeline.documents[probable.version]
    return ProbableView(
        names.version_short(doc, probable.version),
        probable.clause,
        doc.clause(probable.clause).text,
        clause_href(timeline, probable.version, probable.clause),
        f"{probable.score:.2f}",
    )


def step_view(
    timeline: Timeline,
    step: ThreadStep,
    by_new: list[dict[str, Change]],
    short: str,
    gap: bool = False,
    probable: Continuation | None = None,
) -> StepView:
    """A thread step as shown on its topic page (`gap`: a version the thread skips;
    `probable`: where the thread probably goes on, shown at that version)."""
    if probable is not None and probable.version == step.version and not step.clauses:
        symbol, word, css = PROBABLE
    else:
        symbol, word, css = step_mark(step, gap)
        probable = None
    doc = timeline.documents[step.version]
    text = "".join(doc.clause(i).text for i in step.clauses)
    change = None
    if step.clauses and step.version > 0:
        change = by_new[step.version - 1].get(step.clauses[0])
    return StepView(
        short=short,
        symbol=symbol,
        word=word,
        css=css,
        href=clause_href(timeline, step.version, step.clauses[0]) if step.clauses else "",
        clause_ids=step.clauses,
        text=text,
        spans=inline_spans(change),
        revisions=revision_views(change) if change else (),
        similarity=f"{round(step.similarity * 100)}%" if step.clauses and step.similarity else "",
        probable=probable_view(timeline, probable),
    )


def thread_history(
    timeline: Timeline,
    thread: Thread,
    by_new: list[dict[str, Change]],
    shorts: list[str],
    probable: Continuation | None = None,
) -> ThreadHistory:
    """A thread's steps as shown on its topic page."""
    gaps = gap_versions(thread)
    steps = tuple(
        step_view(timeline, s, by_new, shorts[s.version], s.version in gaps, probable)
        for s in thread.steps
    )
    return ThreadHistory(anchor_id("t-", thread.id), thread.label, present_count(thread), steps)


def single_view(
    timeline: Timeline, thread: Thread, shorts: list[str], probable: Continuation | None = None
) -> SingleView:
    """A one-version thread: where it stands, its wording and where it probably goes on."""
    step = next(s for s in thread.steps if s.clauses)
    return SingleView(
        anchor_id("t-", thread.id),
        shorts[step.version],
        step_wording(timeline, thread, step.version),
        clause_href(timeline, step.version, step.clauses[0]),
        probable_view(timeline, probable),
    )


def topic_views(timeline: Timeline) -> tuple[TopicView, ...]:
    """One view per topic: histories of its threads spanning two versions or more, then the
    threads found in one version only."""
    shorts = [names.version_short(d, i) for i, d in enumerate(timeline.documents)]
    by_new = arrivals(timeline)
    probable = continuations(timeline)
    topics = topic_names(timeline.threads)
    grouped: dict[str, list[ThreadHistory]] = {name: [] for name in topics}
    singles: dict[str, list[SingleView]] = {name: [] for name in topics}
    for thread in timeline.threads:
        topic = thread.topic or NO_TOPIC
        if present_count(thread) >= 2:
            grouped[topic].append(
                thread_history(timeline, thread, by_new, shorts, probable.get(thread.id))
            )
        else:
            singles[topic].append(single_view(timeline, thread, shorts, probable.get(thread.id)))
    shared = {t.name: t for t in timeline.topics}
    return tuple(
        TopicView(
            i,
            name,
            tuple(ts),
            tuple((shorts[v], h) for v, h in shared[name].sections) if name in shared else (),
            shared[name].terms if name in shared else (),
            tuple(singles[name]),
        )
        for i, (name, ts) in enumerate(grouped.items())
    )
