"""Target changed: quantities, years and other numbers compared by value, in any numerals."""

from __future__ import annotations

import re

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
    form = without_references(arabic_years(form))
    found: list[tuple[tuple[str, float, str], str]] = []
    rest = form
    for q in quantities(form):
        value, unit = magnitude(q.value, q.unit)
        found.append((("q", value, unit), q.text))
        rest = rest.replace(q.text, " ", 1)
    if "年" in rest:  # no year without it: two scans of the text spared
        for m in YEAR.finditer(rest):
            found.append((("y", float(m.group(1)), "年"), m.group(1) + "年"))
        rest = YEAR.sub(" ", rest)
    found += [(("n", float(m.group()), ""), m.group()) for m in PLAIN_NUMBER.finditer(rest)]
    return counted(found)


def without_references(form: str) -> str:
    """A text without the articles it cites (第十二条) and the document numbers it names
    (〔2018〕43号), each pattern tried only where the character it needs is there."""
    if "第" in form:
        form = CROSS_REF.sub("", form)
    return DOC_NUMBER.sub("", form) if "号" in form else form


def counted(
    found: list[tuple[tuple[str, float, str], str]],
) -> dict[tuple[str, float, str], str]:
    """Each value by key with how it is written, a repeated key told apart by its count
    (`q1`, `q2`; counted in a plain dict: `Counter` calls Python for every new key)."""
    seen: dict[tuple[str, float, str], int] = {}
    out: dict[tuple[str, float, str], str] = {}
    for key, text in found:
        n = seen[key] = seen.get(key, 0) + 1
        out[(key[0] + str(n), key[1], key[2])] = text
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
