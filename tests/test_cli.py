"""The command line end to end: diff, parse, normalize, --version, stdin, `python -m compare`."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from clitools import DROPPED_SENTENCE, S2020, cli_env, invoke, run_cli, write_pair
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from compare import __version__
from compare.cli.app import app
from compare.cli.options import parse_settings, parse_size
from compare.errors import UsageError
from compare.model import Op
from compare.render.terminal import DiffSpan, token_diff

runner = CliRunner()


@pytest.fixture
def pair(tmp_path):
    return write_pair(tmp_path)


def test_version_console_script_and_module_agree():
    script = run_cli("--version")
    module = subprocess.run(
        [sys.executable, "-m", "compare", "--version"],
        capture_output=True,
        text=True,
        env=cli_env(),
    )
    assert script.returncode == module.returncode == 0
    assert script.stdout == module.stdout == f"clausediff {__version__}\n"


def test_diff_summary_shows_the_dropped_sentence(pair):
    old, new = pair
    done = run_cli("diff", str(old), str(new))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"old: {old}") and lines[1].startswith(f"new: {new}")
    assert "dropped 1" in lines[2] and "new 0" in lines[2]
    assert f"[-{DROPPED_SENTENCE}-]" in done.stdout
    assert "unchanged " not in done.stdout.split("\n", 3)[3]  # unchanged not listed by default


def test_diff_show_unchanged_lists_every_clause(pair):
    old, new = pair
    plain = runner.invoke(app, ["diff", str(old), str(new)])
    full = runner.invoke(app, ["diff", str(old), str(new), "--show", "unchanged"])
    assert plain.exit_code == full.exit_code == 0
    listed = [ln for ln in full.stdout.splitlines() if ln.startswith("unchanged ")]
    data = json.loads(runner.invoke(app, ["diff", str(old), str(new), "-f", "json"]).stdout)
    assert len(listed) == data["summary"]["unchanged"] > 0
    assert not [ln for ln in plain.stdout.splitlines() if ln.startswith("unchanged ")]


def test_diff_json_to_stdout_and_file_agree(pair, tmp_path):
    old, new = pair
    target = tmp_path / "cmp.json"
    done = run_cli("diff", str(old), str(new), "--format", "json", "--json", str(target))
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert json.loads(target.read_text(encoding="utf-8")) == data
    olds = sorted(i for ch in data["changes"] for i in ch["old"])
    assert olds == sorted(c["id"] for c in data["old"]["clauses"])
    dropped = [ch for ch in data["changes"] if ch["kind"] == "dropped"]
    texts = {c["id"]: c["text"] for c in data["old"]["clauses"]}
    assert [texts[ch["old"][0]] for ch in dropped] == [DROPPED_SENTENCE]


def test_identical_files_have_no_changes(tmp_path):
    done = invoke("diff", str(S2020), str(S2020))
    assert done.returncode == 0
    assert "no changes" in done.stdout
    assert "dropped 0" in done.stdout and "new 0" in done.stdout


def test_standard_input_is_read_for_dash(pair):
    old, new = pair
    done = run_cli("diff", "-", str(new), input=old.read_text(encoding="utf-8"))
    assert done.returncode == 0, done.stderr
    assert f"[-{DROPPED_SENTENCE}-]" in done.stdout
    assert done.stdout.startswith("old: -")


def test_dash_twice_is_refused(pair):
    done = run_cli("diff", "-", "-", input="")
    assert done.returncode == 2
    assert "standard input given twice" in done.stderr


def test_parse_json_carries_metadata_clauses_and_facts():
    done = invoke("parse", str(S2020), "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["path"] == str(S2020) and data["encoding"].startswith("utf")
    assert data["schema_version"]
    assert any(DROPPED_SENTENCE in c["text"] for c in data["clauses"])
    first = data["clauses"][0]
    assert set(first["facts"]) >= {"lead", "cooperating", "quantities", "years", "commitment"}
    assert any(s["label"].startswith("一") for s in data["sections"])


def test_parse_table_lists_sections_clauses_repairs():
    done = runner.invoke(app, ["parse", str(S2020)])
    assert done.exit_code == 0
    for heading in ("title:", "encoding:", "sections:", "clauses:", "repairs:"):
        assert heading in done.stdout
    assert "不断提升创新发展能力" in done.stdout


def test_normalize_prints_clean_text_and_keys():
    text = runner.invoke(app, ["normalize", str(S2020)]).stdout
    assert "启动大规模储能" in text
    keys = runner.invoke(app, ["normalize", str(S2020), "--key"]).stdout.splitlines()
    parsed = json.loads(runner.invoke(app, ["parse", str(S2020), "-f", "json"]).stdout)
    assert [k.split("\t")[0] for k in keys] == [c["id"] for c in parsed["clauses"]]
    assert all(" " not in k.split("\t", 1)[1] for k in keys)


@pytest.mark.parametrize(
    ("text", "size"),
    [("20M", 20_000_000), ("1G", 10**9), ("500k", 500_000), ("123", 123), ("2MiB", 2 * 1024**2)],
)
def test_sizes_accept_units(text, size):
    assert parse_size(text) == size


def test_max_size_option_refuses_a_larger_input():
    done = invoke("parse", str(S2020), "--max-size", "1K")
    assert done.returncode == 2
    assert "too large" in done.stderr or "limit" in done.stderr


def test_token_diff_marks_and_elides():
    spans = (
        DiffSpan(Op.EQUAL, "为贯彻落实指导意见精神，" * 3),
        DiffSpan(Op.DELETE, "加快"),
        DiffSpan(Op.INSERT, "稳步"),
        DiffSpan(Op.EQUAL, "推进西部大开发各项工作。"),
    )
    shown = token_diff(spans)
    assert "[-加快-]{+稳步+}" in shown
    assert shown.startswith("…") and len(shown) < 60


spans_strategy = st.lists(
    st.builds(
        DiffSpan,
        st.sampled_from(list(Op)),
        st.text(alphabet="加快推进建设研究，。 2025年", min_size=1, max_size=30),
    ),
    max_size=12,
)


@given(spans_strategy, st.integers(min_value=5, max_value=300))
def test_token_diff_fits_its_width_and_shows_every_edit(spans, width):
    shown = token_diff(spans, width)
    assert len(shown) <= width and "\n" not in shown
    full = token_diff(spans, 10**6)
    for s in spans:
        text = " ".join(s.text.split())
        if s.op is Op.DELETE:
            assert f"[-{text}-]" in full
        elif s.op is Op.INSERT:
            assert f"{{+{text}+}}" in full


@pytest.mark.parametrize(
    ("raw", "value"),
    [("false", False), ("No", False), ("0", False), ("true", True), ("yes", True), ("1", True)],
)
def test_a_yes_or_no_setting_reads_false_as_false(raw, value):
    assert parse_settings([f"keep_trailing={raw}"]) == {"keep_trailing": value}


def test_a_yes_or_no_setting_refuses_other_words():
    with pytest.raises(UsageError, match="keep_trailing='maybe'"):
        parse_settings(["keep_trailing=maybe"])
