"""The thread × version table (CSV, xlsx, in the report) and `timeline --find` with wordings."""

from __future__ import annotations

import csv
import importlib.util
import io
import subprocess
import sys

import pytest
from clitools import SEEDS, clausediff_bin, cli_env, invoke, run_cli
from rendertools import fixture_timeline, seed_timeline

from compare.model import Thread, ThreadStep
from compare.render.thread_table import (
    BOM,
    FIXED_COLUMNS,
    NOT_COVERED,
    render_thread_csv,
    step_state,
    thread_table,
    xlsx_available,
)
from compare.timeline.query import find_threads, step_wording, version_labels

LABELS = ("2013", "2019", "2020", "2021-02", "2021-10")


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix(BOM))))


def test_one_row_per_thread_with_wording_and_change_at_every_version():
    tl = seed_timeline()
    table = thread_table(tl)
    assert version_labels(tl) == LABELS
    per_version = tuple(f"{v} {part}" for v in LABELS for part in ("wording", "change"))
    assert table.header == FIXED_COLUMNS + per_version
    assert len(table.rows) == len(tl.threads)
    longest = max(tl.threads, key=lambda t: sum(bool(s.clauses) for s in t.steps))
    row = dict(zip(table.header, table.rows[tl.threads.index(longest)], strict=True))
    assert row["topic"] == longest.topic
    for v, label in enumerate(LABELS):
        assert row[f"{label} wording"] == step_wording(tl, longest, v)
        if longest.steps[v].clauses:
            assert row[f"{label} change"] in {
                "first version",
                "new",
                "unchanged",
                "moved",
                "revised",
                "split",
                "merged",
                "back after a gap",
            }


def test_states_say_dropped_merged_and_not_covered_and_leave_other_gaps_blank():
    steps = lambda *present: tuple(  # noqa: E731
        ThreadStep(v, ("c1",) if v in present else (), None) for v in range(5)
    )
    gap = Thread("t1", steps(1, 3))
    assert [step_state(gap, v) for v in range(5)] == ["", "new", NOT_COVERED, "revised", "dropped"]
    merged = Thread("t2", steps(0, 1), merged_into="t9")
    assert [step_state(merged, v) for v in range(3)] == [
        "first version",
        "revised",
        "merged into t9",
    ]
    assert step_state(merged, 3) == ""


def test_csv_of_the_fixture_has_its_hostile_text_as_plain_cells():
    text = render_thread_csv(fixture_timeline())
    assert text.startswith(BOM)
    rows = rows_of(text)
    assert [r["thread"] for r in rows] == ["t1", "t2", "t<3>"]
    assert rows[1]["2020 change"] == "dropped" and rows[1]["2020 wording"] == ""
    assert rows[0]["2019 wording"] == "探索建立生态补偿机制，到2020年完成。"


def test_timeline_format_csv_with_find_answers_what_became_of_the_airports():
    done = invoke("timeline", str(SEEDS), "--format", "csv", "--find", "機場")
    assert done.returncode == 0, done.stderr
    rows = rows_of(done.stdout)
    assert len(rows) == len(find_threads(seed_timeline(), "机场")) > 10
    assert all(
        "机场" in "".join(r[f"{v} wording"] for v in LABELS).replace("機場", "机场") for r in rows
    )


def test_timeline_format_xlsx_is_a_workbook_with_the_same_rows(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "threads.xlsx"
    args = ("timeline", str(SEEDS), "--format", "xlsx", "--find", "水资源")
    done = subprocess.run([clausediff_bin(), *args], env=cli_env(), capture_output=True)
    assert done.returncode == 0, done.stderr
    target.write_bytes(done.stdout)
    book = openpyxl.load_workbook(target)
    sheet = book["threads"]
    header = [c.value for c in sheet[1]]
    assert header[: len(FIXED_COLUMNS)] == list(FIXED_COLUMNS)
    assert sheet.max_row - 1 == len(find_threads(seed_timeline(), "水资源"))
    assert [c.value for c in book["versions"]["A"]][1:] == list(LABELS)


def test_find_prints_the_date_and_wording_at_each_step():
    done = invoke("timeline", str(SEEDS), "--find", "和林格尔新区")
    assert done.returncode == 0, done.stderr
    block = done.stdout.split("\n\n")[1]
    steps = [ln.strip() for ln in block.splitlines() if ln.startswith("    20")]
    assert steps and all(ln[:10].count("-") == 2 for ln in steps)
    assert any("和林格尔新区" in ln or "和林格爾新區" in ln for ln in steps)


def test_report_writes_the_table_beside_timeline_json(tmp_path):
    done = run_cli("report", str(SEEDS), "-o", str(tmp_path))
    assert done.returncode == 0, done.stderr
    rows = rows_of((tmp_path / "timeline.csv").read_text(encoding="utf-8"))
    assert len(rows) == len(seed_timeline().threads)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert 'href="timeline.csv"' in index
    if (tmp_path / "timeline.xlsx").exists():
        assert 'href="timeline.xlsx"' in index


def test_workbook_is_available_only_when_openpyxl_can_be_found(monkeypatch):
    assert xlsx_available() == (importlib.util.find_spec("openpyxl") is not None)
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # as if it were not installed
    assert not xlsx_available()
