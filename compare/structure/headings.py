"""Heading markers: which numbering a line starts with, its number, and where its title ends."""

from __future__ import annotations

import re
from functools import cache

from compare.model import record

FIXED_KINDS = ("part", "chapter", "section", "article")
"""Kinds named by their word (篇/编, 章, 节, 条): always on top, in this order."""

LIST_KINDS = ("cn", "paren_cn", "num", "paren_num")
"""Counted list numbering (一、 (一) 1. (1)): ranked by first appearance."""

CN_DIGITS = "一二三四五六七八九十百零〇两"
NUM = rf"([{CN_DIGITS}\d]{{1,6}})"
PINYIN = r"(?:\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,8}\d?\))?"
"""A pinyin reading the cleaner has not removed (`節(jié)`)."""

SOURCES: dict[str, str] = {
    "part": rf"第\s*{NUM}\s*(?:篇|编|編){PINYIN}",
    "chapter": rf"第\s*{NUM}\s*章{PINYIN}",
    "section": rf"第\s*{NUM}\s*(?:节|節){PINYIN}",
    "article": rf"第\s*{NUM}\s*(?:条|條){PINYIN}(?=[ \t\u3000])",
    "cn": r"([一二三四五六七八九十]{1,3})\s*(?:、|[.．](?!\d))",
    "paren_cn": r"[(（]\s*([一二三四五六七八九十]{1,3})\s*[)）]",
    "num": r"(\d{1,2})\s*(?:、|[.．](?![\d.．]))",
    "paren_num": r"[(（]\s*(\d{1,2})\s*[)）]",
    "box": r"(?:专栏|專欄)[ \t\u3000]*(\d{0,3})",
    "bullet": r"——(?![—\d])",
}
"""Numbering at the start of a line, most specific first."""


@cache
def pattern_of(kind: str) -> re.Pattern[str]:
    """The numbering pattern of a kind, compiled on first use: a text without 篇, 章, 节, 条
    or 专栏 headings never needs theirs (2 ms of every run's start-up)."""
    return re.compile(SOURCES[kind])


def patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Every kind with its pattern, in SOURCES' order (each tried in turn, the plain way)."""
    return tuple((kind, pattern_of(kind)) for kind in SOURCES)


FIRST_CHARS = {
    "part": "第",
    "chapter": "第",
    "section": "第",
    "article": "第",
    "cn": "一二三四五六七八九十",
    "paren_cn": "(（",
    "paren_num": "(（",
    "box": "专專",
    "bullet": "—",
}
"""The characters each kind's label can begin with (`num` begins with any decimal digit)."""
BY_FIRST: dict[str, tuple[str, ...]] = {
    ch: tuple(kind for kind in SOURCES if ch in FIRST_CHARS.get(kind, ""))
    for ch in "".join(FIRST_CHARS.values())
}
"""The kinds worth trying at a character, in SOURCES' order."""
DIGIT_KINDS = ("num",)

SPACE = " \t\u3000"
MARKDOWN = re.compile(r"[ \t\u3000]*(#{1,6})[ \t\u3000]*")
JUNK = r"(?:—\s*\d{1,4}\s*—|[\d.%％”“\"’‘])"
JUNK_BEFORE_NAMED = re.compile(
    rf"[ \t\u3000]*({JUNK}{{1,12}})(?=第\s*[{CN_DIGITS}]{{1,6}}\s*(?:篇|编|章|节|節)|专栏|專欄)"
)
"""Page numbers or pushed-out numerals glued before a 篇/章/节 heading (`—66—第二十三章`)."""
INLINE_KINDS = ("paren_cn", "num", "paren_num")
INLINE_START = frozenset("(（0123456789")
"""Kinds accepted after a sentence end inside a paragraph (`…机制。1.促进…`)."""
SENTENCE_MARK = re.compile(r"[。；！？!?;，,：:]")
NAMED = rf"第\s*[{CN_DIGITS}\d]{{1,6}}\s*(?:篇|编|章|节|節)"


@cache
def toc_leader() -> re.Pattern[str]:
    """A contents entry: `第一章发展环境1........`, or a page number straight before the next
    entry (compiled on first use: only a text with a dot leader needs it)."""
    return re.compile(
        rf"第\s*[{CN_DIGITS}\d]{{1,6}}\s*(篇|编|章|节|節)\s*((?:(?!{NAMED})[^.…·]){{1,60}}?)"
        rf"\s*(?:\d*\s*(?:\.{{3,}}|…{{2,}}|·{{3,}})|\d+(?={NAMED}))"
    )


LEADER_HINT = re.compile(r"\.{3}|…{2}|·{3}|\d第")
"""What every contents entry holds: a dot leader, or a page number straight before 第."""
TOC_WORD = {"篇": "part", "编": "part", "章": "chapter", "节": "section", "節": "section"}


