"""The outline walk: blocks of clean text to section drafts and clause spans, in reading order."""

from __future__ import annotations

import re
from dataclasses import field

from compare.model import record
from compare.read.metadata import PINYIN
from compare.structure.headings import (
    FIXED_KINDS,
    LIST_KINDS,
    SENTENCE_MARK,
    Marker,
    box_title_end,
    junk_before_heading,
    marker_at,
    named_title_end,
    short_title,
)
from compare.structure.sentences import CutKey, cut_remembered

CLOSED_END = set("。；！？;!?：:)）”》」』】")
"""A line ending in one of these ends its paragraph."""
JOIN_MIN = 20
"""A line shorter than this (a title, a date, furniture) never runs on into the next line."""
TITLE_MAX = 40
"""A heading's first sentence longer than this is body text, not its title."""
TOC_WORDS = ("目录", "目錄")
LIST_MARK = re.compile(r"[，,、；;：:。！？]")
"""A line with none of these and at most TITLE_MAX long reads as a title, not a broken sentence."""
SPACE = re.compile(r"\s")
INNER_SPACE = r"\s(?<=[^\x00-\x7f]\s)\s*(?=[^\x00-\x7f])"
"""Spaces between two Chinese characters (the look-behind after the first space: the engine
skips to spaces). This and DATED are compiled on first use (`re`'s cache): most texts never
need them."""
DATED = r"\d{4}年\d{1,2}月\d{1,2}日"
"""A line opening with a full date (a statute's legislative history) starts its own paragraph."""


@record(slots=False, frozen=False)
class Block:
    """A paragraph: one line, or lines broken inside a sentence, with the heading it opens."""

    start: int
    end: int
    marker: Marker | None = None
    last_line: int = 0
    """Offset where the block's last line starts."""
    closed: bool = False
    """True for a line that never runs on (a table-of-contents entry)."""


@record(slots=False, frozen=False)
class Draft:
    """A section while the walk is still finding its title."""

    marker: Marker
    rank: int
    parent: int
    """Index of the enclosing draft, -1 at the top."""
    title: str = ""


@record(slots=False, frozen=False)
class Piece:
    """A clause span with the section and paragraph it belongs to."""

    start: int
    end: int
    section: int
    """Index of the innermost draft, -1 before any heading."""
    block: int
    is_heading: bool = False


@record(slots=False, frozen=False)
class Outline:
    """The walk's result: section drafts, their levels, and clause pieces."""

    drafts: list[Draft] = field(default_factory=list)
    pieces: list[Piece] = field(default_factory=list)
    levels: dict[int, int] = field(default_factory=dict)
    """Level of each rank present."""


def toc_block(text: str, lines: list[tuple[int, int]]) -> tuple[set[int], dict[str, set[str]]]:
    """Indices of the lines of a `目录` block and the 篇/章/节 titles it lists."""
    inside: set[int] = set()
    titles: dict[str, set[str]] = {}
    first = ""
    for i, (s, e) in enumerate(lines):
        compact = PINYIN.sub("", "".join(text[s:e].split()))
        if not inside and compact in TOC_WORDS:
            inside.add(i)
            continue
        if not inside or not compact:
            continue
        if compact == first or len(compact) > TITLE_MAX or SENTENCE_MARK.search(compact):
            break
        first = first or compact
        inside.add(i)
        m = marker_at(text, s, e)
        if m and m.kind in FIXED_KINDS:
            titles.setdefault(m.kind, set()).add(text[m.end : e].strip())
    return inside, titles


def blocks(text: str, lines: list[tuple[int, int]], plain: set[int]) -> list[Block]:
    """Paragraph blocks: heading lines open one; a line broken mid-sentence joins the next."""
    out: list[Block] = []
    for i, (s, e) in enumerate(lines):
        if s == e or text[s:e].isspace():
            continue
        for unit in _line_units(text, s, e, i in plain):
            if (
                unit.marker is None
                and not unit.closed
                and out
                and _runs_on(text, out[-1])
                and _continues(text, unit)
            ):
                out[-1].end = unit.end
                out[-1].last_line = unit.start
            else:
                out.append(unit)
    return out


