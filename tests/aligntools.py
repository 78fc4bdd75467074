"""Helpers for the alignment and classification tests: documents from text, change lookups."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

from compare.align import candidates as cand
from compare.classify.changes import IncompleteChangeSet
from compare.clean.normalize import normalize
from compare.model import Change, ChangeKind, Comparison, Document, Settings, Source
from compare.pipeline import compare_documents, load_document
from compare.structure.parse import structure

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CASES = ROOT / "tests" / "cases" / "align"
LAWS = ROOT.parent / "shared" / "realdata" / "laws"
EVAL = ROOT.parent / "shared" / "eval"
S2013 = "2013-05-23_hubaoyinyu-zone-work-plan.txt"
S2019 = "2019-10-17_regional-coordination-mechanism.txt"
S2020 = "2020-06-23_western-development-opinions.txt"
ROTATED_OLD = """一、重点任务
(一)加快煤炭输送通道建设，提高外运能力。(自治区能源局牵头，各盟市配合)
(二)推进城乡供水一体化，保障饮水安全。(自治区水利厅牵头，各盟市配合)
(三)完善区域医疗合作机制。(自治区卫生健康委牵头，各盟市配合)
"""
ROTATED_NEW = ROTATED_OLD.replace("能源局", "X").replace("水利厅", "能源局").replace("X", "水利厅")
"""Two agency notes whose leads swapped: the items under them read alike but are retold."""


def doc(text: str, path: str = "fixture.txt") -> Document:
    """A document from text, through the real read → normalize → structure stages."""
    source = Source(path=path, text=text, encoding="utf-8", format="txt", size=len(text.encode()))
    return structure(source, normalize(source))


def compare_texts(old: str, new: str, settings: Settings | None = None) -> Comparison:
    """Compare two texts."""
    return compare_documents(doc(old, "old.txt"), doc(new, "new.txt"), settings)


@cache
def seed(name: str) -> Document:
    """A seed document, parsed once per run."""
    return load_document(str(SEEDS / name))


def change_of(cmp: Comparison, snippet: str, side: str = "old") -> Change:
    """The change holding the clause whose text contains `snippet` on one side."""
    docu = cmp.old if side == "old" else cmp.new
    ids = [c.id for c in docu.clauses if snippet in c.text]
    assert ids, f"no {side} clause contains {snippet!r}"
    for ch in cmp.changes:
        if ids[0] in (ch.old if side == "old" else ch.new):
            return ch
    raise AssertionError(f"{ids[0]} is in no change")


def texts(cmp: Comparison, ch: Change) -> tuple[list[str], list[str]]:
    """The old and new clause texts of a change."""
    return [cmp.old.clause(i).text for i in ch.old], [cmp.new.clause(j).text for j in ch.new]


def assert_complete(cmp: Comparison) -> None:
    """Every clause of both sides appears in exactly one change."""
    olds = [i for ch in cmp.changes for i in ch.old]
    news = [j for ch in cmp.changes for j in ch.new]
    assert sorted(olds) == sorted(c.id for c in cmp.old.clauses)
    assert sorted(news) == sorted(c.id for c in cmp.new.clauses)


def kinds(cmp: Comparison) -> set[ChangeKind]:
    """The change kinds present."""
    return {ch.kind for ch in cmp.changes}


def candidates(
    old: Sequence[frozenset[str]],
    new: Sequence[frozenset[str]],
    idf: dict[str, float],
    limit: int,
    min_idf: float,
) -> dict[int, list[int]]:
    """Per old index, the new indices sharing most rare weight (inverted index, top `limit`):
    one direction of `candidates_both_ways`, as first written (the oracle it is tested against).

    Clauses with the very same bigram set (a repeated sentence) share one list of candidates.
    """
    postings = cand.rare_postings(new, idf, min_idf)
    out: dict[int, list[int]] = {}
    found: dict[int, list[int]] = {}  # by id() of a bigram set, alive in `old` meanwhile
    for i, g in enumerate(old):
        top = found.get(id(g))
        if top is None:
            top = found[id(g)] = cand.best(cand.sharing(g, postings, idf), limit)
        if top:
            out[i] = top
    return out


def raised(check, *args) -> str | None:
    """The message `check(*args)` raises IncompleteChangeSet with, None if it passes."""
    try:
        check(*args)
    except IncompleteChangeSet as e:
        return str(e)
    return None
