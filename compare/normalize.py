"""Stage 2, normalize: a Source to CleanText by a fixed trail of small fixers; and the match key."""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from compare import fixers, fixers_encoding, fixers_pdf, fixers_web
from compare.model import CleanText, Repair, Source
from compare.tracked import Outcome, Tracked

Fixer = Callable[[Tracked], Outcome]

FIXERS: tuple[tuple[str, Fixer], ...] = (
    ("fix_line_endings", fixers.fix_line_endings),
    ("remove_invisible_chars", fixers.remove_invisible_chars),
    ("repair_gbk_offset", fixers_encoding.repair_gbk_offset),
    ("strip_pinyin", fixers.strip_pinyin),
    ("flag_encoding_damage", fixers_encoding.flag_encoding_damage),
    ("normalize_spaces", fixers.normalize_spaces),
    ("drop_page_numbers", fixers_pdf.drop_page_numbers),
    ("drop_web_furniture", fixers_web.drop_web_furniture),
    ("break_at_symbol_bullets", fixers_pdf.break_at_symbol_bullets),
    ("split_glued_headings", fixers_pdf.split_glued_headings),
    ("drop_toc", fixers_pdf.drop_toc),
    ("cut_trailing_articles", fixers_web.cut_trailing_articles),
    ("strip_indentation", fixers.strip_indentation),
    ("collapse_blank_lines", fixers.collapse_blank_lines),
    ("join_broken_lines", fixers.join_broken_lines),
    ("restore_displaced_numerals", fixers_pdf.restore_displaced_numerals),
    ("flag_foreign_words", fixers.flag_foreign_words),
)
"""The registry: every fixer by name, in the order they run."""


@dataclass(frozen=True)
class CleanConfig:
    """Which fixers run (all by default); an immutable switchboard like ftfy's config."""

    skip: frozenset[str] = frozenset()
    """Names of fixers to leave out."""


SECONDARY = {
    "gbk_bytes_lost": "repair_gbk_offset",
    "flag_displaced_numerals": "restore_displaced_numerals",
}
"""Repair kinds recorded by a fixer of another name."""


def plan(clean: CleanText) -> CleanConfig:
    """The config that replays only the fixers whose repairs are in the trail (ftfy's plan)."""
    used = {SECONDARY.get(r.kind, r.kind) for r in clean.repairs}
    return CleanConfig(skip=frozenset(name for name, _ in FIXERS if name not in used))


def normalize(source: Source, config: CleanConfig | None = None) -> CleanText:
    """Clean a decoded source; every clean character keeps its source offset."""
    config = config or CleanConfig()
    t = Tracked.of(source.text)
    repairs: list[Repair] = []
    cut: list[str] = []
    unreliable: list[tuple[int, int]] = []
    for name, fixer in FIXERS:
        if name in config.skip:
            continue
        out = fixer(t)
        unreliable.extend(_source_ranges(out.text, out.unreliable))
        t = out.text
        repairs.extend(out.repairs)
        if out.cut:
            cut.append(out.cut)
    return CleanText(
        text=t.text,
        origin=t.origin,
        repairs=tuple(repairs),
        cut="\n".join(cut),
        unreliable=_clean_spans(t, unreliable),
    )


def _source_ranges(t: Tracked, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Clean spans of t as source ranges (so later fixers cannot shift them)."""
    return [(t.src_at(a), t.src_at(b - 1) + 1) for a, b in spans if b > a]


def _clean_spans(t: Tracked, ranges: Sequence[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Source ranges back to spans of the final text (origin is non-decreasing but for moves)."""
    spans = set()
    for lo, hi in ranges:
        a = bisect_left(t.origin, lo)
        b = bisect_left(t.origin, hi, lo=a)
        if b > a:
            spans.add((a, b))
    return tuple(sorted(spans))


# ---------------------------------------------------------------- comparison key

WIDTH_TABLE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {
    0x3000: 0x20,
    0xFFE0: 0xA2,
    0xFFE1: 0xA3,
    0xFFE5: 0xA5,
}
"""Full-width ASCII forms to their half-width letters (explicit: no NFKC of CJK punctuation)."""

_converter = None
_lock = threading.Lock()


def _t2s():
    """The one OpenCC traditional-to-simplified converter, created on first use."""
    global _converter
    if _converter is None:
        with _lock:
            if _converter is None:
                import opencc

                _converter = opencc.OpenCC("t2s")
    return _converter


def to_simplified(text: str) -> str:
    """Traditional characters to simplified (OpenCC t2s)."""
    return _t2s().convert(text) if text else text


def fold_widths(text: str) -> str:
    """Full-width letters, digits and punctuation to half width."""
    return text.translate(WIDTH_TABLE)


def comparison_key(text: str) -> str:
    """Matching key: simplified script, widths folded, whitespace removed."""
    return "".join(fold_widths(to_simplified(text)).split())


def comparison_keys(texts: Sequence[str]) -> list[str]:
    """Keys for many clauses at once (one script conversion for all the distinct ones)."""
    if not texts or any("\n" in t for t in texts):
        return [comparison_key(t) for t in texts]
    distinct = list(dict.fromkeys(texts))
    converted = fold_widths(to_simplified("\n".join(distinct))).split("\n")
    if len(converted) != len(distinct):
        return [comparison_key(t) for t in texts]
    key_of = {t: "".join(c.split()) for t, c in zip(distinct, converted, strict=True)}
    return [key_of[t] for t in texts]
