"""The shared vocabulary: frozen dataclasses and enums passed between pipeline stages."""

from __future__ import annotations

from array import array
from dataclasses import MISSING, Field, FrozenInstanceError, dataclass, field, fields
from enum import Enum, StrEnum
from operator import attrgetter
from reprlib import recursive_repr
from typing import Any, TypeVar

from compare.memory import OffsetRuns

SCHEMA_VERSION = "1.0"

C = TypeVar("C")


def compact(cls: type[C]) -> type[C]:
    """Make a frozen dataclass built with `slots=True` pickle as its constructor call.

    Slots save the per-instance `__dict__` (a large document holds some 70,000 clauses, and
    as many sections, facts, lines and spans): about a tenth of its memory. The `__getstate__`
    that `dataclasses` gives frozen slotted classes is plain Python and calls `fields()` on
    every object; rebuilding from the field values fetched in C is about as fast as the
    `__dict__` it replaces, which matters for documents sent back by the parse workers.
    """
    if "__reduce__" in vars(cls):  # the class pickles its own way
        return cls
    values = attrgetter(*(f.name for f in fields(cls)))  # type: ignore[arg-type]

    def __reduce__(self: Any) -> tuple[type[C], tuple[Any, ...]]:
        return cls, values(self)

    cls.__reduce__ = __reduce__  # type: ignore[method-assign,assignment]
    return cls


def record(
    cls: type[C] | None = None, *, eq: bool = True, slots: bool = True, frozen: bool = True
) -> Any:
    """`dataclass(frozen=True)` (or `frozen=False`) with its methods shared or written when
    first called, not written and compiled for every class as its module is imported.

    `dataclasses` writes each generated method as source and compiles it in every process
    (about 0.1 ms a method; a frozen class has three). Here `dataclasses` only gathers the
    fields (`fields`, `replace` and `asdict` work as before); the class gets a shared
    `__repr__`, `__eq__`, `__hash__` and, when frozen, `__setattr__`, `__delattr__` and
    pickling state, and an `__init__` written on its first call (`first_call_init`). They give
    what `dataclasses` gives: the repr of the fields marked for it, equality of the compared
    fields' tuple when the classes are the same, the hash of that tuple (so sets and dicts of
    these objects iterate in the same order), or none for a mutable class; the same
    parameters, defaults and factories; a frozen object refuses assignment and deletion.
    """

    def wrap(cls: type[C]) -> type[C]:
        own = set(vars(cls))  # methods the class writes itself stay, as with `dataclasses`
        cls = dataclass(slots=slots, init=False, repr=False, eq=False)(cls)
        made = fields(cls)  # type: ignore[arg-type]
        names = [f.name for f in made]
        shared: dict[str, Any] = {"__repr__": field_repr([f.name for f in made if f.repr])}
        if "__init__" not in own:
            shared["__init__"] = first_call_init(cls, made, frozen)
        if frozen:
            shared.update(frozen_methods(cls, names, slots))
        if eq:
            compared = tuple_getter([f.name for f in made if f.compare])
            hashed = tuple_getter(
                [f.name for f in made if (f.hash is None and f.compare) or f.hash]
            )
            shared["__eq__"] = same_values(compared)
            shared["__hash__"] = (lambda self: hash(hashed(self))) if frozen else None
        for name, method in shared.items():
            if name not in own:
                setattr(cls, name, method)
        return cls

    return wrap if cls is None else wrap(cls)


def first_call_init(cls: type, made: tuple[Field, ...], frozen: bool) -> Any:
    """An `__init__` that writes the class's own `__init__` (`init_source`) when first
    called, puts it on the class and runs it: a class no run makes costs no compiling."""
    unsupported = [
        f.name
        for f in made
        if not f.init or f.kw_only or f.name == "self" or f.name.startswith("_record_")
    ]
    if unsupported:
        raise TypeError(f"record {cls.__qualname__}: fields it cannot take: {unsupported}")

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        init = written_init(cls, made, frozen)
        cls.__init__ = init  # type: ignore[misc]
        init(self, *args, **kwargs)

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    return __init__


NO_VALUE = object()
"""The default of a parameter whose field has a default factory: no value was given."""


