"""The report directory: index, pair pages, topic histories and exports, each written atomically."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from compare import outputs
from compare.model import Comparison, Timeline
from compare.render import names
from compare.render.csv_out import render_csv
from compare.render.html import PageLinks, render_pair_html, render_timeline_html, render_topic_html
from compare.render.json_out import comparison_chunks, timeline_chunks
from compare.render.markdown import render_markdown
from compare.render.tei import render_tei
from compare.render.thread_table import render_thread_csv, render_thread_xlsx, xlsx_available
from compare.render.topic_views import topic_views

Content = Iterable[bytes]
"""A file's bytes, whole (a one-item tuple) or made piece by piece while it is written."""


def encoded(pieces: Iterable[str]) -> Content:
    """UTF-8 bytes of text made piece by piece (the JSON files: never one giant string)."""
    return (p.encode("utf-8") for p in pieces)


def pair_files(cmp: Comparison, index: int) -> Iterator[tuple[str, Content]]:
    """The pair page and its exports as (file name, content)."""
    exports = names.pair_exports(cmp.old, cmp.new, index)
    links = PageLinks(index=names.INDEX, exports=exports)
    yield names.pair_page(cmp.old, cmp.new, index), (render_pair_html(cmp, links=links).encode(),)
    renderers = {
        ".json": lambda: encoded(comparison_chunks(cmp)),
        ".csv": lambda: (render_csv(cmp).encode("utf-8"),),
        ".md": lambda: (render_markdown(cmp).encode(),),
        ".tei.xml": lambda: (render_tei(cmp),),
    }
    for (_, name), (_, suffix) in zip(exports, names.EXPORTS, strict=True):
        yield name, renderers[suffix]()


def report_files(timeline: Timeline) -> Iterator[tuple[str, Content]]:
    """Every file of the report as (file name, content), the index first."""
    yield names.INDEX, (render_timeline_html(timeline).encode(),)
    yield names.TIMELINE_JSON, encoded(timeline_chunks(timeline))
    yield names.TIMELINE_CSV, (render_thread_csv(timeline).encode("utf-8"),)
    if xlsx_available():
        yield names.TIMELINE_XLSX, (render_thread_xlsx(timeline),)
    for i, cmp in enumerate(timeline.comparisons):
        yield from pair_files(cmp, i)
    for topic in topic_views(timeline):
        yield names.topic_page(topic.index), (render_topic_html(topic, names.INDEX).encode(),)


def write_report(timeline: Timeline, out_dir: Path) -> list[Path]:
    """Write the whole report into `out_dir` (refusing a seed corpus); return the files written."""
    directory = outputs.prepare_output_dir(Path(out_dir))
    return [outputs.write_parts(directory / name, parts) for name, parts in report_files(timeline)]
