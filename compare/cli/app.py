"""The command line: thin typer commands over the library; the only place that prints and exits."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from compare import __version__, outputs
from compare.cli import exitcodes, options
from compare.cli.choices import PairFormat
from compare.cli.commands import (
    compare_documents,
    corpus_paths,
    date_ordered,
    driver_pair,
    evaluation_table,
    git_pair,
    load_document,
    load_documents,
    make_settings,
    output_plan,
    skipped_note,
    timeline_documents,
    write_outputs,
)
from compare.cli.corpus import corpus_app
from compare.cli.output import (
    INTERRUPTED,
    PROG,
    Terminated,
    error_line,
    failure,
    out,
    out_diff,
    terminate_as_interrupt,
    warn,
    warn_document,
    working,
)
from compare.cli.pair import compare_files, show_pair
from compare.cli.params import (
    ContainmentThreshold,
    Driver,
    FileArg,
    Format,
    Jobs,
    KeepTrailing,
    MatchThreshold,
    MaxSize,
    MovedMinDistance,
    Order,
    OutFile,
    SettingPairs,
    Show,
    TimelineFormat,
)
from compare.errors import UsageError
from compare.model import Change, Comparison, Document, Settings, Thread, Timeline
from compare.read.manifest import document_paths
from compare.render import document as document_out
from compare.render import terminal
from compare.render.json_out import dumps, timeline_chunks

if TYPE_CHECKING:
    from compare.pipeline import Alongside

APP_OPTIONS: dict[str, Any] = {
    "add_completion": False,
    "pretty_exceptions_enable": False,
    "no_args_is_help": True,
    "help": "Clause-level comparison and change tracking for policy documents.",
}
app = typer.Typer(**APP_OPTIONS)
app.add_typer(corpus_app, name="corpus")


def load_all(paths: Sequence[str], settings: Settings, jobs: int | None) -> list[Document]:
    """Parse files (on up to `jobs` cores) with a spinner on standard error on a terminal."""
    with working(f"reading {len(paths)} files"):
        return list(load_documents(paths, settings, jobs))


def named_versions(paths: Sequence[str]) -> list[str]:
    """The files named, folders opened; files that are not documents skipped with a warning."""
    kept, skipped = document_paths(paths)
    if skipped:
        warn(skipped_note(skipped))
    return kept


# ---------------------------------------------------------------- diff


@app.command()
def diff(
    old: Annotated[str, typer.Argument(help="Older version (`-` for standard input).")],
    new: Annotated[str, typer.Argument(help="Newer version (`-` for standard input).")],
    format: Annotated[
        PairFormat, typer.Option("--format", "-f", help="What to print.")
    ] = PairFormat.table,
    show: Annotated[Show | None, typer.Option(help="List unchanged clauses too.")] = None,
    html: OutFile = None,
    json: OutFile = None,
    md: OutFile = None,
    csv: OutFile = None,
    tei: OutFile = None,
    max_size: MaxSize = None,
    match_threshold: MatchThreshold = None,
    containment_threshold: ContainmentThreshold = None,
    moved_min_distance: MovedMinDistance = None,
    setting: SettingPairs = None,
    jobs: Jobs = None,
    keep_trailing: KeepTrailing = False,
) -> None:
    """Compare two versions clause by clause: a summary, and on request report files."""
    settings = make_settings(
        max_size, match_threshold, containment_threshold, moved_min_distance, setting, keep_trailing
    )
    files = {"html": html, "json": json, "md": md, "csv": csv, "tei": tei}
    show_pair(old, new, format.value, settings, files, show is Show.unchanged, jobs)


# ---------------------------------------------------------------- check


def check_pairs(
    paths: list[str], rev: str, settings: Settings, quiet: bool, jobs: int | None
) -> list[Comparison]:
    """The comparisons `check` judges: OLD NEW, or each file against its version at `rev`."""
    if not rev:
        if len(paths) != 2:
            raise UsageError(
                f"check: {len(paths)} files given",
                "check compares OLD with NEW",
                "give two files, or --against-git REV FILE…",
            )
        return [compare_files(paths[0], paths[1], settings, quiet, jobs)]
    result = []
    for path in named_versions(paths):
        pair = git_pair(rev, path, settings)
        if pair is not None:
            if not quiet:
                warn_document(pair[1])
            result.append(compare_documents(pair[0], pair[1], settings))
    return result


def report_failures(
    cmp: Comparison, failing: list[Change], quiet: bool, html: Path | None, in_new: bool
) -> None:
    """Print the failing changes, CI annotations and the step summary."""
    from compare.cli import github as ci  # CI's own output: imported only by `check`

    if os.environ.get("GITHUB_STEP_SUMMARY"):
        summary = ci.step_summary(cmp, failing, str(html) if html else "")
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as f:
            f.write(summary + "\n")
    if quiet:
        return
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for line in ci.annotations(cmp, failing, in_new):
            out(line)
    if failing:
        out(f"{cmp.old.path} → {cmp.new.path}: {len(failing)} failing change(s)")
        out_diff(terminal.changes_text(cmp, failing))


@app.command()
def check(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="OLD NEW | FILE…", help="Two versions, or files with --against-git."
        ),
    ],
    fail_on: Annotated[
        str, typer.Option(help="Comma-separated kinds that fail, or `any`.")
    ] = options.DEFAULT_FAIL_ON,
    commitments_only: Annotated[
        bool,
        typer.Option("--commitments-only/--all-clauses", help="Count only changes to commitments."),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print nothing; only the exit status.")
    ] = False,
    against_git_rev: Annotated[
        str,
        typer.Option(
            "--against-git", metavar="REV", help="Compare each FILE with its version at REV."
        ),
    ] = "",
    html: OutFile = None,
    max_size: MaxSize = None,
    match_threshold: MatchThreshold = None,
    containment_threshold: ContainmentThreshold = None,
    moved_min_distance: MovedMinDistance = None,
    setting: SettingPairs = None,
    jobs: Jobs = None,
    keep_trailing: KeepTrailing = False,
) -> None:
    """Exit 1 when a change of the named kinds is found, 0 when none, 2 on trouble (as diff)."""
    settings = make_settings(
        max_size, match_threshold, containment_threshold, moved_min_distance, setting, keep_trailing
    )
    kinds = options.parse_fail_on(fail_on)
    if html is not None and against_git_rev:
        raise UsageError("--html: one report per run", "--against-git may compare many files", "")
    plan = output_plan({"html": html}, paths)
    comparisons = check_pairs(paths, against_git_rev, settings, quiet, jobs)
    for cmp in comparisons:
        write_outputs(cmp, plan, paths)
    failed = False
    for cmp in comparisons:
        failing = options.failing_changes(cmp, kinds, commitments_only)
        report_failures(cmp, failing, quiet, html, in_new=bool(against_git_rev))
        if not failing and not quiet:  # one line saying what passed
            out(terminal.passed_line(cmp, kinds, commitments_only))
        failed = failed or bool(failing)
    if failed:
        raise typer.Exit(exitcodes.DIFFERENT)


# ---------------------------------------------------------------- report and timeline


def ordered_timeline(
    files: list[str],
    order: Order,
    settings: Settings,
    jobs: int | None,
    details: bool = True,
    alongside: Alongside | None = None,
) -> Timeline:
    """The timeline of the files (else the seed corpus), in date order or as given (without
    `details`: its changes carry no typed revisions, token diffs nor origins: pages show them)."""
    paths, skipped = corpus_paths(files)
    if skipped:
        warn(skipped_note(skipped))
    docs = load_all(paths, settings, jobs)
    for doc in docs:
        warn_document(doc)
    with working(f"comparing {len(docs)} versions"):
        ordered = date_ordered(docs) if order is Order.date else docs
        return timeline_documents(ordered, settings, jobs, details, alongside)


@app.command()
def report(
    files: Annotated[
        list[str] | None,
        typer.Argument(metavar="[FILE]…", help="Versions (default: the seed corpus)."),
    ] = None,
    out_dir: Annotated[
        Path, typer.Option("--out", "-o", metavar="DIR", file_okay=False, help="Where to write.")
    ] = Path("out"),
    order: Annotated[
        Order,
        typer.Option(help="Order the versions by date (document, else file name) or as given."),
    ] = Order.date,
    max_size: MaxSize = None,
    match_threshold: MatchThreshold = None,
    containment_threshold: ContainmentThreshold = None,
    moved_min_distance: MovedMinDistance = None,
    setting: SettingPairs = None,
    jobs: Jobs = None,
    keep_trailing: KeepTrailing = False,
) -> None:
    """Write the timeline report (index.html and one page per pair) and print index.html's path."""
    settings = make_settings(
        max_size, match_threshold, containment_threshold, moved_min_distance, setting, keep_trailing
    )
    outputs.prepare_output_dir(out_dir)
    from compare.render.report import write_pair_pages, write_report

    with outputs.staged_dir(out_dir) as scratch:
        pages: list[list[Path]] = []

        def alongside(comparisons: tuple[Comparison, ...], thread: Callable[[], Timeline]):
            timeline, written = write_pair_pages(comparisons, thread, scratch, jobs)
            pages.extend(written)  # the pair pages are written while the threads are built
            return timeline

        timeline = ordered_timeline(list(files or []), order, settings, jobs, alongside=alongside)
        written = write_report(timeline, scratch, jobs, pair_pages=pages)
        final = outputs.relocate(written, scratch, out_dir)
    index = next((p for p in final if p.name == "index.html"), out_dir / "index.html")
    out(str(index))


