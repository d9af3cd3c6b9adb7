"""Charts drawn as SVG text on the server: columns, stacked bars, and a tile map.

No script and no style sheet: every colour, size and font is an SVG presentation
attribute, so a chart passes a Content-Security-Policy that allows no inline style
or script, and reads the same inline in the page, as an image, or printed. Each
chart is an ``<svg role="img">`` whose ``<title>`` and ``<desc>`` say what it shows
to a screen reader, and each bar or tile has its own ``<title>`` (its label and
count) that a browser shows on hover. The colours are Okabe and Ito's, told apart
by people with any common colour blindness.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import attrs

__all__ = ["SCALE", "Bar", "Series", "Tile", "columns", "on_white", "stacked", "tiles"]

_FONT = 'font-family="system-ui,sans-serif"'
_TEXT = "#1a1a1a"
_MUTED = "#555"
WIDTH = 480
# From no KIM to many, light to dark; a tile with none is grey.
SCALE = ("#deebf7", "#9ecae1", "#4292c6", "#2171b5", "#08306b")
_NONE = "#eeeeee"


@attrs.frozen
class Series:
    """One kind of count in a chart: its name in the data, its label, its colour."""

    name: str
    label: str
    colour: str


@attrs.frozen
class Bar:
    """One row of a chart: its label and a count for each series, in the series' order."""

    label: str
    values: tuple[int, ...]


@attrs.frozen
class Tile:
    """One region on a tile map: its Kemendagri code, what its tile reads, its name, its count."""

    code: str
    short: str
    name: str
    value: int


def _open(title: str, desc: str, height: int) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {height}"'
        f' width="{WIDTH}" height="{height}" {_FONT} font-size="13">'
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>"
    )


def on_white(svg: str) -> str:
    """*svg* (drawn here) on a white ground: as an image file it may be shown on a dark one."""
    head, _, rest = svg.partition("</desc>")
    return f'{head}</desc><rect width="100%" height="100%" fill="#fff"/>{rest}'


def _number(n: int) -> str:
    """A count as an Indonesian office writes it: 12.345."""
    return f"{n:,}".replace(",", ".")


