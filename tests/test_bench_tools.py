"""The benchmark's tools: the pair generator (sizes, edit shares, determinism) and the
measuring helpers (process tree memory, table columns, verdict lines)."""

from __future__ import annotations

import difflib
import importlib.util
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


def load(name: str):
    """Import a script from bench/ (it is not a package)."""
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


make_pairs = load("make_pairs")
bench = load("bench_align")
linear = load("bench_linear")


@pytest.fixture(scope="module")
def pair():
    return make_pairs.make_pair(60_000)


def sentences(text: str) -> list[str]:
    return [u.strip() for u in make_pairs.units_of(text) if make_pairs.editable(u)]


def test_sizes_are_parsed_in_thousands_and_millions():
    assert make_pairs.parse_size("100k") == 100_000
    assert make_pairs.parse_size("1m") == 1_000_000
    assert make_pairs.parse_size("5M") == 5_000_000
    assert make_pairs.parse_size("2.5m") == 2_500_000
    with pytest.raises(ValueError):
        make_pairs.parse_size("lots")


def test_old_side_has_the_requested_size_in_utf8_bytes(pair):
    old, _, stats = pair
    assert stats.target == 60_000
    assert 59_000 <= len(old.encode()) == stats.old_bytes <= 60_000
    assert abs(stats.new_bytes - stats.old_bytes) < 0.1 * stats.old_bytes


def test_old_side_is_seed_text_concatenated_in_order():
    seeds = [
        make_pairs.one_document(p.read_text(encoding="utf-8"))
        for p in sorted(make_pairs.SEEDS.glob("*.txt"))
    ]
    old, _, _ = make_pairs.make_pair(len(seeds[0].encode()) + 5_000)
    assert old.startswith(seeds[0].rstrip("\n"))
    assert seeds[1].strip()[:50] in old


def test_markdown_titles_and_bylines_are_taken_out_so_nothing_reads_as_a_new_article():
    page = (
        "# 关于建立新机制的实施意见\n一、总体要求\n本报讯（记者 王某）昨日召开会议。\n## (一)目标\n"
    )
    assert make_pairs.one_document(page) == "关于建立新机制的实施意见\n一、总体要求\n(一)目标\n"


def test_each_edit_touches_about_a_tenth_of_the_sentences(pair):
    _, _, stats = pair
    for count in (stats.dropped, stats.revised, stats.inserted):
        assert abs(count / stats.sentences - 0.10) <= 0.005
    assert 1 <= stats.moved <= 0.05 * stats.sentences


def test_new_side_differs_by_the_stated_edits(pair):
    old, new, stats = pair
    a, b = sentences(old), sentences(new)
    gone = set(a) - set(b)
    added = set(b) - set(a)
    # Dropped and revised sentences vanish from the old side; revised and inserted ones appear.
    assert stats.dropped + stats.revised - 20 <= len(gone) <= stats.dropped + stats.revised
    assert stats.revised + stats.inserted - 20 <= len(added) <= stats.revised + stats.inserted
    similar = sum(1 for s in added if difflib.get_close_matches(s, list(gone), n=1, cutoff=0.8))
    assert abs(similar - stats.revised) <= 0.2 * stats.revised


def test_same_seed_same_pair_and_another_seed_another_pair():
    assert make_pairs.make_pair(20_000, seed=7) == make_pairs.make_pair(20_000, seed=7)
    assert make_pairs.make_pair(20_000, seed=7)[1] != make_pairs.make_pair(20_000, seed=8)[1]


def test_revision_changes_a_number_or_a_word():
    rng = random.Random(1)
    assert make_pairs.revise("到2025年建成示范区。", rng) != "到2025年建成示范区。"
    assert make_pairs.revise("推进水权交易试点。", rng) == "加快推进水权交易试点。"
    assert (
        make_pairs.revise("草原生态保护补助奖励政策。", rng) == "进一步草原生态保护补助奖励政策。"
    )


def test_written_pair_files_hold_the_generated_text(tmp_path):
    old_path, new_path, stats = make_pairs.write_pair(tmp_path, 10_000)
    assert old_path.stat().st_size == stats.old_bytes
    assert new_path.stat().st_size == stats.new_bytes


def test_markdown_results_replace_only_the_marked_block(tmp_path):
    doc = tmp_path / "benchmarks.md"
    doc.write_text(f"# Benchmarks\nintro\n{bench.START}\nold table\n{bench.END}\n## Notes\nkept\n")
    bench.write_markdown(doc, ["| run |", "| new |"])
    assert doc.read_text() == (
        f"# Benchmarks\nintro\n{bench.START}\n| run |\n| new |\n{bench.END}\n## Notes\nkept\n"
    )
    plain = tmp_path / "table.md"
    bench.write_markdown(plain, ["| run |"])
    assert plain.read_text() == "| run |\n"


