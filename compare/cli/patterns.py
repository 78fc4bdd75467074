"""Compiled regular expressions kept between runs of the console script, as `.pyc` files keep
compiled modules.

`re` parses a pattern and writes its matching program in pure Python: the 130-odd patterns a
small pair meets (ours, jieba's, the standard library's) cost about a seventh of the
instructions of `clausediff diff` on two short files. The program depends only on the
pattern, its flags and the interpreter, so it is kept in a file and handed straight to the
regular-expression engine next time (`_sre.compile`, which `re` itself ends with and which
checks the program). Anything unexpected (an interpreter whose `re` is built otherwise, an
unreadable or foreign file) leaves `re` compiling as usual.
"""

from __future__ import annotations

import marshal
import os
import re
import sys
import tempfile
from collections.abc import Callable
from contextlib import suppress
from hashlib import blake2b
from pathlib import Path
from typing import Any

try:  # the parts of `re` its own `compile` is made of (private: checked before use)
    import _sre
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - an interpreter whose `re` is built otherwise
    _sre = _compiler = _parser = None  # type: ignore[assignment]

Program = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]
"""What `_sre.compile` takes after the pattern: flags, code, groups, group names both ways."""

MAX_KEPT = 1024
"""Programs kept at most; beyond it (or MAX_KEPT_BYTES) only those this run used stay."""
MAX_KEPT_BYTES = 4_000_000
"""Bytes of kept programs at most: the file is read by every run."""
MAX_SEEN = 4096
"""Patterns remembered as seen once at most (by digest); beyond it only this run's stay."""


def digest_of(key: tuple[Any, int]) -> bytes:
    """A short fingerprint of a pattern and its flags (a pattern can be 100 KB long)."""
    return blake2b(marshal.dumps(key), digest_size=16).digest()


class ProgramCache:
    """The programs known from earlier runs and those compiled in this one, each held as its
    marshalled bytes until a pattern asks for it (a run uses a fraction of them).

    A program is kept only for a pattern compiled in two runs: a pattern built from a set
    in hash order (a library's alternation of place names) differs from run to run, and
    keeping each would grow the file every run while no run could use it. The patterns seen
    once are remembered by digest only."""

    def __init__(
        self,
        path: Path,
        known: dict[tuple[Any, int], bytes],
        seen: frozenset[bytes] = frozenset(),
    ) -> None:
        """A cache over `path`, holding `known` and `seen` (read from it)."""
        self.path = path
        self.known = known
        self.seen = seen
        self.new: dict[tuple[Any, int], bytes] = {}
        self.used: set[tuple[Any, int]] = set()

    def compile(self, pattern: Any, flags: int = 0) -> re.Pattern[Any]:
        """`re._compiler.compile` of a pattern string, its program reused when known."""
        key = (pattern, int(flags))
        kept = self.known.get(key) or self.new.get(key)
        if kept is None:
            program = program_of(pattern, key[1])
            self.new[key] = marshal.dumps(program)
        else:
            self.used.add(key)
            program = marshal.loads(kept)
        return _sre.compile(pattern, *program)

    def save(self) -> None:
        """Write the programs back when this run compiled new ones (atomically: runs side by
        side each write a whole file, the last one stays): those compiled in an earlier run
        too are kept, the others remembered as seen."""
        if not self.new:
            return
        digests = {key: digest_of(key) for key in self.new}
        again = {key: prog for key, prog in self.new.items() if digests[key] in self.seen}
        once = {digests[key] for key in self.new if key not in again}
        seen = (self.seen - {digests[key] for key in again}) | once
        if len(seen) > MAX_SEEN:
            seen = once
        kept = {**self.known, **again}
        if len(kept) > MAX_KEPT or sum(map(len, kept.values())) > MAX_KEPT_BYTES:
            kept = {key: self.known[key] for key in self.used if key in self.known} | again
        self.known, self.seen, self.new = kept, frozenset(seen), {}
        with suppress(OSError, ValueError):
            data = marshal.dumps((interpreter_tag(), kept, sorted(seen)))
            write_atomically(self.path, data)


def program_of(pattern: Any, flags: int) -> Program:
    """The program `re` compiles `pattern` with `flags` into, as plain data."""
    tree = _parser.parse(pattern, flags)
    code = _compiler._code(tree, flags)
    names = dict(tree.state.groupdict)
    index: list[str | None] = [None] * tree.state.groups
    for name, i in names.items():
        index[i] = name
    return (
        int(flags | tree.state.flags),
        [int(c) for c in code],
        tree.state.groups - 1,
        names,
        tuple(index),
    )


def interpreter_tag() -> str:
    """What a program depends on besides its pattern: the interpreter and its engine."""
    return f"{sys.version} {getattr(_sre, 'MAGIC', '')} {getattr(_sre, 'CODESIZE', '')}"


def cache_path() -> Path:
    """The file of this user's kept programs, in the temporary directory (as jieba's cache)."""
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"clausediff-patterns-{uid}.marshal"


def read_programs(path: Path) -> tuple[dict[tuple[Any, int], bytes], frozenset[bytes]]:
    """The programs kept in `path` by earlier runs of this interpreter, and the digests of
    the patterns seen once; none when the file is missing, damaged, another user's or
    another interpreter's."""
    try:
        with open(path, "rb") as f:
            if hasattr(os, "getuid") and os.fstat(f.fileno()).st_uid != os.getuid():
                return {}, frozenset()
            tag, programs, seen = marshal.loads(f.read())
    except (OSError, EOFError, ValueError, TypeError):
        return {}, frozenset()
    if tag != interpreter_tag() or not isinstance(programs, dict) or not isinstance(seen, list):
        return {}, frozenset()
    return programs, frozenset(seen)


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then put it in its place."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(name, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(name)
        raise


def usable() -> bool:
    """True when this interpreter's `re` is made of the parts the cache stands in for."""
    return all(
        callable(getattr(module, name, None))
        for module, name in (
            (_sre, "compile"),
            (_compiler, "compile"),
            (_compiler, "_code"),
            (_parser, "parse"),
        )
    )


def keep_compiled_patterns() -> Callable[[], None]:
    """Let `re` reuse the programs kept by earlier runs from now on; returns the function
    that writes back the programs compiled meanwhile (a no-op where this cannot work)."""
    if not usable():
        return lambda: None
    cache = ProgramCache(path := cache_path(), *read_programs(path))
    original = _compiler.compile

    def compile(pattern: Any, flags: int = 0) -> re.Pattern[Any]:
        """`re`'s compile, by way of the kept programs; the usual way for anything odd."""
        if not isinstance(pattern, (str, bytes)) or flags & re.DEBUG:
            return original(pattern, flags)
        try:
            return cache.compile(pattern, flags)
        except Exception:  # a program `_sre` refuses, or a `re` built unlike this one's
            return original(pattern, flags)

    _compiler.compile = compile
    return cache.save
