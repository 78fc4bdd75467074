"""The synthetic pair generator: determinism, snippets the scorer finds once, edit counts."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "2019-10-17_regional-coordination-mechanism.txt"
EVAL = ROOT.parent / "shared" / "eval"


def load(name: str, path: Path):
    """Import a script by path (bench/ and the evaluation set are not packages)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


synth = load("make_synthetic_pairs", ROOT / "bench" / "make_synthetic_pairs.py")


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    """One generated pair: (older text, newer text, gold)."""
    out = tmp_path_factory.mktemp("synth")
    a, b, gold = synth.write_pair(SEED, out, 7, "s2019")
    return (
        a.read_text(encoding="utf-8"),
        b.read_text(encoding="utf-8"),
        json.loads(gold.read_text()),
    )


def test_same_seed_writes_byte_identical_files(tmp_path):
    first = synth.write_pair(SEED, tmp_path / "one", 7, "x")
    second = synth.write_pair(SEED, tmp_path / "two", 7, "x")
    other = synth.write_pair(SEED, tmp_path / "three", 8, "x")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    assert first[1].read_bytes() != other[1].read_bytes()


def test_older_side_is_the_seed_as_captured(pair):
    older, newer, _ = pair
    assert older == SEED.read_text(encoding="utf-8")
    assert newer != older


def snippets(entry: dict, side: str) -> list[str]:
    """The snippets an entry names on one side ('older' or 'newer')."""
    many = entry.get(f"{side}_snippets")
    one = entry.get(f"{side}_snippet")
    return many or ([one] if one else [])


def test_every_snippet_is_found_exactly_once_by_the_scorer(pair):
    if not (EVAL / "score.py").is_file():
        pytest.skip(f"no development set at {EVAL}")
    score = load("score", EVAL / "score.py")
    older, newer, gold = pair
    for text, side in ((older, "older"), (newer, "newer")):
        clauses = [{"id": i, "text": u.text} for i, u in enumerate(synth.cut_units(text))]
        found = score.Side(clauses)
        for entry in gold["entries"]:
            for snip in snippets(entry, side):
                assert 12 <= len(synth.tokens(snip)) <= 16, snip
                hits = [t for t in found.texts if score.norm(snip) in t]
                assert len(hits) == 1, (side, snip, hits)


def test_each_edit_touches_the_intended_number_of_sentences(pair):
    _, _, gold = pair
    k = synth.edit_count(len(synth.eligible(synth.load_seed(SEED))))
    counts = Counter(e["relation"] for e in gold["entries"])
    assert k >= 5
    assert {r: counts[r] for r in ("dropped", "revised", "split", "new")} == dict.fromkeys(
        ("dropped", "revised", "split", "new"), k
    )
    assert counts["merged"] == k // 2
    assert counts["same"] > 5 * k


def test_revisions_say_what_changed_and_moved_paragraph_is_named(pair):
    _, newer, gold = pair
    notes = [e["note"] for e in gold["entries"] if e["relation"] == "revised"]
    assert all(
        n.startswith(("wording:", "number:", "phrase added:", "phrase removed:")) for n in notes
    )
    assert gold["moved_paragraph"] and gold["moved_paragraph"][:12] in newer