ROLLUP = """55a793685000-7ffce5b5d000 ---p 00000000 00:00 0                          [rollup]
Rss:                1616 kB
Pss:                 443 kB
Pss_Dirty:           116 kB
Pss_Anon:            116 kB
Shared_Clean:       1448 kB
"""

linux_proc = pytest.mark.skipif(
    not Path("/proc/self/smaps_rollup").exists(), reason="needs Linux /proc with smaps_rollup"
)


def test_pss_is_read_from_smaps_rollup_and_rss_stands_in_without_it():
    assert bench.pss_kb(ROLLUP) == 443
    assert bench.pss_kb(ROLLUP.replace("Pss:", "Xss:")) == 1616
    assert bench.pss_kb("") is None
    assert bench.field_kb("Name:\tpython\nVmRSS:\t  20480 kB\n", "VmRSS") == 20480
    assert bench.field_kb(ROLLUP, "Pss_Anon") == 116


@linux_proc
def test_process_tree_holds_children_and_grandchildren():
    child = subprocess.Popen(["sleep", "60"])
    shell = subprocess.Popen(["sh", "-c", "sleep 60 & echo started; wait"], stdout=subprocess.PIPE)
    try:
        assert shell.stdout.readline() == b"started\n"
        tree = bench.process_tree(os.getpid())
        grandchildren = bench.child_pids(shell.pid)
        assert tree[0] == os.getpid()
        assert child.pid in tree and shell.pid in tree
        assert len(grandchildren) == 1 and grandchildren[0] in tree
        assert tree.index(shell.pid) < tree.index(grandchildren[0])
    finally:
        for pid in bench.child_pids(shell.pid):
            os.kill(pid, signal.SIGKILL)
        for proc in (child, shell):
            proc.kill()
            proc.wait()


@linux_proc
def test_a_process_that_has_gone_counts_as_nothing():
    gone = subprocess.Popen(["true"])
    gone.wait()
    assert bench.process_tree(gone.pid) == [gone.pid]
    assert bench.process_kb(gone.pid) == 0
    assert bench.tree_kb(gone.pid) == 0
    assert bench.process_kb(os.getpid()) > 0


SHARES_AFTER_FORK = """
import os, sys
data = b"a" * 60_000_000
pid = os.fork()
if pid:
    print("ready", flush=True)
    sys.stdin.read()
    os.waitpid(pid, 0)
else:
    sys.stdin.read()
"""


