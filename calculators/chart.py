"""An accessible SVG line chart, made in Python so every page shows the same one.

Lines take their colour from CSS classes through `currentColor` (with a small
built-in palette for Material's light and dark schemes) and differ by dash
pattern too, so the chart reads without colour. Every text is escaped. A
`Layout` says how it is drawn: WIDE for a page and paper, NARROW (taller,
fewer ticks) for a phone's column; the figures are the same.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from typing import Callable, Sequence


@dataclass(frozen=True)
class Layout:
    """The drawing's size (user units, drawn as CSS pixels at full size), plot margins, text size and ticks.

    `y_label_above`: the y axis's label is written above the plot rather than
    turned along the axis, and the legend lists one series a line; a phone's
    column keeps its width for the plot that way.
    """

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    font_size: int
    y_ticks: int  # about this many steps up the y axis
    x_labels: int  # at most about this many month numbers
    y_label_above: bool = False


WIDE = Layout(640, 340, 76, 620, 20, 262, font_size=13, y_ticks=5, x_labels=12)
"""A laptop's page and paper."""

NARROW = Layout(360, 400, 58, 340, 44, 262, font_size=14, y_ticks=4, x_labels=6, y_label_above=True)
"""A phone's column (about 360 px wide): drawn near its full size, so its text stays 13 px or more."""

_DASHES = ("", "9 5", "2 5", "12 4 2 4")

# Okabe-Ito colours: distinguishable with common colour-vision differences;
# lighter variants on Material's dark ("slate") scheme.
STYLE = (
    ".caio-chart{font-family:inherit;max-width:100%;height:auto}"
    ".caio-chart text{fill:currentColor}"
    ".caio-chart .chart-axis,.caio-chart .chart-grid{stroke:currentColor}"
    ".caio-chart .chart-grid{opacity:.18}"
    ".caio-chart .chart-fractional{color:#0072b2}"
    ".caio-chart .chart-fulltime{color:#d55e00}"
    ".caio-chart .chart-agency{color:#007a5a}"
    ".caio-chart .chart-value{color:#007a5a}"
    ".caio-chart .chart-fee{color:#d55e00}"
    ".caio-chart .chart-marker{color:#0072b2}"
    "[data-md-color-scheme=slate] .caio-chart .chart-fractional{color:#56b4e9}"
    "[data-md-color-scheme=slate] .caio-chart .chart-fulltime{color:#e69f00}"
    "[data-md-color-scheme=slate] .caio-chart .chart-agency{color:#2ecc9a}"
    "[data-md-color-scheme=slate] .caio-chart .chart-value{color:#2ecc9a}"
    "[data-md-color-scheme=slate] .caio-chart .chart-fee{color:#e69f00}"
    "[data-md-color-scheme=slate] .caio-chart .chart-marker{color:#56b4e9}"
)


@dataclass(frozen=True)
class Line:
    """One series: its CSS class, legend label and one value per x."""

    css_class: str
    label: str
    values: tuple[Decimal, ...]


@dataclass(frozen=True)
class Marker:
    """A point to call out (such as the month a cost is paid back): a ring at (x, value) and its label."""

    x: int
    value: Decimal
    label: str


def nice_step(top: float, ticks: int = 5) -> float:
    """A round tick step (1, 2, 2.5 or 5 times a power of ten) giving about `ticks` ticks."""
    if top <= 0:
        return 1.0
    raw = top / ticks
    power = 10.0 ** math.floor(math.log10(raw))
    return next(power * f for f in (1, 2, 2.5, 5, 10) if power * f >= raw)


