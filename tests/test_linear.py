"""Inputs that once took quadratic time: the rewritten patterns find exactly what the old ones
found, and the shapes that exposed them are read whole (a return to quadratic time would
turn these into minutes)."""

from __future__ import annotations

import cProfile
import importlib.util
import pstats
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.clean.fixers import EDGE_SPACE, EDGE_SPACE_FIRST
from compare.clean.pdf import SYMBOL_BULLET, SYMBOL_BULLET_FIRST
from compare.clean.tracked import scan
from compare.model import Source
from compare.pipeline import parse_source
from compare.structure.sentences import CLOSERS, STOP

SENTENCE = "推进区域协调发展，加快建设现代化经济体系。"
OLD_STOP = re.compile(
    r"[!?]*[。；！？;]+[!?]*|[!?]+(?=[\s" + re.escape(CLOSERS) + r"]|$)|\.(?=\s)|\.$"
)
"""The sentence-end pattern before it was made linear: the reference for what it finds."""
LINEAR_STOP = re.compile(
    r"(?:(?<![!?])[!?]++)?[。；！？;]+[!?]*"
    r"|(?<![!?])[!?]++(?=[\s" + re.escape(CLOSERS) + r"]|$)"
    r"|\.(?=\s)|\.$"
)
"""The linear pattern before a look-ahead was put in front of it."""


def spans(matches) -> list[tuple[int, int]]:
    return [m.span() for m in matches]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=" \u3000\t\n区a\uf0a7", max_size=60))
def test_space_runs_are_found_as_before(text: str) -> None:
    assert spans(scan(EDGE_SPACE, EDGE_SPACE_FIRST, text)) == spans(EDGE_SPACE.finditer(text))
    found = spans(scan(SYMBOL_BULLET, SYMBOL_BULLET_FIRST, text))
    assert found == spans(SYMBOL_BULLET.finditer(text))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="?!。；？区 )”.\n1", max_size=40))
def test_sentence_ends_are_found_as_before(text: str) -> None:
    assert spans(STOP.finditer(text)) == spans(OLD_STOP.finditer(text))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="?!。；？区 )”.\n1", max_size=40), st.integers(0, 40), st.integers(0, 40))
def test_sentence_ends_in_a_window_are_found_as_before(text: str, a: int, b: int) -> None:
    a, b = min(a, b, len(text)), min(max(a, b), len(text))
    assert spans(STOP.finditer(text, a, b)) == spans(LINEAR_STOP.finditer(text, a, b))


SHAPES = {
    "blank lines": "\n" * 100_000 + SENTENCE,
    "tabs at a line start": "\t" * 100_000 + SENTENCE,
    "spaces inside a line": SENTENCE + " " * 100_000 + SENTENCE,
    "question marks": "??" * 50_000 + SENTENCE,
    "numbered heading after blank lines": "\n" * 50_000 + "一、总体要求\n" + SENTENCE,
}


@pytest.mark.parametrize("name", SHAPES)
def test_pathological_shapes_are_read_whole(name: str) -> None:
    text = SHAPES[name]
    doc = parse_source(Source("shape.txt", text, "utf-8", "txt", len(text.encode())))
    assert doc.clauses and doc.clauses[-1].text.endswith(SENTENCE)
    removed = sum(r.removed for r in doc.clean.repairs)
    assert len(doc.clean.text) + removed == len(text)


def bench_shapes() -> dict:
    """The shapes `bench/bench_linear.py` times (bench/ is not a package: its scripts import
    make_pairs from their own folder)."""
    folder = Path(__file__).resolve().parent.parent / "bench"
    for name in ("make_pairs", "bench_linear"):
        if name not in sys.modules:
            spec = importlib.util.spec_from_file_location(name, folder / f"{name}.py")
            sys.modules[name] = module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
    return sys.modules["bench_linear"].SHAPES


BENCH_SHAPES = bench_shapes()


def calls_to_parse(text: str) -> int:
    """Function calls (Python and built-in) made by reading the text, cleaning and parsing."""
    profile = cProfile.Profile()
    profile.runcall(parse_source, Source("shape.txt", text, "utf-8", "txt", len(text.encode())))
    return pstats.Stats(profile).total_calls


@pytest.mark.parametrize("name", BENCH_SHAPES)
def test_doubling_a_benchmark_shape_at_most_doubles_the_calls(name: str) -> None:
    shape = BENCH_SHAPES[name]
    calls_to_parse(shape(10_000))  # one-off set-up and caches out of the count
    small, large = calls_to_parse(shape(10_000)), calls_to_parse(shape(20_000))
    assert large <= 2.02 * small, (small, large)
