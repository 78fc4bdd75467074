"""Commitment lexicon: actions with their stage order and modifiers that lower or raise them.

The words live in `compare/data/strength.tsv` (documented there and in
docs/classification.md); this module loads them once and scans texts for them.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from compare.model import Strength, record

LEXICON_FILE = Path(__file__).resolve().parents[1] / "data" / "strength.tsv"


@record(slots=False)
class Entry:
    """One lexicon word: an action (with its chain and stage) or a modifier."""

    word: str
    kind: str
    """`action`, `lower` (a hedge such as 逐步) or `raise` (an intensifier such as 加快)."""
    chain: str = ""
    """Chain of stages the action belongs to (`build`: 建立 < 健全 < 完善 < 建成), '' if none."""
    rank: int = 0
    """Stage of the action within its chain (1 = the least committed)."""
    before_action: bool = False
    """True when the word counts only directly before an action (基本建成, not 基本公共服务)."""
    example: str = ""


def load_entries(path: Path = LEXICON_FILE) -> dict[str, Entry]:
    """The lexicon file's entries by word (`#` lines are comments)."""
    with path.open(encoding="utf-8") as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
        return {r["word"]: entry_of(r) for r in rows}


def entry_of(row: dict[str, str]) -> Entry:
    """One entry from one row of the lexicon file."""
    return Entry(
        word=row["word"],
        kind=row["kind"],
        chain=row["chain"] or "",
        rank=int(row["rank"] or 0),
        before_action=row["before"] == "action",
        example=row["example"] or "",
    )


ENTRIES: dict[str, Entry] = load_entries()
"""Every lexicon word with its entry (simplified script)."""

LEVEL = {"lower": Strength.WEAK, "action": Strength.MODERATE, "raise": Strength.STRONG}
STRENGTH_WORDS: dict[str, Strength] = {w: LEVEL[e.kind] for w, e in ENTRIES.items()}
"""Every lexicon word with its strength: hedges weak, actions moderate, intensifiers strong."""

ACTION_WORDS: frozenset[str] = frozenset(STRENGTH_WORDS)
"""Words whose presence makes a clause a commitment rather than a description."""

VERBS: frozenset[str] = frozenset(w for w, e in ENTRIES.items() if e.kind == "action")
"""The action words proper (no modifier)."""

NOUN_PRONE = frozenset({"发展", "建设"})
"""Action words so often used as nouns (`区域协调发展`) that they count only in verb position."""

VERB_LEAD = frozenset(
    {"加快", "大力", "着力", "积极", "重点", "优先", "稳步", "培育", "鼓励", "支持"}
)
"""Words after which a noun-prone word is read as a verb (`重点发展`, `加快建设`)."""

ACTION_PATTERN = re.compile(
    "|".join(sorted(map(re.escape, ACTION_WORDS | VERB_LEAD), key=lambda w: (-len(w), w)))
)
"""Longest-first alternation of action and verb-lead words, for one left-to-right scan (words
of one length in a fixed order: the same pattern in every run, see `cli.patterns`)."""


def strength_of(word: str) -> Strength:
    """Strength of one lexicon word (Strength.NONE for a word outside the lexicon)."""
    return STRENGTH_WORDS.get(word, Strength.NONE)


def strongest(words: tuple[str, ...] | list[str]) -> Strength:
    """The strongest strength among words (Strength.NONE when empty)."""
    get = STRENGTH_WORDS.get
    return max((get(w, Strength.NONE) for w in words), default=Strength.NONE)


def lexicon_words(text: str) -> list[Entry]:
    """The lexicon words of a text (simplified script) in reading order, longest first."""
    return [e for e, _ in lexicon_hits(text)]


def lexicon_hits(text: str) -> list[tuple[Entry, int]]:
    """Each lexicon word of a text with the offset where it ends, in reading order.

    A word marked `before: action` counts only when an action word follows it directly.
    """
    found: list[tuple[Entry, int]] = []
    for m in ACTION_PATTERN.finditer(text):
        entry = ENTRIES.get(m.group(0))
        if entry is None:
            continue
        if entry.before_action and not starts_action(text, m.end()):
            continue
        found.append((entry, m.end()))
    return found


def starts_action(text: str, at: int) -> bool:
    """True when an action word (or another modifier) starts at offset `at`."""
    m = ACTION_PATTERN.match(text, at)
    return bool(m) and m.group(0) in ENTRIES