def written_init(cls: type, made: tuple[Field, ...], frozen: bool) -> Any:
    """The class's `__init__`, compiled from `init_source`: the fields in order as
    parameters, a default where the field has one, a factory called where no value came."""
    namespace: dict[str, Any] = {"_record_set": object.__setattr__, "_record_none": NO_VALUE}
    for k, f in enumerate(made):
        if f.default_factory is not MISSING:
            namespace[f"_record_make_{k}"] = f.default_factory
        elif f.default is not MISSING:
            namespace[f"_record_default_{k}"] = f.default
    exec(init_source(made, frozen, hasattr(cls, "__post_init__")), namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def init_source(made: tuple[Field, ...], frozen: bool, post_init: bool) -> str:
    """The source of `written_init`'s function (the names of its defaults by field index)."""
    params = ["self"]
    body = []
    for k, f in enumerate(made):
        value = f.name
        if f.default_factory is not MISSING:
            params.append(f"{f.name}=_record_none")
            value = f"_record_make_{k}() if {f.name} is _record_none else {f.name}"
        elif f.default is not MISSING:
            params.append(f"{f.name}=_record_default_{k}")
        else:
            params.append(f.name)
        body.append(
            f"_record_set(self, {f.name!r}, {value})" if frozen else f"self.{f.name} = {value}"
        )
    if post_init:
        body.append("self.__post_init__()")
    lines = "".join(f"\n    {line}" for line in body or ["pass"])
    return f"def __init__({', '.join(params)}):{lines}\n"


def frozen_methods(cls: type, names: list[str], slots: bool) -> dict[str, Any]:
    """`__setattr__` and `__delattr__` that refuse the fields (and any name on the class
    itself), as a frozen dataclass's do, and for a slotted class the state that pickles it."""
    fixed = frozenset(names)

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in fixed:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in fixed:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    methods: dict[str, Any] = {"__setattr__": __setattr__, "__delattr__": __delattr__}
    if slots:

        def __getstate__(self: Any) -> list[Any]:
            return [getattr(self, name) for name in names]

        def __setstate__(self: Any, state: list[Any]) -> None:
            for name, value in zip(names, state, strict=False):
                object.__setattr__(self, name, value)

        methods.update(__getstate__=__getstate__, __setstate__=__setstate__)
    for name, method in methods.items():
        method.__qualname__ = f"{cls.__qualname__}.{name}"
    return methods


def tuple_getter(names: list[str]) -> Any:
    """The named attributes as a tuple, even for one name or none (fetched in C)."""
    if len(names) >= 2:
        return attrgetter(*names)
    return lambda obj: tuple(getattr(obj, name) for name in names)


def field_repr(names: list[str]) -> Any:
    """`Class(a=1, b='x')`, as `dataclasses` writes it ('...' for an object inside itself)."""

    @recursive_repr()
    def __repr__(self: Any) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{self.__class__.__qualname__}({shown})"

    return __repr__


def same_values(values: Any) -> Any:
    """`__eq__` as `dataclasses` writes it: the same class and equal field tuples."""

    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return values(self) == values(other)
        return NotImplemented

    return __eq__


# ---------------------------------------------------------------- reading


@compact
@record
class Source:
    """A decoded input file, exactly as it stood (before any cleaning)."""

    path: str
    """Path as the user gave it (`-` for standard input)."""
    text: str
    """The decoded text, untouched (line endings as in the file)."""
    encoding: str
    """Codec that decoded the bytes, e.g. `utf-8`, `gb18030`, `big5`, `utf-16`."""
    format: str
    """`txt`, `md` or `html`."""
    size: int
    """Size of the raw input in bytes."""
    encoding_guessed: bool = False
    """True when no strict codec decoded the bytes and a statistical guess was used."""
    notes: tuple[str, ...] = ()
    """Degradations the reader decided on, each one sentence (e.g. why an encoding was guessed)."""


# ---------------------------------------------------------------- cleaning

RUNS_FROM = 1_000_000
"""A clean text this long (about 3 MB of Chinese) or longer is pickled with its offsets as
runs: 7 MB fewer a side on a 5 MB pair, for 0.1 s of a worker's time."""


@compact
@record
class Repair:
    """One kind of change the cleaner made, with how often and where."""

    kind: str
    """Fixer name, e.g. `strip_pinyin`, `repair_gbk_offset`, `drop_page_numbers`."""
    count: int
    """How many places were changed."""
    lines: tuple[int, ...] = ()
    """1-based source lines touched (possibly truncated to the first few hundred)."""
    detail: str = ""
    """A short human explanation, with an example where useful."""
    flagged: bool = False
    """True for problems detected but not repaired, and for cuts the user must hear of
    (shown as warnings)."""
    removed: int = 0
    """Characters this repair took out of the text, net of any it put in (a line break
    inserted counts -1): input characters = clean characters + the sum over the trail."""


@compact
@record(eq=False)
class CleanText:
    """The cleaned text with a map from every clean character back to the source."""

    text: str
    """Clean display text: what clauses are cut from."""
    origin: array | OffsetRuns
    """`origin[i]` is the offset in `Source.text` of clean character `i` (same length as text);
    a large document sent between processes arrives with it held as runs (`OffsetRuns`)."""
    repairs: tuple[Repair, ...] = ()
    """The trail of fixers that changed something, in the order they ran."""
    cut: str = ""
    """Text judged to lie outside the document (e.g. newspaper articles after its end)."""
    unreliable: tuple[tuple[int, int], ...] = ()
    """Clean-text spans whose numerals were pushed out of place and could not be restored."""

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as its constructor call, a large document's offsets as runs (a worker's
        document then takes a fraction of the memory in the process it is sent to; below
        RUNS_FROM characters making the runs costs more time than the memory is worth)."""
        origin = self.origin
        if isinstance(origin, array) and len(origin) >= RUNS_FROM:
            origin = OffsetRuns.from_offsets(origin, origin.typecode)
        return CleanText, (self.text, origin, self.repairs, self.cut, self.unreliable)

    def source_offset(self, i: int) -> int:
        """Offset in the source of clean character `i` (clamped to the text)."""
        if not self.origin:
            return 0
        return self.origin[max(0, min(i, len(self.origin) - 1))]


# ---------------------------------------------------------------- structure


class Strength(int, Enum):
    """How firmly a clause commits: compared to type a revision as strengthened or weakened."""

    NONE = 0
    """Description, no action."""
    WEAK = 1
    """研究, 探索, 鼓励, 争取, 引导 …"""
    MODERATE = 2
    """推进, 推动, 支持, 建设, 实施 …"""
    STRONG = 3
    """加快, 全面, 确保, 严格, 必须 …"""


@compact
@record
class Quantity:
    """A number found in a clause, with its unit and the target year it is tied to."""

    text: str
    """The number as written, e.g. `5000万吨`, `15.7%`."""
    value: float
    """Numeric value (before unit scaling)."""
    unit: str = ""
    """Unit as written, e.g. `万吨`, `%`, `公里`."""
    year: int | None = None
    """Target year (`到2025年`) the number is tied to, if any."""


@compact
@record
class Facts:
    """What a clause says in structured form."""

    lead: tuple[str, ...] = ()
    """Lead agencies (`…牵头`)."""
    cooperating: tuple[str, ...] = ()
    """Cooperating agencies (`…配合`)."""
    quantities: tuple[Quantity, ...] = ()
    """Numbers with units and target years."""
    years: tuple[int, ...] = ()
    """Target years named (`到2025年`, `2020年前`)."""
    commitment: bool = False
    """True when the clause carries an action (推进, 建设, 实施 …), False for description."""
    strength: Strength = Strength.NONE
    """Strongest commitment verb found."""
    actions: tuple[str, ...] = ()
    """The action words found, in order."""
    numbers_reliable: bool = True
    """False when the reader found numerals pushed out of this clause and could not restore them."""
    retrospective: bool = False
    """True for a passage that reports what was achieved (发展成就, "十三五"时期…取得…成效):
    it commits to nothing, so it is never typed as a commitment's weakened form."""


