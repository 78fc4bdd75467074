"""Does cleaning and structure stay linear? Time per input shape as the input doubles.

For each pathological shape (blank lines, one-character lines, a long line without
punctuation, many headings, deep nesting, long runs of digits or Latin text) the input is
built at each size, then read, cleaned and parsed (`parse_source`, the same call
`clausediff parse` makes) in a fresh process per size, so that a size is not measured on the
heap the sizes before it left; the median of `--repeat` runs is printed with the ratio to the
size before. Linear time doubles with the input: a ratio above 2.2 is marked.
Times are CPU seconds of this process (`time.process_time`): on a shared machine the wall
clock also counts the time other processes held the cores, which says nothing about growth.

Usage: python bench/bench_linear.py [--sizes 1m,2m,4m] [--repeat 3] [--shapes blank,digits]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from make_pairs import parse_size

from compare.pipeline import parse_source
from compare.read.source import read_source

SENTENCE = "推进区域协调发展，加快建设现代化经济体系。"
WORDS = "区域协调发展机制健全完善基本公共服务均等化水平明显提高"
LEVELS = ("第一章 总则", "第一节 目标", "一、总体要求", "（一）基本原则", "1.重点任务", "（1）推进")
MAX_RATIO = 2.2
"""The most a doubling of the input may multiply the time by."""


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


def seconds(text: str, repeat: int) -> float:
    """Median CPU seconds of reading, cleaning and parsing `text` from a file."""
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "shape.txt"
        path.write_text(text, encoding="utf-8")
        for _ in range(repeat):
            start = time.process_time()
            parse_source(read_source(str(path)))
            times.append(time.process_time() - start)
    return statistics.median(times)


def seconds_apart(name: str, size: int, repeat: int) -> float:
    """`seconds` of one shape and size, measured in a fresh Python process."""
    run = subprocess.run(
        [sys.executable, __file__, "--one", name, str(size), str(repeat)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(run.stdout.split()[-1])


def one(name: str, size: int, repeat: int) -> float:
    """In the fresh process: set-up first (word lists), then the measured runs."""
    seconds(SHAPES["deep nesting"](10_000), 1)
    return seconds(SHAPES[name](size), repeat)


def rows(shapes: list[str], sizes: list[int], repeat: int) -> list[str]:
    """One Markdown row per shape: seconds at each size and the ratio to the size before."""
    out = []
    for name in shapes:
        cells, ratios, before = [], [], 0.0
        for size in sizes:
            t = seconds_apart(name, size, repeat)
            cells.append(f"{t:.2f}")
            if before:
                ratios.append(t / before)
            before = max(t, 1e-6)
        worst = max(ratios, default=0.0)
        verdict = "linear" if worst <= MAX_RATIO else f"NOT linear (> {MAX_RATIO}×)"
        shown = " / ".join(f"{r:.2f}×" for r in ratios)
        out.append(f"| {name} | {' | '.join(cells)} | {shown} | {verdict} |")
        print(out[-1], file=sys.stderr, flush=True)  # progress: a row as soon as it is known
    return out


def table(shapes: list[str], sizes: list[str], repeat: int) -> str:
    """The Markdown table for these shapes and sizes."""
    head = f"| shape | {' | '.join(f'{s} (CPU s)' for s in sizes)} | ratio per doubling | |"
    rule = "|---|" + "---:|" * len(sizes) + "---|---|"
    body = rows(shapes, [parse_size(s) for s in sizes], repeat)
    return "\n".join([head, rule, *body])


def main(argv: list[str] | None = None) -> int:
    """Print the table; exit 1 when some shape grows faster than MAX_RATIO per doubling."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1m,2m,4m", help="comma-separated, doubling")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size (median)")
    parser.add_argument("--shapes", default="", help="comma-separated names (default: all)")
    parser.add_argument("--one", nargs=3, metavar=("SHAPE", "BYTES", "REPEAT"), help="internal")
    args = parser.parse_args(argv)
    if args.one:
        print(one(args.one[0], int(args.one[1]), int(args.one[2])))
        return 0
    names = [s for s in SHAPES if not args.shapes or s.split()[0] in args.shapes.split(",")]
    text = table(names, args.sizes.split(","), args.repeat)
    print(text)
    return 1 if "NOT linear" in text else 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
