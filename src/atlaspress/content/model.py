"""The content format: pydantic models for a place post's front matter.

These models are the contract with authors. ``docs/content-format.md`` is generated from
them (``atlaspress.app.docs``), so every field carries a description written for a person.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    HttpUrl,
    ValidationInfo,
    field_validator,
    model_validator,
)

from atlaspress.content.coords import Coordinate, parse_coordinate
from atlaspress.core.config import SLUG_PATTERN
from atlaspress.core.sitepaths import parse_alias

Zoom = Literal["city", "region", "country", "continent"]
LineKind = Literal["disputed", "line-of-control", "de-facto", "ceasefire"]

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _to_text(value: Any) -> Any:
    """YAML turns ``2016`` into an int; dates and years are text to us until validated."""
    if isinstance(value, (int, dt.date)) and not isinstance(value, bool):
        return str(value)
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def human_date(text: str) -> str:
    """``2016`` → ``2016``; ``2016-02`` → ``February 2016``; ``2016-02-10`` → ``10 February 2016``.

    Timelines often know only the year, so events keep the precision the author gave.
    """
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], 1).strftime("%B %Y")
    day = dt.date(*parts)
    return f"{day.day} {day.strftime('%B %Y')}"


def _partial_date(value: Any) -> str:
    text = _to_text(value)
    if not isinstance(text, str):
        raise ValueError("write a date as YYYY, YYYY-MM or YYYY-MM-DD")
    m = _PARTIAL_DATE.match(text.strip())
    if not m:
        raise ValueError(f"{text!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    try:
        dt.date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a real date ({exc})") from exc
    return text.strip()


def _full_date(value: Any) -> dt.date:
    text = _to_text(value)
    if isinstance(text, str):
        m = re.match(r"^(\d{4})-(\d{2})-(\d{2})$", text.strip())
        if not m:
            raise ValueError(f"{text!r} is not a date; write YYYY-MM-DD, e.g. 2022-09-01")
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a real date ({exc})") from exc
    raise ValueError("write the date as YYYY-MM-DD, e.g. 2022-09-01")


FullDate = Annotated[dt.date, BeforeValidator(_full_date)]
DateText = Annotated[str, BeforeValidator(_partial_date)]
NonEmpty = Annotated[str, Field(min_length=1)]


def _lang_tag(value: Any) -> Any:
    if isinstance(value, str) and not re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", value.strip()):
        raise ValueError(f"{value!r} is not a language tag; write a BCP 47 tag such as `ko`, `el` or `zh-Hant`")
    return value.strip() if isinstance(value, str) else value


LangTag = Annotated[str, BeforeValidator(_lang_tag)]


class Place(_Strict):
    """Where the post is about. Only ``name`` and ``at`` are required."""

    name: NonEmpty = Field(description="The place's name in the site's language.")
    local_name: str | None = Field(None, description="The name in the local language and script, e.g. `개성공업지구`; "
                                   "names in several languages are separated by ` / `.")
    local_lang: list[LangTag] | None = Field(
        None,
        description="BCP 47 language tag of the local name (`ko`, `zh-Hant`), or one per ` / `-separated "
        "part (`[el, tr]`). Omitted, it is told from the script (Hangul `ko`, Greek `el`, Han by `country`); "
        "a Latin-script name without it gets no tag.",
    )
    at: Coordinate = Field(
        description=(
            "Position as people write it: `37.93 N, 126.60 E`; letters before or after the number, in "
            "either order (`126.60 E 37.93 N`, `N37.93 E126.60`, words such as `North`); without letters, "
            "latitude first (`37.93, 126.60`, `37.93 126.60`, `37.93/126.60`); DMS `37°55′48″N 126°36′E` "
            "or `37 55 48 N, 126 36 0 E`; decimal minutes `37° 55.8′ N`; decimal commas with letters or "
            "`;` (`37,93; 126,60`); or `{lat: 37.93, lon: 126.60}`. South and west are negative (`-` or "
            "`−`) or marked S/W. `O` is refused: east in German, west in French and Spanish."
        )
    )
    country: str | None = Field(
        None,
        description=(
            "ISO 3166-1 alpha-2 code of the state or territory that holds the place (`KP`, `PN`; a "
            "territory's sovereign, `GB`, is right too). Omitted, it is computed from OpenStreetMap's "
            "borders; `new post` writes it."
        ),
    )
    zoom: Zoom | None = Field(
        None,
        description="Locator-map extent hint: `city`, `region`, `country` or `continent`; "
        "chosen automatically if omitted.",
    )
    distance_to: str | None = Field(
        None,
        description="Id of a layer (e.g. `mdl`) whose geodesic distance from `at` is shown under At a glance.",
    )

    @field_validator("local_lang", mode="before")
    @classmethod
    def _one_lang_or_list(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("at", mode="before")
    @classmethod
    def _parse_at(cls, value: Any) -> Coordinate:
        return parse_coordinate(value)

    @field_validator("country", mode="before")
    @classmethod
    def _country(cls, value: Any) -> Any:
        if isinstance(value, str):
            code = value.strip().upper()
            if not re.fullmatch(r"[A-Z]{2}", code):
                raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 code such as KP or CY")
            return code
        return value


class Layer(_Strict):
    """A geodata file in the post's folder, drawn on the locator and interactive maps."""

    file: NonEmpty = Field(description="File name inside the post folder, e.g. `zone.geojson`.")
    id: str | None = Field(
        None, description="Identifier other fields refer to; defaults to the file name without extension."
    )
    title: str | None = Field(None, description="Legend text; defaults to the id.")
    kind: LineKind | None = Field(
        None,
        description="For line layers: `disputed`, `line-of-control`, `de-facto` or `ceasefire` "
        "draw dashed with a legend entry.",
    )

    @model_validator(mode="before")
    @classmethod
    def _from_name(cls, value: Any) -> Any:
        return {"file": value} if isinstance(value, str) else value

    @property
    def key(self) -> str:
        return self.id or self.file.rsplit("/", 1)[-1].split(".", 1)[0]

    @property
    def label(self) -> str:
        return self.title or self.key.replace("-", " ").capitalize()