@compact
@record
class Section:
    """A heading and its place in the hierarchy."""

    id: str
    """Stable id, e.g. `s3`."""
    level: int
    """Depth, 1 = top (篇/章 or 一、), increasing inward."""
    label: str
    """The numbering as written: `第一章`, `一、`, `(三)`, `第五条`."""
    title: str
    """Heading text without its number."""
    path: tuple[str, ...]
    """Headings from the top down to and including this one, each `label+title`."""
    line: int
    """1-based source line where the heading starts."""
    span: tuple[int, int] = (0, 0)
    """Clean-text span of the numbering and its markup (`## (一)`), which no clause covers."""


@compact
@record
class Clause:
    """One sentence-level unit of text: the thing that is aligned and classified."""

    id: str
    """Stable id within its document (`c1`, `c2`, … in reading order)."""
    index: int
    """0-based position in reading order."""
    text: str
    """Clean display text (simplified or traditional as in the file; repairs applied)."""
    key: str
    """Comparison key: simplified script, widths folded, whitespace removed."""
    original: str
    """The text as it stood in the file (source span), with pinyin, line breaks etc."""
    section: tuple[str, ...]
    """Section path, top down (each `label+title`)."""
    section_id: str
    """Id of the innermost section ('' when before any heading)."""
    lines: tuple[int, int]
    """First and last 1-based source line."""
    span: tuple[int, int]
    """Start and end offset in the clean text."""
    facts: Facts = field(default_factory=Facts)
    """Agencies, numbers, commitment strength."""
    is_heading: bool = False
    """True for a heading's own text (e.g. the title after `(一)`)."""

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as its constructor call, a key equal to the text sent as the text itself
        (two clauses in five): the receiving process holds one string for both."""
        values = _CLAUSE_VALUES(self)
        if self.key == self.text:
            values = (*values[:3], self.text, *values[4:])
        return Clause, values


@record(eq=False, slots=False)
class Document:
    """A parsed document: metadata, sections, clauses, and the way back to the file."""

    source: Source
    """The file as decoded."""
    clean: CleanText
    """The cleaned text with its offset map and repair trail."""
    title: str
    """Title the text gives, else the file name."""
    date: str
    """ISO date the text gives (`2019-10-17`), else ''."""
    issuer: str
    """Issuing body the text gives, else ''."""
    sections: tuple[Section, ...]
    """Headings in reading order."""
    clauses: tuple[Clause, ...]
    """Clauses in reading order."""
    notes: tuple[str, ...] = ()
    """Warnings for the user (empty document, guessed encoding, unreliable numbers …)."""
    number: str = ""
    """Document number the text gives beside its title (`内政发〔2021〕1号`), else ''."""

    @property
    def path(self) -> str:
        """The input path."""
        return self.source.path

    def clause(self, clause_id: str) -> Clause:
        """Clause by id (raises KeyError)."""
        return self._by_id()[clause_id]

    def _by_id(self) -> dict[str, Clause]:
        cache = self.__dict__.get("_clause_index")
        if cache is None:
            cache = {c.id: c for c in self.clauses}
            object.__setattr__(self, "_clause_index", cache)
        return cache


# ---------------------------------------------------------------- comparison


class ChangeKind(StrEnum):
    """What became of a clause between two versions."""

    UNCHANGED = "unchanged"
    MOVED = "moved"
    REVISED = "revised"
    SPLIT = "split"
    MERGED = "merged"
    NEW = "new"
    DROPPED = "dropped"


class RevisionKind(StrEnum):
    """What kind of revision a linked clause underwent (a change may carry several)."""

    STRENGTHENED = "strengthened"
    WEAKENED = "weakened"
    TARGET_CHANGED = "target-changed"
    SCOPE_WIDENED = "scope-widened"
    SCOPE_NARROWED = "scope-narrowed"
    AGENCY_CHANGED = "agency-changed"
    RENUMBERED = "renumbered"
    VARIANT_ONLY = "variant-only"
    PHRASE_ADDED = "phrase-added"
    PHRASE_REMOVED = "phrase-removed"
    REWORDED = "reworded"


@compact
@record
class Revision:
    """One typed revision with its evidence."""

    kind: RevisionKind
    old: str = ""
    """Evidence on the old side (e.g. `探索`, `2020年`)."""
    new: str = ""
    """Evidence on the new side (e.g. `推进`, `2025年`)."""
    note: str = ""
    """One-line explanation."""


class Op(StrEnum):
    """Token diff operation."""

    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"


@compact
@record
class DiffSpan:
    """A run of text that is equal, inserted or deleted."""

    op: Op
    text: str
    old: str = ""
    """For an equal run, the old side's own wording when it differs from `text` only in script
    or variant characters (強化大氣 for 强化大气); '' when both sides read the same."""


@compact
@record
class Link:
    """An alignment decision before classification: these old clauses became these new ones."""

    old: tuple[str, ...]
    new: tuple[str, ...]
    similarity: float
    """0..1 score of the link (1.0 for identical keys)."""
    how: str = ""
    """Which matcher made it: `exact`, `fuzzy`, `containment`, `split`, `merged` …"""


@compact
@record
class Evidence:
    """Why a clause of the other document may continue (or precede) a dropped (or new) one."""

    terms: tuple[str, ...] = ()
    """Rare runs of text both clauses hold, rarest first (e.g. `稀土新材料`)."""
    objects: tuple[str, ...] = ()
    """Named objects both hold: places, projects, facilities, systems (e.g. `自由贸易试验区`)."""
    thesaurus: tuple[str, ...] = ()
    """Thesaurus pairs that joined different wordings, each `old/new` (e.g. `风能/风电`)."""
    same_section: bool = False
    """True when the two clauses sit in sections that the section alignment pairs."""


@compact
@record
class Counterpart:
    """A possible successor of a dropped clause, or a possible origin of a new one."""

    id: str
    """Clause id in the other document."""
    score: float
    """0..1 strength of the combined evidence (higher is likelier)."""
    evidence: Evidence = field(default_factory=Evidence)
    """What the two clauses share."""


@compact
@record
class Change:
    """The classified fate of one or more clauses: the unit every output shows."""

    kind: ChangeKind
    old: tuple[str, ...]
    """Old clause ids (empty for `new`)."""
    new: tuple[str, ...]
    """New clause ids (empty for `dropped`)."""
    similarity: float = 0.0
    """0..1 similarity of old and new text (0 for new/dropped)."""
    revisions: tuple[Revision, ...] = ()
    """Typed revisions (for revised, split, merged)."""
    diff: tuple[DiffSpan, ...] = ()
    """Token-level diff from old to new text (for linked changes that differ)."""
    successors: tuple[Counterpart, ...] = ()
    """For `dropped`: up to five new clauses that may carry it on, best first (never a link)."""
    origins: tuple[Counterpart, ...] = ()
    """For `new`: up to five old clauses it may continue, best first (never a link)."""
    probable: bool = False
    """Linked on cross-document evidence alone (no wording shared enough for a certain link):
    the likeliest counterpart, not a sure one; `successors` then lists the other candidates."""


@compact
@record
class Settings:
    """Named thresholds and limits; defaults are calibrated on the development set."""

    max_bytes: int = 20_000_000
    """Inputs larger than this are refused (raise with --max-size)."""
    match_threshold: float = 0.55
    """Minimum similarity for a whole-clause link."""
    containment_threshold: float = 0.8
    """Minimum share of a clause's content found inside another for a containment link."""
    moved_min_distance: int = 3
    """An identical clause is `moved` when displaced by a block of at least this many."""
    min_shared_weight: float = 6.0
    """Least rarity weight (sum of bigram IDF) two clauses must share to be linked as similar."""
    min_contained_weight: float = 18.0
    """Least rarity weight a containment link must share (keeps topic-only overlap out)."""
    candidate_limit: int = 3
    """How many candidate partners the inverted index proposes per clause and direction."""
    index_max_df: int = 20
    """Bigrams found in more clauses than this (and than `index_max_df_share`) are not indexed."""
    index_max_df_share: float = 0.02
    """Share of all clauses above which a bigram is too common to propose candidates."""
    index_max_df_cap: int = 100
    """…but a bigram in more clauses than this is never indexed (keeps big inputs linear)."""
    max_group: int = 4
    """Most clauses on the many side of a split or merge."""
    unit_cover_threshold: float = 0.65
    """Least share of a sub-clause unit (cut at ，；：) found inside another clause to link them."""
    max_group_gap: int = 4
    """A clause joins a split or merge only within this many clauses of a member (1 = adjacent)."""
    strong_unit_cover: float = 0.5
    """A one-to-one link may also rest on a unit this much contained, when it shares much."""
    strong_unit_weight: float = 35.0
    """Rarity weight such a partly contained unit must share (about eight rare bigrams)."""
    unit_min_dice: float = 0.15
    """A link resting on a unit alone needs this much overlap of the whole clauses (a shared
    formula such as 坚持以人民为中心的 inside two long, different sentences is not enough)."""
    min_phrase: int = 8
    """Clauses left unmatched are linked when they share a phrase this long (places and edge
    verbs set aside) that neither document uses elsewhere: the same object in the same words.
    0 turns this off."""
    min_phrase_share: float = 0.1
    """…and when that phrase makes this share of the shorter clause (places aside) at least:
    a long sentence about something else may mention the same object in passing."""
    successor_limit: int = 5
    """How many possible successors (origins) a dropped (new) clause lists; 0 lists none."""
    evidence_score: float = 0.15
    """Clauses still unlinked are linked when their combined cross-document evidence (how much
    of the old clause's rarity-weighted bigrams, objects and thesaurus senses the new one
    carries, halved outside the aligned sections) reaches this; 0 turns this off…"""
    evidence_margin: float = 0.08
    """…and when the chosen clause leads the next candidate by this much at least."""
    keep_trailing: bool = False
    """Keep text the cleaner would cut as newspaper articles after the document's end."""


