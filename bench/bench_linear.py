"""Does cleaning and structure stay linear? Time per input shape as the input doubles.

For each pathological shape (blank lines, one-character lines, a long line without
punctuation, many headings, deep nesting, long runs of digits or Latin text) the input is
built at each size, then read, cleaned and parsed (`parse_source`, the same call
`clausediff parse` makes). Every run is a fresh Python process, so that no run is measured
on the heap an earlier one left, and the runs go round the sizes in turn (1, 2, 4 MB, then
again), so that a change of load on the machine falls on every size alike.

Each size is measured `--repeat` times (default 5); the table gives the medians of CPU time
(user + system of the child, over the measured call only) and of wall time, and the ratio
of the medians per doubling. Linear time doubles with the input: a shape meets the bound when
every CPU-time ratio is at most 2.2×. CPU time is the figure judged: on a shared machine the
wall clock also counts the time other processes held the cores. The load average is printed
at the start, after each shape and at the end.

Usage: python bench/bench_linear.py [--sizes 1m,2m,4m] [--repeat 5] [--shapes blank,digits]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from make_pairs import parse_size

from compare.pipeline import parse_source
from compare.read.source import read_source

SENTENCE = "推进区域协调发展，加快建设现代化经济体系。"
WORDS = "区域协调发展机制健全完善基本公共服务均等化水平明显提高"
LEVELS = ("第一章 总则", "第一节 目标", "一、总体要求", "（一）基本原则", "1.重点任务", "（1）推进")
MAX_RATIO = 2.2
"""The most a doubling of the input may multiply the time by."""
REPEAT = 5
"""Runs per size by default (the median is taken)."""


def repeat_to(unit: str, size: int) -> str:
    """`unit` repeated until the text holds about `size` bytes of UTF-8."""
    return unit * max(1, size // len(unit.encode("utf-8")))


SHAPES: dict[str, Callable[[int], str]] = {
    "blank lines": lambda n: repeat_to("\n", n) + SENTENCE,
    "one-character lines": lambda n: repeat_to("区\n", n),
    "long line, no punctuation": lambda n: repeat_to(WORDS, n),
    "many headings": lambda n: repeat_to("一、总体要求\n", n),
    "deep nesting": lambda n: repeat_to("\n".join(LEVELS) + "\n" + SENTENCE + "\n", n),
    "digits": lambda n: "共计" + repeat_to("1234567890", n) + "元。",
    "Latin text": lambda n: "推进" + repeat_to("Regional coordination ", n) + "。",
    "Latin, no spaces": lambda n: "推进" + repeat_to("abcdefghij", n) + "。",
}
"""Each shape by name: a function from a size in bytes to the text."""


@dataclass(frozen=True)
class Run:
    """One measured call: CPU seconds (user, system) of the process and wall seconds."""

    user: float
    sys: float
    wall: float

    @property
    def cpu(self) -> float:
        """User + system seconds."""
        return self.user + self.sys


def measure(text: str) -> Run:
    """Read, clean and parse `text` from a file once: its CPU and wall seconds."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "shape.txt"
        path.write_text(text, encoding="utf-8")
        before, start = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
        parse_source(read_source(str(path)))
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_SELF)
    return Run(after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime, wall)


def one(name: str, size: int) -> Run:
    """In the fresh process: set-up first (word lists), then the measured run."""
    measure(SHAPES["deep nesting"](10_000))
    return measure(SHAPES[name](size))


def run_apart(name: str, size: int) -> Run:
    """`one` run of a shape and size, in a fresh Python process."""
    done = subprocess.run(
        [sys.executable, __file__, "--one", name, str(size)],
        capture_output=True,
        text=True,
        check=True,
    )
    return Run(**json.loads(done.stdout.splitlines()[-1]))


def runs_of(name: str, sizes: list[int], repeat: int) -> list[list[Run]]:
    """`repeat` runs per size, going round the sizes in turn (so load drifts hit all alike)."""
    runs: list[list[Run]] = [[] for _ in sizes]
    for _ in range(repeat):
        for k, size in enumerate(sizes):
            runs[k].append(run_apart(name, size))
    return runs


