"""The console script: Ctrl-C during start-up ends as quietly as Ctrl-C during the work."""

from __future__ import annotations

import gc
import importlib
import os
import sys
from collections.abc import Callable, Sequence

from compare.cli import exitcodes
from compare.memory import deferring, without_cycle_collection

with deferring("ipaddress"):  # imported by `urllib.parse`, which `pathlib` imports
    from compare.cli.patterns import keep_compiled_patterns

INTERRUPTED_LINE = "clausediff: error: interrupted (nothing partial was written)"
"""As `cli_io` words it (a test keeps them equal); that module is not imported yet here."""


def main() -> None:
    """Import the command line (a few tenths of a second) and run it; an interrupt while
    importing gets the same one line and status 130 as one while working.

    The collector is paused while importing: the modules' classes, functions and patterns
    form no garbage, and its young collections would walk them again and again. Regular
    expressions compile from the programs earlier runs kept (`patterns`); the ones new to this
    run are kept for the next at the end. A plain `diff OLD NEW [--format F]` runs without
    typer (`plain`)."""
    save_patterns = keep_compiled_patterns()
    try:
        with without_cycle_collection():
            run = command_line(sys.argv[1:])
    except KeyboardInterrupt:
        print(INTERRUPTED_LINE, file=sys.stderr)
        sys.exit(exitcodes.INTERRUPTED)
    status = run()
    save_patterns()
    spare_the_final_collections()
    sys.exit(status)


EVERY_RUN_IMPORTS = {"dataclasses": ("inspect",)}
"""Modules every command imports (module → the modules it imports and rarely uses):
`dataclasses` reads a signature with `inspect` (which brings `ast`, `dis` and `tokenize`) only
for a class without a docstring."""
A_PAIR_IMPORTS = {"logging": ("traceback",)}
"""The same for the modules comparing a pair imports: jieba's `logging` formats a traceback
only when an exception is logged."""
# `ipaddress` likewise, above: `urllib.parse` checks a URL's bracketed host with it


def import_without_unused(imports: dict[str, tuple[str, ...]]) -> None:
    """Import each module, the modules it rarely uses imported only if it uses them
    (`deferring`; with `ipaddress`, 2.6% of a small pair's instructions)."""
    for module, rarely_used in imports.items():
        with deferring(*rarely_used):
            importlib.import_module(module)


def command_line(args: Sequence[str]) -> Callable[[], int]:
    """What runs `args`: the plain `diff` path when they are of its shape, else the typer app."""
    import_without_unused(EVERY_RUN_IMPORTS)
    from compare.cli.plain import plain_diff, run_plain

    call = plain_diff(args, os.environ)
    if call is not None:
        import_without_unused(A_PAIR_IMPORTS)
        return lambda: run_plain(call)
    from compare.cli.app import run

    return run


def spare_the_final_collections() -> None:
    """Freeze every object the run made before the interpreter ends.

    The interpreter collects garbage as it shuts down, walking every object still alive (the
    documents, the word dictionary, the modules): 3% of a small pair's instructions, to free
    memory the system takes back a moment later anyway. Frozen objects are not walked. Exit
    hooks still run (temporary directories are removed, workers stopped); only a `__del__`
    of an object caught in a reference cycle may not, which Python never promises at exit."""
    gc.freeze()
