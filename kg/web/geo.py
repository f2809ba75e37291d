"""An offline world outline for the map: Natural Earth country borders from the world-atlas
package (TopoJSON, vendored by scripts/vendor.sh), drawn as one SVG path in an
equirectangular projection (x = longitude, y = -latitude, in degrees). No tile server.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

__all__ = ["ATLAS", "bounds", "outline"]

ATLAS = Path(__file__).parent / "static" / "vendor" / "world-atlas" / "countries-110m.json"


@lru_cache(maxsize=1)
def outline() -> str | None:
    """The SVG path data of every border and coast, or None when world-atlas is not vendored."""
    if not ATLAS.is_file():
        return None
    topology = json.loads(ATLAS.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    parts = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:  # delta-encoded, quantized positions
            x, y = x + dx, y + dy
            points.append(f"{x * sx + tx:.2f} {-(y * sy + ty):.2f}")
        parts.append("M" + " L".join(points))
    return " ".join(parts)


def bounds(points: list[tuple[float, float]], pad: float = 12.0) -> tuple[float, float, float, float]:
    """An SVG viewBox (x, y, width, height) around (latitude, longitude) points, padded, at
    least 40 x 25 degrees, so a few nearby places still show their surroundings.

    >>> bounds([(41.0, 29.0), (30.0, 31.2)])
    (10.1, -53.0, 40.0, 35.0)
    """
    if not points:
        return (-180.0, -90.0, 360.0, 180.0)
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    west, east = min(lons) - pad, max(lons) + pad
    south, north = min(lats) - pad, max(lats) + pad
    width, height = max(east - west, 40.0), max(north - south, 25.0)
    cx, cy = (west + east) / 2, (south + north) / 2
    return (round(cx - width / 2, 2), round(-(cy + height / 2), 2), round(width, 2), round(height, 2))
