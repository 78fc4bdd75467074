"""Command-line outputs: pair files, the report directory, timelines, progress on a terminal."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import shutil
import subprocess

import pytest
from clitools import (
    DROPPED_SENTENCE,
    S2019,
    S2020,
    SEEDS,
    assert_one_error_line,
    clausediff_bin,
    cli_env,
    invoke,
    write_pair,
)
from lxml import etree

from compare.read import manifest as corpus
from compare.render import terminal
from compare.render.json_out import comparison_dict, dumps, timeline_dict


def test_every_pair_format_is_written(tmp_path):
    old, new = write_pair(tmp_path)
    files = {kind: tmp_path / f"pair.{kind}" for kind in ("html", "json", "md", "csv", "tei")}
    args = [a for kind, path in files.items() for a in (f"--{kind}", str(path))]
    done = invoke("diff", str(old), str(new), *args)
    assert done.returncode == 0, done.stderr
    assert "<html" in files["html"].read_text(encoding="utf-8").lower()
    assert json.loads(files["json"].read_text(encoding="utf-8"))["summary"]["dropped"] == 1
    assert files["md"].read_text(encoding="utf-8").startswith("# old.txt → new.txt\n")
    rows = list(csv.reader(io.StringIO(files["csv"].read_text(encoding="utf-8"))))
    assert any(DROPPED_SENTENCE in cell for row in rows for cell in row)
    assert etree.parse(str(files["tei"])).getroot().tag.endswith("TEI")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["old.txt", "new.txt", *(p.name for p in files.values())]
    )


def test_markdown_on_stdout(tmp_path):
    old, new = write_pair(tmp_path)
    done = invoke("diff", str(old), str(new), "--format", "md")
    assert done.returncode == 0
    assert done.stdout.startswith("# old.txt → new.txt\n")
    assert "| clauses |" in done.stdout


def test_report_orders_versions_by_date_and_prints_the_index(tmp_path):
    out = tmp_path / "out"
    done = invoke("report", str(S2020), str(S2019), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{out / 'index.html'}\n"
    assert (out / "index.html").is_file()
    timeline = json.loads((out / "timeline.json").read_text(encoding="utf-8"))
    assert [d["path"] for d in timeline["documents"]] == [str(S2019), str(S2020)]
    given = invoke("report", str(S2020), str(S2019), "-o", str(out), "--order", "given")
    assert given.returncode == 0
    timeline = json.loads((out / "timeline.json").read_text(encoding="utf-8"))
    assert [d["path"] for d in timeline["documents"]] == [str(S2020), str(S2019)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no scratch left behind


def test_the_default_corpus_is_the_seeds_in_manifest_order():
    files = corpus.seed_files()
    assert [f.name for f in files] == sorted(p.name for p in SEEDS.glob("*.txt"))
    dates = [corpus.date_in_name(str(f)) for f in files]
    assert dates == sorted(dates) and all(dates)


def test_date_order_keeps_the_given_order_when_a_date_is_missing():
    assert corpus.date_order(["2021-01-01", "2019-05-05", "2020-02-02"]) == [1, 2, 0]
    assert corpus.date_order(["2021-01-01", "", "2020-02-02"]) == [0, 1, 2]
    assert corpus.date_order(["2020-01-01", "2020-01-01"]) == [0, 1]


def test_timeline_table_and_find(tmp_path):
    done = invoke("timeline", str(S2020), str(S2019), "--find", "呼包鄂")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"v1: {S2019}") and lines[1].startswith(f"v2: {S2020}")
    threads = [ln for ln in lines if ln.startswith("t")]
    assert threads and all("呼包鄂" in ln for ln in threads if "…" not in ln)
    assert any(ln.strip().startswith("fate: ") for ln in lines)
    data = json.loads(
        invoke("timeline", str(S2019), str(S2020), "-f", "json", "--find", "呼包鄂").stdout
    )
    assert len(data["threads"]) == int(lines[2].split()[0])


def test_evaluate_without_an_evaluation_set(tmp_path):
    done = invoke("evaluate", str(tmp_path))
    assert done.returncode == 2
    assert_one_error_line(done.stderr, "no evaluation set", "EVAL_DIR")


def test_progress_goes_to_a_terminal_stderr_only(tmp_path):
    old, new = write_pair(tmp_path)
    piped = subprocess.run(
        [clausediff_bin(), "diff", str(old), str(new)], capture_output=True, env=cli_env()
    )
    leader, follower = pty.openpty()
    try:
        on_tty = subprocess.run(
            [clausediff_bin(), "diff", str(old), str(new)],
            stdout=subprocess.PIPE,
            stderr=follower,
            env=cli_env(NO_COLOR="1", TERM="xterm"),
        )
        os.close(follower)
        drawn = read_all(leader)
    finally:
        os.close(leader)
    assert on_tty.returncode == piped.returncode == 0
    assert on_tty.stdout == piped.stdout  # results are the same, and free of progress
    assert b"\x1b" not in piped.stderr and b"\x1b" not in on_tty.stdout
    assert b"comparing" in drawn


def read_all(fd: int) -> bytes:
    """Everything written to a pty so far (until the writer closed it)."""
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def test_evaluate_scores_a_development_pair(tmp_path):
    shared = corpus.default_eval_dir()
    if not (shared / "score.py").is_file():
        pytest.skip(f"no development set at {shared}")
    (tmp_path / "pairs").mkdir()
    for name in ("score.py", "baseline_difflib.py"):
        shutil.copy(shared / name, tmp_path / name)
    for part in ("a.txt", "b.txt", "gold.json"):
        shutil.copy(shared / "pairs" / f"d2020_{part}", tmp_path / "pairs" / f"d2020_{part}")
    done = invoke("evaluate", str(tmp_path))
    assert done.returncode == 0, done.stderr
    (row,) = [ln.split() for ln in done.stdout.splitlines() if ln.startswith("d2020 ")]
    assert 0.0 <= float(row[1]) <= 1.0


def diff_on_a_terminal(old, new, **env: str) -> bytes:
    """What `diff` writes when its standard output is a terminal."""
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [clausediff_bin(), "diff", str(old), str(new)],
            stdout=follower,
            stderr=subprocess.DEVNULL,
            env=cli_env(TERM="xterm", **env),
        )
        os.close(follower)
        assert done.returncode == 0
        return read_all(leader)
    finally:
        os.close(leader)


def test_token_diff_in_colour_on_a_terminal_unless_no_color(tmp_path):
    old, new = write_pair(tmp_path)
    coloured = diff_on_a_terminal(old, new, NO_COLOR="")  # an empty NO_COLOR does not count
    assert f"\x1b[31m[-{DROPPED_SENTENCE}-]\x1b[0m".encode() in coloured
    assert b"\x1b[" not in diff_on_a_terminal(old, new, NO_COLOR="1")


def test_colorize_keeps_the_markers():
    assert terminal.colorize("a[-b-]c{+d+}") == "a\x1b[31m[-b-]\x1b[0mc\x1b[32m{+d+}\x1b[0m"


def test_a_new_report_removes_the_pages_of_the_last_one_only(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    assert invoke("report", str(S2019), str(S2020), "-o", str(out)).returncode == 0
    first = {p.name for p in out.iterdir()}
    s2013 = SEEDS / "2013-05-23_hubaoyinyu-zone-work-plan.txt"
    assert invoke("report", str(s2013), str(S2019), "-o", str(out)).returncode == 0
    second = {p.name for p in out.iterdir()}
    assert "notes.txt" in second and "index.html" in second
    stale = {n for n in first if "2020-06-23" in n}
    assert stale and not stale & second
    listed = set((out / ".clausediff-files").read_text(encoding="utf-8").split())
    assert listed == {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} - {
        "notes.txt",
        ".clausediff-files",
    }


def old_timeline_json(files: list[str], find: str = "") -> str:
    """What `timeline --format json` printed when it built the whole string: the timeline's
    dict, its threads filtered by id for --find, serialized in one piece."""
    from compare.cli.app import Order, ordered_timeline
    from compare.cli.commands import make_settings
    from compare.timeline.query import find_threads

    tl = ordered_timeline(files, Order.date, make_settings(), None)
    data = timeline_dict(tl)
    if find:
        keep = {t.id for t in find_threads(tl, find)}
        data["threads"] = [t for t in data["threads"] if t["id"] in keep]
    return dumps(data) + "\n"


@pytest.mark.parametrize("find", ["", "呼包鄂"])
def test_streamed_timeline_json_is_the_whole_string(find):
    files = [str(S2020), str(S2019)]
    args = ["--find", find] if find else []
    done = invoke("timeline", *files, "--format", "json", *args)
    assert done.returncode == 0, done.stderr
    expected = old_timeline_json(files, find)
    assert done.stdout == expected
    threads = json.loads(done.stdout)["threads"]
    assert threads and all(t["id"] for t in threads)
    if find:  # the filter kept some threads, not all of them
        assert len(threads) < len(json.loads(old_timeline_json(files))["threads"])


def test_timeline_json_finding_nothing_has_no_threads():
    done = invoke("timeline", str(S2019), str(S2020), "-f", "json", "--find", "没有这样的话")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["threads"] == [] and len(data["documents"]) == 2
    assert done.stdout.endswith('"threads": []\n}\n')


def test_json_file_is_the_whole_comparison(tmp_path):
    from compare.cli.commands import compare_documents, load_documents, make_settings

    target = tmp_path / "pair.json"
    target.write_text("an earlier report", encoding="utf-8")
    done = invoke("diff", str(S2019), str(S2020), "--json", str(target))
    assert done.returncode == 0, done.stderr
    docs = load_documents([str(S2019), str(S2020)], make_settings())
    cmp = compare_documents(docs[0], docs[1], make_settings())
    written = target.read_bytes()
    assert written == (dumps(comparison_dict(cmp)) + "\n").encode("utf-8")
    assert json.loads(written) == json.loads(json.dumps(comparison_dict(cmp)))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pair.json"]  # no temp file left
