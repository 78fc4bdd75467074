"""What `diff` does once its arguments are read, without typer: the typer command and the
plain path (`plain`) both end here."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path

from compare.cli import options
from compare.cli.commands import (
    compare_documents,
    load_documents,
    output_plan,
    renderer,
    write_outputs,
)
from compare.cli.output import out, out_diff, warn_document, working
from compare.model import Comparison, Settings
from compare.render import terminal
from compare.render.json_out import comparison_chunks


def compare_files(
    old: str, new: str, settings: Settings, quiet: bool = False, jobs: int | None = None
) -> Comparison:
    """Parse and compare two files, warnings on standard error (unless quiet)."""
    options.one_stdin([old, new])
    with working("comparing"):
        docs = load_documents([old, new], settings, jobs)
        for doc in docs if not quiet else ():
            warn_document(doc)
        return compare_documents(docs[0], docs[1], settings, jobs)


def show_pair(
    old: str,
    new: str,
    kind: str,
    settings: Settings,
    files: Mapping[str, Path | None],
    show_unchanged: bool = False,
    jobs: int | None = None,
) -> None:
    """Compare two files, write the report `files` asked for (format → path, or None) and
    print the comparison as `kind` (`table`, `json` or `md`)."""
    plan = output_plan(dict(files), [old, new])
    stdout = None if kind == "table" else renderer(kind)
    cmp = compare_files(old, new, settings, jobs=jobs)
    write_outputs(cmp, plan, [old, new])
    if kind == "json":  # streamed: no whole-report string in memory
        sys.stdout.writelines(comparison_chunks(cmp))
    elif stdout:
        out(stdout(cmp))
    else:
        out_diff(terminal.summary_text(cmp, show_unchanged=show_unchanged))
