"""The offline world map: country outlines shipped with the package (static/world-110m.json,
built by scripts/build_world_map.py from Natural Earth), and markers for the places the
reports name, laid out here so that the page draws them as inline SVG without JavaScript
or any tile server."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lagebild.places import Mentioned

DATA = Path(__file__).parent / "static" / "world-110m.json"
FIGURE_PX = 820  # about how wide a page draws the map, by default: sizes below are in its pixels
MARKER_PX = (4.0, 15.0)  # radius of the least and the most mentioned place
FONT_PX = 12.5
MIN_ZOOM_WIDTH = 0.16  # a zoomed map shows at least this share of the world's width


def natural_earth(lon: float, lat: float) -> tuple[float, float]:
    """Natural Earth I (Šavrič, Patterson, Jenny 2015): longitude/latitude in degrees to the
    plane, north up."""
    lam, phi = math.radians(lon), math.radians(lat)
    phi2 = phi * phi
    phi4 = phi2 * phi2
    x = lam * (0.8707 - 0.131979 * phi2 + phi4 * (-0.013791 + phi4 * (0.003971 * phi2 - 0.001529 * phi4)))
    y = phi * (1.007226 + phi2 * (0.015085 + phi4 * (-0.044475 + 0.028874 * phi2 - 0.005916 * phi4)))
    return x, y


@lru_cache(maxsize=1)
def world() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def project(lon: float, lat: float) -> tuple[float, float]:
    """Map units of the shipped outlines."""
    data = world()
    x, y = natural_earth(lon, lat)
    return x * data["scale"] + data["offset"][0], data["offset"][1] - y * data["scale"]


@dataclass
class Country:
    iso: str | None
    name: str
    d: str
    level: int  # 0 not named; 1-3 named, by how often


@dataclass
class Marker:
    kb_id: str
    name: str
    kind: str
    x: float
    y: float
    r: float
    title: str
    label: tuple[float, float, str] | None = None  # x, y, text-anchor; None: no room for it


@dataclass
class WorldMap:
    view_box: tuple[float, float, float, float]
    unit: float  # map units per pixel of the drawn figure
    countries: list[Country]
    markers: list[Marker]
    unplaced: list[str] = field(default_factory=list)  # named places without a point on the map

    @property
    def view_box_attr(self) -> str:
        return " ".join(f"{v:.1f}" for v in self.view_box)

    @property
    def font_size(self) -> float:
        return round(FONT_PX * self.unit, 2)


def world_map(places: list[Mentioned], *, zoom: bool = False, figure_px: float = FIGURE_PX) -> WorldMap:
    """The map of these places; `zoom` frames the region they lie in, else the world.
    `figure_px` is about how wide the page draws it, so that markers and labels come out
    at their size in pixels."""
    data = world()
    labels = {c["iso"]: c["label"] for c in data["countries"] if c["iso"]}
    points = []
    unplaced = []
    for m in places:
        point = _point(m, labels)
        if point is None:
            unplaced.append(m.place.name)
        else:
            points.append((m, point))
    view_box = _frame([p for _, p in points]) if zoom and points else (0.0, 0.0, data["width"], data["height"])
    unit = view_box[2] / figure_px
    markers = _markers(points, unit)
    _place_labels(markers, unit, view_box)
    named = {m.place.country: m.mentions for m in places if m.place.kind == "country"}
    countries = [Country(c["iso"], c["name"], c["d"], _level(named.get(c["iso"]), named)) for c in data["countries"]]
    return WorldMap(view_box, unit, countries, markers, unplaced)


def _point(m: Mentioned, labels: dict[str, list[float]]) -> tuple[float, float] | None:
    if m.place.kind == "country" and m.place.country in labels:
        x, y = labels[m.place.country]
        return x, y
    if m.place.latitude is None or m.place.longitude is None:
        return None
    return project(m.place.longitude, m.place.latitude)  # a city; or a country too small for the outlines


def _markers(points: list[tuple[Mentioned, tuple[float, float]]], unit: float) -> list[Marker]:
    most = max((m.mentions for m, _ in points), default=1)
    low, high = MARKER_PX
    markers = []
    for m, (x, y) in points:
        radius = (low + (high - low) * math.sqrt(m.mentions / most)) * unit
        markers.append(Marker(m.place.kb_id, m.place.name, m.place.kind, round(x, 2), round(y, 2),
                              round(radius, 2), _hover_text(m)))
    # Small markers on top of big ones, so that none hides another.
    return sorted(markers, key=lambda k: -k.r)


def _hover_text(m: Mentioned) -> str:
    """What hovering the marker shows: "Vilnius (city, LT): 9 mentions in 6 reports"."""
    where = f"{m.place.kind}, {m.place.country}" if m.place.kind == "city" else m.place.kind
    reports = len(m.documents)
    return (f"{m.place.name} ({where}): {m.mentions} mention{'' if m.mentions == 1 else 's'} "
            f"in {reports} report{'' if reports == 1 else 's'}")


def _frame(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    """The points' bounding box, padded, at the world map's aspect ratio, inside the world."""
    data = world()
    full_w, full_h = data["width"], data["height"]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    width = max(max(xs) - min(xs), MIN_ZOOM_WIDTH * full_w) * 1.3
    height = max(max(ys) - min(ys), MIN_ZOOM_WIDTH * full_h) * 1.3
    aspect = full_w / full_h
    width, height = max(width, height * aspect), max(height, width / aspect)
    width, height = min(width, full_w), min(height, full_h)
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    x = min(max(cx - width / 2, 0.0), full_w - width)
    y = min(max(cy - height / 2, 0.0), full_h - height)
    return x, y, width, height


def _place_labels(markers: list[Marker], unit: float, view_box: tuple[float, float, float, float]) -> None:
    """Greedy: the most mentioned place first, right of its marker, else left, above or
    below; a label that fits nowhere is left out (the place list beside the map has it)."""
    discs = {id(k): (k.x - k.r, k.y - k.r, k.x + k.r, k.y + k.r) for k in markers}
    labels: list[tuple[float, ...]] = []
    font = FONT_PX * unit
    left, top, width, height = view_box
    for k in sorted(markers, key=lambda k: (-k.r, k.name)):
        w, gap = 0.6 * font * len(k.name), k.r + 3 * unit
        up, down = k.y - 0.6 * font, k.y + 0.5 * font
        diagonal = k.r * 0.7 + 2 * unit
        options = [
            (k.x + gap, k.y + 0.35 * font, "start", (k.x + gap, up, k.x + gap + w, down)),
            (k.x - gap, k.y + 0.35 * font, "end", (k.x - gap - w, up, k.x - gap, down)),
            (k.x, k.y - gap - 0.3 * font, "middle", (k.x - w / 2, k.y - gap - 1.2 * font, k.x + w / 2, k.y - gap)),
            (k.x, k.y + gap + 0.9 * font, "middle", (k.x - w / 2, k.y + gap, k.x + w / 2, k.y + gap + 1.1 * font)),
            (k.x + diagonal, k.y - diagonal, "start", (k.x + diagonal, k.y - diagonal - 0.95 * font,
                                                      k.x + diagonal + w, k.y - diagonal + 0.15 * font)),
            (k.x + diagonal, k.y + diagonal + 0.8 * font, "start", (k.x + diagonal, k.y + diagonal - 0.1 * font,
                                                                    k.x + diagonal + w, k.y + diagonal + font)),
            (k.x - diagonal, k.y - diagonal, "end", (k.x - diagonal - w, k.y - diagonal - 0.95 * font,
                                                     k.x - diagonal, k.y - diagonal + 0.15 * font)),
            (k.x - diagonal, k.y + diagonal + 0.8 * font, "end", (k.x - diagonal - w, k.y + diagonal - 0.1 * font,
                                                                  k.x - diagonal, k.y + diagonal + font)),
        ]
        for x, y, anchor, box in options:
            inside = box[0] >= left and box[2] <= left + width and box[1] >= top and box[3] <= top + height
            # A label may touch its own disc's corners (the diagonal places), nothing else.
            others = (d for key, d in discs.items() if key != id(k))
            if inside and not any(_overlap(box, other) for other in (*labels, *others)):
                k.label = (round(x, 2), round(y, 2), anchor)
                labels.append(box)
                break


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _level(mentions: int | None, named: dict[str, int]) -> int:
    if not mentions:
        return 0
    most = max(named.values())
    return 1 + min(2, int(3 * mentions / (most + 1)))
