"""Benchmark: wall time and peak memory of `clausediff diff` against the difflib baseline.

Generates pairs from the seeds (bench/make_pairs.py) into a temporary directory, runs
`clausediff diff OLD NEW --format json` and the difflib baseline on each as subprocesses
(start-up included), and times the whole seed timeline. Prints a table; writes nothing
into the repository unless --markdown FILE is given.

Usage: python bench/bench_align.py [--sizes 100k,1m,5m] [--repeat 3] [--quick] [--markdown F]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from make_pairs import parse_size, write_pair

REPO = Path(__file__).resolve().parent.parent
BASELINE = REPO.parent / "shared" / "eval" / "baseline_difflib.py"
GNU_TIME = Path("/usr/bin/time") if Path("/usr/bin/time").exists() else None
"""Measures a command's own peak memory; without it `wait4` is used (see run_once)."""
LARGE = 2_000_000
"""Pairs at least this large per side are run --repeat-large times."""
TARGETS = {"timeline": 3.0, "1000000": 4.0, "5000000": 15.0}
"""Wall-time targets in seconds on the 2-core machine."""
RSS_TARGET_MB = 500
GROWTH_TARGET = 1.1


@dataclass(frozen=True)
class Run:
    """One subprocess: wall seconds, peak resident memory, and whether it succeeded."""

    seconds: float
    rss_mb: float
    ok: bool
    note: str = ""


@dataclass(frozen=True)
class Row:
    """One line of the table: a median over repetitions for the tool and the baseline."""

    name: str
    bytes: int
    tool: list[Run]
    base: list[Run]


COMMAND: list[str] = []
"""The command under test (set from --command; default: the repository's own clausediff)."""


def clausediff_command() -> list[str]:
    """The command under test, preferring the repository's virtual environment."""
    if COMMAND:
        return COMMAND
    local = REPO / ".venv" / "bin" / "clausediff"
    return [str(local)] if local.exists() else [shutil.which("clausediff") or "clausediff"]


def run_once(cmd: list[str], timeout: float, expect_json: bool = True) -> Run:
    """Run a command with output to scratch files: wall time and the peak RSS of the command.

    The peak comes from GNU time (`/usr/bin/time -f %M`) when present: `wait4` alone would
    report this script's own peak for a child started by vfork, since exec carries it over.
    """
    with tempfile.TemporaryDirectory() as tmp:
        rss_file = Path(tmp) / "rss"
        wrapped = [str(GNU_TIME), "-f", "%M", "-o", str(rss_file), *cmd] if GNU_TIME else cmd
        out_path, err_path = Path(tmp) / "out", Path(tmp) / "err"
        with out_path.open("wb") as out, err_path.open("wb") as err:
            start = time.perf_counter()
            proc = subprocess.Popen(
                wrapped, stdout=out, stderr=err, cwd=tmp, start_new_session=True
            )
            timer = threading.Timer(timeout, os.killpg, (proc.pid, signal.SIGKILL))
            timer.start()
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - start
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        rss_kb = peak_kb(rss_file) or usage.ru_maxrss
        body = out_path.read_bytes() if expect_json else b"{}"
        ok, note = check_output(proc.returncode, body, err_path.read_bytes(), seconds >= timeout)
    return Run(seconds, rss_kb / 1024, ok, note)


def peak_kb(rss_file: Path) -> int:
    """The peak RSS in KB that GNU time wrote (its last line), else 0."""
    lines = rss_file.read_text().split() if rss_file.exists() else []
    return int(lines[-1]) if lines and lines[-1].isdigit() else 0


def check_output(code: int, out: bytes, err: bytes, timed_out: bool) -> tuple[bool, str]:
    """A run succeeded when it exited 0 or 1 and printed a JSON object."""
    if timed_out:
        return False, "timed out"
    if code not in (0, 1):
        return False, f"exit {code}: {last_line(err)}"
    try:
        data = json.loads(out)
    except ValueError:
        return False, "not JSON: " + last_line(err)
    return isinstance(data, dict), ""


def last_line(err: bytes) -> str:
    """The last line of an error output, shortened, for the notes column."""
    lines = err.decode(errors="replace").strip().splitlines() or [""]
    return lines[-1][:160].replace("|", "/")


