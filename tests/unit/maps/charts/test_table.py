"""The CSV reader: cells with their positions, and every refusal with its exact message."""

from __future__ import annotations

import pytest

from atlaspress.core.errors import ContentError
from atlaspress.maps.charts.table import MAX_ROWS, Cell, read_table


def _error(data: bytes) -> str:
    with pytest.raises(ContentError) as info:
        read_table(data, "employment.csv")
    return info.value.diagnostic.format()


def test_cells_know_their_line_and_column():
    t = read_table(b'Year,Workers\n2005,"6,013"\n\n2006, 11160 \n', "e.csv")
    assert t.names == ("Year", "Workers")
    assert t.rows[0] == (Cell("2005", 2, 1), Cell("6,013", 2, 6))
    assert t.rows[1] == (Cell("2006", 4, 1), Cell("11160", 4, 6))  # blank line skipped, spaces trimmed


def test_semicolons_tabs_bom_and_crlf():
    t = read_table("\ufeffJahr;Beschäftigte\r\n2005;6013\r\n".encode(), "e.csv")
    assert t.names == ("Jahr", "Beschäftigte") and t.rows[0][1].text == "6013"
    t = read_table(b"a\tb\n1\t2\n", "e.csv")
    assert t.rows[0][1] == Cell("2", 2, 3)


def test_quoted_cells_hold_delimiters_quotes_and_line_breaks():
    t = read_table(b'Name,Note\n"Kaesong, zone","say ""hi""\nagain"\nNext,x\n', "e.csv")
    assert t.rows[0][0].text == "Kaesong, zone"
    assert t.rows[0][1].text == 'say "hi"\nagain'
    assert t.rows[1][0] == Cell("Next", 4, 1)


@pytest.mark.parametrize(("data", "expected"), [
    (b"Year,Workers\n2005,6013\n2006,11160,12\n",
     "employment.csv:3:12: error[chart]: this row has 3 cells, the header 2\n"
     "  hint: every row needs one cell per column; leave a cell empty (`,,`) for a missing value, and quote "
     "cells that hold the delimiter"),
    (b"Year,Workers\n2005\n",
     "employment.csv:2:1: error[chart]: this row has 1 cell, the header 2\n"
     "  hint: every row needs one cell per column; leave a cell empty (`,,`) for a missing value, and quote "
     "cells that hold the delimiter"),
    (b'Year,Workers\n2005,"6013\n',
     "employment.csv:2:6: error[chart]: a quoted cell is never closed\n"
     '  hint: end it with a double quote; write "" for a quote inside a cell'),
    (b'Year,Workers\n2005,"6013"x\n',
     "employment.csv:2:12: error[chart]: text after a quoted cell's closing quote\n"
     '  hint: put the whole cell in quotes, and write "" for a quote inside it'),
    (b'Year,Workers\n2005,60"13\n',
     "employment.csv:2:8: error[chart]: a quote inside an unquoted cell\n"
     '  hint: put the whole cell in quotes and write "" for the quote'),
    (b"", "employment.csv:1:1: error[chart]: the file is empty\n"
     "  hint: write a header line, then one line per row"),
    (b"Year,Workers\n", "employment.csv:1:1: error[chart]: the file has a header but no rows\n"
     "  hint: add one line of data per category or date"),
    (b"Year,Year\n1,2\n", "employment.csv:1:6: error[chart]: two columns are named 'Year'\n"
     "  hint: give each column its own name"),
    (b"Year,,x\n1,2,3\n", "employment.csv:1:6: error[chart]: a column without a name\n"
     "  hint: name every column in the first line"),
    (b"Year,Workers\n2005,6\xe9013\n", "employment.csv:2:7: error[chart]: the file is not UTF-8 text\n"
     "  hint: save it as “CSV UTF-8” (Excel) or with UTF-8 encoding"),
])
def test_broken_files_are_located_errors(data, expected):
    assert _error(data) == expected


def test_rows_are_bounded():
    data = b"Year,Workers\n" + b"".join(b"%d,1\n" % i for i in range(MAX_ROWS + 2))
    assert _error(data) == (f"employment.csv:{MAX_ROWS + 2}:1: error[chart]: more than 1,000 rows\n"
                            "  hint: a chart reads at most 1,000 rows: aggregate the data (by month or year)")
