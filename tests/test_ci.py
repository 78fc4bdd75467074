"""GitHub Actions output: escaping, annotations, the step summary, `check` under CI variables."""

from __future__ import annotations

import pytest
from clitools import DROPPED_SENTENCE, cli_env, make_doc, run_cli, sample_comparison, write_pair
from hypothesis import given
from hypothesis import strategies as st

from compare.cli import github as ci
from compare.cli.options import DEFAULT_FAIL_ON, failing_changes, parse_fail_on
from compare.errors import UsageError
from compare.model import Change, ChangeKind, Comparison


@pytest.fixture
def cmp() -> Comparison:
    return sample_comparison()


def test_message_escaping_follows_github_rules():
    assert ci.escape_data("50%\r\nnext") == "50%25%0D%0Anext"
    assert ci.escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert ci.escape_data("a:b,c") == "a:b,c"  # colons and commas stay in messages


def test_annotation_line_shape():
    line = ci.annotation("error", "line1\nline2", "docs/a,b.txt", 12, "t:x")
    assert line == "::error file=docs/a%2Cb.txt,line=12,title=t%3Ax::line1%0Aline2"
    assert ci.annotation("notice", "plain") == "::notice::plain"


def test_dropped_commitment_is_an_error_on_the_old_file(cmp):
    drop = cmp.changes[1]
    line = ci.change_annotation(cmp, drop)
    assert line.startswith("::error file=dir%2Ca/old%3A1.txt,line=2,")
    assert "title=clausediff%3A dropped commitment::" in line
    assert line.endswith("old: 建设国家自主创新示范区。")


def test_drop_pinned_to_the_new_file_where_it_stood(cmp):
    first, last = cmp.changes[1], cmp.changes[3]
    assert ci.change_annotation(cmp, first, in_new=True).startswith("::error file=new.txt,line=1,")
    assert ci.change_annotation(cmp, last, in_new=True).startswith("::error file=new.txt,line=2,")


def test_revision_is_a_warning_on_the_new_file(cmp):
    line = ci.change_annotation(cmp, cmp.changes[0])
    assert line.startswith(
        "::warning file=new.txt,line=1,title=clausediff%3A revised%3A weakened::"
    )
    assert (
        "old: 加快推进呼包鄂协同发展。%0Anew: 研究推进呼包鄂协同发展。%0Aweakened: 加快 → 研究"
        in line
    )


def test_fail_on_defaults_and_commitments_only(cmp):
    kinds = parse_fail_on(DEFAULT_FAIL_ON)
    assert kinds == {"dropped", "weakened", "target-changed"}
    assert failing_changes(cmp, kinds) == [cmp.changes[0], cmp.changes[1], cmp.changes[3]]
    # the dropped description (绿色发展。) carries no commitment
    assert failing_changes(cmp, kinds, commitments_only=True) == [cmp.changes[0], cmp.changes[1]]
    assert failing_changes(cmp, {"new", "split"}) == []
    assert len(failing_changes(cmp, parse_fail_on("any"))) == 3


def test_unknown_fail_on_name_lists_the_valid_ones():
    with pytest.raises(UsageError) as e:
        parse_fail_on("dropped,softened")
    assert "'softened'" in e.value.message() and "weakened" in e.value.message()


def test_step_summary_counts_and_changes(cmp):
    failing = failing_changes(cmp, parse_fail_on(DEFAULT_FAIL_ON))
    text = ci.step_summary(cmp, failing)
    assert "| dropped | 2 |" in text and "| unchanged | 1 |" in text
    assert "**3 failing change(s)**" in text
    assert "建设国家自主创新示范区。" in text and "weakened" in text


def test_step_summary_is_truncated_with_a_pointer_to_the_html(cmp):
    failing = failing_changes(cmp, parse_fail_on("any")) * 200
    text = ci.step_summary(cmp, failing, html="out/pair.html", limit=2_000)
    assert len(text) < 2_200
    assert "more not shown; full report: `out/pair.html`" in text
    assert len(ci.step_summary(cmp, failing * 50)) < 1024 * 1024


def test_check_writes_summary_and_annotations_under_actions(tmp_path):
    old, new = write_pair(tmp_path)
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    env = cli_env(GITHUB_ACTIONS="true", GITHUB_STEP_SUMMARY=str(summary))
    done = run_cli("check", str(old), str(new), env=env)
    assert done.returncode == 1, done.stderr
    errors = [ln for ln in done.stdout.splitlines() if ln.startswith("::error ")]
    assert len(errors) == 1
    assert errors[0].startswith(f"::error file={ci.escape_property(str(old))},line=")
    assert DROPPED_SENTENCE in errors[0]
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n") and "| dropped | 1 |" in text
    assert DROPPED_SENTENCE in text


def test_check_quiet_prints_nothing_even_under_actions(tmp_path):
    old, new = write_pair(tmp_path)
    done = run_cli("check", str(old), str(new), "--quiet", env=cli_env(GITHUB_ACTIONS="true"))
    assert (done.returncode, done.stdout, done.stderr) == (1, "", "")


def unescape(text: str) -> str:
    """GitHub's decoding of an escaped value."""
    for code, ch in (("%3A", ":"), ("%2C", ","), ("%0D", "\r"), ("%0A", "\n"), ("%25", "%")):
        text = text.replace(code, ch)
    return text


@given(st.text())
def test_escaping_round_trips_and_leaves_no_separator(text):
    prop = ci.escape_property(text)
    assert not set(prop) & set(":,\r\n")
    assert unescape(prop) == text
    data = ci.escape_data(text)
    assert "\n" not in data and "\r" not in data
    assert unescape(data) == text


@given(st.lists(st.sampled_from(["加快", "推进", "研究", "2025年", "，", "建设"]), max_size=40))
def test_step_summary_stays_under_its_limit(words):
    old = make_doc("old.txt", ["".join(words) + "。", "总体要求。"])
    new = make_doc("new.txt", ["总体要求。"])
    cmp = Comparison(
        old=old,
        new=new,
        changes=(
            Change(ChangeKind.DROPPED, ("c1",), ()),
            Change(ChangeKind.UNCHANGED, ("c2",), ("c1",), 1.0),
        ),
    )
    failing = list(cmp.changes[:1]) * 30
    assert len(ci.step_summary(cmp, failing, limit=1_000)) < 1_100
