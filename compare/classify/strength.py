"""Strengthened or weakened: hedges and intensifiers added or removed, actions moved a stage."""

from __future__ import annotations

from collections.abc import Sequence

from compare.align.tokens import tokens
from compare.model import Revision, RevisionKind, record
from compare.structure.lexicon import ACTION_PATTERN, ENTRIES, Entry, lexicon_hits

DIRECTION_WORDS = {"lower": "lowers", "raise": "raises"}


@record(slots=False)
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
    old_hits, new_hits = lexicon_hits(old_form), lexicon_hits(new_form)
    old_words = dict.fromkeys(e.word for e, _ in old_hits)
    new_words = dict.fromkeys(e.word for e, _ in new_hits)
    removed = [ENTRIES[w] for w in old_words if w not in new_words]
    added = [ENTRIES[w] for w in new_words if w not in old_words]
    removed = [
        e for e in removed if e.kind == "action" or modifies_kept(e, old_form, new_form, old_hits)
    ]
    added = [
        e for e in added if e.kind == "action" or modifies_kept(e, new_form, old_form, new_hits)
    ]
    signals = modifier_signals(removed, added) + stage_signals(removed, added)
    net = sum(s.sign for s in signals)
    if net == 0:
        return []
    kind = RevisionKind.STRENGTHENED if net > 0 else RevisionKind.WEAKENED
    old = "、".join(dict.fromkeys(s.old for s in signals if s.old))
    new = "、".join(dict.fromkeys(s.new for s in signals if s.new))
    return [Revision(kind, old, new, "; ".join(s.why for s in signals))]


def modifies_kept(
    entry: Entry, own: str, other: str, hits: Sequence[tuple[Entry, int]] | None = None
) -> bool:
    """True when a modifier bears on something the other side still says.

    The head is the word right after the modifier (稳步|实施, 可以|处, 加快|建设): a hedge
    dropped along with the action it hedged (a sentence cut down to one of its parts)
    says nothing about how firmly the rest is meant. `hits`: `lexicon_hits(own)`, when
    already found.
    """
    hits = lexicon_hits(own) if hits is None else hits
    return any(e.word == entry.word and head(own, end) in other for e, end in hits)


def head(text: str, at: int) -> str:
    """The word a modifier ending at `at` bears on: the action that follows, else the next
    word; the rest of the text when nothing follows."""
    m = ACTION_PATTERN.match(text, at)
    if m and m.group(0) in ENTRIES:
        return m.group(0)
    words = tokens(text[at : at + 12])
    return words[0] if words and words[0].strip() else "\0"


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
