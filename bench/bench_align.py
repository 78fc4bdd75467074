"""Benchmark: wall time and peak memory of `clausediff diff` against the difflib baseline.

Generates pairs from the seeds (bench/make_pairs.py) into a temporary directory, runs
`clausediff diff OLD NEW --format json` and the difflib baseline on each as subprocesses
(start-up included), and times the whole seed timeline. The 1 MB pair and the timeline
are run again with `--jobs 1` to show what the worker processes gain. Prints a table;
writes nothing into the repository unless --markdown FILE is given.

Usage: python bench/bench_align.py [--sizes 100k,1m,5m] [--repeat 3] [--quick] [--no-serial]
       [--markdown F]
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
"""For the 5 MB pair, judged on the total PSS of all the command's processes."""
GROWTH_TARGET = 1.1
SAMPLE_EVERY = 0.05
"""Seconds between two samples of a running command's memory (see PeakSampler)."""
SERIAL_SIZES = {1_000_000}
"""Pair sizes also measured in one process (`--jobs 1`) in the same run."""
TIMELINE = "seed timeline (5 docs)"


@dataclass(frozen=True)
class Run:
    """One subprocess: wall seconds, peak memory, and whether it succeeded.

    `rss_mb` is the peak RSS of the largest single process; `pss_mb` the peak of the total
    PSS of the command and all its descendants (None where /proc could not be sampled).
    """

    seconds: float
    rss_mb: float
    ok: bool
    note: str = ""
    pss_mb: float | None = None
    clauses: tuple[int, int] | None = None
    """Clauses (or sentences) of the old and new side in the JSON printed, when counted."""
    cpu_s: float | None = None
    """User plus system CPU seconds of the command and all its processes (from wait4)."""


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


def run_once(cmd: list[str], timeout: float, expect_json: bool = True, count: bool = False) -> Run:
    """Run a command with output to scratch files: wall time and its peak memory, two ways.

    The peak RSS comes from GNU time (`/usr/bin/time -f %M`) when present: `wait4` alone
    would report this script's own peak for a child started by vfork, since exec carries it
    over. Either way it is the peak of the largest single process, not of the command with
    its worker processes; the total is sampled meanwhile from /proc (PeakSampler).
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
            with PeakSampler(proc.pid) as sampler:
                _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - start
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        rss_kb = peak_kb(rss_file) or usage.ru_maxrss
        body = out_path.read_bytes() if expect_json else b"{}"
        ok, note = check_output(proc.returncode, body, err_path.read_bytes(), seconds >= timeout)
        counted = clause_counts(body) if ok and count else None
    pss_mb = sampler.peak_kb / 1024 if sampler.peak_kb else None
    cpu = usage.ru_utime + usage.ru_stime  # the waited-for children's time is included
    return Run(seconds, rss_kb / 1024, ok, note, pss_mb, counted, cpu)


def clause_counts(body: bytes) -> tuple[int, int] | None:
    """How many clauses the old and the new side of a printed comparison hold."""
    data = json.loads(body)
    try:
        return len(data["old"]["clauses"]), len(data["new"]["clauses"])
    except (KeyError, TypeError):
        return None


def proc_text(pid: int, name: str) -> str:
    """The text of /proc/PID/NAME; empty when the process has gone or it cannot be read."""
    try:
        return Path(f"/proc/{pid}/{name}").read_text()
    except OSError:
        return ""


def child_pids(pid: int) -> list[int]:
    """The direct children of a process, from the `children` list of each of its threads."""
    try:
        threads = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    return [int(k) for tid in threads for k in proc_text(pid, f"task/{tid}/children").split()]


def process_tree(pid: int) -> list[int]:
    """A process and all its descendants, each parent before its children."""
    tree, i = [pid], 0
    while i < len(tree):
        tree += [k for k in child_pids(tree[i]) if k not in tree]
        i += 1
    return tree


def field_kb(text: str, name: str) -> int | None:
    """The figure of a `Name:   123 kB` line of a /proc file (None when it has none)."""
    for line in text.splitlines():
        key, _, rest = line.partition(":")
        if key == name and rest.split():
            return int(rest.split()[0])
    return None


def pss_kb(rollup: str) -> int | None:
    """The PSS of an smaps_rollup text in kB, or its RSS when it gives no PSS."""
    pss = field_kb(rollup, "Pss")
    return pss if pss is not None else field_kb(rollup, "Rss")


def process_kb(pid: int) -> int:
    """A process's PSS in kB (VmRSS where smaps_rollup is unreadable); 0 once it has gone."""
    found = pss_kb(proc_text(pid, "smaps_rollup"))
    if found is None:
        found = field_kb(proc_text(pid, "status"), "VmRSS")
    return found or 0


