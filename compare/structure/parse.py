"""Stage 3, structure: CleanText to a Document of sections and clauses, each with its facts."""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Callable, Sequence

from compare.clean.keys import comparison_keys
from compare.clean.trailing import CUT_REPAIR
from compare.model import Clause, CleanText, Document, Facts, Section, Source
from compare.read.metadata import metadata
from compare.structure.allfacts import facts_of_forms
from compare.structure.facts import (
    fold_each,
    looking_back,
    not_committing,
    reading_form,
    to_simplified,
    unreliable,
    with_agencies,
)
from compare.structure.headings import toc_titles
from compare.structure.outline import Outline, Piece, Walker, blocks, toc_block


def structure(source: Source, clean: CleanText) -> Document:
    """Cut the clean text into sections and clauses, with facts and the way back to the file."""
    text = clean.text
    meta = metadata(source.path, source.text, text)
    outline = outline_of(text, forced=(meta.title_span[1],) if meta.title_span[1] else ())
    starts = _line_starts(source.text)
    sections = make_sections(outline, text, clean, starts)
    clauses = make_clauses(outline, sections, source, clean, meta.title_span, starts)
    return Document(
        source=source,
        clean=clean,
        title=meta.title,
        date=meta.date,
        issuer=meta.issuer,
        sections=sections,
        clauses=clauses,
        notes=_notes(meta.title_span, clauses) + cut_notes(clean),
        number=meta.number,
    )


def outline_of(text: str, forced: tuple[int, ...] = ()) -> Outline:
    """Section drafts and clause pieces of a clean text."""
    lines = _lines(text)
    toc_lines, listed = toc_block(text, lines)
    toc = toc_titles(text)
    for kind, titles in listed.items():
        toc.setdefault(kind, set()).update(titles)
    return Walker(text, toc, forced).walk(blocks(text, lines, toc_lines))


def _lines(text: str) -> list[tuple[int, int]]:
    """Start and end offsets of every line (without its line break)."""
    out: list[tuple[int, int]] = []
    start = 0
    for line in text.split("\n"):
        out.append((start, start + len(line)))
        start += len(line) + 1
    return out


def _line_starts(text: str) -> array:
    """Offsets where source lines start (for 1-based line numbers by bisection), held as
    machine integers: a list of millions of int objects made each one cost more as it grew."""
    starts = array("q", [0])
    starts.extend(m.end() for m in re.finditer("\n", text))
    return starts


def _line_of(starts: Sequence[int], offset: int) -> int:
    """1-based source line holding a source offset."""
    return bisect_right(starts, offset)


def make_sections(
    outline: Outline, text: str, clean: CleanText, starts: Sequence[int]
) -> tuple[Section, ...]:
    """Final sections: ids, levels from the ranks present, paths from the top down."""
    paths: list[tuple[str, ...]] = []
    out: list[Section] = []
    for n, d in enumerate(outline.drafts):
        label = "".join(d.marker.label.split())
        own = label + d.title
        paths.append((*paths[d.parent], own) if d.parent >= 0 else (own,))
        first = (
            d.marker.start
            + len(text[d.marker.start : d.marker.end])
            - len(text[d.marker.start : d.marker.end].lstrip(" \t\u3000#"))
        )
        out.append(
            Section(
                id=f"s{n + 1}",
                level=outline.levels[d.rank],
                label=label,
                title=d.title,
                path=paths[n],
                line=_line_of(starts, clean.source_offset(first)),
                span=(d.marker.start, d.marker.end),
            )
        )
    return tuple(out)


