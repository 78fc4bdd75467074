"""The command line: thin typer commands over the library; the only place that prints and exits."""

from __future__ import annotations

import sys
from enum import StrEnum

import typer

from compare import exitcodes
from compare.errors import ClausediffError
from compare.pipeline import compare_paths, load_document
from compare.render.json_out import comparison_dict, dumps

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, no_args_is_help=True)


class Format(StrEnum):
    table = "table"
    json = "json"


@app.command()
def diff(old: str, new: str, format: Format = Format.table) -> None:
    """Compare two files clause by clause."""
    cmp = compare_paths(old, new)
    if format is Format.json:
        sys.stdout.write(dumps(comparison_dict(cmp)) + "\n")
    else:
        for k, v in cmp.summary().items():
            print(f"{k}: {v}")


@app.command()
def parse(path: str) -> None:
    """Parse one file and print its clauses."""
    doc = load_document(path)
    for c in doc.clauses:
        print(c.id, "/".join(c.section), c.text)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except ClausediffError as e:
        print(f"clausediff: {e.message()}", file=sys.stderr)
        sys.exit(exitcodes.TROUBLE)


if __name__ == "__main__":
    main()
