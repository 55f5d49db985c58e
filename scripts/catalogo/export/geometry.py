"""Stage 4, render (machine-readable exports): Bounding boxes and centroids of Mexico, its states and
municipalities, computed from INEGI's geostatistical frame (vocab/geo) for DCAT-AP `dcat:bbox` and
`dcat:centroid`."""

# The shapes are INEGI's Marco Geoestadístico 2016 as simplified by mxmapsData (vocab/geo/, the
# same TopoJSON the site's maps draw, BSD-3-Clause). TopoJSON arcs are quantized and
# delta-encoded; a polygon is a list of rings, each a list of arc indexes (~i: arc i reversed).
# The centroid is the area-weighted centroid of the polygons in longitude and latitude (planar,
# like GeoSPARQL's default CRS84 coordinates), holes subtracted; the country's combines its
# states'. Values are rounded to 4 decimals (about 11 m), more than the simplified shapes hold.
# A municipality created after 2016 has no shape, so no extent.

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

WKT = "http://www.opengis.net/ont/geosparql#wktLiteral"
STATES = ("mx-estados.topo.json", "state")
MUNICIPALITIES = ("mx-municipios.topo.json", "municipio")
DIGITS = 4

Point = tuple[float, float]


@dataclass(frozen=True)
class Extent:
    west: float
    south: float
    east: float
    north: float
    area: float  # in square degrees, only to weigh centroids
    lon: float
    lat: float

    @property
    def bbox(self) -> str:
        """The bounding box as a WKT polygon (CRS84: longitude first)."""
        w, s, e, n = (_number(v) for v in (self.west, self.south, self.east, self.north))
        return f"POLYGON(({w} {s},{e} {s},{e} {n},{w} {n},{w} {s}))"

    @property
    def centroid(self) -> str:
        return f"POINT({_number(self.lon)} {_number(self.lat)})"


def _number(value: float) -> str:
    text = f"{value:.{DIGITS}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def extent(code: str | None) -> Extent | None:
    """Mexico's extent (code None), a state's (2-digit INEGI code) or a municipality's (5 digits);
    None for a place without shape."""
    if code is None:
        return _country()
    table = _extents(*(STATES if len(code) == 2 else MUNICIPALITIES))
    return table.get(code)


@cache
def _country() -> Extent | None:
    return _combine(list(_extents(*STATES).values()))


@cache
def topology(name: str) -> dict:
    """A TopoJSON file of vocab/geo, read once (the site's maps draw the same shapes)."""
    return json.loads(resources.files("catalogo").joinpath("vocab", "geo", name).read_text(encoding="utf-8"))


@cache
def _extents(name: str, object_name: str) -> dict[str, Extent]:
    arcs = arcs_of(name)
    parts: dict[str, list[Extent]] = {}
    for geometry in topology(name)["objects"][object_name]["geometries"]:
        polygons = geometry.get("arcs") or []
        if geometry.get("type") == "Polygon":
            polygons = [polygons]
        code = str((geometry.get("properties") or {}).get("id", ""))
        for polygon in polygons:
            found = _polygon([_ring(arcs, ring) for ring in polygon])
            if found is not None:
                parts.setdefault(code, []).append(found)
    combined = {code: _combine(found) for code, found in parts.items()}
    return {code: found for code, found in combined.items() if found is not None}


@cache
def arcs_of(name: str) -> list[list[Point]]:
    """Every arc of a TopoJSON file in longitude and latitude (delta-decoded, then the
    quantization's transform)."""
    shapes = topology(name)
    (sx, sy), (tx, ty) = shapes["transform"]["scale"], shapes["transform"]["translate"]
    decoded = []
    for arc in shapes["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _ring(arcs: list[list[Point]], indexes: list[int]) -> list[Point]:
    points: list[Point] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def _polygon(rings: list[list[Point]]) -> Extent | None:
    """A polygon's extent: its outer ring's box; area and centroid with the holes (rings wound the
    other way) subtracted."""
    if not rings or len(rings[0]) < 3:
        return None
    outer = rings[0]
    sign = 1.0 if _moments(outer)[0] >= 0 else -1.0
    area = mx = my = 0.0
    for ring in rings:
        a, x, y = _moments(ring)
        area, mx, my = area + sign * a, mx + sign * x, my + sign * y
    lons, lats = [p[0] for p in outer], [p[1] for p in outer]
    if area <= 0:
        return Extent(min(lons), min(lats), max(lons), max(lats), 0.0, sum(lons) / len(lons), sum(lats) / len(lats))
    return Extent(min(lons), min(lats), max(lons), max(lats), area, mx / area, my / area)


def _moments(ring: list[Point]) -> tuple[float, float, float]:
    """Signed area and first moments of a ring (the shoelace formula)."""
    area = mx = my = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        mx += (x0 + x1) * cross
        my += (y0 + y1) * cross
    return area / 2, mx / 6, my / 6


def _combine(parts: list[Extent]) -> Extent | None:
    """The extent of several shapes: the box around their boxes, the area-weighted centroid."""
    if not parts:
        return None
    area = sum(p.area for p in parts)
    if area > 0:
        lon, lat = sum(p.lon * p.area for p in parts) / area, sum(p.lat * p.area for p in parts) / area
    else:
        lon, lat = sum(p.lon for p in parts) / len(parts), sum(p.lat for p in parts) / len(parts)
    return Extent(
        min(p.west for p in parts),
        min(p.south for p in parts),
        max(p.east for p in parts),
        max(p.north for p in parts),
        area,
        lon,
        lat,
    )
