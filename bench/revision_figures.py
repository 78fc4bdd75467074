"""Figures of typed revisions on the seeds and the revision fixtures (prints; asserts nothing).

- strength revisions on the 2021 outline -> 2021 integration plan, and how many of them name
  a "removed" word that is still in the new clause;
- each consecutive seed pair's counts by kind, with and without changes of headings only;
- the share of the fixture pairs (tests/cases/revisions) typed right.
"""

from __future__ import annotations

import json
import sys
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from aligntools import doc  # noqa: E402

from compare.classify.revisions import describe  # noqa: E402
from compare.clean.keys import to_simplified  # noqa: E402
from compare.model import Comparison, RevisionKind  # noqa: E402
from compare.pipeline import compare_documents, load_documents  # noqa: E402

STRENGTH = (RevisionKind.STRENGTHENED, RevisionKind.WEAKENED)
TYPED = {k.value for k in RevisionKind} - {"phrase-added", "phrase-removed", "reworded"}


def still_there(cmp: Comparison) -> tuple[int, int]:
    """(strength revisions, those naming a removed word the new clause still holds)."""
    total = stale = 0
    for ch in cmp.changes:
        new_text = to_simplified("".join(cmp.new.clause(j).text for j in ch.new))
        for r in ch.revisions:
            if r.kind in STRENGTH:
                total += 1
                stale += any(to_simplified(w) in new_text for w in r.old.split("、") if w)
    return total, stale


def fixture_accuracy() -> tuple[int, int]:
    """(pairs typed right, pairs) over tests/cases/revisions/*.json."""
    right = total = 0
    for path in sorted((ROOT / "tests" / "cases" / "revisions").glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8")):
            revisions, _, _ = describe(doc(case["old"]).clauses, doc(case["new"]).clauses)
            found = {r.kind.value for r in revisions} & TYPED
            right += found == set(case["expect"])
            total += 1
    return right, total


def main() -> None:
    """Print the figures."""
    docs = load_documents(sorted(str(p) for p in (ROOT / "seeds").glob("*.txt")), jobs=1)
    for old, new in pairwise(docs):
        cmp = compare_documents(old, new)
        every = {k: n for k, n in cmp.summary().items() if n}
        bare = {k: n for k, n in cmp.summary(headings=False).items() if n}
        print(f"{Path(old.path).name[:10]} -> {Path(new.path).name[:10]}")
        print(f"  with headings:    {every}\n  without headings: {bare}")
        if "2021-02" in old.path and "2021-10" in new.path:
            total, stale = still_there(cmp)
            print(f"  strength revisions: {total}, naming a removed word still there: {stale}")
    right, total = fixture_accuracy()
    print(f"revision fixtures typed right: {right}/{total} = {right / total:.3f}")


if __name__ == "__main__":
    main()
