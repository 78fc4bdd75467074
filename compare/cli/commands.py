"""What the commands do, as library calls that return results (the CLI prints them)."""

from __future__ import annotations

import dataclasses
import importlib
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from compare import outputs
from compare.cli import options
from compare.errors import ClausediffError, UsageError
from compare.memory import without_cycle_collection
from compare.model import Comparison, Document, Settings, Timeline
from compare.read import manifest as corpus
from compare.render.json_out import comparison_dict, comparison_halves, dumps

RENDERERS = {
    "html": ("compare.render.html", "render_pair_html"),
    "md": ("compare.render.markdown", "render_markdown"),
    "csv": ("compare.render.csv_out", "render_csv"),
    "tei": ("compare.render.tei", "render_tei"),
}
"""Where the renderer of each pair output format lives (`json` is built in)."""

if TYPE_CHECKING:
    from compare.cli.gitdiff import DriverArgs
    from compare.pipeline import Alongside

Renderer = Callable[[Comparison], "str | bytes"]


def make_settings(
    max_size: str | None = None,
    match_threshold: float | None = None,
    containment_threshold: float | None = None,
    moved_min_distance: int | None = None,
    setting: Sequence[str] | None = None,
    keep_trailing: bool = False,
) -> Settings:
    """Settings from the threshold options (unset ones keep their defaults)."""
    base = options.settings_with(**options.parse_settings(setting or []))
    settings = options.settings_with(
        base,
        max_bytes=options.parse_size(max_size) if max_size is not None else None,
        match_threshold=match_threshold,
        containment_threshold=containment_threshold,
        moved_min_distance=moved_min_distance,
        keep_trailing=keep_trailing or None,
    )
    options.check_thresholds(settings)
    return settings


# ---------------------------------------------------------------- the pipeline, imported on use


def pipeline() -> ModuleType:
    """The pipeline, imported on first use with the cycle collector paused: its modules'
    classes, tables and patterns are no garbage, and young collections would walk them
    again and again (5e6 instructions of a small pair's 1.77e9)."""
    module = sys.modules.get("compare.pipeline")
    if module is None:
        with without_cycle_collection():
            module = importlib.import_module("compare.pipeline")
    return module


def load_document(path: str, settings: Settings | None = None) -> Document:
    """Read, clean and parse one file (the pipeline is imported on first use)."""
    return pipeline().load_document(path, settings)


def load_documents(
    paths: Sequence[str], settings: Settings, jobs: int | None = None
) -> tuple[Document, ...]:
    """Read files in order, parse them on up to `jobs` cores, and fill in what a manifest
    beside them records and the texts lack (see `corpus.with_manifest_metadata`)."""
    docs = pipeline().load_documents(paths, settings, jobs)
    return tuple(corpus.with_manifest_metadata(d) for d in docs)


def compare_documents(
    old: Document, new: Document, settings: Settings | None = None, jobs: int | None = 1
) -> Comparison:
    """Align and classify two parsed documents on up to `jobs` cores."""
    return pipeline().compare_documents(old, new, settings, jobs)


def timeline_documents(
    docs: Sequence[Document],
    settings: Settings,
    jobs: int | None = None,
    details: bool = True,
    alongside: Alongside | None = None,
) -> Timeline:
    """Compare consecutive documents in the order given (on up to `jobs` cores); thread them
    (without `details`: no typed revisions, token diffs nor origins in the changes;
    `alongside`: as in `pipeline.timeline_documents`)."""
    return pipeline().timeline_documents(tuple(docs), settings, jobs, details, alongside)


# ---------------------------------------------------------------- outputs


def renderer(kind: str) -> Renderer:
    """The function that renders a comparison as `html`, `json`, `md`, `csv` or `tei`."""
    if kind == "json":
        return lambda cmp: dumps(comparison_dict(cmp)) + "\n"
    module, name = RENDERERS[kind]
    return getattr(importlib.import_module(module), name)  # imported only when asked for


def output_plan(wanted: dict[str, Path | None], inputs: Sequence[str]) -> list[tuple[Path, str]]:
    """(path, format) for each output asked for, each path checked before any work starts."""
    plan = [(path, kind) for kind, path in wanted.items() if path is not None]
    for path, kind in plan:
        outputs.check_output_file(path, inputs)
        renderer(kind)
    return plan


