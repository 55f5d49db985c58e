"""Stage 4, render: Maps of Mexico as static, accessible SVG: states or one state's municipalities
coloured by a figure, or points inside the country's outline."""

# The shapes are INEGI's Marco Geoestadístico 2016 as simplified by mxmapsData (vocab/geo/,
# BSD-3-Clause, credited on the site), read from TopoJSON, projected and drawn here; places the
# geometry lacks (municipalities created after 2016) are listed as "sin geometría", never dropped.

# TopoJSON (https://github.com/topojson/topojson-specification): quantized, delta-encoded arcs
# shared between shapes; a polygon is a list of rings, each a list of arc indexes (a negative
# index ~i is arc i reversed). The projection is equirectangular with longitudes scaled by the
# cosine of the country's middle latitude, which keeps Mexico's shape at this size; points are
# rounded to the pixel and repeated pixels dropped, which keeps a national map under 60 KB.

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape

from ..export.geometry import arcs_of, topology

WIDTH = 640
WEST, EAST, SOUTH, NORTH = -118.5, -86.6, 14.5, 32.8
_COS = math.cos(math.radians((SOUTH + NORTH) / 2))
SCALE = WIDTH / ((EAST - WEST) * _COS)
HEIGHT = round((NORTH - SOUTH) * SCALE)
# a sequential palette (light to dark blue), readable in grey; the figures are in the table too
PALETTE = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
EMPTY = "#f2f2f2"
STROKE = "#ffffff"
SOURCE = {
    "es": "Geometría: Marco Geoestadístico del INEGI (2016), simplificado por mxmapsData (BSD-3-Clause).",
    "en": "Geometry: INEGI's Marco Geoestadístico (2016), simplified by mxmapsData (BSD-3-Clause).",
}


@dataclass(frozen=True)
class MapView:
    id: str
    title: str
    svg: str
    rows: list[tuple[str, str, str]]  # (code, place, figure as text) for the table beside the map
    missing: list[str]  # places with a figure and no shape ("sin geometría")


def project(lon: float, lat: float) -> tuple[float, float]:
    return (lon - WEST) * _COS * SCALE, (NORTH - lat) * SCALE


@cache
def _arcs(name: str) -> list[list[tuple[float, float]]]:
    """Every arc as projected pixels."""
    return [[project(lon, lat) for lon, lat in arc] for arc in arcs_of(name)]


def _ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


MAX_BYTES = 58_000  # a map is drawn again with coarser steps until it fits (each SVG ≤ 60 KB)


def _path(
    rings: list[list[tuple[float, float]]], box: tuple[float, float, float] = (0.0, 0.0, 1.0), step: int = 1
) -> str:
    """SVG path data of rings, in units of `step` pixels after shifting by (x0, y0) and scaling
    by k (the map's group scales them back)."""
    x0, y0, k = box
    parts = []
    for ring in rings:
        out: list[tuple[int, int]] = []
        for x, y in ring:
            point = (round((x - x0) * k / step), round((y - y0) * k / step))
            if not out or point != out[-1]:
                out.append(point)
        if len(out) < 3:
            continue
        first, *rest = out
        moves = [f"M{first[0]} {first[1]}"]
        previous = first
        deltas = []
        for point in rest:
            deltas.append(f"{point[0] - previous[0]} {point[1] - previous[1]}")
            previous = point
        parts.append(moves[0] + "l" + " ".join(deltas) + "z")
    return "".join(parts)


@cache
def shapes(name: str, object_name: str) -> dict[str, list[list[tuple[float, float]]]]:
    """Each feature's rings (projected), by its id (cve_ent or cve_geo)."""
    arcs = _arcs(name)
    found: dict[str, list[list[tuple[float, float]]]] = {}
    for geometry in topology(name)["objects"][object_name]["geometries"]:
        polygons = geometry.get("arcs") or []
        if geometry.get("type") == "Polygon":
            polygons = [polygons]
        rings = [_ring(arcs, ring) for polygon in polygons for ring in polygon]
        found.setdefault(str(geometry["properties"]["id"]), []).extend(rings)
    return found


