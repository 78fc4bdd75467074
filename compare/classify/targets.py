"""Target changed: quantities, years and other numbers compared by value, in any numerals."""

from __future__ import annotations

import re
from collections import Counter

from compare.model import Facts, Revision, RevisionKind
from compare.structure.facts import YEAR, quantities
from compare.structure.numbers import arabic_years, magnitude

DOC_NUMBER = re.compile(r"[〔\[(（]\d{4}[〕\])）]\s*\d+\s*号")
"""A document number such as 中发〔2018〕43号: not a target."""
CROSS_REF = re.compile(r"第[一二三四五六七八九十百零〇两\d]+[条款项章节]")
PLAIN_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def target_values(form: str) -> dict[tuple[str, float, str], str]:
    """Each number of a text (normal form) by value, with how it is written.

    Quantities are scaled to their base unit (5000万千瓦 = 五千万千瓦 = 5e7 千瓦); years and
    any other number count by value too. Repeated values are told apart by a counter.
    """
    form = DOC_NUMBER.sub("", CROSS_REF.sub("", arabic_years(form)))
    found: list[tuple[tuple[str, float, str], str]] = []
    rest = form
    for q in quantities(form):
        value, unit = magnitude(q.value, q.unit)
        found.append((("q", value, unit), q.text))
        rest = rest.replace(q.text, " ", 1)
    for m in YEAR.finditer(rest):
        found.append((("y", float(m.group(1)), "年"), m.group(1) + "年"))
    rest = YEAR.sub(" ", rest)
    found += [(("n", float(m.group()), ""), m.group()) for m in PLAIN_NUMBER.finditer(rest)]
    seen: Counter[tuple[str, float, str]] = Counter()
    out: dict[tuple[str, float, str], str] = {}
    for key, text in found:
        seen[key] += 1
        out[(key[0] + str(seen[key]), key[1], key[2])] = text
    return out


def target_change(old_form: str, new_form: str, fo: Facts, fn: Facts) -> list[Revision]:
    """A numeric target changed (value, unit or year), unless numbers there are unreliable."""
    if not (fo.numbers_reliable and fn.numbers_reliable):
        return []
    before, after = target_values(old_form), target_values(new_form)
    gone = [text for key, text in before.items() if key not in after]
    came = [text for key, text in after.items() if key not in before]
    if not gone and not came:
        return []
    return [
        Revision(
            RevisionKind.TARGET_CHANGED,
            "、".join(gone),
            "、".join(came),
            "numeric target or year changed",
        )
    ]
