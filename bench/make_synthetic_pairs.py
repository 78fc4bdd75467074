"""Synthetic version pairs with known changes: a seed as the older side, a drafted newer side, gold.

The older side is the seed file as captured (page numbers, broken lines, traditional script and
pinyin stay). The newer side carries drafting-style edits on about 10% of the sentences each:
dropped, revised (a near-synonym, a number or year, a phrase added or removed), split at a comma,
merged with the next sentence, and new sentences taken from another seed; one paragraph is moved.
The gold file lists every sentence it can name by a unique snippet, in the shape the development
set's score.py reads. Sentences are cut here by their own simple rule, independent of `compare`.

Usage: python bench/make_synthetic_pairs.py SEED_FILE OUT_DIR [--seed N] [--name NAME]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import opencc

STOPS = "。！？；;"
SENTENCE = re.compile(rf"[^{STOPS}]*[{STOPS}]+|[^{STOPS}]+")
PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]+\)")
TOKEN = re.compile(PINYIN.pattern.join([r"[^\n](?:", ")?"]))
"""One character with the pinyin reading that may follow it: the unit snippets are counted in."""
NORM_DROP = re.compile(r"[\s,，。;；:：、!！?？()（）《》〈〉“”\"'—\-]")
NUMBER = re.compile(r"(?<![\d—-])\d+(?![\d—-]|\s*[.、．](?!\d))")
"""A number in the text, not a page number (—12—) nor an item label (2. or 2、)."""
YEAR = re.compile(r"(?:19|20)\d\d")
COMMA = re.compile(r"[，,]")
TITLE_OR_BYLINE = re.compile(r"^(?:# |.{0,4}(?:本报|本報|新华社|新華社|□))")
"""A line where a newspaper page moves on to another article: the document ends before it."""
LEADERS = re.compile(r"\.{4,}|…{2,}|·{4,}")
"""Dot leaders of a table of contents: a unit holding them is not a sentence."""
GLUED_HEADING = re.compile(
    r"^[^\u4e00-\u9fff]{0,12}(?:第[一二三四五六七八九十百零〇]+[篇章节節]|专栏|專欄)"
)
"""A heading (or table title) glued to the body text after it, as PDF extraction leaves them."""
GLUED_SKIP = 20
"""Characters at the start of a sentence with a glued heading that no snippet may touch."""
DIGIT = re.compile(r"\d")
"""Snippets hold no digits: page numbers and numerals pushed out of place are capture noise."""
DAMAGE = re.compile(r"[?\ufffda-zA-Z]")
"""Encoding damage (a `?` for lost bytes, pinyin letters torn from their brackets)."""
DAMAGE_MARGIN = 2
"""Characters next to damage that no snippet may hold either (they are often mojibake)."""
OPENERS, CLOSERS = "(（《〈“‘「『【〔", ")）》〉”’」』】〕"

SHARE = 0.10
"""Share of the eligible sentences each edit touches (a merge touches two)."""
MIN_TOKENS = 16
"""A sentence shorter than this is kept as it is and left out of the gold."""
SNIPPET_WIDTHS = (14, 13, 15, 12, 16)
"""Snippet lengths in characters, tried in this order."""
MIN_SNIPPET_KEY = 10
"""A snippet must keep at least this many characters once punctuation is taken out."""
MIN_SPLIT_PART = 14
"""Each half of a split sentence has at least this many characters."""
MAX_REMOVED_SHARE = 0.3
"""A removed phrase is at most this share of its sentence."""
FOREIGN_OVERLAP = 0.2
"""An inserted sentence shares at most this share of its 6-grams with the seed."""
SYNONYMS = {
    "推进": "推动",
    "加快": "加速",
    "加强": "强化",
    "研究": "探索",
    "完善": "健全",
    "提高": "提升",
    "促进": "推动",
    "积极": "大力",
    "建立": "构建",
    "鼓励": "支持",
}
"""Near-synonyms a drafter swaps; the first found in a sentence is replaced."""
PHRASES = ("，加大财政支持力度", "，实行清单化管理", "，建立健全长效机制", "，强化督促检查")
"""Phrases a drafter adds before a sentence's final stop."""

