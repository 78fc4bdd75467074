"""Topic histories: each thread spanning two versions or more, with its successive wordings."""

from __future__ import annotations

from dataclasses import dataclass

from compare.model import Change, ChangeKind, Thread, ThreadStep, Timeline
from compare.render import names
from compare.render.timeline_views import (
    NO_TOPIC,
    clause_href,
    gap_versions,
    present_count,
    step_mark,
    topic_names,
)
from compare.render.views import RevisionView, Span, anchor_id, revision_views


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


@dataclass(frozen=True)
class ThreadHistory:
    """One thread's life."""

    anchor: str
    label: str
    present: int
    steps: tuple[StepView, ...]


@dataclass(frozen=True)
class TopicView:
    """One topic page."""

    index: int
    name: str
    threads: tuple[ThreadHistory, ...]


def arrivals(timeline: Timeline) -> list[dict[str, Change]]:
    """Per comparison: new clause id → the change that brought it."""
    return [{i: ch for ch in cmp.changes for i in ch.new} for cmp in timeline.comparisons]


def inline_spans(change: Change | None) -> tuple[Span, ...]:
    """The change's whole token diff, for reading old and new wording in one line."""
    if change is None or change.kind is ChangeKind.UNCHANGED:
        return ()
    return tuple(Span(s.op.value, s.text) for s in change.diff if s.text)


def step_view(
    timeline: Timeline,
    step: ThreadStep,
    by_new: list[dict[str, Change]],
    short: str,
    gap: bool = False,
) -> StepView:
    """A thread step as shown on its topic page (`gap`: a version the thread skips)."""
    symbol, word, css = step_mark(step, gap)
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
    )


def thread_history(
    timeline: Timeline, thread: Thread, by_new: list[dict[str, Change]], shorts: list[str]
) -> ThreadHistory:
    """A thread's steps as shown on its topic page."""
    gaps = gap_versions(thread)
    steps = tuple(
        step_view(timeline, s, by_new, shorts[s.version], s.version in gaps) for s in thread.steps
    )
    return ThreadHistory(anchor_id("t-", thread.id), thread.label, present_count(thread), steps)


def topic_views(timeline: Timeline) -> tuple[TopicView, ...]:
    """One view per topic holding threads that span two versions or more."""
    shorts = [names.version_short(d, i) for i, d in enumerate(timeline.documents)]
    by_new = arrivals(timeline)
    grouped: dict[str, list[ThreadHistory]] = {name: [] for name in topic_names(timeline.threads)}
    for thread in timeline.threads:
        if present_count(thread) >= 2:
            history = thread_history(timeline, thread, by_new, shorts)
            grouped[thread.topic or NO_TOPIC].append(history)
    return tuple(TopicView(i, name, tuple(ts)) for i, (name, ts) in enumerate(grouped.items()))
