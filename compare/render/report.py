"""The report directory: index, pair pages, topic histories and exports, each written atomically."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path

from compare import outputs
from compare.model import Comparison, Timeline
from compare.parallel import fork_map, worker_count
from compare.render import names
from compare.render.csv_out import render_csv
from compare.render.html import PageLinks, render_pair_html, render_timeline_html, render_topic_html
from compare.render.json_out import comparison_chunks, timeline_chunks
from compare.render.markdown import render_markdown
from compare.render.pair_view import pair_view
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
    view = pair_view(cmp)  # made once for the page and the Markdown
    page = render_pair_html(cmp, links=links, view=view)
    yield names.pair_page(cmp.old, cmp.new, index), (page.encode(),)
    renderers = {
        ".json": lambda: encoded(comparison_chunks(cmp)),
        ".csv": lambda: (render_csv(cmp).encode("utf-8"),),
        ".md": lambda: (render_markdown(cmp, view).encode(),),
        ".tei.xml": lambda: (render_tei(cmp),),
    }
    for (_, name), (_, suffix) in zip(exports, names.EXPORTS, strict=True):
        yield name, renderers[suffix]()


def report_files(timeline: Timeline) -> Iterator[tuple[str, Content]]:
    """Every file of the report as (file name, content), the index first."""
    for _, files in report_groups(timeline):
        yield from files()


Files = Callable[[], Iterable[tuple[str, Content]]]
"""Some of the report's files, made when called."""

# What a group of files costs to make, per character of the documents it shows (measured on
# the seeds: a pair's page and exports 5 µs a character of its two documents, the index 2.5 µs
# and the workbook 6 µs, openpyxl's import included, a character of all the documents, the
# rest 1 µs): only the ratios count, they balance the workers' shares.
PAIR_COST, INDEX_COST, XLSX_COST, OTHER_COST = 5.0, 2.5, 6.0, 1.0


def report_groups(timeline: Timeline, pairs: bool = True) -> list[tuple[float, Files]]:
    """The report's files in groups made independently of one another, each with its cost;
    in order, the groups give the files in `report_files` order (without `pairs`: all
    but the pair pages and their exports)."""
    chars = sum(len(d.clean.text) for d in timeline.documents)
    groups: list[tuple[float, Files]] = [
        (INDEX_COST * chars, lambda: [(names.INDEX, (render_timeline_html(timeline).encode(),))]),
        (OTHER_COST * chars, lambda: timeline_exports(timeline)),
    ]
    if xlsx_available():
        xlsx = lambda: [(names.TIMELINE_XLSX, (render_thread_xlsx(timeline),))]  # noqa: E731
        groups.append((XLSX_COST * chars, xlsx))
    for i, cmp in enumerate(timeline.comparisons if pairs else ()):
        groups.append((pair_cost(cmp), partial(pair_files, cmp, i)))
    groups.append((OTHER_COST * chars, lambda: topic_files(timeline)))
    return groups


def pair_cost(cmp: Comparison) -> float:
    """What a pair's page and exports cost to make (see PAIR_COST)."""
    return PAIR_COST * (len(cmp.old.clean.text) + len(cmp.new.clean.text))


def timeline_exports(timeline: Timeline) -> Iterator[tuple[str, Content]]:
    """The timeline's JSON and its thread table as CSV."""
    yield names.TIMELINE_JSON, encoded(timeline_chunks(timeline))
    yield names.TIMELINE_CSV, (render_thread_csv(timeline).encode("utf-8"),)


def topic_files(timeline: Timeline) -> Iterator[tuple[str, Content]]:
    """One page per shared topic."""
    for topic in topic_views(timeline):
        yield names.topic_page(topic.index), (render_topic_html(topic, names.INDEX).encode(),)


def write_report(
    timeline: Timeline,
    out_dir: Path,
    jobs: int | None = None,
    pair_pages: Sequence[list[Path]] | None = None,
) -> list[Path]:
    """Write the whole report into `out_dir` (refusing a seed corpus); return the files written
    (`pair_pages`: the pair pages' files, when `write_pair_pages` has written them already).

    The groups of files are made and written on up to `jobs` cores (None: every usable
    core), each by the worker that makes it: a page goes to disk as it is made, never back
    through a pipe."""
    directory = outputs.prepare_output_dir(Path(out_dir))
    groups = report_groups(timeline, pairs=pair_pages is None)
    chars = sum(len(d.clean.text) for d in timeline.documents)
    workers = worker_count(jobs, len(groups), chars)
    write = partial(write_files, directory)
    done = fork_map(write, [files for _, files in groups], workers, cost=[c for c, _ in groups])
    if pair_pages is not None:  # in their place: after the exports, before the topic pages
        done[-1:-1] = pair_pages
    return [path for paths in done for path in paths]


def write_pair_pages(
    comparisons: tuple[Comparison, ...],
    thread: Callable[[], Timeline],
    out_dir: Path,
    jobs: int | None = None,
) -> tuple[Timeline, list[list[Path]]]:
    """Write each pair's page and exports into `out_dir` on up to `jobs` cores while this
    process builds the threads (`thread()`: pair pages need only the comparisons); return the
    timeline and the files of each pair, for `write_report(…, pair_pages=…)`."""
    directory = outputs.prepare_output_dir(Path(out_dir))
    sizes = [len(c.old.clean.text) + len(c.new.clean.text) for c in comparisons]
    workers = worker_count(jobs, len(comparisons), sum(sizes))
    built: list[Timeline] = []
    files = [partial(pair_files, cmp, i) for i, cmp in enumerate(comparisons)]
    done = fork_map(
        partial(write_files, directory),
        files,
        workers,
        cost=[pair_cost(c) for c in comparisons],
        meanwhile=lambda: built.append(thread()),
    )
    return (built[0] if built else thread()), done  # no workers: nothing was done meanwhile


def write_files(directory: Path, files: Files) -> list[Path]:
    """Make and write some of the report's files into `directory`; return their paths."""
    return [outputs.write_parts(directory / name, parts) for name, parts in files()]
