"""Facts of one clause: lead and cooperating agencies, quantities, target years, commitment."""

from __future__ import annotations

import re
from dataclasses import replace

from compare.clean.keys import to_simplified  # the one t2s converter (3.5 ms to build)
from compare.model import Facts, Quantity
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

WIDTHS = str.maketrans(
    "（）０１２３４５６７８９．％，：；", "()0123456789.%,:;"
)  # fmt: skip
"""Full-width forms folded before parsing (the fact texts are reported in this folded form)."""
NARROWER = {chr(wide): chr(narrow) for wide, narrow in WIDTHS.items()}

AGENCY_GROUP = re.compile(r"\(([^()]{2,400}?)(牵头|负责)(?:[,;、]\s*([^()]{1,600}?)配合)?\)")
"""`(A牵头，B、C和D配合)` or `(A负责)`; parentheses already folded to half width."""

AGENCY_SUFFIX = (
    r"(?:委|厅|局|办|部|署|会|行|司|关|院|团|社|所|室|处|站|中心|公司|市|盟|旗|县|区|府|组)$"
)
"""How an agency name ends: lets `经济和信息化委` stay whole while `环保厅和电力监管办` splits
(compiled on first use, by `re`'s cache: only a text with agency notes needs it)."""

MULTIPLIER = r"(?:万亿|千亿|百亿|亿|千万|百万|万|千)"
UNITS = (
    "个百分点|百分点|%|‰|平方公里|平方米|立方米|公里|千米|千瓦时|千瓦|兆瓦|吉瓦|瓦|千伏|伏|"
    "吨标准煤|吨|公斤|千克|公顷|亩|元|美元|人次|人|户|名|家|所|个|项|座|条|张|台|辆|套|次|倍|"
    "标箱|间|处|批|部|床|棵|株|头|只|口|米"
)
QUANTITY = re.compile(
    rf"(\d(?<![\d.]\d)\d*(?:,\d{{3}})*(?:\.\d+)?)\s*({MULTIPLIER}?(?:{UNITS})|{MULTIPLIER})"
)
"""A number with its unit (`5000万吨`, `15.7%`, `1.2万亿元`); not after a digit or a point.

Patterns here begin with what they match and look behind only after its first character (a
digit, then no digit or point before it), so that the regex engine skips to where a match can
begin instead of trying the look-behind at every character (4-10 times faster on long texts)."""

YEAR = re.compile(r"(1[89]\d\d|20\d\d|2100)(?<!\d\d{4})\s*年(?!代)")
"""A year (`2025年`, not `1990年代`) not after another digit."""
TARGET_YEAR = (
    r"[到至截力于在12](?:(?:(?<=截)[至止]|(?<=力)争|(?<=[到至于在]))\s*(1[89]\d\d|20\d\d)\s*年"
    r"|(?<!\d[12])(?:(?<=1)[89]|(?<=2)0)\d\d\s*年(?:前|底|末|以前|之前))"
)
"""`到2025年` (the year in group 1), `2020年前`, `2025年底` (the year opens the match: see
`target_year`). The pattern opens with the class of characters a match begins with and
tells the words and the year apart by looking behind at the one it took (not after a digit),
so that the regex engine skips from one candidate to the next instead of entering the
pattern at every character."""
TARGET_SENTENCE = re.compile(
    r"(?:到|至|力争)\s*20\d\d\s*年.*?(?:达到|达|控制在|不低于|不少于|不高于|不超过|超过|提高到|"
    r"提高至|降低到|降至|下降|增长|增加到|保持在|稳定在)"
)
"""A target sentence: by a year, a level to reach (`到2025年…达到5000万千瓦`)."""
RETROSPECTIVE = (
    r"十[一二三]五[”\"]?(?:时期|期间)?以来|以来[,，]|过去[一二三四五]年|"
    r"取得了|实现了|完成了|已(?:经)?(?:建成|形成|实现|完成|取得)|"
    r"取得[^。；,，]{0,12}(?:成效|成就|成绩|突破)|实现[^。；,，]{0,12}(?:成效|成就|成绩|突破)"
)
"""A passage that looks back (“十三五”以来, 取得了…, 取得…成效, 已经建成…); a five-year period
named alone (“十二五”时期重点完善… in a plan of that period) may be the one being planned.
Every alternative opens with a character, not a group: the regex engine then skips to the
characters they begin with (with a group or a look-ahead in front it tries every character,
ten times slower on a document's joined clauses)."""
FORWARD = r"(?:到|至|力争)\s*20\d\d\s*年|将|力争|确保"
"""Words that look ahead: a clause holding one is a plan, even if it also looks back.

TARGET_YEAR, RETROSPECTIVE and this are sources, compiled on first use (`re`'s cache): a
document's facts are read in one pass by `allfacts`, with their one-line forms."""


FULL_WIDTH = re.compile("[（）０-９．％，：；]")


def fold(text: str) -> str:
    """Full-width parentheses, digits and punctuation folded to half width."""
    for wide in set(FULL_WIDTH.findall(text)):
        text = text.replace(wide, NARROWER[wide])
    return text


def fold_each(texts: list[str]) -> list[str]:
    """fold of every text, in one pass over them joined by line breaks (fold maps single
    characters to single characters and leaves line breaks alone), when none holds one."""
    joined = "\n".join(texts)
    if not texts or joined.count("\n") != len(texts) - 1:
        return [fold(t) for t in texts]
    return fold(joined).split("\n")


def reading_form(text: str) -> str:
    """The clause text as facts are read from it: simplified script, folded widths."""
    folded = fold(text)
    return folded if folded.isascii() else to_simplified(folded)