class Fact(_Strict):
    """A key fact: a one-line claim and the Markdown that explains it."""

    claim: NonEmpty = Field(description="The fact in one sentence; shown as a heading.")
    detail: str = Field("", description="Markdown: paragraphs, lists, links explaining the claim.")
    image: str | None = Field(None, description="Image file in the post folder illustrating the fact.")
    alt: str | None = Field(None, description="Text alternative for the image (required with `image`).")
    credit: str | None = Field(None, description="Credit line for the image, e.g. `Photo: Jane Doe / CC BY 4.0`.")


class Event(_Strict):
    """A dated entry on the timeline."""

    when: DateText = Field(description="`YYYY`, `YYYY-MM` or `YYYY-MM-DD`.")
    what: NonEmpty = Field(description="What happened, one sentence (inline Markdown allowed).")

    @property
    def human(self) -> str:
        return human_date(self.when)


class Source(_Strict):
    """A source or further reading."""

    title: NonEmpty = Field(description="Title of the article, report or page.")
    publisher: str | None = Field(None, description="Who published it, e.g. `BBC`.")
    year: int | None = Field(None, ge=1000, le=3000, description="Year of publication.")
    url: HttpUrl | None = Field(None, description="Link to it (http or https).")


MAX_REPLY_DEPTH = 8
"""How deep replies may nest: a comment, a reply to it, … eight levels in all."""


class Comment(_Strict):
    """A reader comment imported from a previous platform; shown read-only, with its replies."""

    author: NonEmpty = Field(description="Name the commenter used.")
    date: FullDate = Field(description="`YYYY-MM-DD`.")
    text: NonEmpty = Field(
        description="The comment: plain text or inline Markdown (emphasis, code, links); other HTML, images "
        "included, is removed, and links are marked `rel=\"nofollow ugc\"`."
    )
    url: HttpUrl | None = Field(
        None, description="The commenter's website (http or https); their name links to it, marked "
        "`rel=\"nofollow ugc\"`."
    )
    replies: list[Comment] = Field(
        default_factory=list,
        description=f"Replies to this comment, each a Comment (with replies of its own, up to {MAX_REPLY_DEPTH} "
        "levels in all).",
    )

    def walk(self) -> Iterator[Comment]:
        """This comment, then its replies, depth first: the order they are shown in."""
        yield self
        for reply in self.replies:
            yield from reply.walk()

    @property
    def depth(self) -> int:
        """Levels of this thread: 1 for a comment without replies."""
        return 1 + max((reply.depth for reply in self.replies), default=0)


def walk_comments(comments: list[Comment]) -> Iterator[Comment]:
    """Every comment and reply of a post, depth first."""
    for comment in comments:
        yield from comment.walk()


