"""Stage 7, render: each renderer maps the model to its own view (JSON, CSV, Markdown, TEI, HTML).

Entry point: `write_report` (the timeline report directory); one module per output format
beside it. It is imported on first use, so commands that print JSON never load Jinja2.
"""

from __future__ import annotations

from typing import Any

__all__ = ["write_report"]


def __getattr__(name: str) -> Any:
    if name == "write_report":
        from compare.render.report import write_report

        return write_report
    raise AttributeError(name)