@linux_proc
def test_sampled_total_counts_pages_shared_by_a_forked_child_once():
    proc = subprocess.Popen(
        [sys.executable, "-c", SHARES_AFTER_FORK], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        assert proc.stdout.readline() == b"ready\n"
        with bench.PeakSampler(proc.pid) as sampler:
            tree = bench.process_tree(proc.pid)
            rss = [bench.field_kb(bench.proc_text(p, "status"), "VmRSS") for p in tree]
    finally:
        proc.communicate(b"")
    assert len(tree) == 2 and all(kb > 58_000 for kb in rss)
    assert 58_000 < sampler.peak_kb < sum(rss) - 50_000


def run(seconds: float, rss: float = 100, pss: float | None = 150, ok: bool = True):
    return bench.Run(seconds, rss, ok, "" if ok else "exit 2: boom", pss)


def test_table_shows_the_largest_process_and_the_total_of_all():
    rows = [
        bench.Row("pair 1m", 999_897, [run(3.0, 99, 180), run(2.0, 120, 160)], [run(1.0, 21)]),
        bench.Row("pair 1m, one process", 999_897, [run(4.0, 130, None)], []),
        bench.Row("pair 5m", 4_999_923, [run(9.0, 200, 400), run(1.0, 900, 900, ok=False)], []),
    ]
    header, rule, *body = bench.table(rows)
    cells = [[c.strip() for c in line.strip("|").split("|")] for line in [header, *body]]
    assert cells[0][3:5] == ["peak RSS MB (largest process)", "peak total PSS MB (all processes)"]
    assert rule.count("|") == header.count("|")
    assert cells[1][:8] == ["pair 1m", "999,897", "2.50", "120", "180", "1.00", "21", "2.5×"]
    assert cells[2][3:6] == ["130", "—", "—"]
    assert cells[3][2:5] == ["9.00", "200", "400"]
    assert cells[3][-1] == "exit 2: boom"


def test_verdicts_compare_workers_with_one_process_and_judge_memory_by_the_total():
    rows = [
        bench.Row("pair 1m", 999_897, [run(2.0)], [run(1.0)]),
        bench.Row("pair 1m, one process", 999_897, [run(3.0)], []),
        bench.Row("pair 5m", 4_999_923, [run(9.0, rss=300, pss=620)], []),
        bench.Row(bench.TIMELINE, 405_814, [run(2.5)], []),
        bench.Row(bench.one_process(bench.TIMELINE), 405_814, [run(2.0)], []),
    ]
    lines = bench.verdicts(rows)
    assert "- pair 1m vs one process: workers 1.5× faster than one process (2.00 s vs 3.00 s)" in (
        lines
    )
    assert (
        "- seed timeline (5 docs) vs one process: workers 1.2× slower than one process"
        " (2.50 s vs 2.00 s)"
    ) in lines
    assert (
        "- pair 5m peak memory, total PSS of all processes: 620 MB (target < 500 MB) — missed"
    ) in lines
    assert bench.speedup("pair 1m", None, 3.0) == "- pair 1m vs one process: not measured"


def test_one_process_rows_run_with_one_job_and_only_where_the_command_takes_it(monkeypatch):
    assert bench.one_job(["clausediff", "diff", "a", "b"])[-2:] == ["--jobs", "1"]
    assert bench.has_jobs("diff") and bench.has_jobs("timeline")
    monkeypatch.setattr(bench, "COMMAND", [sys.executable, "-c", "print('usage: old')"])
    assert not bench.has_jobs("diff")
    assert "lists no `--jobs` option" in bench.no_jobs_note()


def test_linear_rows_judge_the_ratio_of_median_cpu_times_per_doubling():
    def runs(cpu: list[float], wall: float) -> list:
        return [linear.Run(user=c, sys=0.0, wall=wall) for c in cpu]

    one_slow_run = runs([1.0, 1.0, 9.0, 1.0, 1.0], 1.0)  # the median is 1.0
    loaded_wall = runs([2.1] * 5, 30.0)  # wall time is shown, not judged
    line, met = linear.row("shape", [one_slow_run, loaded_wall, runs([4.4] * 5, 60.0)])
    assert met and "| 2.10× | 2.10× |" in line and line.endswith("| met |")
    line, met = linear.row("shape", [runs([1.0] * 5, 1.0), runs([2.5] * 5, 2.0)])
    assert not met and "| 2.50× |" in line and line.endswith("| MISSED |")


def test_link_ceiling_counts_where_the_right_counterpart_ranks():
    """Linked before the decision and right; left unlinked with the right counterpart second;
    left unlinked with it absent; a gold `dropped` entry is no carried commitment."""
    from aligntools import EVAL

    ceiling = load("link_ceiling")
    score = ceiling.scorer_module(EVAL)
    old = [
        "建设呼和浩特新机场工程项目。",
        "推进风能太阳能开发利用工作。",
        "办好中蒙博览会各类展会。",
        "整治城市黑臭水体问题。",
    ]
    new = ["高质量建设呼和浩特新机场。", "大力提升风电光伏发电规模。", "加快发展现代物流产业体系。"]
    result = {
        "old": {"clauses": [{"id": f"o{k}", "text": t} for k, t in enumerate(old)]},
        "new": {"clauses": [{"id": f"n{k}", "text": t} for k, t in enumerate(new)]},
        "changes": [
            {"kind": "revised", "old": ["o0"], "new": ["n0"]},
            {
                "kind": "dropped",
                "old": ["o1"],
                "new": [],
                "successors": [{"id": "n2"}, {"id": "n1"}],
            },
            {"kind": "dropped", "old": ["o2"], "new": [], "successors": [{"id": "n2"}]},
            {"kind": "dropped", "old": ["o3"], "new": [], "successors": []},
            {"kind": "new", "old": [], "new": ["n1"]},
            {"kind": "new", "old": [], "new": ["n2"]},
        ],
    }
    entry = lambda rel, o, n: {"relation": rel, "older_snippet": o, "newer_snippet": n}  # noqa: E731
    gold = {
        "entries": [
            entry("revised", "呼和浩特新机场工程", "建设呼和浩特新机场"),
            entry("revised", "风能太阳能开发", "提升风电光伏发电"),
            entry("revised", "中蒙博览会各类", "风电光伏发电规模"),
            {"relation": "dropped", "older_snippet": "黑臭水体问题"},
        ]
    }
    before, where = ceiling.ranks(score, result, gold)
    assert before == 1
    assert where == {1: 1, None: 1}