_T2S = opencc.OpenCC("t2s").convert
_S2T = opencc.OpenCC("s2t").convert


def norm(text: str) -> str:
    """The scorer's matching key: no pinyin, NFKC, simplified, no punctuation or spaces."""
    text = unicodedata.normalize("NFKC", PINYIN.sub("", text))
    return NORM_DROP.sub("", _T2S(text))


@dataclass
class Unit:
    """One sentence (or heading, or fragment) of the older side, with what happens to it."""

    text: str
    line: int
    complete: bool
    op: str = "same"
    new: list[str] = field(default_factory=list)
    note: str = ""
    inserted: str = ""


def is_traditional(text: str) -> bool:
    """Whether the text is written in traditional characters (many change under t2s)."""
    sample = text[:5000]
    changed = sum(a != b for a, b in zip(sample, _T2S(sample), strict=False))
    return changed > 0.05 * max(1, len(CJK_ONLY.findall(sample)))


CJK_ONLY = re.compile(r"[\u4e00-\u9fff]")


def ends_sentence(text: str) -> bool:
    """Whether the text ends with a sentence stop."""
    return text.rstrip().endswith(tuple(STOPS))


def is_heading(line: str) -> bool:
    """A short line without a sentence stop: a heading, a date, a list of agencies."""
    return not ends_sentence(line) and len(line.strip()) < 40


def body_end(lines: list[str]) -> int:
    """Index of the line where the document's body ends (another article begins), else len."""
    seen_text = False
    for i, line in enumerate(lines):
        if seen_text and TITLE_OR_BYLINE.match(line):
            return i
        seen_text = seen_text or len(line.strip()) > 40
    return len(lines)


def cut_units(text: str) -> list[Unit]:
    """The seed's lines cut into sentences at 。！？； and line ends; headings stay whole."""
    lines = text.split("\n")
    end = body_end(lines)
    units: list[Unit] = []
    follows_stop = True
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        if is_heading(line):
            units.append(Unit(line, i, False))
            follows_stop = True
            continue
        for piece in SENTENCE.findall(line):
            complete = i < end and follows_stop and ends_sentence(piece)
            complete = complete and not LEADERS.search(piece)
            units.append(Unit(piece, i, complete))
            follows_stop = ends_sentence(piece)
    return units


def tokens(text: str) -> list[str]:
    """Characters of text with their pinyin readings attached, outer spaces dropped."""
    return TOKEN.findall(text.strip())


def occurs_once(key: str, side: str) -> bool:
    """Whether key occurs exactly once in the side's normalised text."""
    first = side.find(key)
    return first >= 0 and side.find(key, first + 1) < 0


def is_clean(toks: list[str], start: int, width: int) -> bool:
    """Whether a window of tokens, with a margin around it, is free of digits and damage."""
    window = "".join(toks[start : start + width])
    around = PINYIN.sub(
        "", "".join(toks[max(0, start - DAMAGE_MARGIN) : start + width + DAMAGE_MARGIN])
    )
    return not DIGIT.search(window) and not DAMAGE.search(around)


def snippet_start(sentence: str) -> int:
    """The first character a snippet may start at: past a glued heading, if any."""
    return GLUED_SKIP if GLUED_HEADING.match(sentence) else 0


def snippet(sentence: str, side: str, near: float = 0.5) -> str | None:
    """A 12-16 character substring of sentence unique in side (normalised), nearest `near`."""
    toks = tokens(sentence)
    whole = norm(sentence)
    for width in SNIPPET_WIDTHS:
        starts = range(snippet_start(sentence), max(0, len(toks) - width + 1))
        centre = near * len(toks) - width / 2
        for start in sorted(starts, key=lambda s: (abs(s - centre), s)):
            text = "".join(toks[start : start + width])
            key = norm(text)
            usable = len(key) >= MIN_SNIPPET_KEY and is_clean(toks, start, width)
            if usable and key in whole and occurs_once(key, side):
                return text
    return None


