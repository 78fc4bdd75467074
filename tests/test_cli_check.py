"""`clausediff check`: exit 0/1/2, --fail-on, --commitments-only, --against-git, pre-commit."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from clitools import (
    DROPPED_SENTENCE,
    REPO,
    S2020,
    assert_one_error_line,
    cli_env,
    excerpt_2020,
    invoke,
    run_cli,
    write_pair,
)

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
ADDED_SENTENCE = "建设国家级大数据综合试验区。"


def test_dropped_clause_fails_and_is_listed(tmp_path):
    old, new = write_pair(tmp_path)
    done = run_cli("check", str(old), str(new))
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith(f"{old} → {new}: 1 failing change(s)\n")
    assert f"[-{DROPPED_SENTENCE}-]" in done.stdout


def test_kinds_not_named_pass(tmp_path):
    old, new = write_pair(tmp_path)
    done = invoke("check", str(new), str(old), "--fail-on", "dropped,weakened")
    assert done.returncode == 0, done.stdout  # reversed: the sentence is new, not dropped
    assert done.stdout.startswith(f"{new} → {old}: passed: no dropped or weakened change ")
    assert done.stdout.count("\n") == 1 and "(among 1 changes and " in done.stdout
    assert invoke("check", str(new), str(old), "--fail-on", "new", "-q").returncode == 1
    assert invoke("check", str(new), str(old), "--fail-on", "any", "-q").returncode == 1


def test_commitments_only_follows_the_clause_facts(tmp_path):
    text = excerpt_2020()
    old = tmp_path / "old.txt"
    old.write_text(text, encoding="utf-8")
    clauses = json.loads(invoke("parse", str(old), "--format", "json").stdout)["clauses"]
    body = [c for c in clauses if not c["is_heading"] and text.count(c["text"]) == 1]
    for commitment in (True, False):
        clause = next(c for c in body if c["facts"]["commitment"] is commitment)
        new = tmp_path / f"new-{commitment}.txt"
        new.write_text(text.replace(clause["text"], ""), encoding="utf-8")
        only = invoke("check", str(old), str(new), "--commitments-only")
        assert only.returncode == (1 if commitment else 0), (clause, only.stdout)
        assert invoke("check", str(old), str(new), "-q").returncode == 1


def test_two_files_are_needed_without_against_git():
    done = invoke("check", str(S2020))
    assert done.returncode == 2
    assert_one_error_line(done.stderr, "check compares OLD with NEW")


def test_html_written_on_request(tmp_path):
    old, new = write_pair(tmp_path)
    page = tmp_path / "pair.html"
    done = invoke("check", str(old), str(new), "--html", str(page), "-q")
    assert done.returncode == 1
    assert DROPPED_SENTENCE in page.read_text(encoding="utf-8")


# ---------------------------------------------------------------- git and pre-commit


def git(repo: Path, *args: str) -> str:
    env = cli_env(
        HOME=str(repo),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.org",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.org",
    )
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "policies").mkdir(parents=True)
    git(repo, "init", "-q")
    (repo / "policies" / "plan.txt").write_text(excerpt_2020(), encoding="utf-8")
    (repo / "notes.py").write_text("x = 1\n", encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "plan")
    return repo


def read_hooks(path: Path) -> list[dict[str, str]]:
    """The hooks of a .pre-commit-hooks.yaml written as a flat list of `key: value` maps."""
    hooks: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = re.match(r"^(- |  )(\w+): (.*)$", line)
        assert m, f"unexpected line in {path.name}: {line!r}"
        if m.group(1) == "- ":
            hooks.append({})
        hooks[-1][m.group(2)] = m.group(3)
    return hooks


def run_hook(repo: Path) -> subprocess.CompletedProcess[str]:
    """Run the hook as pre-commit would: its entry, then the staged files its pattern matches."""
    (hook,) = read_hooks(REPO / ".pre-commit-hooks.yaml")
    assert hook["id"] == "clausediff-check" and hook["pass_filenames"] == "true"
    staged = git(repo, "diff", "--cached", "--name-only", "--diff-filter=ACMR").split()
    files = [f for f in staged if re.search(hook["files"], f)]
    return run_cli(*shlex.split(hook["entry"])[1:], *files, cwd=repo)


@needs_git
def test_pre_commit_hook_stops_a_commit_that_drops_a_clause(repo: Path):
    plan = repo / "policies" / "plan.txt"
    plan.write_text(excerpt_2020().replace(DROPPED_SENTENCE, ""), encoding="utf-8")
    (repo / "notes.py").write_text("x = 2\n", encoding="utf-8")
    git(repo, "add", ".")
    done = run_hook(repo)
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("HEAD:policies/plan.txt → policies/plan.txt: 1 failing")
    assert DROPPED_SENTENCE in done.stdout


@needs_git
def test_pre_commit_hook_lets_additions_and_new_files_through(repo: Path):
    plan = repo / "policies" / "plan.txt"
    plan.write_text(excerpt_2020() + "\n" + ADDED_SENTENCE + "\n", encoding="utf-8")
    (repo / "policies" / "new-plan.txt").write_text(excerpt_2020(), encoding="utf-8")
    git(repo, "add", ".")
    done = run_hook(repo)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == (
        "HEAD:policies/plan.txt → policies/plan.txt: passed: no dropped, target-changed or"
        " weakened change (among 1 changes and 17 clauses)\n"
    )  # one line for the changed file, none for the new one


@needs_git
def test_against_git_from_a_subdirectory(repo: Path):
    (repo / "policies" / "plan.txt").write_text(
        excerpt_2020().replace(DROPPED_SENTENCE, ""), encoding="utf-8"
    )
    env = cli_env(GITHUB_ACTIONS="true")
    done = run_cli("check", "--against-git", "HEAD", "plan.txt", cwd=repo / "policies", env=env)
    assert done.returncode == 1, done.stderr
    (error,) = [ln for ln in done.stdout.splitlines() if ln.startswith("::error ")]
    line = int(re.search(r",line=(\d+),", error).group(1))
    assert error.startswith("::error file=plan.txt,line=")
    now = (repo / "policies" / "plan.txt").read_text(encoding="utf-8").splitlines()
    assert "启动大规模储能" in now[line - 1]  # the sentence before the dropped one
    assert DROPPED_SENTENCE in error


@needs_git
def test_against_an_unknown_revision(repo: Path):
    done = run_cli("check", "--against-git", "no-such-rev", "policies/plan.txt", cwd=repo)
    assert done.returncode == 2
    assert_one_error_line(done.stderr, "no-such-rev", "no such revision")


@needs_git
def test_against_git_with_a_missing_file(repo: Path, monkeypatch):
    monkeypatch.chdir(repo)
    done = invoke("check", "--against-git", "HEAD", "policies/gone.txt")
    assert done.returncode == 2
    assert_one_error_line(done.stderr, "policies/gone.txt", "no such file")


TARGET_2025 = "到2025年，全区新能源装机规模达到{}千瓦。\n严禁占用基本草原。\n"


@pytest.mark.parametrize(
    ("before", "after", "status"),
    [("五千万", "八千万", 1), ("八千万", "五千万", 1), ("5000万", "五千万", 0)],
)
def test_a_target_in_chinese_numerals_is_checked_by_value(tmp_path, before, after, status):
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(TARGET_2025.format(before), encoding="utf-8")
    new.write_text(TARGET_2025.format(after), encoding="utf-8")
    args = ("check", str(old), str(new), "--fail-on", "target-changed", "--commitments-only")
    done = invoke(*args)
    assert done.returncode == status, done.stdout
