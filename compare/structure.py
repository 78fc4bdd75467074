"""Stage 3, structure: CleanText to sections and clauses with facts. (Interim minimal version.)"""

from __future__ import annotations

import re

from compare.model import Clause, CleanText, Document, Section, Source
from compare.normalize import comparison_key

HEADING = re.compile(
    r"^\s*(#+\s*)?(第[一二三四五六七八九十百零〇]+[篇章节条]|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])\s*"
)
SENTENCE = re.compile(r"[^。；！？]+[。；！？]?")


def structure(source: Source, clean: CleanText) -> Document:
    """Cut the clean text into sections and clauses."""
    sections: list[Section] = []
    clauses: list[Clause] = []
    path: list[tuple[int, str]] = []
    offset = 0
    for lineno, line in enumerate(clean.text.split("\n"), 1):
        start = offset
        offset += len(line) + 1
        if not line.strip():
            continue
        m = HEADING.match(line)
        if m:
            label = m.group(2)
            level = 1 if label.startswith("第") or "、" in label else 2
            title = line[m.end() :].strip()
            path = [p for p in path if p[0] < level] + [(level, label + title)]
            sections.append(
                Section(
                    f"s{len(sections) + 1}", level, label, title, tuple(p[1] for p in path), lineno
                )
            )
        for sm in SENTENCE.finditer(line):
            text = sm.group().strip()
            if not text:
                continue
            a, b = start + sm.start(), start + sm.end()
            clauses.append(
                Clause(
                    id=f"c{len(clauses) + 1}",
                    index=len(clauses),
                    text=text,
                    key=comparison_key(text),
                    original=source.text[clean.source_offset(a) : clean.source_offset(b - 1) + 1],
                    section=tuple(p[1] for p in path),
                    section_id=sections[-1].id if sections else "",
                    lines=(lineno, lineno),
                    span=(a, b),
                    is_heading=bool(m) and sm.start() == 0,
                )
            )
    title = next((ln.strip("# ") for ln in clean.text.split("\n") if ln.strip()), source.path)
    return Document(
        source=source,
        clean=clean,
        title=title,
        date="",
        issuer="",
        sections=tuple(sections),
        clauses=tuple(clauses),
    )
