"""A comparison's JSON written by two processes: the same bytes as by one, to a file or to
standard output, and nothing left behind (no scratch file, no process) when a part fails."""

from __future__ import annotations

import codecs
import errno
import importlib.util
import io
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from clitools import REPO, S2019, S2020, clausediff_bin, cli_env, make_doc
from hypothesis import given
from hypothesis import strategies as st

from compare import outputs, parallel
from compare.cli import pair
from compare.pipeline import compare_documents, compare_paths, load_documents
from compare.render.json_out import (
    CHANGE_ROW_COST,
    Encoded,
    balanced_cut,
    comparison_chunks,
    comparison_dict,
    comparison_halves,
    comparison_head,
    comparison_tail,
    dumps,
    list_chunks,
)

needs_fork = pytest.mark.skipif(not parallel.can_fork(), reason="two processes need fork")


@pytest.fixture(scope="module")
def seed_cmp():
    return compare_paths(str(S2019), str(S2020), jobs=1)


def whole_json(cmp) -> str:
    return dumps(comparison_dict(cmp)) + "\n"


def pieces_then(failure: BaseException, text: str) -> Iterator[str]:
    """The characters of `text`, then `failure` raised before the end."""
    yield from text
    raise failure


def children() -> list[int]:
    """Process ids of this process's children (Linux /proc)."""
    found: list[int] = []
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


@pytest.fixture
def elders() -> set[int]:
    """The children this process had when the test began: a browser or a cluster that an
    earlier test in the same test process started and keeps for the others."""
    return set(children())


def new_children(elders: set[int]) -> list[int]:
    """This process's children that were not there when the test began."""
    return [c for c in children() if c not in elders]


