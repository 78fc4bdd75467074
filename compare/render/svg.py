"""Chart geometry for inline SVG: bars and labels computed here, drawn by the templates."""

from __future__ import annotations

from dataclasses import dataclass

LABEL_WIDTH = 180
BAR_AREA = 520
ROW_HEIGHT = 22
BAR_HEIGHT = 16
MIN_INNER_LABEL = 26
"""Narrowest segment (px) that still gets its number written inside."""


@dataclass(frozen=True)
class Rect:
    """A bar or bar segment, with its hover text."""

    x: float
    y: float
    w: float
    h: float
    css: str
    title: str


@dataclass(frozen=True)
class Label:
    """A piece of text placed on the chart."""

    x: float
    y: float
    text: str
    anchor: str = "start"
    css: str = ""


@dataclass(frozen=True)
class Chart:
    """An SVG chart: its size, shapes, labels, and the legend entries (class, text)."""

    title: str
    width: int
    height: int
    rects: tuple[Rect, ...]
    labels: tuple[Label, ...]
    legend: tuple[tuple[str, str], ...]


def css_class(series: str) -> str:
    """The CSS class colouring a series: `carried over` → `s-carried-over`."""
    return "s-" + "-".join(series.split())


def scale(values: list[int]) -> float:
    """Pixels per unit so the largest value fills the bar area."""
    top = max(values, default=0)
    return BAR_AREA / top if top else 0.0


def stacked_bars(title: str, rows: list[tuple[str, list[tuple[str, int]]]]) -> Chart:
    """One horizontal bar per row, made of a segment per (series, value), total at the end."""
    unit = scale([sum(v for _, v in parts) for _, parts in rows])
    rects, labels = [], []
    for r, (name, parts) in enumerate(rows):
        y, x = r * ROW_HEIGHT + 4, float(LABEL_WIDTH)
        labels.append(Label(LABEL_WIDTH - 6, y + BAR_HEIGHT - 4, name, "end"))
        for series, value in parts:
            w = value * unit
            if w > 0:
                rects.append(
                    Rect(x, y, w, BAR_HEIGHT, css_class(series), f"{name}: {series} {value}")
                )
            if w >= MIN_INNER_LABEL:
                labels.append(Label(x + w / 2, y + BAR_HEIGHT - 4, str(value), "middle", "in"))
            x += w
        labels.append(Label(x + 4, y + BAR_HEIGHT - 4, str(sum(v for _, v in parts))))
    series_names = list(dict.fromkeys(s for _, parts in rows for s, _ in parts))
    return Chart(
        title, LABEL_WIDTH + BAR_AREA + 50, len(rows) * ROW_HEIGHT + 8, tuple(rects),
        tuple(labels), tuple((css_class(s), s) for s in series_names),
    )  # fmt: skip


def grouped_bars(title: str, groups: list[tuple[str, list[tuple[str, int]]]]) -> Chart:
    """One block per group with a thin horizontal bar and its value per series."""
    unit = scale([v for _, parts in groups for _, v in parts])
    rects, labels, y = [], [], 4.0
    for name, parts in groups:
        labels.append(Label(LABEL_WIDTH - 6, y + 11, name, "end", "grp"))
        for series, value in parts:
            w = value * unit
            rects.append(
                Rect(LABEL_WIDTH, y, max(w, 1.0), 12, css_class(series), f"{name}: {series}")
            )
            labels.append(Label(LABEL_WIDTH + max(w, 1.0) + 4, y + 10, f"{value} {series}"))
            y += 14
        y += 10
    series_names = list(dict.fromkeys(s for _, parts in groups for s, _ in parts))
    return Chart(
        title, LABEL_WIDTH + BAR_AREA + 140, int(y), tuple(rects), tuple(labels),
        tuple((css_class(s), s) for s in series_names),
    )  # fmt: skip
