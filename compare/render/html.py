"""HTML renderer: self-contained pages (inline CSS and JS, no network) from Jinja2 templates."""

from __future__ import annotations

import base64
import gzip
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, ChoiceLoader, Environment, FileSystemLoader, PackageLoader
from markupsafe import Markup

from compare import __version__
from compare.model import SCHEMA_VERSION, Comparison, Timeline
from compare.render import names
from compare.render.pair_view import PairView, pair_view
from compare.render.search import script_map, width_map
from compare.render.thread_table import xlsx_available
from compare.render.timeline_views import timeline_view
from compare.render.topic_views import TopicView

REPO_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
"""Where templates live in a source checkout (an editable install)."""
JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


PAGED_FROM = 5000
"""A pair page with more rows than this keeps them as data and shows them page by page."""
PAGE_ROWS = 200
"""Rows drawn at a time on a paged pair page."""
CHUNK_ROWS = 2000
"""Rows per packed chunk of a paged page (a chunk is unpacked when one of its rows is drawn)."""


@dataclass(frozen=True)
class Paging:
    """A large pair page: rows per page, and every row's markup packed inline."""

    rows: int
    meta: Markup
    """Kind and classes of every row, as inline JSON (what the filters need)."""
    chunks: tuple[Markup, ...]
    """The rows' markup, CHUNK_ROWS at a time, packed by `packed_rows`."""
    chunk_rows: int


@dataclass(frozen=True)
class PageLinks:
    """Links from a pair page to its siblings in a report directory (none when standalone)."""

    index: str = ""
    exports: tuple[tuple[str, str], ...] = ()


def packaged_templates() -> bool:
    """True when the installed package carries its templates (a built wheel)."""
    return resources.files("compare").joinpath("templates").is_dir()


def template_loader() -> BaseLoader:
    """The installed `compare/templates` first, then the checkout's `templates/`."""
    loaders: list[BaseLoader] = []
    if packaged_templates():
        loaders.append(PackageLoader("compare", "templates"))
    loaders.append(FileSystemLoader(REPO_TEMPLATES))
    return ChoiceLoader(loaders)


@cache
def environment() -> Environment:
    """The Jinja2 environment: autoescaping on, compact whitespace."""
    env = Environment(
        loader=template_loader(), autoescape=True, trim_blocks=True, lstrip_blocks=True
    )
    env.globals["version"] = __version__
    return env


def script_json(obj: Any) -> Markup:
    """JSON safe inside `<script type="application/json">`: no `</`, `<!--` or `]]>`."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return Markup("".join(JSON_ESCAPES.get(ch, ch) for ch in text))


def render(template: str, **context: Any) -> str:
    """Render one template."""
    return environment().get_template(template).render(**context)


def pair_data(cmp: Comparison) -> dict[str, Any]:
    """The facts a pair page embeds for machines: both sides and the counts by kind."""
    side = lambda d: {"title": d.title, "date": d.date, "clauses": len(d.clauses)}  # noqa: E731
    return {
        "schema_version": SCHEMA_VERSION,
        "old": side(cmp.old),
        "new": side(cmp.new),
        "summary": cmp.summary(),
    }


def packed_rows(rows: list[str]) -> Markup:
    """Row markup as a JSON list, gzipped and in base64 (a tenth of its size; the page unpacks
    it with the browser's DecompressionStream). `mtime=0`: the same rows give the same bytes."""
    text = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    packed = gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0)
    return Markup(base64.b64encode(packed).decode("ascii"))


def paging(rows: tuple[Any, ...], candidates: dict[int, Any] | None = None) -> Paging | None:
    """How a pair page with more than PAGED_FROM rows is paged (None: one page)."""
    if len(rows) <= PAGED_FROM:
        return None
    row = environment().get_template("macros.html").module.sbs_row  # type: ignore[attr-defined]
    markup = [str(row(r, candidates or {})) for r in rows]
    chunks = tuple(packed_rows(markup[i : i + CHUNK_ROWS]) for i in range(0, len(rows), CHUNK_ROWS))
    return Paging(PAGE_ROWS, script_json([[r.kind, r.classes] for r in rows]), chunks, CHUNK_ROWS)


def render_pair_html(
    cmp: Comparison, *, links: PageLinks | None = None, view: PairView | None = None
) -> str:
    """The side-by-side page of one comparison (rows paged beyond PAGED_FROM); `view`: its
    `pair_view`, when made already."""
    view = view or pair_view(cmp)
    return render(
        "pair.html",
        v=view,
        links=links or PageLinks(),
        data=script_json(pair_data(cmp)),
        paging=paging(view.rows, view.candidates),
    )


def render_timeline_html(timeline: Timeline) -> str:
    """The index page: versions, comparisons, charts and the thread × version matrix."""
    view = timeline_view(timeline)
    data = {
        "schema_version": SCHEMA_VERSION,
        "versions": [{"date": v.doc.date, "title": v.doc.title} for v in view.versions],
        "summaries": [cmp.summary() for cmp in timeline.comparisons],
        "threads": len(view.threads),
        "t2s": script_map(r.search for r in view.threads),
        "widths": width_map(),
    }
    exports = names.timeline_exports(xlsx_available())
    return render("timeline.html", v=view, data=script_json(data), exports=exports)


def render_topic_html(topic: TopicView, index_href: str = "index.html") -> str:
    """One topic page: the histories of its threads."""
    return render("topic.html", t=topic, index=index_href)
