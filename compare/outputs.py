"""Safe outputs: every file is written whole (temp file + rename) and never into the corpus."""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from operator import call
from pathlib import Path
from typing import IO, TextIO

from compare.errors import ClausediffError, OutputError
from compare.parallel import fork_map, no_follow_up

CORPUS_DIR_NAME = "seeds"
"""Directories of this name hold a corpus: nothing is ever written into one."""


def corpus_dirs() -> list[Path]:
    """The seed corpus directories known to this installation."""
    from compare.read import manifest as corpus

    try:
        return [corpus.seed_dir().resolve()]
    except ClausediffError:
        return []


def is_protected(path: Path) -> bool:
    """True when `path` is or lies inside the seed corpus or any directory named `seeds`."""
    resolved, known = Path(path).resolve(), corpus_dirs()
    return any(d in known or d.name == CORPUS_DIR_NAME for d in (resolved, *resolved.parents))


def check_output_file(path: Path, inputs: Iterable[str] = ()) -> None:
    """Raise OutputError unless `path` can take a new file without touching an input."""
    if is_protected(path):
        raise OutputError(
            f"{path}: refusing to write into the seed corpus",
            "outputs never go into seeds/",
            "choose an output path outside seeds/",
        )
    resolved = path.resolve()
    for name in inputs:
        if name != "-" and Path(name).resolve() == resolved:
            raise OutputError(
                f"{path}: refusing to overwrite an input",
                "inputs are never written",
                "choose another output path",
            )
    if path.is_dir():
        raise OutputError(
            f"{path}: is a directory", "an output file was expected", "give a file name"
        )
    _check_directory(path.parent if str(path.parent) else Path("."))


def _check_directory(directory: Path) -> None:
    if not directory.exists():
        raise OutputError(
            f"{directory}: no such directory",
            "the output's directory must exist",
            "create it first",
        )
    if not directory.is_dir():
        raise OutputError(
            f"{directory}: not a directory", "outputs go into a directory", "choose another path"
        )
    if not os.access(directory, os.W_OK | os.X_OK):
        raise OutputError(
            f"{directory}: cannot write here", "permission denied", "choose a writable directory"
        )


def write_text(path: Path, text: str, inputs: Iterable[str] = ()) -> Path:
    """Write `text` (UTF-8) to `path` atomically: a file is replaced only by a complete one."""
    return write_bytes(path, text.encode("utf-8"), inputs)


def write_bytes(path: Path, data: bytes, inputs: Iterable[str] = ()) -> Path:
    """Write `data` to `path` atomically (temp file in the same directory, then os.replace)."""
    return write_parts(path, (data,), inputs)


def write_chunks(
    path: Path,
    chunks: Iterable[str],
    inputs: Iterable[str] = (),
    later: Iterable[str] = (),
    workers: int = 1,
) -> Path:
    """Write text made piece by piece (UTF-8) to `path` atomically, never holding it whole:
    `chunks`, then `later` (with two `workers`, made meanwhile by a forked process: see
    `in_two`).

    The pieces are consumed while the temp file is written: if making one fails or is
    interrupted, the temp file is removed and `path` keeps whatever it held before.
    """
    return write_parts(path, utf8(chunks), inputs, utf8(later), workers)


def utf8(chunks: Iterable[str], errors: str = "strict") -> Iterator[bytes]:
    """Each piece of text encoded as UTF-8, when it comes."""
    return (c.encode("utf-8", errors) for c in chunks)


def write_parts(
    path: Path,
    parts: Iterable[bytes],
    inputs: Iterable[str] = (),
    later: Iterable[bytes] = (),
    workers: int = 1,
) -> Path:
    """Write `parts`, then `later` (bytes, consumed while written) to a temp file beside
    `path`, sync it, then replace `path`: complete or not at all. With two `workers`,
    `later` is made by a forked process meanwhile (`in_two`, its scratch file beside
    `path`)."""
    path = Path(path)
    check_output_file(path, inputs)
    with _temp_beside(path) as tmp:
        try:
            with open(tmp, "wb") as f:
                if workers < 2:
                    f.writelines(parts)
                    f.writelines(later)
                else:
                    in_two(partial(written, f, parts), later, f.fileno(), tmp.parent)
                f.flush()
                os.fsync(f.fileno())
        except OSError as e:
            raise OutputError(
                f"{path}: cannot write",
                e.strerror or str(e),
                "free space on that disk or choose another output path",
            ) from e
        _replace(tmp, path)
    return path


def stream_chunks(
    stream: TextIO, chunks: Iterable[str], later: Iterable[str] = (), workers: int = 1
) -> None:
    """Write text made piece by piece to `stream` (standard output): `chunks`, then `later`.

    With two `workers`, where `stream` is a file descriptor written in UTF-8, `later` is made
    meanwhile by a forked process (`in_two`, its scratch file in the temporary directory);
    elsewhere (a test's captured output, another encoding) this process writes it all.
    """
    if workers < 2 or not on_descriptor_in_utf8(stream):
        stream.writelines(chunks)
        stream.writelines(later)
        return
    stream.flush()
    errors = getattr(stream, "errors", None) or "strict"
    in_two(partial(written, stream, chunks), utf8(later, errors), stream.fileno())


def on_descriptor_in_utf8(stream: TextIO) -> bool:
    """True when `stream` writes UTF-8 to a file descriptor of its own, which another
    process's bytes can follow."""
    try:
        stream.fileno()
        return codecs.lookup(stream.encoding).name == "utf-8"
    except (AttributeError, LookupError, OSError, TypeError, ValueError):
        return False


def written(out: IO[str] | IO[bytes], parts: Iterable[str | bytes]) -> None:
    """Write `parts` to `out` and flush it: all of it is then on its descriptor."""
    out.writelines(parts)  # type: ignore[arg-type]
    out.flush()


