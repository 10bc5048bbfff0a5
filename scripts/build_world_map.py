"""Build the world outline the map draws, from Natural Earth data (public domain) as the
npm package ``world-atlas`` 2.0.2 (ISC licence) carries it. Run once; the result,
``icc_practices/maps/world.json``, is shipped with the package.

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/build_world_map.py package/

Each country of ``countries-110m.json`` becomes one SVG path (coordinates projected with
the Equal Earth projection, rounded to tenths of a map unit), and each country of
``countries-50m.json`` (more small states) gets the point where its practices without a
city are drawn: the centroid of its largest polygon, so that France's point is in France
and not pulled towards French Guiana.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from icc_practices.maps.projection import HEIGHT, WIDTH, project  # noqa: E402

OUTPUT = ROOT / "icc_practices" / "maps" / "world.json"


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The arcs as (longitude, latitude) lists: TopoJSON stores them quantised and as
    differences from the previous point."""
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """One closed ring from its arcs (a negative index ``~i`` is arc ``i`` reversed);
    consecutive arcs share their joining point, kept once."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def polygons(geometry: dict, arcs) -> list[list[list[tuple[float, float]]]]:
    if geometry["type"] == "Polygon":
        return [[ring(r, arcs) for r in geometry["arcs"]]]
    if geometry["type"] == "MultiPolygon":
        return [[ring(r, arcs) for r in polygon] for polygon in geometry["arcs"]]
    return []


def path(shapes, precision: int = 0) -> str:
    """SVG path data of the projected rings, in relative steps of ``1 / 10**precision``
    map units (a tenth of a unit is about 4 km at the equator; the 1:110m data is not
    finer): points that round onto the previous one are left out. A ring that crosses the
    antimeridian is broken where it jumps instead of drawn across the map."""
    factor = 10**precision
    parts = []
    for polygon in shapes:
        for points in polygon:
            previous_lon = None
            at: tuple[int, int] | None = None
            steps: list[str] = []
            for lon, lat in points:
                x, y = project(lat, lon)
                here = (round(x * factor), round(y * factor))
                jump = previous_lon is not None and abs(lon - previous_lon) > 180
                previous_lon = lon
                if at is None or jump:
                    if steps:
                        parts.append("".join(steps))
                    steps = [f"M{_number(here[0], factor)} {_number(here[1], factor)}"]
                elif here != at:
                    dx, dy = here[0] - at[0], here[1] - at[1]
                    steps.append(f"l{_number(dx, factor)} {_number(dy, factor)}")
                at = here
            parts.append("".join(steps) + "z")
    return "".join(parts).replace(" -", "-").replace("l-", "l-")


def _number(value: int, factor: int) -> str:
    """``value / factor`` in the fewest characters ("0.5" as ".5", "-0.5" as "-.5")."""
    text = f"{value / factor:g}" if factor > 1 else str(value)
    return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text


def area_and_centroid(points) -> tuple[float, tuple[float, float]]:
    """Area and centroid of a ring in projected units (the shoelace formula): Equal Earth
    keeps areas, so the largest ring on the map is the largest on the ground."""
    projected = [project(lat, lon) for lon, lat in points]
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(projected, projected[1:] + projected[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if not area:
        x, y = projected[0]
        return 0.0, (x, y)
    return abs(area / 2), (cx / (3 * area), cy / (3 * area))


def alpha2(geometry: dict) -> str | None:
    from django_countries import countries

    numeric = geometry.get("id")
    if numeric in (None, "-99"):  # Kosovo, Northern Cyprus, Somaliland: no ISO number
        return {"Kosovo": "XK"}.get(geometry.get("properties", {}).get("name", ""))
    return countries.alpha2(numeric) or None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("package", type=Path, help="the unpacked world-atlas package")
    options = parser.parse_args()
    from django.conf import settings

    settings.configure()
    drawn = json.loads((options.package / "countries-110m.json").read_text())
    detailed = json.loads((options.package / "countries-50m.json").read_text())
    drawn_arcs, detailed_arcs = decode_arcs(drawn), decode_arcs(detailed)
    countries = []
    for geometry in drawn["objects"]["countries"]["geometries"]:
        shapes = polygons(geometry, drawn_arcs)
        if shapes:
            countries.append([alpha2(geometry) or "", path(shapes)])
    # Several geometries may carry one country's number (Ashmore and Cartier Islands are
    # Australia's 036): the largest polygon of them all is the country's point.
    largest: dict[str, tuple[float, tuple[float, float]]] = {}
    for geometry in detailed["objects"]["countries"]["geometries"]:
        code = alpha2(geometry)
        for polygon in polygons(geometry, detailed_arcs) if code else []:
            area, centre = area_and_centroid(polygon[0])
            if code not in largest or area > largest[code][0]:
                largest[code] = (area, centre)
    points = {code: [round(x, 1), round(y, 1)] for code, (_area, (x, y)) in largest.items()}
    world = {
        "source": "Natural Earth 1:110m and 1:50m countries (public domain), as TopoJSON "
        "in the npm package world-atlas 2.0.2 (ISC licence)",
        "projection": "Equal Earth",
        "width": WIDTH,
        "height": HEIGHT,
        "countries": sorted(countries),
        "points": dict(sorted(points.items())),
    }
    OUTPUT.write_text(json.dumps(world, separators=(",", ":"), ensure_ascii=True) + "\n")
    size = OUTPUT.stat().st_size
    name = OUTPUT.relative_to(ROOT)
    print(f"{name}: {len(countries)} outlines, {len(points)} points, {size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
