"""Stage 1, read: bytes on disk (or stdin) to a decoded Source. (Interim minimal version.)"""

from __future__ import annotations

import sys
from pathlib import Path

from compare.errors import DecodeError, InputError, TooLargeError
from compare.model import Source


def read_source(path: str, max_bytes: int = 20_000_000) -> Source:
    """Read and decode one input file; `-` reads standard input."""
    if path == "-":
        raw = sys.stdin.buffer.read(max_bytes + 1)
    else:
        p = Path(path)
        if not p.exists():
            raise InputError(f"{path}: no such file", "", "check the path")
        if p.is_dir():
            raise InputError(f"{path}: is a directory", "", "give a file")
        raw = p.read_bytes()
    if len(raw) > max_bytes:
        raise TooLargeError(
            f"{path}: too large", f"over the {max_bytes} byte limit", "raise --max-size"
        )
    for enc in ("utf-8-sig", "gb18030", "big5"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise DecodeError(f"{path}: cannot decode")
    fmt = (
        "html"
        if path.lower().endswith((".html", ".htm"))
        else "md"
        if path.endswith(".md")
        else "txt"
    )
    return Source(path=path, text=text, encoding=enc, format=fmt, size=len(raw))