def tree_kb(pid: int) -> int:
    """The summed PSS in kB of a process and all its descendants at this moment."""
    return sum(process_kb(p) for p in process_tree(pid))


class PeakSampler:
    """The peak total PSS of a process tree, sampled on a background thread while it runs.

    PSS (proportional set size) divides each page among the processes that map it, so the
    pages forked workers still share with their parent count once in the sum, where summed
    RSS would count them in every worker. A peak shorter than the sampling interval
    (SAMPLE_EVERY) can fall between two samples and be missed; the figure is a lower bound.
    Processes that end while being read count as nothing.
    """

    def __init__(self, pid: int, every: float = SAMPLE_EVERY) -> None:
        """Prepare to sample the tree below `pid` every `every` seconds."""
        self.pid, self.every, self.peak_kb = pid, every, 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> PeakSampler:
        """Start sampling."""
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        """Stop sampling and wait for the last sample."""
        self._done.set()
        self._thread.join()

    def _sample(self) -> None:
        """Take samples until stopped, keeping the largest."""
        while True:
            self.peak_kb = max(self.peak_kb, tree_kb(self.pid))
            if self._done.wait(self.every):
                return


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


def peak_mb(runs: list[Run], field: str = "rss_mb") -> float | None:
    """Largest peak (`rss_mb` or `pss_mb`) of the successful runs that have one."""
    good = [getattr(r, field) for r in runs if r.ok and getattr(r, field) is not None]
    return max(good) if good else None


def bench_pair(size: int, work: Path, repeat: int, timeout: float, serial: bool) -> list[Row]:
    """Generate one pair; time the tool, the baseline, and with `serial` the tool in one process."""
    old, new, stats = write_pair(work, size)
    cmd = [*clausediff_command(), "diff", str(old), str(new), "--format", "json"]
    base = measure([sys.executable, str(BASELINE), str(old), str(new)], repeat, timeout)
    name = f"pair {label(size)}"
    rows = [Row(name, stats.old_bytes, measure(cmd, repeat, timeout), base)]
    if serial and size in SERIAL_SIZES:
        rows.append(
            Row(one_process(name), stats.old_bytes, measure(one_job(cmd), repeat, timeout), [])
        )
    return rows


def one_process(name: str) -> str:
    """The name of the row that runs `name`'s command with `--jobs 1`."""
    return f"{name}, one process"


def one_job(cmd: list[str]) -> list[str]:
    """The command with its work kept in one process."""
    return [*cmd, "--jobs", "1"]


def help_text(subcommand: str) -> str | None:
    """`clausediff SUBCOMMAND --help` as printed, None when the command lacks it."""
    probe = subprocess.run(
        [*clausediff_command(), subcommand, "--help"],
        capture_output=True,
        cwd=tempfile.gettempdir(),
    )
    return probe.stdout.decode(errors="replace") if probe.returncode == 0 else None


def has_jobs(subcommand: str) -> bool:
    """Whether the command under test takes `--jobs` for SUBCOMMAND."""
    return "--jobs" in (help_text(subcommand) or "")


def timeline_command() -> list[str]:
    """`clausediff timeline seeds/*.txt --format json`, or a small driver when it is missing."""
    seeds = [str(p) for p in sorted((REPO / "seeds").glob("*.txt"))]
    if help_text("timeline") is not None:
        return [*clausediff_command(), "timeline", *seeds, "--format", "json"]
    driver = (
        "import sys, json; from compare.pipeline import timeline_paths; "
        "t = timeline_paths(sys.argv[1:]); print(json.dumps({'threads': len(t.threads)}))"
    )
    return [sys.executable, "-c", driver, *seeds]


