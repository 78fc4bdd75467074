"""Benchmark of record: clausediff against the difflib baseline, run alternately in one run.

Inputs: the peers pairs (`../shared/bench/peers.py`, 1 MB and 5 MB, written to a temporary
directory through its PEERS_WORK), this repository's generated pairs (bench/make_pairs.py),
the small real pair (2019 → 2020 seeds), the seed timeline, each peers pair's old side
compared with itself (no fuzzy work: the floor under the pair's time), and a 20-version
series (the seeds' policy text, then peers.py's `edit()` applied again for each version)
whose 19 consecutive pairs are compared by one process. Each pair is run as `clausediff diff
OLD NEW --format json` and as the baseline, one after the other, `--repeat` times; the table
gives medians, their ratio, the peak total PSS of the whole process tree, the clauses each
read, and the load average. Writes nothing into the repository unless --markdown FILE is given.

Usage: python bench/bench_peers.py [--repeat 3] [--repeat-large 2] [--repeat-small 11] [--quick]
                                   [--markdown F]
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import math
import os
import random
import runpy
import shlex
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import bench_align as ba
from make_pairs import write_pair

PEERS = ba.REPO.parent / "shared" / "bench" / "peers.py"
SERIES_VERSIONS = 20
PAIR_TARGET = 3.0
"""Each large pair at most this many times the baseline's median, measured in the same run."""
PSS_TARGET_MB = 250
"""The 5 MB peers pair: peak total PSS of all the command's processes."""
SMALL_TARGET, TIMELINE_TARGET, GROWTH_TARGET = 0.30, 1.5, 1.1
MARKERS = ("<!-- peers:start -->", "<!-- peers:end -->")
"""Where in the Markdown file the report goes (bench_align.py has its own markers)."""
SMALL = "small real pair (2019 → 2020)"
SMALL_RUNS = 11
"""Runs of the start-up and the small pair: a fraction of a second each, on a machine whose
speed comes in phases (the small pair took 0.24 s or about 0.36 s from one run to the next),
so a median of three says which phase the three runs fell in more than what the pair costs."""
SMALL_PAIR = (
    "2019-10-17_regional-coordination-mechanism.txt",
    "2020-06-23_western-development-opinions.txt",
)


@dataclass(frozen=True)
class Pair:
    """One input pair of the benchmark: its row name, files, bytes of the old side."""

    name: str
    old: Path
    new: Path
    bytes: int


def load_peers(work: Path) -> ModuleType:
    """peers.py as a module, writing its inputs under `work`."""
    os.environ["PEERS_WORK"] = str(work)
    sys.path.insert(0, str(PEERS.parent))
    import peers

    peers.WORK = work
    return peers


def peers_pairs(peers: ModuleType, sizes: list[str]) -> list[Pair]:
    """The peers inputs of the given sizes (`1MB`, `5MB`)."""
    info = peers.build_inputs(sizes)
    return [
        Pair(f"peers {s}", Path(info[s]["a"]), Path(info[s]["b"]), info[s]["bytes"][0])
        for s in sizes
    ]


def generated_pairs(work: Path, sizes: list[str]) -> list[Pair]:
    """This repository's generated pairs (bench/make_pairs.py) of the given sizes."""
    out = []
    for s in sizes:
        old, new, stats = write_pair(work, ba.parse_size(s))
        out.append(Pair(f"make_pairs {s}", old, new, stats.old_bytes))
    return out


def alternate(tool: list[str], base: list[str] | None, repeat: int, timeout: float) -> ba.Row:
    """Run the tool and the baseline one after the other, `repeat` times (a Row without name)."""
    tool_runs: list[ba.Run] = []
    base_runs: list[ba.Run] = []
    for _ in range(repeat):
        tool_runs.append(ba.run_once(tool, timeout, count=True))
        if base:
            base_runs.append(ba.run_once(base, timeout, count=True))
        if not all(r.ok for r in tool_runs + base_runs):
            break
    return ba.Row("", 0, tool_runs, base_runs)


FLOOR = "old side with itself"
"""The row of a pair's old side compared with itself: every clause anchored by its exact key,
no fuzzy work, so what reading, cleaning, parsing and writing that much text costs whatever
the changes; its baseline is the pair's, the denominator of the target."""