def _line_units(text: str, s: int, e: int, plain: bool) -> list[Block]:
    """One line as blocks: debris glued before a 篇/章/节 heading is split off first."""
    if plain:
        return [Block(s, e, None, s, closed=True)]
    j = junk_before_heading(text, s, e)
    if j is not None:
        return [Block(s, j, None, s), Block(j, e, marker_at(text, j, e), j)]
    return [Block(s, e, marker_at(text, s, e), s)]


def _continues(text: str, unit: Block) -> bool:
    """False when a line opens a paragraph of its own: indented (`  经…`) or a dated record."""
    if text.startswith(("  ", "\u3000", "\t", "\xa0"), unit.start):
        return False
    return not re.compile(DATED).match(text, unit.start, unit.end)


def _runs_on(text: str, block: Block) -> bool:
    """True when the block's last line stops mid-sentence, so the next line continues it."""
    if block.closed:
        return False
    tail = text[block.last_line : block.end].rstrip()
    if (
        not tail
        or tail[-1] in CLOSED_END
        or len(tail.strip()) < JOIN_MIN
        or re.search(r"\s{3}", tail)
    ):
        return False
    if len(tail) <= TITLE_MAX and not LIST_MARK.search(tail):
        return False
    m = block.marker
    if m is None or m.kind == "article":
        return True
    if m.kind.startswith("md"):
        return False
    return bool(SENTENCE_MARK.search(text, m.end, block.end))


def heading_sentence(text: str, s: int, e: int) -> tuple[bool, str]:
    """Whether a heading's first sentence is just its title, and the title to use."""
    sentence = text[s:e].strip()
    body = sentence.rstrip("。！？.!?：:")
    lead = re.match(r"([^：:，,；;]{1,25})[：:]", body)
    if lead:
        return False, tidy_title(lead.group(1))
    if not sentence.endswith(("；", ";", "，", ",")) and len(body) <= TITLE_MAX:
        return True, tidy_title(body)
    return False, tidy_title(short_title(body))


def tidy_title(title: str) -> str:
    """A title with the spaces between Chinese characters removed (`总 则` → `总则`)."""
    title = title.strip()
    return re.sub(INNER_SPACE, "", title) if SPACE.search(title) else title


