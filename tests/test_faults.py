"""Faults from outside: a parent killed outright, SIGTERM, kill -9 at any moment of a run, a
full disk, two runs writing into the same directory at once."""

from __future__ import annotations

import contextlib
import os
import random
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from clitools import S2019, S2020, SEEDS, assert_one_error_line, clausediff_bin, cli_env

from compare import parallel

needs_fork = pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked on Linux only")


def children(pid: int) -> list[int]:
    """Process ids of the direct children of `pid` (Linux /proc)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            found += [int(c) for c in (task / "children").read_text().split()]
    return found


def alive(pid: int) -> bool:
    """True while `pid` runs (a zombie waiting to be reaped has stopped running)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def long_versions(tmp_path: Path, count: int, copies: int) -> list[str]:
    """Versions long enough that parsing them keeps workers busy for a while."""
    outline = (SEEDS / "2021-02-07_14th-five-year-plan-outline.txt").read_text(encoding="utf-8")
    paths = []
    for k in range(count):
        path = tmp_path / f"v{k}.txt"
        path.write_text("".join(outline.replace("2025", str(2025 + i + k)) for i in range(copies)))
        paths.append(str(path))
    return paths


def start(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [clausediff_bin(), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=cli_env()
    )


def workers_of(proc: subprocess.Popen[bytes], timeout: float = 60) -> list[int]:
    """The worker processes of a run, once it has started some."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        found = children(proc.pid)
        if found:
            return found
        time.sleep(0.01)
    pytest.fail("no worker process was started")


@needs_fork
def test_workers_die_with_a_parent_killed_outright(tmp_path: Path) -> None:
    proc = start("report", "-o", str(tmp_path / "out"), "--jobs", "2", "--order", "given",
                 *long_versions(tmp_path, 2, 3))  # fmt: skip
    workers = workers_of(proc)
    proc.kill()  # SIGKILL: no clean-up runs in the parent
    proc.wait(timeout=10)
    time.sleep(0.3)
    assert [pid for pid in workers if alive(pid)] == []


@needs_fork
def test_sigterm_is_handled_like_ctrl_c_with_status_143(tmp_path: Path) -> None:
    target = tmp_path / "out"
    proc = start("report", "-o", str(target), "--jobs", "2", "--order", "given",
                 *long_versions(tmp_path, 2, 3))  # fmt: skip
    workers = workers_of(proc)
    proc.terminate()
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    assert_one_error_line(err.decode(), "terminated", "nothing partial")
    assert out == b""
    assert not target.exists() or not list(target.iterdir())
    assert [pid for pid in workers if alive(pid)] == []
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no scratch


def files_under(directory: Path) -> dict[str, bytes]:
    return {
        p.relative_to(directory).as_posix(): p.read_bytes()
        for p in directory.rglob("*")
        if p.is_file()
    }


def run_and_kill(args: list[str], after: float) -> None:
    """Start a run and kill -9 it `after` seconds later (or let it finish first)."""
    proc = start(*args)
    try:
        proc.wait(timeout=after)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def timed(args: list[str]) -> float:
    began = time.monotonic()
    proc = subprocess.run([clausediff_bin(), *args], capture_output=True, env=cli_env())
    assert proc.returncode == 0, proc.stderr
    return time.monotonic() - began


KILLS = 4
"""Random moments per command: each run is a process of a second or two."""


def test_kill_9_during_report_never_leaves_a_partial_file(tmp_path: Path) -> None:
    inputs = [str(S2019), str(S2020)]
    reference = tmp_path / "ref" / "out"
    reference.parent.mkdir()
    took = timed(["report", "-o", str(reference), *inputs])
    expected = files_under(reference)
    moments = random.Random(14)
    for k in range(KILLS):
        target = tmp_path / f"t{k}" / "out"
        target.parent.mkdir()
        run_and_kill(["report", "-o", str(target), *inputs], moments.uniform(0.05, took))
        for name, data in files_under(target).items() if target.exists() else ():
            assert data == expected[name], name


def test_kill_9_during_diff_html_never_leaves_a_partial_file(tmp_path: Path) -> None:
    args = ["diff", str(S2019), str(S2020), "--html"]
    reference = tmp_path / "ref.html"
    took = timed([*args, str(reference)])
    moments = random.Random(9)
    for k in range(KILLS):
        target = tmp_path / f"p{k}.html"
        run_and_kill([*args, str(target)], moments.uniform(0.05, took))
        assert not target.exists() or target.read_bytes() == reference.read_bytes()


@contextlib.contextmanager
def small_disk(path: Path, size: str = "48k") -> Iterator[Path]:
    """A real, nearly empty file system of `size` (a tmpfs mount; needs root)."""
    path.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root); see test_errors' ENOSPC test")
    try:
        yield path
    finally:
        subprocess.run(["umount", str(path)], check=True)


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small file system needs root")
def test_a_full_disk_is_one_error_line(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk") as disk:
        proc = subprocess.run(
            [clausediff_bin(), "diff", str(S2019), str(S2020), "--html", str(disk / "p.html")],
            capture_output=True,
            text=True,
            env=cli_env(),
        )
        assert proc.returncode == 2
        errors = "\n".join(x for x in proc.stderr.splitlines() if ": warning: " not in x)
        assert_one_error_line(errors, "p.html: cannot write", "No space left on device")
        proc = subprocess.run(
            [clausediff_bin(), "report", "-o", str(disk / "out"), str(S2019), str(S2020)],
            capture_output=True,
            text=True,
            env=cli_env(),
        )
        assert proc.returncode == 2
        errors = "\n".join(x for x in proc.stderr.splitlines() if ": warning: " not in x)
        assert_one_error_line(errors, "No space left on device")
        assert [p.name for p in disk.rglob("*") if p.is_file()] == []


def test_two_reports_into_one_directory_at_once_leave_complete_files(tmp_path: Path) -> None:
    first, second = [str(S2019), str(S2020)], [str(S2020), str(S2019)]
    expected = []
    for k, inputs in enumerate((first, second)):
        reference = tmp_path / f"ref{k}" / "out"
        reference.parent.mkdir()
        timed(["report", "-o", str(reference), "--order", "given", *inputs])
        expected.append(files_under(reference))
    target = tmp_path / "shared" / "out"
    target.parent.mkdir()
    runs = [start("report", "-o", str(target), "--order", "given", *i) for i in (first, second)]
    for proc in runs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    found = files_under(target)
    assert "index.html" in found
    for name, data in found.items():
        assert any(data == e.get(name) for e in expected), name
