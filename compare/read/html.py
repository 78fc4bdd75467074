"""HTML to plain text for the reader: main content as lines, headings as `#` lines, no furniture."""

from __future__ import annotations

import re

import lxml.etree
import lxml.html

FURNITURE = ("script", "style", "nav", "footer", "header", "aside", "noscript", "template", "form")
"""Elements dropped with everything inside them."""

BLOCK_TAGS = (
    "address article blockquote body dd div dl dt figcaption figure h1 h2 h3 h4 h5 h6 hr li main "
    "ol p pre section table tbody thead tfoot tr td th ul br caption"
)
BLOCKS = frozenset(BLOCK_TAGS.split())
HEADINGS = {f"h{n}": n for n in range(1, 7)}
SPACES = re.compile(r"[ \t\r\n\f\v]+")
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
"""lxml refuses a str that still declares an encoding: the bytes are already decoded."""


def html_to_text(markup: str) -> str:
    """Extract the readable text of an HTML page: one block per line, h1–h6 as `#` lines."""
    markup = XML_DECLARATION.sub("", markup, count=1)
    if not markup.strip():
        return ""
    try:
        root = lxml.html.document_fromstring(markup)
    except (lxml.etree.ParserError, ValueError):
        return ""
    for el in root.xpath("|".join(f"//{tag}" for tag in FURNITURE)) + _named_furniture(root):
        el.drop_tree()
    main = _main_element(root)
    lines = [_line(block) for block in _blocks(main)]
    return "\n".join(line for line in lines if line) + "\n"


FURNITURE_WORDS = (
    "header footer nav navbar menu breadcrumb crumbs share sharebar sidebar copyright toolbar "
    "topbar"
)
FURNITURE_NAMES = frozenset(FURNITURE_WORDS.split())
"""Class or id words of site furniture blocks (`<div class="footer">`, `<div id="share-bar">`)."""
KEEP_TAGS = frozenset({"html", "body", "main", "article"})
NAME_SPLIT = re.compile(r"[\s_\-]+")


def _named_furniture(root: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Elements whose class or id names them as furniture (the page's containers excepted)."""
    found = []
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in KEEP_TAGS:
            continue
        names = f"{el.get('class', '')} {el.get('id', '')}".lower()
        if FURNITURE_NAMES & set(NAME_SPLIT.split(names)):
            found.append(el)
    return [el for el in found if not any(a in found for a in el.iterancestors())]


def _main_element(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The `<main>` or single `<article>` when the page has one, else the body."""
    for xpath in ("//main", "//article"):
        found = root.xpath(xpath)
        if len(found) == 1:
            return found[0]
    body = root.find("body")
    return body if body is not None else root


def _blocks(main: lxml.html.HtmlElement) -> list[tuple[str, str]]:
    """Walk the tree once, cutting text into (tag, text) blocks at block-level boundaries."""
    blocks: list[tuple[str, str]] = []
    parts: list[str] = []
    stack: list[str] = []

    def flush() -> None:
        tag = next((t for t in reversed(stack) if t in HEADINGS), "p")
        blocks.append((tag, "".join(parts)))
        parts.clear()

    for event, el in lxml.etree.iterwalk(main, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in BLOCKS:
                flush()
            stack.append(tag)
            if tag:
                parts.append(el.text or "")
        else:
            if tag in BLOCKS:
                flush()
            stack.pop()
            if el is not main:
                parts.append(el.tail or "")
    flush()
    return blocks


def _line(block: tuple[str, str]) -> str:
    tag, text = block
    text = SPACES.sub(" ", text).strip()
    if text and tag in HEADINGS:
        return "#" * HEADINGS[tag] + " " + text
    return text
