"""HTML renderer: self-contained pages (inline CSS and JS, no network) from Jinja2 templates."""

from __future__ import annotations

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
from compare.render.pair_view import pair_view
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


def render_pair_html(cmp: Comparison, *, links: PageLinks | None = None) -> str:
    """The side-by-side page of one comparison."""
    return render(
        "pair.html", v=pair_view(cmp), links=links or PageLinks(), data=script_json(pair_data(cmp))
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
