"""Fuzzing: random bytes in every supported encoding, random mixes of seed lines, markup and
control characters. The reader, the cleaner and `diff` never fail with anything but a typed
error, and every comparison keeps the JSON contract: each clause in exactly one change."""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compare.cli import app as cli
from compare.errors import ClausediffError
from compare.model import Comparison, Source
from compare.pipeline import compare_documents, parse_source
from compare.read.source import read_source
from compare.render.json_out import comparison_dict, dumps

ROOT = Path(__file__).resolve().parent.parent
ENCODINGS = ("utf-8", "gb18030", "big5", "utf-16", "utf-8-sig")
"""Every encoding the reader decodes strictly (the BOM ones included)."""
MARKUP = ("<p>", "</p>", "<br>", "&nbsp;", "<div class=x>", "# ", "## ", "**", "<!-- -->")
CONTROLS = ("\x00", "\x07", "\x0b", "\x0c", "\x1b", "\r", "\r\n", "\u200b", "\ufeff", "\u3000")
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
"""Bounded: the whole file adds a few seconds to the suite."""


@cache
def seed_lines() -> tuple[str, ...]:
    """The lines of every seed (deduplicated, non-empty)."""
    lines: dict[str, None] = {}
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                lines[line] = None
    return tuple(lines)


PIECE = st.one_of(
    st.sampled_from(seed_lines()),
    st.sampled_from(MARKUP),
    st.sampled_from(CONTROLS),
    st.text(max_size=8),
)
MIX = st.lists(PIECE, max_size=30).map(lambda parts: "\n".join(parts))
"""A random mix of seed lines, markup, control characters and arbitrary text."""


def read_or_typed_error(path: Path) -> Source | None:
    """The source, or None when reading failed with a typed error (anything else fails)."""
    try:
        return read_source(str(path))
    except ClausediffError as e:
        assert e.message().strip() and "\n" not in e.message()
        return None


def assert_contract(cmp: Comparison) -> None:
    """Each clause of both sides in exactly one change, in the JSON as in the model."""
    data = json.loads(dumps(comparison_dict(cmp)))
    for side, doc in (("old", cmp.old), ("new", cmp.new)):
        seen = Counter(i for ch in data["changes"] for i in ch[side])
        assert seen == Counter(c.id for c in doc.clauses), side


@FUZZ
@given(text=MIX, encoding=st.sampled_from(ENCODINGS), noise=st.binary(max_size=12))
def test_any_text_in_any_encoding_reads_and_cleans(tmp_path_factory, text, encoding, noise):
    path = tmp_path_factory.mktemp("fuzz") / "doc.txt"
    raw = text.encode(encoding, errors="replace")
    path.write_bytes(raw[: len(raw) // 2] + noise + raw[len(raw) // 2 :])
    source = read_or_typed_error(path)
    if source is not None:
        doc = parse_source(source)
        removed = sum(r.removed for r in doc.clean.repairs)
        assert len(doc.clean.text) + removed == len(source.text)


@FUZZ
@given(data=st.binary(max_size=400))
def test_random_bytes_read_or_give_a_typed_error(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("bytes") / "doc.txt"
    path.write_bytes(data)
    source = read_or_typed_error(path)
    if source is not None:
        parse_source(source)


@FUZZ
@given(old=MIX, new=MIX)
def test_mixes_compare_with_every_clause_in_exactly_one_change(old, new):
    a, b = (parse_source(Source(n, t, "utf-8", "txt", len(t))) for n, t in (("a", old), ("b", new)))
    assert_contract(compare_documents(a, b))


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(old=MIX, new=MIX, encoding=st.sampled_from(ENCODINGS))
def test_diff_prints_no_traceback(tmp_path_factory, capsys, old, new, encoding):
    where = tmp_path_factory.mktemp("diff")
    paths = []
    for name, text in (("old.txt", old), ("new.txt", new)):
        (where / name).write_bytes(text.encode(encoding, errors="replace"))
        paths.append(str(where / name))
    status = cli.run(["diff", *paths, "--format", "json"])
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "this is a bug" not in err
    assert status in (0, 2)
    if status == 0:
        data = json.loads(out)
        for side in ("old", "new"):
            seen = Counter(i for ch in data["changes"] for i in ch[side])
            assert all(n == 1 for n in seen.values())
    else:
        assert len([x for x in err.splitlines() if ": error: " in x]) == 1
