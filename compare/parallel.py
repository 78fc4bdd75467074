"""Independent pipeline work spread over the machine's cores by forked worker processes."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from compare.memory import release_free_memory, without_cycle_collection

T = TypeVar("T")
R = TypeVar("R")

MAX_JOBS = 8
"""More workers than this only add start-up and memory: a corpus has few documents."""
MIN_PARALLEL_CHARS = 60_000
"""Below this much text in all (about 20 pages) starting workers costs more than it saves."""

_IN_WORKER: list[bool] = []
"""Holds True in a forked worker: its work runs in that one process (a map nested in a
worker's item, such as a pair's align stage inside a timeline's pair round, forks nothing:
every core is busy already)."""

Outcome = tuple[int, bool, Any]
"""What a worker sends back per item: its index, whether it succeeded, the result or error."""


def usable_cores() -> int:
    """How many cores this process may run on (its CPU affinity, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def worker_count(jobs: int | None, items: int, chars: int) -> int:
    """How many worker processes a map over `items` inputs holding `chars` characters uses.

    `jobs` None means one per usable core; 1 (or a small workload, a platform without
    `fork`, or a call inside a worker) means no workers: the work runs in this process.
    """
    wanted = usable_cores() if jobs is None else jobs
    if wanted < 2 or _IN_WORKER or items < 2 or chars < MIN_PARALLEL_CHARS or not can_fork():
        return 1
    return min(wanted, items, MAX_JOBS)


def can_fork() -> bool:
    """Forked workers inherit the parsed inputs without copying; only Linux forks safely."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def shares(cost: Sequence[float], workers: int) -> list[list[int]]:
    """Item indices per worker: most costly first, each to the least loaded worker (so one
    long input does not finish last on its own); each share in input order."""
    load = [0.0] * workers
    out: list[list[int]] = [[] for _ in range(workers)]
    for i in sorted(range(len(cost)), key=lambda k: (-cost[k], k)):
        w = min(range(workers), key=lambda k: (load[k], k))
        out[w].append(i)
        load[w] += max(cost[i], 1e-9)
    return [sorted(s) for s in out if s]


def fork_map(
    func: Callable[[T], R],
    items: Sequence[T],
    workers: int,
    cost: Sequence[float] | None = None,
    meanwhile: Callable[[], object] | None = None,
    here: Callable[[dict[int, R]], object] | None = None,
    spare: Sequence[int] = (),
) -> list[R]:
    """`[func(x) for x in items]`, run by `workers` forked processes when more than one.

    `meanwhile` is called here while the workers run (only when there are workers: else
    nothing waits), e.g. to load what the work after the map needs.

    With `here`, this process is one of the `workers`: it forks one fewer and works through
    a light share itself (`lightest`, after `meanwhile`), then calls `here` with that share's
    results by index (those that succeeded) while the other workers finish: what comes after
    the map can start on them instead of waiting idle.

    `spare` items (indices; cheap ones, such as work needed only after the map) are in no
    share: each process takes them one at a time, costliest first, from a queue they all
    read once their share is done (this process too when it has one, after `here`), so that
    the processes finish together whatever their shares and `here` really cost.

    Each worker inherits `items` through `fork`, works through its share and sends the
    pickled outcomes back through a pipe. The results come back in input order, and so do
    errors: the exception of the first failing item is raised, whichever worker met it.
    If this process is interrupted (Ctrl-C) or fails meanwhile, every worker is killed and
    reaped before the exception goes on: nothing is left running.
    """
    if workers < 2 or len(items) < 2:
        return [func(x) for x in items]
    import ctypes  # noqa: F401  # here, for the workers to inherit: a map in this process
    import pickle  # noqa: F401  # (a small pair's) needs neither

    weights = list(cost) if cost else [1.0] * len(items)
    plan = planned(weights, workers, spare)
    local = lightest(plan, weights) if here is not None else []
    queue = spare_queue(sorted(spare, key=lambda i: (-weights[i], i)))  # costliest first
    sys.stdout.flush()
    sys.stderr.flush()
    running: dict[int, int] = {}  # pid → read end of its pipe
    try:
        for share in plan:
            if share is local:
                continue
            with signals_held():  # a Ctrl-C or SIGTERM now waits until the worker is known
                pid, fd = _start_worker(func, items, share, queue)
                running[pid] = fd
        if meanwhile is not None:
            meanwhile()
        outcomes: dict[int, tuple[bool, Any]] = {}
        for i, ok, value in (_outcome(func, items, i) for i in local):
            outcomes[i] = (ok, value)
        if here is not None:
            here({i: value for i, (ok, value) in outcomes.items() if ok})
        for i, ok, value in (_outcome(func, items, i) for i in taken(queue, here is not None)):
            outcomes[i] = (ok, value)
        answers: list[tuple[int, bytes]] = []
        for pid, fd in list(running.items()):
            answers.append((pid, _read_answer(fd)))
            os.waitpid(pid, 0)
            del running[pid]
    finally:
        _stop(running)
        if queue is not None:
            os.close(queue)
    while answers:  # each answer's bytes dropped as soon as it is unpickled
        pid, data = answers.pop(0)
        for i, ok, value in _outcomes_of(data, pid):
            outcomes[i] = (ok, value)
        del data
    for i in range(len(items)):
        ok, value = outcomes[i]
        if not ok:
            raise value
    return [outcomes[i][1] for i in range(len(items))]


def no_follow_up(done: object) -> None:
    """`fork_map`'s `here` for a caller that has this process work a share and has nothing
    to do with its results before the workers' arrive."""


def planned(cost: Sequence[float], workers: int, spare: Sequence[int]) -> list[list[int]]:
    """`shares` of the items not `spare` (every item when all are)."""
    spared = set(spare)
    kept = [i for i in range(len(cost)) if i not in spared] or list(range(len(cost)))
    plan = shares([cost[i] for i in kept], workers)
    return [[kept[k] for k in share] for share in plan]


def all_but_costliest(cost: Sequence[float], n: int) -> list[int]:
    """Indices of every item but the `n` costliest (the first of equals kept): spare items
    once each process has one of those."""
    kept = set(sorted(range(len(cost)), key=lambda k: (-cost[k], k))[:n])
    return [i for i in range(len(cost)) if i not in kept]


TOKEN = 4
"""Bytes of one spare item's index in the queue (written at once, read whole: a pipe's
reader holds it while reading, so two processes never split one index)."""


def spare_queue(spare: Sequence[int]) -> int | None:
    """The read end of a pipe holding the `spare` indices, its write end closed (an empty
    queue then reads as its end); None without spare items."""
    if not spare:
        return None
    read_end, write_end = os.pipe()
    data = b"".join(i.to_bytes(TOKEN, "little") for i in spare)
    try:
        if len(data) > pipe_capacity(write_end):
            raise ValueError(f"{len(spare)} spare items do not fit a pipe")
        os.write(write_end, data)
    except BaseException:
        os.close(read_end)
        raise
    finally:
        os.close(write_end)
    return read_end


def pipe_capacity(fd: int) -> int:
    """How many bytes the pipe `fd` holds without a reader (64 KiB unless Linux says)."""
    try:
        import fcntl

        return fcntl.fcntl(fd, fcntl.F_GETPIPE_SZ)
    except (ImportError, AttributeError, OSError):
        return 65_536


def taken(queue: int | None, working: bool = True) -> Iterator[int]:
    """The spare indices this process takes from the queue, one at a time, until none is
    left (none unless `working`: a parent that has no share of its own leaves them)."""
    if queue is None or not working:
        return
    while data := os.read(queue, TOKEN):
        yield int.from_bytes(data, "little")


def lightest(plan: list[list[int]], cost: Sequence[float]) -> list[int]:
    """The share of `plan` whose items cost least in all (the first of equals), but for the
    first share (of the costliest item, which may well take longer than its cost says)."""
    return min(plan[1:] or plan, key=lambda share: sum(cost[i] for i in share))


HELD = {signal.SIGINT, signal.SIGTERM}
"""Signals held while a worker is forked: handled in the middle of `fork`, their exception
would be swallowed by its at-fork hooks, or leave a worker the parent does not know of."""


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Block HELD during the block; any that came are handled as soon as it ends."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _start_worker(
    func: Callable[[Any], Any], items: Sequence[Any], share: list[int], queue: int | None = None
) -> tuple[int, int]:
    """Fork one worker for `share` (then the spare items it takes from `queue`); returns its
    pid and the read end of its pipe."""
    read_end, write_end = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the worker: never returns
        _IN_WORKER[:] = [True]
        os.close(read_end)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, HELD)
        die_with_parent(parent)
        _work(func, items, share, write_end, queue)
    os.close(write_end)
    return pid, read_end


