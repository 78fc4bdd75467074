"""Encoding-damage fixers: GBK text re-decoded one byte off, and damage that cannot be repaired."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import cache, lru_cache
from hashlib import blake2b
from itertools import compress
from pathlib import Path
from typing import NamedTuple

from compare.clean.fixers import TONED, is_cjk, pinyin_pattern
from compare.clean.keys import to_simplified
from compare.clean.tracked import (
    Keep,
    Outcome,
    Put,
    Tracked,
    outcome,
    repair,
    rewrite,
    scan,
)

WORDS = Path(__file__).resolve().parents[1] / "data" / "words.txt"
"""The word list the tokenizer also uses (frequencies decide between repair candidates)."""

SHIFTED = re.compile(r"(?<!\?)\?\?([^\x00-\x7f]{1,40}?[\x21-\x7e])")
"""`??` then a garbled run up to the first ASCII character, where the decoder fell back in step."""
SHIFTED_FIRST = re.compile(r"\?")
READING_TAIL = re.compile(rf"[a-z{TONED}]{{1,7}}\)")
"""A pinyin reading whose opening parenthesis was lost with the damaged bytes."""
READING = re.compile(rf"\([a-z{TONED}]{{1,7}}\)")
FULL_STOP = "。"
"""`??` stands for the bytes A1 A3 (。) and the lead byte of the next character."""
BAD_CHARS = re.compile(r"[\ue000-\uefff\uf100-\uf8ff\ufffd]")
"""Private-use or replacement characters: bytes no codec mapped to a real character."""
STRAY_MARK = re.compile(r"\?(?<=[^\x00-\x7f]\?)(?=[^\x00-\x7f(])")
"""A `?` inside Chinese text: damage, but only where the text shows damage elsewhere too
(a half-width question mark is also written this way). The `?` comes first in the pattern,
so the scan jumps from one `?` to the next instead of testing the lookbehind everywhere."""
MARKED = re.compile(rf"(?<=[^\x00-\x7f])\?\?|\?[a-z{TONED}]{{0,6}}[{TONED}]")
"""With BAD_CHARS, damage for certain: bad characters, `??`, or a reading whose bracket became
`?` (two patterns: their ranges of private-use characters, walked one by one, cost 0.5 ms
to compile in every process)."""


def repair_gbk_offset(t: Tracked) -> Outcome:
    """Re-decode GBK runs that were decoded one byte off (`??绯鞘虚g` becomes `。跨城市間`)."""
    runs: list[tuple[str, bool]] = []
    memo: dict[Shifted, tuple[str, bool]] = {}
    shifted_at = next(scan(SHIFTED, SHIFTED_FIRST, t.text), None)
    plain = pinyin_pattern().sub("", t.text) if shifted_at else ""

    def fix(m: re.Match[str]) -> list[Keep | Put] | None:
        shifted = decode_shifted(m.group(1), t.text[m.end() : m.end() + 12])
        if shifted is None:
            return None
        if shifted not in memo:
            memo[shifted] = restore_run(shifted, plain if len(memo) < MAX_GUESSES else None)
        text, complete = memo[shifted]
        runs.append((f"{m.group()}→{text}", complete))
        return [Put(text, t.src_at(m.start()))]

    new, pos = rewrite(t, SHIFTED, fix, SHIFTED_FIRST)
    lost = [(p, run) for p, (run, complete) in zip(pos, runs, strict=True) if not complete]
    return outcome(
        new,
        repair("repair_gbk_offset", t, pos, "GBK bytes re-decoded: " + _some(r for r, _ in runs)),
        repair(
            "gbk_bytes_lost",
            t,
            [p for p, _ in lost],
            "bytes lost, characters missing: " + _some(r for _, r in lost),
            flagged=True,
        ),
    )


MAX_GUESSES = 200
"""Lost characters are guessed for this many distinct runs; beyond, they are reported lost."""


def _some(items: Iterable[str], limit: int = 10) -> str:
    """The first few items, joined, with a count of the rest."""
    items = list(items)
    more = f" (and {len(items) - limit} more)" if len(items) > limit else ""
    return "; ".join(items[:limit]) + more


class Shifted(NamedTuple):
    """A garbled run re-decoded: what the bytes give, and what is known of the lost characters."""

    middle: str
    """The characters the bytes give back."""
    right: str
    """Text after the run, without readings (context for guesses)."""
    lost_lead_of: int
    """Trail byte whose lead byte was lost (the character before `middle`)."""
    lost_trail_of: int | None
    """Lead byte whose trail byte was lost (the character after `middle`), if any."""
    reopen: bool
    """True when the `(` of a reading went with the lost bytes."""


@lru_cache(maxsize=4096)
def decode_shifted(run: str, after: str) -> Shifted | None:
    """Drop the orphan first byte of a garbled run and decode the rest, or None if not GBK."""
    try:
        raw = run.encode("gb18030")
    except UnicodeEncodeError:
        return None
    tail_lost = run.endswith("?")
    body = raw[1:-1] if tail_lost else raw[1:]
    orphan = None
    if tail_lost and body and _is_orphan_lead(body):
        body, orphan = body[:-1], body[-1]
    try:
        middle = body.decode("gb18030")
    except UnicodeDecodeError:
        return None
    if not middle or not all(is_cjk(c) or "!" <= c <= "~" or c in "，。、；：" for c in middle):
        return None
    right = READING.sub("", READING_TAIL.sub("", after, count=1) if tail_lost else after)
    reopen = tail_lost and bool(READING_TAIL.match(after))
    return Shifted(middle, right, raw[0], orphan, reopen)


def restore_run(s: Shifted, document: str | None) -> tuple[str, bool]:
    """The repaired text and whether every character was recovered (None: guess nothing)."""
    first = last = ""
    if document is not None:
        leads = _leads_for(s.lost_lead_of)
        first = _vote(document, leads, (s.middle + s.right)[:2], before=True) or guess_char(
            leads, "", s.middle + s.right
        )
        if s.lost_trail_of is not None:
            trails = _trails_for(s.lost_trail_of)
            last = _vote(document, trails, (first + s.middle)[-2:], before=False) or guess_char(
                trails, s.middle, s.right
            )
    text = FULL_STOP + first + s.middle + last + ("(" if s.reopen else "")
    return text, bool(first) and (bool(last) or s.lost_trail_of is None)


MAX_VOTES = 10_000
"""Occurrences of a context read when the document votes for a lost character."""


def _vote(document: str, candidates: tuple[str, ...], anchor: str, before: bool) -> str:
    """The candidate the document itself writes next to anchor, if it clearly prefers one."""
    wanted = set(candidates)
    votes: Counter[str] = Counter()
    for n, m in enumerate(re.finditer(re.escape(anchor), document) if anchor else ()):
        i = m.start() - 1 if before else m.end()
        if 0 <= i < len(document) and document[i] in wanted:
            votes[document[i]] += 1
        if n >= MAX_VOTES:
            break
    ranked = votes.most_common(2)
    if not ranked or (len(ranked) > 1 and ranked[1][1] * 4 > ranked[0][1]):
        return ""
    return ranked[0][0]


def _is_orphan_lead(body: bytes) -> bool:
    """True when the last byte is a GBK lead byte left without its trail byte."""
    try:
        body.decode("gb18030")
    except UnicodeDecodeError:
        return 0x81 <= body[-1] <= 0xFE
    return False


@cache
def _leads_for(trail: int) -> tuple[str, ...]:
    """Characters whose GBK trail byte is `trail` (candidates for a lost lead byte)."""
    return _decode_pairs((lead, trail) for lead in range(0x81, 0xFF))


@cache
def _trails_for(lead: int) -> tuple[str, ...]:
    """Characters whose GBK lead byte is `lead` (candidates for a lost trail byte)."""
    return _decode_pairs((lead, trail) for trail in range(0x40, 0xFF))


def _decode_pairs(pairs: Iterable[tuple[int, int]]) -> tuple[str, ...]:
    out = []
    for pair in pairs:
        try:
            ch = bytes(pair).decode("gbk")
        except UnicodeDecodeError:
            continue
        if is_cjk(ch):
            out.append(ch)
    return tuple(out)


def guess_char(candidates: tuple[str, ...], left: str, right: str) -> str:
    """The candidate that makes the likeliest word sequence with its neighbours, else ''."""
    texts = {ch: to_simplified(left[-2:] + ch + right[:4]) for ch in candidates}
    words, total = _scoring_words(set("".join(texts.values())))
    if not total:
        return ""
    log_total = math.log(total)
    scores = {ch: _segment_score(text, words, log_total) for ch, text in texts.items()}
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    if not ranked or (len(ranked) > 1 and ranked[0][1] - ranked[1][1] < MARGIN):
        return ""
    return ranked[0][0]


MARGIN = math.log(4)
"""The best candidate must be this much likelier (log scale) than the next one."""


def _segment_score(text: str, words: Mapping[str, int], log_total: float) -> float:
    """Log-probability of the best segmentation of text into dictionary words (unigram model;
    `words` holds at least every listed word that begins with a character of text)."""
    unknown = -log_total - 10.0
    best = [0.0] + [-math.inf] * len(text)
    for end in range(1, len(text) + 1):
        for start in range(max(0, end - 4), end):
            freq = words.get(text[start:end], 0)
            if freq or end - start == 1:
                score = math.log(freq) - log_total if freq else unknown
                best[end] = max(best[end], best[start] + score)
    return best[-1]


MAX_WORD = 4
"""The longest words the guesses look up (and count in the total)."""


@cache
def _total() -> int:
    """The frequencies of the dictionary's words summed (words up to four characters)."""
    words = _dictionary()
    return sum(compress(words.values(), map(MAX_WORD.__ge__, map(len, words))))


