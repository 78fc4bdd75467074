"""Chinese numerals read by `numbers.cn_value` are read as cn2an's `normal` mode reads them."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.structure.numbers import (
    CN_NUMERAL,
    CN_PERCENT,
    CN_QUANTITY,
    cn_value,
    is_integer_numeral,
)

ROOT = Path(__file__).resolve().parents[1]


def cn2an_value(numeral: str) -> float | None:
    """The value cn_value gave when it called cn2an (the oracle)."""
    if numeral.replace(".", "", 1).isdigit():
        return float(numeral)
    try:
        return float(cn2an.cn2an(numeral, "normal"))
    except (ValueError, KeyError, IndexError):
        return None


def read(numeral: str) -> float | None:
    """cn_value without its cache (so that each case is computed)."""
    return cn_value.__wrapped__(numeral)


def same(numeral: str) -> bool:
    """Whether cn_value and cn2an agree on a numeral, in value and in type."""
    ours, theirs = read(numeral), cn2an_value(numeral)
    return ours == theirs and type(ours) is type(theirs)


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("五千", 5000.0),
        ("零点五", 0.5),
        ("一万二", 12000.0),
        ("三百四", 340.0),
        ("一二三", 123.0),
        ("十五", 15.0),
        ("一千零十", 1010.0),
        ("三千万亿", 3e15),
        ("两亿零五万", 200050000.0),
        ("十亿亿", None),
        ("点五", None),
        ("五点五点五", None),
        ("十二三", None),
        ("2.5", 2.5),
    ],
)
def test_known_values(numeral, value):
    assert read(numeral) == value
    assert same(numeral)


def test_every_numeral_of_up_to_three_characters():
    numerals = ("".join(t) for k in (1, 2, 3) for t in itertools.product(CN_NUMERAL, repeat=k))
    assert [n for n in numerals if not same(n)] == []


def test_numerals_written_by_cn2an_and_altered():
    rng = random.Random(15)
    written = [cn2an.an2cn(rng.randrange(10 ** rng.randrange(1, 17))) for _ in range(2000)]
    written += [cn2an.an2cn(f"{rng.randrange(10**6)}.{rng.randrange(10**4)}") for _ in range(500)]
    altered = []
    for numeral in written:
        chars = list(numeral)
        chars.insert(rng.randrange(len(chars) + 1), rng.choice(CN_NUMERAL))
        altered.append("".join(chars))
    assert all(is_integer_numeral(n) for n in written if "点" not in n)
    assert [n for n in written + altered if not same(n)] == []


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=CN_NUMERAL, min_size=1, max_size=14))
def test_any_numeral(numeral):
    assert same(numeral)


def test_every_numeral_of_the_seeds_and_shared_texts():
    paths = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT.parent / "shared").rglob("*.txt"))
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    found = {m[1] for text in texts for m in CN_PERCENT.finditer(text)}
    found |= {m[1] for text in texts for m in CN_QUANTITY.finditer(text)}
    assert len(found) >= 6
    assert [n for n in sorted(found) if not same(n)] == []