def bench_timeline(repeat: int, timeout: float, serial: bool) -> list[Row]:
    """Time the seed timeline (5 documents, 4 pairs, threads); with `serial` in one process too."""
    size = sum(p.stat().st_size for p in (REPO / "seeds").glob("*.txt"))
    cmd = timeline_command()
    rows = [Row(TIMELINE, size, measure(cmd, repeat, timeout), [])]
    if serial and has_jobs("timeline"):
        rows.append(Row(one_process(TIMELINE), size, measure(one_job(cmd), repeat, timeout), []))
    return rows


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
        "| run | bytes/side | clausediff s (median) | peak RSS MB (largest process)"
        " | peak total PSS MB (all processes) | difflib s | difflib RSS MB | ratio | runs"
        " | notes |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
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
            fmt(peak_mb(r.tool, "pss_mb"), digits=0),
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
        name = TIMELINE if key == "timeline" else f"pair {label(int(key))}"
        t = median_s(by[name].tool) if name in by else None
        if name in by:
            out.append(f"- {name}: {fmt(t, ' s')} (target < {limit:g} s) — {met(t, limit)}")
    out += [
        speedup(r.name, median_s(r.tool), median_s(by[one_process(r.name)].tool))
        for r in rows
        if one_process(r.name) in by
    ]
    if "pair 5m" in by:
        pss = peak_mb(by["pair 5m"].tool, "pss_mb")
        out.append(
            f"- pair 5m peak memory, total PSS of all processes: {fmt(pss, ' MB', 0)}"
            f" (target < {RSS_TARGET_MB} MB) — {met(pss, RSS_TARGET_MB)}"
        )
    g, gb = growth(rows, "tool"), growth(rows, "base")
    if g is not None:
        out.append(
            f"- growth 1m→5m: n^{g:.2f} (difflib n^{fmt(gb)}; target ≤ n^1.1) — {met(g, 1.1001)}"
        )
    return out


def speedup(name: str, workers: float | None, serial: float | None) -> str:
    """`- pair 1m vs one process: workers 1.4× faster than one process (2.80 s vs 3.92 s)`."""
    if not workers or not serial:
        return f"- {name} vs one process: not measured"
    ratio = serial / workers
    how = f"{ratio:.1f}× faster" if ratio >= 1 else f"{1 / ratio:.1f}× slower"
    return (
        f"- {name} vs one process: workers {how} than one process"
        f" ({workers:.2f} s vs {serial:.2f} s)"
    )


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


def write_markdown(path: Path, report: list[str], start: str = START, end: str = END) -> None:
    """Write the report to path, or only between its markers (`start`, `end`) when it has them."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    block = "\n".join(report)
    if start in old and end in old:
        head, rest = old.split(start, 1)
        text = f"{head}{start}\n{block}\n{end}{rest.split(end, 1)[1]}"
    else:
        text = block + "\n"
    path.write_text(text, encoding="utf-8")


def no_jobs_note() -> str:
    """The verdict line that says why the one-process rows are missing."""
    cmd = shlex.join([*clausediff_command(), "diff", "--help"])
    return f"- one-process rows skipped: `{cmd}` lists no `--jobs` option"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100k,1m,5m", help="pair sizes per side (k=1e3, m=1e6)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per pair under 2 MB (median)")
    ap.add_argument("--repeat-large", type=int, default=2, help="runs per pair of 2 MB or more")
    ap.add_argument("--quick", action="store_true", help="100k and 1m, one run each")
    ap.add_argument("--no-timeline", action="store_true", help="skip the seed timeline")
    ap.add_argument("--no-serial", action="store_true", help="skip the one-process (--jobs 1) rows")
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
    serial = not args.no_serial and has_jobs("diff")
    rows: list[Row] = [bench_startup(args.repeat, args.timeout)]
    with tempfile.TemporaryDirectory(prefix="clausediff-bench-") as tmp:
        work = args.keep or Path(tmp)
        for size in (parse_size(s) for s in args.sizes.split(",")):
            repeat = args.repeat_large if size >= LARGE else args.repeat
            new = bench_pair(size, work, repeat, args.timeout, serial)
            rows += new
            print("\n".join(table(rows)[-len(new) :]), file=sys.stderr, flush=True)
        if not args.no_timeline:
            rows += bench_timeline(args.repeat, args.timeout, serial)
    skipped = [] if serial or args.no_serial else [no_jobs_note()]
    report = [*machine(measured), "", *table(rows), "", *verdicts(rows), *skipped]
    print("\n".join(report))
    if args.markdown:
        write_markdown(args.markdown, report)
    return 0 if all(r.ok for row in rows for r in row.tool + row.base) else 2


if __name__ == "__main__":
    sys.exit(main())