def state_shapes() -> dict[str, list[list[tuple[float, float]]]]:
    return shapes("mx-estados.topo.json", "state")


def municipal_shapes() -> dict[str, list[list[tuple[float, float]]]]:
    return shapes("mx-municipios.topo.json", "municipio")


def _classes(values: Mapping[str, float]) -> tuple[list[float], list[str]]:
    """Five classes by quantiles of the values present (the legend's bounds and colours)."""
    ordered = sorted(values.values())
    if not ordered:
        return [], []
    bounds = [ordered[min(len(ordered) - 1, (len(ordered) * i) // len(PALETTE))] for i in range(1, len(PALETTE))]
    bounds = sorted(set(bounds))
    return bounds, list(PALETTE[-(len(bounds) + 1) :])


def _colour(value: float | None, bounds: list[float], colours: list[str]) -> str:
    if value is None:
        return EMPTY
    for bound, colour in zip(bounds, colours, strict=False):
        if value < bound:
            return colour
    return colours[-1]


def choropleth(
    map_id: str,
    title: str,
    desc: str,
    places: dict[str, str],
    values: Mapping[str, float],
    *,
    state: str | None = None,
    number=lambda v: f"{v:,}",
    coarse: bool = False,
) -> MapView:
    """A map of the states (or of one state's municipalities when `state` is given), each place
    coloured by its value's quantile class; `places` names every place that is drawn or listed.
    `coarse` draws in 2-pixel steps (about 60 % of the bytes), for the many maps beside dataset
    pages; the places' pages and the indicators draw every pixel."""
    every = municipal_shapes() if state else state_shapes()
    drawn = {code: rings for code, rings in every.items() if state is None or code.startswith(state)}
    box, width, height = _fit(drawn) if state else ((0.0, 0.0, 1.0), WIDTH, HEIGHT)
    bounds, colours = _classes(values)
    for step in (2, 3, 4, 6, 8) if coarse else (1, 2, 3, 4, 6, 8):
        svg = _choropleth_svg(
            map_id, title, desc, places, values, drawn, box, (width, height), (bounds, colours), number, step
        )
        if len(svg.encode()) <= MAX_BYTES:
            break
    rows = [(code, places.get(code, code), number(values[code])) for code in sorted(values)]
    missing = [places.get(code, code) for code in sorted(values) if code not in every]
    return MapView(map_id, title, svg, rows, missing)


def state_key(drawn: dict[str, list[list[tuple[float, float]]]]) -> str:
    """Which shapes a map draws: "" for the states, else the state whose municipalities it draws."""
    first = next(iter(drawn), "")
    return first[:2] if len(first) == 5 else ""


@cache
def _shape_path(which: str, code: str, box: tuple[float, float, float], step: int) -> str:
    """A place's path data, worked out once per map kind and step: every map of the states draws
    the same shapes, only their colours change."""
    shapes = municipal_shapes() if which else state_shapes()
    return _path(shapes[code], box, step)


def _choropleth_svg(map_id, title, desc, places, values, drawn, box, size, classes, number, step) -> str:
    (width, height), (bounds, colours) = size, classes
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height + 34}" role="img" '
        f'aria-labelledby="{map_id}-t {map_id}-d" class="catalogo-map">',
        f'<title id="{map_id}-t">{escape(title)}</title>',
        f'<desc id="{map_id}-d">{escape(desc)}</desc>',
        f'<g stroke="{STROKE}" stroke-width="{0.6 / step:g}" stroke-linejoin="round" transform="scale({step})">',
    ]
    for code in sorted(drawn):
        value = values.get(code)
        label = places.get(code, code)
        shown = f"{label}: {number(value)}" if value is not None else label
        tip = f"<title>{escape(shown)}</title>" if len(drawn) <= 150 else ""  # the table beside has them all
        shape = _shape_path(state_key(drawn), code, box, step)
        lines.append(f'<path d="{shape}" fill="{_colour(value, bounds, colours)}">{tip}</path>')
    lines.append("</g>")
    lines.extend(_legend(bounds, colours, height + 8, number))
    lines.append("</svg>")
    return "".join(lines)


def _legend(bounds: list[float], colours: list[str], top: int, number) -> list[str]:
    if not colours:
        return []
    out, x = [], 4
    labels = [f"< {number(bounds[0])}" if bounds else ""]
    labels += [f"≥ {number(b)}" for b in bounds]
    for colour, label in zip(colours, labels, strict=False):
        out.append(
            f'<rect x="{x}" y="{top}" width="14" height="14" fill="{colour}" stroke="#6e7781" stroke-width="0.5"/>'
        )
        out.append(
            f'<text x="{x + 18}" y="{top + 11}" font-size="11" font-family="system-ui, sans-serif">{escape(label)}</text>'
        )
        x += 18 + 7 * len(label) + 14
    return out


def points_map(map_id: str, title: str, desc: str, points: list[list[float]]) -> str:
    """Points (longitude, latitude) over the states' outlines, zoomed to where the points are."""
    projected = [project(lon, lat) for lon, lat in points]
    outline = state_shapes()
    if projected:
        xs, ys = [p[0] for p in projected], [p[1] for p in projected]
        pad = 20.0
        x0, y0 = min(xs) - pad, min(ys) - pad
        span = max(max(xs) - min(xs), max(ys) - min(ys)) + 2 * pad
        k = min(8.0, WIDTH / span)
    else:
        x0, y0, k = 0.0, 0.0, 1.0
    height = HEIGHT if not projected else round((max(p[1] for p in projected) + 20 - y0) * k)
    height = max(200, min(height, 640))
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{map_id}-t {map_id}-d" class="catalogo-map">',
        f'<title id="{map_id}-t">{escape(title)}</title>',
        f'<desc id="{map_id}-d">{escape(desc)}</desc>',
        f'<g fill="{EMPTY}" stroke="#8c959f" stroke-width="0.8">',
    ]
    for code in sorted(outline):
        rings = [r for r in outline[code] if _inside(r, (x0, y0, k), height)]
        if rings:
            lines.append(f'<path d="{_path(rings, (x0, y0, k))}"/>')
    lines.append('</g><g fill="#b6412d" fill-opacity="0.6">')
    seen = set()
    for x, y in projected:
        point = (round((x - x0) * k), round((y - y0) * k))
        if point not in seen and 0 <= point[0] <= WIDTH and 0 <= point[1] <= height:
            seen.add(point)
            lines.append(f'<circle cx="{point[0]}" cy="{point[1]}" r="2"/>')
    lines.append("</g></svg>")
    return "".join(lines)


def _inside(ring: list[tuple[float, float]], box: tuple[float, float, float], height: int) -> bool:
    """The ring's bounding box meets the visible area."""
    x0, y0, k = box
    xs = [(x - x0) * k for x, _ in ring]
    ys = [(y - y0) * k for _, y in ring]
    return max(xs) >= 0 and min(xs) <= WIDTH and max(ys) >= 0 and min(ys) <= height


def _fit(drawn: dict[str, list[list[tuple[float, float]]]]) -> tuple[tuple[float, float, float], int, int]:
    """The shift and zoom that fit the drawn shapes in the map's width (one state's municipalities)."""
    xs = [x for rings in drawn.values() for ring in rings for x, _ in ring]
    ys = [y for rings in drawn.values() for ring in rings for _, y in ring]
    if not xs:
        return (0.0, 0.0, 1.0), WIDTH, HEIGHT
    k = min((WIDTH - 8) / max(max(xs) - min(xs), 1.0), 480 / max(max(ys) - min(ys), 1.0))
    return (min(xs) - 4 / k, min(ys) - 4 / k, k), WIDTH, round((max(ys) - min(ys)) * k + 8)
