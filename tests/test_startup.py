"""Start-up: a command imports what it uses, and the shortcuts taken at start-up change nothing."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from aligntools import S2019, S2020, SEEDS
from clitools import invoke, run_cli

from compare.align import tokens
from compare.cli.app import app, command_app

NOT_FOR_A_PAIR = (
    "compare.timeline",
    "compare.render.thread_table",
    "compare.render.views",
    "compare.render.counterparts",
    "compare.render.html",
    "compare.cli.github",
    "compare.cli.gitdiff",
    "compare.corpus",
    "jieba.finalseg.",
    "lxml",
    "dask",
    "distributed",
    "rich",
    "openpyxl",
    "jinja2",
    "cn2an",
)
"""Modules `diff --format json` on two small text files does not need (nor any module below
them): the timeline stage, the other renderers, git and CI, the corpus, HTML input, workers."""

LIST_MODULES = (
    "import contextlib, io, sys\n"
    "from compare.cli.app import run\n"
    "with contextlib.redirect_stdout(io.StringIO()):\n"
    "    status = run(sys.argv[1:])\n"
    "print(status, ' '.join(sorted(sys.modules)))\n"
)


def modules_after(*args: str) -> tuple[int, set[str]]:
    """The exit status of `clausediff ARGS` run in a fresh interpreter, and the modules it
    imported by its end."""
    env = {k: v for k, v in os.environ.items() if k != "CLAUSEDIFF_JOBS"}
    out = subprocess.run(
        [sys.executable, "-c", LIST_MODULES, *args],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    status, names = out.stdout.split(" ", 1)
    return int(status), set(names.split())


def test_diff_as_json_imports_only_what_a_pair_needs():
    old, new = (str(SEEDS / n) for n in (S2019, S2020))
    status, loaded = modules_after("diff", old, new, "--format", "json", "--jobs", "1")
    assert status == 0
    assert {"compare.pipeline", "compare.render.json_out", "jieba"} <= loaded  # it did the work
    needless = sorted(m for m in loaded if m.startswith(NOT_FOR_A_PAIR))
    assert not needless, f"diff --format json imported {needless}"


def test_version_imports_no_pipeline_stage():
    status, loaded = modules_after("--version")
    assert status == 0
    stages = ("clean", "structure", "align", "classify", "timeline", "corpus")
    assert not [m for m in loaded if m.startswith(tuple(f"compare.{s}" for s in stages))]
    assert not [m for m in loaded if m.startswith((*NOT_FOR_A_PAIR, "jieba", "compare.pipeline"))]


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["diff", "--help"],
        ["corpus", "--help"],
        ["corpus", "search", "--help"],
        ["dif", "a", "b"],
        ["diff", "a"],
        ["diff", "--bogus", "a", "b"],
    ],
)
def test_a_command_alone_answers_as_the_whole_app(args, monkeypatch):
    """The app built with only the command named first prints the same help and the same
    usage errors as the app of every command."""
    alone = invoke(*args)
    monkeypatch.setattr("compare.cli.app.command_app", lambda args: app)
    assert invoke(*args) == alone


def test_a_command_alone_is_the_only_one_built():
    one = command_app(["diff", "a", "b"])
    assert [c.callback.__name__ for c in one.registered_commands] == ["diff"]
    assert not one.registered_groups
    assert command_app(["corpus", "add"]).registered_groups[0].name == "corpus"
    assert command_app(["--version"]) is app
    assert command_app([]) is app


def built_tokenizer(tmp_path):
    """A Tokenizer that jieba itself initialised, writing its prefix cache in `tmp_path`."""
    jieba = tokens.import_jieba()
    tok = jieba.Tokenizer(dictionary=str(tokens.WORDS))
    tok.tmp_dir = str(tmp_path)
    tok.initialize()
    return tok


def test_the_prefix_cache_read_at_once_holds_what_jieba_built(tmp_path):
    built = built_tokenizer(tmp_path)
    assert tokens.prefix_cache(built).is_file()  # where jieba wrote it
    fresh = tokens.import_jieba().Tokenizer(dictionary=str(tokens.WORDS))
    fresh.tmp_dir = str(tmp_path)
    assert tokens.read_prefix_cache(fresh)
    assert fresh.initialized and fresh.total == built.total and fresh.FREQ == built.FREQ
    text = "推进呼包鄂乌一体化发展，加快和林格尔新区建设"
    assert fresh.lcut(text, HMM=False) == built.lcut(text, HMM=False)


def test_a_missing_stale_or_damaged_cache_is_left_to_jieba(tmp_path):
    tok = tokens.import_jieba().Tokenizer(dictionary=str(tokens.WORDS))
    tok.tmp_dir = str(tmp_path)
    assert not tokens.read_prefix_cache(tok)  # none yet
    cache = tokens.prefix_cache(built_tokenizer(tmp_path))
    words_time = tokens.WORDS.stat().st_mtime
    os.utime(cache, (words_time - 10, words_time - 10))
    assert not tokens.read_prefix_cache(tok)  # older than the word list
    cache.write_bytes(b"\x00 not marshal")
    os.utime(cache, (words_time + 10, words_time + 10))
    assert not tokens.read_prefix_cache(tok) and not tok.initialized  # unreadable


HMM_CUT = (
    "import sys\n"
    "from compare.align import tokens\n"
    "jieba = tokens.import_jieba() if sys.argv[1] == 'ours' else __import__('jieba')\n"
    "tok = jieba.Tokenizer(dictionary=str(tokens.WORDS))\n"
    "text = '呼和浩特市推进乌兰察布数字经济产业园区的菲特赛特建设'\n"
    "before = 'jieba.finalseg.prob_emit' in sys.modules\n"
    "print(before, tok.lcut(text, HMM=False), tok.lcut(text, HMM=True), tok.lcut(text))\n"
)


def test_jiebas_hmm_model_is_imported_on_first_use_and_cuts_as_before():
    ours, plain = (
        subprocess.run(
            [sys.executable, "-c", HMM_CUT, how], capture_output=True, text=True, check=True
        ).stdout.split(" ", 1)
        for how in ("ours", "plain")
    )
    assert ours[0] == "False" and plain[0] == "True"  # not imported with jieba
    assert ours[1] == plain[1]  # the same words, with and without the model


def test_the_console_script_leaves_with_the_status_of_the_run_after_freezing(monkeypatch):
    from compare.cli import app as cli_app
    from compare.cli import console

    calls: list[str] = []
    monkeypatch.setattr(console.gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(console.gc, "unfreeze", lambda: calls.append("unfreeze"))
    monkeypatch.setattr(cli_app, "run", lambda: 1)
    with pytest.raises(SystemExit) as end:
        console.main()
    assert end.value.code == 1
    assert calls[-1] == "freeze"  # the last word before leaving (importing settles: both)


def test_report_files_are_whole_when_the_console_script_ends(tmp_path):
    """The objects are frozen before the interpreter ends: what the run wrote is complete."""
    old, new = (str(SEEDS / n) for n in (S2019, S2020))
    report = tmp_path / "pair.json"
    done = run_cli("diff", old, new, "--format", "json", "--json", str(report), "--jobs", "1")
    assert done.returncode == 0, done.stderr
    assert report.read_text(encoding="utf-8") == done.stdout