def bench_pair(
    pair: Pair, repeat: int, timeout: float, baseline: bool = True, itself: bool = False
) -> ba.Row:
    """`clausediff diff OLD NEW --format json` and the baseline on one pair, alternately
    (`itself`: the tool on OLD and OLD, the FLOOR row; the baseline still on the pair)."""
    new = pair.old if itself else pair.new
    tool = [*ba.clausediff_command(), "diff", str(pair.old), str(new), "--format", "json"]
    base = [sys.executable, str(ba.BASELINE), str(pair.old), str(pair.new)]
    row = alternate(tool, base if baseline else None, repeat, timeout)
    name = f"{pair.name}: {FLOOR}" if itself else pair.name
    return ba.Row(name, pair.bytes, row.tool, row.base)


def series_files(peers: ModuleType, work: Path) -> list[Path]:
    """Twenty versions: the seeds' policy text, each next one edited again by peers.edit()."""
    pars = [
        p.strip() for seed in peers.SEEDS for p in peers.policy_text(seed).split("\n") if p.strip()
    ]
    paths = []
    for i in range(SERIES_VERSIONS):
        if i:
            pars = peers.edit(pars, random.Random(i))
        path = work / f"series_{i:02d}.txt"
        path.write_text("\n\n".join(pars) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def series_tool(paths: list[str]) -> None:
    """In this process: compare each consecutive pair and render its JSON (to nowhere)."""
    from compare.pipeline import compare_paths
    from compare.render.json_out import comparison_chunks

    with open(os.devnull, "w", encoding="utf-8") as sink:
        for old, new in itertools.pairwise(paths):
            sink.writelines(comparison_chunks(compare_paths(old, new, jobs=1)))


def series_base(paths: list[str]) -> None:
    """In this process: the baseline script on each consecutive pair (output to nowhere)."""
    argv = sys.argv
    with open(os.devnull, "w", encoding="utf-8") as sink, contextlib.redirect_stdout(sink):
        for old, new in itertools.pairwise(paths):
            sys.argv = [str(ba.BASELINE), old, new]
            runpy.run_path(str(ba.BASELINE), run_name="__main__")
    sys.argv = argv


def series_driver(which: str, paths: list[str]) -> None:
    """Entry of the series subprocess: run one side, print `{}` so the run counts as good."""
    (series_tool if which == "tool" else series_base)(paths)
    print("{}")


def bench_series(paths: list[Path], repeat: int, timeout: float) -> ba.Row:
    """The 19 pairs of the series in one process each, tool and baseline alternately."""
    me, files = str(Path(__file__).resolve()), [str(p) for p in paths]
    tool = [sys.executable, me, "--series", "tool", *files]
    base = [sys.executable, me, "--series", "base", *files]
    row = alternate(tool, base, repeat, timeout)
    name = f"series: {len(paths) - 1} pairs in one process"
    return ba.Row(name, paths[0].stat().st_size, row.tool, row.base)


def bench_small(repeat: int, timeout: float) -> ba.Row:
    """The small real pair, whole process."""
    old, new = (ba.REPO / "seeds" / n for n in SMALL_PAIR)
    return bench_pair(Pair(SMALL, old, new, old.stat().st_size), repeat, timeout)


def counts(runs: list[ba.Run]) -> str:
    """`old / new` clauses of the first counted run, or a dash."""
    got = next((r.clauses for r in runs if r.clauses), None)
    return f"{got[0]:,} / {got[1]:,}" if got else "—"


def table(rows: list[ba.Row]) -> list[str]:
    """The results as a Markdown table."""
    lines = [
        "| run | bytes (old side) | clausediff s (median) | difflib s (median) | ratio"
        " | clausediff CPU s | difflib CPU s | CPU ratio"
        " | peak total PSS MB (all processes) | peak RSS MB (largest process)"
        " | difflib peak RSS MB | clauses old / new | difflib sentences old / new | runs | notes |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        t, b = ba.median_s(r.tool), ba.median_s(r.base)
        ct, cb = cpu_s(r.tool), cpu_s(r.base)
        notes = "; ".join(sorted({x.note for x in r.tool + r.base if x.note}))
        cells = [
            r.name,
            f"{r.bytes:,}" if r.bytes else "—",
            ba.fmt(t),
            ba.fmt(b),
            ba.fmt(t / b if t and b else None, "×", 1),
            ba.fmt(ct),
            ba.fmt(cb),
            ba.fmt(ct / cb if ct and cb else None, "×", 1),
            ba.fmt(ba.peak_mb(r.tool, "pss_mb"), digits=0),
            ba.fmt(ba.peak_mb(r.tool), digits=0),
            ba.fmt(ba.peak_mb(r.base), digits=0),
            counts(r.tool),
            counts(r.base),
            str(len(r.tool)),
            notes,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def cpu_s(runs: list[ba.Run]) -> float | None:
    """Median CPU seconds (user + system, all processes) of the successful runs."""
    got = [r.cpu_s for r in runs if r.ok and r.cpu_s is not None]
    return statistics.median(got) if got else None


def ratio_of(
    row: ba.Row | None, median: Callable[[list[ba.Run]], float | None] = ba.median_s
) -> float | None:
    """clausediff's median over the baseline's, for one row (wall time, or `median=cpu_s`)."""
    t, b = (median(row.tool), median(row.base)) if row else (None, None)
    return t / b if t and b else None


def growth(
    one: ba.Row | None,
    five: ba.Row | None,
    side: str = "tool",
    median: Callable[[list[ba.Run]], float | None] = ba.median_s,
) -> float | None:
    """log(t5/t1) / log(n5/n1) between two rows, n in bytes (wall time, or `median=cpu_s`)."""
    if not one or not five:
        return None
    t1, t5 = median(getattr(one, side)), median(getattr(five, side))
    return math.log(t5 / t1) / math.log(five.bytes / one.bytes) if t1 and t5 else None


def verdicts(rows: list[ba.Row]) -> list[str]:
    """Each target with the measured figure and whether it was met."""
    by = {r.name: r for r in rows}
    out = []
    for name in [r.name for r in rows if r.name.startswith(("peers", "make_pairs"))]:
        if name.endswith(FLOOR):
            continue
        x, c = ratio_of(by[name]), ratio_of(by[name], cpu_s)
        out.append(
            f"- {name}: {ba.fmt(x, '×', 1)} the baseline (target ≤ {PAIR_TARGET:g}×)"
            f" — {ba.met(x, PAIR_TARGET + 1e-9)}; in CPU time {ba.fmt(c, '×', 1)}"
        )
    if "peers 5MB" in by:
        pss = ba.peak_mb(by["peers 5MB"].tool, "pss_mb")
        out.append(
            f"- peers 5MB peak memory, total PSS of all processes: {ba.fmt(pss, ' MB', 0)}"
            f" (target ≤ {PSS_TARGET_MB} MB) — {ba.met(pss, PSS_TARGET_MB + 1e-9)}"
        )
    for name, limit in ((SMALL, SMALL_TARGET), (ba.TIMELINE, TIMELINE_TARGET)):
        t = ba.median_s(by[name].tool) if name in by else None
        c = cpu_s(by[name].tool) if name in by else None
        out.append(
            f"- {name}: {ba.fmt(t, ' s')} (target ≤ {limit:g} s) — {ba.met(t, limit + 1e-9)};"
            f" CPU {ba.fmt(c, ' s')}"
        )
    for kind in ("peers", "make_pairs"):
        one, five = (
            by.get(f"{kind} 1MB") or by.get(f"{kind} 1m"),
            by.get(f"{kind} 5MB") or by.get(f"{kind} 5m"),
        )
        g, gb = growth(one, five), growth(one, five, "base")
        c = growth(one, five, "tool", cpu_s)
        if g is not None:
            out.append(
                f"- growth {kind} 1→5 MB: n^{g:.2f} (difflib n^{ba.fmt(gb)};"
                f" target ≤ n^{GROWTH_TARGET:g}) — {ba.met(g, GROWTH_TARGET + 1e-9)};"
                f" in CPU time n^{ba.fmt(c)}"
            )
    out += [
        floor_line(by[r.name.removesuffix(f": {FLOOR}")], r) for r in rows if r.name.endswith(FLOOR)
    ]
    out += [series_line(r) for r in rows if r.name.startswith("series")]
    return out


def floor_line(pair: ba.Row, floor: ba.Row) -> str:
    """What the target leaves for a pair's fuzzy work, against what that work takes now."""
    t, f = ba.median_s(pair.tool), ba.median_s(floor.tool)
    b = statistics.median([x for x in (ba.median_s(pair.base), ba.median_s(floor.base)) if x])
    left = PAIR_TARGET * b - f if f else None
    now = t - f if t and f else None
    return (
        f"- {pair.name}: its old side with itself takes {ba.fmt(f, ' s')},"
        f" {ba.fmt(f / b if f else None, '×', 1)} the pair's baseline ({ba.fmt(b, ' s')}):"
        f" {PAIR_TARGET:g}× leaves {ba.fmt(left, ' s')} for aligning and classifying what"
        f" the edits changed, which takes {ba.fmt(now, ' s')} now (the pair less the floor)"
    )


def series_line(row: ba.Row) -> str:
    """Pairs per second of the series, for the tool and the baseline."""
    t, b = ba.median_s(row.tool), ba.median_s(row.base)
    pairs = SERIES_VERSIONS - 1
    return (
        f"- series throughput, one process: clausediff {rate(t, pairs)}, difflib {rate(b, pairs)}"
    )


def rate(seconds: float | None, pairs: int) -> str:
    """`2.0 pairs/s (0.500 s a pair)`, or a dash."""
    return f"{pairs / seconds:.1f} pairs/s ({seconds / pairs:.3f} s a pair)" if seconds else "—"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--peers", default="1MB,5MB", help="peers.py input sizes")
    ap.add_argument("--pairs", default="1m,5m", help="make_pairs.py sizes (empty: none)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per input under 2 MB (median)")
    ap.add_argument("--repeat-large", type=int, default=2, help="runs per input of 2 MB or more")
    ap.add_argument(
        "--repeat-small",
        type=int,
        default=SMALL_RUNS,
        help="runs of the start-up and of the small pair (median)",
    )
    ap.add_argument("--quick", action="store_true", help="1 MB inputs only, one run each")
    ap.add_argument("--timeout", type=float, default=600, help="seconds before a run is killed")
    ap.add_argument("--command", help="the command to measure, e.g. 'python -m compare'")
    ap.add_argument("--label", help="what is measured (default: git describe at the start)")
    ap.add_argument(
        "--markdown", type=Path, help="also write the report to FILE (between its peers markers)"
    )
    ap.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="measure with the environment as it is (PYTHONDONTWRITEBYTECODE kept if set)",
    )
    ap.add_argument("--series", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.quick:
        args.peers, args.pairs, args.repeat, args.repeat_large = "1MB", "1m", 1, 1
        args.repeat_small = 1
    return args


def bytecode_cache(work: Path) -> str:
    """Let the measured commands keep their compiled modules in `work`, as an installed
    package has them (pip compiles on install; PYTHONDONTWRITEBYTECODE would otherwise make
    every run compile every module again), and warm that cache once. Says what was done."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    old, new = (ba.REPO / "seeds" / n for n in SMALL_PAIR)
    ba.run_once([*ba.clausediff_command(), "diff", str(old), str(new), "--format", "json"], 600)
    return "- modules byte-compiled (cache in the run's temporary directory), as when installed"


def bytecode_as_is() -> str:
    """What the environment does with compiled modules, for the report."""
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        return "- modules not byte-compiled (PYTHONDONTWRITEBYTECODE set): every run compiles them"
    return "- compiled modules as the environment keeps them"


def run_all(args: argparse.Namespace, work: Path) -> list[ba.Row]:
    """Every row of the benchmark, in the order of the table."""
    peers = load_peers(work)
    split = lambda s: [x for x in s.split(",") if x]  # noqa: E731
    pairs = peers_pairs(peers, split(args.peers)) + generated_pairs(work, split(args.pairs))
    rows = [
        ba.bench_startup(args.repeat_small, args.timeout),
        bench_small(args.repeat_small, args.timeout),
    ]
    rows += ba.bench_timeline(args.repeat, args.timeout, serial=False)
    for pair in pairs:
        repeat = args.repeat_large if pair.bytes >= ba.LARGE else args.repeat
        rows.append(bench_pair(pair, repeat, args.timeout))
        print("\n".join(table(rows)[-1:]), file=sys.stderr, flush=True)
        if pair.name.startswith("peers"):
            rows.append(bench_pair(pair, repeat, args.timeout, itself=True))
            print("\n".join(table(rows)[-1:]), file=sys.stderr, flush=True)
    rows.append(bench_series(series_files(peers, work), args.repeat_large, args.timeout))
    return rows


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print (and optionally write) the report."""
    args = parse_args(argv)
    if args.series:
        series_driver(args.series[0], args.series[1:])
        return 0
    ba.COMMAND[:] = shlex.split(args.command or "")
    measured, start = args.label or ba.describe_commit(), time.perf_counter()
    load = "- load average (1, 5, 15 min) at the start: {:.1f} {:.1f} {:.1f}".format(
        *os.getloadavg()
    )
    with tempfile.TemporaryDirectory(prefix="clausediff-peers-") as tmp:
        how = bytecode_cache(Path(tmp)) if not args.no_bytecode_cache else bytecode_as_is()
        rows = run_all(args, Path(tmp))
    took = f"- whole benchmark: {(time.perf_counter() - start) / 60:.1f} min"
    report = [*ba.machine(measured), load, how, "", *table(rows), "", *verdicts(rows), took]
    print("\n".join(report))
    if args.markdown:
        ba.write_markdown(args.markdown, report, *MARKERS)
    return 0 if all(r.ok for row in rows for r in row.tool + row.base) else 2


if __name__ == "__main__":
    sys.exit(main())
