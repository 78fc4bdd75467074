"""End-to-end smoke test: the seed corpus parses and compares with a complete change set."""

from pathlib import Path

from compare.pipeline import compare_paths

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_every_clause_in_exactly_one_change():
    cmp = compare_paths(
        str(SEEDS / "2019-10-17_regional-coordination-mechanism.txt"),
        str(SEEDS / "2020-06-23_western-development-opinions.txt"),
    )
    olds = [i for ch in cmp.changes for i in ch.old]
    news = [i for ch in cmp.changes for i in ch.new]
    assert sorted(olds) == sorted(c.id for c in cmp.old.clauses)
    assert sorted(news) == sorted(c.id for c in cmp.new.clauses)
