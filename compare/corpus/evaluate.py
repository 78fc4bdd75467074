"""Measure alignment against gold files: our comparison and the difflib baseline, same scorer."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from compare.errors import InputError
from compare.model import Settings

REPO = Path(__file__).resolve().parents[2]
OWN_GOLD = REPO / "tests" / "gold"
"""Hand-labelled gold files for real pairs; each names its two files relative to the repository."""
LAST_LINE = re.compile(
    r"accuracy=([\d.]+) strict_accuracy=([\d.]+) (?:not_found|linked)=(\d+) n=(\d+)"
)
LINKS_LINE = re.compile(
    r"links: precision=([\d.]+) made=(\d+) right=(\d+) shown_at_3=(\d+) of=(\d+)"
)
"""The line `score.py --links` adds: link precision, links made, right, right shown, carried."""
GOOD = {
    "dropped": lambda p: p == "dropped",
    "new": lambda p: p == "new",
    "same": lambda p: p in ("unchanged", "moved", "same", "renumbered"),
    "revised": lambda p: p in ("revised", "moved", "split", "merged", "reworded", "renumbered"),
    "split": lambda p: (
        p.startswith(("split", "revised", "unchanged", "moved")) and "unlinked" not in p
    ),
    "merged": lambda p: (
        p.startswith(("merged", "revised", "unchanged", "moved")) and "unlinked" not in p
    ),
}
"""Which predictions the scorer counts as right for each gold relation (as in score.py)."""


@dataclass(frozen=True)
class Score:
    """What the scorer said about one result."""

    accuracy: float
    strict_accuracy: float
    not_found: int
    n: int
    per_relation: dict[str, float] = field(default_factory=dict)
    """Share right per gold relation (`same`, `revised`, `dropped`, `new`, `split`, `merged`)."""
    table: str = ""
    """The scorer's confusion table, as printed."""
    links: tuple[float, int, int, int, int] | None = None
    """`score.py --links`: (precision, made, right, shown_at_3, carried over), when printed."""


@dataclass(frozen=True)
class PairScore:
    """One gold pair scored for our comparison and for the difflib baseline."""

    name: str
    tool: Score
    baseline: Score | None
    """None when the evaluation set has no baseline script (own gold files)."""


def parse_score(output: str) -> Score:
    """Read the scorer's output: the confusion lines and the last summary line."""
    lines = [ln for ln in output.strip().splitlines() if ln.strip()]
    m = LAST_LINE.search(lines[-1]) if lines else None
    if m is None:
        raise InputError("evaluate: the scorer printed no summary line", output[-300:])
    links = [k for k in lines[:-1] if LINKS_LINE.match(k)]
    table = [k for k in lines[:-1] if not LINKS_LINE.match(k)]
    return Score(
        accuracy=float(m.group(1)),
        strict_accuracy=float(m.group(2)),
        not_found=int(m.group(3)),
        n=int(m.group(4)),
        per_relation=per_relation(table),
        table="\n".join(table),
        links=links_figures(links[0]) if links else None,
    )


def links_figures(line: str) -> tuple[float, int, int, int, int]:
    """(precision, made, right, shown_at_3, carried over) from the scorer's links line."""
    m = LINKS_LINE.match(line)
    assert m is not None
    p, *counts = m.groups()
    made, right, shown, of = map(int, counts)
    return float(p), made, right, shown, of


def per_relation(table: list[str]) -> dict[str, float]:
    """Accuracy per gold relation from confusion lines like `same  unchanged=80  revised=1`."""
    out: dict[str, float] = {}
    for line in table:
        rel, *cells = line.split()
        counts = [(c.rsplit("=", 1)[0], int(c.rsplit("=", 1)[1])) for c in cells if "=" in c]
        total = sum(n for _, n in counts)
        good = GOOD.get(rel)
        if total and good:
            out[rel] = sum(n for p, n in counts if good(p)) / total
    return out


def score_file(scorer: Path, result: Path, gold: Path) -> Score:
    """Run the scorer on a result file (same Python as ours)."""
    proc = subprocess.run(
        [sys.executable, str(scorer), str(result), str(gold), "--links"],
        capture_output=True,
        text=True,
        check=False,
    )
    return parse_score(proc.stdout)


def our_result(old: Path, new: Path, settings: Settings | None = None) -> str:
    """Our comparison of two files as the JSON contract."""
    from compare.pipeline import compare_paths
    from compare.render.json_out import comparison_dict, dumps

    return dumps(comparison_dict(compare_paths(str(old), str(new), settings)))


