"""Numbers written in Chinese numerals: 五千万千瓦, 百分之十, 五十万元, 二〇二五年."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

CN_NUMERAL = "零〇一二两三四五六七八九十百千万亿点"
MULTIPLIERS = ("万亿", "千亿", "百亿", "亿", "千万", "百万", "万", "千")
SCALE = {"万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "亿": 1e8, "千万": 1e7, "百万": 1e6, "万": 1e4}
SCALE["千"] = 1e3
MEASURES = (
    "个百分点|百分点|%|‰|平方公里|平方米|立方米|公里|千米|千瓦时|千瓦|兆瓦|吉瓦|千伏|"
    "吨标准煤|吨|公斤|千克|公顷|亩|元|美元|标箱|倍"
)
"""Units of measure: a Chinese numeral before one is a quantity (一元化 is not: see below)."""
COUNTERS = "人次|人|户|名|家|所|个|项|座|条|张|台|辆|套|次|间|处|批|部|床|棵|株|头|只|口|米|瓦|伏"
"""Counting words: a Chinese numeral before one is a quantity only with 万 or 亿 (五十万人)."""
UNIT_SET = frozenset((MEASURES + "|" + COUNTERS).split("|"))
LONE_WORDS = frozenset(COUNTERS.split("|")) | {"元"}
"""Units that make a word, not a target, after a lone numeral (一元化, 三人行, 一个)."""

CN_PERCENT = re.compile(rf"百分之([{CN_NUMERAL}]+|\d+(?:\.\d+)?)")
CN_QUANTITY = re.compile(
    rf"([{CN_NUMERAL}](?<![第\d.][{CN_NUMERAL}])[{CN_NUMERAL}]*?)"
    rf"((?:{'|'.join(MULTIPLIERS)})(?:{MEASURES}|{COUNTERS})?|(?:{MEASURES}))"
)
"""A Chinese numeral and its unit; the numeral is read as short as the unit allows, so 五千万千瓦
is 五千 and 万千瓦, the same split as 5000万千瓦; not after 第, a digit or a point (looked
behind from the numeral's first character, so that the engine skips to numerals)."""
CN_YEAR = re.compile("([〇零一二三四五六七八九][〇零一二三四五六七八九]{3})(?=年)")
"""Four Chinese digits before 年 (`{4}` written as one digit and three more: a pattern that
opens with a repeat is tried at every character, one that opens with a class skips to it)."""
YEAR_DIGITS = str.maketrans("〇一二三四五六七八九", "0123456789")


ZEROS = frozenset("零〇")
DIGITS = frozenset("一二两三四五六七八九")
"""The digits 1–9 among CN_NUMERAL (两 is 2)."""
DIGIT_VALUE = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
DIGIT_VALUE |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNIT_VALUE = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
LOWER_UNIT = {"百": "十", "千": "百", "万": "千"}
"""The unit a spoken numeral leaves out after its last unit (一万二 is 一万二千): none after 十
or 亿 (a spoken numeral ending so is none)."""
MISSING_ZERO = (
    ("(万)零(?=[零〇一二两三四五六七八九]千)", r"\1"),
    ("([万亿])([零〇一二两三四五六七八九][十百])", r"\1零\2"),
    ("(千)([零〇一二两三四五六七八九]?十)", r"\1零\2"),
    ("(百)(十)", r"\1一\2"),
)
"""Forms written without their zero or one (一万五百, 一千十, 一百十), given them back (the
patterns compiled on first use: few documents write a number so)."""
SPOKEN = "(?:[零〇一二两三四五六七八九]{0,2}[十百千万亿])+[零〇一二两三四五六七八九]"
"""A spoken numeral: its last digit counts in the unit below the last one (三百四 is 340)."""


@lru_cache(maxsize=4096)
def cn_value(numeral: str) -> float | None:
    """The value of a numeral matched by CN_PERCENT or CN_QUANTITY (五千 → 5000.0, 零点五 →
    0.5, 一万二 → 12000.0), None when it is none (十亿亿, 点五): Arabic digits, or characters of
    CN_NUMERAL read as cn2an's `normal` mode reads them."""
    if numeral.replace(".", "", 1).isdigit():
        return float(numeral)
    whole, point, decimals = (
        numeral.replace("零十", "零一十").replace("零百", "零一百").partition("点")
    )
    if "点" in decimals or len(decimals) > 16 or not all(c in DIGIT_VALUE for c in decimals):
        return None
    whole = with_zeros(whole)
    if is_integer_numeral(whole):
        value: float = integer_value(whole)
    elif whole and all(c in DIGIT_VALUE for c in whole):
        value = int("".join(str(DIGIT_VALUE[c]) for c in whole))  # 一二三: digit by digit
    elif len(whole) >= 3 and re.fullmatch(SPOKEN, whole) and whole[-2] in LOWER_UNIT:
        value = integer_value(whole + LOWER_UNIT[whole[-2]])
    else:
        return None
    if point:
        value = round(value + decimal_value(decimals), len(decimals))
    return float(value)


def with_zeros(numeral: str) -> str:
    """The integer part of a numeral with the zeros and ones it left out written (一万五百 →
    一万零五百, 一百十 → 一百一十), as cn2an reads it."""
    for pattern, repl in MISSING_ZERO:
        numeral = re.sub(pattern, repl, numeral)
    return numeral.replace("零十", "零一十")


def is_integer_numeral(numeral: str) -> bool:
    """Whether an integer numeral is well formed (零, 三十五, 一万零五百; not 十亿亿 nor 五五十)."""
    return numeral in ZEROS or up_to_1e16(numeral)


def is_digit(part: str) -> bool:
    """One digit 1–9."""
    return len(part) == 1 and part in DIGITS


def zero_then(part: str, rest: Callable[[str], bool]) -> bool:
    """A zero followed by a numeral `rest` accepts (零五, 零三十)."""
    return part[:1] in ZEROS and rest(part[1:])


def tens(part: str, one: bool = False) -> bool:
    """10–99 with 十 (十, 十五, 三十, 三十五); `one`: its tens digit written (一十五)."""
    high, ten, low = part.partition("十")
    return bool(ten) and (is_digit(high) or (not one and not high)) and (not low or is_digit(low))


def up_to_99(part: str) -> bool:
    """1–99."""
    return tens(part) or is_digit(part)


def place(
    part: str,
    unit: str,
    high: Callable[[str], bool],
    low: Callable[[str], bool],
    full: Callable[[str], bool],
) -> bool:
    """A numeral of one place: `high` before the unit, then nothing, a zero and `low`, or
    `full` (for 万: 三千万, 三千万零五十, 三千万五千)."""
    head, found, rest = part.partition(unit)
    return bool(found) and high(head) and (not rest or zero_then(rest, low) or full(rest))


def hundreds(part: str) -> bool:
    """100–999 (三百, 三百零五, 三百一十五)."""
    return place(part, "百", is_digit, is_digit, lambda rest: tens(rest, one=True))


def up_to_999(part: str) -> bool:
    """1–999."""
    return hundreds(part) or up_to_99(part)


def thousands(part: str) -> bool:
    """1000–9999 (三千, 三千零五十, 三千五百)."""
    return place(part, "千", is_digit, up_to_99, hundreds)


def up_to_9999(part: str) -> bool:
    """1–9999."""
    return thousands(part) or up_to_999(part)


def myriads(part: str) -> bool:
    """10⁴–10⁸−1 (五万, 五万零三百, 五千万三千)."""
    return place(part, "万", up_to_9999, up_to_999, thousands)


def up_to_1e8(part: str) -> bool:
    """1–10⁸−1."""
    return myriads(part) or up_to_9999(part)


def up_to_1e16(part: str) -> bool:
    """1–10¹⁶−1 (三亿, 三亿零五万, 三千万亿)."""
    return place(part, "亿", up_to_1e8, up_to_1e8, myriads) or up_to_1e8(part)


def integer_value(numeral: str) -> int:
    """The value of a well-formed (or spoken, completed) integer numeral, read from its end."""
    total, unit, myriad = 0, 1, 1
    for index, char in enumerate(reversed(numeral)):
        if char in DIGIT_VALUE:
            total += DIGIT_VALUE[char] * unit
            continue
        unit = UNIT_VALUE[char]
        if unit % 10_000 == 0:
            if unit > myriad:
                myriad = unit
            else:  # 万亿
                myriad = unit * myriad
                unit = myriad
        if unit < myriad:
            unit = unit * myriad
        if index == len(numeral) - 1:
            total += unit
    return total


def decimal_value(decimals: str) -> float:
    """The value of the digits after 点 (五 → 0.5), summed from the last as cn2an sums them."""
    value: float = 0
    for index in range(len(decimals) - 1, -1, -1):
        value += DIGIT_VALUE[decimals[index]] * 10 ** -(index + 1)
    return round(value, len(decimals))


def arabic_years(text: str) -> str:
    """Years written digit by digit in Chinese numerals as Arabic digits (二〇二五年 → 2025年)."""
    if "〇" not in text and "零" not in text and not CN_YEAR.search(text):
        return text
    return CN_YEAR.sub(lambda m: m[1].replace("零", "〇").translate(YEAR_DIGITS), text)


def chinese_quantities(text: str) -> list[tuple[int, str, float, str]]:
    """(offset, text, value, unit) of each quantity written in Chinese numerals, in order."""
    out = []
    for m in CN_PERCENT.finditer(text):
        value = cn_value(m[1])
        if value is not None:
            out.append((m.start(), m[0], value, "%"))
    masked = CN_PERCENT.sub(lambda m: "#" * len(m[0]), text)
    for m in CN_QUANTITY.finditer(masked):
        numeral, unit = m[1], m[2]
        if len(numeral) == 1 and unit in LONE_WORDS:
            continue
        value = cn_value(numeral)
        if value is not None:
            out.append((m.start(), m[0], value, unit))
    return sorted(out)


def magnitude(value: float, unit: str) -> tuple[float, str]:
    """A quantity scaled to its base unit: 5000 万千瓦 and 50000000 千瓦 are both (5e7, 千瓦)."""
    if unit in UNIT_SET or not unit:
        return round(value, 6), unit
    for m in MULTIPLIERS:
        if unit.startswith(m):
            return round(value * SCALE[m], 6), unit[len(m) :]
    return round(value, 6), unit