def measure(cmd: list[str], repeat: int, timeout: float) -> list[Run]:
    """Repeat a command; stop early when a run fails."""
    runs: list[Run] = []
    for _ in range(repeat):
        runs.append(run_once(cmd, timeout))
        if not runs[-1].ok:
            break
    return runs


def median_s(runs: list[Run]) -> float | None:
    """Median wall seconds of the successful runs (None when none succeeded)."""
    good = [r.seconds for r in runs if r.ok]
    return statistics.median(good) if good else None


def peak_mb(runs: list[Run]) -> float | None:
    """Largest peak RSS of the successful runs."""
    good = [r.rss_mb for r in runs if r.ok]
    return max(good) if good else None


def bench_pair(size: int, work: Path, repeat: int, timeout: float) -> Row:
    """Generate one pair and time the tool and the baseline on it."""
    old, new, stats = write_pair(work, size)
    tool = measure(
        [*clausediff_command(), "diff", str(old), str(new), "--format", "json"], repeat, timeout
    )
    base = measure([sys.executable, str(BASELINE), str(old), str(new)], repeat, timeout)
    return Row(f"pair {label(size)}", stats.old_bytes, tool, base)


def timeline_command() -> list[str]:
    """`clausediff timeline seeds/*.txt --format json`, or a small driver when it is missing."""
    seeds = [str(p) for p in sorted((REPO / "seeds").glob("*.txt"))]
    probe = subprocess.run(
        [*clausediff_command(), "timeline", "--help"],
        capture_output=True,
        cwd=tempfile.gettempdir(),
    )
    if probe.returncode == 0:
        return [*clausediff_command(), "timeline", *seeds, "--format", "json"]
    driver = (
        "import sys, json; from compare.pipeline import timeline_paths; "
        "t = timeline_paths(sys.argv[1:]); print(json.dumps({'threads': len(t.threads)}))"
    )
    return [sys.executable, "-c", driver, *seeds]


def bench_timeline(repeat: int, timeout: float) -> Row:
    """Time the whole seed timeline (five documents, four pairs and the threads)."""
    size = sum(p.stat().st_size for p in (REPO / "seeds").glob("*.txt"))
    return Row("seed timeline (5 docs)", size, measure(timeline_command(), repeat, timeout), [])


def bench_startup(repeat: int, timeout: float) -> Row:
    """Time `clausediff --version`: interpreter and import start-up alone."""
    cmd = [*clausediff_command(), "--version"]
    return Row(
        "start-up (--version)", 0, [run_once(cmd, timeout, False) for _ in range(repeat)], []
    )


def label(size: int) -> str:
    """`100k`, `1m`, `5m`."""
    return f"{size // 1_000_000}m" if size % 1_000_000 == 0 else f"{size // 1000}k"


def fmt(x: float | None, unit: str = "", digits: int = 2) -> str:
    """A figure, or a dash when missing."""
    return "—" if x is None else f"{x:.{digits}f}{unit}"