@app.command()
def timeline(
    files: Annotated[list[str], typer.Argument(metavar="FILE…", help="Two or more versions.")],
    format: Annotated[
        TimelineFormat,
        typer.Option("--format", "-f", help="What to print (csv, xlsx: one row per thread)."),
    ] = TimelineFormat.table,
    find: Annotated[
        str, typer.Option(help="Only threads whose wording contains TEXT.", metavar="TEXT")
    ] = "",
    order: Annotated[Order, typer.Option(help="Order by date or as given.")] = Order.date,
    max_size: MaxSize = None,
    match_threshold: MatchThreshold = None,
    containment_threshold: ContainmentThreshold = None,
    moved_min_distance: MovedMinDistance = None,
    setting: SettingPairs = None,
    jobs: Jobs = None,
    keep_trailing: KeepTrailing = False,
) -> None:
    """Follow every clause across versions: threads and what became of them."""
    settings = make_settings(
        max_size, match_threshold, containment_threshold, moved_min_distance, setting, keep_trailing
    )
    from compare.timeline.query import fate, find_threads

    tl = ordered_timeline(files, order, settings, jobs, details=False)  # threads only
    threads = list(tl.threads)
    if find:
        threads = find_threads(tl, find)
    if format is TimelineFormat.json:  # streamed: no whole-timeline string in memory
        sys.stdout.writelines(timeline_chunks(tl, {t.id for t in threads} if find else None))
    elif format in (TimelineFormat.csv, TimelineFormat.xlsx):
        write_thread_table(tl, tuple(threads), format)
    else:
        out(terminal.timeline_text(tl, threads, lambda t: fate(t, tl), wordings=bool(find)))


