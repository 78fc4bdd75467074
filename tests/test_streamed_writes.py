"""Writing files piece by piece (the report JSON too): complete or not at all, never into inputs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from clitools import S2019, SEEDS
from rendertools import seed_timeline

from compare import outputs
from compare.errors import OutputError
from compare.render import names
from compare.render.json_out import comparison_dict, dumps, timeline_dict
from compare.render.report import report_files


def pieces_then(failure: BaseException, text: str) -> Iterator[str]:
    """The characters of `text`, then `failure` raised before the end."""
    yield from text
    raise failure


def test_pieces_land_as_one_utf8_file(tmp_path):
    text = S2019.read_text(encoding="utf-8")
    target = tmp_path / "out.txt"
    assert outputs.write_chunks(target, iter(text.splitlines(keepends=True))) == target
    assert target.read_bytes() == text.encode("utf-8")
    assert outputs.write_chunks(target, []) == target
    assert target.read_bytes() == b""


@pytest.mark.parametrize("failure", [KeyboardInterrupt(), MemoryError(), ValueError("bad")])
def test_a_stream_broken_off_leaves_the_previous_file_whole(tmp_path, failure):
    target = tmp_path / "report.json"
    target.write_text("previous complete output", encoding="utf-8")
    with pytest.raises(type(failure)):
        outputs.write_chunks(target, pieces_then(failure, "呼包鄂协同发展" * 1000))
    assert target.read_text(encoding="utf-8") == "previous complete output"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_inputs_and_the_corpus_are_refused_before_any_piece_is_made(tmp_path):
    made: list[str] = []

    def pieces() -> Iterator[str]:
        made.append("started")
        yield "x"

    source = tmp_path / "old.txt"
    source.write_text("原文", encoding="utf-8")
    with pytest.raises(OutputError, match="input"):
        outputs.write_chunks(source, pieces(), inputs=[str(source)])
    with pytest.raises(OutputError, match="seed corpus"):
        outputs.write_chunks(SEEDS / "new.json", pieces())
    assert made == [] and source.read_text(encoding="utf-8") == "原文"
    assert not (SEEDS / "new.json").exists()


def test_the_report_json_files_are_made_piece_by_piece_and_match_the_whole_string():
    tl = seed_timeline()
    files = dict(report_files(tl))
    streamed = files[names.TIMELINE_JSON]
    assert not isinstance(streamed, tuple | list)
    assert b"".join(streamed) == (dumps(timeline_dict(tl)) + "\n").encode()
    exports = names.pair_exports(tl.comparisons[0].old, tl.comparisons[0].new, 0)
    name = next(n for _, n in exports if n.endswith(".json"))
    assert not isinstance(files[name], tuple | list)
    assert b"".join(files[name]) == (dumps(comparison_dict(tl.comparisons[0])) + "\n").encode()
