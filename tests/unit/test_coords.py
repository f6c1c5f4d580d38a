import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atlaspress.content.coords import Coordinate, CoordinateError, parse_coordinate


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("37.93 N, 126.60 E", (126.60, 37.93)),
        ("37.93, 126.60", (126.60, 37.93)),
        ("-33.9, 151.2", (151.2, -33.9)),
        ("65.77 N, 169.0 W", (-169.0, 65.77)),
        ("S 33.9, E 151.2", (151.2, -33.9)),
        ("126.60 E, 37.93 N", (126.60, 37.93)),
        ("37°55′48″N 126°36′E", (126.6, 37.93)),
        ("37°55'48\"N, 126°36'0\"E", (126.6, 37.93)),
        ("80 49 36 N, 66 27 31 W".replace(" 49 36", "°49′36″").replace(" 27 31", "°27′31″"), (-66.458611, 80.826667)),
        ({"lat": 37.93, "lon": 126.6}, (126.6, 37.93)),
        ({"latitude": "1.5", "longitude": "2.5"}, (2.5, 1.5)),
        ([10, 20], (20, 10)),
    ],
)
def test_parses_human_forms(text, expected):
    c = parse_coordinate(text)
    assert c.lon == pytest.approx(expected[0], abs=1e-5)
    assert c.lat == pytest.approx(expected[1], abs=1e-5)


def test_latitude_out_of_range_has_hint():
    with pytest.raises(CoordinateError) as info:
        parse_coordinate("137.9, 126.6")
    assert str(info.value) == "latitude 137.9 is out of range"
    assert "latitude runs from -90" in info.value.hint


def test_swapped_values_suggest_the_fixed_order():
    with pytest.raises(CoordinateError) as info:
        parse_coordinate("126.6, 37.93")
    assert info.value.hint.startswith('values look swapped; write "37.93, 126.6"')


@pytest.mark.parametrize(
    "bad", ["", "abc", "1, 2, 3", "91 N, 10 E", "10 N, 10 N", "10, 200", {"lat": 1}, "-5 S, 10 E", "10°70′N 5E"]
)
def test_rejects_bad_input(bad):
    with pytest.raises(CoordinateError):
        parse_coordinate(bad)


def test_human_round_trip():
    c = Coordinate(lon=-168.9, lat=65.75)
    assert c.human() == "65.75 N, 168.9 W"
    assert parse_coordinate(c.human()) == c


@settings(max_examples=300)
@given(
    st.one_of(
        st.text(max_size=40),
        st.floats(),
        st.lists(st.floats(), max_size=3),
        st.dictionaries(st.sampled_from(["lat", "lon", "x"]), st.one_of(st.floats(), st.text(max_size=5))),
    )
)
def test_any_input_gives_a_coordinate_or_a_coordinate_error(value):
    try:
        c = parse_coordinate(value)
    except CoordinateError:
        return
    assert -90 <= c.lat <= 90 and -180 <= c.lon <= 180


# Positions pasted from map apps and code (found refused in a fresh-eyes sweep). The expected
# figures are the ones each link carries: the formats are documented by their publishers
# (Google Maps URLs: "/@lat,lng,zoom", "query=lat,lng"; OpenStreetMap: "#map=zoom/lat/lon";
# Bing Maps: "cp=lat~lon"; Apple Maps: "ll=lat,lon"; RFC 5870: "geo:lat,lon").
@pytest.mark.parametrize(("text", "lat", "lon"), [
    ("https://www.google.com/maps/@51.5007,-0.1246,17z", 51.5007, -0.1246),
    ("https://www.google.com/maps/place/Big+Ben/@51.5,-0.12,17z/data=!3m1!4b1!4m6!3m5!1s0x0:0x0!8m2"
     "!3d51.5007292!4d-0.1246254", 51.5007292, -0.1246254),  # the pin, not the view's centre
    ("https://maps.google.com/?q=48.8584,2.2945", 48.8584, 2.2945),
    ("https://www.google.com/maps/search/?api=1&query=48.8584%2C2.2945", 48.8584, 2.2945),
    ("https://www.openstreetmap.org/#map=17/51.50070/-0.12460", 51.5007, -0.1246),
    ("https://www.openstreetmap.org/?mlat=-33.87&mlon=151.21#map=12/-33.8/151.2", -33.87, 151.21),
    ("https://www.bing.com/maps?cp=47.6~-122.3&lvl=11", 47.6, -122.3),
    ("https://maps.apple.com/?ll=50.894967,4.341626&q=Atomium", 50.894967, 4.341626),
    ("geo:-33.87,151.21", -33.87, 151.21),
    ("geo:64.1466,-21.9426;u=35", 64.1466, -21.9426),
    ("lat: -33.87, lng: 151.21", -33.87, 151.21),
    ("lon=151.21 lat=-33.87", -33.87, 151.21),
    ("Latitude -33.87 Longitude 151.21", -33.87, 151.21),
])
def test_links_and_labelled_values_name_their_axes(text, lat, lon):
    c = parse_coordinate(text)
    assert (c.lat, c.lon) == pytest.approx((lat, lon))
    assert c.explicit_axes


@pytest.mark.parametrize("text", ["https://example.org/about", "https://www.google.com/maps/@91.5,-0.12,17z",
                                  "lat 10 latitude 20"])
def test_a_link_without_a_position_is_refused(text):
    with pytest.raises(CoordinateError):
        parse_coordinate(text)