@compact
@record(eq=False)
class Comparison:
    """Two documents and the complete change set between them."""

    old: Document
    new: Document
    changes: tuple[Change, ...]
    """Every clause of both sides appears in exactly one change."""
    settings: Settings = field(default_factory=Settings)
    notes: tuple[str, ...] = ()

    def summary(self, headings: bool = True) -> dict[str, int]:
        """Number of changes per kind (all kinds present, zero included); with
        `headings=False`, changes to headings only are left out (they are structure)."""
        counts = {k.value: 0 for k in ChangeKind}
        for ch in self.changes:
            if headings or not self.heading_only(ch):
                counts[ch.kind.value] += 1
        return counts

    def heading_only(self, change: Change) -> bool:
        """True when every clause of a change, old and new, is a heading."""
        olds = (self.old.clause(i) for i in change.old)
        news = (self.new.clause(j) for j in change.new)
        return all(c.is_heading for c in (*olds, *news))

    def heading_changes(self) -> int:
        """Number of changes other than `unchanged` that touch headings only."""
        return sum(
            ch.kind is not ChangeKind.UNCHANGED and self.heading_only(ch) for ch in self.changes
        )


# ---------------------------------------------------------------- many versions


@compact
@record
class ThreadStep:
    """A commitment's state in one version."""

    version: int
    """Index of the document in the timeline."""
    clauses: tuple[str, ...]
    """Clause ids in that version (empty when absent)."""
    kind: ChangeKind | None
    """How it arrived in this version (None in the first version it appears)."""
    bridged: bool = False
    """True when it reappears here after absent versions, linked across the gap by wording."""
    similarity: float = 0.0
    """0..1 similarity to its previous wording (0 when absent or first seen)."""