def in_house_style(text: str, seed: str, traditional: bool) -> str:
    """Text written as the seed writes: its script and its comma width."""
    if traditional:
        text = _S2T(text)
    if seed.count(",") > seed.count("，"):
        text = text.replace("，", ",")
    return text


def outside_brackets(text: str) -> list[bool]:
    """For each character, whether it stands outside every bracket and quote pair."""
    depth, out = 0, []
    for ch in text:
        depth = max(0, depth - (ch in CLOSERS))
        out.append(depth == 0)
        depth += ch in OPENERS
    return out


def split_point(text: str) -> int | None:
    """The comma nearest the middle with enough text on both sides, outside brackets."""
    free = outside_brackets(text)
    body = len(tokens(text))
    points = [
        m.start()
        for m in COMMA.finditer(text)
        if free[m.start()]
        and len(tokens(text[: m.start()])) >= MIN_SPLIT_PART
        and body - len(tokens(text[: m.end()])) >= MIN_SPLIT_PART
    ]
    return min(points, key=lambda p: abs(p - len(text) / 2), default=None)


def swap_word(text: str, traditional: bool) -> tuple[str, str] | None:
    """Replace the first near-synonym found (pinyin readings allowed between characters)."""
    for old, new in SYNONYMS.items():
        written = _S2T(old) if traditional else old
        m = re.search(PINYIN.pattern.join(["(?:", ")?"]).join(map(re.escape, written)), text)
        if m:
            repl = _S2T(new) if traditional else new
            return text[: m.start()] + repl + text[m.end() :], f"wording: {old} -> {new}"
    return None


def change_number(text: str, rng: random.Random) -> tuple[str, str] | None:
    """Move a year by one to three, or raise another number by one to nine."""
    numbers = list(NUMBER.finditer(text))
    if not numbers:
        return None
    m = rng.choice(numbers)
    old = m.group()
    step = rng.randint(1, 3) if YEAR.fullmatch(old) else rng.randint(1, 9)
    new = str(int(old) + step)
    return text[: m.start()] + new + text[m.end() :], f"number: {old} -> {new}"


def add_phrase(text: str, seed: str, traditional: bool, rng: random.Random) -> tuple[str, str]:
    """Add a phrase before the sentence's final stop."""
    phrase = in_house_style(rng.choice(PHRASES), seed, traditional)
    body = text.rstrip()
    cut = len(body.rstrip(STOPS))
    return body[:cut] + phrase + body[cut:] + text[len(body) :], f"phrase added: {phrase[1:]}"


def remove_phrase(text: str, rng: random.Random) -> tuple[str, str] | None:
    """Remove one comma-separated phrase (not the first) that is short against the sentence."""
    free = outside_brackets(text)
    commas = [m.start() for m in COMMA.finditer(text) if free[m.start()]]
    if not commas:
        return None
    ends = [*commas[1:], len(text.rstrip().rstrip(STOPS))]
    spans = [
        (a, b)
        for a, b in zip(commas, ends, strict=True)
        if 4 <= b - a <= MAX_REMOVED_SHARE * len(text)
    ]
    if not spans:
        return None
    a, b = rng.choice(spans)
    return text[:a] + text[b:], f"phrase removed: {text[a + 1 : b]}"


def revise(text: str, seed: str, traditional: bool, rng: random.Random) -> tuple[str, str]:
    """One drafting revision of the sentence, the kind chosen at random among those that apply."""
    kinds = ["word", "number", "add", "remove"]
    rng.shuffle(kinds)
    for kind in kinds:
        done = {
            "word": lambda: swap_word(text, traditional),
            "number": lambda: change_number(text, rng),
            "add": lambda: add_phrase(text, seed, traditional, rng),
            "remove": lambda: remove_phrase(text, rng),
        }[kind]()
        if done:
            return done
    raise AssertionError("adding a phrase always applies")


