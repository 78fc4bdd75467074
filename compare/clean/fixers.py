"""General cleaning fixers: line endings, invisible characters, spacing, pinyin, broken lines."""

from __future__ import annotations

import re
from functools import cache

from compare.clean.tracked import (
    Keep,
    Outcome,
    Put,
    Tracked,
    apply_edits,
    delete_matches,
    example,
    merge,
    outcome,
    repair,
    rewrite,
)

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
HEADING_START = re.compile(
    r"#|第[一二三四五六七八九十百零〇两]+[篇章节節条條]|[一二三四五六七八九十]+、|"
    r"[(（][一二三四五六七八九十]+[)）]|\d{1,2}[.、．]\D|[(（]\d{1,2}[)）]|专栏|專欄|附件|"
    r"[一二三四五六七八九十]是"
)
"""How a heading or list item begins: such a line never continues the previous one."""
TERMINAL = "。！？；：!?;:)）」』”’》】…"
"""A line ending in one of these has finished its sentence (or item)."""
OPENERS = "，,、（(《“「—"
"""A line ending in one of these continues on the next line."""
CONTINUERS = "，,、。；;：:）)」』”’》】"
"""A line starting with one of these belongs to the previous line."""
MIN_BODY_LINE = 20
"""Lines shorter than this without an opener at the end are taken as titles, never joined."""
MIN_BROKEN_PARAGRAPH = 50
"""Across a blank line, only a paragraph at least this long is taken as broken."""
TITLE_END = re.compile(
    r"(?:通知|意见|意見|方案|规划|規劃|办法|辦法|决定|決定|纲要|綱要|规定|規定|报告|報告|函)$"
)
"""Official document titles end with their kind: a title never runs on into the body."""
DATE_LED = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月")
"""A line led by a date (a legislative-history entry, a dated item) starts afresh."""
PUNCTUATED = re.compile(r"[。；，,：:]")


def fix_line_endings(t: Tracked) -> Outcome:
    """Turn \\r\\n and lone \\r into \\n."""
    new, pos = rewrite(
        t,
        re.compile(r"\r\n?"),
        lambda m: (
            [Keep(m.end() - 1, m.end())]
            if m.group() == "\r\n"
            else [Put("\n", t.src_at(m.start()))]
        ),
    )
    return outcome(new, repair("fix_line_endings", t, pos, "\\r\\n or \\r made \\n"))


INVISIBLE = re.compile("[\ufeff\u200b\u200c\u200d\u2060\u00ad\ufffe]+")
INVISIBLE_FIRST = re.compile("[\ufeff\u200b\u200c\u200d\u2060\u00ad\ufffe]")


def remove_invisible_chars(t: Tracked) -> Outcome:
    """Delete byte-order marks, zero-width characters and soft hyphens."""
    new, pos = delete_matches(t, INVISIBLE, INVISIBLE_FIRST)
    return outcome(new, repair("remove_invisible_chars", t, pos, "BOM / zero-width characters"))


ODD_SPACE = re.compile("[\u00a0\u2007\u202f\u2002\u2003\u2009\t]")


def normalize_spaces(t: Tracked) -> Outcome:
    """Make no-break, figure and tab spaces plain spaces."""
    new, pos = rewrite(t, ODD_SPACE, lambda m: [Put(" ", t.src_at(m.start()))])
    return outcome(new, repair("normalize_spaces", t, pos, "no-break / tab spaces made plain"))


EDGE_SPACE = re.compile(r"(?m)^[ \u3000]+|[ \u3000]+$")
EDGE_SPACE_FIRST = re.compile("[ \u3000](?<![ \u3000][ \u3000])")
"""A space not after another (the class first, then the look-behind: the engine skips to spaces)."""
"""Where a run of spaces begins: trying at every space of a long run inside a line would
scan the rest of the run each time (quadratic)."""


def strip_indentation(t: Tracked) -> Outcome:
    """Delete leading (e.g. ideographic) and trailing spaces of every line."""
    new, pos = delete_matches(t, EDGE_SPACE, EDGE_SPACE_FIRST)
    return outcome(new, repair("strip_indentation", t, pos, "leading and trailing spaces"))


