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


def saved_twice(cache: patterns.ProgramCache, compiled: list[re.Pattern]) -> patterns.ProgramCache:
    """The cache of a third run after two runs like `cache`'s compiled `compiled` and saved."""
    for p in compiled:
        cache.compile(p.pattern, p.flags)
    cache.save()
    second = patterns.ProgramCache(cache.path, *patterns.read_programs(cache.path))
    for p in compiled:
        second.compile(p.pattern, p.flags)
    second.save()
    return patterns.ProgramCache(cache.path, *patterns.read_programs(cache.path))


def test_programs_saved_are_read_back_and_make_the_same_patterns(tmp_path):
    again = saved_twice(kept(tmp_path), PROJECT_PATTERNS)
    assert len(again.known) == len({(p.pattern, p.flags) for p in PROJECT_PATTERNS})
    assert not again.seen  # every pattern seen once was kept when seen again
    for p in PROJECT_PATTERNS:
        assert again.compile(p.pattern, p.flags) == p
    assert not again.new  # every one came from the file
    again.save()  # nothing new: the file is left alone
    assert patterns.read_programs(again.path) == (again.known, frozenset())


def test_a_pattern_is_kept_only_once_a_second_run_compiles_it(tmp_path):
    first = kept(tmp_path)
    first.compile("ab+", 0)
    first.save()
    known, seen = patterns.read_programs(first.path)
    assert known == {} and seen == {patterns.digest_of(("ab+", 0))}
    second = patterns.ProgramCache(first.path, known, seen)
    second.compile("ab+", 0)
    second.compile("(c|d)+", 0)  # built anew each run, as from a set in hash order
    second.save()
    known, seen = patterns.read_programs(first.path)
    assert list(known) == [("ab+", 0)] and seen == {patterns.digest_of(("(c|d)+", 0))}


def test_past_the_caps_only_what_this_run_used_stays(tmp_path, monkeypatch):
    path = tmp_path / "programs.marshal"
    old = {(f"a{k}", 0): marshal.dumps(patterns.program_of(f"a{k}", 0)) for k in range(5)}
    cache = patterns.ProgramCache(path, dict(old), frozenset({patterns.digest_of(("b", 0))}))
    cache.compile("a1", 0)  # used from the file
    cache.compile("b", 0)  # seen before: kept now
    monkeypatch.setattr(patterns, "MAX_KEPT", 3)
    cache.save()
    known, _ = patterns.read_programs(path)
    assert set(known) == {("a1", 0), ("b", 0)}
    monkeypatch.setattr(patterns, "MAX_SEEN", 2)
    cache = patterns.ProgramCache(path, known, frozenset([b"x" * 16, b"y" * 16]))
    cache.compile("c", 0)
    cache.save()
    assert patterns.read_programs(path)[1] == {patterns.digest_of(("c", 0))}


def test_a_damaged_or_foreign_file_is_ignored(tmp_path):
    path = tmp_path / "programs.marshal"
    nothing = ({}, frozenset())
    assert patterns.read_programs(path) == nothing  # missing
    path.write_bytes(b"\x00 not marshal")
    assert patterns.read_programs(path) == nothing
    program = marshal.dumps((0, [], 0, {}, ()))
    path.write_bytes(marshal.dumps(("another interpreter", {("a", 0): program}, [])))
    assert patterns.read_programs(path) == nothing
    path.write_bytes(marshal.dumps((patterns.interpreter_tag(), {("a", 0): program})))
    assert patterns.read_programs(path) == nothing  # the older shape, without the seen


def test_a_program_the_engine_refuses_leaves_re_to_compile(tmp_path, monkeypatch):
    path = tmp_path / "programs.marshal"
    bogus = {("ab+", 0): marshal.dumps((32, [1, 2, 3], 0, {}, (None,)))}
    path.write_bytes(marshal.dumps((patterns.interpreter_tag(), bogus, [])))
    monkeypatch.setattr(patterns, "cache_path", lambda: path)
    original = _compiler.compile
    monkeypatch.setattr(_compiler, "compile", original)  # restored afterwards
    save = patterns.keep_compiled_patterns()
    assert _compiler.compile is not original
    assert _compiler.compile("ab+") == original("ab+")
    assert _compiler.compile("ab+").fullmatch("abbb")
    assert _compiler.compile("(?P<x>c)d").fullmatch("cd")["x"] == "c"
    save()
    assert patterns.digest_of(("(?P<x>c)d", 0)) in patterns.read_programs(path)[1]


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
