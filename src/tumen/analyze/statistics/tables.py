"""Tables of yearly figures in plain text: a row per year ("2002 510 632 1,142") or a
column per year (a line of years over lines of figures, as ministries publish them)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from tumen.analyze.gazetteer import load_data

# A row: its year, perhaps a dash or colon, then figures ("2009 – 2,914", "2002 510 632").
_ROW = re.compile(r"^\s*((?:19|20)\d\d)(?:\s*[-–—:]\s*|\s+)((?:[\d,.]+%?\s*)+)$")
_CELL = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d.])|(?<![\d,.])\d+(?![\d,.])")
# A line that holds one cell: a year, or a figure.
_YEAR_CELL = re.compile(r"^\s*((?:19|20)\d\d)\s*$")
_FIGURE_CELL = re.compile(r"^\s*(\d{1,3}(?:,\d{3})+|\d+)\s*$")
# A header cell: a year ("2002", "'02", "2002년", "2002年"); anything else ("~'98",
# "1999-2001") is a span of years and its column is not read.
_HEAD = re.compile(r"^(?:((?:19|20)\d\d)|['’](\d\d))(?:년|年)?$")
_SPAN = re.compile(r"^[~～]|\d[-–~]\d|\d[-–~]$|^[-–~]")


@dataclass(frozen=True)
class _TableRules:
    total: re.Pattern[str]
    border: re.Pattern[str]


@lru_cache(maxsize=1)
def _table_rules() -> _TableRules:
    """The labels of a total row and the characters drawn as cell borders, from the
    `tables` section of data/statistics.yaml."""
    data = load_data("statistics.yaml")["tables"]
    return _TableRules(re.compile(data["total_label"]), re.compile(data["border"]))


def yearly_table(text: str) -> list[tuple[str, int]]:
    """(year, total) of each year of a table in the text, by rows or by columns."""
    border = _table_rules().border
    lines = [border.sub(" ", line) for line in text.splitlines()]
    return _rows(lines) or _columns(lines) or _cells(lines)


def _total(cells: list[int]) -> int | None:
    """The cell two others add up to (men and women), or the only cell."""
    if len(cells) == 1:
        return cells[0]
    return next(
        (c for c in cells if any(a + b == c for a in cells for b in cells if a < c and b < c)),
        None,
    )


def _rows(lines: list[str]) -> list[tuple[str, int]]:
    """A row per year ("2002 510 632 1,142 55.34"); nothing unless two rows read so."""
    matches = [m for m in map(_ROW.match, lines) if m]
    found = [(m.group(1), _CELL.findall(m.group(2))) for m in matches]
    widths = Counter(len(cells) for _, cells in found)
    rows = []
    for year, raw in found:
        # A row cut short (the excerpt ends mid-table) is not read.
        if len(raw) != widths.most_common(1)[0][0]:
            continue
        total = _total([int(c.replace(",", "")) for c in raw])
        if total is not None:
            rows.append((year, total))
    return rows if len(rows) >= 2 else []


def _header(line: str) -> list[str | None] | None:
    """The years of a header line (None for a column of a span of years), or None when
    the line is no header of at least two years."""
    cells = line.split()
    if cells and not (_HEAD.match(cells[0]) or _SPAN.search(cells[0])):
        cells = cells[1:]  # the label column ("Year", "구분")
    years: list[str | None] = []
    for cell in cells:
        m = _HEAD.match(cell)
        if m:
            short = m.group(2)
            years.append(m.group(1) or ("19" if short >= "50" else "20") + short)
        elif _SPAN.search(cell):
            years.append(None)
        else:
            return None
    return years if sum(1 for y in years if y) >= 2 else None


def _columns(lines: list[str]) -> list[tuple[str, int]]:
    """A column per year under a header of years; the total row by its label, else the
    row two others add up to, else the only row."""
    for i, line in enumerate(lines):
        years = _header(line)
        if years is None:
            continue
        rows: list[tuple[str, list[int]]] = []
        for below in lines[i + 1 :]:
            row = below.strip()
            label = _CELL.split(row, maxsplit=1)[0]
            cells = [int(c.replace(",", "")) for c in _CELL.findall(row[len(label) :])]
            if len(cells) != len(years):
                break
            rows.append((label.strip(), cells))
        total = _total_row(rows)
        if total:
            return [(y, v) for y, v in zip(years, total, strict=True) if y]
    return []


def _total_row(rows: list[tuple[str, list[int]]]) -> list[int] | None:
    """The row of totals among a table's rows."""
    total = _table_rules().total
    labelled = [cells for label, cells in rows if total.match(label)]
    if labelled:
        return labelled[0]
    for cells in (c for _, c in rows):
        others = [c for _, c in rows if c is not cells]
        if any(
            all(a + b == t for a, b, t in zip(x, y, cells, strict=True))
            for x in others
            for y in others
            if x is not y
        ):
            return cells
    return rows[0][1] if len(rows) == 1 else None


def _cells(lines: list[str]) -> list[tuple[str, int]]:
    """A table laid out one cell a line (as a page's table reads as text): each year's
    line followed by its figure's; nothing unless two years read so."""
    rows = []
    for line, below in pairwise(lines):
        year, figure = _YEAR_CELL.match(line), _FIGURE_CELL.match(below)
        if year and figure and not _YEAR_CELL.match(below):
            rows.append((year.group(1), int(figure.group(1).replace(",", ""))))
    return rows if len(rows) >= 2 else []