@record(slots=False)
class Marker:
    """A heading's numbering found at a position of the clean text."""

    kind: str
    """One of FIXED_KINDS, LIST_KINDS, `box`, `bullet` or `md1`…`md6` (unnumbered Markdown)."""
    number: int | None
    """The number the label gives (None for bullets, boxes without number, Markdown)."""
    start: int
    """Clean offset where the markup begins (`#` signs included)."""
    end: int
    """Clean offset just after the label and the spaces that follow it."""
    label: str
    """The numbering as written, without `#` signs and spaces."""


NUMERAL_VALUES = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
"""Chinese digits and their values (a label's numeral read by cn_number)."""


def cn_number(text: str) -> int | None:
    """Value of a Chinese or Arabic numeral up to the hundreds (`二十三` → 23)."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in NUMERAL_VALUES:
            current = NUMERAL_VALUES[ch]
        elif ch in "十百":
            total += (current or 1) * (10 if ch == "十" else 100)
            current = 0
        else:
            return None
    return total + current


def marker_at(text: str, start: int, end: int, inline: bool = False) -> Marker | None:
    """The heading numbering that text[start:end] begins with, if any."""
    pos = _skip_space(text, start, end)
    if inline and (pos >= end or text[pos] not in INLINE_START):
        return None
    hashes = ""
    # MARKDOWN can match only where the first character past the spaces is `#`: most lines
    # skip trying it
    md = MARKDOWN.match(text, start, end) if not inline and pos < end and text[pos] == "#" else None
    if md:
        hashes, pos = md.group(1), md.end()
    for kind in _kinds_at(text, pos, end):
        if inline and kind not in INLINE_KINDS:
            continue
        m = pattern_of(kind).match(text, pos, end)
        if m:
            number = cn_number(m.group(1)) if m.groups() and m.group(1) else None
            return Marker(kind, number, start, _skip_space(text, m.end(), end), m.group(0))
    if hashes:
        return Marker(f"md{len(hashes)}", None, start, pos, "")
    return None


def _kinds_at(text: str, pos: int, end: int) -> tuple[str, ...]:
    """The kinds whose pattern can match at pos: those whose label begins with its character."""
    if pos >= end:
        return ()
    ch = text[pos]
    return BY_FIRST.get(ch) or (DIGIT_KINDS if ch.isdecimal() else ())


def junk_before_heading(text: str, start: int, end: int) -> int | None:
    """Offset where a 篇/章/节 heading begins after glued page numbers or numerals, if so."""
    m = JUNK_BEFORE_NAMED.match(text, start, end)
    return m.end() if m else None


def named_title_end(text: str, start: int, end: int, toc: dict[str, set[str]], kind: str) -> int:
    """Where the title of a 篇/章/节 (or Markdown) heading ends; -1 when it cannot be told."""
    rest = text[start:end].rstrip()
    if not rest:
        return start
    titles = toc.get(kind, set())
    known = [n for n in range(min(len(rest), 60), 0, -1) if rest[:n] in titles]
    if known:
        return start + known[0]
    if len(rest) <= 40 and not SENTENCE_MARK.search(rest):
        return start + len(rest)
    gap = re.match(r"(\S{1,25})[ \t\u3000]+\S", rest)
    if gap and not SENTENCE_MARK.search(gap.group(1)):
        return start + gap.end(1)
    return -1


def box_title_end(text: str, start: int, end: int) -> int:
    """Where a 专栏 box title ends: before the first item marker or sentence end; -1 if unclear."""
    m = re.search(
        r"[(（][一二三四五六七八九十]{1,3}[)）]|[。；！？]", text[start : min(end, start + 40)]
    )
    if m:
        return start + m.start()
    return start + len(text[start:end].rstrip()) if end - start <= 40 else -1


def short_title(sentence: str) -> str:
    """A heading title made from a long first sentence: up to its first comma, at most 20 chars."""
    head = re.split(r"[，,：:；;。！？]", sentence.strip(), maxsplit=1)[0]
    return head[:20]


def toc_titles(text: str) -> dict[str, set[str]]:
    """Titles of 篇/章/节 headings listed in a table of contents with dot leaders."""
    titles: dict[str, set[str]] = {}
    if not LEADER_HINT.search(text):
        return titles
    for m in toc_leader().finditer(text):
        title = m.group(2).strip()
        if title:
            titles.setdefault(TOC_WORD[m.group(1)], set()).add(title)
    return titles


def _skip_space(text: str, pos: int, end: int) -> int:
    """First offset at or after pos that is not a space or tab."""
    while pos < end and text[pos] in SPACE:
        pos += 1
    return pos
