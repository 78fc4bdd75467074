"""How far a better decision could take cross-document links on the hand-labelled real pairs.

Prints, for every gold pair of different documents (`../shared/eval/realpairs/` and
`tests/gold/`), what the tool does now and two ceilings of its evidence (asserts nothing):

- **now**: link precision, right links and right counterparts shown among three, as
  `score.py --links` counts them;
- **ranking**: the commitments carried over that the steps before the evidence decision leave
  unlinked (evidence links turned off), and where their right counterpart stands among the
  possible successors the evidence ranks: first, among three, among all listed, or absent;
- **perfect decision**: the right links a decision could reach that linked each of those
  clauses to its first possible successor exactly when that one is right (right links made
  before the decision, plus those ranked first) — the most any threshold, model or feature
  weighting over the same ranking can reach;
- **link every first**: the scorer's figures when every clause left is linked to its first
  possible successor (any score above 0, no lead asked), the other end of the trade.

Usage: `.venv/bin/python bench/link_ceiling.py [--eval ../shared/eval]`
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from compare.corpus.evaluate import (  # noqa: E402
    OWN_GOLD,
    own_gold_pairs,
    real_gold_pairs,
    score_text,
)
from compare.model import Settings  # noqa: E402
from compare.pipeline import compare_paths  # noqa: E402
from compare.render.json_out import comparison_dict, dumps  # noqa: E402

LISTED = 10
"""Possible successors listed per dropped clause for the ranking figures."""


def scorer_module(eval_dir: Path) -> ModuleType:
    """The evaluation set's scorer, imported for its snippet lookup (`Side.find`)."""
    spec = importlib.util.spec_from_file_location("score", eval_dir / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def carried_entries(
    score: ModuleType, result: dict, gold: dict
) -> list[tuple[str, list[str], list[str]]]:
    """(relation, old ids, new ids) of the gold entries of carried-over commitments, found by
    their snippets as the scorer finds them."""
    old, new = score.Side(result["old"]["clauses"]), score.Side(result["new"]["clauses"])
    out = []
    for e in gold["entries"]:
        if e["relation"] in ("dropped", "new", "related"):
            continue
        olds = [
            x for s in e.get("older_snippets") or [e.get("older_snippet")] if s for x in old.find(s)
        ]
        news = [
            x for s in e.get("newer_snippets") or [e.get("newer_snippet")] if s for x in new.find(s)
        ]
        if olds and news:
            out.append((e["relation"], olds, news))
    return out


def ranks(score: ModuleType, result: dict, gold: dict) -> tuple[int, Counter]:
    """(right links made before the evidence decision, where the right counterpart of each
    carried clause left unlinked ranks: 0-based, None when not listed)."""
    linked: dict[str, set[str]] = {}
    listed: dict[str, list[str]] = {}
    for ch in result["changes"]:
        for o in ch["old"]:
            if ch["kind"] == "dropped":
                listed[o] = [str(s["id"]) for s in ch.get("successors") or []]
            else:
                linked.setdefault(o, set()).update(ch["new"])
    before, where = 0, Counter()
    for _, olds, news in carried_entries(score, result, gold):
        if olds[0] in linked:
            before += bool(linked[olds[0]] & set(news))
        elif olds[0] in listed:
            lst = listed[olds[0]]
            where[next((k for k, n in enumerate(lst) if n in news), None)] += 1
    return before, where


def figures(eval_dir: Path) -> list[str]:
    """One Markdown row per gold pair."""
    score = scorer_module(eval_dir)
    scorer = eval_dir / "score.py"
    off = replace(Settings(), evidence_score=99.0, successor_limit=LISTED)
    every = replace(Settings(), evidence_score=1e-9, evidence_margin=0.0)
    rows = []
    for name, old, new, gold_path in real_gold_pairs(eval_dir) + own_gold_pairs(OWN_GOLD):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        run = {
            k: dumps(comparison_dict(compare_paths(str(old), str(new), s)))
            for k, s in (("now", None), ("off", off), ("every", every))
        }
        now, all_first = (score_text(scorer, run[k], gold_path).links for k in ("now", "every"))
        if not now or not all_first:
            continue
        p, _, right, shown, of = now
        before, where = ranks(score, json.loads(run["off"]), gold)
        left = sum(where.values())
        first, three = where[0], where[0] + where[1] + where[2]
        listed = left - where[None]
        ceiling = before + first
        rows.append(
            f"| {name} | {of} | {p:.3f} · {right} · {shown} | {before} | {left}: {first} · "
            f"{three} · {listed} · {where[None]} | {ceiling} ({ceiling / of:.2f}) | "
            f"{all_first[0]:.3f} · {all_first[2]} |"
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    """Print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    args = ap.parse_args(argv)
    print(
        "| pair | carried over | now: precision · right · shown | right before the decision |"
        " left unlinked: right first · in three · listed · absent | perfect decision: right |"
        " link every first: precision · right |"
    )
    print("|---|---:|---|---:|---|---:|---|")
    for row in figures(args.eval):
        print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