def _ticks(top: int) -> list[int]:
    """Round gridline values from 0 up to at least *top*, five steps at most (0, 50, 100…)."""
    if top <= 0:
        return [0, 1]
    magnitude = 1
    while not any(top <= 5 * m * magnitude for m in (1, 2, 5)):
        magnitude *= 10
    step = next(m * magnitude for m in (1, 2, 5) if top <= 5 * m * magnitude)
    last = -(-top // step) * step
    return list(range(0, last + 1, step))


def _legend(series: Sequence[Series], y: int) -> str:
    parts, x = [], 0
    for s in series:
        parts.append(
            f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{s.colour}"/>'
            f'<text x="{x + 16}" y="{y}" fill="{_TEXT}">{escape(s.label)}</text>'
        )
        x += 16 + 8 * len(s.label) + 18
    return "".join(parts)


def _empty(title: str, desc: str, words: str) -> str:
    return (
        _open(title, desc, 40) + f'<text x="0" y="24" fill="{_MUTED}">{escape(words)}</text></svg>'
    )


def columns(
    title: str, desc: str, bars: Sequence[Bar], series: Series, *, empty: str = "Belum ada data"
) -> str:
    """Vertical columns, one a label (a month), of one series; the label's text below it."""
    if not bars:
        return _empty(title, desc, empty)
    left, top, plot, below = 44, 12, 200, 54
    height = top + plot + below
    ticks = _ticks(max(b.values[0] for b in bars))
    scale = plot / ticks[-1]
    width = (WIDTH - left - 4) / len(bars)
    out = [_open(title, desc, height)]
    for t in ticks:
        y = top + plot - t * scale
        out.append(
            f'<line x1="{left}" x2="{WIDTH}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ccc"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{_MUTED}">'
            f"{_number(t)}</text>"
        )
    year = ""
    for i, bar in enumerate(bars):
        value = bar.values[0]
        x = left + i * width + width * 0.1
        h = value * scale
        out.append(
            f'<rect x="{x:.1f}" y="{top + plot - h:.1f}" width="{width * 0.8:.1f}"'
            f' height="{h:.1f}" fill="{series.colour}">'
            f"<title>{escape(bar.label)}: {_number(value)}</title></rect>"
        )
        # "Mei 2024" reads "Mei" under its column, the year only where it changes.
        month, _, now = bar.label.partition(" ")
        cx = x + width * 0.4
        if len(bars) <= 24 or i % 3 == 0:
            out.append(
                f'<text x="{cx:.1f}" y="{top + plot + 15}" text-anchor="middle"'
                f' font-size="11" fill="{_TEXT}">{escape(month)}</text>'
            )
        if now != year:
            out.append(
                f'<text x="{cx:.1f}" y="{top + plot + 29}" text-anchor="middle"'
                f' font-size="11" fill="{_MUTED}">{escape(now)}</text>'
            )
            year = now
    out.append(_legend([series], height - 6))
    out.append("</svg>")
    return "".join(out)


def stacked(
    title: str,
    desc: str,
    bars: Sequence[Bar],
    series: Sequence[Series],
    *,
    empty: str = "Belum ada data",
) -> str:
    """Horizontal bars, one a label (a region, a category), stacked by series, total at the end."""
    if not bars:
        return _empty(title, desc, empty)
    row, top, room = 36, 4, WIDTH - 50
    height = top + row * len(bars) + 30
    totals = [sum(b.values) for b in bars]
    scale = room / max(*totals, 1)
    out = [_open(title, desc, height)]
    for i, bar in enumerate(bars):
        y = top + i * row
        out.append(f'<text x="0" y="{y + 12}" fill="{_TEXT}">{escape(bar.label)}</text>')
        x = 0.0
        for s, value in zip(series, bar.values, strict=True):
            if value:
                w = value * scale
                out.append(
                    f'<rect x="{x:.1f}" y="{y + 16}" width="{w:.1f}" height="16"'
                    f' fill="{s.colour}"><title>{escape(bar.label)}, {escape(s.label)}:'
                    f" {_number(value)}</title></rect>"
                )
                x += w
        out.append(
            f'<text x="{x + 4:.1f}" y="{y + 29}" fill="{_MUTED}">{_number(totals[i])}</text>'
        )
    out.append(_legend(series, height - 10))
    out.append("</svg>")
    return "".join(out)


def _shade(value: int, top: int) -> str:
    if value <= 0:
        return _NONE
    # Fifths of the largest count: the largest is the darkest, a fifth of it or less the lightest.
    step = min(len(SCALE) - 1, -(-value * len(SCALE) // max(top, 1)) - 1)
    return SCALE[step]


def tiles(
    title: str,
    desc: str,
    rows: Sequence[tuple[str, Sequence[Tile]]],
    *,
    per_row: int = 10,
    empty: str = "Belum ada data",
) -> str:
    """A schematic map: a row of square tiles for each group (a regency), in code order.

    Not a drawing of the land: each tile is a region, placed by its Kemendagri code,
    shaded by its count (darker, more), reading the last part of its code and its count.
    """
    if not rows:
        return _empty(title, desc, empty)
    size, gap, heading = 44, 4, 20
    per_row = max(1, min(per_row, WIDTH // (size + gap)))
    lines = [(label, chunk) for label, ts in rows for chunk in _chunks(ts, per_row)]
    height = len(rows) * heading + len(lines) * (size + gap) + 34
    highest = max((t.value for _, ts in rows for t in ts), default=0)
    out = [_open(title, desc, height)]
    shown_label, y = None, 0
    for label, chunk in lines:
        if label != shown_label:
            out.append(f'<text x="0" y="{y + 15}" fill="{_TEXT}">{escape(label)}</text>')
            shown_label, y = label, y + heading
        for j, t in enumerate(chunk):
            x = j * (size + gap)
            fill = _shade(t.value, highest)
            ink = "#fff" if fill in SCALE[2:] else _TEXT
            out.append(
                f'<g data-code="{escape(t.code)}"><title>{escape(t.name)} ({escape(t.code)}):'
                f" {_number(t.value)}</title>"
                f'<rect x="{x}" y="{y}" width="{size}" height="{size}" rx="3" fill="{fill}"/>'
                f'<text x="{x + size / 2}" y="{y + 17}" text-anchor="middle" font-size="11"'
                f' fill="{ink}">{escape(t.short)}</text>'
                f'<text x="{x + size / 2}" y="{y + 34}" text-anchor="middle" font-size="14"'
                f' font-weight="bold" fill="{ink}">{_number(t.value)}</text></g>'
            )
        y += size + gap
    legend_y = height - 24
    steps = [(_NONE, "0"), *((c, "") for c in SCALE)]
    for k, (colour, words) in enumerate(steps):
        out.append(
            f'<rect x="{k * 22}" y="{legend_y}" width="20" height="14" fill="{colour}"/>'
            + (
                f'<text x="{k * 22 + 10}" y="{legend_y + 11}" text-anchor="middle"'
                f' font-size="10" fill="{_TEXT}">{words}</text>'
                if words
                else ""
            )
        )
    out.append(
        f'<text x="{len(steps) * 22 + 6}" y="{legend_y + 11}" fill="{_MUTED}">'
        f"sedikit → banyak (paling banyak {_number(highest)})</text>"
    )
    out.append("</svg>")
    return "".join(out)


def _chunks(items: Sequence[Tile], size: int) -> list[Sequence[Tile]]:
    return [items[i : i + size] for i in range(0, len(items), size)] or [()]