def make_clauses(
    outline: Outline,
    sections: tuple[Section, ...],
    source: Source,
    clean: CleanText,
    title_span: tuple[int, int],
    starts: Sequence[int],
) -> tuple[Clause, ...]:
    """Clauses with text, key, original, lines (by the source's line `starts`) and facts
    (agencies shared within an item; clauses whose facts read alike in the same place share
    one Facts, and an original that reads as the clause's text is that string)."""
    pieces = with_labels(outline.pieces, sections, clean.text)
    texts = _shared([_display(clean.text[p.start : p.end]) for p in pieces])
    facts = _item_facts(pieces, _facts(clean.text, pieces, texts))
    bad = _overlapping(pieces, clean.unreliable)
    keys = _shared(comparison_keys(texts))
    originals: dict[str, str] = {}
    placed: dict[tuple[int, bool, bool, bool], Facts] = {}
    back = sections_looking_back(sections)
    origin, source_text = clean.origin, source.text
    out: list[Clause] = []
    for n, p in enumerate(pieces):
        text = texts[n]
        if origin:  # the first and last source offsets (the cleaner may have moved some)
            window = origin[p.start : p.end]
            first, last = min(window), max(window)
        else:
            first = last = 0
        original = source_text[first : last + 1]
        k = p.section
        section = sections[k] if k >= 0 else None
        heading = p.is_heading or title_span[0] <= p.start < title_span[1]
        looking = not heading and section is not None and back[k]
        shaky = n in bad
        where = (id(facts[n]), shaky, heading, looking)
        if where not in placed:
            placed[where] = clause_facts(facts[n], shaky, heading, looking)
        out.append(
            Clause(
                f"c{n + 1}",
                n,
                text,
                keys[n],
                text if original == text else originals.setdefault(original, original),
                section.path if section else (),
                section.id if section else "",
                (bisect_right(starts, first), bisect_right(starts, last)),
                (p.start, p.end),
                placed[where],
                heading,
            )
        )
    return tuple(out)


RETROSPECTIVE_SECTION = re.compile("发展成就|主要成就|发展基础|发展回顾|工作回顾|取得的成就|成就")
"""Section titles of a plan's look back at what was achieved (第一节发展成就, 第一節發展基礎)."""


def clause_facts(facts: Facts, shaky: bool, heading: bool, looking: bool) -> Facts:
    """A clause's facts given where it stands: headings and look-backs (`looking`: its section
    looks back, see sections_looking_back) commit to nothing."""
    if shaky:
        facts = unreliable(facts)
    if heading:
        return not_committing(facts)
    if looking:
        return looking_back(facts)
    return facts


def sections_looking_back(sections: Sequence[Section]) -> list[bool]:
    """Whether each section's path runs through a look back at achievements, the distinct paths
    converted to simplified script in one call (no OpenCC phrase holds a line break, so the
    paths joined by line breaks convert as each alone, as `comparison_keys` relies on too)."""
    joined = ["".join(s.path) for s in sections]
    distinct = list(dict.fromkeys(joined))
    simple = to_simplified("\n".join(distinct)).split("\n")
    if len(simple) != len(distinct):  # a path holding a line break: each converted alone
        simple = [to_simplified(path) for path in distinct]
    found = {
        path: bool(RETROSPECTIVE_SECTION.search(s))
        for path, s in zip(distinct, simple, strict=True)
    }
    return [found[path] for path in joined]


def with_labels(pieces: list[Piece], sections: tuple[Section, ...], text: str) -> list[Piece]:
    """Pieces where a heading's first clause starts at its label (`(二十二) 增强…`, `第五条 …`).

    The label is part of what the reader sees, so the clause shows it; matching strips it
    again (a renumbered item is not a revised one). `#` marks stay outside every clause.
    """
    out = list(pieces)
    k = 0
    for n, sec in enumerate(sections):
        a, b = sec.span
        label_at = a + len(text[a:b]) - len(text[a:b].lstrip(" \t\u3000#"))
        while k < len(out) and out[k].start < b:
            k += 1
        if k < len(out) and out[k].section == n and not text[b : out[k].start].strip():
            p = out[k]  # a new piece (as `dataclasses.replace` made, without its field walk)
            out[k] = Piece(label_at, p.end, p.section, p.block, p.is_heading)
    return out


