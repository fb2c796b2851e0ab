"""Charts drawn as inline SVG: the site works offline, so no charting library from a CDN.

Every label is escaped; sizes are computed here, so the same data gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

# Severity colours match the badges in skms.css; unknown severities share the last one.
SEVERITY_COLOURS = ("#b71c1c", "#e65100", "#f9a825", "#78909c", "#90a4ae", "#b0bec5")
UNKNOWN_COLOUR = "#6d4c41"  # incidents without a valid severity: unlike any severity's colour
BAR_COLOUR = "#3f51b5"
MAX_LABEL = 24


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def horizontal_bars(
    rows: Sequence[tuple[str, float, str]], *, title: str, label_width: int = 180, width: int = 600
) -> Markup:
    """One bar per row: (label, value, value as text). Values share one scale."""
    if not rows:
        return Markup("")
    bar_h, gap = 18, 8
    height = len(rows) * (bar_h + gap) + gap
    top = max(value for _, value, _ in rows) or 1.0
    room = width - label_width - 90
    parts = [
        f'<svg class="skms-chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value, text) in enumerate(rows):
        y = gap + i * (bar_h + gap)
        length = max(room * value / top, 1.0 if value else 0.0)
        # Long names are cut to fit the label column; the bar's tooltip keeps the whole name.
        shown = label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 13}" text-anchor="end" font-size="12">'
            f"{escape(shown)}</text>"
            f'<rect x="{label_width}" y="{y}" width="{_num(length)}" height="{bar_h}" '
            f'fill="{BAR_COLOUR}"><title>{escape(label)}: {escape(text)}</title></rect>'
            f'<text x="{_num(label_width + length + 6)}" y="{y + 13}" font-size="12">'
            f"{escape(text)}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def stacked_columns(
    columns: Sequence[tuple[str, dict[str, int]]],
    series: Sequence[str],
    *,
    title: str,
    width: int = 640,
    height: int = 220,
) -> Markup:
    """One column per (label, {series: count}), stacked in `series` order, with a legend."""
    if not columns:
        return Markup("")
    plot_h = height - 60
    top = max((sum(counts.values()) for _, counts in columns), default=0) or 1
    step = (width - 40) / len(columns)
    bar_w = max(step * 0.7, 2.0)
    colour = {s: SEVERITY_COLOURS[min(i, len(SEVERITY_COLOURS) - 1)] for i, s in enumerate(series)}
    if "unknown" in colour:
        colour["unknown"] = UNKNOWN_COLOUR
    # Label every k-th column only, so that labels (about 6 px a character) never overlap.
    widest = max(len(label) for label, _ in columns) * 6 + 4
    every = max(1, -(-widest // int(step)) if step >= 1 else len(columns))
    parts = [
        f'<svg class="skms-chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<text x="4" y="14" font-size="11">{top}</text>',
        f'<line x1="30" y1="{plot_h + 10}" x2="{width}" y2="{plot_h + 10}" stroke="#999"/>',
    ]
    for i, (label, counts) in enumerate(columns):
        x = 36 + i * step
        y: float = plot_h + 10
        for name in series:
            n = counts.get(name, 0)
            if not n:
                continue
            h = plot_h * n / top
            y -= h
            parts.append(
                f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(bar_w)}" height="{_num(h)}" '
                f'fill="{colour[name]}"><title>{escape(label)} {escape(name)}: {n}</title></rect>'
            )
        if i % every == 0:
            parts.append(
                f'<text x="{_num(x + bar_w / 2)}" y="{plot_h + 24}" text-anchor="middle" '
                f'font-size="10">{escape(label)}</text>'
            )
    for j, name in enumerate(series):
        lx = 36 + j * 70
        parts.append(
            f'<rect x="{lx}" y="{height - 16}" width="10" height="10" fill="{colour[name]}"/>'
            f'<text x="{lx + 14}" y="{height - 7}" font-size="11">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