def _alias(value: Any) -> str:
    """An old address of the page, checked (:func:`atlaspress.core.sitepaths.parse_alias`)."""
    return parse_alias(value).text


AliasText = Annotated[str, BeforeValidator(_alias)]


# --- claims: checkable statements and the quantities they state ---------------------------

# unit as written → (canonical unit, dimension, size in metres or square metres)
_UNITS: dict[str, tuple[str, str, float]] = {
    **dict.fromkeys(("m", "metre", "metres", "meter", "meters"), ("m", "length", 1.0)),
    **dict.fromkeys(("km", "kilometre", "kilometres", "kilometer", "kilometers"), ("km", "length", 1000.0)),
    **dict.fromkeys(("mi", "mile", "miles"), ("mi", "length", 1609.344)),
    **dict.fromkeys(("m2", "m²", "sq m"), ("m²", "area", 1.0)),
    **dict.fromkeys(("ha", "hectare", "hectares"), ("ha", "area", 1e4)),
    **dict.fromkeys(("km2", "km²", "sq km"), ("km²", "area", 1e6)),
    **dict.fromkeys(("mi2", "mi²", "sq mi"), ("mi²", "area", 1609.344**2)),
    "%": ("%", "ratio", 0.01),
}
_QUANTITY = re.compile(r"^\s*(\d[\d,]*(?:\.\d+)?|\.\d+)\s*([a-z²%][a-z²2 ]*?)?\s*$", re.I)


class Quantity(NamedTuple):
    """A number with a unit, e.g. ``5 mi`` or ``66 km²``; ``si`` is in m, m² or a fraction."""

    value: float
    unit: str

    @property
    def dimension(self) -> str:
        return _UNITS[self.unit][1]

    @property
    def si(self) -> float:
        return self.value * _UNITS[self.unit][2]

    def __str__(self) -> str:
        number = f"{self.value:,.6f}".rstrip("0").rstrip(".")
        return f"{number}%" if self.unit == "%" else f"{number} {self.unit}"


def parse_quantity(value: Any) -> Quantity:
    """``"5 mi"`` → ``Quantity(5.0, "mi")``; units km, mi, m, km2/km², mi2, ha, m2 and %."""
    if isinstance(value, Quantity):
        return value
    m = _QUANTITY.match(str(value)) if isinstance(value, (str, int, float)) else None
    if not m or not m[2]:
        raise ValueError(f"{value!r} is not a quantity with a unit; write e.g. `5 mi`, `66 km2` or `10%`")
    unit = _UNITS.get(m[2].strip().lower())
    if unit is None:
        raise ValueError(f"unknown unit {m[2].strip()!r}; use km, mi, m, km2, mi2, ha or %")
    return Quantity(float(m[1].replace(",", "")), unit[0])


QuantityText = Annotated[Quantity, BeforeValidator(parse_quantity)]
_SUBJECT_UNITS = {"distance_to": "length", "length": "length", "area": "area"}


