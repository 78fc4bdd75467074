"""Parameter declarations of the command line: choice types and the options commands share
(`diff --format`'s choices are in `choices`, which does not import typer)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class Show(StrEnum):
    """What `diff --show` adds to the summary."""

    unchanged = "unchanged"


class Format(StrEnum):
    """What `parse` and `timeline` print."""

    table = "table"
    json = "json"


class TimelineFormat(StrEnum):
    """What `timeline` prints: the thread list, its JSON, or the thread × version table."""

    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class Order(StrEnum):
    """How versions are ordered."""

    date = "date"
    given = "given"


class Driver(StrEnum):
    """Which git diff driver `git-config` sets up."""

    textconv = "textconv"
    command = "command"


# ---------------------------------------------------------------- shared options

FileArg = Annotated[
    str, typer.Argument(metavar="FILE", help="Input file (`-` for standard input).")
]
MaxSize = Annotated[
    str | None,
    typer.Option(
        "--max-size", metavar="SIZE", help="Refuse inputs larger than this: 20M, 1G, 500K, bytes."
    ),
]
MatchThreshold = Annotated[
    float | None,
    typer.Option(
        help="Least similarity (0..1) for a whole-clause link.", rich_help_panel="Thresholds"
    ),
]
ContainmentThreshold = Annotated[
    float | None,
    typer.Option(
        help="Least share (0..1) of a clause found in another.", rich_help_panel="Thresholds"
    ),
]
MovedMinDistance = Annotated[
    int | None,
    typer.Option(
        help="An identical clause is moved when displaced this far.", rich_help_panel="Thresholds"
    ),
]
SettingPairs = Annotated[
    list[str] | None,
    typer.Option(
        "--setting",
        metavar="NAME=VALUE",
        help="Any named setting, e.g. max_group=3 (repeat).",
        rich_help_panel="Thresholds",
    ),
]
Jobs = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        metavar="N",
        envvar="CLAUSEDIFF_JOBS",
        help="Worker processes for large inputs (default: one per core; 1: none).",
    ),
]
OutFile = Annotated[Path | None, typer.Option(metavar="FILE", dir_okay=False)]
KeepTrailing = Annotated[
    bool,
    typer.Option(
        "--keep-trailing", help="Keep text cut as newspaper articles after a document's end."
    ),
]
