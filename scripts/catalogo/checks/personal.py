"""Stage 2, check: Personal-data screening: every cell of every local table is checked before
publication."""

# The screen looks for seven kinds of personal data (``KINDS``) in *every* column, whatever its
# name; a column is only skipped when its schema field declares a legal basis (``exempt``).
#
# Every detector validates what its pattern finds with the official rule of the identifier (real
# dates, state codes, check digits), so plain words and numbers do not produce false positives, and
# is hardened against the usual evasions: lowercase, spaces and punctuation inserted between the
# characters of a key, ``juan at gmail dot com``, ``juanARROBAgmail.com``, ``j u a n @ ...``.
#
# Disguises are undone before matching (``checks/deobfuscate.py``): each column is folded to plain
# Latin (compatibility forms such as fullwidth letters, invisible and format characters, look-alike
# letters and digits of other scripts), and the cells that hold percent-encoding, HTML character
# references or base64 tokens are screened once more, decoded. A key split over two or three
# neighbouring cells of a row (``GODE`` | ``561231HDFRRN00``) is found in the first of them. Hits
# always name the original row and column.
#
# How it stays fast: the cells of one column are joined into one string (separated by NUL, which
# never occurs in readable text) and compiled patterns run over that string in C; Python only looks
# at candidate matches, whose offsets are mapped back to rows by binary search. Before an expensive
# pattern runs, a cheap digit-led pre-filter keeps only the cells holding its raw material (six
# digits in a row for the keys, ten for phones...), and columns of plain numbers or dates only get
# the whole-cell checks that can apply to them. Every cell is screened; nothing is sampled.
#
# The detectors live in ``personal_keys.py`` (CURP, RFC, INE key, NSS) and
# ``personal_contact.py`` (e-mail, phone, card), on the blocks of ``personal_base.py``. People's
# names and home addresses (``COLUMN_KINDS``, ``personal_names.py``) have no check digit: they are
# found by ``screen_rows`` in whole columns, from the header and a sample of the cells, never by
# ``find_kinds`` in one value. The modules are pure: no printing, no I/O.

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from operator import add

from .deobfuscate import decode, encoded_pattern, fold
from .personal_base import (
    _CONSONANT,
    _DIGIT6,
    _FLAGS,
    _JOIN,
    _KEY_HINT,
    _PHONE_HINT,
    _S,
    _WHOLE_CARD,
    _WHOLE_NSS,
    _WHOLE_PHONE,
    _Column,
)
from .personal_contact import (
    _EMAIL_PREFILTER,
    _detect_card,
    _detect_email,
    _detect_phone,
    _has_email_hint,
    _unspaced_email,
)
from .personal_keys import (
    _RFC_LETTER,
    _detect_curp,
    _detect_ine,
    _detect_nss,
    _detect_rfc,
    curp_check_digit,
    is_curp,
    is_ine_key,
    is_nss,
    is_rfc_fisica,
    rfc_check_digit,
)
from .personal_names import COLUMN_KINDS, screen_people

__all__ = [
    "COLUMN_KINDS",
    "KINDS",
    "Hit",
    "curp_check_digit",
    "find_kinds",
    "is_curp",
    "is_ine_key",
    "is_nss",
    "is_rfc_fisica",
    "rfc_check_digit",
    "screen_rows",
]

KINDS = ("curp", "rfc", "ine-key", "nss", "email", "phone", "card-number")


@dataclass(frozen=True)
class Hit:
    """One kind of personal data found in one column."""

    kind: str  # one of KINDS or COLUMN_KINDS
    column: str  # header name of the column, or f"#{index+1}" when the header is empty
    line: int  # 1-based line of the first row where it occurs (the header is line 1)
    count: int  # number of cells of the column with this kind


# --------------------------------------------------------------------------------------------
# Public interface
# --------------------------------------------------------------------------------------------

_DETECTORS: dict[str, Callable[[_Column], set[int]]] = {
    "curp": _detect_curp,
    "rfc": _detect_rfc,
    "ine-key": _detect_ine,
    "nss": _detect_nss,
    "email": _detect_email,
    "phone": _detect_phone,
    "card-number": _detect_card,
}


_BLANK_RUN = re.compile(r"[ \t]{2,}")


def _normalised(col: _Column) -> _Column:
    """The column folded to plain Latin (``deobfuscate.fold``), runs of blanks squeezed."""
    text = fold(col.text)
    if ("  " in text or "\t" in text) and _BLANK_RUN.search(text) is not None:
        text = _BLANK_RUN.sub(" ", text)
    return col.view(text)


def _screen_column(col: _Column) -> dict[str, set[int]]:
    """Original row indices per kind found in the column: in its normalised text and, for
    the cells holding encoded text, in their decoding."""
    if not col.text.strip(_JOIN + " \t\r\n"):
        return {}
    return _screen_normalised(_normalised(col))


