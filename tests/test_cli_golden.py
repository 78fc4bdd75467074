"""Golden outputs of the terminal, parse and CI renderers on a hand-built comparison.

Re-bless after an intended change of format: `CLAUSEDIFF_BLESS=1 .venv/bin/pytest
tests/test_cli_golden.py`, then review `git diff tests/cases/cli` — it is the new truth.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from clitools import sample_comparison

from compare.cli import github as ci
from compare.cli.options import DEFAULT_FAIL_ON, failing_changes, parse_fail_on
from compare.render import document, terminal

GOLDEN = Path(__file__).resolve().parent / "cases" / "cli"


def rendered() -> dict[str, str]:
    """Every golden output, by file name."""
    cmp = sample_comparison()
    failing = failing_changes(cmp, parse_fail_on(DEFAULT_FAIL_ON))
    return {
        "summary.txt": terminal.summary_text(cmp),
        "summary-unchanged.txt": terminal.summary_text(cmp, show_unchanged=True),
        "parse-table.txt": document.document_table(cmp.old),
        "step-summary.md": ci.step_summary(cmp, failing, html="out/pair.html"),
        "annotations.txt": "\n".join(ci.annotations(cmp, failing)) + "\n",
    }


@pytest.mark.parametrize("name", sorted(rendered()))
def test_golden_output(name):
    text = rendered()[name]
    path = GOLDEN / name
    if os.environ.get("CLAUSEDIFF_BLESS"):
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")