def _edge_blanks(text: str) -> list[tuple[int, int]]:
    """Spans of the line breaks at the very start and end of the text (one span when the text
    is nothing else), as `\\A\\n+|\\n+\\Z` finds them without trying every character."""
    lead = len(text) - len(text.lstrip("\n"))
    if lead == len(text):
        return [(0, lead)] if lead else []
    trail = len(text) - len(text.rstrip("\n"))
    return [(a, b) for a, b in ((0, lead), (len(text) - trail, len(text))) if b > a]


BLANK_RUN = re.compile(r"\n\n\n+")
"""Three line breaks or more (`\\n{3,}` written so that it opens with the literal `\\n\\n\\n`: a
pattern that opens with a repeat is tried at every character, one that opens with a literal is
searched for, some 25 times faster on a long text)."""


def collapse_blank_lines(t: Tracked) -> Outcome:
    """Keep at most one blank line between paragraphs and none at the start or end."""
    new, inner = rewrite(t, BLANK_RUN, lambda m: [Keep(m.start(), m.start() + 2)])
    edges = _edge_blanks(new.text)
    newer = apply_edits(new, [(a, b, ()) for a, b in edges])
    edge = [a for a, _ in edges]
    return outcome(
        newer,
        merge(
            repair("collapse_blank_lines", t, inner, "runs of blank lines"),
            repair("collapse_blank_lines", new, edge, "blank lines at either end"),
        ),
    )


VOWELS = "aeiouüê" + TONED
SYLLABLE = (
    rf"(?:[zcs]h|[bpmfdtnlgkhjqxrzcsyw])?(?=[a-z{VOWELS}]*[{TONED}])[{VOWELS}]{{1,3}}(?:ng|n|r)?"
)
"""One pinyin syllable: an initial, then one to three vowels (one tone-marked), then -n/-ng/-r."""
READING = rf"[(（]{SYLLABLE}[)）]"
"""A pinyin reading in brackets (`(qū)`); `(café)` is two syllables and no reading."""
BROKEN_READING = rf"(?<=[?\ufffd])(?=[a-zê{TONED}]*[{TONED}])[a-zê{TONED}]{{1,7}}[)）]"
"""A reading whose opening bracket went with damaged bytes (`?qū)`): an artefact as well."""
PINYIN_PLAIN_SOURCE = rf"(?:{READING})+|{BROKEN_READING}"
"""Readings as first written: one bracketed reading or more, or a broken one."""
PINYIN_SOURCE = (
    rf"[(（a-zê{TONED}]"
    rf"(?:(?<=[(（]){SYLLABLE}[)）](?:{READING})*"
    rf"|(?<=[?\ufffd][a-zê{TONED}])(?:(?<=[{TONED}])|(?=[a-zê{TONED}]*[{TONED}]))"
    rf"[a-zê{TONED}]{{0,6}}[)）])"
)
"""PINYIN_PLAIN_SOURCE opening with the class of characters a reading begins with, then told
apart by looking behind at the one it took (a bracket: the first reading's syllable follows;
a letter after `?` or U+FFFD: a broken reading), so that the regex engine skips from one
candidate to the next: an alternation opening with a repeat is tried at every character."""


@cache
def pinyin_pattern() -> re.Pattern[str]:
    """The readings' pattern, compiled on first use: a text without a tone-marked vowel never
    needs it (see `has_toned`)."""
    return re.compile(PINYIN_SOURCE)


def has_toned(text: str) -> bool:
    """True when a tone-marked vowel stands in `text`: every reading holds one (the pattern
    looks for `[TONED]`), so without one there is nothing to strip."""
    return any(v in text for v in TONED)


def strip_pinyin(t: Tracked) -> Outcome:
    """Delete pinyin readings inserted after characters: `區(qū)` becomes `區`."""
    if not has_toned(t.text):
        return outcome(t, None)
    pinyin = pinyin_pattern()
    new, pos = delete_matches(t, pinyin)  # in C: the pattern skips to where it can begin
    first = pinyin.match(t.text, pos[0]) if pos else None
    detail = f"pinyin readings removed, e.g. {first.group()}" if first else ""
    return outcome(new, repair("strip_pinyin", t, pos, detail))


def should_join(prev: str, nxt: str, blank: bool = False) -> bool:
    """True when a line break between these two lines falls inside a sentence or word."""
    p, n = prev.strip(), nxt.strip()
    if not p or not n or HEADING_START.match(n) or p[-1] in TERMINAL:
        return False
    if (HEADING_START.match(p) or TITLE_END.search(p)) and not PUNCTUATED.search(p):
        return False
    if n[0] in CONTINUERS or p[-1] in OPENERS:
        return True
    if len(p) < MIN_BODY_LINE or (blank and len(p) < MIN_BROKEN_PARAGRAPH and "、" not in p):
        return False
    if DATE_LED.match(n):
        return False
    return is_cjk(p[-1]) and (is_cjk(n[0]) or (not blank and n[0].isdecimal()))