def _screen_normalised(view: _Column) -> dict[str, set[int]]:
    text = view.text
    if not text.strip(_JOIN + " \t\r\n"):
        return {}
    found = _screen_view(view)
    # Numbers and dates hold no encoded text worth decoding (and most columns are those).
    encoded = None if view.plain() else view.subset(encoded_pattern(text))
    if encoded is not None and (decoded := encoded.view(decode(encoded.text))) is not encoded:
        for kind, rows in _screen_view(decoded).items():
            found.setdefault(kind, set()).update(rows)
    return found


def _screen_view(col: _Column) -> dict[str, set[int]]:
    text = col.text
    runs: list[tuple[str, _Column | None]] = []
    if col.plain():
        runs.append(("nss", col.subset(_WHOLE_NSS, padded=True)))
        runs.append(("card-number", col.subset(_WHOLE_CARD, padded=True)))
        if col.phone_header:
            runs.append(("phone", col.subset(_WHOLE_PHONE, padded=True)))
    else:
        digits = col.subset(_DIGIT6)
        if digits is not None:
            keys = digits.subset(_KEY_HINT)
            runs += [("curp", keys), ("rfc", keys), ("ine-key", keys)]
            runs += [("nss", digits), ("card-number", digits)]
            runs.append(("phone", digits.subset(_PHONE_HINT)))
        if "@" in text or _has_email_hint(text):
            emails = col.subset(_EMAIL_PREFILTER)
            runs.append(("email", emails))
            if emails is not None and (spelled := emails.view(_unspaced_email(emails.text))) is not emails:
                runs.append(("email", spelled))
    found: dict[str, set[int]] = {}
    for kind, sub in runs:
        if sub is not None and (rows := _DETECTORS[kind](sub)):
            found.setdefault(kind, set()).update(sub.original(rows))
    return found


def find_kinds(value: str) -> set[str]:
    """All kinds found in one cell value."""
    return set(_screen_column(_Column("", [value])))


def screen_rows(
    header: list[str],
    rows: Iterable[tuple[int, list[str]]],
    exempt: AbstractSet[str] = frozenset(),
) -> list[Hit]:
    """rows yields (line_number, cells). Columns whose header is in `exempt` (fields that
    declare a legal basis) are not screened. Returns hits sorted by (line, column, kind); one
    Hit per (column, kind)."""
    lines: list[int] = []
    table: list[Sequence[str]] = []
    for line, cells in rows:
        lines.append(line)
        table.append(cells)
    if not table:
        return []
    width = max(len(header), max(len(r) for r in table))
    if any(len(r) != width for r in table):
        table = [r if len(r) == width else [*r, *[""] * (width - len(r))] for r in table]
    headers: list[str] = []
    names: list[str] = []
    views: list[_Column | None] = []
    found: list[dict[str, set[int]]] = []
    exempt_cells: dict[int, Sequence[str]] = {}
    for index, column_cells in enumerate(zip(*table, strict=True)):
        raw_name = header[index] if index < len(header) else ""
        name = raw_name if isinstance(raw_name, str) else "" if raw_name is None else str(raw_name)
        column = name if name.strip() else f"#{index + 1}"
        headers.append(name)
        names.append(column)
        if name in exempt or name.strip() in exempt or column in exempt:
            views.append(None)
            found.append({})
            exempt_cells[index] = column_cells
            continue
        view = _normalised(_Column(name, column_cells))
        views.append(view)
        found.append(_screen_normalised(view))
    _screen_adjacent(views, found)
    columns = [exempt_cells[i] if view is None else view.cells for i, view in enumerate(views)]
    for index, people in screen_people(headers, columns, set(exempt_cells)).items():
        for kind, where in people.items():
            found[index].setdefault(kind, set()).update(where)
    hits = [
        Hit(kind, names[index], lines[min(rows)], len(rows))
        for index, kinds in enumerate(found)
        for kind, rows in kinds.items()
    ]
    hits.sort(key=lambda h: (h.line, h.column, h.kind))
    return hits


# --------------------------------------------------------------------------------------------
# Keys split over neighbouring cells
# --------------------------------------------------------------------------------------------


def _prefixes(*classes: str) -> str:
    """A pattern for the proper prefixes (1 to n-1 characters) of a key made of ``classes``,
    separators allowed between the characters."""
    pattern = classes[-2]
    for cls in reversed(classes[:-2]):
        pattern = f"{cls}(?:{_S}{pattern})?"
    return pattern


_CURP_CLASSES = ("[A-Z]", "[AEIOUX]", "[A-Z]", "[A-Z]", *[r"\d"] * 6, "[HM]", "[A-Z]", "[A-Z]",
                 _CONSONANT, _CONSONANT, _CONSONANT, "[A-Z0-9]", r"\d")  # fmt: skip
