"""An accessible SVG line chart, made in Python so every page shows the same one.

Lines take their colour from CSS classes through `currentColor` (with a small
built-in palette for Material's light and dark schemes) and differ by dash
pattern too, so the chart reads without colour. Every text is escaped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from typing import Callable, Sequence

WIDTH, HEIGHT = 640, 340
LEFT, RIGHT, TOP, BOTTOM = 76, 620, 20, 262

_DASHES = ("", "9 5", "2 5", "12 4 2 4")

# Okabe-Ito colours: distinguishable with common colour-vision differences;
# lighter variants on Material's dark ("slate") scheme.
STYLE = (
    ".caio-chart{font-family:inherit;font-size:13px;max-width:100%;height:auto}"
    ".caio-chart text{fill:currentColor}"
    ".caio-chart .chart-axis,.caio-chart .chart-grid{stroke:currentColor}"
    ".caio-chart .chart-grid{opacity:.18}"
    ".caio-chart .chart-fractional{color:#0072b2}"
    ".caio-chart .chart-fulltime{color:#d55e00}"
    ".caio-chart .chart-agency{color:#007a5a}"
    "[data-md-color-scheme=slate] .caio-chart .chart-fractional{color:#56b4e9}"
    "[data-md-color-scheme=slate] .caio-chart .chart-fulltime{color:#e69f00}"
    "[data-md-color-scheme=slate] .caio-chart .chart-agency{color:#2ecc9a}"
)


@dataclass(frozen=True)
class Line:
    """One series: its CSS class, legend label and one value per x."""

    css_class: str
    label: str
    values: tuple[Decimal, ...]


def nice_step(top: float, ticks: int = 5) -> float:
    """A round tick step (1, 2, 2.5 or 5 times a power of ten) giving about `ticks` ticks."""
    if top <= 0:
        return 1.0
    raw = top / ticks
    power = 10.0 ** math.floor(math.log10(raw))
    return next(power * f for f in (1, 2, 2.5, 5, 10) if power * f >= raw)


def line_chart(title: str, description: str, x_label: str, y_label: str, xs: Sequence[int],
               lines: Sequence[Line], y_format: Callable[[Decimal], str]) -> str:
    """An SVG line chart with title, description, axis labels, gridlines and a legend."""
    e = lambda text: escape(str(text), quote=True)  # noqa: E731
    top_value = max((float(v) for line in lines for v in line.values), default=0.0)
    step = nice_step(top_value)
    y_max = step * max(1, -(-top_value // step)) if top_value > 0 else step
    x_first, x_last = xs[0], xs[-1]
    span = max(1, x_last - x_first)

    def x_at(x: int) -> float:
        return LEFT + (RIGHT - LEFT) * (x - x_first) / span

    def y_at(v: float) -> float:
        return BOTTOM - (BOTTOM - TOP) * v / y_max

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="caio-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}">',
        f"<title>{e(title)}</title>",
        f"<desc>{e(description)}</desc>",
        f"<style>{STYLE}</style>",
    ]
    tick = 0.0
    while tick <= y_max + step / 1000:
        y = y_at(tick)
        out.append(f'<line class="chart-grid" x1="{LEFT}" x2="{RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>')
        label = y_format(Decimal(repr(round(tick, 6))))
        out.append(f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end">{e(label)}</text>')
        tick += step
    x_step = next((s for s in (1, 2, 3, 6, 12, 24) if len(xs) / s <= 12), 24)
    for x in xs:
        if x == x_first or x % x_step == 0:
            out.append(f'<text x="{x_at(x):.1f}" y="{BOTTOM + 18}" text-anchor="middle">{e(x)}</text>')
    out.append(f'<line class="chart-axis" x1="{LEFT}" x2="{RIGHT}" y1="{BOTTOM}" y2="{BOTTOM}"/>')
    out.append(f'<line class="chart-axis" x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{BOTTOM}"/>')
    out.append(f'<text x="{(LEFT + RIGHT) / 2:.0f}" y="{BOTTOM + 40}" text-anchor="middle">{e(x_label)}</text>')
    out.append(f'<text transform="translate(16 {(TOP + BOTTOM) / 2:.0f}) rotate(-90)" '
               f'text-anchor="middle">{e(y_label)}</text>')
    for i, line in enumerate(lines):
        dash = _DASHES[i % len(_DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        points = " ".join(f"{x_at(x):.1f},{y_at(float(v)):.1f}" for x, v in zip(xs, line.values))
        out.append(f'<g class="{e(line.css_class)}"><polyline fill="none" stroke="currentColor" '
                   f'stroke-width="3"{dash_attr} stroke-linejoin="round" points="{points}"/></g>')
    legend_y = HEIGHT - 14
    slot = (RIGHT - LEFT) / max(1, len(lines))
    for i, line in enumerate(lines):
        dash = _DASHES[i % len(_DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        x = LEFT + slot * i
        out.append(f'<g class="{e(line.css_class)}"><line x1="{x:.1f}" x2="{x + 30:.1f}" y1="{legend_y - 4}" '
                   f'y2="{legend_y - 4}" stroke="currentColor" stroke-width="3"{dash_attr}/></g>'
                   f'<text x="{x + 38:.1f}" y="{legend_y}">{e(line.label)}</text>')
    out.append("</svg>")
    return "".join(out)
