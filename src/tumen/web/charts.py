"""Bar charts rendered on the server as accessible SVG (no script, no inline style)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup, escape

LEFT, BOTTOM, PAD, RIGHT_AXIS = 48, 28, 8, 40
LABEL_WIDTH = 34  # room a column label needs, in the chart's units


@dataclass(frozen=True)
class Series:
    """A second series drawn over the bars as dots joined by a line, on its own right axis."""

    name: str
    values: list[int]


def nice_ticks(top: int, count: int = 5) -> list[int]:
    """Round axis values from 0 to at least top (0, 250, 500, ...), about count of them."""
    if top <= 0:
        return [0, 1]
    raw = top / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    step = max(int(step), 1)
    return list(range(0, math.ceil(top / step) * step + 1, step))


def _short(value: int) -> str:
    """An axis label that fits: 1,500 -> 1.5k above 9,999."""
    if value >= 10_000:
        return f"{value / 1000:g}k"
    return f"{value:,}"


def bar_chart(data: list[tuple[str, int]], title: str, *, width: int = 640,
              height: int = 240, css: str = "bars", second: Series | None = None,
              unit: str = "") -> Markup:
    """An SVG column chart of (label, value) pairs: round values on the axis with grid lines,
    a tick under every column and its label (every other one, or fewer, when they would
    collide; the last always), per-bar tooltips, and an optional second series with its own
    axis on the right."""
    if not data:
        return Markup(f'<p class="empty">No figures yet for {escape(title)}.</p>')
    right = RIGHT_AXIS if second else PAD
    inner_w, inner_h = width - LEFT - right, height - BOTTOM - PAD
    ticks = nice_ticks(max(v for _, v in data))
    step = inner_w / len(data)
    bar_w = max(step * 0.7, 1.0)
    every = math.ceil(LABEL_WIDTH / step)  # a four-digit year needs about 32 units
    parts = [f'<svg class="chart {escape(css)}" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>']
    parts += _axis(ticks, inner_h, LEFT - 4, "end", grid_to=LEFT + inner_w)
    for i, (label, value) in enumerate(data):
        h = inner_h * value / ticks[-1]
        x = LEFT + i * step + (step - bar_w) / 2
        tip = f"{label}: {value:,}{unit}"
        if second:
            tip += f"; {second.name}: {second.values[i]:,}"
        parts.append(f'<rect class="bar" x="{x:.1f}" y="{PAD + inner_h - h:.1f}" '
                     f'width="{bar_w:.1f}" height="{h:.1f}"><title>{escape(tip)}</title></rect>')
        cx, base = x + bar_w / 2, PAD + inner_h
        parts.append(f'<line class="axis" x1="{cx:.1f}" y1="{base}" x2="{cx:.1f}" '
                     f'y2="{base + 4}"/>')
        if (len(data) - 1 - i) % every == 0:
            parts.append(f'<text class="tick column" x="{cx:.1f}" y="{base + 18}" '
                         f'text-anchor="middle">{escape(label)}</text>')
    if second:
        parts += _second(second, step, inner_w, inner_h)
    parts.append("</svg>")
    return Markup("".join(parts))


def _axis(ticks: list[int], inner_h: float, x: float, anchor: str,
          grid_to: float | None = None) -> list[str]:
    """Tick labels (and grid lines when grid_to is given) of a vertical axis."""
    out = []
    for t in ticks:
        y = PAD + inner_h - inner_h * t / ticks[-1]
        if grid_to is not None:
            css = "axis" if t == 0 else "grid"
            out.append(f'<line class="{css}" x1="{LEFT}" y1="{y:.1f}" x2="{grid_to:.1f}" '
                       f'y2="{y:.1f}"/>')
        out.append(f'<text class="tick" x="{x:.1f}" y="{y + 4:.1f}" '
                   f'text-anchor="{anchor}">{_short(t)}</text>')
    return out


def _second(series: Series, step: float, inner_w: float, inner_h: float) -> list[str]:
    """The second series: a line through dots, and its axis on the right."""
    ticks = nice_ticks(max(series.values, default=0))
    points = [(LEFT + (i + 0.5) * step, PAD + inner_h - inner_h * v / ticks[-1])
              for i, v in enumerate(series.values)]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    out = [f'<polyline class="series2" points="{path}"/>']
    out += [f'<circle class="series2" cx="{x:.1f}" cy="{y:.1f}" r="3"/>' for x, y in points]
    out += _axis(ticks, inner_h, LEFT + inner_w + 4, "start")
    return out
