"""Stage 2, normalize: a Source to CleanText by a fixed trail of small fixers; and the match key."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from compare.clean import encoding as fixers_encoding
from compare.clean import fixers, trailing
from compare.clean import pdf as fixers_pdf
from compare.clean import web as fixers_web
from compare.clean.tracked import Outcome, Tracked
from compare.model import CleanText, Repair, Source, record

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
    ("cut_trailing_articles", trailing.cut_trailing_articles),
    ("strip_indentation", fixers.strip_indentation),
    ("collapse_blank_lines", fixers.collapse_blank_lines),
    ("join_broken_lines", fixers.join_broken_lines),
    ("restore_displaced_numerals", fixers_pdf.restore_displaced_numerals),
    ("flag_foreign_words", fixers.flag_foreign_words),
)
"""The registry: every fixer by name, in the order they run."""


@record(slots=False)
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
        repairs.extend(with_removed(out.repairs, len(t.text) - len(out.text.text)))
        t = out.text
        if out.cut:
            cut.append(out.cut)
    return CleanText(
        text=t.text,
        origin=t.origin,
        repairs=tuple(repairs),
        cut="\n".join(cut),
        unreliable=_clean_spans(t, unreliable),
    )


def with_removed(repairs: tuple[Repair, ...], removed: int) -> tuple[Repair, ...]:
    """A fixer's repairs with the characters it removed recorded on the first of them.

    A fixer that changed the text's length without a repair leaves the count unrecorded,
    and the accounting test (input = clean + removed) fails: nothing goes unrecorded.
    """
    if not removed or not repairs:
        return repairs
    return (replace(repairs[0], removed=removed), *repairs[1:])


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
