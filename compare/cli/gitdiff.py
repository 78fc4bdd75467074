"""git integration: textconv text, the external diff driver's arguments, config lines, old blobs."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from compare.errors import InputError, OutputError, UsageError
from compare.model import Document
from compare.outputs import write_text

DRIVER_NAME = "clausediff"
"""Name of the diff driver in .gitattributes (`diff=clausediff`) and .git/config."""
DEFAULT_PATTERNS = ("*.txt",)
"""Files the attributes line covers unless told otherwise."""
NULL = "/dev/null"


def textconv_text(doc: Document) -> str:
    """One clause per line, a `§ section › path` line before each section's clauses."""
    lines: list[str] = []
    current: tuple[str, ...] | None = None
    for c in doc.clauses:
        if c.section != current and c.section:
            lines.append("§ " + " › ".join(c.section))
        current = c.section
        lines.append(" ".join(c.text.split()))
    return "".join(f"{line}\n" for line in lines)


@dataclass(frozen=True)
class DriverArgs:
    """The seven arguments git passes an external diff driver."""

    path: str
    old_file: str
    old_hex: str
    old_mode: str
    new_file: str
    new_hex: str
    new_mode: str

    @property
    def status(self) -> str:
        """`added`, `deleted` or `modified`."""
        if self.old_file == NULL:
            return "added"
        return "deleted" if self.new_file == NULL else "modified"


def driver_args(args: list[str]) -> DriverArgs:
    """Parse git's `path old-file old-hex old-mode new-file new-hex new-mode` arguments."""
    if len(args) < 7:
        raise UsageError(
            f"git-diff-driver: {len(args)} arguments given",
            "git passes seven: path old-file old-hex old-mode new-file new-hex new-mode",
            "set it up with: clausediff git-config --driver command --write",
        )
    return DriverArgs(*args[:7])


def driver_header(d: DriverArgs) -> str:
    """A diff-style header naming the file and blob ids."""
    head = f"diff --clausediff a/{d.path} b/{d.path}"
    return f"{head}\nindex {d.old_hex[:9]}..{d.new_hex[:9]} ({d.status})\n"


def config_entries(driver: str = "textconv", command: str = "clausediff") -> list[tuple[str, str]]:
    """`git config` keys and values for the textconv or the external-command driver."""
    key = f"diff.{DRIVER_NAME}"
    if driver == "textconv":
        return [(f"{key}.textconv", f"{command} textconv"), (f"{key}.cachetextconv", "false")]
    if driver == "command":
        return [(f"{key}.command", f"{command} git-diff-driver")]
    raise UsageError(
        f"--driver: {driver!r} is not a driver",
        "choose textconv or command",
        "e.g. --driver textconv",
    )


def attributes_lines(patterns: tuple[str, ...] = DEFAULT_PATTERNS) -> list[str]:
    """The .gitattributes lines that send matching files through the driver."""
    return [f"{p} diff={DRIVER_NAME}" for p in patterns]


def config_text(driver: str, command: str, patterns: tuple[str, ...]) -> str:
    """What `clausediff git-config` prints: the .gitattributes lines and the config section."""
    entries = config_entries(driver, command)
    section = [f'[diff "{DRIVER_NAME}"]'] + [f"\t{k.rsplit('.', 1)[1]} = {v}" for k, v in entries]
    commands = [f"git config {shlex.quote(k)} {shlex.quote(v)}" for k, v in entries]
    return (
        "\n".join(
            [
                "# .gitattributes",
                *attributes_lines(patterns),
                "",
                "# .git/config",
                *section,
                "",
                "# or run:",
                *commands,
            ]
        )
        + "\n"
    )


def running_command(argv0: str | None = None, executable: str | None = None) -> str:
    """How git can call this very clausediff, whatever PATH holds later: the console
    script's absolute path, else this interpreter with `-m compare`, else the `clausediff`
    found on PATH (absolute). Raise OutputError when none can be found."""
    script = Path(argv0 if argv0 is not None else sys.argv[0])
    python = executable if executable is not None else sys.executable
    if script.name == DRIVER_NAME and _runnable(script):
        return shlex.quote(os.path.abspath(script))
    if script.name == "__main__.py" and script.parent.name == "compare" and _runnable(Path(python)):
        return f"{shlex.quote(os.path.abspath(python))} -m compare"
    found = shutil.which(DRIVER_NAME)
    if found and _runnable(Path(found)):
        return shlex.quote(os.path.abspath(found))
    raise OutputError(
        "git-config: cannot find the clausediff program to write into the git config",
        "it runs neither as a console script nor as python -m compare, and is not on PATH",
        "give its full path with --command",
    )


def _runnable(path: Path) -> bool:
    """True for an existing file this user may execute."""
    return path.is_file() and os.access(path, os.X_OK)


def git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """Run git; raise InputError when git itself is missing."""
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError as e:
        raise InputError("git: not found", "the git program is not installed", "install git") from e


def repo_toplevel(cwd: Path) -> Path:
    """The work tree root of the repository holding `cwd`."""
    done = git(["rev-parse", "--show-toplevel"], cwd)
    if done.returncode:
        raise InputError(
            f"{cwd}: not in a git repository",
            _first_line(done.stderr),
            "run it inside a repository",
        )
    return Path(done.stdout.decode().strip())


def apply_config(cwd: Path, driver: str, command: str, patterns: tuple[str, ...]) -> list[str]:
    """Set the driver in .git/config, add missing .gitattributes lines; say what changed."""
    top = repo_toplevel(cwd)
    done = []
    for key, value in config_entries(driver, command):
        result = git(["config", key, value], top)
        if result.returncode:
            raise OutputError(
                f"git config {key}: failed", _first_line(result.stderr), "check .git/config"
            )
        done.append(f"git config {key} {shlex.quote(value)}")
    attrs = top / ".gitattributes"
    old = attrs.read_text(encoding="utf-8") if attrs.exists() else ""
    missing = [line for line in attributes_lines(patterns) if line not in old.splitlines()]
    if missing:
        sep = "" if not old or old.endswith("\n") else "\n"
        write_text(attrs, old + sep + "".join(f"{line}\n" for line in missing))
        done += [f".gitattributes: {line}" for line in missing]
    return done


def blob_at(rev: str, path: Path) -> bytes | None:
    """The bytes of `path` at revision `rev` (None when the file is not in that revision)."""
    path = path.resolve()
    top = repo_toplevel(path.parent if path.parent.is_dir() else Path.cwd()).resolve()
    if top not in path.parents:
        raise InputError(f"{path}: outside the repository", f"the work tree is {top}", "")
    rel = path.relative_to(top).as_posix()
    check = git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], top)
    if check.returncode:
        raise InputError(
            f"--against-git {rev}: no such revision",
            "git does not know it",
            "e.g. --against-git HEAD",
        )
    done = git(["cat-file", "blob", f"{rev}:{rel}"], top)
    return done.stdout if done.returncode == 0 else None


def _first_line(raw: bytes) -> str:
    text = raw.decode("utf-8", "replace").strip()
    return text.splitlines()[0] if text else "git failed"