def write_thread_table(tl: Timeline, threads: tuple[Thread, ...], format: TimelineFormat) -> None:
    """The thread × version table on standard output, as CSV text or xlsx bytes."""
    from compare.render import thread_table

    if format is TimelineFormat.csv:
        out(thread_table.render_thread_csv(tl, threads))
        return
    if sys.stdout.isatty():
        raise UsageError(
            "--format xlsx: standard output is a terminal",
            "a workbook is binary",
            "redirect it to a file: > threads.xlsx",
        )
    data = thread_table.render_thread_xlsx(tl, threads)
    sys.stdout.flush()
    sys.stdout.buffer.write(data)


# ---------------------------------------------------------------- one document


@app.command()
def parse(
    file: FileArg,
    format: Annotated[Format, typer.Option("--format", "-f", help="What to print.")] = Format.table,
    max_size: MaxSize = None,
    keep_trailing: KeepTrailing = False,
) -> None:
    """Title, date, issuer, encoding, sections, clauses with facts, and the repairs made."""
    doc = load_document(file, make_settings(max_size, keep_trailing=keep_trailing))
    warn_document(doc)
    out(
        dumps(document_out.document_dict(doc))
        if format is Format.json
        else document_out.document_table(doc)
    )


@app.command()
def normalize(
    file: FileArg,
    key: Annotated[
        bool, typer.Option("--key", help="Print each clause's id and comparison key instead.")
    ] = False,
    max_size: MaxSize = None,
    keep_trailing: KeepTrailing = False,
) -> None:
    """Print the cleaned text (or the comparison keys)."""
    doc = load_document(file, make_settings(max_size, keep_trailing=keep_trailing))
    warn_document(doc)
    out("".join(f"{c.id}\t{c.key}\n" for c in doc.clauses) if key else doc.clean.text)


