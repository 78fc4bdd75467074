"""What `diff` does once its arguments are read, without typer: the typer command and the
plain path (`plain`) both end here."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path

from compare import outputs
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
from compare.parallel import worker_count
from compare.render import terminal
from compare.render.json_out import comparison_halves


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
    workers = json_workers(cmp, jobs)
    write_outputs(cmp, plan, [old, new], workers)
    if kind == "json":  # streamed: no whole-report string in memory
        first, later = comparison_halves(cmp)
        outputs.stream_chunks(sys.stdout, first, later, workers)
    elif stdout:
        out(stdout(cmp))
    else:
        out_diff(terminal.summary_text(cmp, show_unchanged=show_unchanged))


JSON_IN_TWO_FROM = 250_000
"""Characters in a pair (both clean texts) from which its JSON is written by two processes
(`outputs.in_two`): below, forking and copying cost about what half the JSON saves."""
JSON_IN_TWO_BELOW = 2_000_000
"""Characters in a pair below which its JSON is written by two processes: each copies every
page it touches that they shared (the refcounts of the clauses and changes it reads), which
would lift the 5 MB pair (3.5 million characters) from ~210 to ~305 MB of total PSS."""


def json_workers(cmp: Comparison, jobs: int | None) -> int:
    """How many processes write `cmp`'s JSON: two for a large pair (but not too large)
    where `jobs` allows a second core (`parallel.worker_count`), else one."""
    chars = len(cmp.old.clean.text) + len(cmp.new.clean.text)
    if not JSON_IN_TWO_FROM <= chars < JSON_IN_TWO_BELOW:
        return 1
    return worker_count(jobs, 2, chars)