def line_chart(title: str, description: str, x_label: str, y_label: str, xs: Sequence[int],
               lines: Sequence[Line], y_format: Callable[[Decimal], str], layout: Layout = WIDE,
               marker: Marker | None = None) -> str:
    """An SVG line chart with title, description, axis labels, gridlines, a legend and an optional
    marked point, drawn to `layout`."""
    e = lambda text: escape(str(text), quote=True)  # noqa: E731
    lay, font = layout, layout.font_size
    top_value = max((float(v) for line in lines for v in line.values), default=0.0)
    step = nice_step(top_value, lay.y_ticks)
    y_max = step * max(1, -(-top_value // step)) if top_value > 0 else step
    x_first, x_last = xs[0], xs[-1]
    span = max(1, x_last - x_first)

    def x_at(x: int) -> float:
        return lay.left + (lay.right - lay.left) * (x - x_first) / span

    def y_at(v: float) -> float:
        return lay.bottom - (lay.bottom - lay.top) * v / y_max

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="caio-chart" role="img" '
        f'viewBox="0 0 {lay.width} {lay.height}" width="{lay.width}" height="{lay.height}" font-size="{font}">',
        f"<title>{e(title)}</title>",
        f"<desc>{e(description)}</desc>",
        f"<style>{STYLE}</style>",
    ]
    tick = 0.0
    while tick <= y_max + step / 1000:
        y = y_at(tick)
        out.append(f'<line class="chart-grid" x1="{lay.left}" x2="{lay.right}" y1="{y:.1f}" y2="{y:.1f}"/>')
        label = y_format(Decimal(repr(round(tick, 6))))
        out.append(f'<text x="{lay.left - 8}" y="{y + round(font * 0.3):.1f}" text-anchor="end">{e(label)}</text>')
        tick += step
    x_step = next((s for s in (1, 2, 3, 6, 12, 24) if len(xs) / s <= lay.x_labels), 24)
    below = lay.bottom + round(font * 1.4)  # the month numbers' baseline
    for x in xs:
        if x == x_first or x % x_step == 0:
            out.append(f'<text x="{x_at(x):.1f}" y="{below}" text-anchor="middle">{e(x)}</text>')
    out.append(f'<line class="chart-axis" x1="{lay.left}" x2="{lay.right}" y1="{lay.bottom}" y2="{lay.bottom}"/>')
    out.append(f'<line class="chart-axis" x1="{lay.left}" x2="{lay.left}" y1="{lay.top}" y2="{lay.bottom}"/>')
    axis_y = lay.bottom + round(font * 3.1)
    out.append(f'<text x="{(lay.left + lay.right) / 2:.0f}" y="{axis_y}" text-anchor="middle">{e(x_label)}</text>')
    if lay.y_label_above:
        out.append(f'<text x="4" y="{lay.top - font - 2}">{e(y_label)}</text>')
    else:
        out.append(f'<text transform="translate(16 {(lay.top + lay.bottom) / 2:.0f}) rotate(-90)" '
                   f'text-anchor="middle">{e(y_label)}</text>')
    for i, line in enumerate(lines):
        dash = _DASHES[i % len(_DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        points = " ".join(f"{x_at(x):.1f},{y_at(float(v)):.1f}" for x, v in zip(xs, line.values))
        out.append(f'<g class="{e(line.css_class)}"><polyline fill="none" stroke="currentColor" '
                   f'stroke-width="3"{dash_attr} stroke-linejoin="round" points="{points}"/></g>')
    if marker is not None:
        mx, my = x_at(marker.x), y_at(float(marker.value))
        anchor = "end" if mx > (lay.left + lay.right) / 2 else "start"
        shift = -10 if anchor == "end" else 10
        out.append(f'<g class="chart-marker"><circle cx="{mx:.1f}" cy="{my:.1f}" r="7" fill="none" '
                   f'stroke="currentColor" stroke-width="3"/></g>'
                   f'<text x="{mx + shift:.1f}" y="{max(lay.top + font, my - 20):.1f}" text-anchor="{anchor}" '
                   f'font-weight="bold">{e(marker.label)}</text>')
    out.extend(_legend(lay, lines))
    out.append("</svg>")
    return "".join(out)


def _legend(lay: Layout, lines: Sequence[Line]) -> list[str]:
    """A sample of each line's colour and dash beside its label: in a row at the foot, or one a line."""
    e = lambda text: escape(str(text), quote=True)  # noqa: E731
    out = []
    for i, line in enumerate(lines):
        dash = _DASHES[i % len(_DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        if lay.y_label_above:
            x = 4  # under the y axis's label
            y = lay.height - 10 - round(lay.font_size * 1.6) * (len(lines) - 1 - i)
        else:
            x = lay.left + (lay.right - lay.left) / max(1, len(lines)) * i
            y = lay.height - 14
        out.append(f'<g class="{e(line.css_class)}"><line x1="{x:.1f}" x2="{x + 30:.1f}" y1="{y - 4}" '
                   f'y2="{y - 4}" stroke="currentColor" stroke-width="3"{dash_attr}/></g>'
                   f'<text x="{x + 38:.1f}" y="{y}">{e(line.label)}</text>')
    return out