def grams_of(key: str) -> list[str]:
    """The 6-character pieces of a normalised text."""
    return [key[i : i + 6] for i in range(len(key) - 5)]


def is_foreign(unit: Unit, seed_grams: set[str]) -> bool:
    """A complete sentence of usable length, without pinyin, that the seed does not share."""
    key = norm(unit.text)
    if not (unit.complete and 20 <= len(key) <= 80) or PINYIN.search(unit.text):
        return False
    own = grams_of(key)
    return sum(g in seed_grams for g in own) <= FOREIGN_OVERLAP * len(own)


def foreign_sentences(seed_path: Path, seed_key: str) -> list[str]:
    """Complete sentences of the other seed files that this seed does not share."""
    grams = set(grams_of(seed_key))
    pool: list[str] = []
    for path in sorted(seed_path.parent.glob("*.txt")):
        if path.resolve() != seed_path.resolve():
            units = cut_units(path.read_text(encoding="utf-8"))
            pool += [u.text.strip() for u in units if is_foreign(u, grams)]
    return pool


@dataclass(frozen=True)
class Seed:
    """The seed being drafted: its text, script, normalised key and the units cut from it."""

    path: Path
    text: str
    traditional: bool
    key: str
    units: list[Unit]


def load_seed(path: Path) -> Seed:
    """Read a seed file and cut it into units."""
    text = path.read_text(encoding="utf-8")
    return Seed(path, text, is_traditional(text), norm(text), cut_units(text))


def eligible(seed: Seed) -> list[int]:
    """Indices of the complete sentences long enough to edit and named by a unique snippet."""
    return [
        i
        for i, u in enumerate(seed.units)
        if u.complete
        and not GLUED_HEADING.match(u.text)
        and len(tokens(u.text)) >= MIN_TOKENS
        and snippet(u.text, seed.key)
    ]


def edit_count(n_eligible: int) -> int:
    """How many sentences each kind of edit touches."""
    return max(1, round(SHARE * n_eligible))


def pick_moved_line(seed: Seed, ok: set[int], rng: random.Random) -> int | None:
    """A paragraph made only of complete sentences, at least one of them eligible."""
    by_line: dict[int, list[int]] = {}
    for i, u in enumerate(seed.units):
        by_line.setdefault(u.line, []).append(i)
    lines = [
        line
        for line, idx in by_line.items()
        if any(i in ok for i in idx) and all(seed.units[i].complete for i in idx)
    ]
    return rng.choice(lines) if lines else None


def take(candidates: list[int], k: int, rng: random.Random) -> list[int]:
    """Up to k of the candidates, chosen at random, in document order."""
    return sorted(rng.sample(candidates, min(k, len(candidates))))


def pick_merges(seed: Seed, free: set[int], k: int, rng: random.Random) -> list[int]:
    """First sentences of up to k non-overlapping adjacent pairs in one paragraph."""
    units = seed.units
    pairs = [
        i
        for i in sorted(free)
        if i + 1 in free
        and units[i].line == units[i + 1].line
        and units[i].text.rstrip().endswith("。")
    ]
    rng.shuffle(pairs)
    chosen: list[int] = []
    for i in pairs:
        if len(chosen) < k and not {i - 1, i, i + 1} & set(chosen):
            chosen.append(i)
    return sorted(chosen)


def merged_text(first: str, second: str, seed: Seed) -> str:
    """Two sentences joined into one: the first one's full stop becomes a comma."""
    comma = in_house_style("，", seed.text, False)
    return first.rstrip()[:-1] + comma + second.lstrip()