def split_agencies(text: str) -> tuple[str, ...]:
    """Split an agency list at 、，, and at 和/及/以及 where the left part ends like an agency."""
    names: list[str] = []
    for part in re.split(r"[、,;，]", text):
        names.extend(_split_at_and(part.strip()))
    return tuple(n for n in names if n)


def _split_at_and(part: str) -> list[str]:
    """Split one list item at 和/及/以及 where the text before it is a whole agency name."""
    out: list[str] = []
    start = 0
    for m in re.finditer(r"以及|及|和", part):
        left = part[start : m.start()]
        if len(left) >= 2 and re.search(AGENCY_SUFFIX, left):
            out.append(left)
            start = m.end()
    out.append(part[start:])
    return [o.strip() for o in out]


def agencies(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Lead and cooperating agencies from the last `(…牵头，…配合)` group of a clause."""
    if "牵头" not in text and "负责" not in text:
        return (), ()
    found = list(AGENCY_GROUP.finditer(fold(text)))
    if not found:
        return (), ()
    m = found[-1]
    return split_agencies(m.group(1)), split_agencies(m.group(3) or "")


AGENCY_NOTE = re.compile(rf"\s*{AGENCY_GROUP.pattern}\s*[。；;.]?\s*")
"""A clause that is only an agency note (`(自治区水利厅牵头，各盟市配合)`)."""


def is_agency_note(text: str) -> bool:
    """True when a clause is nothing but a `(…牵头，…配合)` or `(…负责)` note."""
    bare = text.strip().rstrip("。；;.")
    if not (bare.startswith(("(", "（")) and bare.endswith((")", "）"))):
        return False
    return bool(AGENCY_NOTE.fullmatch(reading_form(text)))


def target_years(text: str) -> tuple[int, ...]:
    """Target years named in a clause, in order, without repeats."""
    if "年" not in text:
        return ()
    folded = arabic_years(fold(text))
    years = (target_year(m) for m in re.finditer(TARGET_YEAR, folded))
    return tuple(dict.fromkeys(years))


def target_year(m: re.Match[str]) -> int:
    """The year of a TARGET_YEAR match: its group after `到`, `力争`…, else the four digits
    the match opens with (`2020年前`)."""
    return int(m.group(1) or m.group(0)[:4])


def quantities(text: str) -> tuple[Quantity, ...]:
    """Numbers with units, each tied to the last year named before it in the clause."""
    text = arabic_years(fold(text))
    found = [
        (m.start(), m.group(0), float(m.group(1).replace(",", "")), m.group(2))
        for m in QUANTITY.finditer(text)
    ]
    if not text.isascii():
        found = sorted(found + chinese_quantities(text))
    if not found:
        return ()
    return with_years(found, [(m.start(), int(m.group(1))) for m in YEAR.finditer(text)])


def with_years(
    found: list[tuple[int, str, float, str]], year_at: list[tuple[int, int]]
) -> tuple[Quantity, ...]:
    """Quantities found as (offset, text, value, unit), each tied to the last year named before
    it (`year_at`: offsets and years, in order)."""
    out: list[Quantity] = []
    k, year = 0, None
    for start, written, value, unit in found:
        while k < len(year_at) and year_at[k][0] < start:
            year = year_at[k][1]
            k += 1
        out.append(Quantity(text=written, value=value, unit=unit, year=year))
    return tuple(out)


def actions(text: str) -> tuple[str, ...]:
    """Action words in reading order; noun-prone ones (发展, 建设) only in verb position."""
    found: list[str] = []
    prev_end, prev_word = -1, ""
    for m in ACTION_PATTERN.finditer(text):
        word = m.group(0)
        entry = ENTRIES.get(word)
        if entry is not None and entry.before_action and not starts_action(text, m.end()):
            prev_end, prev_word = m.end(), word
            continue
        verb_position = m.start() == 0 or (m.start() == prev_end and prev_word in VERB_LEAD)
        if word in ACTION_WORDS and (word not in NOUN_PRONE or verb_position):
            found.append(word)
        prev_end, prev_word = m.end(), word
    return tuple(found)


def facts_of(text: str) -> Facts:
    """Everything the facts layer reads from one clause's text."""
    return facts_of_form(reading_form(text))


def facts_of_form(form: str) -> Facts:
    """Facts of a clause already in reading form (see reading_form); years written in Chinese
    numerals (二〇二五年) are read as digits."""
    form = arabic_years(form)
    lead, cooperating = agencies(form)
    words = actions(form.lstrip())
    retro = is_retrospective(form)
    return Facts(
        lead=lead,
        cooperating=cooperating,
        quantities=quantities(form),
        years=target_years(form),
        commitment=not retro and (bool(words) or bool(TARGET_SENTENCE.search(form))),
        strength=strongest(words),
        actions=words,
        retrospective=retro,
    )


def is_retrospective(form: str) -> bool:
    """True when a clause reports what was done (十三五时期…取得…成效) and plans nothing."""
    return bool(re.search(RETROSPECTIVE, form)) and not re.search(FORWARD, form)


def looking_back(facts: Facts) -> Facts:
    """The facts of a clause in a section of achievements: retrospective, no commitment."""
    return replace(facts, retrospective=True, commitment=False)


def not_committing(facts: Facts) -> Facts:
    """The facts of a heading: structure, not a commitment."""
    return replace(facts, commitment=False) if facts.commitment else facts


def with_agencies(facts: Facts, lead: tuple[str, ...], cooperating: tuple[str, ...]) -> Facts:
    """The facts with agencies filled in from the item they belong to (own agencies win)."""
    if facts.lead or facts.cooperating:
        return facts
    return replace(facts, lead=lead, cooperating=cooperating)


def unreliable(facts: Facts) -> Facts:
    """The facts marked as holding numbers that cannot be trusted."""
    return replace(facts, numbers_reliable=False)
