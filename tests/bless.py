"""Re-bless the alignment fixtures: write each tests/cases/align/<scenario>/expected.json.

Usage: .venv/bin/python tests/bless.py [SCENARIO ...]   (all scenarios when none is named)
Review the diff (`git diff tests/cases/align`) before committing: it is the new truth.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from aligntools import CASES

from compare.pipeline import compare_paths


def expected(case: Path) -> dict[str, Any]:
    """What the tool says about one scenario: the summary and each change with its texts."""
    cmp = compare_paths(str(case / "old.txt"), str(case / "new.txt"))
    return {
        "summary": cmp.summary(),
        "changes": [
            {
                "kind": ch.kind.value,
                "old": [cmp.old.clause(i).text for i in ch.old],
                "new": [cmp.new.clause(j).text for j in ch.new],
                "revisions": sorted({r.kind.value for r in ch.revisions}),
            }
            for ch in cmp.changes
        ],
    }


def scenarios(names: list[str]) -> list[Path]:
    """The scenario folders to bless."""
    found = sorted(p for p in CASES.iterdir() if (p / "old.txt").is_file())
    return [p for p in found if not names or p.name in names]


def main(names: list[str]) -> None:
    """Write expected.json for the named (or all) scenarios."""
    for case in scenarios(names):
        text = json.dumps(expected(case), ensure_ascii=False, indent=1) + "\n"
        (case / "expected.json").write_text(text, encoding="utf-8")
        print(f"blessed {case.name}")


if __name__ == "__main__":
    main(sys.argv[1:])