def table(rows: list[Row]) -> list[str]:
    """The results as a Markdown table."""
    lines = [
        "| run | bytes/side | clausediff s (median) | peak RSS MB | difflib s | difflib RSS MB"
        " | ratio | runs | notes |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        t, b = median_s(r.tool), median_s(r.base)
        ratio = t / b if t is not None and b else None
        notes = "; ".join(sorted({x.note for x in r.tool + r.base if x.note}))
        cells = [
            r.name,
            f"{r.bytes:,}" if r.bytes else "—",
            fmt(t),
            fmt(peak_mb(r.tool), digits=0),
            fmt(b),
        ]
        cells += [fmt(peak_mb(r.base), digits=0), fmt(ratio, "×", 1), str(len(r.tool)), notes]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def growth(rows: list[Row], which: str) -> float | None:
    """log(t5/t1)/log(5) between the 1 MB and 5 MB pairs (None when either is missing)."""
    by = {r.name: median_s(r.tool if which == "tool" else r.base) for r in rows}
    t1, t5 = by.get("pair 1m"), by.get("pair 5m")
    return math.log(t5 / t1) / math.log(5) if t1 and t5 else None


def verdicts(rows: list[Row]) -> list[str]:
    """Each target with the measured figure and whether it was met."""
    by = {r.name: r for r in rows}
    out = []
    for key, limit in TARGETS.items():
        name = "seed timeline (5 docs)" if key == "timeline" else f"pair {label(int(key))}"
        t = median_s(by[name].tool) if name in by else None
        if name in by:
            out.append(f"- {name}: {fmt(t, ' s')} (target < {limit:g} s) — {met(t, limit)}")
    if "pair 5m" in by:
        rss = peak_mb(by["pair 5m"].tool)
        out.append(f"- pair 5m peak RSS: {fmt(rss, ' MB', 0)} (target < 500 MB) — {met(rss, 500)}")
    g, gb = growth(rows, "tool"), growth(rows, "base")
    if g is not None:
        out.append(
            f"- growth 1m→5m: n^{g:.2f} (difflib n^{fmt(gb)}; target ≤ n^1.1) — {met(g, 1.1001)}"
        )
    return out


def met(x: float | None, limit: float) -> str:
    """`met`, `missed` or `not measured`."""
    return "not measured" if x is None else ("met" if x < limit else "missed")


def describe_commit() -> str:
    """`git describe --always --dirty` of the repository ('unknown' outside git)."""
    done = subprocess.run(
        ["git", "describe", "--always", "--dirty"], capture_output=True, text=True, cwd=REPO
    )
    return done.stdout.strip() or "unknown"


def machine(measured: str) -> list[str]:
    """Where and on what the figures were taken."""
    cpu = next(
        (
            ln.split(":", 1)[1].strip()
            for ln in Path("/proc/cpuinfo").read_text().splitlines()
            if ln.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return [
        f"- date: {now}; measured: `{measured}`",
        f"- CPU: {cpu}; cores available: {len(os.sched_getaffinity(0))} (nproc)",
        f"- Python {platform.python_version()} on {platform.system()} {platform.release()}",
        "- load average (1, 5, 15 min) at the end: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()),
    ]


START, END = "<!-- results:start -->", "<!-- results:end -->"


def write_markdown(path: Path, report: list[str]) -> None:
    """Write the report to path, or only between its results markers when it has them."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    block = "\n".join(report)
    if START in old and END in old:
        head, rest = old.split(START, 1)
        text = f"{head}{START}\n{block}\n{END}{rest.split(END, 1)[1]}"
    else:
        text = block + "\n"
    path.write_text(text, encoding="utf-8")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100k,1m,5m", help="pair sizes per side (k=1e3, m=1e6)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per pair under 2 MB (median)")
    ap.add_argument("--repeat-large", type=int, default=2, help="runs per pair of 2 MB or more")
    ap.add_argument("--quick", action="store_true", help="100k and 1m, one run each")
    ap.add_argument("--no-timeline", action="store_true", help="skip the seed timeline")
    ap.add_argument("--timeout", type=float, default=600, help="seconds before a run is killed")
    ap.add_argument("--keep", type=Path, help="write the pairs here instead of a temp dir")
    ap.add_argument("--command", help="the command to measure, e.g. 'python -m compare'")
    ap.add_argument("--label", help="what is measured (default: git describe at the start)")
    ap.add_argument(
        "--markdown",
        type=Path,
        help="also write the table and figures to FILE (between its results markers if any)",
    )
    args = ap.parse_args(argv)
    if args.quick:
        args.sizes, args.repeat, args.repeat_large = "100k,1m", 1, 1
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print (and optionally write) the results."""
    args = parse_args(argv)
    COMMAND[:] = shlex.split(args.command or "")
    measured = args.label or describe_commit()
    rows: list[Row] = [bench_startup(args.repeat, args.timeout)]
    with tempfile.TemporaryDirectory(prefix="clausediff-bench-") as tmp:
        work = args.keep or Path(tmp)
        for size in (parse_size(s) for s in args.sizes.split(",")):
            repeat = args.repeat_large if size >= LARGE else args.repeat
            rows.append(bench_pair(size, work, repeat, args.timeout))
            print("\n".join(table(rows)[-1:]), file=sys.stderr, flush=True)
        if not args.no_timeline:
            rows.append(bench_timeline(args.repeat, args.timeout))
    report = [*machine(measured), "", *table(rows), "", *verdicts(rows)]
    print("\n".join(report))
    if args.markdown:
        write_markdown(args.markdown, report)
    return 0 if all(r.ok for row in rows for r in row.tool + row.base) else 2


if __name__ == "__main__":
    sys.exit(main())
