"""Stage 2, check: Reading a large table the way frictionless reads it, into string columns."""

# frictionless reads CSV with Python's csv module, with a dialect guessed from the first lines
# (csv.Sniffer: the delimiter among , tab ; |, and whether spaces after a delimiter are skipped).
# Here the file is split into records by a byte scan (numpy) that also counts each record's cells;
# the records with exactly one cell per field are read by polars' CSV reader (in C, into string
# columns), the others (blank, short or long rows) by the csv module. A file is read by the csv
# module whole when the two readers might disagree on it: a quote inside an unquoted cell, text
# after a closing quote, a lone carriage return, a NUL byte, or a guessed dialect that skips
# spaces after delimiters.

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

FIELD_SIZE_LIMIT = 2_147_483_646  # frictionless raises the csv module's limit to this
SAMPLE_ROWS = 100  # frictionless guesses the dialect and the header row from this many


@dataclass
class Cells:
    """A table as read: its header, one string column per field (null where a row has no cell),
    each row's cell count and the cells beyond the last field."""

    header: list[str]
    frame: pl.DataFrame
    counts: np.ndarray
    extras: dict[int, list[str]]


def dialect(raw: bytes, delimiter: str) -> tuple[str, bool]:
    """The delimiter and initial-space setting frictionless reads this file with: csv's Sniffer
    on the first lines, as frictionless' CSV parser does."""
    end = 0
    for _ in range(SAMPLE_ROWS + 1):
        end = raw.find(b"\n", end) + 1
        if not end:
            end = len(raw)
            break
    sample = io.StringIO(raw[:end].decode("utf-8"), newline="").readlines()[:SAMPLE_ROWS]
    try:
        sniffed = csv.Sniffer().sniff("".join(sample), delimiter if delimiter != "," else ",\t;|")
    except csv.Error:
        return delimiter, False
    return (delimiter if delimiter != "," else sniffed.delimiter), bool(sniffed.skipinitialspace)


def header_row(widths: list[int]) -> int:
    """The row frictionless takes for the header: the first one close to the sample's mean width."""
    if not widths:
        return 1
    width = round(sum(widths) / len(widths))
    drift = max(round(width * 0.1), 1)
    near = range(width - drift, width + drift + 1)
    return next((number for number, cells in enumerate(widths, start=1) if cells in near), 1)


def _expected_width(header: list[str], fields: int) -> int:
    """frictionless pairs each label with a field (beyond the schema, a field of any type)."""
    return len(header) if header else fields


def read_python(raw: bytes, delimiter: str, skip_space: bool, fields: int) -> Cells:
    csv.field_size_limit(FIELD_SIZE_LIMIT)
    text = io.StringIO(raw.decode("utf-8"), newline="")
    rows = list(csv.reader(text, delimiter=delimiter, skipinitialspace=skip_space))
    header, body = (rows[0], rows[1:]) if rows else ([], [])
    width = _expected_width(header, fields)
    frame = pl.DataFrame([_padded(row, width) for row in body], schema=_schema(width), orient="row")
    counts = np.array([len(row) for row in body], dtype=np.int64)
    extras = {i: row[width:] for i, row in enumerate(body) if len(row) > width}
    return Cells(header, frame, counts, extras)


def read_columnar(raw: bytes, delimiter: str, fields: int) -> Cells | None:
    """The regular records through polars and the others through the csv module; None when the
    two readers might disagree on this file."""
    records = _records(raw, delimiter)
    if records is None:
        return None
    starts, ends, counts = records
    header = _parse(raw[starts[0] : ends[0]], delimiter) if len(starts) else []
    width = _expected_width(header, fields)
    starts, ends, counts = starts[1:], ends[1:], counts[1:]
    regular = counts == width
    frame = _read_regular(raw, starts, regular, delimiter, width)
    if frame is None or frame.height != int(regular.sum()):
        return None
    extras: dict[int, list[str]] = {}
    irregular = np.flatnonzero(~regular)
    if irregular.size:
        rows = [_parse(raw[starts[i] : ends[i]], delimiter) for i in irregular]
        if [len(row) for row in rows] != counts[irregular].tolist():
            return None
        extras = {int(i): row[width:] for i, row in zip(irregular, rows, strict=True) if len(row) > width}
        others = pl.DataFrame([_padded(row, width) for row in rows], schema=_schema(width), orient="row")
        frame = _interleave(frame, others, irregular)
    return Cells(header, frame, counts, extras)


