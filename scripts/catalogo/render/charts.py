"""Stage 4, render: Static SVG charts, drawn at build time: no chart server, no JavaScript. Each chart
is an accessible image (role="img" with <title> and <desc>) and carries its figures as text labels,
so it reads without colour and survives being printed. Output is deterministic."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from xml.sax.saxutils import escape

from ..measure.figures import Indicators, Row

BAR_COLOUR = "#1f5f8b"
LINE_COLOUR = "#7a1f3d"
GRID_COLOUR = "#d0d7de"
TEXT_COLOUR = "#1f2328"
FONT = 'font-family="system-ui, sans-serif" font-size="14"'
DIMENSION_NAMES = {
    "nivel": {"es": "por nivel de gobierno", "en": "by level of government"},
    "estado": {"es": "por entidad federativa", "en": "by state"},
    "poder": {"es": "por poder", "en": "by power"},
}
NO_DATA = {"es": "sin dato", "en": "no data"}
WIDTH = 360  # drawn at a phone's width, so that a 14 px label stays about 13 px on a phone


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    svg: str


def _number(value: float) -> str:
    return f"{value:,.1f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"


def _open(chart_id: str, width: int, height: int, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" class="catalogo-chart">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>',
    ]


def bar_chart(
    chart_id: str,
    title: str,
    desc: str,
    bars: list[tuple[str, float | int | None]],
    *,
    unit: str = "",
    lang: str = "es",
    width: int = WIDTH,
    max_value: float | None = None,
) -> str:
    """Horizontal bars, one per label, each under its label (wrapped, never cut short, so that the
    chart stays legible at a phone's width) with its value written beside it; `max_value` fixes the
    scale (100 for percentages), else the largest value sets it."""
    value_width, line, bar, gap, top = 64, 16, 14, 10, 4
    scale_max = max_value or max([v for _, v in bars if v is not None] + [0]) or 1
    span = width - value_width
    rows = [(_wrap(label, width * 2 // 17), value) for label, value in bars]
    height = top + sum(len(lines) * line + bar + gap for lines, _ in rows) or top + line
    out = _open(chart_id, width, height, title, desc)
    out.append(f'<g {FONT} fill="{TEXT_COLOUR}">')
    y = top
    for lines, value in rows:
        for text in lines:
            y += line
            out.append(f'<text x="0" y="{y - 4}">{escape(text)}</text>')
        if value is None:
            out.append(f'<text x="0" y="{y + bar - 2}">{NO_DATA[lang]}</text>')
        else:
            length = round(span * value / scale_max, 1)
            out.append(f'<rect x="0" y="{y}" width="{length}" height="{bar}" fill="{BAR_COLOUR}"/>')
            out.append(f'<text x="{length + 6}" y="{y + bar - 2}">{_number(value)}{escape(unit)}</text>')
        y += bar + gap
    out += ["</g>", "</svg>"]
    return "\n".join(out)


def line_chart(
    chart_id: str,
    title: str,
    desc: str,
    points: list[tuple[str, float | int | None]],
    *,
    unit: str = "",
    lang: str = "es",
    width: int = WIDTH,
    height: int = 220,
    max_value: float | None = None,
) -> str:
    """One series over time; points without data are skipped (the line breaks there). At most
    about four labels are written on the time axis; every point keeps its value label."""
    left, right, top, bottom = 40, 40, 20, 40
    values = [v for _, v in points if v is not None]
    scale_max = max_value or (max(values) if values else 0) or 1
    every = -(-len(points) // 4)
    step = (width - left - right) / max(len(points) - 1, 1)
    plot_height = height - top - bottom
    out = _open(chart_id, width, height, title, desc)
    out.append(f'<g {FONT} fill="{TEXT_COLOUR}">')
    for fraction in (0, 0.5, 1):
        y = round(top + plot_height * (1 - fraction), 1)
        out.append(f'<line x1="{left}" y1="{y}" x2="{width - right}" y2="{y}" stroke="{GRID_COLOUR}"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4}" text-anchor="end">{_number(scale_max * fraction)}</text>')
    coords: list[tuple[float, float] | None] = []
    for i, (label, value) in enumerate(points):
        x = round(left + i * step if len(points) > 1 else (left + width - right) / 2, 1)
        if i % every == 0 or i == len(points) - 1:
            out.append(f'<text x="{x}" y="{height - bottom + 18}" text-anchor="middle">{escape(label)}</text>')
        if value is None:
            coords.append(None)
            continue
        y = round(top + plot_height * (1 - value / scale_max), 1)
        coords.append((x, y))
        out.append(f'<circle cx="{x}" cy="{y}" r="3" fill="{LINE_COLOUR}"/>')
        out.append(f'<text x="{x}" y="{y - 8}" text-anchor="middle">{_number(value)}{escape(unit)}</text>')
    for segment in _segments(coords):
        out.append(f'<polyline points="{segment}" fill="none" stroke="{LINE_COLOUR}" stroke-width="2"/>')
    if not values:
        out.append(f'<text x="{width / 2}" y="{top + plot_height / 2}" text-anchor="middle">{NO_DATA[lang]}</text>')
    out += ["</g>", "</svg>"]
    return "\n".join(out)


def series_chart(
    chart_id: str, title: str, desc: str, points: list[tuple[str, float]], *, lang: str = "es", width: int = 640
) -> str:
    """A long series (hundreds of dates) as one line, with its range on the value axis and its
    first, middle and last dates on the time axis; the figures go in a table beside it."""
    left, right, top, bottom, height = 64, 16, 16, 36, 240
    values = [v for _, v in points]
    low, high = min(values + [0]), max(values) or 1
    span = (high - low) or 1
    step = (width - left - right) / max(len(points) - 1, 1)
    plot = height - top - bottom
    out = _open(chart_id, width, height, title, desc)
    out.append(f'<g {FONT} fill="{TEXT_COLOUR}">')
    for fraction in (0, 0.5, 1):
        y = round(top + plot * (1 - fraction), 1)
        out.append(f'<line x1="{left}" y1="{y}" x2="{width - right}" y2="{y}" stroke="{GRID_COLOUR}"/>')
        out.append(
            f'<text x="{left - 6}" y="{y + 4}" text-anchor="end">{_number(round(low + span * fraction, 1))}</text>'
        )
    for i in sorted({0, len(points) // 2, len(points) - 1}):
        x = round(left + i * step, 1)
        out.append(f'<text x="{x}" y="{height - bottom + 18}" text-anchor="middle">{escape(points[i][0])}</text>')
    coords = " ".join(
        f"{round(left + i * step, 1)},{round(top + plot * (1 - (v - low) / span), 1)}"
        for i, (_, v) in enumerate(points)
    )
    out.append(f'<polyline points="{coords}" fill="none" stroke="{LINE_COLOUR}" stroke-width="2"/>')
    out += ["</g>", "</svg>"]
    return "\n".join(out)


def _segments(coords: list[tuple[float, float] | None]) -> list[str]:
    segments: list[str] = []
    current: list[tuple[float, float]] = []
    for point in [*coords, None]:
        if point is None:
            if len(current) > 1:
                segments.append(" ".join(f"{x},{y}" for x, y in current))
            current = []
        else:
            current.append(point)
    return segments


def _wrap(label: str, limit: int) -> list[str]:
    """A label in lines of at most `limit` characters, broken between words (a longer word keeps
    its own line)."""
    return textwrap.wrap(label, limit, break_long_words=False, break_on_hyphens=False) or [""]


def _unit(metric: str) -> str:
    return "%" if metric.startswith("pct_") else ""


def _scale(metric: str) -> float | None:
    """Percentages and the quality score are drawn on a 0–100 scale, counts on their own."""
    return 100.0 if metric.startswith("pct_") or metric == "calidad_promedio" else None


BARS = (
    ("conjuntos", "nivel"),
    ("conjuntos", "poder"),
    ("conjuntos", "estado"),
    ("pct_cumplimiento_plan", "nivel"),
    ("pct_al_dia", "nivel"),
    ("calidad_promedio", "nivel"),
    ("calidad_promedio", "poder"),
    ("pct_licencia_abierta", "nivel"),
    ("pct_formato_abierto", "nivel"),
)
TRENDS = ("conjuntos", "pct_con_inventario", "pct_con_plan", "pct_cumplimiento_plan", "pct_al_dia", "calidad_promedio")


def indicator_charts(indicators: Indicators, lang: str, fields: dict[str, str]) -> list[Chart]:
    """The charts of the indicators page: figures by group at the cut-off date, then the national
    trend per quarter of each figure with two dates or more. `fields`: each figure's label in the
    language `lang`."""
    charts = []
    for metric, dimension in BARS:
        rows = [r for r in indicators.rows if r.dimension == dimension]
        title = f"{fields[metric]} {DIMENSION_NAMES[dimension][lang]}"
        chart_id = f"barras-{metric}-{dimension}".replace("_", "-")
        desc = "; ".join(f"{r.label(lang)}: {_text(r.values[metric], lang, _unit(metric))}" for r in rows)
        charts.append(
            Chart(
                chart_id,
                title,
                bar_chart(
                    chart_id,
                    title,
                    desc or NO_DATA[lang],
                    [(r.label(lang), r.values[metric]) for r in rows],
                    unit=_unit(metric),
                    lang=lang,
                    max_value=_scale(metric),
                ),
            )
        )
    trend = indicators.trend()
    for metric in drawn_trends(indicators):
        chart_id = f"tendencia-{metric}".replace("_", "-")
        title = f"{fields[metric]}: " + (
            "tendencia nacional por trimestre" if lang == "es" else "national trend per quarter"
        )
        charts.append(
            Chart(
                chart_id,
                title,
                line_chart(
                    chart_id,
                    title,
                    _trend_desc(trend, metric, lang),
                    [(r.date.isoformat(), r.values[metric]) for r in trend],
                    unit=_unit(metric),
                    lang=lang,
                    max_value=_scale(metric),
                ),
            )
        )
    return charts


def drawn_trends(indicators: Indicators) -> list[str]:
    """The trend figures with data at two dates or more: a single point is no trend."""
    trend = indicators.trend()
    return [m for m in TRENDS if sum(1 for r in trend if r.values[m] is not None) >= 2]


def _text(value: float | int | None, lang: str, unit: str = "") -> str:
    return NO_DATA[lang] if value is None else _number(value) + unit


def _trend_desc(rows: list[Row], metric: str, lang: str) -> str:
    return (
        "; ".join(f"{r.date.isoformat()}: {_text(r.values[metric], lang, _unit(metric))}" for r in rows)
        or NO_DATA[lang]
    )
