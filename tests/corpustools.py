"""Shared by the corpus tests: small corpora of yearly versions made from the seeds' text."""

from __future__ import annotations

import json
import random
import re
import sqlite3
from pathlib import Path

from clitools import SEEDS

S2019 = SEEDS / "2019-10-17_regional-coordination-mechanism.txt"
S2020 = SEEDS / "2020-06-23_western-development-opinions.txt"
WEAKER = (("加快", "逐步"), ("推进", "探索"), ("确保", "争取"), ("支持", "鼓励"))
"""Verb swaps a drafter makes when a commitment is softened (strong → weak)."""
SENTENCE = re.compile(r"(?<=[。；])")


def edit_year(text: str, rng: random.Random) -> str:
    """Next year's draft: about 8% of sentences dropped, 10% softened, a few new ones."""
    out = []
    for s in SENTENCE.split(text):
        r = rng.random()
        if r < 0.08 and len(s) > 20:
            continue
        if r < 0.18:
            for strong, weak in WEAKER:
                if strong in s:
                    s = s.replace(strong, weak, 1)
                    break
        out.append(s)
        if 0.18 <= r < 0.2 and len(s) > 20:
            out.append("建立健全年度考核评价机制，确保各项任务如期完成。")
    return "".join(out)


def write_series(
    folder: Path, seed: Path, series: str, years: range, seed_no: int = 1
) -> list[dict[str, str]]:
    """Yearly versions of a seed in `folder`, each edited from the year before; their
    manifest entries."""
    rng = random.Random(seed_no)
    text = seed.read_text(encoding="utf-8")
    entries = []
    for year in years:
        name = f"{year}-06-30_{series}.txt"
        (folder / name).write_text(text, encoding="utf-8")
        entries.append({"file": name, "date": f"{year}-06-30", "series": series})
        text = edit_year(text, rng)
    return entries


def make_corpus(folder: Path, versions: int = 3) -> Path:
    """Two series of yearly versions (the 2020 and the 2019 seed's text) with a manifest."""
    folder.mkdir(parents=True, exist_ok=True)
    entries = write_series(folder, S2020, "western", range(2020, 2020 + versions), 1)
    entries += write_series(folder, S2019, "coordination", range(2019, 2019 + versions), 2)
    manifest = {"documents": entries}
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    return folder


def canonical(db: Path) -> list[tuple]:
    """What a corpus's comparisons say, independent of row ids and times: each pair by its
    two files' hashes, with its JSON and its normalized change rows."""
    conn = sqlite3.connect(db)
    try:
        pairs = conn.execute(
            "SELECT p.id, o.sha256, n.sha256, p.relation, p.summary, p.comparison FROM pairs p"
            " JOIN documents o ON o.id = p.old_id JOIN documents n ON n.id = p.new_id"
        ).fetchall()
        out = []
        for pid, *rest in pairs:
            changes = conn.execute(
                "SELECT position, kind, revisions, similarity, old_clauses, new_clauses, data"
                " FROM changes WHERE pair_id = ? ORDER BY position",
                (pid,),
            ).fetchall()
            out.append((*rest, tuple(changes)))
        return sorted(out)
    finally:
        conn.close()


def counts(db: Path) -> dict[str, int]:
    """Rows per table."""
    conn = sqlite3.connect(db)
    try:
        tables = ("documents", "clauses", "pairs", "changes", "change_clauses")
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    finally:
        conn.close()


def stored_corpus(root: Path, name: str = "c.db", versions: int = 3, compared: bool = True):
    """`make_corpus` in root/docs, added to the store root/name and, unless told otherwise,
    compared in this process; the store's path."""
    from compare.corpus import add_paths, compare_corpus, open_store
    from compare.model import Settings

    db = root / name
    conn = open_store(db)
    add_paths(conn, [str(make_corpus(root / "docs", versions))], Settings())
    if compared:
        compare_corpus(conn, Settings(), workers=1)
    conn.close()
    return db
