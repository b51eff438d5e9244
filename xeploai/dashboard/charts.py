"""Server-rendered SVG charts: progress over time and levels so far (pure: no Django; no JavaScript, no CDN).

The charts keep their text at its real size on every screen: the outer drawing has no viewBox (text is placed in
percent of the width, in pixels down), and only the plot area is stretched to the width (an inner SVG with
`preserveAspectRatio="none"`, its strokes not scaled). So a phone at 390 px shows the same 12 px labels as a desktop.
Every text is escaped. Coordinates are display values, rounded to 0.1.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

FONT = 12
PLOT = 1000.0  # the inner plot's width in its own units (stretched to the page's width)


@dataclass(frozen=True)
class Series:
    label: str
    colour: str
    points: Sequence[tuple[date, int]]  # cumulative counts by day
    total: int  # 100 %


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    colour: str


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _text(x_percent: float, y: float, text: str, anchor: str = "start", fill: str = "#212529") -> str:
    return (f'<text x="{_n(x_percent)}%" y="{_n(y)}" font-size="{FONT}" text-anchor="{anchor}" fill="{fill}">'
            f"{escape(text)}</text>")


def _svg(height: float, title: str, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="100%" height="{_n(height)}" role="img" '
            f'class="xl-chart" font-family="system-ui, sans-serif"><title>{escape(title)}</title>'
            + "".join(body) + "</svg>")


def percent(count: int, total: int) -> int:
    """Whole percent, rounded half up (display only)."""
    return (count * 200 + total) // (2 * total) if total else 0


def _date_label(day: date, with_year: bool) -> str:
    return f"{day.day:02d}/{day.month:02d}" + (f"/{day.year % 100:02d}" if with_year else "")


class _Frame:
    """The line chart's plot: x in plot units (0…1000, margins included), y in pixels."""

    left, right, top, bottom, height = 115.0, 25.0, 10.0, 40.0, 230.0

    def __init__(self, start: date, end: date) -> None:
        self.start, self.days = start, max((end - start).days, 1)

    def x(self, day: date) -> float:
        inner = PLOT - self.left - self.right
        return self.left + inner * min(max((day - self.start).days, 0), self.days) / self.days

    def y(self, share: float) -> float:
        return self.top + (self.height - self.top - self.bottom) * (1 - share)


def _line(x1: float, x2: float, y1: float, y2: float, colour: str, extra: str = "") -> str:
    return (f'<line x1="{_n(x1)}" x2="{_n(x2)}" y1="{_n(y1)}" y2="{_n(y2)}" stroke="{colour}" '
            f'vector-effect="non-scaling-stroke"{extra}/>')


def _grid(frame: _Frame) -> tuple[list[str], list[str]]:
    """Horizontal grid lines (plot) and their percent labels (text)."""
    plot, text = [], []
    for pct in (0, 25, 50, 75, 100):
        y = frame.y(pct / 100)
        plot.append(_line(frame.left, PLOT - frame.right, y, y, "#dee2e6"))
        text.append(_text(frame.left / 10 - 1, y + 4, f"{pct}%", "end", "#6c757d"))
    return plot, text


def _date_ticks(frame: _Frame, end: date) -> list[str]:
    with_year = frame.start.year != end.year
    ticks, text = 3, []
    for i in range(ticks + 1):
        day = frame.start + timedelta(days=round(frame.days * i / ticks))
        anchor = "start" if i == 0 else "end" if i == ticks else "middle"
        text.append(_text(frame.x(day) / 10, frame.height - frame.bottom + 16, _date_label(day, with_year), anchor,
                          "#6c757d"))
    return text


def _step_path(frame: _Frame, series: Series, until: date) -> str:
    """A staircase: the running count stays level until the next day with events."""
    parts = [f"M{_n(frame.x(frame.start))},{_n(frame.y(0))}"]
    for day, count in series.points:
        if day > until:
            break
        parts.append(f"H{_n(frame.x(day))}V{_n(frame.y(min(count / series.total, 1)))}")
    parts.append(f"H{_n(frame.x(until))}")
    return (f'<path d="{"".join(parts)}" fill="none" stroke="{escape(series.colour)}" stroke-width="2.5" '
            f'stroke-linejoin="round" vector-effect="non-scaling-stroke"/>')


def progress_chart(series: Sequence[Series], start: date, end: date, today: date, deadlines: Sequence[date],
                   title: str) -> str:
    """Cumulative shares over time, the plan's due dates as dashed lines, and today as a solid line."""
    frame = _Frame(start, end)
    plot, text = _grid(frame)
    text += _date_ticks(frame, end)
    for due in sorted(set(deadlines)):
        if start <= due <= end:
            plot.append(_line(frame.x(due), frame.x(due), frame.y(1), frame.y(0), "#adb5bd",
                              ' stroke-dasharray="3 3"'))
    until = min(today, end)
    plot += [_step_path(frame, item, until) for item in series if item.total and until >= start]
    if start <= today <= end:
        plot.append(_line(frame.x(today), frame.x(today), frame.y(1) - 2, frame.y(0), "#a3171e",
                          ' stroke-width="1.5"'))
        text.append(_text(frame.x(today) / 10, frame.height - 6, "hôm nay", "middle", "#a3171e"))
    inner = (f'<svg x="0" y="0" width="100%" height="{_n(frame.height)}" viewBox="0 0 {_n(PLOT)} '
             f'{_n(frame.height)}" preserveAspectRatio="none">' + "".join(plot) + "</svg>")
    return _svg(frame.height, title, [inner, *text])


def bar_chart(bars: Sequence[Bar], total: int, title: str) -> str:
    """Horizontal bars with the count and its share of `total`; labels on the left, in percent of the width."""
    label_end, bar_start, bar_width, row, top = 27.0, 29.0, 46.0, 30.0, 4.0
    body = []
    for i, bar in enumerate(bars):
        y = top + i * row
        share = bar.count / total if total else 0
        body.append(_text(label_end, y + 17, bar.label, "end"))
        body.append(f'<rect x="{_n(bar_start)}%" y="{_n(y + 4)}" width="{_n(bar_width)}%" height="18" rx="3" '
                    f'fill="#f1f3f5"/>')
        if bar.count:
            body.append(f'<rect x="{_n(bar_start)}%" y="{_n(y + 4)}" width="{_n(max(bar_width * share, 0.5))}%" '
                        f'height="18" rx="3" fill="{escape(bar.colour)}"/>')
        body.append(_text(bar_start + bar_width + 2, y + 17, f"{bar.count} ({percent(bar.count, total)}%)"))
    return _svg(top * 2 + row * len(bars), title, body)
