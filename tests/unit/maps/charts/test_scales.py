"""Ticks and number formats; value axes of bars, columns and areas always hold zero."""

from __future__ import annotations

import random

import pytest

from atlaspress.maps.charts.scales import format_number, nice_step, value_domain, year_ticks


@pytest.mark.parametrize("seed", range(40))
def test_value_axis_covers_the_data_and_zero(seed):
    rng = random.Random(seed)
    values = [rng.uniform(-1e6, 1e6) * rng.choice((1e-4, 1, 1e3)) + rng.choice((0, 5e5)) for _ in range(8)]
    axis = value_domain(values, zero=True)
    assert axis.lo <= min(values + [0]) and axis.hi >= max(values + [0])
    assert 0.0 in axis.ticks and not axis.broken
    assert 3 <= len(axis.ticks) <= 12
    steps = {round(b - a, 9) for a, b in zip(axis.ticks, axis.ticks[1:])}
    assert len(steps) == 1


def test_a_cut_axis_says_so():
    axis = value_domain([70.0, 84.0], zero=False)
    assert axis.lo > 0 and axis.broken
    assert not value_domain([70.0, 84.0], zero=True).broken


@pytest.mark.parametrize(("span", "count", "step"), [(54988, 5, 10000), (563.3, 5, 100), (1.2, 4, 0.2),
                                                     (7, 5, 1), (0.03, 3, 0.01)])
def test_nice_steps(span, count, step):
    assert nice_step(span, count) == pytest.approx(step)


@pytest.mark.parametrize(("value", "fmt", "text"), [
    (54988, ",", "54,988"), (54988, "", "54988"), (14.9, ",", "14.9"), (470, ",.1", "470.0"),
    (-1234.5, ",", "−1,234.5"), (0.253, "%", "25.3%"), (0.253, ".0%", "25%"), (1e6, ",.2", "1,000,000.00"),
])
def test_formats(value, fmt, text):
    assert format_number(value, fmt) == text


def test_year_ticks_fit():
    assert year_ticks(2005, 2016, 12) == tuple(range(2005, 2016))
    assert len(year_ticks(1900, 2020, 6)) <= 6
