"""Stage 1, read: bytes on disk (or standard input) to a decoded Source, or a typed error."""

from __future__ import annotations

import codecs
import os
import stat
import sys
import unicodedata
from pathlib import Path

from compare.errors import DecodeError, InputError, TooLargeError
from compare.model import Source

DEFAULT_MAX_BYTES = 20_000_000
"""Same default as `Settings.max_bytes`."""

STRICT_CODECS = ("utf-8", "gb18030", "big5")
"""Tried in this order, strictly, after any byte-order mark."""

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive (e.g. a .docx or .xlsx file)"),
    (b"\xd0\xcf\x11\xe0", "an Office 97-2003 file (.doc, .xls)"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
)

SNIFF_BYTES = 8192
CONTROL_SHARE = 0.1
"""A text whose sniffed head has more control bytes than this share is taken as binary."""


def read_source(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Read and decode one input file; `-` reads standard input."""
    raw = _read_stdin(max_bytes) if path == "-" else _read_file(path, max_bytes)
    _refuse_binary(path, raw)
    text, encoding, guessed = decode_bytes(path, raw)
    fmt = detect_format(path, text)
    notes: list[str] = []
    if guessed:
        notes.append(f"encoding guessed as {encoding}: no strict codec decoded the bytes")
    if fmt == "html":
        from compare.read.html import html_to_text  # lxml is loaded for HTML input only

        text = html_to_text(text)
        notes.append("text extracted from HTML markup; offsets refer to the extracted text")
    if not text.strip():
        notes.append("empty document")
    return Source(
        path=path,
        text=text,
        encoding=encoding,
        format=fmt,
        size=len(raw),
        encoding_guessed=guessed,
        notes=tuple(notes),
    )


def _read_stdin(max_bytes: int) -> bytes:
    """Read at most max_bytes + 1 bytes from standard input (enough to detect excess)."""
    raw = sys.stdin.buffer.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise _too_large("-", max_bytes)
    return raw


def _read_file(path: str, max_bytes: int) -> bytes:
    """Check a path with stat before reading it read-only."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError(
            f"{path}: no such file", "nothing exists at this path", "check the path"
        ) from None
    except OSError as e:
        raise InputError(f"{path}: cannot be read", e.strerror or str(e), "check the path") from e
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{path}: is a directory", "a document file is expected", "give a file")
    if st.st_size > max_bytes:
        raise _too_large(path, max_bytes)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(max_bytes + 1)
    except PermissionError:
        raise InputError(
            f"{path}: permission denied",
            "the file is not readable by this user",
            "check the file's permissions",
        ) from None
    except OSError as e:
        raise InputError(f"{path}: cannot be read", e.strerror or str(e), "check the file") from e
    if len(raw) > max_bytes:
        raise _too_large(path, max_bytes)
    return raw


def _too_large(path: str, max_bytes: int) -> TooLargeError:
    return TooLargeError(
        f"{path}: too large",
        f"the input exceeds the limit of {max_bytes} bytes",
        "raise the limit with --max-size",
    )


def _refuse_binary(path: str, raw: bytes) -> None:
    """Raise InputError when the bytes are an image, archive or other binary file."""
    kind = binary_kind(raw)
    if kind:
        raise InputError(
            f"{path}: not a text document",
            f"it looks like {kind}",
            "give a .txt, .md or .html file; extract the text of PDF or Office files first",
        )


def binary_kind(raw: bytes) -> str:
    """What binary kind the bytes look like, or '' for text."""
    for magic, kind in MAGIC:
        if raw.startswith(magic):
            return kind
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return ""
    head = raw[:SNIFF_BYTES]
    if b"\x00" in head:
        return "binary data (it contains NUL bytes)"
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    if head and controls / len(head) > CONTROL_SHARE:
        return "binary data (many control bytes)"
    return ""


def decode_bytes(path: str, raw: bytes) -> tuple[str, str, bool]:
    """Decode strictly (BOM, then UTF-8, GB18030, Big5), else guess: (text, codec, guessed).

    Valid UTF-8 wins outright; GB18030 accepts nearly every Big5 byte sequence, so when both
    decode, the reading with fewer characters unusual in Chinese prose wins.
    """
    for bom, codec in BOMS:
        if raw.startswith(bom):
            return _decode_with(path, raw, codec), codec, False
    utf8 = _try_decode(raw, "utf-8")
    if utf8 is not None:
        return utf8, "utf-8", False
    ok = [(c, t) for c in STRICT_CODECS[1:] if (t := _try_decode(raw, c)) is not None]
    if ok:
        codec, text = min(ok, key=lambda ct: _oddity(ct[1]))
        return text, codec, False
    return _guess(path, raw)


def _decode_with(path: str, raw: bytes, codec: str) -> str:
    text = _try_decode(raw, codec)
    if text is None:
        raise DecodeError(
            f"{path}: cannot decode",
            f"the byte-order mark says {codec} but the bytes are not valid {codec}",
            "re-save the file as UTF-8",
        )
    return text.removeprefix("\ufeff")


def _try_decode(raw: bytes, codec: str) -> str | None:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        return None


def _oddity(text: str) -> float:
    """Share of characters unusual in Chinese prose (private use, kana, box drawing …)."""
    sample = text[:20000]
    if not sample:
        return 0.0
    odd = sum(1 for ch in sample if _is_odd(ch))
    return odd / len(sample)


def _is_odd(ch: str) -> bool:
    cp = ord(ch)
    if 0x2500 <= cp < 0x3000 or 0x3040 <= cp <= 0x31FF or 0xE000 <= cp <= 0xF8FF:
        return True
    return unicodedata.category(ch) in ("Co", "Cn", "Cc") and ch not in "\t\n\r\f"


def _guess(path: str, raw: bytes) -> tuple[str, str, bool]:
    """Last resort: a statistical guess by charset-normalizer."""
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None or best.encoding is None:
        raise DecodeError(
            f"{path}: cannot decode",
            "the bytes are not UTF-8, GB18030, Big5 or UTF-16, and no encoding fits them",
            "re-save the file as UTF-8",
        )
    return str(best), best.encoding, True


def detect_format(path: str, text: str) -> str:
    """`html`, `md` or `txt`, by extension (by content for standard input)."""
    suffix = Path(path).suffix.lower()
    if suffix in (".html", ".htm", ".xhtml"):
        return "html"
    if suffix in (".md", ".markdown"):
        return "md"
    if path == "-" and text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
        return "html"
    return "txt"