def _records(raw: bytes, delimiter: str) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Each record's start, end (without its line break) and number of cells, as the csv module
    would read them; None for what only the csv module should read."""
    if len(delimiter) != 1 or not delimiter.isascii() or delimiter in '"\r\n' or b"\x00" in raw:
        return None
    if raw.count(b"\r") != raw.count(b"\r\n"):
        return None
    data = np.frombuffer(raw, dtype=np.uint8)
    separator = ord(delimiter)
    newlines = np.flatnonzero(data == 10)
    quotes = np.flatnonzero(data == 34)
    if quotes.size:
        if not _plain_quoting(data, quotes, separator):
            return None
        newlines = newlines[np.searchsorted(quotes, newlines) % 2 == 0]
    starts = np.concatenate(([0], newlines + 1))
    ends = np.concatenate((newlines, [len(raw)]))
    if starts[-1] == len(raw):  # a final line break ends the last record, it starts none
        starts, ends = starts[:-1], ends[:-1]
    if not starts.size:
        return starts, ends, starts.copy()
    ends = ends - ((ends > starts) & (data[np.maximum(ends - 1, 0)] == 13))
    delimiters = np.flatnonzero(data == separator)
    if quotes.size:
        delimiters = delimiters[np.searchsorted(quotes, delimiters) % 2 == 0]
    counts = np.searchsorted(delimiters, ends) - np.searchsorted(delimiters, starts) + 1
    counts[ends == starts] = 0
    return starts, ends, counts


def _plain_quoting(data: np.ndarray, quotes: np.ndarray, separator: int) -> bool:
    """Every quote opens a cell, closes it, or doubles a quote inside it: quoting both readers
    read the same way."""
    if quotes.size % 2:
        return False
    opening, closing = quotes[0::2], quotes[1::2]
    doubled_before = np.concatenate(([False], opening[1:] - 1 == closing[:-1]))
    before = data[np.maximum(opening - 1, 0)]
    opens = (opening == 0) | (before == separator) | (before == 10) | doubled_before
    doubled_after = np.concatenate((opening[1:] == closing[:-1] + 1, [False]))
    after = data[np.minimum(closing + 1, len(data) - 1)]
    closes = (closing == len(data) - 1) | (after == separator) | (after == 10) | (after == 13) | doubled_after
    return bool(opens.all() and closes.all())


def _read_regular(
    raw: bytes, starts: np.ndarray, regular: np.ndarray, delimiter: str, width: int
) -> pl.DataFrame | None:
    if not regular.any():
        return pl.DataFrame(schema=_schema(width))
    if regular.all():
        body = raw[starts[0] :]
    else:
        bounds = np.concatenate((starts, [len(raw)]))
        edges = np.flatnonzero(np.diff(np.concatenate(([0], regular.view(np.int8), [0]))))
        body = b"".join(_terminated(raw[bounds[a] : bounds[b]]) for a, b in zip(edges[0::2], edges[1::2], strict=True))
    try:
        return pl.read_csv(
            body,
            has_header=False,
            schema=_schema(width),
            separator=delimiter,
            quote_char='"',
            empty_string_is_null=False,
            infer_schema=False,
            raise_if_empty=False,
        )
    except pl.exceptions.PolarsError:
        return None


def _interleave(regular: pl.DataFrame, others: pl.DataFrame, positions: np.ndarray) -> pl.DataFrame:
    """The rows of both frames in file order: others' rows go at positions."""
    if len(positions) > 1000:
        order = np.empty(regular.height + others.height, dtype=np.int64)
        mask = np.ones(len(order), dtype=bool)
        mask[positions] = False
        order[mask] = np.arange(regular.height)
        order[positions] = np.arange(regular.height, len(order))
        return pl.concat([regular, others])[order]
    pieces, done = [], 0
    for n, position in enumerate(positions.tolist()):
        before = position - n  # regular rows before this one
        pieces += [regular.slice(done, before - done), others.slice(n, 1)]
        done = before
    pieces.append(regular.slice(done))
    return pl.concat(pieces, rechunk=False)


def _terminated(block: bytes) -> bytes:
    return block if block.endswith(b"\n") else block + b"\n"


def _parse(record: bytes, delimiter: str) -> list[str]:
    return next(csv.reader(io.StringIO(record.decode("utf-8"), newline=""), delimiter=delimiter), [])


def _padded(row: list[str], width: int) -> list[str | None]:
    cells: list[str | None] = [*row[:width]]
    return cells + [None] * (width - len(cells))


def _schema(width: int) -> dict[str, Any]:
    return {str(j): pl.String for j in range(width)}