@app.command()
def evaluate(
    eval_dir: Annotated[
        Path | None, typer.Argument(metavar="[EVAL_DIR]", help="Default: ../shared/eval.")
    ] = None,
) -> None:
    """Score clause alignment on the development set (pairs with known changes)."""
    out(evaluation_table(eval_dir))


# ---------------------------------------------------------------- git


@app.command()
def textconv(file: FileArg, keep_trailing: KeepTrailing = False) -> None:
    """Print one clause per line with `§` section lines, for git diff's textconv."""
    from compare.cli import gitdiff  # git's commands import it when they run, `diff` never

    out(gitdiff.textconv_text(load_document(file, make_settings(keep_trailing=keep_trailing))))


@app.command("git-config")
def git_config(
    driver: Annotated[
        Driver, typer.Option(help="textconv (git diff shows clause lines) or command (a summary).")
    ] = Driver.textconv,
    command: Annotated[
        str,
        typer.Option(help="How git should call clausediff (default: this program's full path)."),
    ] = "",
    pattern: Annotated[
        list[str] | None, typer.Option(help="Files to route through the driver (repeat).")
    ] = None,
    write: Annotated[
        bool,
        typer.Option("--write", help="Apply to this repository's .git/config and .gitattributes."),
    ] = False,
) -> None:
    """Print (or --write) the .gitattributes and git config lines for clause-level git diffs."""
    from compare.cli import gitdiff

    patterns = tuple(pattern or gitdiff.DEFAULT_PATTERNS)
    command = command or gitdiff.running_command()
    if write:
        for line in gitdiff.apply_config(Path.cwd(), driver.value, command, patterns):
            out(line)
        return
    out(gitdiff.config_text(driver.value, command, patterns))


@app.command("git-diff-driver")
def git_diff_driver(
    args: Annotated[
        list[str],
        typer.Argument(metavar="PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE"),
    ],
    keep_trailing: KeepTrailing = False,
) -> None:
    """git's external diff command: a clause-level summary of one file's change."""
    from compare.cli import gitdiff

    d = gitdiff.driver_args(args)
    old, new = driver_pair(d, make_settings(keep_trailing=keep_trailing))
    out(gitdiff.driver_header(d) + terminal.summary_text(compare_documents(old, new)))


# ---------------------------------------------------------------- entry point


def show_version(value: bool) -> None:
    """--version: print the version and stop."""
    if value:
        out(f"{PROG} {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=show_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Clause-level comparison and change tracking for policy documents."""


def command_app(args: Sequence[str]) -> typer.Typer:
    """The app holding only the command `args` name first: typer builds the parser of every
    command it holds on each run (18 ms for all of them). Anything else (help, --version, a
    name that is not a command) gets the whole app, and its messages."""
    name = args[0] if args else ""
    commands = [c for c in app.registered_commands if command_name(c) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if not commands and not groups:
        return app
    one = typer.Typer(**APP_OPTIONS)
    one.registered_commands, one.registered_groups = commands, groups
    one.registered_callback = app.registered_callback
    return one


def command_name(info: typer.models.CommandInfo) -> str:
    """The name a registered command is called by (typer's rule: the function's, dashed)."""
    return info.name or typer.main.get_command_name(info.callback.__name__)


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status; every failure becomes one line."""
    terminated: list[int] = []
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        with terminate_as_interrupt(terminated):
            status = command_app(args)(args=args, prog_name=PROG, standalone_mode=False)
    except typer.Exit as e:  # click's Exit is a RuntimeError: let it through first
        return e.exit_code
    except typer.TyperException as e:
        if type(e).__name__ == "NoArgsIsHelpError":
            out(e.ctx.get_help())
            return exitcodes.TROUBLE
        line, status = failure(e)
    except (Exception, KeyboardInterrupt) as e:
        line, status = failure(e)
    else:
        if status != exitcodes.INTERRUPTED:
            return status if isinstance(status, int) else exitcodes.SAME
        line = error_line(INTERRUPTED)
    if terminated:  # typer reports any interrupt as 130
        line, status = failure(Terminated())
    print(line, file=sys.stderr)
    return status


def main() -> None:
    """Console-script entry point."""
    sys.exit(run())


if __name__ == "__main__":
    main()
