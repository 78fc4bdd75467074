"""Unrelated articles after a document's end on a newspaper page: cut, never another document."""

from __future__ import annotations

import re

from compare.clean.tracked import Outcome, Tracked, apply_edits, example
from compare.model import Repair

INDENT = r"(?m)^[ \t\u3000]*"
TITLE = re.compile(INDENT + r"#[ \t\u3000]*[^#\s].*$")
NUMBERED = re.compile(
    INDENT
    + r"(?:(#+)[ \t\u3000]*)?"
    + r"(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十百零〇]+[章篇])"
)
"""A numbered section heading. Only spaces may precede the number (`\\s` would run across
blank lines from every line start), and no two runs of spaces may meet (they would split a
long run of them every possible way): either is quadratic."""
DATELINE = re.compile(
    INDENT
    + r"(?:[^\n]{0,4}(?:本报|本報|新华社|新華社).{0,14}(?:讯|訊|电|電)"
    + r"|□?本[报報]记者|□[ \t\u3000]+本[报報]记者|[(（]记者)"
)
"""Newspaper bylines and datelines: they open an article, never a clause of a policy text."""

CUT_REPAIR = "cut_trailing_articles"
"""The kind of the repair that records a cut (a flagged one: it is said in every output)."""

DOCUMENT_KINDS = (
    "通知|意见|意見|方案|规划|規劃|纲要|綱要|办法|辦法|规定|規定|决定|決定|条例|條例|细则|細則"
    "|计划|計劃|措施|公告|通告|批复|批復|报告|報告|决议|決議"
)
DOCUMENT_TITLE = re.compile(
    INDENT
    + r"(?:#+[ \t\u3000]*)?[^\s。！？!?][^\n。！？!?]{0,100}?(?:"
    + DOCUMENT_KINDS
    + r")[》」]?(?:[(（](?:试行|試行|草案|暂行|暫行)[)）])?[ \t\u3000]*$"
)
"""The title line of a policy document (`…的实施意见`, `…规划的通知`): another document starts."""
OUTLINE_START = re.compile(INDENT + r"(?:#+[ \t\u3000]*)?(?:一、|第一[章篇条條])")
"""The first heading of an outline (`一、`, `第一章`): policy text starts again."""


def cut_trailing_articles(t: Tracked) -> Outcome:
    """Cut unrelated articles after the document's end; the text of any document is kept."""
    spans = article_spans(t.text)
    if not spans:
        return Outcome(t)
    cut = [t.text[a:b] for a, b in spans]
    fix = Repair(
        CUT_REPAIR,
        sum(c.count("\n") + (not c.endswith("\n")) for c in cut),
        tuple(t.line_of(a) for a, _ in spans),
        cut_detail(t, spans, sum(map(len, cut))),
        flagged=True,
    )
    kept = apply_edits(t, [(a, b, ()) for a, b in spans])
    return Outcome(kept, (fix,), cut="\n".join(c.strip("\n") for c in cut))


def cut_detail(t: Tracked, spans: list[tuple[int, int]], chars: int) -> str:
    """How much was cut and where: characters, lines, share of the file, the first line."""
    lines = sum(t.text.count("\n", a, b) + (t.text[b - 1] != "\n") for a, b in spans)
    share = chars / max(1, len(t.source))
    where = ", ".join(str(t.line_of(a)) for a, _ in spans[:5])
    first = example(t.text[spans[0][0] :].split("\n", 1)[0])
    return (
        f"cut {chars} characters ({lines} lines, {share:.0%} of the file) judged to be "
        f"newspaper articles after the document's end, from source line {where}, "
        f"starting «{first}» (--keep-trailing keeps them)"
    )


def article_spans(text: str) -> list[tuple[int, int]]:
    """The [start, end) spans of unrelated articles: each runs from where the document ends to
    where another document begins (its title, or the first article before a new outline)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    while (start := find_document_end(text, pos)) is not None:
        end, resume = _article_run_end(text, start)
        if end > start:
            spans.append((start, end))
        if resume is None:
            break
        pos = resume
    return spans


def find_document_end(text: str, pos: int = 0) -> int | None:
    """Offset where text unrelated to the document begins (after `pos`), or None."""
    first = NUMBERED.search(text, pos)
    if first is None:
        return None
    ends = [_title_end(text, first), _dateline_end(text, first.end())]
    found = [e for e in ends if e is not None]
    return min(found) if found else None


def _article_run_end(text: str, start: int) -> tuple[int, int | None]:
    """Where the run of articles at `start` ends, and where a document resumes (None: never).

    A document title ends the run right before it. A new outline with no title before it
    keeps the article it lies in: where that article's text stops and the document's
    preamble begins cannot be told, and policy text is never cut.
    """
    after = text.find("\n", start)
    if is_document_title(text, start):  # the `#` title of the next document itself
        return start, (after + 1 if after >= 0 else None)
    if after < 0:
        return len(text), None
    title = next_document_title(text, after + 1)
    outline = OUTLINE_START.search(text, after + 1)
    if outline is not None and (title is None or outline.start() < title.start()):
        return _last_article_start(text, start, outline.start()), outline.start()
    if title is not None:
        return title.start(), title.start()
    return len(text), None


def is_document_title(text: str, pos: int) -> bool:
    """A document's title line starts at `pos`: not a byline, however it ends (`本报讯…的通知`
    opens an article about a notice, whether a line break follows it or not)."""
    return bool(DOCUMENT_TITLE.match(text, pos)) and not DATELINE.match(text, pos)


def next_document_title(text: str, pos: int) -> re.Match[str] | None:
    """The first document title line from `pos` on that is not a byline, or None."""
    return next(
        (m for m in DOCUMENT_TITLE.finditer(text, pos) if is_document_title(text, m.start())), None
    )


def _last_article_start(text: str, start: int, end: int) -> int:
    """The start of the last article opening in [start, end) (`start` itself when none)."""
    found = [start]
    for m in TITLE.finditer(text, start + 1, end):
        found.append(m.start())
    for m in DATELINE.finditer(text, start + 1, end):
        found.append(_article_title(text, m.start(), start - 1))
    return max(found)


def _title_end(text: str, first: re.Match[str]) -> int | None:
    """A `#` title outranking the document's numbered sections (`# …` after `## 一、…`)."""
    if len(first.group(1) or "") < 2:
        return None
    for m in TITLE.finditer(text, first.end()):
        if not NUMBERED.match(m.group()):
            return m.start()
    return None


def _dateline_end(text: str, after: int) -> int | None:
    """A byline or dateline; the article starts at the short title line just before it."""
    m = DATELINE.search(text, after)
    return None if m is None else _article_title(text, m.start(), after)


def _article_title(text: str, dateline: int, after: int) -> int:
    """The short title line right before a dateline, if any (after `after`), else the dateline."""
    title_end = dateline
    while title_end > after and text[title_end - 1] == "\n":
        title_end -= 1
    title_at = text.rfind("\n", 0, title_end) + 1
    title = text[title_at:title_end]
    if title and len(title) <= 40 and title[-1] not in "。；！？：" and title_at > after:
        return title_at
    return dateline
