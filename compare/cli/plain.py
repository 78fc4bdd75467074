"""`clausediff diff OLD NEW [--format FORMAT]` run without typer.

The call that scripts and corpus runs make again and again. typer, click and what they
import (`inspect`, `subprocess`, `difflib`, …) are about 6% of a small pair's instructions;
arguments of this one shape are read here instead, with the meaning click gives them, and
the run ends as the typer app's `run` ends it. Any other arguments, or an environment
variable typer would read, go to the typer app, which also words every usage error."""

from __future__ import annotations

import errno
import sys
from collections.abc import Callable, Mapping, Sequence

from compare.cli import exitcodes
from compare.cli.choices import PairFormat
from compare.cli.commands import make_settings
from compare.cli.output import (
    INTERRUPTED,
    Terminated,
    error_line,
    failure,
    terminate_as_interrupt,
)
from compare.cli.pair import show_pair

FORMAT_OPTIONS = ("--format", "-f")
PAIR_FORMATS = frozenset(f.value for f in PairFormat)
TYPER_READS = ("CLAUSEDIFF_JOBS", "_CLAUSEDIFF_COMPLETE")
"""Environment variables typer reads for `diff`: `--jobs`, and shell completion's request."""
REPORT_FILES = ("html", "json", "md", "csv", "tei")
"""The report files `diff` writes when asked (none on the plain path)."""

PlainDiff = tuple[str, str, str]
"""(old, new, format) of a plain `diff` call."""


def plain_diff(args: Sequence[str], environ: Mapping[str, str]) -> PlainDiff | None:
    """(OLD, NEW, FORMAT) when `args` are `diff` and two files, with at most one `--format F`,
    `-f F` or `--format=F` (F one of `PairFormat`) anywhere after `diff`, and `environ` holds
    nothing typer reads; None otherwise."""
    if not args or args[0] != "diff" or any(name in environ for name in TYPER_READS):
        return None
    files: list[str] = []
    formats: list[str | None] = []
    words = iter(args[1:])
    for word in words:
        if word in FORMAT_OPTIONS:
            formats.append(next(words, None))
        elif word.startswith("--format="):
            formats.append(word.removeprefix("--format="))
        elif word == "-" or not word.startswith("-"):
            files.append(word)
        else:
            return None
    kind = formats[0] if formats else PairFormat.table.value
    if len(files) != 2 or len(formats) > 1 or kind not in PAIR_FORMATS:
        return None
    return files[0], files[1], kind


def run_plain(call: PlainDiff) -> int:
    """Run a plain `diff` and return its exit status, each failure one line on standard
    error, as `app.run` does."""
    old, new, kind = call
    terminated: list[int] = []
    try:
        with terminate_as_interrupt(terminated):
            status = ended_as_typer_ends(lambda: show_plain(old, new, kind))
    except (Exception, KeyboardInterrupt) as e:
        line, status = failure(e)
    else:
        if status != exitcodes.INTERRUPTED:
            return status
        line = error_line(INTERRUPTED)
    if terminated:
        line, status = failure(Terminated())
    print(line, file=sys.stderr)
    return status


def show_plain(old: str, new: str, kind: str) -> None:
    """`diff` with every option but the format at its default."""
    settings = make_settings()
    show_pair(old, new, kind, settings, dict.fromkeys(REPORT_FILES))


def ended_as_typer_ends(command: Callable[[], object]) -> int:
    """Run `command` and end as typer's main ends a command (not standalone): an interrupt
    is status 130; end of input a blank line and an interrupt; a broken pipe status 1 with
    the standard streams' flushes made quiet; anything else raised on."""
    try:
        command()
    except EOFError as e:
        print(file=sys.stderr)
        raise KeyboardInterrupt from e
    except KeyboardInterrupt:
        return exitcodes.INTERRUPTED
    except OSError as e:
        if e.errno != errno.EPIPE:
            raise
        from typer._click.utils import PacifyFlushWrapper  # as typer leaves a closed pipe

        sys.stdout = PacifyFlushWrapper(sys.stdout)  # type: ignore[assignment]
        sys.stderr = PacifyFlushWrapper(sys.stderr)  # type: ignore[assignment]
        sys.exit(1)
    return exitcodes.SAME
