"""Safe outputs: every file is written whole (temp file + rename) and never into the corpus."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from compare.errors import ClausediffError, OutputError

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


def write_chunks(path: Path, chunks: Iterable[str], inputs: Iterable[str] = ()) -> Path:
    """Write text made piece by piece (UTF-8) to `path` atomically, never holding it whole.

    The pieces are consumed while the temp file is written: if making one fails or is
    interrupted, the temp file is removed and `path` keeps whatever it held before.
    """
    return write_parts(path, (c.encode("utf-8") for c in chunks), inputs)


def write_parts(path: Path, parts: Iterable[bytes], inputs: Iterable[str] = ()) -> Path:
    """Write `parts` (bytes, consumed while written) in order to a temp file beside `path`,
    sync it, then replace `path`: complete or not at all."""
    path = Path(path)
    check_output_file(path, inputs)
    with _temp_beside(path) as tmp:
        try:
            with open(tmp, "wb") as f:
                f.writelines(parts)
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
