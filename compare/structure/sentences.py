"""Cutting a paragraph of clean text into sentence-level spans, never inside quotes or brackets."""

from __future__ import annotations

import re
from itertools import pairwise

MAX_CLAUSE = 500
"""A unit longer than this (no sentence punctuation) is cut at commas, spaces or hard length."""

OPENERS = "(（《〈“‘「『【〔[{"
CLOSERS = ")）》〉”’」』】〕]}"
PAIR = dict(zip(CLOSERS, OPENERS, strict=True))
BRACKET = re.compile(r"[()（）《》〈〉“”‘’「」『』【】〔〕\[\]{}\"]")
MAX_BRACKET = 300
"""A bracket pair longer than this protects nothing (it is probably unbalanced capture debris)."""

STOP = re.compile(
    r"[。；！？;!?.]"
    r"(?:(?<=[。；！？;])[。；！？;]*[!?]*"
    r"|(?<=[!?])(?<![!?][!?])[!?]*+(?:[。；！？;]+[!?]*|(?=[\s" + re.escape(CLOSERS) + r"]|$))"
    r"|(?<=\.)(?=\s|$))"
)
"""Sentence ends: Chinese terminators; ASCII ! and ? only before a space, a closing bracket or
the end (inside CJK text a `?` is a character lost to encoding damage, `鄂爾多斯?巹?國家`);
a full stop only before a space or at the end. A run of ! and ? is tried once, from its start
(not after another), and never given back (tried from each of its characters it would be
quadratic); followed by Chinese terminators, it ends the sentence wherever it stands.

The pattern opens with the class of characters a sentence end begins with and then tells
them apart by looking behind at the one it took, so that the regex engine skips from one
candidate to the next (a pattern that opens with a look-ahead or a group of alternatives is
tried at every character: twice the time on a long text). It finds what
the pattern written the plain way found (`tests/test_prefixed_patterns.py`)."""
SOFT = r"[，,、：:]|\s+|\.{3,}|…+"
"""Places a too-long unit may be cut (compiled on first use, by `re`'s cache: most texts have
no unit that long)."""
TRAILING = set(CLOSERS) | set("。；！？;!?")
AGENCY_NOTE = re.compile(r"[(（][^()（）]{2,300}?(?:牵头|配合|负责)[)）]")
"""An item's closing agency note ends its sentence even when text follows it on the line."""
AGENCY_WORD = re.compile("牵头|配合|负责")
"""What every agency note holds: a paragraph without one (most) is not searched for notes,
whose pattern tries up to 300 characters after every bracket."""


