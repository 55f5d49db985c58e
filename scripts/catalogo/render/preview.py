"""Stage 4, render: The first rows of a tabular resource kept in the repository, for the dataset page's
preview. Reading is bounded (rows, cell length, bytes) so that a large or odd file cannot slow the
build."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..checks import dialects
from ..core.model import Resource

PREVIEW_ROWS = 20
PREVIEW_CELLS = 300  # a wide table shows fewer rows (at least 5), so the page stays under 50 KB
PREVIEW_CHARACTERS = 2_500  # and so does a table of long texts
MAX_CELL = 200
MAX_BYTES = 256 * 1024


@dataclass(frozen=True)
class Preview:
    header: list[str]
    rows: list[list[str]]


def read_preview(file: Path, resource: Resource, rows: int = PREVIEW_ROWS) -> Preview | None:
    """Header and first `rows` rows, or None when the file cannot be read as a table."""
    return _read_preview(file, dialects.codec(resource), dialects.delimiter(resource), rows)


def forget_previews() -> None:
    """Previews are remembered while a build renders (a dataset's pages ask once per language)."""
    _read_preview.cache_clear()


@lru_cache(maxsize=64)
def _read_preview(file: Path, codec: str, delimiter: str, rows: int) -> Preview | None:
    try:
        with open(file, "rb") as handle:
            raw = handle.read(MAX_BYTES)
    except OSError:
        return None
    # The same decoding and splitting as the personal-data screen's: what is shown was screened.
    reader = dialects.reader(dialects.decode_with(raw, codec), delimiter)
    table = []
    try:
        for line in reader:
            table.append([_cell(c) for c in line])
            if len(table) > rows:
                break
    except csv.Error:
        return None
    if len(raw) == MAX_BYTES and len(table) <= rows:
        table = table[:-1]  # the last row may have been cut by the byte limit
    if not table:
        return None
    shown = max(5, min(rows, PREVIEW_CELLS // max(1, len(table[0]))))
    characters = 0
    for index, row in enumerate(table[1 : shown + 1]):
        characters += sum(len(cell) for cell in row)
        if characters > PREVIEW_CHARACTERS and index >= 5:
            shown = index
            break
    return Preview(table[0], table[1 : shown + 1])


def _cell(value: str) -> str:
    return value if len(value) <= MAX_CELL else value[: MAX_CELL - 1] + "…"
