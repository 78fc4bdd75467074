"""Topics shared across documents: the top-level sections of all versions that treat one subject.

Each version's top-level sections (`一、…`, `第三篇…`, `第七章…`) are the units. Two units of
different versions are similar by the threads that run from one into the other (section
alignment) and by their shared key terms (TF-IDF cosine of the words of their clauses).
Pairs are joined best first into topics that hold at most one section per version, and a
topic is named by the shortest of its headings, without its numbering.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from compare.align.tokens import tokens
from compare.clean.keys import to_simplified
from compare.model import Document, Thread, Topic

Unit = tuple[int, str]
"""A top-level section of one version: (version index, its heading as the clauses carry it)."""
JOIN_AT = 0.18
"""Score from which two sections are taken to treat one subject (see docs/timeline.md)."""
THREAD_WEIGHT = 0.5
"""Weight of the share of a section's clauses whose threads run into the other section."""
TERMS = 5
"""Key terms recorded per topic."""
NUMBERING = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百零〇\d]+[篇编章节部分]+|[一二三四五六七八九十]+[、.．]"
    r"|[(（][一二三四五六七八九十]+[)）])\s*"
)
STOP_TERMS = frozenset(
    {"推进", "加强", "建设", "发展", "推动", "实施", "加快", "完善", "提升", "全面"}
    | {"牵头", "配合", "自治区", "相关", "有关", "部门"}
)
"""Verbs every section uses and the words of agency attributions: never key terms."""


def unit_of(doc: Document, version: int, clause_id: str) -> Unit:
    """The top-level section a clause stands in ('' before the first heading)."""
    section = doc.clause(clause_id).section
    return version, section[0] if section else ""


def heading_name(heading: str) -> str:
    """A heading without its numbering, in simplified script (`第三篇保持…` → `保持…`)."""
    return to_simplified(NUMBERING.sub("", heading)).strip() or heading


SectionTerms = dict[str, Counter[str]]
"""Word counts of one document's top-level sections, by heading ('' before the first one)."""


def section_terms(doc: Document) -> SectionTerms:
    """Word counts of each top-level section's clauses (words of two characters or more, no
    digits, no STOP_TERMS): the work topics do once per document (a worker's share)."""
    terms: SectionTerms = {}
    for c in doc.clauses:
        words = (w for w in tokens(c.key) if len(w) > 1 and not any(ch.isdigit() for ch in w))
        bag = terms.setdefault(c.section[0] if c.section else "", Counter())
        bag.update(w for w in words if w not in STOP_TERMS)
    return terms


def unit_terms(
    documents: Sequence[Document], known: Sequence[SectionTerms] | None = None
) -> dict[Unit, Counter[str]]:
    """Word counts of each unit: `known[v]` is `section_terms(documents[v])` when given."""
    per_document = known if known is not None else [section_terms(d) for d in documents]
    return {(v, h): bag for v, terms in enumerate(per_document) for h, bag in terms.items()}


def weighted(terms: dict[Unit, Counter[str]]) -> dict[Unit, dict[str, float]]:
    """TF-IDF vectors of the units, each of unit length."""
    df = Counter(w for bag in terms.values() for w in bag)
    n = len(terms)
    vectors = {}
    for unit, bag in terms.items():
        vec = {w: (1 + math.log(k)) * math.log(n / df[w]) for w, k in bag.items() if df[w] < n}
        norm = math.sqrt(sum(x * x for x in vec.values())) or 1.0
        vectors[unit] = {w: x / norm for w, x in vec.items()}
    return vectors


def thread_links(
    documents: Sequence[Document], threads: Iterable[Thread]
) -> Counter[tuple[Unit, Unit]]:
    """How many threads run from one unit into a unit of a later version."""
    links: Counter[tuple[Unit, Unit]] = Counter()
    for t in threads:
        units = [
            unit_of(documents[s.version], s.version, s.clauses[0]) for s in t.steps if s.clauses
        ]
        links.update((a, b) for i, a in enumerate(units) for b in units[i + 1 :] if a != b)
    return links