PR_SET_PDEATHSIG = 1
"""prctl(2) option: the signal the kernel sends this process when its parent dies."""


def die_with_parent(parent: int) -> None:
    """In a worker: be killed (SIGKILL) by the kernel as soon as `parent` dies, however it dies.

    SIGKILL of the parent (a CI timeout, the OOM killer) runs no clean-up in it, so only the
    kernel can stop its workers. If the parent died before this was armed, exit at once.
    """
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)  # the running process's symbols: libc's
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: fork_map forks on Linux only anyway
        pass
    if os.getppid() != parent:
        os._exit(1)


def _work(
    func: Callable[[Any], Any],
    items: Sequence[Any],
    share: list[int],
    fd: int,
    queue: int | None = None,
) -> None:
    """In a worker: run the share and the spare items it takes from `queue`, send the
    outcomes, and exit without the parent's clean-up.

    Workers leave Ctrl-C to the parent and never write to the terminal: everything they
    have to say (results, typed errors, a bug's exception) goes back through the pipe.
    """
    import pickle

    status = 0
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        outcomes = [_outcome(func, items, i) for i in share]
        outcomes += [_outcome(func, items, i) for i in taken(queue)]
        # the parent reads one worker at a time: this one may wait, holding what the work
        # freed (a quarter of a parse worker's pages) unless handed back now
        release_free_memory()
        with os.fdopen(fd, "wb") as pipe:
            pickle.dump(outcomes, pipe, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:  # a broken pipe when the parent is gone: nothing left to tell
        status = 1
    finally:
        os._exit(status)


def _outcome(func: Callable[[Any], Any], items: Sequence[Any], i: int) -> Outcome:
    """One item's result, or the exception it raised (made picklable if it is not)."""
    import pickle

    try:
        return i, True, func(items[i])
    except Exception as error:
        try:
            pickle.dumps(error)
        except Exception:
            error = RuntimeError(f"{type(error).__name__}: {error}")
        return i, False, error


def _read_answer(fd: int) -> bytes:
    """Everything one worker sent, as it came (empty when it died without answering).

    Read whole before anything is unpickled, so the worker ends (and gives back its memory)
    as soon as it has written: unpickled meanwhile, its results would grow here while it and
    the workers still waiting hold theirs (their pickled bytes are a third of their size).
    """
    with os.fdopen(fd, "rb") as pipe:
        return pipe.read()


def _outcomes_of(data: bytes, pid: int) -> list[Outcome]:
    """The outcomes in one worker's answer; a worker that died without answering is an error."""
    import pickle

    with without_cycle_collection():
        try:
            return pickle.loads(data)
        except EOFError:
            raise RuntimeError(f"worker process {pid} ended without a result") from None


def _stop(running: dict[int, int]) -> None:
    """Kill and reap the workers still running, and close their pipes."""
    for pid, fd in running.items():
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        with contextlib.suppress(OSError):  # already closed when the read had begun
            os.close(fd)