class Claim(_Strict):
    """A statement the geometry can check, e.g. `{distance_to: mdl, less_than: 5 mi}`.

    Name one subject (`distance_to`, `area`, `length` or `in_country`) and, except for
    `in_country`, one comparison (`less_than`, `more_than` or `about`). `check` and `build`
    measure it; one that does not hold is a warning with the measured value, and the page
    shows every claim with its verdict under At a glance.
    """

    distance_to: str | None = Field(
        None,
        description="Subject: geodesic distance from `place.at` to a layer (its id), to `border` (the nearest "
        "international land border, unless a layer has that id) or to `city:<Name>` (a GeoNames city).",
    )
    area: str | None = Field(None, description="Subject: geodesic area of a polygon layer (its id).")
    length: str | None = Field(None, description="Subject: geodesic length of a line layer (its id).")
    in_country: str | None = Field(
        None, description="Subject: the place lies in this country (ISO alpha-2), by point-in-polygon on "
        "OpenStreetMap's borders; a territory's sovereign holds too."
    )
    less_than: QuantityText | None = Field(None, description="The measured value is below this, e.g. `5 mi`.")
    more_than: QuantityText | None = Field(None, description="The measured value is above this, e.g. `10 km`.")
    about: QuantityText | None = Field(
        None, description="The measured value is this, within `tolerance`, e.g. `66 km2`."
    )
    tolerance: QuantityText | None = Field(
        None, description="With `about`: allowed difference, a percentage (default `10%`) or a quantity (`5 km2`)."
    )
    text: str | None = Field(None, description="How the page words the claim; generated from the fields if omitted.")

    @field_validator("in_country", mode="before")
    @classmethod
    def _country(cls, value: Any) -> Any:
        return Place._country(value)

    @field_validator("less_than", "more_than", "about")
    @classmethod
    def _units_fit(cls, value: Quantity | None, info: ValidationInfo) -> Quantity | None:
        subject = next((k for k in _SUBJECT_UNITS if info.data.get(k)), None)
        if value is not None and subject and value.dimension != _SUBJECT_UNITS[subject]:
            dimension = _SUBJECT_UNITS[subject]
            raise ValueError(
                f"{value} is not {'an' if dimension == 'area' else 'a'} {dimension}; {subject} needs "
                + ("km, mi or m" if _SUBJECT_UNITS[subject] == "length" else "km2, mi2 or ha")
            )
        if value is not None and value.dimension == "ratio":
            raise ValueError(f"{value} is a percentage; write a distance or an area")
        return value

    @model_validator(mode="after")
    def _one_subject_one_test(self) -> Claim:
        subjects = [k for k in ("distance_to", "area", "length", "in_country") if getattr(self, k)]
        tests = [k for k in ("less_than", "more_than", "about") if getattr(self, k) is not None]
        if len(subjects) != 1:
            raise ValueError(
                "a claim names exactly one of distance_to, area, length or in_country"
                + (f", not {' and '.join(subjects)}" if subjects else "")
            )
        if subjects == ["in_country"] and (tests or self.tolerance):
            raise ValueError("in_country takes no comparison")
        if subjects != ["in_country"] and len(tests) != 1:
            raise ValueError("a claim needs exactly one of less_than, more_than or about")
        if self.tolerance is not None and not self.about:
            raise ValueError("tolerance goes with about")
        fits = ("ratio", self.about.dimension) if self.about else ()
        if self.tolerance is not None and self.about and self.tolerance.dimension not in fits:
            raise ValueError(f"tolerance {self.tolerance} does not match {self.about}")
        return self

    @property
    def subject(self) -> str:
        return next(k for k in ("distance_to", "area", "length", "in_country") if getattr(self, k))


# --- charts and data maps: the numbers behind a place, drawn from a CSV in the bundle -------

ChartType = Literal[
    "line", "area", "column", "stacked-column", "grouped-column", "bar", "dot-plot", "table",
    "choropleth", "symbols",
]
TIME_SERIES_TYPES = ("line", "area", "column", "stacked-column", "grouped-column")
MAP_TYPES = ("choropleth", "symbols")
BAR_TYPES = ("column", "stacked-column", "grouped-column", "bar")
_NUMBER_FORMAT = re.compile(r"^(,)?(?:\.(\d))?(%)?$")
CHART_ID = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class ChartSource(_Strict):
    """Where a chart's numbers come from: shown under the chart and in its table."""

    publisher: NonEmpty = Field(description="Who published the figures, e.g. `Ministry of Unification (South Korea)`.")
    title: str | None = Field(None, description="Title of the report or table.")
    year: int | None = Field(None, ge=1000, le=3000, description="Year of publication.")
    url: HttpUrl | None = Field(None, description="Link to the figures (http or https).")
    via: str | None = Field(None, description="Who reported them, when not read at the source, e.g. `Xinhua`.")


class Annotation(_Strict):
    """A dated line (`when`) or band (`from` … `to`) with a label, on a time-series chart."""

    when: DateText | None = Field(None, description="A date for a line: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.")
    from_: DateText | None = Field(None, alias="from", description="Start of a band (with `to`).")
    to: DateText | None = Field(None, description="End of a band (with `from`).")
    label: NonEmpty = Field(description="Short text drawn by the line or band, e.g. `Closed by the North`.")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _line_or_band(self) -> Annotation:
        if self.when and (self.from_ or self.to):
            raise ValueError("an annotation is a line (`when`) or a band (`from` and `to`), not both")
        if not self.when and not (self.from_ and self.to):
            raise ValueError("an annotation needs `when`, or both `from` and `to`")
        if self.from_ and self.to and _date_key(self.to) < _date_key(self.from_):
            raise ValueError("the band ends (`to`) before it starts (`from`)")
        return self


def _date_key(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split("-"))


class MapJoin(_Strict):
    """How a data map's CSV rows find their shapes: a layer's features, or countries."""

    layer: str | None = Field(
        None, description="Id of a polygon or point layer of the post whose features the rows name; "
        "omitted: the keys are ISO 3166-1 country codes (`KP`, `KOR`) drawn on Natural Earth's countries."
    )
    by: str = Field(
        "id", description="With `layer`: the feature property the key column matches (`id`: the feature's id), "
        "e.g. `name`."
    )


