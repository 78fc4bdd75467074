"""Numbers written in Chinese numerals: 五千万千瓦, 百分之十, 五十万元, 二〇二五年 (via cn2an)."""

from __future__ import annotations

import re
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
CN_YEAR = re.compile("([〇零一二三四五六七八九]{4})(?=年)")
YEAR_DIGITS = str.maketrans("〇一二三四五六七八九", "0123456789")


@lru_cache(maxsize=4096)
def cn_value(numeral: str) -> float | None:
    """The value of a Chinese numeral (五千 → 5000.0, 零点五 → 0.5), None when it is none."""
    if numeral.replace(".", "", 1).isdigit():
        return float(numeral)
    import cn2an  # imported on first use: it costs a tenth of a second to load

    try:
        return float(cn2an.cn2an(numeral, "normal"))
    except (ValueError, KeyError, IndexError):
        return None


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
