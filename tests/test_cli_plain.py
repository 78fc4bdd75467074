"""The plain `diff` path: it reads the arguments it takes as click does, and a run through it
prints, writes and ends as the same run through the typer app."""

from __future__ import annotations

import contextlib
import errno
import io
import subprocess
import sys

import pytest
import typer
from clitools import S2019, S2020, Result, invoke
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.cli import console, pair, plain
from compare.cli.app import command_app

WORDS = [
    "diff", "a.txt", "b.txt", "-", "--format", "-f", "json", "md", "table", "JSON",
    "--format=json", "--format=md", "--format=", "-fjson", "--jobs", "1", "--show",
    "unchanged", "--", "-x", "--keep-trailing", "",
]  # fmt: skip
"""Argument words, plain and not, put together at random below."""


def click_params(args: list[str]) -> dict | None:
    """The parameters click reads from `diff ARGS` (None: it refuses them)."""
    command = typer.main.get_command(command_app(["diff"])).commands["diff"]  # type: ignore[attr-defined]
    try:
        with command.make_context("clausediff diff", list(args), resilient_parsing=False) as ctx:
            return dict(ctx.params)
    except (typer.Exit, typer.Abort, Exception):
        return None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=6))
def test_plain_arguments_mean_what_they_mean_to_click(words):
    args = ["diff", *words]
    call = plain.plain_diff(args, {})
    if call is None:
        return  # typer reads them
    old, new, kind = call
    assert click_params(words) == click_params([old, new, "--format", kind])
    assert click_params(words) is not None


@pytest.mark.parametrize(
    "args",
    [
        ["diff", "a", "b"],
        ["diff", "a", "b", "--format", "json"],
        ["diff", "--format=md", "a", "b"],
        ["diff", "-f", "table", "-", "b"],
    ],
)
def test_plain_shapes_are_taken(args):
    assert plain.plain_diff(args, {}) is not None


@pytest.mark.parametrize(
    "args, environ",
    [
        (["diff", "a", "b", "--jobs", "1"], {}),
        (["diff", "a", "b", "--format", "JSON"], {}),
        (["diff", "a", "b", "-f", "json", "-f", "md"], {}),
        (["diff", "a", "b", "c"], {}),
        (["diff", "a", "--help"], {}),
        (["diff", "a", "b", "--format"], {}),
        (["parse", "a"], {}),
        (["diff", "a", "b"], {"CLAUSEDIFF_JOBS": "1"}),
        (["diff", "a", "b"], {"_CLAUSEDIFF_COMPLETE": "bash_complete"}),
        ([], {}),
    ],
)
def test_other_shapes_go_to_typer(args, environ):
    assert plain.plain_diff(args, environ) is None


def plain_run(*args: str) -> Result:
    """Run `args` through the plain path in this process, as `invoke` runs them through typer."""
    call = plain.plain_diff(list(args), {})
    assert call is not None
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = plain.run_plain(call)
    return Result(status, out.getvalue(), err.getvalue())


@pytest.mark.parametrize(
    "args",
    [
        ["diff", str(S2019), str(S2020), "--format", "json"],
        ["diff", str(S2020), str(S2019), "-f", "md"],
        ["diff", str(S2019), str(S2020)],
        ["diff", str(S2019), "no-such-file.txt"],
        ["diff", "-", "-"],
        ["diff", str(S2019.parent), str(S2020)],
    ],
)
def test_a_plain_run_prints_and_ends_as_through_typer(args):
    assert plain_run(*args) == invoke(*args)


@pytest.mark.parametrize(
    "raised", [KeyboardInterrupt(), EOFError(), ValueError("bug"), OSError(errno.EACCES, "no")]
)
def test_a_plain_run_fails_as_through_typer(raised, monkeypatch):
    def compare_files(*args, **kwargs):
        raise raised

    monkeypatch.setattr(pair, "compare_files", compare_files)
    args = ["diff", str(S2019), str(S2020), "--format", "json"]
    assert plain_run(*args) == invoke(*args)


def test_a_closed_pipe_ends_with_status_1_as_through_typer(monkeypatch):
    def compare_files(*args, **kwargs):
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    monkeypatch.setattr(pair, "compare_files", compare_files)
    args = ["diff", str(S2019), str(S2020), "--format", "json"]
    monkeypatch.setattr(sys, "stdout", sys.stdout)  # both runs wrap the streams: put them back
    monkeypatch.setattr(sys, "stderr", sys.stderr)
    with pytest.raises(SystemExit) as through_plain:
        plain.run_plain(plain.plain_diff(args, {}))  # type: ignore[arg-type]
    with pytest.raises(SystemExit) as through_typer:
        invoke(*args)
    assert through_plain.value.code == through_typer.value.code == 1


def test_the_console_script_takes_the_plain_path_only_for_plain_arguments(monkeypatch):
    from compare.cli import app

    monkeypatch.delenv("CLAUSEDIFF_JOBS", raising=False)
    monkeypatch.delenv("_CLAUSEDIFF_COMPLETE", raising=False)
    assert console.command_line(["diff", "a", "b", "--jobs", "2"]) is app.run
    assert console.command_line(["--version"]) is app.run
    assert console.command_line(["diff", "a", "b"]) is not app.run
    monkeypatch.setenv("CLAUSEDIFF_JOBS", "1")
    assert console.command_line(["diff", "a", "b"]) is app.run


LIST_MODULES = (
    "import sys\n"
    "from compare.cli.console import command_line\n"
    "status = command_line(sys.argv[1:])()\n"
    "print(status, ' '.join(sorted(sys.modules)), file=sys.stderr)\n"
)


def test_a_plain_diff_imports_no_typer():
    args = ["diff", str(S2019), str(S2020), "--format", "json"]
    done = subprocess.run(
        [sys.executable, "-c", LIST_MODULES, *args], capture_output=True, text=True, check=True
    )
    status, names = done.stderr.strip().splitlines()[-1].split(" ", 1)
    assert status == "0" and done.stdout.startswith("{")
    assert "compare.pipeline" in names.split()
    assert not [n for n in names.split() if n.startswith(("typer", "click", "shellingham"))]