def baseline_result(script: Path, old: Path, new: Path) -> str:
    """The difflib baseline's result for two files."""
    proc = subprocess.run(
        [sys.executable, str(script), str(old), str(new)],
        capture_output=True,
        text=True,
        check=True,
    )
    return proc.stdout


def score_text(scorer: Path, result: str, gold: Path) -> Score:
    """Score a result held in memory (written to a temporary file for the scorer)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "result.json"
        path.write_text(result, encoding="utf-8")
        return score_file(scorer, path, gold)


def gold_pairs(eval_dir: Path) -> list[tuple[str, Path, Path, Path]]:
    """(name, old, new, gold) for every `NAME_a.txt` / `NAME_b.txt` / `NAME_gold.json`."""
    pairs = eval_dir / "pairs"
    if not pairs.is_dir():
        raise InputError(
            f"evaluate: {eval_dir}: no evaluation set",
            "it has no pairs/ directory",
            "give the directory holding pairs/, score.py and baseline_difflib.py",
        )
    out = []
    for gold in sorted(pairs.glob("*_gold.json")):
        name = gold.name.removesuffix("_gold.json")
        old, new = pairs / f"{name}_a.txt", pairs / f"{name}_b.txt"
        if old.is_file() and new.is_file():
            out.append((name, old, new, gold))
    return out


def own_gold_pairs(
    gold_dir: Path = OWN_GOLD, base: Path = REPO
) -> list[tuple[str, Path, Path, Path]]:
    """(name, old, new, gold) for the hand-labelled gold files whose "old" and "new" name
    their inputs (relative to `base`)."""
    out = []
    for gold in sorted(gold_dir.glob("*_gold.json")) if gold_dir.is_dir() else []:
        meta = json.loads(gold.read_text(encoding="utf-8"))
        old, new = base / meta.get("old", ""), base / meta.get("new", "")
        if old.is_file() and new.is_file():
            out.append((gold.name.removesuffix("_gold.json"), old, new, gold))
    return out


def real_gold_pairs(eval_dir: Path) -> list[tuple[str, Path, Path, Path]]:
    """(name, old, new, gold) for the hand-labelled real pairs in `realpairs/`, whose "old"
    and "new" name seed files."""
    return own_gold_pairs(eval_dir / "realpairs", REPO / "seeds")


def evaluate_pairs(eval_dir: Path, own_gold: Path | None = OWN_GOLD) -> list[PairScore]:
    """Score every eval pair (ours and the baseline), then the real pairs and our own gold
    pairs (ours only)."""
    scorer = eval_dir / "score.py"
    baseline = eval_dir / "baseline_difflib.py"
    scores = []
    for name, old, new, gold in gold_pairs(eval_dir):
        tool = score_text(scorer, our_result(old, new), gold)
        base = score_text(scorer, baseline_result(baseline, old, new), gold)
        scores.append(PairScore(name, tool, base))
    own = own_gold_pairs(own_gold) if own_gold else []
    for name, old, new, gold in real_gold_pairs(eval_dir) + own:
        scores.append(PairScore(name, score_text(scorer, our_result(old, new), gold), None))
    return scores


def format_table(scores: list[PairScore]) -> str:
    """A plain-text table: accuracy (strict), new/dropped accuracy, and the baseline's accuracy."""
    rows = [
        f"{'pair':24s} {'accuracy':>8s} {'strict':>7s} {'new':>5s} {'drop':>5s} {'baseline':>8s}"
    ]
    for s in scores:
        rel = s.tool.per_relation
        base = f"{s.baseline.accuracy:8.3f}" if s.baseline else f"{'-':>8s}"
        rows.append(
            f"{s.name:24s} {s.tool.accuracy:8.3f} {s.tool.strict_accuracy:7.3f} "
            f"{rel.get('new', 1.0):5.2f} {rel.get('dropped', 1.0):5.2f} {base}"
        )
    return "\n".join(rows) + "\n" + links_table(scores)


def links_table(scores: list[PairScore]) -> str:
    """Links on the hand-labelled real pairs (those without a baseline), as `score.py --links`
    counts them: precision of the links made, right links and right counterparts shown among
    three."""
    rows = [f"\n{'links':24s} {'precision':>9s} {'made':>5s} {'right':>11s} {'shown_at_3':>11s}"]
    for s in scores:
        if s.baseline is None and s.tool.links and s.tool.links[4]:
            p, made, right, shown, of = s.tool.links
            rows.append(
                f"{s.name:24s} {p:9.3f} {made:5d} {f'{right}/{of}':>11s} {f'{shown}/{of}':>11s}"
            )
    return "\n".join(rows) + "\n" if len(rows) > 1 else ""
