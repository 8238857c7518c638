"""Bar charts rendered on the server as accessible SVG (no script, no inline style)."""

from __future__ import annotations

from markupsafe import Markup, escape


def bar_chart(data: list[tuple[str, int]], title: str, *, width: int = 640,
              height: int = 220, css: str = "bars") -> Markup:
    """An SVG column chart of (label, value) pairs with a title and per-bar tooltips."""
    if not data:
        return Markup(f'<p class="empty">No figures yet for {escape(title)}.</p>')
    top = max(v for _, v in data) or 1
    left, bottom, pad = 44, 28, 8
    inner_w, inner_h = width - left - pad, height - bottom - pad
    step = inner_w / len(data)
    bar_w = max(step * 0.8, 1.0)
    every = max(1, len(data) // 12)
    parts = [
        f'<svg class="chart {escape(css)}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
        f'<line class="axis" x1="{left}" y1="{pad + inner_h}" x2="{width - pad}" '
        f'y2="{pad + inner_h}"/>',
        f'<text class="tick" x="{left - 4}" y="{pad + 10}" text-anchor="end">{top:,}</text>',
        f'<text class="tick" x="{left - 4}" y="{pad + inner_h}" text-anchor="end">0</text>',
    ]
    for i, (label, value) in enumerate(data):
        h = inner_h * value / top
        x = left + i * step + (step - bar_w) / 2
        y = pad + inner_h - h
        parts.append(
            f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}">'
            f"<title>{escape(label)}: {value:,}</title></rect>"
        )
        if i % every == 0:
            parts.append(
                f'<text class="tick" x="{x + bar_w / 2:.1f}" y="{height - 10}" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))