def protected(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Spans strictly inside matched bracket or quote pairs of text[a:b], outermost only."""
    if not BRACKET.search(text, a, b):
        return []
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for m in BRACKET.finditer(text, a, b):
        ch, i = m.group(), m.start()
        if ch == '"':
            if stack and stack[-1][0] == '"':
                pairs.append((stack.pop()[1], i))
            else:
                stack.append((ch, i))
        elif ch in OPENERS:
            stack.append((ch, i))
        else:
            opener = PAIR[ch]
            while stack and stack[-1][0] != opener:
                stack.pop()
            if stack:
                pairs.append((stack.pop()[1], i))
    return _outermost([(o, c) for o, c in pairs if c - o <= MAX_BRACKET])


def _outermost(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The pairs not nested in another pair, in order."""
    out: list[tuple[int, int]] = []
    for o, c in sorted(pairs):
        if out and o < out[-1][1]:
            continue
        out.append((o, c))
    return out


def stops(text: str, a: int, b: int) -> list[int]:
    """Offsets just after each sentence end in text[a:b] that lies outside brackets, short of
    b (an end at b cuts nothing off): the brackets are paired only when such an end is found
    (most paragraphs end at their only sentence end)."""
    guard: list[tuple[int, int]] | None = None
    out: list[int] = []
    k = last = 0
    for m in STOP.finditer(text, a, b):
        start, end = m.span()
        while end < b and text[end] in TRAILING:
            end += 1
        if end == b:
            continue
        if guard is None:
            guard = protected(text, a, b)
            last = len(guard)
        if last:
            while k < last and guard[k][1] < start:
                k += 1
            if k < last and guard[k][0] < start < guard[k][1]:
                continue
        if end - start == 1 and text[start] == "." and _is_decimal_point(text, start, b):
            continue
        out.append(end)
    return out


def agency_note_ends(text: str, a: int, b: int) -> list[int]:
    """Offsets just after each agency note `(…牵头，…配合)` in text[a:b]."""
    if not AGENCY_WORD.search(text, a, b):
        return []
    return [m.end() for m in AGENCY_NOTE.finditer(text, a, b)]


def _is_decimal_point(text: str, i: int, b: int) -> bool:
    """True when a full stop sits between digits or after a single letter (abbreviation)."""
    prev = text[i - 1] if i > 0 else ""
    return prev.isdigit() and i + 1 < b and text[i + 1].isdigit()


def cut(text: str, a: int, b: int, forced: tuple[int, ...] = ()) -> list[tuple[int, int]]:
    """Sentence spans covering every non-space character of text[a:b], trimmed of spaces."""
    ends = [*stops(text, a, b), *(x for x in agency_note_ends(text, a, b) if x < b)]
    if not ends and not forced:  # one sentence: nothing to cut, nothing to attach
        s, e = _trim(text, a, b)
        return [] if s == e else cap(text, s, e) if e - s > MAX_CLAUSE else [(s, e)]
    bounds = sorted({a, b, *ends} | set(forced))
    spans = [_trim(text, s, e) for s, e in pairwise(bounds)]
    spans = _attach_parentheticals(text, [s for s in spans if s[0] < s[1]])
    return [
        piece for s, e in spans for piece in (cap(text, s, e) if e - s > MAX_CLAUSE else [(s, e)])
    ]


CutKey = tuple[bool, str, tuple[int, ...]]
"""What cut reads: whether a character precedes the span, that character and the span, and
the forced cuts relative to the span's start."""


def cut_remembered(
    memo: dict[CutKey, list[tuple[int, int]]],
    text: str,
    a: int,
    b: int,
    forced: tuple[int, ...] = (),
) -> list[tuple[int, int]]:
    """cut, computed once per distinct paragraph (repeated paragraphs are common) via memo."""
    key = (a > 0, text[max(a - 1, 0) : b], tuple(x - a for x in forced) if forced else ())
    spans = memo.get(key)
    if spans is None:
        spans = memo[key] = [(s - a, e - a) for s, e in cut(text, a, b, forced)]
    return [(s + a, e + a) for s, e in spans]


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """The span without leading and trailing whitespace."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _attach_parentheticals(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge a span that is only a parenthetical into the span before it.

    An agency note (`(…牵头，…配合)`) is the exception: it assigns the whole item, not its
    last sentence, so it stands as a clause of its own.
    """
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and _only_parenthetical(text, s, e) and not AGENCY_NOTE.fullmatch(text, s, e):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _only_parenthetical(text: str, s: int, e: int) -> bool:
    """True when text[s:e] is one bracketed group, possibly followed by sentence punctuation."""
    if text[s] not in "(（":
        return False
    inner = text[s:e].rstrip("。；;.，, ")
    return (
        bool(inner)
        and inner[-1] in ")）"
        and protected(text, s, s + len(inner)) == [(s, s + len(inner) - 1)]
    )


def cap(text: str, s: int, e: int, limit: int = MAX_CLAUSE) -> list[tuple[int, int]]:
    """Cut a span longer than limit at the last soft break before the limit, else hard."""
    out: list[tuple[int, int]] = []
    while e - s > limit:
        breaks = [m.end() for m in re.compile(SOFT).finditer(text, s + limit // 2, s + limit)]
        cut_at = breaks[-1] if breaks else s + limit
        piece = _trim(text, s, cut_at)
        if piece[0] < piece[1]:
            out.append(piece)
        s = _trim(text, cut_at, e)[0]
    if s < e:
        out.append((s, e))
    return out