def ratios(values: list[float]) -> list[float]:
    """Each value over the one before it."""
    return [b / max(a, 1e-6) for a, b in itertools.pairwise(values)]


def load() -> str:
    """The load average over 1, 5 and 15 minutes."""
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def row(name: str, runs: list[list[Run]]) -> tuple[str, bool]:
    """A shape's Markdown row and whether every CPU ratio per doubling is within MAX_RATIO."""
    cpu = [statistics.median(r.cpu for r in rs) for rs in runs]
    wall = [statistics.median(r.wall for r in rs) for rs in runs]
    cpu_ratios, wall_ratios = ratios(cpu), ratios(wall)
    met = all(r <= MAX_RATIO for r in cpu_ratios)
    cells = [
        name,
        *(f"{t:.2f}" for t in cpu),
        *(f"{t:.2f}" for t in wall),
        *(f"{r:.2f}×" for r in cpu_ratios),
        *(f"{r:.2f}×" for r in wall_ratios),
        load().split()[0],
        "met" if met else "MISSED",
    ]
    return "| " + " | ".join(cells) + " |", met


def header(sizes: list[str]) -> list[str]:
    """The table's heading and rule."""
    steps = [f"{a}→{b}" for a, b in itertools.pairwise(sizes)]
    cols = [
        "shape",
        *(f"CPU s {s}" for s in sizes),
        *(f"wall s {s}" for s in sizes),
        *(f"CPU {s}" for s in steps),
        *(f"wall {s}" for s in steps),
        "load (1 min)",
        f"CPU ratios ≤ {MAX_RATIO}×",
    ]
    return ["| " + " | ".join(cols) + " |", "|---|" + "---:|" * (len(cols) - 2) + "---|"]


def commit() -> str:
    """The checked-out commit, marked when the work tree has changes."""
    here = Path(__file__).resolve().parent

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=here, capture_output=True, text=True).stdout

    return git("rev-parse", "--short", "HEAD").strip() + (
        " (modified)" if git("status", "--porcelain", ":/compare") else ""
    )


def preamble(repeat: int) -> list[str]:
    """Date, commit, machine and load average at the start."""
    return [
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; measured: `{commit()}`",
        f"- Python {platform.python_version()}; cores available: {len(os.sched_getaffinity(0))}",
        f"- {repeat} runs per size, each in a fresh process; medians; bound {MAX_RATIO}×",
        f"- load average (1, 5, 15 min) at the start: {load()}",
    ]


def report(names: list[str], sizes: list[str], repeat: int) -> tuple[str, bool]:
    """The whole printout (rows also go to stderr as they are known) and whether all met."""
    lines = [*preamble(repeat), "", *header(sizes)]
    print("\n".join(lines), file=sys.stderr, flush=True)
    missed = []
    for name in names:
        line, met = row(name, runs_of(name, [parse_size(s) for s in sizes], repeat))
        lines.append(line)
        print(line, file=sys.stderr, flush=True)
        if not met:
            missed.append(name)
    lines += ["", f"- load average (1, 5, 15 min) at the end: {load()}"]
    verdict = f"missed by: {', '.join(missed)}" if missed else "met by every shape"
    lines.append(f"- at most {MAX_RATIO}× per doubling (CPU time, medians): {verdict}")
    return "\n".join(lines), not missed


def main(argv: list[str] | None = None) -> int:
    """Print the table; exit 1 when some shape grows faster than MAX_RATIO per doubling."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1m,2m,4m", help="comma-separated, doubling")
    parser.add_argument("--repeat", type=int, default=REPEAT, help="runs per size (median)")
    parser.add_argument(
        "--shapes", default="", help="comma-separated name beginnings (default: all)"
    )
    parser.add_argument("--one", nargs=2, metavar=("SHAPE", "BYTES"), help="internal")
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(one(args.one[0], int(args.one[1])).__dict__))
        return 0
    names = [s for s in SHAPES if not args.shapes or s.startswith(tuple(args.shapes.split(",")))]
    text, met = report(names, args.sizes.split(","), args.repeat)
    print(text)
    return 0 if met else 1


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