class Chart(_Strict):
    """A chart or data map drawn at build time from a CSV file in the post folder (see docs/charts.md).

    The first row of the CSV names the columns. Place it in the body with a line
    `{{< chart ID >}}`; charts not placed come after the body.
    """

    file: NonEmpty = Field(description="CSV file in the post folder, e.g. `employment.csv` (UTF-8; `,` `;` or tab).")
    id: Annotated[str, Field(pattern=CHART_ID)] | None = Field(
        None, description="Name for the body marker `{{< chart ID >}}`; defaults to the file name without `.csv`."
    )
    type: ChartType = Field(
        description="`line`, `area`, `column`, `stacked-column`, `grouped-column`, `bar` (horizontal), `dot-plot`, "
        "`table` (the data as a table only), or a data map: `choropleth` (shaded by class) or `symbols` "
        "(circles sized by value)."
    )
    title: NonEmpty = Field(description="What the chart shows, one line: `North Korean workers at Kaesong`.")
    subtitle: str | None = Field(None, description="A line under the title, e.g. `At the end of each year`.")
    x: str | None = Field(
        None, description="Column of the categories or dates (the key for a data map); defaults to the first column. "
        "Dates are `YYYY`, `YYYY-MM` or `YYYY-MM-DD`."
    )
    columns: list[NonEmpty] = Field(
        default_factory=list,
        description="Columns to plot, in order; defaults to every other column (a data map plots one).",
    )
    units: NonEmpty = Field(
        description="What the numbers count, shown on the axis and in the description: `workers`, `US$ million`, `%`."
    )
    format: str = Field(
        ",", description="Number format: `,` thousands separator (default), `.1` one decimal, `,.1` both, "
        "`%` or `.1%` for shares written as fractions (0.25 → 25%); an empty string for plain digits."
    )
    zero: bool = Field(
        True, description="Start the value axis at zero. `false` is allowed for `line` and `dot-plot` only, and "
        "the axis then shows a break."
    )
    source: ChartSource = Field(description="Where the figures come from (see ChartSource).")
    notes: str | None = Field(None, description="Notes under the chart: definitions, gaps, rounding.")
    annotations: list[Annotation] = Field(
        default_factory=list, description="Dated lines or bands with a label (time-series charts; see Annotation)."
    )
    events: bool | list[DateText] = Field(
        False, description="Mark the post's own `events` on a time-series chart: `true` for every event in the "
        "chart's span, or a list of their dates (`[2013-04, 2016-02-10]`)."
    )
    join: MapJoin | None = Field(None, description="Data maps: how the key column finds shapes (see MapJoin).")
    classes: int = Field(5, ge=2, le=7, description="Choropleth: number of classes (quantile breaks), 2 to 7.")
    card: bool = Field(False, description="Use this chart as the post's social card (`og:image`) instead of the map.")

    @field_validator("format")
    @classmethod
    def _format(cls, value: str) -> str:
        if not _NUMBER_FORMAT.match(value):
            raise ValueError(f"{value!r} is not a number format; write `,`, `.1`, `,.2`, `%` or `.1%`")
        return value

    @model_validator(mode="after")
    def _fits_type(self) -> Chart:
        if not self.zero and self.type not in ("line", "dot-plot"):
            raise ValueError(f"a {self.type} chart starts at zero: bars and areas cut short mislead; "
                             "remove `zero: false`")
        if (self.annotations or self.events) and self.type not in TIME_SERIES_TYPES:
            raise ValueError(f"annotations and events go on time-series charts ({', '.join(TIME_SERIES_TYPES)}), "
                             f"not on a {self.type}")
        if self.type in MAP_TYPES and len(self.columns) > 1:
            raise ValueError("a data map shows one column; name it in `columns: [...]`")
        if self.join is not None and self.type not in MAP_TYPES:
            raise ValueError("`join` goes with a data map (choropleth or symbols)")
        return self

    @property
    def key(self) -> str:
        return self.id or self.file.rsplit("/", 1)[-1].rsplit(".", 1)[0].lower()

    @property
    def is_map(self) -> bool:
        return self.type in MAP_TYPES


