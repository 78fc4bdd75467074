"""The docs match the program: every command and option documented, the examples actually run."""

from __future__ import annotations

import re
import shlex
import shutil

import pytest
import test_errors
from clitools import REPO, S2019, S2020, cli_env, run_cli
from typer.main import get_command
from typer.testing import CliRunner

from compare.cli.app import app

CLI_MD = REPO / "docs" / "cli.md"
README = REPO / "README.md"
GROUP = get_command(app)
COMMANDS = sorted(GROUP.commands)  # type: ignore[attr-defined]
THRESHOLD_OPTIONS = (
    "--max-size",
    "--match-threshold",
    "--containment-threshold",
    "--moved-min-distance",
    "--setting",
    "--jobs",
)
"""What the docs call `threshold options` (documented once, under `diff`, with `--jobs`)."""


def long_options(name: str) -> list[str]:
    """The long option names of a command (`--help` aside)."""
    command = GROUP.commands[name]  # type: ignore[attr-defined]
    names = [o for p in command.params for o in (*p.opts, *p.secondary_opts)]
    return [o for o in names if o.startswith("--") and o != "--help"]


def test_there_are_commands():
    assert {"diff", "check", "report", "parse", "textconv", "git-diff-driver"} <= set(COMMANDS)
    assert set(THRESHOLD_OPTIONS) <= set(long_options("diff"))


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_documented_with_its_options(name):
    text = CLI_MD.read_text(encoding="utf-8")
    assert f"### `clausediff {name}`" in text
    section = text.split(f"### `clausediff {name}`", 1)[1].split("\n### ", 1)[0]
    shared = THRESHOLD_OPTIONS if "threshold options" in section else ()
    for option in long_options(name):
        assert option in section or option in shared, option
    assert f"clausediff {name}" in README.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help(name):
    done = CliRunner().invoke(app, [name, "--help"], env={"NO_COLOR": "1", "COLUMNS": "200"})
    assert done.exit_code == 0
    doc = (GROUP.commands[name].help or "").splitlines()[0]  # type: ignore[attr-defined]
    assert doc and " ".join(doc.split()[:4]) in " ".join(done.stdout.split())


def test_bad_input_table_names_real_tests():
    rows = [ln for ln in CLI_MD.read_text(encoding="utf-8").splitlines() if ln.endswith("` |")]
    named = [re.findall(r"`(test_\w+)`", row)[-1] for row in rows if "`test_" in row]
    assert len(named) >= 14
    for name in named:
        assert callable(getattr(test_errors, name, None)), name


def workflow_blocks(path) -> list[str]:
    """The YAML blocks of a Markdown file that define a workflow (`jobs:`)."""
    blocks = re.findall(r"```yaml\n(.*?)```", path.read_text(encoding="utf-8"), re.S)
    return [b for b in blocks if "\njobs:\n" in b]


def run_steps(workflow: str) -> list[str]:
    """The single-line `run:` commands of a workflow, in order."""
    return [m.strip() for m in re.findall(r"^\s*(?:- )?run: (.+)$", workflow, re.M)]


def test_the_workflow_example_is_the_same_everywhere():
    sources = [CLI_MD, README]
    blocks = [b for path in sources for b in workflow_blocks(path)]
    assert len(blocks) == len(sources) and len(set(blocks)) == 1


def test_the_workflow_example_runs_on_the_seeds(tmp_path):
    (workflow,) = workflow_blocks(README)
    policies = tmp_path / "policies"
    policies.mkdir()
    for seed in (S2019, S2020):
        shutil.copy(seed, policies / seed.name)
    summary = tmp_path / "step-summary.md"
    env = cli_env(GITHUB_ACTIONS="true", GITHUB_STEP_SUMMARY=str(summary))
    steps = [shlex.split(r) for r in run_steps(workflow) if r.startswith("clausediff ")]
    assert steps, "the workflow runs no clausediff command"
    for argv in steps:
        done = run_cli(*argv[1:], cwd=tmp_path, env=env)
        assert done.returncode == 1, done.stderr  # these two versions do drop clauses
        assert re.search(r"^::error file=policies/2019-10-17_\S+,line=\d+", done.stdout, re.M)
    assert "| dropped |" in summary.read_text(encoding="utf-8")
    uploaded = re.search(r"path: (\S+)", workflow.split("upload-artifact", 1)[1]).group(1)
    assert "<html" in (tmp_path / uploaded).read_text(encoding="utf-8").lower()


def test_the_pre_commit_example_names_the_shipped_hook():
    hooks = (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    shipped = re.findall(r"^- id: (\S+)$", hooks, re.M)
    for path in (CLI_MD, README):
        examples = re.findall(r"^\s+- id: (\S+)$", path.read_text(encoding="utf-8"), re.M)
        assert examples and set(examples) <= set(shipped)
