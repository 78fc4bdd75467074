"""Tools for injecting faults from outside: processes started, killed and watched, a small disk."""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from clitools import SEEDS, clausediff_bin, cli_env

from compare import parallel

needs_fork = pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked on Linux only")


def children(pid: int) -> list[int]:
    """Process ids of the direct children of `pid` (Linux /proc)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            found += [int(c) for c in (task / "children").read_text().split()]
    return found


def children_started_here() -> Callable[[], list[int]]:
    """A call listing this process's children started since now and still there: a test's
    check that it leaves none behind, blind to a child an earlier test in the same worker keeps
    for its module (the browser tests' driver)."""
    me = os.getpid()
    before = set(children(me))
    return lambda: sorted(set(children(me)) - before)


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


KILLS = 3
"""Random moments per command: each run is a process of a second or two."""


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
