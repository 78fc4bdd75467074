"""Profile the pipeline stage by stage on one generated pair: seconds and hottest functions.

Each stage runs twice: cold under cProfile (lazy set-up such as dictionary loading shows up
there, as in a fresh `clausediff` process), then warm without the profiler.

Usage: python bench/profile_stages.py [--size 1m] [--top 8] [OLD NEW]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from make_pairs import parse_size, write_pair

from compare.align.link import align
from compare.classify.changes import classify
from compare.clean.normalize import normalize
from compare.model import Settings
from compare.read.source import read_source
from compare.render.json_out import comparison_dict, dumps
from compare.structure.parse import structure


def profiled(fn: Callable[..., Any], *args: Any) -> tuple[Any, str, pstats.Stats]:
    """Call fn cold under cProfile (one-time set-up included), then time a warm call."""
    prof = cProfile.Profile()
    start = time.perf_counter()
    result = prof.runcall(fn, *args)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    fn(*args)
    warm = time.perf_counter() - start
    return result, f"{cold:.2f}s cold (profiled), {warm:.2f}s warm", pstats.Stats(prof)


def hottest(stats: pstats.Stats, top: int) -> list[str]:
    """The functions with the most own time, as `seconds  calls  file:line(name)`."""
    rows = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[:top]
    out = []
    for (path, line, name), (_, calls, own, cum, _) in rows:
        where = "/".join(Path(path).parts[-2:]) if path != "~" else "builtin"
        out.append(f"    {own:7.2f}s own {cum:7.2f}s cum {calls:>9} calls  {where}:{line}({name})")
    return out


def run(old_path: str, new_path: str, top: int) -> list[str]:
    """Each stage's seconds and hot spots on the pair."""
    settings = Settings()
    lines: list[str] = []
    docs = []
    for path in (old_path, new_path):
        src, t_read, p_read = profiled(read_source, path, settings.max_bytes)
        clean, t_norm, p_norm = profiled(normalize, src)
        doc, t_struct, p_struct = profiled(structure, src, clean)
        docs.append(doc)
        name = Path(path).name
        for stage, secs, prof in (
            ("read", t_read, p_read),
            ("normalize", t_norm, p_norm),
            ("structure", t_struct, p_struct),
        ):
            lines += [f"{stage} {name}: {secs}", *hottest(prof, top)]
    links, t_align, p_align = profiled(align, docs[0], docs[1], settings)
    cmp, t_cls, p_cls = profiled(classify, docs[0], docs[1], links, settings)
    _, t_json, p_json = profiled(lambda c: dumps(comparison_dict(c)), cmp)
    lines += [f"align: {t_align} ({len(links)} links)", *hottest(p_align, top)]
    lines += [f"classify: {t_cls} ({len(cmp.changes)} changes)", *hottest(p_cls, top)]
    lines += [f"json: {t_json}", *hottest(p_json, top)]
    sizes = [len(d.clauses) for d in docs]
    return [f"clauses: old {sizes[0]}, new {sizes[1]}", *lines]


def main(argv: list[str] | None = None) -> int:
    """Profile a generated pair (or two given files) and print the stages' hot spots."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", help="OLD NEW (default: a generated pair)")
    ap.add_argument("--size", default="1m", help="size per side of the generated pair")
    ap.add_argument("--top", type=int, default=8, help="functions shown per stage")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="clausediff-profile-") as tmp:
        if len(args.files) == 2:
            old, new = args.files
        else:
            old_p, new_p, _ = write_pair(Path(tmp), parse_size(args.size))
            old, new = str(old_p), str(new_p)
        out = io.StringIO()
        print("\n".join(run(old, new, args.top)), file=out)
    sys.stdout.write(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
