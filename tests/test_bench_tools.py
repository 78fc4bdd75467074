"""The benchmark's pair generator: requested sizes, stated edit shares, determinism."""

from __future__ import annotations

import difflib
import importlib.util
import random
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


def load(name: str):
    """Import a script from bench/ (it is not a package)."""
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


make_pairs = load("make_pairs")


@pytest.fixture(scope="module")
def pair():
    return make_pairs.make_pair(60_000)


def sentences(text: str) -> list[str]:
    return [u.strip() for u in make_pairs.units_of(text) if make_pairs.editable(u)]


def test_sizes_are_parsed_in_thousands_and_millions():
    assert make_pairs.parse_size("100k") == 100_000
    assert make_pairs.parse_size("1m") == 1_000_000
    assert make_pairs.parse_size("5M") == 5_000_000
    assert make_pairs.parse_size("2.5m") == 2_500_000
    with pytest.raises(ValueError):
        make_pairs.parse_size("lots")


def test_old_side_has_the_requested_size_in_utf8_bytes(pair):
    old, _, stats = pair
    assert stats.target == 60_000
    assert 59_000 <= len(old.encode()) == stats.old_bytes <= 60_000
    assert abs(stats.new_bytes - stats.old_bytes) < 0.1 * stats.old_bytes


def test_old_side_is_seed_text_concatenated_in_order():
    seeds = [
        make_pairs.one_document(p.read_text(encoding="utf-8"))
        for p in sorted(make_pairs.SEEDS.glob("*.txt"))
    ]
    old, _, _ = make_pairs.make_pair(len(seeds[0].encode()) + 5_000)
    assert old.startswith(seeds[0].rstrip("\n"))
    assert seeds[1].strip()[:50] in old


def test_markdown_titles_and_bylines_are_taken_out_so_nothing_reads_as_a_new_article():
    page = (
        "# 关于建立新机制的实施意见\n一、总体要求\n本报讯（记者 王某）昨日召开会议。\n## (一)目标\n"
    )
    assert make_pairs.one_document(page) == "关于建立新机制的实施意见\n一、总体要求\n(一)目标\n"


def test_each_edit_touches_about_a_tenth_of_the_sentences(pair):
    _, _, stats = pair
    for count in (stats.dropped, stats.revised, stats.inserted):
        assert abs(count / stats.sentences - 0.10) <= 0.005
    assert 1 <= stats.moved <= 0.05 * stats.sentences


def test_new_side_differs_by_the_stated_edits(pair):
    old, new, stats = pair
    a, b = sentences(old), sentences(new)
    gone = set(a) - set(b)
    added = set(b) - set(a)
    # Dropped and revised sentences vanish from the old side; revised and inserted ones appear.
    assert stats.dropped + stats.revised - 20 <= len(gone) <= stats.dropped + stats.revised
    assert stats.revised + stats.inserted - 20 <= len(added) <= stats.revised + stats.inserted
    similar = sum(1 for s in added if difflib.get_close_matches(s, list(gone), n=1, cutoff=0.8))
    assert abs(similar - stats.revised) <= 0.2 * stats.revised


def test_same_seed_same_pair_and_another_seed_another_pair():
    assert make_pairs.make_pair(20_000, seed=7) == make_pairs.make_pair(20_000, seed=7)
    assert make_pairs.make_pair(20_000, seed=7)[1] != make_pairs.make_pair(20_000, seed=8)[1]


def test_revision_changes_a_number_or_a_word():
    rng = random.Random(1)
    assert make_pairs.revise("到2025年建成示范区。", rng) != "到2025年建成示范区。"
    assert make_pairs.revise("推进水权交易试点。", rng) == "加快推进水权交易试点。"
    assert (
        make_pairs.revise("草原生态保护补助奖励政策。", rng) == "进一步草原生态保护补助奖励政策。"
    )


def test_written_pair_files_hold_the_generated_text(tmp_path):
    old_path, new_path, stats = make_pairs.write_pair(tmp_path, 10_000)
    assert old_path.stat().st_size == stats.old_bytes
    assert new_path.stat().st_size == stats.new_bytes


def test_markdown_results_replace_only_the_marked_block(tmp_path):
    bench = load("bench_align")
    doc = tmp_path / "benchmarks.md"
    doc.write_text(f"# Benchmarks\nintro\n{bench.START}\nold table\n{bench.END}\n## Notes\nkept\n")
    bench.write_markdown(doc, ["| run |", "| new |"])
    assert doc.read_text() == (
        f"# Benchmarks\nintro\n{bench.START}\n| run |\n| new |\n{bench.END}\n## Notes\nkept\n"
    )
    plain = tmp_path / "table.md"
    bench.write_markdown(plain, ["| run |"])
    assert plain.read_text() == "| run |\n"
