"""Command-line option values, parsed and applied as pure functions (UsageError on bad ones)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence

from compare.errors import UsageError
from compare.model import Change, ChangeKind, Comparison, RevisionKind, Settings

DEFAULT_FAIL_ON = "dropped,weakened,target-changed"
"""What `clausediff check` fails on when --fail-on is not given."""

SIZE_UNITS = {
    "": 1,
    "B": 1,
    "K": 1000,
    "KB": 1000,
    "M": 1000**2,
    "MB": 1000**2,
    "G": 1000**3,
    "GB": 1000**3,
    "KIB": 1024,
    "MIB": 1024**2,
    "GIB": 1024**3,
}
SIZE = r"^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*$"
"""A --max-size value (compiled only when one is given)."""


def parse_size(text: str) -> int:
    """Bytes from `20000000`, `20M`, `1G`, `512KiB` (K/M/G are decimal, KiB/MiB/GiB binary)."""
    m = re.match(SIZE, text)
    unit = m.group(2).upper() if m else ""
    if not m or unit not in SIZE_UNITS:
        raise UsageError(
            f"--max-size: {text!r} is not a size",
            "expected a number of bytes with an optional unit",
            "e.g. --max-size 20M or --max-size 1G",
        )
    size = int(float(m.group(1)) * SIZE_UNITS[unit])
    if size <= 0:
        raise UsageError(f"--max-size: {text!r} is not a size", "it must be positive", "e.g. 20M")
    return size


def fail_on_names() -> list[str]:
    """Every name --fail-on accepts: change kinds, revision kinds, and `any`."""
    kinds = [k.value for k in ChangeKind if k is not ChangeKind.UNCHANGED]
    return [*kinds, *(k.value for k in RevisionKind), "any"]


def parse_fail_on(spec: str) -> frozenset[str]:
    """The set of kinds named in a comma-separated --fail-on value; `any` names every change."""
    names = [n.strip().lower() for n in spec.split(",") if n.strip()]
    valid = fail_on_names()
    unknown = [n for n in names if n not in valid]
    if unknown or not names:
        raise UsageError(
            f"--fail-on: unknown kind {', '.join(map(repr, unknown)) or '(empty)'}",
            f"valid kinds are {', '.join(valid)}",
            f"e.g. --fail-on {DEFAULT_FAIL_ON}",
        )
    if "any" in names:
        return frozenset(n for n in valid if n != "any")
    return frozenset(names)


def change_names(change: Change) -> set[str]:
    """The names a change answers to: its kind and the kinds of its revisions."""
    return {change.kind.value, *(r.kind.value for r in change.revisions)}


def touches_commitment(cmp: Comparison, change: Change) -> bool:
    """True when any clause of the change, old or new, carries a commitment."""
    olds = (cmp.old.clause(i) for i in change.old)
    news = (cmp.new.clause(i) for i in change.new)
    return any(c.facts.commitment for c in (*olds, *news))


def failing_changes(
    cmp: Comparison, kinds: Iterable[str], commitments_only: bool = False
) -> list[Change]:
    """The changes of a comparison that match one of `kinds` (only commitments, if asked)."""
    wanted = set(kinds)
    return [
        ch
        for ch in cmp.changes
        if ch.kind is not ChangeKind.UNCHANGED
        and change_names(ch) & wanted
        and (not commitments_only or touches_commitment(cmp, ch))
    ]


def settings_with(base: Settings | None = None, **values: object) -> Settings:
    """Settings with the given fields replaced (None means: keep the default)."""
    base = base or Settings()
    given = {k: v for k, v in values.items() if v is not None}
    names = {f.name for f in dataclasses.fields(Settings)}
    return dataclasses.replace(base, **{k: v for k, v in given.items() if k in names})


def check_thresholds(settings: Settings) -> None:
    """Raise UsageError when a 0..1 threshold lies outside 0..1."""
    for f in dataclasses.fields(settings):
        value = getattr(settings, f.name)
        if f.name.endswith("_threshold") and not 0.0 <= value <= 1.0:
            option = "--" + f.name.replace("_", "-")
            raise UsageError(
                f"{option}: {value} is out of range",
                "it is a share between 0 and 1",
                f"e.g. {option} 0.6",
            )


def one_stdin(paths: Sequence[str]) -> None:
    """Raise UsageError when `-` (standard input) is given more than once."""
    if list(paths).count("-") > 1:
        raise UsageError(
            "-: standard input given twice", "it can be read only once", "save one input to a file"
        )


def parse_settings(pairs: Sequence[str]) -> dict[str, object]:
    """`NAME=VALUE` pairs (from --setting) as typed Settings fields; unknown names are refused."""
    fields = {f.name: f for f in dataclasses.fields(Settings)}
    values: dict[str, object] = {}
    for pair in pairs:
        name, _, raw = pair.partition("=")
        name = name.strip().replace("-", "_")
        if name not in fields or not raw.strip():
            raise UsageError(
                f"--setting: {pair!r} is not NAME=VALUE for a known setting",
                f"settings are {', '.join(fields)}",
                "e.g. --setting max_group=3",
            )
        values[name] = _typed(name, raw.strip(), type(getattr(Settings(), name)))
    return values


BOOLEANS = {"true": True, "yes": True, "on": True, "1": True}
BOOLEANS |= {"false": False, "no": False, "off": False, "0": False}
"""How a yes-or-no setting may be written (`bool("false")` would be True)."""


def _typed(name: str, raw: str, kind: type) -> object:
    try:
        if kind is bool:
            return BOOLEANS[raw.strip().lower()]
        return parse_size(raw) if name == "max_bytes" else kind(raw)
    except (ValueError, KeyError):
        raise UsageError(
            f"--setting: {name}={raw!r} is not a valid {kind.__name__}",
            "",
            f"e.g. --setting {name}={'true' if kind is bool else 1}",
        ) from None
