"""Benchmark pairs: seed text concatenated to a requested size, and a drafted newer version.

The new side is made from the old by drafting-style edits, chosen by a fixed random seed:
about 10% of sentences dropped, 10% revised (a number or a word changed), 10% new
sentences inserted (shuffled pieces of other seed sentences), and one block moved.

Usage: python bench/make_pairs.py --sizes 100k,1m --out DIR
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from dataclasses import dataclass
from itertools import cycle
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
UNIT = re.compile(r"[^。；！？]*[。；！？]+|[^。；！？]+")
CJK = re.compile(r"[\u4e00-\u9fff]")
NUMBER = re.compile(r"\d+")
STOPS = ("。", "；", "！", "？")
MARKDOWN_TITLE = re.compile(r"(?m)^#+[ \t]*")
BYLINE = re.compile(r"(?m)^.{0,4}(?:本报|本報|新华社|新華社|□?\s*本[报報]记者|[(（]记者).*\n?")
SHARE = 0.10
"""Share of the old side's sentences dropped, revised, and inserted (each)."""
MOVED_SHARE = 0.02
"""Share of the sentences in the one block that is moved."""
WORD_SWAPS = {
    "推进": "加快推进",
    "加快": "稳步",
    "建设": "打造",
    "支持": "鼓励",
    "完善": "健全",
    "加强": "强化",
    "探索": "推动",
    "鼓励": "支持",
}
"""Revisions that change a word: the first of these found in a sentence is replaced."""


@dataclass(frozen=True)
class PairStats:
    """What the generator did: sizes and how many sentences each edit touched."""

    target: int
    old_bytes: int
    new_bytes: int
    sentences: int
    """Sentences on the old side long enough to be edited (the base of the shares)."""
    dropped: int
    revised: int
    inserted: int
    moved: int


def parse_size(text: str) -> int:
    """`100k`, `1m`, `5m`, `250000` to bytes (k = 1000, m = 1000000)."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmM]?)[bB]?\s*", text)
    if not m:
        raise ValueError(f"not a size: {text!r} (use e.g. 100k, 1m, 5m)")
    scale = {"": 1, "k": 1000, "m": 1_000_000}[m.group(2).lower()]
    return int(float(m.group(1)) * scale)


def units_of(text: str) -> list[str]:
    """Sentences in order, each line's last one carrying the line break (lossless)."""
    out: list[str] = []
    for line in text.split("\n"):
        pieces = UNIT.findall(line) or [""]
        pieces[-1] += "\n"
        out += pieces
    return out


def one_document(text: str) -> str:
    """Seed text without Markdown title marks and newspaper bylines.

    Both mark where a newspaper page moves on to another article, and the cleaner rightly cuts
    everything after them; taken out, the concatenated seeds read as one long document.
    """
    return BYLINE.sub("", MARKDOWN_TITLE.sub("", text))


def concatenate(texts: list[str], size: int) -> list[str]:
    """Sentences from the texts in turn, repeated as needed, up to `size` UTF-8 bytes."""
    out: list[str] = []
    total = 0
    for text in cycle(texts):
        for unit in units_of(text):
            n = len(unit.encode("utf-8"))
            if total + n > size:
                return out
            out.append(unit)
            total += n


def editable(unit: str) -> bool:
    """A sentence worth editing: at least six CJK characters."""
    return len(CJK.findall(unit)) >= 6


def revise(unit: str, rng: random.Random) -> str:
    """Change one number, else one commitment word, else add a qualifier."""
    numbers = list(NUMBER.finditer(unit))
    if numbers:
        m = rng.choice(numbers)
        return unit[: m.start()] + str(int(m.group()) + rng.randint(1, 9)) + unit[m.end() :]
    for old, new in WORD_SWAPS.items():
        if old in unit:
            return unit.replace(old, new, 1)
    cut = CJK.search(unit).start()
    return unit[:cut] + "进一步" + unit[cut:]


def invent(pool: list[str], rng: random.Random) -> str:
    """A new sentence: two-character pieces of a seed sentence, shuffled."""
    body = "".join(CJK.findall(rng.choice(pool)))
    pieces = [body[i : i + 2] for i in range(0, len(body), 2)]
    rng.shuffle(pieces)
    return "".join(pieces) + "。"


def draft(units: list[str], rng: random.Random) -> tuple[list[str], PairStats]:
    """The newer version of the units, and the counts of each edit."""
    candidates = [i for i, u in enumerate(units) if editable(u)]
    k = round(SHARE * len(candidates))
    chosen = rng.sample(candidates, 3 * k)
    drop, change, after = set(chosen[:k]), set(chosen[k : 2 * k]), set(chosen[2 * k :])
    pool = [units[i] for i in candidates]
    out: list[str] = []
    for i, unit in enumerate(units):
        body, end = (unit[:-1], "\n") if unit.endswith("\n") else (unit, "")
        if i in drop:
            body = ""
        elif i in change:
            body = revise(body, rng)
        if i in after:
            body += ("" if not body or body.endswith(STOPS) else "\n") + invent(pool, rng)
        out.append(body + end)
    moved = move_block(out, max(1, round(MOVED_SHARE * len(candidates))), rng)
    stats = PairStats(0, 0, 0, len(candidates), k, k, k, moved)
    return out, stats


def move_block(units: list[str], length: int, rng: random.Random) -> int:
    """Move `length` sentences (in place) to a later line start; return how many moved."""
    length = min(length, len(units) // 3)
    if length == 0:
        return 0
    start = rng.randrange(0, len(units) - length)
    block = units[start : start + length]
    del units[start : start + length]
    if block[-1] and not block[-1].endswith("\n"):
        block[-1] += "\n"
    starts = [i for i in range(start, len(units) + 1) if i == 0 or units[i - 1].endswith("\n")]
    at = rng.choice(starts[len(starts) // 2 :] or [len(units)])
    units[at:at] = block
    return sum(1 for u in block if editable(u))


def make_pair(size: int, seed: int = 2013, seed_dir: Path = SEEDS) -> tuple[str, str, PairStats]:
    """Old and new text of about `size` bytes each, the same for the same seed."""
    texts = [one_document(p.read_text(encoding="utf-8")) for p in sorted(seed_dir.glob("*.txt"))]
    units = concatenate(texts, size)
    new_units, stats = draft(units, random.Random(seed))
    old, new = "".join(units), "".join(new_units)
    sizes = {"target": size, "old_bytes": len(old.encode()), "new_bytes": len(new.encode())}
    return old, new, PairStats(**{**stats.__dict__, **sizes})


def write_pair(out_dir: Path, size: int, seed: int = 2013) -> tuple[Path, Path, PairStats]:
    """Write `{size}_old.txt` and `{size}_new.txt` into out_dir; return their paths."""
    old, new, stats = make_pair(size, seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    old_path, new_path = out_dir / f"{size}_old.txt", out_dir / f"{size}_new.txt"
    old_path.write_text(old, encoding="utf-8")
    new_path.write_text(new, encoding="utf-8")
    return old_path, new_path, stats


def main(argv: list[str] | None = None) -> int:
    """Write pairs of the requested sizes and print what was done to each."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100k,1m,5m", help="comma-separated, e.g. 100k,1m,5m")
    ap.add_argument("--out", type=Path, required=True, help="directory to write the pairs into")
    ap.add_argument("--seed", type=int, default=2013, help="random seed (same seed, same pairs)")
    args = ap.parse_args(argv)
    for size in (parse_size(s) for s in args.sizes.split(",")):
        old_path, new_path, stats = write_pair(args.out, size, args.seed)
        print(old_path, new_path, stats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
