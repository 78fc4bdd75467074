"""git integration in a real temporary repository: textconv, the external driver, git-config."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from clitools import S2020, assert_one_error_line, clausediff_bin, cli_env, run_cli

from compare.cli.gitdiff import running_command, textconv_text
from compare.errors import OutputError
from compare.pipeline import load_document

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

OLD_CLAUSE = "创建呼包鄂国家自主创新示范区。"
NEW_CLAUSE = "创建呼包鄂国家自主创新示范区和国家级新区。"


def git(repo: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """Run git in `repo`; fail the test on a non-zero status."""
    done = subprocess.run(
        ["git", *args], cwd=repo, env=env or git_env(repo), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def git_env(home: Path, **extra: str) -> dict[str, str]:
    """An environment isolated from the user's git configuration."""
    return cli_env(
        HOME=str(home),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.org",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.org",
        **extra,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with the 2020 seed committed as policy.txt, then one clause edited."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    text = S2020.read_text(encoding="utf-8")
    assert OLD_CLAUSE in text
    (repo / "policy.txt").write_text(text, encoding="utf-8")
    git(repo, "add", "policy.txt")
    git(repo, "commit", "-q", "-m", "seed")
    (repo / "policy.txt").write_text(text.replace(OLD_CLAUSE, NEW_CLAUSE), encoding="utf-8")
    return repo


def test_textconv_puts_each_clause_on_a_line_under_its_section():
    doc = load_document(str(S2020))
    lines = textconv_text(doc).splitlines()
    assert OLD_CLAUSE in lines
    section_lines = [ln for ln in lines if ln.startswith("§ ")]
    assert section_lines and len(lines) == len(doc.clauses) + len(section_lines)
    above = lines[: lines.index(OLD_CLAUSE)]
    assert next(ln for ln in reversed(above) if ln.startswith("§ ")).endswith(
        "不断提升创新发展能力"
    )


def test_git_diff_with_textconv_shows_the_changed_clause(repo: Path):
    done = run_cli("git-config", "--write", cwd=repo, env=git_env(repo))
    assert done.returncode == 0, done.stderr
    assert (repo / ".gitattributes").read_text(encoding="utf-8") == "*.txt diff=clausediff\n"
    diff = git(repo, "diff")
    changed = [ln for ln in diff.splitlines() if ln.startswith(("+", "-")) and ln[1:2] not in "+-"]
    assert changed == [f"-{OLD_CLAUSE}", f"+{NEW_CLAUSE}"]
    again = run_cli("git-config", "--write", cwd=repo, env=git_env(repo))
    assert again.returncode == 0
    assert (repo / ".gitattributes").read_text(encoding="utf-8") == "*.txt diff=clausediff\n"


def test_external_diff_driver_summarises_the_change(repo: Path):
    env = git_env(repo, GIT_EXTERNAL_DIFF="clausediff git-diff-driver")
    out = git(repo, "diff", "--ext-diff", env=env)
    assert out.startswith("diff --clausediff a/policy.txt b/policy.txt\n")
    assert "(modified)" in out.splitlines()[1]
    assert "revised" in out and "{+和国家级新区+}" in out


def test_external_driver_via_config_handles_an_added_file(repo: Path):
    git(repo, "config", "diff.clausediff.command", "clausediff git-diff-driver")
    (repo / ".gitattributes").write_text("*.txt diff=clausediff\n", encoding="utf-8")
    (repo / "added.txt").write_text(OLD_CLAUSE + "\n", encoding="utf-8")
    git(repo, "add", "added.txt")
    out = git(repo, "diff", "--cached", "added.txt")
    assert "(added)" in out
    assert f"{{+{OLD_CLAUSE}+}}" in out and "new 1" in out


def test_external_driver_handles_a_deleted_file(repo: Path):
    git(repo, "rm", "-q", "--cached", "policy.txt")
    env = git_env(repo, GIT_EXTERNAL_DIFF="clausediff git-diff-driver")
    out = git(repo, "diff", "--cached", "--ext-diff", env=env)
    assert "(deleted)" in out.splitlines()[1]
    assert "new 0" in out and "unchanged 0" in out and f"[-{OLD_CLAUSE}-]" in out


def test_git_config_prints_both_files_lines():
    done = run_cli("git-config", "--pattern", "*.md", "--pattern", "*.txt")
    assert done.returncode == 0
    assert "*.md diff=clausediff\n*.txt diff=clausediff\n" in done.stdout
    assert f"\ttextconv = {clausediff_bin()} textconv\n" in done.stdout
    driver = run_cli("git-config", "--driver", "command", "--command", "/opt/bin/clausediff")
    assert "\tcommand = /opt/bin/clausediff git-diff-driver\n" in driver.stdout


def test_git_config_writes_the_full_path_so_git_diff_works_without_path(repo: Path):
    done = run_cli("git-config", "--write", cwd=repo, env=git_env(repo))
    assert done.returncode == 0, done.stderr
    assert git(repo, "config", "diff.clausediff.textconv") == f"{clausediff_bin()} textconv\n"
    bare = git_env(repo, PATH="/usr/bin:/bin")  # clausediff is not on this PATH
    assert shutil.which("clausediff", path=bare["PATH"]) is None
    changed = [ln for ln in git(repo, "diff", env=bare).splitlines() if ln.startswith("+")]
    assert f"+{NEW_CLAUSE}" in changed


def test_git_config_as_python_module_writes_the_interpreter(repo: Path):
    done = subprocess.run(
        [sys.executable, "-m", "compare", "git-config", "--write"],
        cwd=repo,
        env=git_env(repo),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    value = git(repo, "config", "diff.clausediff.textconv").strip()
    assert value == f"{sys.executable} -m compare textconv"


def test_git_config_refuses_when_no_clausediff_can_be_found(tmp_path: Path):
    with pytest.raises(OutputError, match="--command"):
        running_command(argv0=str(tmp_path / "pytest"), executable=str(tmp_path / "python"))


def test_driver_with_wrong_argument_count_is_one_line():
    done = run_cli("git-diff-driver", "a.txt", "b.txt")
    assert done.returncode == 2
    assert_one_error_line(done.stderr, "git-diff-driver", "seven")


def test_git_config_write_outside_a_repository(tmp_path: Path):
    done = run_cli("git-config", "--write", cwd=tmp_path, env=git_env(tmp_path))
    assert done.returncode == 2
    assert_one_error_line(done.stderr, "not in a git repository")