def in_two(
    first: Callable[[], object], later: Iterable[bytes], fd: int, scratch: Path | None = None
) -> None:
    """Two processes write one output: this one runs `first`, which writes the output's
    first part to the file `fd` (flushed), while a forked worker writes `later` (its
    pieces made there) into an unnamed scratch file in `scratch` (None: the temporary
    directory); then that file is copied after the first part.

    Nothing is held whole in memory. The scratch file has no name: it is gone however the
    run ends. An error in either part is raised here once the worker has ended (the first
    part's if both fail); an interrupt kills the worker (`parallel.fork_map`).
    """
    with tempfile.TemporaryFile(dir=scratch) as spill:
        tasks = (first, partial(written, spill, later))
        fork_map(call, tasks, 2, cost=(0.0, 1.0), here=no_follow_up)  # the costlier to the worker
        append_file(spill.fileno(), fd)


COPY_PIECE = 1 << 20
"""Bytes copied at a time where the kernel cannot copy a file to another (`append_file`)."""


def append_file(source: int, target: int) -> None:
    """Write the whole of the file `source`, from its start, where the file `target` stands:
    by the kernel (`sendfile`) where it can, else read and written a piece at a time."""
    size = os.fstat(source).st_size
    done = sent(source, target, size)
    if done < size:
        with open(source, "rb", closefd=False) as src, open(target, "wb", closefd=False) as out:
            src.seek(done)
            shutil.copyfileobj(src, out, COPY_PIECE)


def sent(source: int, target: int, size: int) -> int:
    """How many of the first `size` bytes of `source` `sendfile` wrote to `target` (those
    it could: none where the target cannot take it, such as a file opened to append)."""
    done = 0
    try:
        while done < size and (n := os.sendfile(target, source, done, size - done)):
            done += n
    except OSError as e:
        if done or e.errno not in SENDFILE_REFUSED:
            raise
    return done


SENDFILE_REFUSED = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EXDEV}
"""What `sendfile` says where the two files cannot be copied by it (nothing was written)."""


@contextlib.contextmanager
def _temp_beside(path: Path) -> Iterator[Path]:
    """A temp file next to `path`, removed on any error or interrupt (Ctrl-C included)."""
    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as e:
        raise OutputError(
            f"{path}: cannot write", e.strerror or str(e), "choose a writable directory"
        ) from e
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _replace(tmp: Path, path: Path) -> None:
    try:
        os.chmod(tmp, 0o644 & ~_umask())
        os.replace(tmp, path)
    except OSError as e:
        raise OutputError(
            f"{path}: cannot write", e.strerror or str(e), "check the output path"
        ) from e


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def prepare_output_dir(directory: Path) -> Path:
    """Create (if needed) and check an output directory; refuse the seed corpus."""
    directory = Path(directory)
    if is_protected(directory):
        raise OutputError(
            f"{directory}: refusing to write a report into the seed corpus",
            "outputs never go into seeds/",
            "choose another output directory, e.g. -o out",
        )
    if directory.exists() and not directory.is_dir():
        raise OutputError(
            f"{directory}: not a directory", "a report is a directory of files", "choose another -o"
        )
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(
            f"{directory}: cannot create", e.strerror or str(e), "choose a writable directory"
        ) from e
    _check_directory(directory)
    return directory


SCRATCH_SUFFIX = ".clausediff-tmp"
"""Ends the name of a report's scratch directory (git-ignored; removed when the run ends)."""


@contextlib.contextmanager
def staged_dir(directory: Path) -> Iterator[Path]:
    """A scratch directory beside `directory`; on success its files replace those in `directory`.

    Each file lands with os.replace, so a reader never sees a half-written file, and nothing
    at all changes in `directory` when the work inside the block fails or is interrupted.
    """
    directory = prepare_output_dir(directory)
    scratch = Path(
        tempfile.mkdtemp(
            prefix=f".{directory.resolve().name}.",
            suffix=SCRATCH_SUFFIX,
            dir=directory.resolve().parent,
        )
    )
    try:
        yield scratch
        publish_dir(scratch, directory)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


PUBLISHED = ".clausediff-files"
"""In an output directory: the files the last publication put there (one relative path a line)."""


def publish_dir(scratch: Path, directory: Path) -> list[Path]:
    """Move every file under `scratch` to the same place under `directory` (atomic per file).

    Files an earlier publication left that this one does not replace are removed (only
    those listed in `PUBLISHED`), so no stale page survives; other files are left alone.
    """
    moved: list[Path] = []
    for src in sorted(p for p in scratch.rglob("*") if p.is_file()):
        dest = directory / src.relative_to(scratch)
        dest.parent.mkdir(parents=True, exist_ok=True)
        _replace(src, dest)
        moved.append(dest)
    names = {p.relative_to(directory).as_posix() for p in moved}
    for stale in published(directory) - names:
        (directory / stale).unlink(missing_ok=True)
    write_text(directory / PUBLISHED, "".join(f"{n}\n" for n in sorted(names)))
    return moved


def published(directory: Path) -> set[str]:
    """The files listed as published in `directory` (only paths that stay inside it)."""
    listing = directory / PUBLISHED
    if not listing.is_file():
        return set()
    root = directory.resolve()
    names = listing.read_text(encoding="utf-8").splitlines()
    return {n for n in names if n and root in (root / n).resolve().parents}


def relocate(paths: Iterable[Path], scratch: Path, directory: Path) -> list[Path]:
    """Where files written under `scratch` ended up under `directory`."""
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        try:
            out.append(directory / p.resolve().relative_to(scratch.resolve()))
        except ValueError:
            out.append(p)
    return out