class Walker:
    """Walks blocks in reading order, opening sections and cutting clause pieces."""

    def __init__(self, text: str, toc: dict[str, set[str]], forced: tuple[int, ...] = ()):
        self.text, self.toc, self.forced = text, toc, sorted(forced)
        self.out = Outline()
        self.stack: list[int] = []
        self.ranks: dict[str, int] = {}
        self.min_hashes = 0
        """Fewest `#` signs seen on a numbered heading (0: none seen)."""
        self.cuts: dict[CutKey, list[tuple[int, int]]] = {}
        """Sentence spans of the paragraphs cut so far, by what the cut depends on."""

    def walk(self, blocks: list[Block]) -> Outline:
        """Process every block and fix the levels of the ranks present."""
        for i, block in enumerate(blocks):
            self.block(i, block)
        present = sorted({d.rank for d in self.out.drafts})
        self.out.levels = {rank: n + 1 for n, rank in enumerate(present)}
        return self.out

    def block(self, i: int, b: Block) -> None:
        """Cut one block into pieces, opening the section its heading starts."""
        start, mode = b.start, "body"
        if b.marker is not None:
            start, mode = self.heading(i, b)
        spans = cut_remembered(self.cuts, self.text, start, b.end, self._forced(b))
        if mode != "body" and spans:
            s, e = spans.pop(0)
            self.first_sentence(i, s, e, mode)
        for s, e in spans:
            self.body_piece(i, s, e)

    def heading(self, i: int, b: Block) -> tuple[int, str]:
        """Open the block's section; return where its content starts and how to read it."""
        m = b.marker
        assert m is not None
        if m.kind.startswith("md") and not self.out.pieces and not self.out.drafts:
            return m.end, "title"
        self._note_hashes(m)
        d = self.open(m)
        if m.kind == "article" or (m.kind not in FIXED_KINDS and self.in_article()):
            return m.end, "body"
        if m.kind in FIXED_KINDS or m.kind.startswith("md"):
            te = named_title_end(self.text, m.end, b.end, self.toc, m.kind)
        elif m.kind == "box":
            te = box_title_end(self.text, m.end, b.end)
        else:
            return m.end, "first"
        if te < 0:
            return m.end, "first"
        self.out.drafts[d].title = tidy_title(self.text[m.end : te])
        if self.text[m.end : te].strip():
            self.add(m.end, te, i, True)
        return te, "body"

    def first_sentence(self, i: int, s: int, e: int, mode: str) -> None:
        """The first sentence after a list label: the heading's title when short enough."""
        if mode == "title" or not self.stack:
            self.add(s, e, i, True)
            return
        is_heading, title = heading_sentence(self.text, s, e)
        self.out.drafts[self.stack[-1]].title = title
        self.add(s, e, i, is_heading)

    def body_piece(self, i: int, s: int, e: int) -> None:
        """A sentence of body text, or an inline list heading (`。1.促进…`) it starts with."""
        m = marker_at(self.text, s, e, inline=True)
        if m is None or not self.valid_inline(m):
            self.add(s, e, i)
            return
        self.open(m)
        if m.end >= e:
            return
        if self.in_article():
            self.add(m.end, e, i)
        else:
            self.first_sentence(i, m.end, e, "first")

    def open(self, m: Marker) -> int:
        """Open a section for a marker, closing those at its rank or below; return its index."""
        rank = self.rank(m)
        while self.stack and self.out.drafts[self.stack[-1]].rank >= rank:
            self.stack.pop()
        parent = self.stack[-1] if self.stack else -1
        self.out.drafts.append(Draft(m, rank, parent))
        self.stack.append(len(self.out.drafts) - 1)
        return self.stack[-1]

    def rank(self, m: Marker) -> int:
        """Fixed kinds on top in order; bare `#` above numbered ones; the rest by first use."""
        if m.kind in FIXED_KINDS:
            return FIXED_KINDS.index(m.kind)
        if m.kind.startswith("md") and 0 < int(m.kind[2:]) < self.min_hashes:
            return -1
        return self.ranks.setdefault(m.kind, 10 + len(self.ranks))

    def valid_inline(self, m: Marker) -> bool:
        """An inline label counts when it continues its open sequence, or starts a new one at 1."""
        if m.kind not in LIST_KINDS:
            return False
        for d in reversed(self.stack):
            marker = self.out.drafts[d].marker
            if marker.kind == m.kind:
                return m.number == (marker.number or 0) + 1
        return m.number == 1

    def in_article(self) -> bool:
        """True inside a statute article (its list items are content, not headings)."""
        return any(self.out.drafts[d].marker.kind == "article" for d in self.stack)

    def add(self, s: int, e: int, block: int, is_heading: bool = False) -> None:
        """Record a clause piece (trimmed) under the innermost open section."""
        while s < e and self.text[s].isspace():
            s += 1
        while e > s and self.text[e - 1].isspace():
            e -= 1
        if s < e:
            section = self.stack[-1] if self.stack else -1
            self.out.pieces.append(Piece(s, e, section, block, is_heading))

    def _note_hashes(self, m: Marker) -> None:
        """Remember the fewest `#` signs a numbered heading carries."""
        hashes = self.text.count("#", m.start, m.end)
        if hashes and not m.kind.startswith("md"):
            self.min_hashes = min(self.min_hashes or hashes, hashes)

    def _forced(self, b: Block) -> tuple[int, ...]:
        """Forced cut offsets inside the block (e.g. the end of a title glued to body text)."""
        forced = self.forced
        if not forced or forced[-1] <= b.start or forced[0] >= b.end:  # sorted: none inside
            return ()
        return tuple(x for x in forced if b.start < x < b.end)