@compact
@record
class Thread:
    """One commitment's life across all versions."""

    id: str
    steps: tuple[ThreadStep, ...]
    """One step per version, absent versions included (with empty clauses)."""
    label: str = ""
    """Short text naming the commitment (its first wording, shortened)."""
    topic: str = ""
    """Name of the shared topic (`Timeline.topics`) of the top-level section it first appeared
    under; that section's heading when the timeline was built without topics."""
    merged_into: str = ""
    """Id of the thread it merged into where it ends ('' when it did not end in a merge)."""


@compact
@record
class Topic:
    """One subject treated across the versions: a top-level section of each version at most."""

    name: str
    """Its shortest heading without numbering, in simplified script (`加强生态建设和环境保护`)."""
    sections: tuple[tuple[int, str], ...] = ()
    """(version index, top-level heading) of each section it gathers, in version order."""
    terms: tuple[str, ...] = ()
    """The key terms its sections share most (`生态`, `黄河` …)."""


@compact
@record
class Continuation:
    """Where a thread that ends probably goes on: the best possible successor of its dropped
    clause, in the thread that holds it (evidence, never a link)."""

    thread: str
    """Id of the thread that ends."""
    version: int
    """The version where it is absent and probably continues."""
    successor: str
    """Id of the thread holding the possible successor."""
    clause: str
    """The possible successor's clause id in that version."""
    score: float
    """0..1 strength of the evidence."""


@record(eq=False, slots=False)
class Timeline:
    """N documents in date order, their consecutive comparisons and the threads through them."""

    documents: tuple[Document, ...]
    comparisons: tuple[Comparison, ...]
    """comparisons[i] compares documents[i] and documents[i+1]."""
    threads: tuple[Thread, ...]
    topics: tuple[Topic, ...] = ()
    """Subjects shared across versions; each thread's `topic` is the name of one of them."""


_CLAUSE_VALUES = attrgetter(*(f.name for f in fields(Clause)))
"""A clause's field values in order (fetched in C)."""
