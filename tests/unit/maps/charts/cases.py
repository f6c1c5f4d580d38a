"""Chart specs and CSV texts shared by the chart tests: one per chart type."""

from __future__ import annotations

from atlaspress.content.model import Chart, Event
from atlaspress.maps.charts.table import Table, read_table

SOURCE = {"publisher": "Ministry of Unification (South Korea)", "year": 2016}
WORKERS = ("Year,North Korean workers\n2005,\"6,013\"\n2006,\"11,160\"\n2007,\"22,538\"\n2008,\"38,931\"\n"
           "2009,\"42,561\"\n2010,\"46,284\"\n2011,\"49,866\"\n2012,\"53,448\"\n2013,\"52,329\"\n"
           "2014,\"53,947\"\n2015,\"54,988\"\n")
PRODUCTION = ("Year,Production\n2005,14.9\n2006,73.7\n2007,184.8\n2008,251.4\n2009,256.5\n2010,323.3\n"
              "2011,401.9\n2012,469.5\n2013,223.8\n2014,470.0\n2015,563.3\n")
FIRMS = ("Year,Textiles,Machinery and metal,Electronics,Other\n2012,72,23,13,15\n2013,73,23,13,14\n"
         "2014,72,24,13,16\n2015,73,24,13,15\n")
SHARES = "Sector,Share\nTextiles,58.5%\nMachinery and metal,19.5%\nElectronics,10.6%\nChemicals,7.3%\nOther,4.1%\n"
RANGES = ("Island,Japanese residents 1945,Russian residents 2016\nIturup (Etorofu),\"3,608\",\"5,934\"\n"
          "Kunashir (Kunashiri),\"7,364\",\"7,817\"\nShikotan,\"1,038\",\"2,917\"\nHabomai Islands,\"5,281\",0\n")
COUNTRIES = "Country,Places\nKP,1\nKR,1\nJP,1\nRU,2\nCN,1\nTW,1\nMN,\n"
EVENTS = (
    Event(when="2013-04", what="North Korea withdraws its workers; the zone stands idle for five months"),
    Event(when="2013-09-16", what="The complex reopens"),
    Event(when="2016-02-10", what="South Korea suspends all operations in the zone"),
)


def chart(**fields: object) -> Chart:
    base: dict[str, object] = {"file": "data.csv", "title": "A chart", "units": "workers", "source": SOURCE}
    base.update(fields)
    return Chart.model_validate(base)


def table(text: str, name: str = "data.csv") -> Table:
    return read_table(text.encode("utf-8"), name)


# name → (spec, csv text): one golden each
GOLDEN_CASES: dict[str, tuple[Chart, str]] = {
    "line": (chart(type="line", title="North Korean workers at Kaesong", subtitle="Headcount at the end of each year",
                   events=["2013-04", "2016-02-10"], notes="Workers of the complex's South Korean firms."), WORKERS),
    "area": (chart(type="area", title="North Korean workers at Kaesong",
                   annotations=[{"from": "2013-04", "to": "2013-09", "label": "Idle"}]), WORKERS),
    "column": (chart(type="column", title="What the factories made", units="US$ million", format=",.1",
                     events=True), PRODUCTION),
    "stacked-column": (chart(type="stacked-column", title="Firms by sector", units="firms"), FIRMS),
    "grouped-column": (chart(type="grouped-column", title="Firms by sector", units="firms"), FIRMS),
    "bar": (chart(type="bar", title="Firms by sector, 2015", units="%"), SHARES),
    "dot-plot": (chart(type="dot-plot", title="Residents, 1945 and 2016", units="residents"), RANGES),
    "choropleth": (chart(type="choropleth", title="Places by country", units="places", classes=3), COUNTRIES),
}
