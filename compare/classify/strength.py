"""Strengthened or weakened: hedges and intensifiers added or removed, actions moved a stage."""

from __future__ import annotations

from dataclasses import dataclass

from compare.model import Revision, RevisionKind
from compare.structure.lexicon import ENTRIES, Entry, lexicon_words

DIRECTION_WORDS = {"lower": "lowers", "raise": "raises"}


@dataclass(frozen=True)
class Signal:
    """One piece of evidence about strength: +1 stronger, -1 weaker."""

    sign: int
    old: str
    """The word removed ('' when only a word was added)."""
    new: str
    """The word added ('' when only a word was removed)."""
    why: str


def strength_change(old_form: str, new_form: str) -> list[Revision]:
    """Strengthened or weakened, from the lexicon words one side has and the other lacks.

    Both texts are in normal form (simplified script, variants folded), so a change of
    script is no change of words. Words are compared by presence, not place or count: a word
    that moved, or is still there once, is neither removed nor added.
    """
    old_words = dict.fromkeys(e.word for e in lexicon_words(old_form))
    new_words = dict.fromkeys(e.word for e in lexicon_words(new_form))
    removed = [ENTRIES[w] for w in old_words if w not in new_words]
    added = [ENTRIES[w] for w in new_words if w not in old_words]
    signals = modifier_signals(removed, added) + stage_signals(removed, added)
    net = sum(s.sign for s in signals)
    if net == 0:
        return []
    kind = RevisionKind.STRENGTHENED if net > 0 else RevisionKind.WEAKENED
    old = "、".join(dict.fromkeys(s.old for s in signals if s.old))
    new = "、".join(dict.fromkeys(s.new for s in signals if s.new))
    return [Revision(kind, old, new, "; ".join(s.why for s in signals))]


def modifier_signals(removed: list[Entry], added: list[Entry]) -> list[Signal]:
    """A hedge added weakens and removed strengthens; the reverse for an intensifier."""
    out = []
    for e in removed:
        if e.kind in DIRECTION_WORDS:
            sign = 1 if e.kind == "lower" else -1
            out.append(Signal(sign, e.word, "", f"{e.word} ({DIRECTION_WORDS[e.kind]}) removed"))
    for e in added:
        if e.kind in DIRECTION_WORDS:
            sign = -1 if e.kind == "lower" else 1
            out.append(Signal(sign, "", e.word, f"{e.word} ({DIRECTION_WORDS[e.kind]}) added"))
    return out


def stage_signals(removed: list[Entry], added: list[Entry]) -> list[Signal]:
    """An action replaced by a later (stronger) or earlier stage of its chain."""
    out = []
    for chain in sorted({e.chain for e in added if e.chain}):
        before = max((e for e in removed if e.chain == chain), key=stage, default=None)
        after = max((e for e in added if e.chain == chain), key=stage, default=None)
        if before is None or after is None or before.rank == after.rank:
            continue
        sign = 1 if after.rank > before.rank else -1
        step = "later" if sign > 0 else "earlier"
        out.append(
            Signal(sign, before.word, after.word, f"{before.word} → {after.word} ({step} stage)")
        )
    return out


def stage(e: Entry) -> int:
    """An action's stage in its chain."""
    return e.rank