def test_the_two_parts_at_any_cut_make_the_whole_json(seed_cmp):
    whole = whole_json(seed_cmp)
    assert "".join(comparison_chunks(seed_cmp)) == whole
    n = len(seed_cmp.new.clauses)
    for cut in sorted({0, 1, n // 2, n - 1, n, *range(0, n, 11)}):
        first, later = comparison_head(seed_cmp, cut), comparison_tail(seed_cmp, cut)
        assert "".join(first) + "".join(later) == whole, cut
    first, later = comparison_halves(seed_cmp)
    assert "".join(first) + "".join(later) == whole


def test_a_side_without_clauses_is_cut_as_well():
    for old, new in ((["推进改革。"], []), ([], ["推进改革。"]), ([], [])):
        cmp = compare_documents(make_doc("a.txt", old), make_doc("b.txt", new))
        whole = whole_json(cmp)
        for cut in range(len(new) + 1):
            assert "".join(comparison_head(cmp, cut)) + "".join(comparison_tail(cmp, cut)) == whole
        first, later = comparison_halves(cmp)
        assert "".join(first) + "".join(later) == whole


@given(st.integers(0, 300), st.data())
def test_a_list_written_in_two_parts_is_the_list_written_at_once(n, data):
    rows = [f'"{i}"' for i in range(n)]
    cut = data.draw(st.integers(0, n))
    whole = "".join(list_chunks(Encoded(rows), "  "))
    first = "".join(list_chunks(Encoded(rows[:cut]), "  ", closed=False))
    assert first + "".join(list_chunks(Encoded(rows[cut:]), "  ", before=cut)) == whole


@given(st.integers(0, 10**6), st.integers(0, 10**6), st.integers(0, 10**6))
def test_the_balanced_cut_evens_out_the_parts_within_the_new_side(old, new, changes):
    cut = balanced_cut(old, new, changes)
    assert 0 <= cut <= new
    first, later = old + cut, new - cut + CHANGE_ROW_COST * changes
    if cut < new:  # the first part would not want more
        assert first - later >= -1
    if cut > 0:  # nor less
        assert first - later <= 1


@needs_fork
def test_two_processes_write_a_file_byte_for_byte_as_one(tmp_path, seed_cmp, elders):
    written = {}
    for workers in (1, 2):
        first, later = comparison_halves(seed_cmp)
        target = tmp_path / f"out{workers}.json"
        outputs.write_chunks(target, first, later=later, workers=workers)
        written[workers] = target.read_bytes()
    assert written[1] == written[2] == whole_json(seed_cmp).encode("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out1.json", "out2.json"]
    assert new_children(elders) == []


@needs_fork
def test_two_processes_write_a_stream_on_a_descriptor_as_one(tmp_path, seed_cmp):
    target = tmp_path / "stdout.json"
    with open(target, "w", encoding="utf-8") as stream:
        stream.write("before\n")  # what the stream holds already stays first
        first, later = comparison_halves(seed_cmp)
        outputs.stream_chunks(stream, first, later, workers=2)
        stream.write("after\n")
    assert target.read_text(encoding="utf-8") == f"before\n{whole_json(seed_cmp)}after\n"


@needs_fork
def test_a_stream_opened_to_append_is_written_as_one(tmp_path, seed_cmp):
    target = tmp_path / "appended.json"
    target.write_text("before\n", encoding="utf-8")
    with open(target, "a", encoding="utf-8") as stream:
        outputs.stream_chunks(stream, *comparison_halves(seed_cmp), workers=2)
    assert target.read_text(encoding="utf-8") == "before\n" + whole_json(seed_cmp)


@pytest.mark.parametrize("refusal", [errno.EINVAL, errno.ENOSYS])
def test_a_file_is_copied_piece_by_piece_where_sendfile_refuses(tmp_path, monkeypatch, refusal):
    def refused(*args):
        raise OSError(refusal, os.strerror(refusal))

    source, target = tmp_path / "source", tmp_path / "target"
    data = "推进呼包鄂协同发展".encode() * 300_000  # several pieces of COPY_PIECE
    source.write_bytes(data)
    monkeypatch.setattr(os, "sendfile", refused)
    with open(source, "rb") as src, open(target, "wb") as out:
        out.write(b"head")
        out.flush()
        outputs.append_file(src.fileno(), out.fileno())
    assert target.read_bytes() == b"head" + data


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", None])
def test_a_stream_in_another_encoding_or_without_descriptor_is_written_here(
    tmp_path, monkeypatch, seed_cmp, encoding
):
    def no_fork(*args, **kwargs):
        raise AssertionError("forked")

    monkeypatch.setattr(outputs, "fork_map", no_fork)
    if encoding is None:
        stream = io.StringIO()
        outputs.stream_chunks(stream, *comparison_halves(seed_cmp), workers=2)
        text = stream.getvalue()
    else:
        target = tmp_path / "out.txt"
        with open(target, "w", encoding=encoding) as file:
            outputs.stream_chunks(file, *comparison_halves(seed_cmp), workers=2)
        text = codecs.decode(target.read_bytes(), encoding)
    assert text == whole_json(seed_cmp)


@needs_fork
@pytest.mark.parametrize("failing", ["first", "later"])
def test_a_failing_part_leaves_the_previous_file_and_no_scratch(
    tmp_path, monkeypatch, failing, elders
):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(scratch))
    target = tmp_path / "report.json"
    target.write_text("previous complete output", encoding="utf-8")
    good, bad = iter(["推进" * 5000]), pieces_then(ValueError("bad part"), "呼包鄂" * 5000)
    first, later = (bad, good) if failing == "first" else (good, bad)
    with pytest.raises(ValueError, match="bad part"):
        outputs.write_chunks(target, first, later=later, workers=2)
    assert target.read_text(encoding="utf-8") == "previous complete output"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json", "scratch"]
    with open(tmp_path / "stdout.txt", "w", encoding="utf-8") as stream:
        good, bad = iter(["推进"]), pieces_then(ValueError("bad part"), "呼包鄂")
        first, later = (bad, good) if failing == "first" else (good, bad)
        with pytest.raises(ValueError, match="bad part"):
            outputs.stream_chunks(stream, first, later, workers=2)
    assert list(scratch.iterdir()) == [] and new_children(elders) == []


def slow_pieces() -> Iterator[str]:
    """A part that would take a minute to make."""
    time.sleep(60)
    yield "never"


@needs_fork
def test_an_interrupt_while_writing_the_first_part_ends_the_worker_at_once(tmp_path, elders):
    target = tmp_path / "report.json"
    start = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        outputs.write_chunks(
            target, pieces_then(KeyboardInterrupt(), "推进"), later=slow_pieces(), workers=2
        )
    assert time.monotonic() - start < 30
    assert new_children(elders) == [] and list(tmp_path.iterdir()) == []


def test_json_workers_only_between_the_sizes_where_a_second_process_pays():
    def sized(chars: int) -> SimpleNamespace:
        side = SimpleNamespace(clean=SimpleNamespace(text="字" * (chars // 2)))
        return SimpleNamespace(old=side, new=side)

    low, high = pair.JSON_IN_TWO_FROM, pair.JSON_IN_TWO_BELOW
    two = 2 if parallel.can_fork() else 1
    assert pair.json_workers(sized(low - 2), 2) == 1
    assert pair.json_workers(sized(low), 2) == two
    assert pair.json_workers(sized(high - 2), 2) == two
    assert pair.json_workers(sized(high), 2) == 1
    assert pair.json_workers(sized(low), 1) == 1


@pytest.fixture(scope="module")
def large_pair(tmp_path_factory) -> tuple[str, str]:
    """A generated pair large enough for its JSON to be written by two processes."""
    spec = importlib.util.spec_from_file_location("make_pairs", REPO / "bench" / "make_pairs.py")
    make_pairs = sys.modules["make_pairs"] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_pairs)
    old, new, _ = make_pairs.write_pair(tmp_path_factory.mktemp("large"), 420_000)
    docs = load_documents([str(old), str(new)], None, 1)
    chars = sum(len(d.clean.text) for d in docs)
    assert pair.JSON_IN_TWO_FROM <= chars < pair.JSON_IN_TWO_BELOW
    return str(old), str(new)


@needs_fork
def test_the_command_writes_a_large_pairs_json_in_two_processes_as_in_one(large_pair, tmp_path):
    command = [clausediff_bin(), "diff", *large_pair, "--format", "json"]
    one = subprocess.run([*command, "--jobs", "1"], capture_output=True, env=cli_env())
    json_file = tmp_path / "pair.json"
    two = subprocess.run(
        [*command, "--jobs", "2", "--json", str(json_file)], capture_output=True, env=cli_env()
    )
    assert one.returncode == two.returncode == 0
    assert one.stdout == two.stdout == json_file.read_bytes()
    assert one.stdout.endswith(b"}\n") and len(one.stdout) > 1_000_000


@needs_fork
def test_a_closed_pipe_ends_the_command_as_usual(large_pair):
    command = [clausediff_bin(), "diff", *large_pair, "--format", "json", "--jobs", "2"]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=cli_env())
    assert proc.stdout.read(100).startswith(b"{")
    proc.stdout.close()
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1
    assert b"Traceback" not in err