def _facts(text: str, pieces: list[Piece], texts: list[str]) -> list[Facts]:
    """Facts of every clause, read in one pass over the document (see allfacts); the script
    is converted once for the whole text when it can be.

    Repeated clauses (common in long documents) share one Facts, read once.
    """
    simple = to_simplified(text) if not text.isascii() else text
    if len(simple) != len(text):
        return _unique(texts, lambda distinct: [reading_form(t) for t in distinct])
    return _unique([_display(simple[p.start : p.end]) for p in pieces], fold_each)


def _unique(texts: list[str], forms: Callable[[list[str]], list[str]]) -> list[Facts]:
    """Facts of texts, each distinct text read once, from its reading form (`forms` gives
    those of a list of texts)."""
    first: dict[str, int] = {}
    index = [first.setdefault(t, len(first)) for t in texts]
    facts = facts_of_forms(forms(list(first)))
    return [facts[n] for n in index]


def _shared(texts: list[str]) -> list[str]:
    """The same strings, equal ones held once (repeated clauses cost one copy)."""
    seen: dict[str, str] = {}
    return [seen.setdefault(t, t) for t in texts]


def _display(span_text: str) -> str:
    """Clause display text: inner line breaks joined (with a space only between Latin words)."""
    if "\n" not in span_text:
        return span_text.strip()
    return re.sub(
        r"\s*\n\s*",
        lambda m: " " if _latin_edges(m.string, m.start(), m.end()) else "",
        span_text.strip(),
    )


def _latin_edges(s: str, a: int, b: int) -> bool:
    """True when the characters on both sides of s[a:b] are ASCII letters, digits or punctuation."""
    return a > 0 and b < len(s) and s[a - 1].isascii() and s[b].isascii()


def _item_facts(pieces: list[Piece], facts: list[Facts]) -> list[Facts]:
    """Agencies stated once for an item (paragraph within a section) given to all its clauses
    (a clause's facts with an item's agencies made once for clauses whose facts are shared).

    Only the items where a clause states agencies are gathered: the last such clause of each
    (most items state none)."""
    out = list(facts)
    stating = [n for n, f in enumerate(facts) if f.lead or f.cooperating]
    if not stating:
        return out
    items = [(p.block, p.section) for p in pieces]
    last = {items[n]: n for n in stating}  # the last stating clause of each such item
    given: dict[tuple[int, int], Facts] = {}
    for n, item in enumerate(items):
        k = last.get(item)
        if k is not None:
            key = (id(facts[n]), id(facts[k]))
            if key not in given:
                given[key] = with_agencies(facts[n], facts[k].lead, facts[k].cooperating)
            out[n] = given[key]
    return out


def _overlapping(pieces: list[Piece], spans: tuple[tuple[int, int], ...]) -> set[int]:
    """Indices of pieces that overlap any of the (clean-text) spans."""
    if not spans:
        return set()
    ordered = sorted(spans)
    starts = [s for s, _ in ordered]
    reach = []
    for _, e in ordered:
        reach.append(max(e, reach[-1]) if reach else e)
    out: set[int] = set()
    for n, p in enumerate(pieces):
        k = bisect_right(starts, p.end - 1)
        if k and reach[k - 1] > p.start:
            out.add(n)
    return out


def cut_notes(clean: CleanText) -> tuple[str, ...]:
    """What the cleaner cut as lying outside the document: said in every output."""
    return tuple(f"{r.kind}: {r.detail}" for r in clean.repairs if r.kind == CUT_REPAIR)


def _notes(title_span: tuple[int, int], clauses: tuple[Clause, ...]) -> tuple[str, ...]:
    """Warnings: no title line, no clauses, numbers that cannot be trusted."""
    notes: list[str] = []
    if title_span == (0, 0):
        notes.append("the text has no title line; the file name is used as its title")
    if not clauses:
        notes.append("the document has no text to compare (empty after cleaning)")
    shaky = sum(not c.facts.numbers_reliable for c in clauses)
    if shaky:
        notes.append(
            f"{shaky} clauses hold numerals pushed out of place; their numbers are unreliable"
        )
    return tuple(notes)
