"""Numbers for prose, rounded to what the data behind them supports.

A distance measured to a Natural Earth 1:10m line is good to about a kilometre, so it is
never printed in metres; one measured to OpenStreetMap's borders (simplified to 10 m) may
be. Every sentence — caption, At a glance, social card — formats its numbers here, so the
caption cannot say "less than 1 km" while the list says "273 m".

>>> distance_text(0.273, 1.0), distance_text(0.273, 0.02), distance_text(15.77, 1.0)
('under 1 km', '270 m', '16 km')
>>> distance_text(15.77, 1.0, miles=True), distance_text(3.46, 0.02, miles=True)
('16 km (10 mi)', '3.5 km (2.1 mi)')
>>> prose_number(9.84), prose_number(42.4), prose_number(1237.4)
('9.8', '42', '1,240')
"""

from __future__ import annotations

import math

KM_PER_MI = 1.609344
FT_PER_M = 3.28084


def prose_number(x: float) -> str:
    """Round for reading: 2 significant figures below 1, 1 decimal below 10, whole below 100, else 3 s.f."""
    x = abs(x)
    if x == 0:
        return "0"
    if x < 1:
        return f"{x:.2g}"
    if x < 10:
        return f"{x:.1f}"
    if x < 100:
        return f"{round(x)}"
    digits = int(math.floor(math.log10(x))) - 2
    return f"{int(round(x, -digits)):,}"


def _km(km: float, precision_km: float) -> str:
    """Kilometres to the precision the data supports (never finer than prose_number)."""
    if precision_km >= 0.5:
        return f"{round(km):,}" if km < 100 else prose_number(km)
    return prose_number(km)


def distance_text(km: float, precision_km: float = 1.0, *, miles: bool = False) -> str:
    """A distance as prose: ``'16 km'``, ``'270 m'`` (fine data only), ``'under 1 km'``.

    ``precision_km`` is how far the data's line may lie from the true one. Below a
    kilometre, coarse data says "under 1 km"; fine data gives metres to two figures.
    """
    if km < 1:
        if precision_km >= 0.5:
            return "under 1 km"
        metres = int(round(km * 1000, -1) if km >= 0.01 else round(km * 1000))
        feet = metres * FT_PER_M
        feet = int(round(feet, -1) if feet >= 10 else round(feet))
        return f"{metres:,} m ({feet:,} ft)" if miles else f"{metres:,} m"
    text = f"{_km(km, precision_km)} km"
    if miles:
        mi = km / KM_PER_MI
        if mi >= 1:
            text += f" ({_km(mi, precision_km)} mi)"
        else:
            text += " (under 1 mi)" if precision_km >= 0.5 else f" ({prose_number(mi)} mi)"
    return text


def area_text(km2: float) -> str:
    """``'3.3 km² (1.3 mi²)'``: areas of the author's own layers, at their own precision."""
    return f"{prose_number(km2)} km² ({prose_number(km2 / KM_PER_MI**2)} mi²)"
