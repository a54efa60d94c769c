"""Drawing the entity graph as inline SVG: a deterministic force layout in numpy, then
the positions, shapes and line widths the template draws.

The layout starts from a sunflower spiral in the order of the nodes (most mentioned in
the middle) and runs a fixed number of Fruchterman-Reingold steps with a cooling
temperature, so the same graph always gets the same picture; a last pass pushes apart
nodes whose labels would overlap. 150 nodes take well under a tenth of a second.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from lagebild.entities import Graph
from lagebild.web.core import entity_href

WIDTH, HEIGHT = 1000, 640
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 80, 24, 34
ITERATIONS = 300
LABEL_FONT_PX = 12
CHAR_PX = 6.6  # average advance of the label font at 12px, for overlap estimates
MIN_RADIUS, MAX_RADIUS = 6.0, 20.0
MIN_STROKE, MAX_STROKE = 1.0, 7.0


@dataclass(frozen=True)
class DrawnNode:
    kb_id: str
    kind: str
    name: str
    detail: str | None
    documents: int
    mentions: int
    x: float
    y: float
    r: float
    href: str


@dataclass(frozen=True)
class DrawnEdge:
    source: str
    target: str
    weight: int
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    opacity: float  # weak ties recede, so the strong ones carry the picture


def draw(graph: Graph) -> tuple[list[DrawnNode], list[DrawnEdge]]:
    """Nodes and edges placed on the WIDTH x HEIGHT canvas."""
    if not graph.nodes:
        return [], []
    index = {n.kb_id: i for i, n in enumerate(graph.nodes)}
    links = [(index[e.source], index[e.target], e.weight) for e in graph.edges]
    top = max(n.mentions for n in graph.nodes) or 1
    radii = np.array([MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * math.sqrt(n.mentions / top) for n in graph.nodes])
    widths = np.array([max(len(n.name) * CHAR_PX, 2 * r) for n, r in zip(graph.nodes, radii)])
    positions = fit_to_canvas(force_layout(len(graph.nodes), links))
    positions = separate_labels(positions, radii, widths)
    nodes = [DrawnNode(n.kb_id, n.kind, n.name, n.detail, n.documents, n.mentions, round(float(x), 1),
                       round(float(y), 1), round(float(r), 1), entity_href(n.kb_id))
             for n, (x, y), r in zip(graph.nodes, positions, radii)]
    strongest = max((e.weight for e in graph.edges), default=1)
    edges = []
    for e in sorted(graph.edges, key=lambda e: (e.weight, e.source, e.target)):  # strong ones drawn on top
        a, b, share = nodes[index[e.source]], nodes[index[e.target]], math.sqrt(e.weight / strongest)
        width = MIN_STROKE + (MAX_STROKE - MIN_STROKE) * share
        edges.append(DrawnEdge(e.source, e.target, e.weight, a.x, a.y, b.x, b.y, round(width, 2),
                               round(0.1 + 0.6 * share * share, 2)))
    return nodes, edges


def force_layout(count: int, links: list[tuple[int, int, int]], *, iterations: int = ITERATIONS) -> np.ndarray:
    """Positions (count x 2) in a box of the canvas's aspect ratio: linked nodes pull
    together (more strongly the more often they co-occur), all nodes push apart."""
    aspect = WIDTH / HEIGHT
    order = np.arange(count)
    radius = np.sqrt((order + 0.5) / max(count, 1))
    angle = order * math.pi * (3 - math.sqrt(5))  # the golden angle: an even spread
    pos = np.stack([radius * np.cos(angle) * aspect, radius * np.sin(angle)], axis=1)
    if count < 3:
        return pos
    pull = np.zeros((count, count))
    for a, b, weight in links:
        pull[a, b] = pull[b, a] = weight
    if pull.max() > 0:  # a weak tie still pulls; strong ones pull up to three times as hard
        pull = np.where(pull > 0, 0.3 + 0.7 * np.log1p(pull) / np.log1p(pull.max()), 0.0)
    k = math.sqrt(4 * aspect / count)  # the ideal distance: the box's area shared out
    pull_over_k = pull / k
    x, y = pos[:, 0].copy(), pos[:, 1].copy()
    for temperature in np.linspace(0.25, 0.005, iterations):
        dx = x[:, None] - x[None, :]
        dy = y[:, None] - y[None, :]
        squared = np.maximum(dx * dx + dy * dy, 1e-6)
        force = (k * k) / squared - pull_over_k * np.sqrt(squared)
        np.fill_diagonal(force, 0.0)
        gravity = 0.08 * np.sqrt(x * x + y * y) / k  # keeps loose nodes from drifting off
        step_x = (force * dx).sum(axis=1) - gravity * x
        step_y = (force * dy).sum(axis=1) - gravity * y
        length = np.maximum(np.sqrt(step_x * step_x + step_y * step_y), 1e-9)
        scale = np.minimum(length, temperature) / length
        x += step_x * scale
        y += step_y * scale
    pos = np.stack([x, y], axis=1)
    return lengthwise(pos)


def lengthwise(pos: np.ndarray) -> np.ndarray:
    """The layout turned so that its longest extent runs along the wide canvas, with the
    first (most mentioned) node in the left half, so the turn is always the same."""
    centred = pos - pos.mean(axis=0)
    _, vectors = np.linalg.eigh(centred.T @ centred)
    major = vectors[:, -1]
    turned = centred @ np.array([[major[0], -major[1]], [major[1], major[0]]])
    return turned * np.where(turned[0] > 0, -1.0, 1.0)


def fit_to_canvas(pos: np.ndarray) -> np.ndarray:
    """Scale each axis to fill the canvas inside the margins."""
    low, high = pos.min(axis=0), pos.max(axis=0)
    span = np.where(high - low > 1e-9, high - low, 1.0)
    unit = np.where(high - low > 1e-9, (pos - low) / span, 0.5)
    box_low = np.array([MARGIN_X, MARGIN_TOP])
    box_size = np.array([WIDTH - 2 * MARGIN_X, HEIGHT - MARGIN_TOP - MARGIN_BOTTOM])
    return box_low + unit * box_size


def separate_labels(pos: np.ndarray, radii: np.ndarray, widths: np.ndarray, *, rounds: int = 80) -> np.ndarray:
    """Push apart nodes whose boxes (the shape and the label under it) overlap, along the
    axis where they overlap least, keeping everything on the canvas."""
    pos = pos.copy()
    half_w = widths / 2 + 6
    above = radii + 4
    below = radii + LABEL_FONT_PX + 6
    # Each node stays where its whole label and shape are on the canvas.
    low = np.stack([half_w, above], axis=1)
    high = np.stack([WIDTH - half_w, HEIGHT - below], axis=1)
    pos = np.clip(pos, low, high)
    order = np.arange(len(pos))
    tie = np.sign(order[:, None] - order[None, :]).astype(float)  # who yields when two nodes coincide
    for _ in range(rounds):
        dx = pos[:, None, 0] - pos[None, :, 0]
        dy = pos[:, None, 1] - pos[None, :, 1]
        overlap_x = half_w[:, None] + half_w[None, :] - np.abs(dx)
        # i below j: i's top against j's bottom, and the other way round
        overlap_y = np.where(dy >= 0, above[:, None] + below[None, :], below[:, None] + above[None, :]) - np.abs(dy)
        clash = (overlap_x > 0) & (overlap_y > 0)
        np.fill_diagonal(clash, False)
        if not clash.any():
            break
        along_x = overlap_x < overlap_y * 2.5  # labels are wide: moving up or down is cheaper
        push_x = np.where(clash & along_x, _away(dx, tie) * overlap_x / 2, 0.0)
        push_y = np.where(clash & ~along_x, _away(dy, tie) * overlap_y / 2, 0.0)
        pos[:, 0] += push_x.sum(axis=1) * 0.5
        pos[:, 1] += push_y.sum(axis=1) * 0.5
        pos = np.clip(pos, low, high)
    return pos


def _away(delta: np.ndarray, tie: np.ndarray) -> np.ndarray:
    return np.where(delta != 0, np.sign(delta), tie)
