"""The default corpus (the seeds) and how a set of versions is put in date order."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path, PurePath
from typing import Any

from compare.errors import InputError
from compare.model import Document
from compare.read.source import SNIFF_BYTES, binary_kind

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
REPO_ROOT = PACKAGE_ROOT.parent
DATE_IN_NAME = r"(?<!\d)((?:19|20)\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?!\d)"
"""A date in a file name (compiled when first needed: ordering versions, not comparing two)."""
DOCUMENT_SUFFIXES = (".txt", ".md", ".html", ".htm")
NOT_DOCUMENT_STEMS = ("readme", "license", "licence", "changelog", "manifest")
"""Files beside a corpus that describe it rather than belong to it (any suffix)."""
DATA_SUFFIXES = (".json", ".csv", ".tsv", ".xml", ".yaml", ".yml", ".toml", ".py", ".sh")
"""Text files that are data or code, never a version."""


def seed_dir() -> Path:
    """The seed corpus: `compare/seeds` in the installed package, else the repository's `seeds/`."""
    from importlib import resources  # the seeds are looked for by few commands

    packaged = resources.files("compare") / "seeds"
    if packaged.is_dir():
        return Path(str(packaged))
    repo = REPO_ROOT / "seeds"
    if repo.is_dir():
        return repo
    raise InputError(
        "seed corpus: not found",
        "neither compare/seeds in the package nor seeds/ beside it exists",
        "name the files to compare: clausediff report FILE…",
    )


def seed_files(directory: Path | None = None) -> list[Path]:
    """The corpus files: those the manifest lists (in its order), else every document file."""
    directory = directory or seed_dir()
    manifest = directory / "manifest.json"
    if manifest.is_file():
        entries = json.loads(manifest.read_text(encoding="utf-8")).get("documents", [])
        listed = [directory / e["file"] for e in entries if "file" in e]
        if listed:
            return listed
    return sorted(p for p in directory.iterdir() if p.is_file() and is_document_name(p.name))


def is_document_name(name: str) -> bool:
    """True for a file name a version can have: a text suffix, and not README, manifest …"""
    path = PurePath(name)
    stem = path.name.split(".")[0].lower()
    return path.suffix.lower() in DOCUMENT_SUFFIXES and stem not in NOT_DOCUMENT_STEMS


def is_version_file(path: Path) -> bool:
    """True when a file named on the command line can be a version: a document name, or
    an unusual name whose first bytes are text (not data files such as .json or .csv)."""
    if is_document_name(path.name):
        return True
    stem, suffix = path.name.split(".")[0].lower(), path.suffix.lower()
    if stem in NOT_DOCUMENT_STEMS or suffix in DATA_SUFFIXES:
        return False
    try:
        with open(path, "rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError:
        return True  # reading it will say what is wrong
    return not binary_kind(head)


def document_paths(paths: Sequence[str]) -> tuple[list[str], list[str]]:
    """(versions, skipped): folders replaced by their corpus files (manifest order), and the
    files that are not documents (manifest.json, README, images …) set aside.

    Standard input (`-`) and a missing path are kept, so reading them reports what is wrong.
    """
    kept: list[str] = []
    skipped: list[str] = []
    for p in paths:
        path = Path(p)
        if p != "-" and path.is_dir():
            found = seed_files(path)
            if not found:
                raise InputError(
                    f"{p}: no documents in this folder",
                    "it holds no .txt, .md or .html file",
                    "name the files, or a folder that holds them",
                )
            kept += [str(f) for f in found]
        elif p == "-" or not path.exists() or is_version_file(path):
            kept.append(p)
        else:
            skipped.append(p)
    return kept, skipped


@lru_cache(maxsize=32)
def manifest_entries(directory: str) -> dict[str, dict[str, Any]]:
    """File name → entry of the `manifest.json` in a directory ({} when none or unreadable)."""
    try:
        data = json.loads((Path(directory) / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    entries = data.get("documents", []) if isinstance(data, dict) else []
    return {e["file"]: e for e in entries if isinstance(e, dict) and isinstance(e.get("file"), str)}


def with_manifest_metadata(doc: Document) -> Document:
    """The document with the title, date and issuer its directory's manifest gives for it,
    where the text itself gives none (what the text says always wins).

    A curated corpus records what a capture lost (a newspaper page without the title
    line); the warning about a missing title is then dropped, the manifest having answered it.
    """
    if doc.source.path in ("", "-"):
        return doc
    path = Path(doc.source.path)
    entry = manifest_entries(str(path.parent.resolve())).get(path.name)
    if not entry:
        return doc
    changes: dict[str, Any] = {}
    if doc.title == PurePath(doc.source.path).stem and entry.get("title"):
        changes["title"] = str(entry["title"])
        changes["notes"] = tuple(n for n in doc.notes if "no title line" not in n)
    for name, key in (("date", "date"), ("issuer", "issuer"), ("number", "document_number")):
        if not getattr(doc, name) and entry.get(key):
            changes[name] = str(entry[key])
    return dataclasses.replace(doc, **changes) if changes else doc


def date_in_name(path: str) -> str:
    """The first YYYY-MM-DD in a file name, else ''."""
    m = re.search(DATE_IN_NAME, Path(path).name)
    return "-".join(m.groups()) if m else ""


def version_date(doc_date: str, path: str) -> str:
    """The date a version sorts by: the document's own, else the one in its file name."""
    return doc_date or date_in_name(path)


def date_order(dates: Sequence[str]) -> list[int]:
    """Indices in date order (ties keep the order given); the order given if any is undated."""
    if not all(dates):
        return list(range(len(dates)))
    return sorted(range(len(dates)), key=lambda i: dates[i])


def repo_root(start: Path = PACKAGE_ROOT) -> Path | None:
    """The directory holding pyproject.toml above `start` (None for an installed package)."""
    for d in (start, *start.parents):
        if (d / "pyproject.toml").is_file():
            return d
    return None


def default_eval_dir() -> Path:
    """`../shared/eval` beside the repository root."""
    root = repo_root()
    if root is None:
        raise InputError(
            "evaluate: no evaluation set",
            "the default ../shared/eval is known only in a source checkout",
            "name the directory: clausediff evaluate EVAL_DIR",
        )
    return root.parent / "shared" / "eval"
