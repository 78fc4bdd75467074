"""What the command line writes: results on standard output; warnings, progress and the
one error line on standard error; and the exit status each failure ends with."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from compare.cli import exitcodes
from compare.errors import ClausediffError
from compare.model import Document
from compare.render import terminal

if TYPE_CHECKING:
    import typer

PROG = "clausediff"


def out(text: str) -> None:
    """Write a result to standard output."""
    sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")


def out_diff(text: str) -> None:
    """Write a summary with token diffs, in colour on a terminal (unless NO_COLOR is set)."""
    color = (
        sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
    )
    out(terminal.colorize(text) if color else text)


def warn(message: str) -> None:
    """One warning line on standard error."""
    print(f"{PROG}: warning: {' '.join(message.split())}", file=sys.stderr)


def warn_document(doc: Document) -> None:
    """Every warning a parsed document carries."""
    for message in terminal.document_warnings(doc):
        warn(message)


def interactive() -> bool:
    """True when progress may be drawn: standard error is a terminal."""
    return sys.stderr.isatty()


@contextlib.contextmanager
def working(description: str) -> Iterator[None]:
    """A spinner on standard error while the block runs (only on a terminal)."""
    if not interactive():
        yield
        return
    from rich.console import Console

    with Console(stderr=True).status(description):
        yield


# ---------------------------------------------------------------- failures


def error_line(message: str) -> str:
    """`clausediff: error: …` on one line."""
    return f"{PROG}: error: {' '.join(message.split())}"


def usage_line(e: typer.TyperException) -> str:
    """A click usage error as one line, with where to find help."""
    ctx = getattr(e, "ctx", None)
    where = ctx.command_path if ctx is not None else PROG
    message = e.format_message().replace("Value error, ", "").rstrip(".")
    return error_line(f"{message[:1].lower()}{message[1:]} (see '{where} --help')")


INTERRUPTED = "interrupted (nothing partial was written)"
TERMINATED = "terminated (nothing partial was written)"


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived: raised where Ctrl-C would be, so that the same clean-up runs."""


@contextlib.contextmanager
def terminate_as_interrupt(seen: list[int]) -> Iterator[None]:
    """While the block runs, SIGTERM is handled like Ctrl-C (workers killed, temporary files
    removed, nothing partial left) and noted in `seen`: the run then ends with status 143."""

    def interrupt(signum: int, frame: object) -> None:
        seen.append(signum)
        raise Terminated

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread: signals cannot be handled here
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def was_terminated(e: BaseException) -> bool:
    """True when `e` is, or was raised because of, SIGTERM (click wraps it in Abort)."""
    return any(isinstance(x, Terminated) for x in (e, e.__cause__, e.__context__))


def typer_errors() -> tuple[tuple[type, ...], tuple[type, ...]]:
    """typer's (abort, usage error) classes; none when this run has not imported typer (the
    plain `diff` path), which then cannot have raised them."""
    typer = sys.modules.get("typer")
    if typer is None:
        return (), ()
    return (typer.Abort,), (typer.TyperException,)


def failure(e: BaseException) -> tuple[str, int]:
    """The one line and the exit status for an exception that ends a run."""
    aborts, usage_errors = typer_errors()
    if was_terminated(e):
        return error_line(TERMINATED), exitcodes.TERMINATED
    if isinstance(e, (*aborts, KeyboardInterrupt)):
        return error_line(INTERRUPTED), exitcodes.INTERRUPTED
    if isinstance(e, usage_errors):
        return usage_line(e), exitcodes.TROUBLE  # type: ignore[arg-type]
    if isinstance(e, ClausediffError):
        return error_line(e.message()), exitcodes.TROUBLE
    if isinstance(e, OSError):
        where = f"{e.filename}: " if e.filename else ""
        why = e.strerror or str(e)
        return error_line(f"{where}{why} (check the path and permissions)"), exitcodes.TROUBLE
    bug = f"unexpected {type(e).__name__}: {e}: this is a bug; please report it"
    return error_line(bug), exitcodes.TROUBLE
