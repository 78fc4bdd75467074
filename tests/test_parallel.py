"""Work spread over worker processes gives exactly what one process gives, errors included."""

from __future__ import annotations

import gc
import os
import pickle
import signal
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest
from clitools import S2019, S2020, SEEDS, assert_one_error_line, clausediff_bin, cli_env, run_cli

from compare import parallel, pipeline
from compare.errors import InputError, UsageError
from compare.pipeline import forget_documents, load_documents, timeline_documents
from compare.render.document import document_dict
from compare.render.json_out import dumps, timeline_dict

SEED_PATHS = [str(p) for p in sorted(SEEDS.glob("*.txt"))]


def square_or_fail(x: int) -> int:
    if x < 0:
        raise UsageError(f"negative {x}", "squares of negatives are refused here", "")
    return x * x


def children(pid: int) -> list[int]:
    """Process ids of the direct children of `pid` (Linux /proc)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text()
        found += [int(c) for c in text.split()]
    return found


def test_fork_map_keeps_input_order_whatever_the_cost_order():
    items = list(range(12))
    cost = [float(x % 5) for x in items]  # handed out in another order than given
    assert parallel.fork_map(square_or_fail, items, workers=3, cost=cost) == [x * x for x in items]


def test_fork_map_raises_the_first_failing_items_typed_error_with_its_parts():
    with pytest.raises(UsageError) as err:
        parallel.fork_map(square_or_fail, [1, -2, 3, -4], workers=2, cost=[1, 1, 1, 9])
    assert err.value.what == "negative -2"  # the first in input order, not the first finished
    assert err.value.why == "squares of negatives are refused here"


def test_worker_count_stays_one_for_small_work_single_items_or_one_job():
    big = parallel.MIN_PARALLEL_CHARS
    assert parallel.worker_count(1, 5, big * 10) == 1
    assert parallel.worker_count(4, 1, big * 10) == 1
    assert parallel.worker_count(4, 5, big - 1) == 1
    assert parallel.worker_count(3, 5, big) == (3 if parallel.can_fork() else 1)
    assert parallel.worker_count(64, 100, big) == (parallel.MAX_JOBS if parallel.can_fork() else 1)
    assert parallel.worker_count(None, 2, big) <= max(parallel.usable_cores(), 1)


@pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked on Linux only")
def test_seed_timeline_is_identical_with_one_process_and_with_workers():
    assert parallel.worker_count(2, 5, sum(os.path.getsize(p) for p in SEED_PATHS)) == 2
    serial_docs = load_documents(SEED_PATHS, jobs=1)
    forget_documents()  # else the last two would be the very documents parsed above
    forked_docs = load_documents(SEED_PATHS, jobs=2)
    for forked, serial in zip(forked_docs, serial_docs, strict=True):
        assert document_dict(forked) == document_dict(serial)
        assert forked.clauses == serial.clauses
        assert forked.clean.text == serial.clean.text
        assert forked.clean.origin == serial.clean.origin
    serial = dumps(timeline_dict(timeline_documents(serial_docs, jobs=1)))
    forked = dumps(timeline_dict(timeline_documents(serial_docs, jobs=2)))
    assert forked == serial


@pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked on Linux only")
def test_forked_documents_hold_the_text_this_process_read_not_a_copy():
    forget_documents()
    forked = load_documents(SEED_PATHS, jobs=2)
    read_here = [source for source, _ in pipeline._PARSED]
    forget_documents()
    serial = load_documents(SEED_PATHS, jobs=1)
    for doc, alone in zip(forked, serial, strict=True):
        assert doc.source == alone.source
    assert len(read_here) == pipeline.PARSED_KEPT  # those read last: the last documents'
    for doc, source in zip(forked[-len(read_here) :], read_here, strict=True):
        assert doc.source.text is source.text


@pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked on Linux only")
def test_results_are_unpickled_with_the_collector_paused_and_it_resumes(monkeypatch):
    seen: list[bool] = []
    real = pickle.loads
    monkeypatch.setattr(pickle, "loads", lambda data: (seen.append(gc.isenabled()), real(data))[1])
    assert parallel.fork_map(square_or_fail, [1, 2, 3], 2) == [1, 4, 9]
    assert seen == [False, False]  # one unpickling per worker, neither collected
    assert gc.isenabled()


@pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked on Linux only")
def test_meanwhile_runs_in_the_parent_while_workers_run_and_not_without_workers():
    calls: list[int] = []
    assert parallel.fork_map(square_or_fail, [1, 2], 2, meanwhile=lambda: calls.append(1)) == [1, 4]
    assert calls == [1]
    assert parallel.fork_map(square_or_fail, [1, 2], 1, meanwhile=lambda: calls.append(2)) == [1, 4]
    assert calls == [1]


def test_threads_are_built_with_the_collector_paused_and_it_resumes(monkeypatch):
    import compare.timeline.threads as threads  # the pipeline imports it when threading

    seen: list[bool] = []
    real = threads.build_timeline
    monkeypatch.setattr(
        threads, "build_timeline", lambda *a: (seen.append(gc.isenabled()), real(*a))[1]
    )
    docs = load_documents(SEED_PATHS[1:3], jobs=1)
    assert len(timeline_documents(docs, jobs=1).documents) == 2
    assert seen == [False]
    assert gc.isenabled()


@pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked on Linux only")
def test_below_the_size_limit_this_process_parses_a_share_itself_forking_one_worker_fewer(
    monkeypatch,
):
    started: list[list[int]] = []
    real = parallel._start_worker

    def start_worker(func, items, share, queue=None):
        started.append(share)
        return real(func, items, share, queue)

    monkeypatch.setattr(parallel, "_start_worker", start_worker)
    forget_documents()
    serial = load_documents(SEED_PATHS, jobs=1)
    forget_documents()
    here = load_documents(SEED_PATHS, jobs=2)
    forget_documents()
    assert len(started) == 1  # the other share was parsed here
    sizes = [len(doc.source.text) for doc in serial]
    largest = sorted(range(len(sizes)), key=lambda k: -sizes[k])
    assert started == [[largest[0]]]  # the smaller documents: spare, taken by either process
    monkeypatch.setattr(pipeline, "PARSE_HERE_BELOW", 1)
    forked = load_documents(SEED_PATHS, jobs=2)
    forget_documents()
    assert sorted(started[1:]) == sorted([[largest[0]], [largest[1]]])
    for docs in (here, forked):
        for doc, alone in zip(docs, serial, strict=True):
            assert document_dict(doc) == document_dict(alone)
            assert doc.clauses == alone.clauses
            assert doc.source == alone.source


def test_reading_errors_come_in_input_order_before_any_work(tmp_path):
    missing = tmp_path / "missing.txt"
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    with pytest.raises(InputError) as err:
        load_documents([*SEED_PATHS, str(missing), str(binary)], jobs=2)
    assert "missing.txt" in err.value.message()


def test_cli_diff_output_is_the_same_with_any_jobs_value():
    one = run_cli("diff", str(S2019), str(S2020), "--format", "json", "--jobs", "1")
    two = run_cli("diff", str(S2019), str(S2020), "--format", "json", "-j", "2")
    env = run_cli(
        "diff", str(S2019), str(S2020), "--format", "json", env=cli_env(CLAUSEDIFF_JOBS="3")
    )
    assert one.returncode == two.returncode == env.returncode == 0
    assert one.stdout == two.stdout == env.stdout


def test_jobs_below_one_is_one_usage_line_and_status_2():
    proc = run_cli("diff", str(S2019), str(S2020), "--jobs", "0")
    assert proc.returncode == 2
    assert_one_error_line(proc.stderr, "--jobs")
    proc = run_cli("diff", str(S2019), str(S2020), env=cli_env(CLAUSEDIFF_JOBS="many"))
    assert proc.returncode == 2
    assert_one_error_line(proc.stderr, "jobs")


@pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked on Linux only")
def test_interrupt_while_workers_run_stops_them_and_exits_130(tmp_path):
    outline = (SEEDS / "2021-02-07_14th-five-year-plan-outline.txt").read_text(encoding="utf-8")
    paths = []
    for k in range(4):  # four long versions: the workers are busy for seconds
        path = tmp_path / f"v{k}.txt"
        path.write_text("".join(outline.replace("2025", str(2025 + i + k)) for i in range(6)))
        paths.append(str(path))
    target = tmp_path / "out"
    proc = subprocess.Popen(
        [clausediff_bin(), "report", "-o", str(target), "--jobs", "2", "--order", "given", *paths],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=cli_env(),
    )
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while not workers and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
        workers = children(proc.pid)
    assert workers, "no worker process was started"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert_one_error_line(err.decode(), "interrupted")
    assert out == b""
    assert not target.exists() or not list(target.iterdir())  # nothing partial
    for pid in workers:  # stopped, and reaped by the parent
        assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text()


def fail_with_a_bug(x: int) -> int:
    return 1 // (x - x)


def test_a_bug_in_a_worker_reaches_the_parent_as_its_own_exception():
    with pytest.raises(ZeroDivisionError):
        parallel.fork_map(fail_with_a_bug, [1, 2, 3], workers=2)


def die_on_two(x: int) -> int:
    if x == 2:
        os._exit(3)  # a worker killed mid-way (out of memory, a signal)
    return x


def test_a_worker_that_dies_without_answering_is_an_error_not_a_hang():
    with pytest.raises(RuntimeError, match="ended without a result"):
        parallel.fork_map(die_on_two, [1, 2, 3, 4], workers=2)


class Unpicklable(Exception):
    def __reduce__(self):
        raise TypeError("cannot pickle")


def raise_unpicklable(x: int) -> int:
    raise Unpicklable(f"item {x}")


def test_an_exception_that_cannot_travel_arrives_as_its_name_and_message():
    with pytest.raises(RuntimeError, match="Unpicklable: item 1"):
        parallel.fork_map(raise_unpicklable, [1, 2], workers=2)


def test_shares_balance_cost_and_keep_input_order_within_each():
    assert parallel.shares([5, 1, 1, 1, 1, 1], 2) == [[0], [1, 2, 3, 4, 5]]
    assert parallel.shares([1, 1, 1, 1], 2) == [[0, 2], [1, 3]]
    assert parallel.shares([3, 0, 0], 5) == [[0], [1], [2]]
    assert sorted(i for s in parallel.shares([2, 7, 1, 8, 2, 8], 3) for i in s) == list(range(6))


class InterruptedImport(types.ModuleType):
    """Stands for `compare.cli.app` while Ctrl-C arrives in the middle of importing it."""

    def __getattr__(self, name: str):
        raise KeyboardInterrupt


def test_interrupt_during_start_up_is_the_same_one_line(monkeypatch, capsys):
    from compare.cli import console
    from compare.cli import output as cli_io

    assert cli_io.error_line(cli_io.INTERRUPTED) == console.INTERRUPTED_LINE
    monkeypatch.setitem(sys.modules, "compare.cli.app", InterruptedImport("compare.cli.app"))
    with pytest.raises(SystemExit) as end:
        console.main()
    assert end.value.code == 130
    captured = capsys.readouterr()
    assert captured.out == ""
    assert_one_error_line(captured.err, "interrupted")


@pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked on Linux only")
def test_each_worker_hands_back_freed_memory_before_answering(monkeypatch, tmp_path):
    marks = tmp_path / "trims"

    def record() -> None:
        with marks.open("a") as f:
            f.write(f"{os.getpid()}\n")

    monkeypatch.setattr(parallel, "release_free_memory", record)
    assert parallel.fork_map(square_or_fail, [1, 2, 3], 2) == [1, 4, 9]
    pids = marks.read_text().split()
    assert len(pids) == 2 and str(os.getpid()) not in pids  # once in each worker, not here


def pid_and_square(x: int) -> tuple[int, int]:
    """The process that squared `x`, and its square."""
    return os.getpid(), square_or_fail(x)


@pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked on Linux only")
def test_here_works_a_share_in_this_process_then_hands_its_results_over_before_the_rest():
    handed: list[dict[int, tuple[int, int]]] = []
    cost = [9, 1, 1, 1, 1]
    done = parallel.fork_map(pid_and_square, [1, 2, 3, 4, 5], 2, cost=cost, here=handed.append)
    assert [square for _, square in done] == [1, 4, 9, 16, 25]
    mine = [k for k, (pid, _) in enumerate(done) if pid == os.getpid()]
    assert mine == [1, 2, 3, 4]  # every share but that of the costliest item
    assert len(handed) == 1 and handed[0] == {k: done[k] for k in mine}


@pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked on Linux only")
def test_here_keeps_the_first_failing_items_error_whichever_process_met_it():
    with pytest.raises(UsageError, match="negative -2"):
        parallel.fork_map(square_or_fail, [1, -2, 3, -4], 2, cost=[1, 1, 1, 9], here=print)
    with pytest.raises(UsageError, match="negative -2"):
        parallel.fork_map(square_or_fail, [1, -2, 3, -4], 2, cost=[1, 9, 1, 1], here=print)


@pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked on Linux only")
def test_spare_items_are_done_once_each_by_whichever_process_is_free_first(tmp_path):
    marks = tmp_path / "spare"
    marks.mkdir()

    def square_and_mark(x: int) -> tuple[int, int]:
        (marks / str(x)).write_text(str(os.getpid()))
        return pid_and_square(x)

    def wait_for_the_spare_items(done: dict[int, tuple[int, int]]) -> None:
        # this process stays busy until the worker has taken every spare item
        deadline = time.monotonic() + 60
        while len(list(marks.iterdir())) < 6 and time.monotonic() < deadline:
            time.sleep(0.01)

    items, cost = [1, 2, 3, 4, 5, 6], [9, 1, 1, 1, 1, 1]
    spare = [2, 3, 4, 5]
    done = parallel.fork_map(
        square_and_mark, items, 2, cost=cost, here=wait_for_the_spare_items, spare=spare
    )
    assert [square for _, square in done] == [x * x for x in items]
    assert done[1][0] == os.getpid() != done[0][0]  # the planned shares: item 0 the worker's
    assert {done[k][0] for k in spare} == {done[0][0]}  # taken by the worker, once each
    assert sorted(int(p.name) for p in marks.iterdir()) == items

    def slow_here(x: int) -> tuple[int, int]:
        if x == 2:  # this process's share: the worker may take every spare item meanwhile
            time.sleep(0.5)
        return pid_and_square(x)

    done = parallel.fork_map(slow_here, items, 2, cost=cost, here=lambda done: None, spare=spare)
    assert [square for _, square in done] == [x * x for x in items]
    assert parallel.fork_map(square_or_fail, items, 1, cost=cost, spare=spare) == [
        x * x for x in items
    ]


@pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked on Linux only")
def test_a_spare_items_error_is_raised_in_item_order_whoever_took_it():
    with pytest.raises(UsageError, match="negative -2"):
        parallel.fork_map(square_or_fail, [1, -2, 3, -4], 2, cost=[9, 1, 1, 1], spare=[1, 3])
    with pytest.raises(UsageError, match="negative -2"):
        parallel.fork_map(
            square_or_fail, [1, -2, 3, -4], 2, cost=[9, 1, 1, 1], here=print, spare=[1, 2, 3]
        )


def test_the_plan_leaves_spare_items_out_unless_all_are():
    assert parallel.planned([9.0, 1.0, 5.0, 1.0], 2, [1, 3]) == [[0], [2]]
    assert parallel.planned([1.0, 1.0], 2, [0, 1]) == [[0], [1]]


def test_spare_items_are_all_but_one_costliest_item_per_process():
    assert parallel.all_but_costliest([3.0, 9.0, 1.0, 9.0, 5.0], 2) == [0, 2, 4]
    assert parallel.all_but_costliest([3.0, 9.0], 2) == []
    assert parallel.all_but_costliest([2.0, 2.0, 2.0], 1) == [1, 2]


def test_the_light_share_is_never_that_of_the_costliest_item():
    assert parallel.lightest([[0], [1, 2]], [1.0, 5.0, 5.0]) == [1, 2]
    assert parallel.lightest([[0, 3], [1], [2]], [9.0, 2.0, 1.0, 1.0]) == [2]
    assert parallel.lightest([[0, 1]], [1.0, 1.0]) == [0, 1]


@pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked on Linux only")
def test_parsing_much_text_in_workers_loads_only_the_rust_cutter_meanwhile():
    script = (
        "import sys; from compare.align import tokens as tk; "
        "from compare.pipeline import load_documents; "
        "load_documents(sys.argv[1:], jobs=2); "
        "print(tk.is_loaded(), tk.rust_tokenizer.cache_info().currsize)"
    )
    run = lambda *paths: subprocess.run(  # noqa: E731
        [sys.executable, "-c", script, *paths], capture_output=True, text=True
    ).stdout.split()
    assert run(*SEED_PATHS) == ["False", "1"]  # 400 KB: the Rust port, and no jieba as well
    assert run(str(S2019), str(S2020)) == ["False", "0"]  # too small for workers: nothing


@pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked on Linux only")
def test_every_answer_is_read_whole_before_any_is_unpickled(monkeypatch):
    order: list[str] = []
    read, loads = parallel._read_answer, pickle.loads
    monkeypatch.setattr(parallel, "_read_answer", lambda fd: (order.append("read"), read(fd))[1])
    monkeypatch.setattr(pickle, "loads", lambda data: (order.append("load"), loads(data))[1])
    assert parallel.fork_map(square_or_fail, [1, 2, 3], 2) == [1, 4, 9]
    assert order == ["read", "read", "load", "load"]  # the workers end before results grow here


def nested_worker_count(_: int) -> int:
    """What `worker_count` answers where a map's item runs."""
    return parallel.worker_count(None, 4, 10**6)


@pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked on Linux only")
def test_a_map_nested_in_a_workers_item_runs_in_that_worker(monkeypatch):
    monkeypatch.setattr(parallel, "usable_cores", lambda: 2)
    assert parallel.worker_count(None, 4, 10**6) == 2
    # item 1 goes to the forked worker, item 0 stays here (`here`: the lighter share)
    got = parallel.fork_map(nested_worker_count, [0, 1], 2, cost=[1, 2], here=lambda done: None)
    assert got == [2, 1]
    assert parallel.worker_count(None, 4, 10**6) == 2  # this process is not a worker
