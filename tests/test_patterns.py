"""Kept regular-expression programs: the patterns built from them are the ones `re` builds."""

from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
from pathlib import Path
from re import _compiler

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.clean import fixers, pdf, trailing, web
from compare.cli import patterns
from compare.read import metadata
from compare.structure import headings, numbers

PROJECT_PATTERNS = [
    value
    for module in (fixers, pdf, trailing, web, metadata, headings, numbers)
    for value in vars(module).values()
    if isinstance(value, re.Pattern)
]


def kept(tmp_path) -> patterns.ProgramCache:
    """An empty cache over a file in `tmp_path`."""
    return patterns.ProgramCache(tmp_path / "programs.marshal", {})


def test_a_kept_program_makes_the_pattern_re_makes(tmp_path):
    assert len(PROJECT_PATTERNS) > 20
    cache = kept(tmp_path)
    for p in PROJECT_PATTERNS:
        made = cache.compile(p.pattern, p.flags)
        assert made == p  # same pattern, flags and program (what `Pattern.__eq__` compares)
        assert made.groupindex == p.groupindex and made.groups == p.groups


def test_programs_saved_are_read_back_and_make_the_same_patterns(tmp_path):
    cache = kept(tmp_path)
    for p in PROJECT_PATTERNS:
        cache.compile(p.pattern, p.flags)
    cache.save()
    again = patterns.ProgramCache(cache.path, patterns.read_programs(cache.path))
    assert len(again.known) == len({(p.pattern, p.flags) for p in PROJECT_PATTERNS})
    for p in PROJECT_PATTERNS:
        assert again.compile(p.pattern, p.flags) == p
    assert not again.new  # every one came from the file
    again.save()  # nothing new: the file is left alone
    assert patterns.read_programs(cache.path) == again.known


def test_a_damaged_or_foreign_file_is_ignored(tmp_path):
    path = tmp_path / "programs.marshal"
    assert patterns.read_programs(path) == {}  # missing
    path.write_bytes(b"\x00 not marshal")
    assert patterns.read_programs(path) == {}
    path.write_bytes(marshal.dumps(("another interpreter", {("a", 0): (0, [], 0, {}, ())})))
    assert patterns.read_programs(path) == {}


def test_a_program_the_engine_refuses_leaves_re_to_compile(tmp_path, monkeypatch):
    path = tmp_path / "programs.marshal"
    bogus = {("ab+", 0): marshal.dumps((32, [1, 2, 3], 0, {}, (None,)))}
    path.write_bytes(marshal.dumps((patterns.interpreter_tag(), bogus)))
    monkeypatch.setattr(patterns, "cache_path", lambda: path)
    original = _compiler.compile
    monkeypatch.setattr(_compiler, "compile", original)  # restored afterwards
    save = patterns.keep_compiled_patterns()
    assert _compiler.compile is not original
    assert _compiler.compile("ab+") == original("ab+")
    assert _compiler.compile("ab+").fullmatch("abbb")
    assert _compiler.compile("(?P<x>c)d").fullmatch("cd")["x"] == "c"
    save()
    assert ("(?P<x>c)d", 0) in patterns.read_programs(path)


REGEX_ALPHABET = "ab一二()[]|*+?{}1,^$.-\\sdw:P<>=!#"


@pytest.mark.filterwarnings("ignore::FutureWarning")  # `re` warns of "[[" and the like
@settings(max_examples=300, deadline=None)
@given(st.text(REGEX_ALPHABET, max_size=14), st.sampled_from([0, re.M, re.S | re.I]))
def test_any_pattern_compiles_from_its_program_as_re_compiles_it(text, flags):
    cache = patterns.ProgramCache(Path("never-saved"), {})
    try:
        expected = _compiler.compile(text, flags)
    except (re.error, OverflowError, RecursionError) as error:
        with pytest.raises(type(error)):
            cache.compile(text, flags)
        return
    made = cache.compile(text, flags)
    assert made == expected and made.groupindex == expected.groupindex


BUILT_PATTERNS = (
    "from compare.align.phrases import place_pattern\n"
    "from compare.structure.lexicon import ACTION_PATTERN\n"
    "print(ACTION_PATTERN.pattern, place_pattern().pattern)\n"
)


def test_patterns_built_from_word_sets_are_the_same_in_every_run():
    """Else each run (its own string hashing, its own set order) would keep one more program."""
    seen = {
        subprocess.run(
            [sys.executable, "-c", BUILT_PATTERNS],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3", "4")
    }
    assert len(seen) == 1
