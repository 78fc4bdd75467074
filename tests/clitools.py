"""Shared by the command-line tests: the console script, seed paths, small real-text fixtures."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from array import array
from pathlib import Path
from typing import NamedTuple

from compare.model import (
    Change,
    ChangeKind,
    Clause,
    CleanText,
    Comparison,
    Document,
    Facts,
    Revision,
    RevisionKind,
    Section,
    Source,
)

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
S2019 = SEEDS / "2019-10-17_regional-coordination-mechanism.txt"
S2020 = SEEDS / "2020-06-23_western-development-opinions.txt"
DROPPED_SENTENCE = "创建呼包鄂国家自主创新示范区。"
"""A sentence of the 2020 seed that the fixtures drop."""


def clausediff_bin() -> str:
    """The installed console script: the one beside this interpreter, else the one on PATH."""
    beside = Path(sys.executable).parent / "clausediff"
    if beside.exists():
        return str(beside)
    found = shutil.which("clausediff")
    assert found, "the clausediff console script is not installed"
    return found


def bin_dir() -> str:
    """Directory of the console script (to put on PATH for git and pre-commit entries)."""
    return str(Path(clausediff_bin()).parent)


def cli_env(**extra: str) -> dict[str, str]:
    """The environment for a subprocess: no CI variables, the console script on PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env["PATH"] = bin_dir() + os.pathsep + env.get("PATH", "")
    env.update(extra)
    return env


def run_cli(*args: str, cwd: Path | None = None, **kw) -> subprocess.CompletedProcess[str]:
    """Run the real console script; output captured as text."""
    env = kw.pop("env", None) or cli_env()
    return subprocess.run(
        [clausediff_bin(), *args], cwd=cwd, env=env, capture_output=True, text=True, **kw
    )


def assert_one_error_line(stderr: str, *words: str) -> str:
    """stderr is exactly one `clausediff: error: …` line mentioning each word; no traceback."""
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("clausediff: error: "), stderr
    assert "Traceback" not in stderr
    for w in words:
        assert w in lines[0], (w, stderr)
    return lines[0]


def excerpt_2020() -> str:
    """The opening of the 2020 seed: title paragraph and the first sections (real text)."""
    return "".join(S2020.read_text(encoding="utf-8").splitlines(keepends=True)[:16])


def write_pair(tmp: Path) -> tuple[Path, Path]:
    """old.txt = the excerpt; new.txt = the same with one sentence dropped."""
    text = excerpt_2020()
    assert DROPPED_SENTENCE in text
    old, new = tmp / "old.txt", tmp / "new.txt"
    old.write_text(text, encoding="utf-8")
    new.write_text(text.replace(DROPPED_SENTENCE, ""), encoding="utf-8")
    return old, new


def make_doc(path: str, texts: list[str], commitments: tuple[bool, ...] = ()) -> Document:
    """A document built directly from clause texts (one per line), without the pipeline."""
    lines = "\n".join(texts)
    clauses, offset = [], 0
    for i, t in enumerate(texts):
        facts = Facts(commitment=commitments[i] if i < len(commitments) else False)
        clauses.append(
            Clause(
                id=f"c{i + 1}",
                index=i,
                text=t,
                key=t,
                original=t,
                section=("一、总体要求",),
                section_id="s1",
                lines=(i + 1, i + 1),
                span=(offset, offset + len(t)),
                facts=facts,
            )
        )
        offset += len(t) + 1
    source = Source(path=path, text=lines, encoding="utf-8", format="txt", size=len(lines))
    clean = CleanText(text=lines, origin=array("l", range(len(lines))))
    section = Section("s1", 1, "一、", "总体要求", ("一、总体要求",), 1)
    return Document(source, clean, path, "", "", (section,), tuple(clauses))


class Result(NamedTuple):
    """Exit status and captured output of an in-process run."""

    returncode: int
    stdout: str
    stderr: str


def invoke(*args: str) -> Result:
    """Run the command line in this process (quicker than the console script; same code path)."""
    from compare.cli.app import run

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = run(list(args))
    return Result(status, out.getvalue(), err.getvalue())


def sample_comparison() -> Comparison:
    """A small hand-built comparison: a weakened commitment, two drops, one unchanged clause."""
    old = make_doc(
        "dir,a/old:1.txt",
        ["加快推进呼包鄂协同发展。", "建设国家自主创新示范区。", "总体情况良好。", "绿色发展。"],
        commitments=(True, True, False, False),
    )
    new = make_doc("new.txt", ["研究推进呼包鄂协同发展。", "总体情况良好。"])
    weakened = Revision(RevisionKind.WEAKENED, "加快", "研究")
    changes = (
        Change(ChangeKind.REVISED, ("c1",), ("c1",), 0.8, revisions=(weakened,)),
        Change(ChangeKind.DROPPED, ("c2",), ()),
        Change(ChangeKind.UNCHANGED, ("c3",), ("c2",), 1.0),
        Change(ChangeKind.DROPPED, ("c4",), ()),
    )
    return Comparison(old=old, new=new, changes=changes)
