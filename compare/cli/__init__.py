"""The command line on top of the library. Entry point: `main` (the console script).

`main` lives in `console`, which imports the typer app (or, for a plain `diff`, the `plain`
path) only inside its Ctrl-C guard, so this package imports nothing heavy."""

from compare.cli.console import main

__all__ = ["main"]