def plan(seed: Seed, rng: random.Random) -> int | None:
    """Mark each unit's edit (op, new texts, note); return the moved line's index."""
    units, ok = seed.units, eligible(seed)
    k = edit_count(len(ok))
    moved = pick_moved_line(seed, set(ok), rng)
    free = {i for i in ok if units[i].line != moved}
    for i in pick_merges(seed, free, max(1, k // 2), rng):
        units[i].op, units[i + 1].op = "merged-first", "merged"
        units[i + 1].new = [merged_text(units[i].text, units[i + 1].text, seed)]
        free -= {i, i + 1}
    for i in take([i for i in free if split_point(units[i].text) is not None], k, rng):
        p = split_point(units[i].text)
        units[i].op, units[i].new = "split", [units[i].text[:p] + "。", units[i].text[p + 1 :]]
        free.discard(i)
    for i in take(sorted(free), k, rng):
        new, units[i].note = revise(units[i].text, seed.text, seed.traditional, rng)
        units[i].op, units[i].new = "revised", [new]
        free.discard(i)
    for i in take(sorted(free), k, rng):
        lead = units[i].text[: len(units[i].text) - len(units[i].text.lstrip())]
        units[i].op, units[i].new = "dropped", [lead]
    kept_whole = ("same", "revised", "dropped", "merged")
    anchors = [i for i in ok if units[i].line != moved and units[i].op in kept_whole]
    pool = foreign_sentences(seed.path, seed.key)
    for i in take(anchors, k, rng):
        units[i].inserted = in_house_style(rng.choice(pool), seed.text, seed.traditional)
    for u in units:
        u.op = "moved" if u.line == moved else u.op
        u.new = [u.text] if u.op in ("same", "moved") else u.new
    return moved


def paragraph_starts(seed: Seed, moved: int) -> list[int]:
    """Lines before which a moved paragraph can stand: body paragraphs away from it."""
    first_units: dict[int, Unit] = {}
    for u in seed.units:
        first_units.setdefault(u.line, u)
    return [line for line, u in first_units.items() if u.complete and abs(line - moved) >= 4]


def move_paragraph(lines: list[str], moved: int, target: int) -> list[str]:
    """Lines with line `moved` (and the blank line after it) standing before line `target`."""
    numbered = list(enumerate(lines))
    size = 2 if moved + 1 < len(lines) and not lines[moved + 1].strip() else 1
    block = numbered[moved : moved + size]
    rest = numbered[:moved] + numbered[moved + size :]
    at = next(pos for pos, (i, _) in enumerate(rest) if i == target)
    return [text for _, text in [*rest[:at], *block, *rest[at:]]]


def newer_lines(seed: Seed, moved: int | None, rng: random.Random) -> list[str]:
    """The newer side's lines: each unit's new texts, inserted sentences, the moved paragraph."""
    rebuilt: dict[int, str] = {}
    for u in seed.units:
        rebuilt[u.line] = rebuilt.get(u.line, "") + "".join(u.new) + u.inserted
    lines = [rebuilt.get(i, line) for i, line in enumerate(seed.text.split("\n"))]
    starts = paragraph_starts(seed, moved) if moved is not None else []
    return move_paragraph(lines, moved, rng.choice(starts)) if starts else lines


def edit_point(old: str, new: str) -> float:
    """Where in new (0..1) the text first differs from old."""
    same = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), len(old))
    return same / max(1, len(new))


def gold_entry(u: Unit, old_key: str, new_key: str) -> dict | None:
    """The gold entry for one unit of the older side, or None when a snippet is not unique."""
    olds = [snippet(u.text, old_key)]
    if u.op in ("same", "moved"):
        entry = {
            "relation": "same",
            "older_snippet": olds[0],
            "newer_snippet": snippet(u.new[0], new_key),
        }
    elif u.op == "dropped":
        entry = {"relation": "dropped", "older_snippet": olds[0]}
    elif u.op == "revised":
        near = edit_point(u.text, u.new[0])
        entry = {
            "relation": "revised",
            "older_snippet": olds[0],
            "newer_snippet": snippet(u.new[0], new_key, near),
            "note": u.note,
        }
    elif u.op == "split":
        entry = {
            "relation": "split",
            "older_snippet": olds[0],
            "newer_snippets": [snippet(t, new_key) for t in u.new],
        }
    else:
        return None
    return entry if all(entry_snippets(entry)) else None