class FrontMatter(_Strict):
    """The YAML block at the top of ``content/places/<slug>/index.md``."""

    title: NonEmpty = Field(description="Headline of the post.")
    subtitle: str | None = Field(None, description="One-line standfirst under the title.")
    date: FullDate = Field(description="Publication date, `YYYY-MM-DD`.")
    updated: FullDate | None = Field(None, description="Date of the last substantive update, `YYYY-MM-DD`.")
    summary: str = Field("", description="One sentence for cards, feeds, search results and social previews.")
    place: Place | None = Field(
        None,
        description="The place the post explains (see Place). Required, except in a draft (`draft: true`): "
        "a draft without a place is checked and reported, never published, until it has one.",
    )
    layers: list[Layer] = Field(
        default_factory=list,
        description="Geodata files drawn on the maps: a file name or `{file, id, title, kind}`.",
    )
    series: str | None = Field(None, description="Slug of a series defined in `atlaspress.toml`.")
    tags: list[Annotated[str, Field(pattern=SLUG_PATTERN)]] = Field(
        default_factory=list, description="Lower-case, hyphenated tags, e.g. `[north-korea, dmz]`."
    )
    facts: list[Fact] = Field(default_factory=list, description="Key facts, usually three (see Fact).")
    events: list[Event] = Field(default_factory=list, description="Timeline entries (see Event).")
    sources: list[Source] = Field(default_factory=list, description="Sources and further reading (see Source).")
    claims: list[Claim] = Field(
        default_factory=list,
        description="Checkable statements, e.g. `{distance_to: mdl, less_than: 5 mi}`; measured and shown (see Claim).",
    )
    comments: Literal["open", "closed"] | None = Field(
        None, description="`open` or `closed`; defaults to the site's `comments` setting."
    )
    imported_comments: list[Comment] = Field(
        default_factory=list, description="Comments carried over from a previous platform (see Comment)."
    )
    charts: list[Chart] = Field(
        default_factory=list,
        description="Charts and data maps drawn from CSV files in the post folder (see Chart and docs/charts.md).",
    )
    question: str | None = Field(None, description="A closing question to readers.")
    aliases: list[AliasText] = Field(
        default_factory=list,
        description="Old addresses of the post that keep working, as paths from the site's root: "
        '`["/2016/02/kaesong/", "/?p=123"]`. Each becomes a redirect (see [pages and redirects](pages.md)).',
    )
    draft: bool = Field(False, description="Drafts are checked but not published.")
    author: str | None = Field(None, description="Who wrote the post, e.g. as carried over by `import wordpress`.")
    sticky: bool = Field(False, description="Show the post before the others on the home page.")

    @model_validator(mode="after")
    def _placed_unless_draft(self) -> FrontMatter:
        if self.place is None and not self.draft:
            raise ValueError("a post needs a `place:` unless it is a draft (`draft: true`)")
        return self

    @model_validator(mode="after")
    def _dates_in_order(self) -> FrontMatter:
        if self.updated and self.updated < self.date:
            raise ValueError("updated is earlier than date")
        return self

    @model_validator(mode="after")
    def _one_card(self) -> FrontMatter:
        cards = [c.key for c in self.charts if c.card]
        if len(cards) > 1:
            raise ValueError(f"only one chart can be the social card, not {' and '.join(cards)}")
        return self


class PlacedFrontMatter(FrontMatter):
    """Front matter with a place: every post the pipeline builds (a draft without one stops in load)."""

    place: Place = Field(description="The place the post explains (see Place).")


class PageFrontMatter(_Strict):
    """The YAML block at the top of ``content/pages/<slug>.md``: a site page such as About or Contact."""

    title: NonEmpty = Field(description="Heading and title of the page, and its link text in the navigation.")
    summary: str = Field("", description="One sentence for search results and social previews.")
    menu_order: int | None = Field(
        None, ge=-1000, le=1000,
        description="Give a number to link the page from the site navigation, after the built-in links: "
        "lower numbers first, ties by title. Omitted, the page is not in the navigation.",
    )
    date: FullDate | None = Field(None, description="Date the page was first published, `YYYY-MM-DD`.")
    updated: FullDate | None = Field(None, description="Date of the last substantive update, `YYYY-MM-DD`.")
    aliases: list[AliasText] = Field(
        default_factory=list, description="Old addresses of the page that keep working, e.g. `[/about-us/]`."
    )
    draft: bool = Field(False, description="Drafts are checked but not published.")

    @model_validator(mode="after")
    def _dates_in_order(self) -> PageFrontMatter:
        if self.updated and self.date and self.updated < self.date:
            raise ValueError("updated is earlier than date")
        return self
