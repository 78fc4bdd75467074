"""The one place the stages are chained: read → normalize → structure → align → classify."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from itertools import pairwise
from operator import call

from compare.align.link import align
from compare.align.tokens import prepare
from compare.classify.changes import classify
from compare.clean.normalize import CleanConfig, normalize
from compare.memory import release_free_memory, share_equal_values, without_cycle_collection
from compare.model import Change, Comparison, Document, Settings, Source, Timeline
from compare.parallel import all_but_costliest, fork_map, no_follow_up, worker_count
from compare.read.source import read_source
from compare.structure.parse import structure


def load_document(path: str, settings: Settings | None = None) -> Document:
    """Read, clean and parse one file."""
    settings = settings or Settings()
    return parse_source(read_source(path, max_bytes=settings.max_bytes), settings)


def parse_source(source: Source, settings: Settings | None = None) -> Document:
    """Clean and parse text already read."""
    with without_cycle_collection():
        return structure(source, normalize(source, clean_config(settings or Settings())))


def clean_config(settings: Settings) -> CleanConfig | None:
    """The cleaning the settings ask for: all fixers, or all but the trailing cut."""
    if settings.keep_trailing:
        return CleanConfig(skip=frozenset({"cut_trailing_articles"}))
    return None


PARSED_KEPT = 2
"""Documents remembered after parsing: comparing consecutive versions one pair at a time
(v1→v2, v2→v3, …) parses each version once, not twice."""
_PARSED: dict[tuple[Source, bool], Document] = {}


def load_documents(
    paths: Sequence[str], settings: Settings | None = None, jobs: int | None = None
) -> tuple[Document, ...]:
    """Read every file (here, in order: errors and standard input come first), then parse
    them on up to `jobs` cores (None: every usable core; 1: in this process).

    A file read again with the same text, path and cleaning settings as one of the last
    PARSED_KEPT parsed here is not parsed again: its Document (immutable) is reused (the
    same file named twice in one call is parsed twice: old and new stay distinct objects)."""
    settings = settings or Settings()
    keys = [(read_source(p, max_bytes=settings.max_bytes), settings.keep_trailing) for p in paths]
    todo = [k for k, key in enumerate(keys) if key not in _PARSED or key in keys[:k]]
    sources = [keys[k][0] for k in todo]
    sizes = [len(s.text) for s in sources]
    workers = worker_count(jobs, len(sources), sum(sizes))
    parse = partial(parse_source, settings=settings)
    if workers > 1:
        # a worker sends its document back without the text this process has
        parse = partial(parse_detached, settings=settings)
    # the parent waits for the parsers meanwhile: it loads the word cutter that comparing
    # the documents will need (here 0.1 s of the wait, not 0.1 s after it): the Rust port
    # for much text, which a timeline of them all then uses (`prepare`), not jieba as well;
    # unless the texts are so large that memory matters more (classify loads it then)
    chars = sum(sizes)
    cutter = partial(prepare, chars, shared=True) if chars < PRELOAD_BELOW else None
    # then, unless the texts are large, it parses the lightest share itself (one worker
    # fewer to fork, one document fewer to pickle and unpickle) instead of waiting idle
    here = no_follow_up if chars < PARSE_HERE_BELOW else None
    # each process parses one of the largest documents, then the others as each is free
    spare = all_but_costliest(sizes, workers)
    done = fork_map(parse, sources, workers, cost=sizes, meanwhile=cutter, here=here, spare=spare)
    if workers > 1:
        done = [attached(doc, source) for doc, source in zip(done, sources, strict=True)]
    if sum(len(doc.clauses) for doc in done) >= SHARED_FROM:
        share_equal_parts(done)
    if workers > 1:
        release_free_memory()  # the buffers the documents were unpickled from
    parsed = dict(zip(todo, done, strict=True))
    docs = tuple(parsed[k] if k in parsed else _PARSED[key] for k, key in enumerate(keys))
    for key, doc in zip(keys, docs, strict=True):
        _PARSED.pop(key, None)
        _PARSED[key] = doc
    while len(_PARSED) > PARSED_KEPT:
        del _PARSED[next(iter(_PARSED))]
    return docs


PRELOAD_BELOW = 2_000_000
"""Characters parsed at once from which the word cutter is loaded after the documents
come back, not while workers parse them: their answers then arrive beside ~8 MB less (the
5 MB pair's parse phase peak), for ~0.1 s that waiting on two busy cores hardly hid."""
PARSE_HERE_BELOW = 2_000_000
"""Characters parsed at once below which this process parses a share itself (the lightest,
after loading the word cutter) instead of waiting: one worker fewer to fork, and its
document neither pickled nor unpickled. From here on the parent's own parse would add its
document and its garbage to the parse phase's peak memory beside the workers'."""
SHARED_FROM = 20_000
"""Clauses parsed at once from which their equal parts are made one object (the pass costs
about 3 µs a clause; the 5 MB pair's documents hold ~15 MB less)."""
CLAUSE_PARTS = ("id", "text", "key", "original", "section", "section_id", "lines", "span")
SECTION_PARTS = ("id", "label", "title", "path")


def share_equal_parts(docs: Sequence[Document]) -> None:
    """Let the documents' equal clause and section strings and tuples be one object each."""
    pool: dict = {}
    for doc in docs:
        share_equal_values(doc.sections, SECTION_PARTS, pool)
        share_equal_values(doc.clauses, CLAUSE_PARTS, pool)


def parse_detached(source: Source, settings: Settings | None = None) -> Document:
    """`parse_source`, the result holding its source without the text (which the process
    that forked the parser has already: sending it back would hold it twice there)."""
    doc = parse_source(source, settings)
    return replace(doc, source=replace(doc.source, text=""))


def attached(doc: Document, source: Source) -> Document:
    """The document parsed from `source`, its source holding the text of `source` (the same
    string, not a copy; the same document when it holds it already)."""
    if doc.source.text is source.text:
        return doc
    return replace(doc, source=replace(doc.source, text=source.text))


def forget_documents() -> None:
    """Release the remembered documents (the next load parses every file again)."""
    _PARSED.clear()


TRIM_FROM = 100_000
"""Characters in a pair from which the pages aligning freed are handed back before
classifying; a smaller pair frees too little to pay for loading `ctypes` (0.5% of a small
pair's instructions)."""


def compare_documents(
    old: Document, new: Document, settings: Settings | None = None, jobs: int | None = 1
) -> Comparison:
    """Align and classify two parsed documents, on up to `jobs` cores (None: every usable
    core; the default 1, in this process: a caller comparing many pairs spreads the pairs)."""
    settings = settings or Settings()
    chars = len(old.clean.text) + len(new.clean.text)
    workers = worker_count(jobs, 2, chars)
    with without_cycle_collection():
        links = align(old, new, settings, workers=workers)
        if chars >= TRIM_FROM:
            release_free_memory()  # what aligning freed, before classifying builds its own
        return classify(old, new, links, settings, workers=workers)


def compare_paths(
    old: str, new: str, settings: Settings | None = None, jobs: int | None = None
) -> Comparison:
    """Compare two files (parsed side by side, then aligned and classified on as many
    cores as `jobs` allows)."""
    docs = load_documents([old, new], settings, jobs)
    return compare_documents(docs[0], docs[1], settings, jobs)


def timeline_paths(
    paths: Sequence[str],
    settings: Settings | None = None,
    jobs: int | None = None,
    details: bool = True,
) -> Timeline:
    """Parse N files (in the order given), compare consecutive pairs, and thread them
    (`details`: as in `timeline_documents`)."""
    return timeline_documents(load_documents(paths, settings, jobs), settings, jobs, details)


TERMS_COST = 0.1
"""Counting a document's words for the topics costs about this much per character, where
comparing two documents costs about the geometric mean of their lengths (both measured on
the seed timeline: 2.7 µs a character, 28 µs a unit of pair cost). The pairs are shared out
by their costs; the word counts are spare items, taken costliest first by whichever process
is free (`fork_map`'s `spare`), since this process also bridges ahead, which no share's cost
counts."""


REMEMBER_BELOW = 1_000_000
"""Characters of all the versions below which the align stage's memory of keys and bigram
sets is kept from the pairs to the threads (wording bridges, gap spans), which reduce and
align many of the same clauses again (the seed timeline, 121,000 characters: 6.6% fewer
instructions bridging and threading, the pairs alike); above it the memory is what matters
(up to 65,536 bigram sets per memo)."""


Alongside = Callable[[tuple[Comparison, ...], Callable[[], Timeline]], Timeline]
"""`alongside(comparisons, thread)` returns `thread()`, doing meanwhile other work that needs
only the comparisons (the report writes its pair pages while the threads are built)."""


def timeline_documents(
    docs: Sequence[Document],
    settings: Settings | None = None,
    jobs: int | None = None,
    details: bool = True,
    alongside: Alongside | None = None,
) -> Timeline:
    """Compare consecutive parsed documents (in the order given) and thread them (through
    `alongside`, when given).

    The pairs are independent, and so is counting each document's words for the topics:
    both are done on up to `jobs` cores (the pairs shared out by cost, the word counts taken
    by each process as it is free, so all finish together); each worker sends back only its
    change sets and word counts, the documents stay where they are. This process is one of
    the workers: when its share holds every pair but the last, it bridges the versions before
    the last while the last pair is compared (`threads.bridges_ahead`). Without `details` the
    changes carry no typed revisions, token diffs nor origins of new clauses, and only the
    first possible successor of a dropped clause (threads, their JSON and tables never show
    more; pair pages do).
    """
    from compare.timeline.threads import Bridges, bridges_ahead, build_timeline  # one pair
    from compare.timeline.topics import section_terms  # needs no timeline stage

    docs = tuple(docs)
    pairs = list(pairwise(docs))
    sizes = [len(a.clean.text) + len(b.clean.text) for a, b in pairs]
    workers = worker_count(jobs, len(pairs), sum(sizes))
    prepare(sum(len(doc.clean.text) for doc in docs), shared=workers > 1)  # topics cut all
    cost = [math.sqrt(len(a.clean.text) * len(b.clean.text)) for a, b in pairs]
    cost += [TERMS_COST * len(doc.clean.text) for doc in docs]
    remember = sum(len(doc.clean.text) for doc in docs) < REMEMBER_BELOW
    tasks = [partial(pair_changes, pair, settings, details, remember) for pair in pairs]
    tasks += [partial(section_terms, doc) for doc in docs]
    settings = settings or Settings()
    known: Bridges = {}

    def bridge_early(done: dict[int, tuple[Change, ...]]) -> None:
        # this process's share holds every pair but the last: bridge those versions now
        if all(k in done for k in range(len(pairs) - 1)) and len(pairs) - 1 not in done:
            earlier = [
                Comparison(old=a, new=b, changes=done[k], settings=settings)
                for k, (a, b) in enumerate(pairs[:-1])
            ]
            with without_cycle_collection():
                known.update(bridges_ahead(docs, tuple(earlier), settings.match_threshold))

    # the word counts are needed only by the topics: spare items, taken by whichever process
    # is done first with its pairs (this one after bridging ahead), so both finish together
    spare = range(len(pairs), len(tasks))
    done = fork_map(call, tasks, workers, cost=cost, here=bridge_early, spare=spare)
    comps = tuple(
        Comparison(old=a, new=b, changes=c, settings=settings)
        for (a, b), c in zip(pairs, done[: len(pairs)], strict=True)
    )
    terms = done[len(pairs) :]

    def thread() -> Timeline:
        with without_cycle_collection():  # threads, steps and topics: many small acyclic objects
            return build_timeline(docs, comps, terms, known)

    return alongside(comps, thread) if alongside else thread()


def pair_changes(
    pair: tuple[Document, Document],
    settings: Settings | None,
    details: bool = True,
    remember: bool = False,
) -> tuple[Change, ...]:
    """The change set of one pair (what a worker sends back), with or without `details`
    (without: each list of possible successors or other counterparts holds only its first,
    all that threads read of them, the probable continuations).

    `remember`: the align stage's memory of keys and bigram sets is kept for the threads
    (`build_timeline` empties it), which align the same clauses again across gaps."""
    if details and not remember:
        return compare_documents(pair[0], pair[1], settings).changes
    old, new = pair
    settings = settings or Settings()
    with without_cycle_collection():
        links = align(old, new, settings, forget=not remember)
        if details:
            return classify(old, new, links, settings).changes
        first_only = replace(settings, successor_limit=min(settings.successor_limit, 1))
        return classify(old, new, links, first_only, details=False).changes