def write_outputs(
    cmp: Comparison, plan: list[tuple[Path, str]], inputs: Sequence[str], workers: int = 1
) -> None:
    """Render and write each planned file atomically (JSON streamed, never one whole string;
    with two `workers`, its second part by a forked process meanwhile)."""
    for path, kind in plan:
        if kind == "json":
            first, later = comparison_halves(cmp)
            outputs.write_chunks(path, first, inputs, later=later, workers=workers)
            continue
        data = renderer(kind)(cmp)
        outputs.write_bytes(path, data if isinstance(data, bytes) else data.encode("utf-8"), inputs)


# ---------------------------------------------------------------- git


def relabel(doc: Document, name: str) -> Document:
    """The same document under another path (for files read from temporary copies)."""
    return dataclasses.replace(doc, source=dataclasses.replace(doc.source, path=name))


def load_bytes(data: bytes, name: str, label: str, settings: Settings | None = None) -> Document:
    """Parse bytes that are not in a file of their own (a git blob), shown as `label`."""
    with tempfile.TemporaryDirectory(prefix="clausediff-") as tmp:
        path = Path(tmp) / Path(name).name
        path.write_bytes(data)
        return relabel(load_document(str(path), settings), label)


def git_pair(rev: str, path: str, settings: Settings) -> tuple[Document, Document] | None:
    """The file at `rev` and as it is now (None when the file is new since `rev`)."""
    if path == "-":
        raise UsageError(
            "--against-git: cannot use standard input", "git needs a file path", "name the file"
        )
    from compare.cli.gitdiff import blob_at  # git: imported by the commands that use it

    new = load_document(path, settings)
    blob = blob_at(rev, Path(path))
    if blob is None:
        return None
    return load_bytes(blob, path, f"{rev}:{path}", settings), new


def driver_pair(d: DriverArgs, settings: Settings | None = None) -> tuple[Document, Document]:
    """Both sides of a git external-diff call (`/dev/null` read as an empty document)."""
    from compare.cli.gitdiff import NULL

    sides = []
    for label, file in ((f"a/{d.path}", d.old_file), (f"b/{d.path}", d.new_file)):
        data = b"" if file == NULL else Path(file).read_bytes()
        sides.append(load_bytes(data, d.path, label, settings))
    return sides[0], sides[1]


# ---------------------------------------------------------------- many versions


def corpus_paths(files: Sequence[str]) -> tuple[list[str], list[str]]:
    """(versions, set aside): the files named, folders opened in their manifest's order and
    files that are not documents set aside; with no files, the seed corpus."""
    paths, skipped = corpus.document_paths(files) if files else ([], [])
    if files and not paths:
        raise UsageError(
            f"{len(skipped)} file(s) given, none a document",
            "manifests, READMEs, data and binary files are skipped",
            "name .txt, .md or .html files, or a folder holding them",
        )
    if not files:
        paths = [str(p) for p in corpus.seed_files()]
    options.one_stdin(paths)
    return paths, skipped


def skipped_note(skipped: Sequence[str]) -> str:
    """The one warning about files that were not read as versions ('' when none)."""
    if not skipped:
        return ""
    return (
        f"skipped {len(skipped)} file(s) that are not documents: {', '.join(skipped)}"
        " (a version is a .txt, .md or .html text; manifests and READMEs describe a corpus)"
    )


def date_ordered(docs: Sequence[Document]) -> list[Document]:
    """Documents by their date (the text's, else the file name's); as given if any is undated."""
    dates = [corpus.version_date(d.date, d.path) for d in docs]
    return [docs[i] for i in corpus.date_order(dates)]


def evaluation_table(eval_dir: Path | None) -> str:
    """Score the development set in `eval_dir` (default ../shared/eval) as a table."""
    directory = eval_dir or corpus.default_eval_dir()
    if not (directory / "pairs").is_dir():
        raise ClausediffError(
            f"evaluate: {directory}: no evaluation set",
            "it has no pairs/ directory",
            "give the directory: clausediff evaluate EVAL_DIR",
        )
    from compare.corpus.evaluate import evaluate_pairs, format_table

    return format_table(evaluate_pairs(directory))
