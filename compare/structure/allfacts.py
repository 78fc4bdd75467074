"""Facts of many clauses at once: each pattern runs once over all their texts, joined.

A clause's reading form never holds a line break, and the patterns below cannot match one
(their `\\s` and negated classes leave it out), so every match lies inside one clause, and a
look-around at a clause's edge sees a line break where the clause alone has its start or end,
which no pattern here tells apart. The facts are those of `facts_of_form`, clause by clause
(`tests/test_allfacts.py` holds them equal); the regex engine is entered a dozen times for
the whole document instead of a dozen times per clause.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence

from compare.model import Facts, Quantity
from compare.structure.facts import (
    FORWARD,
    QUANTITY,
    RETROSPECTIVE,
    TARGET_SENTENCE,
    TARGET_YEAR,
    YEAR,
    agencies,
    facts_of_form,
    fold,
    target_year,
    with_years,
)
from compare.structure.lexicon import (
    ACTION_PATTERN,
    ACTION_WORDS,
    ENTRIES,
    NOUN_PRONE,
    VERB_LEAD,
    starts_action,
    strongest,
)
from compare.structure.numbers import arabic_years, chinese_quantities

BEFORE_ACTION = frozenset(w for w, e in ENTRIES.items() if e.before_action)
"""Words that count only directly before an action word (基本建成, not 基本公共服务)."""

NEVER, IN_VERB_POSITION, ALWAYS = 0, 1, 2
"""When a word the action pattern finds counts as an action of its clause."""
KINDS = {
    w: (
        w,
        w in BEFORE_ACTION,
        ALWAYS if w in ACTION_WORDS and w not in NOUN_PRONE else int(w in ACTION_WORDS),
        w in VERB_LEAD,
    )
    for w in ACTION_WORDS | VERB_LEAD
}
"""What the one-pass reading needs of each word the action pattern finds, in one look-up: the
word itself (held once, so that clauses share the lexicon's strings rather than copies cut from
their text), whether it counts only before an action, when it counts, and whether a noun-prone
word after it is in verb position."""

SEPARATOR = "\n"
"""What joins the clause forms: no form holds it, and no pattern below matches it."""


def one_line(pattern: re.Pattern[str] | str) -> re.Pattern[str]:
    """The pattern (compiled or its source) unable to match a line break (`\\s` and `[^…]`
    leave it out); the same pattern on any text without one."""
    source, flags = (pattern, 0) if isinstance(pattern, str) else (pattern.pattern, pattern.flags)
    if re.search(r"\\[DWS]|\(\?[a-z]*s", source):
        raise ValueError(f"cannot keep this pattern to one line: {source}")
    return re.compile(source.replace("[^", r"[^\n").replace(r"\s", r"[^\S\n]"), flags)


QUANTITY_LINE = one_line(QUANTITY)
YEAR_LINE = one_line(YEAR)
TARGET_YEAR_LINE = one_line(TARGET_YEAR)
RETROSPECTIVE_LINE = one_line(RETROSPECTIVE)
TARGET_SENTENCE_LINE = one_line(TARGET_SENTENCE)
AGENCY_WORD = re.compile("牵头|负责")
"""What a clause must hold for `agencies` to find any (it returns none at once otherwise)."""

Found = tuple[int, str, float, str]
"""A quantity as found: (offset, text, value, unit)."""


def facts_of_forms(forms: Sequence[str]) -> list[Facts]:
    """facts_of_form of every clause form, each pattern run once over all of them."""
    if not forms:
        return []
    joined = SEPARATOR.join(forms)
    if joined.count(SEPARATOR) != len(forms) - 1:
        return [facts_of_form(f) for f in forms]
    starts = _starts(forms)
    raw = arabic_years(joined)
    folded = fold(raw)
    words = _actions(raw, starts, forms)
    looks_back = _clauses_with(RETROSPECTIVE_LINE, raw, starts)
    targets = _clauses_with(TARGET_SENTENCE_LINE, raw, starts)
    noted = _clauses_with(AGENCY_WORD, raw, starts)
    found = _quantities(folded, starts)
    years = _target_years(folded, starts, forms)
    made: dict[tuple, Facts] = {}
    out: list[Facts] = []
    nobody: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
    for k, start in enumerate(starts):
        lead, cooperating = agencies(_form(raw, start, forms[k])) if k in noted else nobody
        retro = k in looks_back and not re.search(FORWARD, _form(raw, start, forms[k]))
        said = words[k]
        commitment = not retro and (bool(said) or k in targets)
        key = (lead, cooperating, found.get(k, ()), years.get(k, ()), commitment, said, retro)
        facts = made.get(key)
        if facts is None:
            facts = made[key] = _facts(*key)
        out.append(facts)
    return out


def _form(raw: str, start: int, form: str) -> str:
    """A clause's form as the joined text reads it (its Chinese years as digits), cut only for
    the few clauses whose agencies or look back are read from it."""
    return raw[start : start + len(form)]


def _facts(
    lead: tuple[str, ...],
    cooperating: tuple[str, ...],
    quantities: tuple[Quantity, ...],
    years: tuple[int, ...],
    commitment: bool,
    actions: tuple[str, ...],
    retrospective: bool,
) -> Facts:
    """One Facts (clauses that read alike share it)."""
    return Facts(
        lead=lead,
        cooperating=cooperating,
        quantities=quantities,
        years=years,
        commitment=commitment,
        strength=strongest(actions),
        actions=actions,
        retrospective=retrospective,
    )


def _starts(forms: Sequence[str]) -> list[int]:
    """Offset of each form in the joined text."""
    starts: list[int] = []
    at = 0
    for form in forms:
        starts.append(at)
        at += len(form) + len(SEPARATOR)
    return starts


def _by_clause(
    matches: Iterator[re.Match[str]], starts: list[int]
) -> Iterator[tuple[int, re.Match[str]]]:
    """Each match with the index of the clause it lies in."""
    for m in matches:
        yield bisect_right(starts, m.start()) - 1, m


def _clauses_with(pattern: re.Pattern[str], text: str, starts: list[int]) -> set[int]:
    """Indices of the clauses where pattern matches."""
    return {k for k, _ in _by_clause(pattern.finditer(text), starts)}


def _actions(text: str, starts: list[int], forms: Sequence[str]) -> list[tuple[str, ...]]:
    """The action words of every clause, as facts.actions reads them (on the form without its
    leading spaces)."""
    found: list[list[str]] = [[] for _ in starts]
    clause, first, bound, prev_end, prev_leads = -1, 0, -1, -1, False
    end_of = [*starts[1:], len(text) + 1]
    for m in ACTION_PATTERN.finditer(text):
        at, end = m.span()
        if at >= bound:
            clause = bisect_right(starts, at) - 1
            form = forms[clause]
            first = starts[clause] + (len(form) - len(form.lstrip()) if form[:1].isspace() else 0)
            bound, prev_end, prev_leads = end_of[clause], -1, False
        word, before, counts, leads = KINDS[m[0]]
        if before and not starts_action(text, end):
            prev_end, prev_leads = end, leads
            continue
        if counts == ALWAYS or (counts and (at == first or (at == prev_end and prev_leads))):
            found[clause].append(word)
        prev_end, prev_leads = end, leads
    return [tuple(words) for words in found]


def _target_years(text: str, starts: list[int], forms: Sequence[str]) -> dict[int, tuple[int, ...]]:
    """Target years of the clauses that name any, in order, without repeats."""
    years: dict[int, list[int]] = {}
    for k, m in _by_clause(TARGET_YEAR_LINE.finditer(text), starts):
        years.setdefault(k, []).append(target_year(m))
    return {k: tuple(dict.fromkeys(v)) for k, v in years.items() if "年" in forms[k]}


def _quantities(text: str, starts: list[int]) -> dict[int, tuple[Quantity, ...]]:
    """Quantities of the clauses that hold any, each tied to the last year named before it in
    its clause."""
    found: dict[int, list[Found]] = {}
    for k, m in _by_clause(QUANTITY_LINE.finditer(text), starts):
        value = float(m.group(1).replace(",", ""))
        found.setdefault(k, []).append((m.start(), m.group(0), value, m.group(2)))
    if not text.isascii():
        chinese: dict[int, list[Found]] = {}
        for q in chinese_quantities(text):
            chinese.setdefault(bisect_right(starts, q[0]) - 1, []).append(q)
        for k, more in chinese.items():
            found[k] = sorted(found.get(k, []) + more)
    year_at: dict[int, list[tuple[int, int]]] = {}
    for k, m in _by_clause(YEAR_LINE.finditer(text), starts):
        year_at.setdefault(k, []).append((m.start(), int(m.group(1))))
    return {k: with_years(items, year_at.get(k, [])) for k, items in found.items()}