def pair_scores(
    vectors: dict[Unit, dict[str, float]], links: Counter[tuple[Unit, Unit]], sizes: Counter[Unit]
) -> list[tuple[float, Unit, Unit]]:
    """(score, a, b) for every pair of units of different versions, best first."""
    units = sorted(u for u in vectors if u[1])
    scored = []
    for i, a in enumerate(units):
        va = vectors[a]
        for b in units[i + 1 :]:
            if a[0] == b[0]:
                continue
            vb = vectors[b]
            # only the shared words, in a's order: the words b lacks added 0.0 to the sum
            # (weights are positive), which leaves it the same to the last bit
            cosine = sum(x * vb[w] for w, x in va.items() if w in vb)
            shared = (links[(a, b)] + links[(b, a)]) / max(1, min(sizes[a], sizes[b]))
            scored.append((cosine + THREAD_WEIGHT * min(shared, 1.0), a, b))
    return sorted(scored, key=lambda s: (-s[0], s[1], s[2]))


def group_units(scored: list[tuple[float, Unit, Unit]], units: Iterable[Unit]) -> list[list[Unit]]:
    """Units joined best pair first while the score holds and no topic gets two sections of
    one version; every unit ends in exactly one group."""
    group = {u: [u] for u in units}
    for score, a, b in scored:
        if score < JOIN_AT:
            break
        ga, gb = group[a], group[b]
        if ga is gb or {v for v, _ in ga} & {v for v, _ in gb}:
            continue
        ga.extend(gb)
        for u in gb:
            group[u] = ga
    seen: dict[int, list[Unit]] = {id(g): sorted(g) for g in group.values()}
    return sorted(seen.values())


def topic_of(members: list[Unit], vectors: dict[Unit, dict[str, float]]) -> Topic:
    """A topic named by its shortest heading, with the key terms its sections share most."""
    names = [heading_name(h) for _, h in members if h]
    name = min(names, key=lambda n: (len(n), n)) if names else ""
    weight: Counter[str] = Counter()
    for u in members:
        weight.update(vectors.get(u, {}))
    if len(members) > 1:
        spread = Counter(w for u in members for w in vectors.get(u, {}))
        weight = Counter({w: x for w, x in weight.items() if spread[w] > 1})
    terms = tuple(w for w, _ in weight.most_common(TERMS))
    return Topic(name=name, sections=tuple(members), terms=terms)


def shared_topics(
    documents: Sequence[Document],
    threads: Sequence[Thread],
    known: Sequence[SectionTerms] | None = None,
) -> tuple[Topic, ...]:
    """The topics of a timeline, in order of their first section (version, then reading);
    `known`: each document's `section_terms`, when already counted."""
    terms = unit_terms(documents, known)
    vectors = weighted(terms)
    sizes: Counter[Unit] = Counter(
        unit_of(d, v, c.id) for v, d in enumerate(documents) for c in d.clauses
    )
    headed = [u for u in terms if u[1]]  # clauses before the first heading have no topic
    groups = group_units(pair_scores(vectors, thread_links(documents, threads), sizes), headed)
    order = {u: i for i, u in enumerate(sizes)}  # reading order, version by version
    groups.sort(key=lambda g: min(order[u] for u in g))
    return unique_names(tuple(topic_of(g, vectors) for g in groups))


def unique_names(topics: tuple[Topic, ...]) -> tuple[Topic, ...]:
    """Topics whose names are unique: a repeated name gets its first version's number."""
    counts = Counter(t.name for t in topics)
    return tuple(
        dataclasses.replace(t, name=f"{t.name} ({t.sections[0][0] + 1})")
        if counts[t.name] > 1 and t.sections
        else t
        for t in topics
    )


def first_unit(thread: Thread) -> Unit:
    """The unit a thread first appears in (its `topic` holds that section's heading)."""
    return next(s.version for s in thread.steps if s.clauses), thread.topic


def with_topics(threads: tuple[Thread, ...], topics: tuple[Topic, ...]) -> tuple[Thread, ...]:
    """The threads, each carrying the name of its first section's topic."""
    by_unit = {u: t.name for t in topics for u in t.sections}
    return tuple(dataclasses.replace(t, topic=by_unit.get(first_unit(t), t.topic)) for t in threads)
