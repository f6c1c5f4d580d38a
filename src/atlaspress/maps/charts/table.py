"""Reading a chart's CSV file: cells with their line and column, for located errors.

A small RFC 4180 reader rather than :mod:`csv`, because every message points at the cell
at fault (``employment.csv:14:6: error[chart]: …``) and :mod:`csv` does not say where a
field starts. The file is the author's and may come from anyone: UTF-8 only (a byte-order
mark from Excel is fine), bounded in size and rows, and nothing in it is evaluated.
The delimiter is the one the header line uses: ``,`` or, from spreadsheets set to a
European locale, ``;``, or a tab.
"""

from __future__ import annotations

from dataclasses import dataclass

from atlaspress.core.errors import ContentError

CODE = "chart"
MAX_ROWS = 1_000  # a chart of more rows than this cannot be read, and would not fit 30 KB
MAX_COLUMNS = 50
MAX_CELL = 500  # characters: a cell is a label or a number


@dataclass(frozen=True)
class Cell:
    """One field as written, and where it starts (1-based line and character column)."""

    text: str
    line: int
    column: int


@dataclass(frozen=True)
class Table:
    """A CSV file's header and rows; every row has as many cells as the header."""

    path: str  # as diagnostics show it
    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.text for c in self.header)

    def error(self, cell: Cell | None, message: str, hint: str | None = None) -> ContentError:
        """A located error at ``cell`` (the file's first line when ``None``)."""
        line, column = (cell.line, cell.column) if cell else (1, 1)
        return ContentError.at(self.path, line, column, CODE, message, hint)


def _delimiter(first_line: str) -> str:
    counts = {d: 0 for d in (",", ";", "\t")}
    quoted = False
    for ch in first_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _records(text: str, path: str, delimiter: str) -> list[list[Cell]]:
    """Split into records of cells; quotes may hold delimiters, doubled quotes and line ends."""
    records: list[list[Cell]] = []
    record: list[Cell] = []
    i, n = 0, len(text)
    line, line_start = 1, 0
    while i < n:
        start_line, start_col = line, i - line_start + 1
        if text[i] == '"':
            i += 1
            buf = []
            while True:
                if i >= n:
                    raise ContentError.at(path, start_line, start_col, CODE, "a quoted cell is never closed",
                                          'end it with a double quote; write "" for a quote inside a cell')
                ch = text[i]
                if ch == '"':
                    if i + 1 < n and text[i + 1] == '"':
                        buf.append('"')
                        i += 2
                        continue
                    i += 1
                    break
                if ch == "\n":
                    line, line_start = line + 1, i + 1
                buf.append(ch)
                i += 1
            value = "".join(buf)
            if i < n and text[i] not in (delimiter, "\n", "\r"):
                raise ContentError.at(path, line, i - line_start + 1, CODE,
                                      "text after a quoted cell's closing quote",
                                      'put the whole cell in quotes, and write "" for a quote inside it')
        else:
            j = i
            while j < n and text[j] not in (delimiter, "\n", "\r"):
                j += 1
            value = text[i:j].strip()
            if '"' in value:
                raise ContentError.at(path, start_line, start_col + text[i:j].index('"'), CODE,
                                      "a quote inside an unquoted cell",
                                      'put the whole cell in quotes and write "" for the quote')
            i = j
        if len(value) > MAX_CELL:
            raise ContentError.at(path, start_line, start_col, CODE, f"a cell longer than {MAX_CELL} characters",
                                  "a chart's cells hold labels and numbers; put long text in `notes`")
        record.append(Cell(value.strip(), start_line, start_col))
        if i < n and text[i] == delimiter:
            i += 1
            if i >= n:  # a delimiter at the very end: one more, empty cell
                record.append(Cell("", line, i - line_start + 1))
            else:
                continue
        if i < n and text[i] == "\r":
            i += 1
        if i < n and text[i] == "\n":
            i += 1
        line, line_start = line + 1, i
        if any(c.text for c in record):  # blank lines are skipped
            records.append(record)
            if len(records) > MAX_ROWS + 1:
                raise ContentError.at(path, start_line, 1, CODE, f"more than {MAX_ROWS:,} rows",
                                      "a chart reads at most 1,000 rows: aggregate the data (by month or year)")
        record = []
    return records


def read_table(data: bytes, path: str) -> Table:
    """Parse CSV bytes; raises :class:`ContentError` located in the file (``path``).

    >>> t = read_table(b"year,workers\\n2005,6013\\n", "e.csv")
    >>> t.names, t.rows[0][1]
    (('year', 'workers'), Cell(text='6013', line=2, column=6))
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ContentError.at(path, line, column, CODE, "the file is not UTF-8 text",
                              "save it as “CSV UTF-8” (Excel) or with UTF-8 encoding") from exc
    if "\x00" in text:
        raise ContentError.at(path, 1, 1, CODE, "the file holds NUL bytes: it is not a CSV text file",
                              "export the sheet as CSV")
    first = text.split("\n", 1)[0]
    records = _records(text, path, _delimiter(first))
    if not records:
        raise ContentError.at(path, 1, 1, CODE, "the file is empty", "write a header line, then one line per row")
    header, *rows = records
    if len(header) > MAX_COLUMNS:
        raise ContentError.at(path, 1, 1, CODE, f"more than {MAX_COLUMNS} columns", "keep the columns the chart plots")
    seen: dict[str, Cell] = {}
    for cell in header:
        if not cell.text:
            raise ContentError.at(path, cell.line, cell.column, CODE, "a column without a name",
                                  "name every column in the first line")
        if cell.text in seen:
            raise ContentError.at(path, cell.line, cell.column, CODE, f"two columns are named {cell.text!r}",
                                  "give each column its own name")
        seen[cell.text] = cell
    if not rows:
        raise ContentError.at(path, header[0].line, 1, CODE, "the file has a header but no rows",
                              "add one line of data per category or date")
    for row in rows:
        if len(row) != len(header):
            where = row[min(len(row), len(header)) - 1] if len(row) > len(header) else row[-1]
            cell = row[len(header)] if len(row) > len(header) else where
            raise ContentError.at(path, cell.line, cell.column if len(row) > len(header) else 1, CODE,
                                  f"this row has {len(row)} cell{'s' * (len(row) != 1)}, the header "
                                  f"{len(header)}",
                                  "every row needs one cell per column; leave a cell empty (`,,`) for a "
                                  "missing value, and quote cells that hold the delimiter")
    return Table(path=path, header=tuple(header), rows=tuple(tuple(r) for r in rows))
