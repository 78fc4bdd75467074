"""Measured floors: the development set and our own gold, scored by the shared scorer."""

from __future__ import annotations

import json
import re

import pytest
from aligntools import EVAL, ROOT

from compare.clean.fixers import PINYIN
from compare.corpus.evaluate import (
    PairScore,
    Score,
    evaluate_pairs,
    format_table,
    own_gold_pairs,
    parse_score,
)

FLOORS = {
    "d2020": 0.94,
    "d2013n": 0.99,
    "d2019t": 0.98,
    "seeds_2019_2020": 0.88,
    "seeds_2013_2021i": 0.61,
    "seeds_2021f_2021i": 0.46,
}
"""Accuracy reached on each gold pair (raise these when the tool gets better)."""
NEW_DROPPED_FLOORS = {"d2020": (0.77, 1.0), "d2013n": (1.0, 1.0), "d2019t": (1.0, 1.0)}
"""Per-relation accuracy reached for `new` and `dropped`."""

HELD_OUT_GOLD = ROOT / "tests" / "gold" / "seeds_2021f_2021i_gold.json"
"""The 2021 outline → integration plan gold, whose snippets are verbatim (readings included)."""
PAGE_MARK = re.compile(r"—\d+—")

SCORER_OUTPUT = """dropped  dropped=9
new      new=7  split=1  revised=1
same     unchanged=76  revised=2  moved=1  not-found=1
split    split=1  unlinked:revised=1
accuracy=0.948 strict_accuracy=0.948 not_found=1 n=100
"""


@pytest.fixture(scope="module")
def scores() -> dict[str, PairScore]:
    """Every pair scored once (skipped when the evaluation set is not beside the repository)."""
    if not (EVAL / "pairs").is_dir():
        pytest.skip(f"{EVAL} is not available")
    return {s.name: s for s in evaluate_pairs(EVAL)}


def test_parse_score_reads_summary_and_per_relation_accuracy():
    s = parse_score(SCORER_OUTPUT)
    assert (s.accuracy, s.strict_accuracy, s.not_found, s.n) == (0.948, 0.948, 1, 100)
    assert s.per_relation == {"dropped": 1.0, "new": 7 / 9, "same": 77 / 80, "split": 0.5}


def test_format_table_shows_ours_beside_the_baseline():
    ours = Score(0.983, 0.965, 0, 115, {"new": 1.0, "dropped": 0.9})
    table = format_table(
        [PairScore("d2020", ours, Score(0.96, 0.9, 0, 115)), PairScore("x", ours, None)]
    )
    lines = table.splitlines()
    assert lines[1].split() == ["d2020", "0.983", "0.965", "1.00", "0.90", "0.960"]
    assert lines[2].split()[-1] == "-"


def test_every_pair_is_scored_for_us_and_the_baseline(scores):
    assert {"d2020", "d2013n", "d2019t"} <= set(scores)
    assert all(s.baseline is not None for n, s in scores.items() if n.startswith("d20"))


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_accuracy_floor(scores, name):
    assert scores[name].tool.accuracy >= FLOORS[name], scores[name].tool.table


@pytest.mark.parametrize("name", sorted(NEW_DROPPED_FLOORS))
def test_new_and_dropped_floor(scores, name):
    rel = scores[name].tool.per_relation
    new_floor, dropped_floor = NEW_DROPPED_FLOORS[name]
    assert rel["new"] >= new_floor and rel["dropped"] >= dropped_floor, scores[name].tool.table


def test_we_beat_the_baseline_where_reading_matters(scores):
    d = scores["d2019t"]
    assert d.tool.accuracy > d.baseline.accuracy + 0.5


def test_own_gold_files_are_found_with_their_inputs():
    names = {name for name, *_ in own_gold_pairs()}
    assert {"seeds_2013_2021i", "seeds_2019_2020", "seeds_2021f_2021i"} <= names


def test_held_out_gold_snippets_are_verbatim_unique_and_short():
    gold = json.loads(HELD_OUT_GOLD.read_text(encoding="utf-8"))
    texts = {key: (ROOT / gold[key]).read_text(encoding="utf-8") for key in ("old", "new")}
    for entry in gold["entries"]:
        for key, side in (("older_snippet", "old"), ("newer_snippet", "new")):
            snippet = entry.get(key)
            if snippet:
                bare = re.sub(r"\s", "", PINYIN.sub("", snippet))
                assert texts[side].count(snippet) == 1, snippet
                assert 12 <= len(bare) <= 20, snippet
                assert "\n" not in snippet and not PAGE_MARK.search(snippet), snippet


def test_held_out_gold_fields_match_each_relation():
    entries = json.loads(HELD_OUT_GOLD.read_text(encoding="utf-8"))["entries"]
    for e in entries:
        rel = e["relation"]
        assert rel in {"same", "revised", "dropped", "new"} and e["why"], e
        assert ("older_snippet" in e) == (rel != "new"), e
        assert ("newer_snippet" in e) == (rel != "dropped"), e
        assert ("revision" in e) == (rel == "revised"), e
        assert e.get("revision", "target") in {"target", "scope", "strength", "wording"}, e
    assert sum(e["relation"] != "new" for e in entries) >= 100