@cache
def _dictionary() -> dict[str, int]:
    """Word frequencies from the word list the tokenizer uses (one `word freq tag` a line).

    Only words up to four characters are looked up and counted in the total; the longer ones
    are kept too, as leaving them out would cost more than it saves: the file is split once,
    not line by line (0.06 → 0.03 s, once per process that guesses a lost character)."""
    fields = WORDS.read_text(encoding="utf-8").split()
    return dict(zip(fields[0::3], map(int, fields[1::3]), strict=True))


SHIPPED_WORDS = ("c43531c17da34d991eed5b2037fa6eef", 57_730_699)
"""The shipped word list's digest (blake2b, 16 bytes) and its total as `_total` sums it. With
that list a guess reads only the lines of the words that can begin in what it scores, not
all 50,000 words (0.025 s in every process that guesses once or twice, both sides of a
damaged pair); any other list is read whole. `tests/test_parse_speedups.py` holds both."""

_SCORED: dict[str, int] = {}
"""Frequencies of the shipped list's words read so far, for the first characters in `_READ`."""
_READ: set[str] = set()


def _scoring_words(chars: set[str]) -> tuple[Mapping[str, int], int]:
    """Frequencies holding every listed word up to MAX_WORD characters that begins with one of
    `chars` (others may be there too), and the list's total; read once per character."""
    listed = _shipped_list()
    if listed is None:
        words = _dictionary()
        return words, _total() if words else 0
    new = "".join(sorted(c for c in chars - _READ if not c.isspace()))  # no word begins so
    if new:
        _SCORED.update(_listed_from(listed, new))
        _READ.update(new)
    return _SCORED, SHIPPED_WORDS[1]