_INE_CLASSES = (*["[A-Z]", _CONSONANT] * 3, *[r"\d"] * 8, "[HM]", *[r"\d"] * 3)
_RFC_CLASSES = (*[_RFC_LETTER] * 4, *[r"\d"] * 6, *["[A-Z0-9]"] * 3)
_KEYS = (_CURP_CLASSES, _INE_CLASSES, _RFC_CLASSES)
# A whole cell that is the beginning of a CURP, INE key or RFC, and one that may be the rest
# of a key: 1 to 17 letters and digits (NUL-padded text).
_KEY_HEAD = re.compile(rf"\x00[ \t]*(?:{'|'.join(_prefixes(*key) for key in _KEYS)}){_S}(?=\x00)", _FLAGS)
_TAIL = rf"{_S}[A-Z0-9Ñ&](?:{_S}[A-Z0-9Ñ&]){{0,16}}[ \t]*"
_KEY_TAIL = re.compile(rf"\x00{_TAIL}(?=\x00)", _FLAGS)
_TAIL_CELL = re.compile(_TAIL, _FLAGS)
_SPLIT_DETECTORS: tuple[tuple[str, Callable[[_Column], set[int]]], ...] = (
    ("curp", _detect_curp),
    ("ine-key", _detect_ine),
    ("rfc", lambda col: _detect_rfc(col, checked=True)),  # no date-and-letters accident
)


def _rows_matching(col: _Column, pattern: re.Pattern[str]) -> Sequence[int]:
    """Rows whose whole cell matches ``pattern``, or all rows (a ``range``) when more than an
    eighth of them do: joining every row is then cheaper than listing them."""
    if (sub := col.subset(pattern, padded=True)) is None:
        return []
    return range(len(col.cells)) if sub is col else sub.index or []


def _split_rows(views: Sequence[_Column | None], first: int, last: int, heads: Sequence[int]) -> Sequence[int]:
    """The rows of ``heads`` whose cell in column ``last`` may end a key."""
    right = views[last]
    if right is None or None in views[first:last]:
        return []
    if isinstance(heads, range):
        return _rows_matching(right, _KEY_TAIL)
    cells = right.cells
    return [r for r in heads if _TAIL_CELL.fullmatch(cells[r])]


def _screen_adjacent(views: Sequence[_Column | None], found: list[dict[str, set[int]]]) -> None:
    """Keys written over two or three neighbouring cells of a row (``GODE`` | ``561231HDFRRN00``)
    are added to the first column's rows. Only rows whose first cell is, whole, the beginning
    of a key and whose last cell is, whole, letters and digits that may end one are joined
    (``_KEY_HEAD`` is literal-led, a fast scan; columns of plain numbers or dates hold no
    beginning); the joined cells then go through the usual pre-filters and detectors."""
    for first, left in enumerate(views[:-1]):
        if left is None or left.plain():
            continue
        heads = _rows_matching(left, _KEY_HEAD)
        if not heads:
            continue
        for last in range(first + 1, min(first + 3, len(views))):
            rows = _split_rows(views, first, last, heads)
            if not rows:
                continue
            cells = [view.cells for view in views[first : last + 1] if view is not None]
            if isinstance(rows, range):
                joined = list(map(add, cells[0], cells[1]))
                if len(cells) == 3:
                    joined = list(map(add, joined, cells[2]))
                index = None
            else:
                a, b, c = cells[0], cells[1], cells[-1] if len(cells) == 3 else None
                joined = [a[r] + b[r] for r in rows] if c is None else [a[r] + b[r] + c[r] for r in rows]
                index = rows
            _add_split_keys(_Column(left.header, joined, index), found, first, last)


def _add_split_keys(col: _Column, found: list[dict[str, set[int]]], first: int, last: int) -> None:
    """Keys found in the joined cells of columns ``first``..``last`` (``col``), added to the
    rows of column ``first`` unless a later column holds the key whole."""
    digits = col.subset(_DIGIT6)
    keys = None if digits is None else digits.subset(_KEY_HINT)
    if keys is None:
        return
    for kind, detect in _SPLIT_DETECTORS:
        rows = keys.original(detect(keys))
        for j in range(first + 1, last + 1):  # found in a later cell alone: reported there
            rows -= found[j].get(kind, set())
        if not rows:
            continue
        found[first].setdefault(kind, set()).update(rows)
        if kind == "rfc":
            continue
        for j in range(first, last + 1):  # CURP wins: its first 13 characters are RFC-shaped
            rfc = found[j].get("rfc", set())
            rfc -= rows
            if not rfc:
                found[j].pop("rfc", None)