def is_cjk(ch: str) -> bool:
    """True when the character lies in the CJK ranges: what `[{CJK}]` matches, tested by
    comparison (compiling that class walks its 28,000 code points: 2.5 ms per process)."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


OPEN_BREAKS = re.compile("\n(?<![" + re.escape(TERMINAL) + "\n]\n)\n*")
"""A run of line breaks after a line that does not end in a TERMINAL character: only such a
break may be joined (`should_join` says no to the others). It opens with the literal `\\n`
and looks behind from there, so that the regex engine searches for line breaks instead of
trying every character (as `\\n+` is tried), and passes over the breaks after finished
sentences without handing each to Python."""


def join_broken_lines(t: Tracked) -> Outcome:
    """Join lines and paragraphs broken inside a sentence (`新\\n\\n业态` becomes `新业态`)."""
    examples: list[str] = []
    line_start = last_end = 0

    def join(m: re.Match[str]) -> list[Keep] | None:
        nonlocal line_start, last_end
        # a break passed over since the last one ended its line: the next line starts after it
        passed = t.text.rfind("\n", last_end, m.start())
        if passed >= 0:
            line_start = passed + 1
        last_end = m.end()
        nl = t.text.find("\n", m.end())
        nxt = t.text[m.end() : nl if nl >= 0 else len(t.text)]
        if not should_join(_logical_line(t.text, line_start, m.start()), nxt, len(m.group()) > 1):
            line_start = m.end()
            return None
        if len(examples) < 3:
            examples.append(example(t.text[max(0, m.start() - 6) : m.end() + 6], 30))
        return []

    new, pos = rewrite(t, OPEN_BREAKS, join)
    return outcome(new, repair("join_broken_lines", t, pos, "e.g. " + "; ".join(examples)))


def _logical_line(text: str, start: int, end: int) -> str:
    """The line being built from start to end (its head and tail only, when it is long)."""
    if end - start > 400:
        return (text[start : start + 200] + text[end - 200 : end]).replace("\n", "")
    return text[start:end].replace("\n", "")


LOWER_WORD = re.compile(r"[a-z][a-z]+")
"""A run of lower-case letters: a stray foreign word when Chinese stands on both sides
(`[a-z]{2,}` opening with one letter, so that the engine skips to letters)."""
NEIGHBOUR_MARKS = "，。、；：“”"
"""Punctuation that may stand next to a stray word, as Chinese characters may."""


def foreign_words(text: str) -> list[tuple[int, str]]:
    """Lower-case words between Chinese characters or marks, spaces allowed around them (the
    pattern `(?<=[{CJK}…])\\s*\\b([a-z]{2,})\\b\\s*(?=[{CJK}…])`, read around each word:
    that pattern's classes cost 2.7 ms to compile in every process)."""
    found = []
    for m in LOWER_WORD.finditer(text):
        start, end = m.span()
        before, after = start, end
        while before and text[before - 1].isspace():
            before -= 1
        while after < len(text) and text[after].isspace():
            after += 1
        if (
            before
            and after < len(text)
            and _neighbour(text[before - 1])
            and _neighbour(text[after])
            and not (before == start and _is_word(text[start - 1]))
            and not (after == end and _is_word(text[end]))
        ):
            found.append((start, m.group()))
    return found


def _neighbour(ch: str) -> bool:
    """A character that may stand next to a stray word: Chinese, or NEIGHBOUR_MARKS."""
    return is_cjk(ch) or ch in NEIGHBOUR_MARKS


def _is_word(ch: str) -> bool:
    """A character of `\\w` (no word boundary lies between it and a letter)."""
    return ch.isalnum() or ch == "_"


def flag_foreign_words(t: Tracked) -> Outcome:
    """Flag stray lower-case foreign words inside Chinese text (nothing is deleted)."""
    found = foreign_words(t.text)
    words = sorted({w for _, w in found})
    detail = "stray foreign words left in place: " + ", ".join(words[:10])
    return outcome(t, repair("flag_foreign_words", t, [a for a, _ in found], detail, flagged=True))
