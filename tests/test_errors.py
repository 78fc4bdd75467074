"""Every row of the bad-input table: one clear line, the right exit status, nothing lost."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import random
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest
from clitools import (
    S2019,
    S2020,
    SEEDS,
    assert_one_error_line,
    clausediff_bin,
    cli_env,
    excerpt_2020,
    invoke,
    run_cli,
    write_pair,
)
from faulttools import (
    KILLS,
    alive,
    files_under,
    long_versions,
    needs_fork,
    run_and_kill,
    small_disk,
    start,
    timed,
    workers_of,
)

from compare import outputs
from compare.cli import app as cli
from compare.errors import OutputError
from compare.pipeline import load_document

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"


def test_missing_file():
    done = run_cli("diff", "no/such/file.txt", str(S2020))
    assert done.returncode == 2 and done.stdout == ""
    assert_one_error_line(done.stderr, "no/such/file.txt", "no such file")


def test_directory(tmp_path):
    done = invoke("parse", str(tmp_path))
    assert done.returncode == 2
    assert_one_error_line(done.stderr, "is a directory")


def test_empty_file_warns_and_succeeds(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    done = run_cli("diff", str(empty), str(S2020))
    assert done.returncode == 0, done.stderr
    warnings = done.stderr.strip().splitlines()
    assert all(w.startswith("clausediff: warning: ") for w in warnings)
    assert [w for w in warnings if str(empty) in w and "empty" in w]
    assert "dropped 0" in done.stdout


def test_binary_file(tmp_path):
    image = tmp_path / "scan.png"
    image.write_bytes(PNG * 20)
    done = run_cli("diff", str(image), str(S2020))
    assert done.returncode == 2
    line = assert_one_error_line(done.stderr, str(image), "extract the text")
    assert "((" not in line and "))" not in line  # no brackets inside brackets


def test_undecodable_bytes(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(bytes([0xFF, 0x81, 0xFF, 0xFE, 0x00, 0xFF, 0x9F, 0x00]) * 64)
    done = invoke("parse", str(bad))
    assert done.returncode == 2
    assert_one_error_line(done.stderr, str(bad))


def test_too_large():
    done = invoke("diff", str(S2019), str(S2020), "--max-size", "20K")
    assert done.returncode == 2
    assert_one_error_line(done.stderr, str(S2019), "--max-size")


def test_identical_files():
    assert invoke("diff", str(S2020), str(S2020)).returncode == 0
    check = invoke("check", str(S2020), str(S2020), "--fail-on", "any")
    assert check.returncode == 0
    assert check.stdout.endswith(": passed: no kind of change (among 0 changes and 144 clauses)\n")
    assert all(w.startswith("clausediff: warning: ") for w in check.stderr.splitlines())


def test_traditional_and_simplified_of_the_same_text(tmp_path):
    import opencc

    simplified = tmp_path / "simplified.txt"
    traditional = tmp_path / "traditional.txt"
    simplified.write_text(excerpt_2020(), encoding="utf-8")
    traditional.write_text(opencc.OpenCC("s2t").convert(excerpt_2020()), encoding="utf-8")
    done = invoke("diff", str(simplified), str(traditional), "--format", "json")
    assert done.returncode == 0, done.stderr
    import json

    for change in json.loads(done.stdout)["changes"]:
        kinds = {r["kind"] for r in change.get("revisions", [])}
        assert change["kind"] == "unchanged" or kinds == {"variant-only"}, change
    assert invoke("check", str(simplified), str(traditional)).returncode == 0


def test_unwritable_output_directory(tmp_path):
    old, new = write_pair(tmp_path)
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    for target in (blocker / "out.json", tmp_path / "missing" / "out.json"):
        done = invoke("diff", str(old), str(new), "--json", str(target))
        assert done.returncode == 2 and done.stdout == ""
        assert_one_error_line(done.stderr, str(target.parent))
        assert not target.parent.is_dir() or not target.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through permissions")
def test_read_only_output_directory(tmp_path):
    old, new = write_pair(tmp_path)
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    done = run_cli("diff", str(old), str(new), "--html", str(locked / "pair.html"))
    assert done.returncode == 2
    assert_one_error_line(done.stderr, "cannot write")


def test_report_directory_that_cannot_be_created():
    done = invoke("report", str(S2019), str(S2020), "-o", "/proc/clausediff-report")
    assert done.returncode == 2
    assert_one_error_line(done.stderr, "/proc/clausediff-report")


def test_unknown_option_value_from_the_console_script():
    done = run_cli("diff", str(S2020), str(S2020), "--format", "xml")
    assert done.returncode == 2
    assert_one_error_line(done.stderr, "'xml' is not one of", "--format")


@pytest.mark.parametrize(
    "args",
    [
        ["diff", str(S2020), str(S2020), "--format", "xml"],
        ["check", str(S2020), str(S2020), "--fail-on", "softened"],
        ["report", "--order", "sideways"],
        ["diff", str(S2020), str(S2020), "--match-threshold", "1.5"],
        ["diff", str(S2020), "--no-such-option"],
        ["diff", str(S2020)],
        ["frobnicate"],
    ],
)
def test_bad_usage_is_one_line(args):
    done = invoke(*args)
    assert done.returncode == 2, done.stderr
    assert_one_error_line(done.stderr)


def test_report_never_written_into_seeds(tmp_path):
    for target in (SEEDS, SEEDS / "out"):
        done = invoke("report", str(S2019), str(S2020), "-o", str(target))
        assert done.returncode == 2
        assert_one_error_line(done.stderr, "seed corpus")
    assert not (SEEDS / "out").exists() and not (SEEDS / "index.html").exists()


def test_no_output_goes_into_a_seeds_directory(tmp_path):
    corpus_dir = tmp_path / "seeds"
    corpus_dir.mkdir()
    with pytest.raises(OutputError, match="seed corpus"):
        outputs.write_text(corpus_dir / "report.json", "{}")
    with pytest.raises(OutputError, match="seed corpus"):
        outputs.prepare_output_dir(corpus_dir / "out")
    outputs.write_text(tmp_path / "seedsake.json", "{}")  # only the exact name is protected
    assert list(corpus_dir.iterdir()) == []


def test_output_never_overwrites_an_input(tmp_path):
    old, new = write_pair(tmp_path)
    before = new.read_bytes()
    done = invoke("diff", str(old), str(new), "--json", str(new))
    assert done.returncode == 2
    assert_one_error_line(done.stderr, "refusing to overwrite an input")
    assert new.read_bytes() == before


def checksums(paths: list[Path]) -> dict[Path, str]:
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def test_inputs_unchanged_after_every_output(tmp_path):
    old, new = write_pair(tmp_path)
    inputs = [old, new, *sorted(SEEDS.iterdir())]
    before = checksums(inputs)
    out = tmp_path / "out"
    out.mkdir()
    done = run_cli("diff", str(old), str(new), "--json", str(out / "c.json"), "--format", "json")
    assert done.returncode == 0, done.stderr
    invoke("check", str(old), str(new), "--html", str(out / "c.html"))
    invoke("parse", str(old), "--format", "json")
    invoke("textconv", str(new))
    assert checksums(inputs) == before
    assert sorted(p.name for p in out.iterdir()) == ["c.html", "c.json"]


def test_failed_write_keeps_the_old_output_and_leaves_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "report.json"
    target.write_text("previous complete output", encoding="utf-8")

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(outputs.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        outputs.write_text(target, "new output")
    assert target.read_text(encoding="utf-8") == "previous complete output"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def no_space(fd: int) -> None:
    """os.fsync on a full disk."""
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_is_an_output_error_and_keeps_the_old_output(tmp_path, monkeypatch):
    target = tmp_path / "report.json"
    target.write_text("previous complete output", encoding="utf-8")
    monkeypatch.setattr(outputs.os, "fsync", no_space)
    with pytest.raises(OutputError, match="No space left on device") as caught:
        outputs.write_chunks(target, iter(["{", "}"]))
    assert "free space" in caught.value.message()
    assert target.read_text(encoding="utf-8") == "previous complete output"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_a_full_disk_under_the_cli_is_one_line_and_status_2(tmp_path, monkeypatch, capsys):
    old, new = write_pair(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(outputs.os, "fsync", no_space)
    status = cli.run(["diff", str(old), str(new), "--json", str(out / "d.json")])
    err = capsys.readouterr().err
    assert status == 2
    errors = "\n".join(x for x in err.splitlines() if ": warning: " not in x)
    line = assert_one_error_line(errors, "d.json: cannot write", "free space")
    assert "No space left on device" in line
    assert list(out.iterdir()) == []


def test_staged_directory_publishes_nothing_on_failure(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("old report", encoding="utf-8")
    with pytest.raises(OutputError), outputs.staged_dir(out) as scratch:
        (scratch / "index.html").write_text("half", encoding="utf-8")
        raise OutputError("render failed")
    assert (out / "index.html").read_text(encoding="utf-8") == "old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_unexpected_exception_is_one_line_and_a_bug(monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(cli, "load_document", broken)
    status = cli.run(["parse", str(S2020)])
    err = capsys.readouterr().err
    assert status == 2
    line = assert_one_error_line(err, "ValueError", "this is a bug; please report it")
    assert "boom" in line


def test_exit_status_one_passes_through_the_catch_all(tmp_path, capsys):
    old, new = write_pair(tmp_path)
    assert cli.run(["check", str(old), str(new), "--quiet"]) == 1
    assert cli.run(["check", str(old), str(old), "--quiet"]) == 0
    assert capsys.readouterr().err == ""


def big_input() -> bytes:
    """About 2 MB of real text: the 14th five-year plan outline, repeated with its years shifted."""
    text = (SEEDS / "2021-02-07_14th-five-year-plan-outline.txt").read_text(encoding="utf-8")
    return "".join(text.replace("2025", str(2025 + i)) for i in range(8)).encode("utf-8")


def test_interrupt_leaves_no_partial_output(tmp_path):
    target = tmp_path / "out.json"
    proc = subprocess.Popen(
        [clausediff_bin(), "diff", "-", str(S2020), "--json", str(target)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=cli_env(),
    )
    assert proc.stdin is not None
    proc.stdin.write(big_input())  # returns once the command has read nearly all of it
    proc.stdin.close()
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=120)
    out, err = proc.stdout.read(), proc.stderr.read()
    assert proc.returncode == 130, err
    assert_one_error_line(err.decode(), "interrupted")
    assert out == b""
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- faults from outside


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


# ---------------------------------------------------------------- inputs that once went wrong


def test_several_documents_in_one_file_are_all_kept(tmp_path):
    names = ("2013", "2019", "2020", "2021-10")
    paths = [next(SEEDS.glob(f"{n}*.txt")) for n in names]
    volume = tmp_path / "volume.txt"
    volume.write_text("\n\n".join(p.read_text(encoding="utf-8") for p in paths), encoding="utf-8")
    alone = sum(len(load_document(str(p)).clauses) for p in paths)
    proc = run_cli("parse", str(volume), "-f", "json")
    assert proc.returncode == 0
    assert len(json.loads(proc.stdout)["clauses"]) >= 0.95 * alone
    (cut,) = [x for x in proc.stderr.splitlines() if "cut_trailing_articles" in x]
    assert re.search(r"cut \d+ characters \(\d+ lines, \d+% of the file\)", cut)


def test_long_runs_of_blank_lines_tabs_and_spaces_are_read(tmp_path):
    sentence = "推进区域协调发展，加快建设现代化经济体系。"
    path = tmp_path / "runs.txt"
    path.write_text("\n" * 100_000 + "\t" * 100_000 + sentence + " " * 100_000 + sentence)
    proc = run_cli("parse", str(path), "-f", "json")
    assert proc.returncode == 0
    assert [c["text"] for c in json.loads(proc.stdout)["clauses"]] == [sentence, sentence]