def _listed_from(listed: str, first: str) -> dict[str, int]:
    """The words up to MAX_WORD characters (and their frequencies) of a word list whose lines
    are all `word freq tag` (`listed`: its text after a line break), beginning with a
    character of `first`."""
    line = "\n([" + "".join(map(re.escape, first)) + rf"][^\s]{{0,{MAX_WORD - 1}}}) (\d+) "
    return {word: int(freq) for word, freq in re.findall(line, listed)}


@cache
def _shipped_list() -> str | None:
    """The word list's text after a line break when it is the one shipped, else None."""
    raw = WORDS.read_bytes()
    if blake2b(raw, digest_size=16).hexdigest() != SHIPPED_WORDS[0]:
        return None
    return "\n" + raw.decode("utf-8")


def flag_encoding_damage(t: Tracked) -> Outcome:
    """Flag damaged text that no fixer could repair (left in place)."""
    found = list(BAD_CHARS.finditer(t.text))
    if BAD_CHARS.search(t.source) or MARKED.search(t.source):
        found = sorted(found + list(STRAY_MARK.finditer(t.text)), key=lambda m: m.start())
    samples = sorted({t.text[max(0, m.start() - 4) : m.end() + 4] for m in found})[:5]
    detail = "undecodable or garbled bytes, e.g. " + " | ".join(samples)
    return outcome(
        t, repair("flag_encoding_damage", t, [m.start() for m in found], detail, flagged=True)
    )
