"""The Equal Earth projection (Šavrič, Patterson and Jenny, 2018): a world map whose
areas are true and whose shapes look familiar, in closed form, with no library.

Map units: the world is ``WIDTH`` wide, x grows to the east, y to the south (SVG's).
"""

from __future__ import annotations

import math

_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2
_HALF_WIDTH = math.pi / (_M * _A1)  # x of longitude 180° on the equator, unscaled
_POLE = math.asin(_M)  # θ of latitude 90°
_HALF_HEIGHT = _POLE * (_A1 + _A2 * _POLE**2 + _POLE**6 * (_A3 + _A4 * _POLE**2))
WIDTH = 1000
_SCALE = WIDTH / (2 * _HALF_WIDTH)
HEIGHT = math.ceil(2 * _HALF_HEIGHT * _SCALE)


def project(latitude: float, longitude: float) -> tuple[float, float]:
    """Where a point on the ground is on the map (degrees in, map units out)."""
    lam = math.radians(max(-180.0, min(180.0, float(longitude))))
    phi = math.radians(max(-90.0, min(90.0, float(latitude))))
    theta = math.asin(_M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return WIDTH / 2 + x * _SCALE, _HALF_HEIGHT * _SCALE - y * _SCALE


def unproject(x: float, y: float) -> tuple[float, float]:
    """(latitude, longitude) of a map position: the inverse of :func:`project` (Newton's
    method on the polynomial in θ, as d3-geo does), for hosts that draw on tiles."""
    ux = (x - WIDTH / 2) / _SCALE
    uy = (_HALF_HEIGHT * _SCALE - y) / _SCALE
    theta = uy
    for _step in range(12):
        t2 = theta * theta
        t6 = t2 * t2 * t2
        value = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2)) - uy
        slope = _A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)
        step = value / slope
        theta -= step
        if abs(step) < 1e-12:
            break
    t2 = theta * theta
    t6 = t2 * t2 * t2
    slope = _A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)
    longitude = math.degrees(_M * ux * slope / math.cos(theta))
    latitude = math.degrees(math.asin(max(-1.0, min(1.0, math.sin(theta) / _M))))
    return latitude, longitude
