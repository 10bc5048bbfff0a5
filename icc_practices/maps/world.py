"""The world outline the map is drawn on, shipped with the package (built once from
Natural Earth data by ``scripts/build_world_map.py``; no tile server, no request)."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from django.utils.html import format_html_join
from django.utils.safestring import SafeString

WORLD_FILE = Path(__file__).with_name("world.json")


@dataclass(frozen=True)
class World:
    width: int
    height: int
    outlines: tuple[tuple[str, str], ...]  # (ISO code or "", SVG path data)
    centres: dict[str, tuple[float, float]]  # lower-case ISO code -> map position
    source: str
    land: SafeString  # the outlines as SVG paths, escaped once: the map's static part


@functools.cache
def world() -> World:
    """The outline and the countries' centres, read once per process (52 kB)."""
    data = json.loads(WORLD_FILE.read_text(encoding="utf-8"))
    outlines = tuple((code.lower(), outline) for code, outline in data["countries"])
    return World(
        width=data["width"],
        height=data["height"],
        outlines=outlines,
        centres={code.lower(): (x, y) for code, (x, y) in data["points"].items()},
        source=data["source"],
        # Joined here, not looped over in the template: escaping 52 kB path by path on
        # every first render of a filter cost more than the rest of the map.
        land=format_html_join("", '<path d="{}"/>', ((outline,) for _code, outline in outlines)),
    )
