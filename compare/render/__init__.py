"""Renderers: each maps the model to its own view (JSON, CSV, Markdown, TEI, HTML)."""
