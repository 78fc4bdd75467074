"""Typed errors raised by the library; only the CLI turns them into messages and exit codes."""

from __future__ import annotations


class ClausediffError(Exception):
    """Base error: carries what happened, why, and how to fix it."""

    def __init__(self, what: str, why: str = "", fix: str = "") -> None:
        self.what, self.why, self.fix = what, why, fix
        super().__init__(self.message())

    def __reduce__(self) -> tuple[type, tuple[str, str, str]]:
        """Pickled with all three parts (an error raised in a worker process reaches the CLI)."""
        return type(self), (self.what, self.why, self.fix)

    def message(self) -> str:
        """One line: what: why (fix); `; fix` when the fix has brackets of its own."""
        parts = [self.what]
        if self.why:
            parts.append(f": {self.why}")
        if self.fix:
            parts.append(f"; {self.fix}" if "(" in self.fix else f" ({self.fix})")
        return "".join(parts)


class InputError(ClausediffError):
    """An input cannot be read: missing, a directory, binary, too large."""


class DecodeError(InputError):
    """An input's bytes decode under no supported encoding."""


class TooLargeError(InputError):
    """An input exceeds the size limit."""


class OutputError(ClausediffError):
    """An output cannot be written."""


class UsageError(ClausediffError):
    """An option or argument has a value the tool does not accept."""


class StoreError(ClausediffError):
    """A corpus database cannot be used: not SQLite, another application's, a newer schema."""