def merged_entry(first: Unit, second: Unit, old_key: str, new_key: str) -> dict | None:
    """The gold entry for two sentences merged into one, or None when a snippet is not unique."""
    text = second.new[0]
    near = len(first.text.strip()) / max(1, len(text.strip()))
    entry = {
        "relation": "merged",
        "older_snippets": [snippet(first.text, old_key), snippet(second.text, old_key)],
        "newer_snippet": snippet(text, new_key, near),
    }
    return entry if all(entry_snippets(entry)) else None


def entry_snippets(entry: dict) -> list[str | None]:
    """Every snippet an entry names."""
    out: list[str | None] = []
    for key in ("older_snippet", "newer_snippet", "older_snippets", "newer_snippets"):
        value = entry.get(key, [])
        out += value if isinstance(value, list) else [value]
    return out


def gold_entries(seed: Seed, newer: str) -> list[dict]:
    """Gold entries for every edited or kept sentence that unique snippets can name."""
    new_key = norm(newer)
    entries: list[dict | None] = []
    units = seed.units
    for i, u in enumerate(units):
        if u.complete and len(tokens(u.text)) >= MIN_TOKENS:
            if u.op == "merged":
                entries.append(merged_entry(units[i - 1], u, seed.key, new_key))
            elif u.op != "merged-first":
                entries.append(gold_entry(u, seed.key, new_key))
        if u.inserted:
            found = snippet(u.inserted, new_key)
            entries.append({"relation": "new", "newer_snippet": found} if found else None)
    return [e for e in entries if e]


def draft(seed_path: Path, random_seed: int) -> tuple[str, str, list[dict], str]:
    """Older text, newer text, gold entries and the moved paragraph's opening."""
    seed = load_seed(seed_path)
    rng = random.Random(random_seed)
    moved = plan(seed, rng)
    newer = "\n".join(newer_lines(seed, moved, rng))
    opening = seed.text.split("\n")[moved].strip()[:30] if moved is not None else ""
    return seed.text, newer, gold_entries(seed, newer), opening


def write_pair(seed_path: Path, out_dir: Path, random_seed: int, name: str) -> list[Path]:
    """Write NAME_a.txt, NAME_b.txt and NAME_gold.json; return their paths."""
    older, newer, entries, opening = draft(seed_path, random_seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / f"{name}_a.txt", out_dir / f"{name}_b.txt", out_dir / f"{name}_gold.json"]
    gold = {
        "old": paths[0].name,
        "new": paths[1].name,
        "source": seed_path.name,
        "seed": random_seed,
        "trad": is_traditional(older),
        "noise": True,
        "moved_paragraph": opening,
        "entries": entries,
    }
    paths[0].write_text(older, encoding="utf-8")
    paths[1].write_text(newer, encoding="utf-8")
    paths[2].write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return paths


def main(argv: list[str] | None = None) -> int:
    """Write one synthetic pair and print the files and the count of each relation."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("seed_file", type=Path, help="a seed document, e.g. seeds/2020-*.txt")
    ap.add_argument("out_dir", type=Path, help="directory to write the pair into")
    ap.add_argument("--seed", type=int, default=1, help="random seed (same seed, same pair)")
    ap.add_argument("--name", help="file name stem (default: the seed file's stem and seed)")
    args = ap.parse_args(argv)
    name = args.name or f"{args.seed_file.stem}_{args.seed}"
    paths = write_pair(args.seed_file, args.out_dir, args.seed, name)
    gold = json.loads(paths[2].read_text(encoding="utf-8"))
    counts = Counter(e["relation"] for e in gold["entries"])
    print(*paths, " ".join(f"{k}={v}" for k, v in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
