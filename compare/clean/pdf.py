"""PDF-extraction fixers: page numbers, table of contents, glued headings, displaced numerals."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import cache
from typing import NamedTuple

from compare.clean.fixers import CJK, join_broken_lines
from compare.clean.tracked import (
    Edit,
    Keep,
    Outcome,
    Put,
    Tracked,
    apply_edits,
    example,
    merge,
    outcome,
    repair,
    rewrite,
)
from compare.model import Repair

PAGE_NUMBER = re.compile(
    r"(?m)(?:[—－]\s?\d{1,3}\s?[—－])+(?![—－])"
    r"|^[ \t\u3000]*(?:[-–]\s*\d{1,4}\s*[-–]|第\s*\d{1,4}\s*页(?:\s*共\s*\d{1,4}\s*页)?)"
    r"[ \t\u3000]*$"
)
"""`—12—` anywhere (PDF page footers glued into lines), `- 12 -` or `第 3 页` on a line alone."""
PAGE_NUMBER_FIRST = re.compile("[—－ \t\u3000\\-–第]")
"""Where a page number can start (a dash, a space before a line's number, or 第)."""
TOC_HEAD = re.compile(
    r"目\s*[录錄](?=[ \t\u3000]*(?:第|\d|[一二三四五六七八九十]+、|前\s*言|\n|$))"
)
"""`目录` as a heading: followed by an entry or the end of its line (not `目录清单`)."""
LEADER = r"(?:\.{4,}|…{3,}|·{4,}|。{4,})\d*"
"""A dot leader. This, LABEL and NON_BLANK_LINE are compiled on first use (`re`'s cache):
only a text with `目录` needs them."""
TOC_GAP = 200
"""Entries of a table of contents are shorter than this: a leader farther on ends it."""
LABEL = r"第[一二三四五六七八九十百零〇]+[篇章节節]"


def drop_page_numbers(t: Tracked) -> Outcome:
    """Delete page numbers such as `—12—`, also where they are glued inside a line."""
    new, pos = rewrite(t, PAGE_NUMBER, lambda m: (), PAGE_NUMBER_FIRST)
    first = PAGE_NUMBER.match(t.text, pos[0]) if pos else None
    detail = f"page numbers removed, e.g. {first.group().strip()}" if first else ""
    return outcome(new, repair("drop_page_numbers", t, pos, detail))


SYMBOL_BULLET = re.compile("[ \t\u3000]*[\uf020-\uf0ff][ \t\u3000]*")
SYMBOL_BULLET_FIRST = re.compile("[ \t\u3000\uf020-\uf0ff](?<![ \t\u3000][ \t\u3000])")
"""A symbol, or a space not after another (class first: the engine skips to candidates)."""
"""Symbol-font glyphs (Wingdings, Symbol) that PDF extraction maps to private-use code points.
A match is tried only where a run of spaces begins (trying it at every space of a long run
would scan the rest of the run each time: quadratic)."""


def break_at_symbol_bullets(t: Tracked) -> Outcome:
    """Start a new line at each symbol-font bullet (they head the rows of flattened tables)."""
    new, pos = rewrite(
        t, SYMBOL_BULLET, lambda m: [Put("\n", t.src_at(m.start()))], SYMBOL_BULLET_FIRST
    )
    return outcome(new, repair("break_at_symbol_bullets", t, pos, "symbol-font bullets"))


def find_toc(text: str) -> tuple[int, int] | None:
    """Span of a table of contents: `目录` and entries with dot leaders, or a list of headings."""
    for m in TOC_HEAD.finditer(text):
        end = _leader_toc_end(text, m.end()) or _plain_toc_end(text, m)
        if end:
            return m.start(), end
    return None


def _leader_toc_end(text: str, at: int) -> int | None:
    """End of the last dot leader in a chain of leaders, each close after the one before."""
    end = None
    pos = at
    while m := re.compile(LEADER).search(text, pos, pos + TOC_GAP):
        if "。" in text[pos : m.start()]:
            break
        end = pos = m.end()
    return end


def _plain_toc_end(text: str, head: re.Match[str]) -> int | None:
    """A `目录` line alone, then short heading lines until the first of them comes again."""
    line_end = text.find("\n", head.end())
    if (
        line_end < 0
        or text[text.rfind("\n", 0, head.start()) + 1 : line_end].strip() != head.group()
    ):
        return None
    lines = (
        (m.start(), m.group().strip()) for m in re.compile(NON_BLANK_LINE).finditer(text, line_end)
    )
    first = next(lines, None)
    if first is None:
        return None
    for n, (start, line) in enumerate(lines, 1):
        if _squash(line) == _squash(first[1]):
            return start if n >= 3 else None
        if len(line) > 40 or line[-1] in "。；":
            return None
    return None


NON_BLANK_LINE = r"(?m)^.*\S.*$"


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def toc_entries(toc: str) -> list[str]:
    """Headings listed in a table of contents, each with its page number still glued on."""
    parts = re.split(f"(?={LABEL})", toc)
    entries = [re.sub(r"[.…·。\s]+", "", p) for p in parts if re.match(LABEL, p)]
    return [e for e in entries if e]


def drop_toc(t: Tracked) -> Outcome:
    """Delete the table of contents (its entries repeat the headings of the body)."""
    span = find_toc(t.text)
    if span is None:
        return Outcome(t)
    a, b = span
    n = len(toc_entries(t.text[a:b])) or t.text.count("\n", a, b)
    detail = f"table of contents removed ({n} entries): {example(t.text[a:b])}"
    fix = Repair("drop_toc", 1, (t.line_of(a), t.line_of(b - 1)), detail)
    return Outcome(apply_edits(t, [(a, b, ())]), (fix,))


def split_glued_headings(t: Tracked) -> Outcome:
    """Put headings listed in the table of contents on lines of their own."""
    span = find_toc(t.text)
    if span is None:
        return Outcome(t)
    edits = list(_heading_breaks(t, toc_entries(t.text[span[0] : span[1]]), span[1]))
    if not edits:
        return Outcome(t)
    samples = [example(t.text[e[0] : e[0] + 12], 14) for e in edits[:3]]
    fix = repair(
        "split_glued_headings",
        t,
        [e[0] for e in edits],
        "line breaks put around headings: " + " | ".join(samples),
    )
    return outcome(apply_edits(t, edits), fix)


def _heading_breaks(t: Tracked, entries: list[str], pos: int) -> Iterator[Edit]:
    """Zero-width edits inserting `\\n` before and after each heading found in the body."""
    text = t.text
    last = -1
    for entry in entries:
        label = re.match(LABEL, entry)
        if label is None:
            continue
        idx = text.find(entry[: label.end() + 2], pos)
        if idx < 0:
            continue
        k = _common_prefix(entry, text, idx)
        if k < len(entry.rstrip("0123456789")):
            continue
        for at in (idx, idx + k):
            if 0 < at < len(text) and text[at - 1] != "\n" and text[at] != "\n" and at != last:
                yield at, at, (Put("\n", t.src_at(at)),)
                last = at
        pos = idx + k


def _common_prefix(entry: str, text: str, at: int) -> int:
    k = 0
    while k < len(entry) and at + k < len(text) and text[at + k] == entry[k]:
        k += 1
    return k


YEAR_SLOT = re.compile(
    r"年(?:(?<=[到至和较較比于於从從止节節]年)|(?<![^\n]年))(?![代级級龄齡均轻輕华華货貨会會鉴鑒报報限])"
)
"""`到年`, `和年远景目标`: a year that was pushed out of its place (after one of these words or
at a line's start). The pattern opens with 年 and looks behind at what stands before it, so
that the regex engine searches for 年 instead of trying the look-behind at every character."""
SLOT_AFTER = r"(?=[。，；、万萬亿億千百个個家种種%]|以上|左右)"
"""What follows a verb whose figure went missing."""
VERBS = "达到|達到|突破|超过|超過|增长|增長|降低|下降|提高到|控制在|累计|累計|新增|占比|比重"


class Numerals(NamedTuple):
    """The patterns of displaced numerals, compiled on first use (`numerals()`): only a text
    with year slots, a PDF extraction that lost its figures, needs them."""

    stray_year: re.Pattern[str]
    """A four-digit year standing where no year belongs (not followed by 年, not bracketed)."""
    number_slot: re.Pattern[str]
    """Empty brackets, or a verb whose figure is missing (`达到。`, `达到万人`): one
    alternative a bracket or verb, each opening with its first character, so that the regex
    engine skips to the characters they begin with."""
    glued: re.Pattern[str]
    """A figure between Chinese characters (looked behind after its first digit, so that the
    engine skips to digits)."""
    scrambled_date: re.Pattern[str]
    """`年月日202127`: a date whose figures were pushed behind its characters (2021年2月7日)."""
    bare_year: re.Pattern[str]


@cache
def numerals() -> Numerals:
    """The displaced-numeral patterns, compiled once."""
    return Numerals(
        re.compile(r"(?<![\d.\-〔\[（(／/])(?:19[5-9]\d|20[0-6]\d)(?![\d.%年月〕\]）)\-／/])"),
        re.compile("|".join(["（[)）]", r"\([)）]", *(v + SLOT_AFTER for v in VERBS.split("|"))])),
        re.compile(rf"\d(?<=[{CJK}]\d)\d*(?:\.\d+)?(%?)(?=([{CJK}]))"),
        re.compile(r"年月(?:日(?=\d{6}(?!\d)))?(\d{4})(\d)(\d)?(?!\d)"),
        re.compile(r"(?:19[5-9]\d|20[0-6]\d)"),
    )


UNITS = set(
    "年月日号號个個万萬亿億千百十元角吨噸人米里亩畝户戶家所项項条條座次倍期届屆批类類种種支名"
    "辆輛台套位岁歲天时時周週级級型代节節章篇款部处處间間度克兆瓦升多余餘至到或及张張本册冊"
    "床艘架头頭只隻片块塊口眼井根株棵公平立方斤分秒场場轮輪版份例起件宗"
)
AFTER_PERCENT = set("以左的和及或与與至到")


def has_glued_figure(line: str) -> bool:
    """True when a figure sits inside a word, followed by no unit (`审议通2035过`)."""
    for m in numerals().glued.finditer(line):
        allowed = AFTER_PERCENT if m.group(1) else UNITS
        if m.group(2) not in allowed:
            return True
    return False


MIN_SLOTS = 3
"""A text shows displaced numerals only when it has at least this many year slots."""


def restore_displaced_numerals(t: Tracked) -> Outcome:
    """Move a stray year back into `到年`-style slots; mark lines that stay doubtful unreliable.

    A line whose end changed (a year moved away, a date put together) is offered to
    `join_broken_lines` again, so cleaning clean text changes nothing.
    """
    if sum(1 for _ in YEAR_SLOT.finditer(t.text)) < MIN_SLOTS:
        return Outcome(t)
    dated = _date_moves(t.text)
    mid = apply_edits(t, dated)
    edits = _year_moves(mid.text)
    moved = apply_edits(mid, edits)
    rejoined = join_broken_lines(moved) if dated or edits else Outcome(moved)
    new = rejoined.text
    doubtful = _doubtful_lines(new.text)
    restored = merge(
        repair("restore_displaced_numerals", t, [e[0] for e in dated], "dates put together"),
        repair("restore_displaced_numerals", mid, [e[0] for e in edits if e[2]], "years moved"),
    )
    flagged = repair(
        "flag_displaced_numerals",
        new,
        [a for a, _ in doubtful],
        "numerals pushed out of place: figures in these lines are unreliable",
        flagged=True,
    )
    repairs = (restored, *rejoined.repairs, flagged)
    return Outcome(new, tuple(r for r in repairs if r), unreliable=tuple(doubtful))


def _date_moves(text: str) -> list[Edit]:
    """Edits putting the figures of scrambled dates back between their characters."""
    edits: list[Edit] = []
    for m in numerals().scrambled_date.finditer(text):
        a = m.start()
        pieces = [Keep(m.start(1), m.end(1)), Keep(a, a + 1), Keep(m.start(2), m.end(2))]
        pieces.append(Keep(a + 1, a + 2))
        if m.group(3):
            pieces += [Keep(m.start(3), m.end(3)), Keep(a + 2, a + 3)]
        edits.append((a, m.end(), tuple(pieces)))
    return edits


def is_doubtful(line: str) -> bool:
    """True when a line still shows an empty year or number slot, or a figure inside a word."""
    slot = YEAR_SLOT.search(line) or numerals().number_slot.search(line)
    return bool(slot) or has_glued_figure(line)


def _doubtful_lines(text: str) -> list[tuple[int, int]]:
    """Spans of the lines where is_doubtful holds, found in one scan of the whole text.

    No pattern of is_doubtful matches or looks across a line break, so a match in the whole
    text is a match in its line.
    """
    lines = list(_lines(text))
    starts = [a for a, _ in lines]
    hits = {bisect_right(starts, at) - 1 for at in _doubt_positions(text)}
    return [lines[k] for k in sorted(hits)]


def _doubt_positions(text: str) -> Iterator[int]:
    """Where the text shows an empty year or number slot, or a figure inside a word."""
    p = numerals()
    yield from (m.start() for m in YEAR_SLOT.finditer(text))
    yield from (m.start() for m in p.number_slot.finditer(text))
    for m in p.glued.finditer(text):
        if m.group(2) not in (AFTER_PERCENT if m.group(1) else UNITS):
            yield m.start()


def _year_moves(text: str) -> list[Edit]:
    """Edits moving the one stray year of a line (or of the next line) into its one year slot."""
    edits: list[Edit] = []
    lines = list(_lines(text))
    for n, slot in _single_slots(text, lines):
        a, b = lines[n]
        line = text[a:b]
        strays = [(a + m.start(), a + m.end(), None) for m in numerals().stray_year.finditer(line)]
        if not strays and n + 1 < len(lines):
            strays = _bare_year_line(text, lines[n + 1])
        if len(strays) == 1:
            ka, kb, cut_from = strays[0]
            edits.extend(_move(ka, kb, slot, cut_from))
    return sorted(edits, key=lambda e: e[0])


def _single_slots(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Lines holding exactly one year slot, as (line index, slot offset), in one scan.

    YEAR_SLOT neither matches nor looks across a line break, so its matches in the whole
    text are those of each line.
    """
    starts = [a for a, _ in lines]
    found: dict[int, list[int]] = {}
    for m in YEAR_SLOT.finditer(text):
        found.setdefault(bisect_right(starts, m.start()) - 1, []).append(m.start())
    return [(n, at[0]) for n, at in found.items() if len(at) == 1]


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """Start and end of every non-empty line."""
    start = 0
    for line in text.split("\n"):
        if line:
            yield start, start + len(line)
        start += len(line) + 1


def _bare_year_line(text: str, line: tuple[int, int]) -> list[tuple[int, int, int | None]]:
    """A following line holding nothing but a year: its span, and the line break to delete."""
    a, b = line
    if numerals().bare_year.fullmatch(text, a, b) and text[a - 1] == "\n":
        return [(a, b, a - 1)]
    return []


def _move(a: int, b: int, to: int, cut_from: int | None = None) -> list[Edit]:
    """Edits moving text [a, b) to position `to` (keeping its origins), deleting [cut_from, b)."""
    return [(to, to, (Keep(a, b),)), (a if cut_from is None else cut_from, b, ())]
