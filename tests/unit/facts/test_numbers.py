"""Rounding to what the data supports (issue 10, point 4): one formatter for every sentence."""

from __future__ import annotations

import pytest

from atlaspress.facts.numbers import area_text, distance_text, prose_number


@pytest.mark.parametrize(("value", "text"), [
    (0, "0"), (0.0333, "0.033"), (9.84, "9.8"), (42.4, "42"), (99.6, "100"), (1237.4, "1,240"),
])
def test_prose_number(value, text):
    assert prose_number(value) == text


@pytest.mark.parametrize(("km", "precision", "text"), [
    (0.273, 1.0, "under 1 km"),  # Natural Earth 1:10m: never metres
    (0.273, 0.02, "270 m"),  # OpenStreetMap borders, 10 m simplification
    (0.004, 0.02, "4 m"),
    (4.3, 1.0, "4 km"),  # 1 km data: whole kilometres
    (4.3, 0.02, "4.3 km"),
    (108.4, 1.0, "108 km"),
    (1237.4, 1.0, "1,240 km"),
])
def test_distance_text_rounds_to_the_data(km, precision, text):
    assert distance_text(km, precision) == text


def test_miles_follow_the_same_rounding():
    assert distance_text(15.77, 1.0, miles=True) == "16 km (10 mi)"
    assert distance_text(0.5, 1.0, miles=True) == "under 1 km"
    assert distance_text(1.2, 1.0, miles=True) == "1 km (under 1 mi)"
    assert distance_text(0.18, 0.02, miles=True) == "180 m (590 ft)"
    assert area_text(3.538) == "3.5 km² (1.4 mi²)"


def test_caption_and_list_cannot_disagree():
    """The caption (no miles) is a prefix of the list's text (with miles) for every distance."""
    for km in (0.05, 0.27, 0.99, 1.0, 4.49, 9.96, 15.77, 108.4, 2692.0):
        for precision in (1.0, 0.02):
            assert distance_text(km, precision, miles=True).startswith(distance_text(km, precision))
