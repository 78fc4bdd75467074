"""The evidence's text shortcuts give what the plain scans they replace gave: named objects
found in the whole text, and shared runs found from the other clause's bigrams."""

from __future__ import annotations

import math

from aligntools import S2019, S2020, seed
from hypothesis import given
from hypothesis import strategies as st

from compare.align import evidence as ev
from compare.align.candidates import NON_WORD, content_key, strip_label


def plain_named_objects(text: str) -> set[str]:
    """Object names found run by run, as first written."""
    out: set[str] = set()
    for run in NON_WORD.split(text):
        for m in ev.OBJECT_END.finditer(run):
            for k in ev.OBJECT_HEAD:
                if m.start() - k < 0:
                    break
                out.add(run[m.start() - k : m.end()])
    return out


def plain_shared_runs(key: str, other: dict[str, float]) -> tuple[str, ...]:
    """Shared runs found by looking each bigram of the key up, as first written."""
    runs: list[tuple[float, str]] = []
    start, total = -1, 0.0
    for k in range(len(key) - 1):
        b = key[k : k + 2]
        if b in other:
            start = k if start < 0 else start
            total += other[b]
        elif start >= 0:
            runs.append((total, key[start : k + 1]))
            start, total = -1, 0.0
    if start >= 0:
        runs.append((total, key[start:]))
    floor = math.log(3)
    return tuple(r for w, r in sorted(runs, key=lambda x: (-x[0], x[1])) if w >= floor)


# object endings, their heads, punctuation and letters, so runs are cut at every distance
PIECES = [
    "示范区",
    "港",
    "机场",
    "中心",
    "工程",
    "包头",
    "稀土",
    "新",
    "材料",
    "产业",
    "，",
    "、",
    " ",
    "_",
    "ab",
    "1",
]


@given(st.lists(st.sampled_from(PIECES), max_size=14).map("".join))
def test_named_objects_equal_those_found_run_by_run(text):
    assert ev.named_objects(text) == plain_named_objects(text)


def test_named_objects_of_seed_clauses_equal_those_found_run_by_run():
    for c in (*seed(S2019).clauses, *seed(S2020).clauses):
        text = strip_label(content_key(c.key))
        assert ev.named_objects(text) == plain_named_objects(text)


BIGRAMS = ["稀土", "土产", "产业", "业稀", "aa", "ab", "ba", "a", "◆稀土", "≈风能/风电"]


@given(
    st.text(alphabet="稀土产业ab", max_size=30),
    st.dictionaries(
        st.sampled_from(BIGRAMS),
        st.sampled_from([0.1, 0.7, 1.0986122886681098, 1.3, 2.5, 1e-3]),  # ties, the floor
        max_size=8,
    ),
)
def test_shared_runs_equal_those_found_bigram_by_bigram(key, other):
    assert ev.shared_runs(key, other) == plain_shared_runs(key, other)


def test_shared_runs_of_seed_pairs_equal_those_found_bigram_by_bigram():
    old, new = seed(S2019).clauses, seed(S2020).clauses
    sp = ev.space(old, new, range(len(old)), range(len(new)))
    pairs = [(i, j) for i in range(0, len(old), 7) for j in range(0, len(new), 11)]
    checked = 0
    for i, j in pairs:
        for other in ({sp.names[f]: sp.weights[f] for f in sp.common(i, j)}, sp.named(sp.new[j])):
            got = ev.shared_runs(sp.old[i].key, other)
            assert got == plain_shared_runs(sp.old[i].key, other)
            checked += bool(got)
    assert checked  # some pairs do share runs
