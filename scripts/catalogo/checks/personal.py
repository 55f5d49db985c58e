"""Personal-data screening: every cell of every local table is checked before publication.

The screen looks for seven kinds of personal data (``KINDS``) in *every* column, whatever its
name; a column is only skipped when its schema field declares a legal basis (``exempt``).

How it stays fast: the cells of one column are joined into a single string (cells separated by
NUL, which never occurs in a readable CSV) and each compiled pattern runs once over that string,
in C. Python only looks at the few candidate matches, whose offsets are mapped back to their rows
with a binary search. Columns without the raw material a kind needs (a run of six digits, an
``@``/``at``/``arroba``) are skipped after one cheap pre-filter search.

Every detector validates what the pattern finds with the official rule of the identifier (dates,
state codes, check digits), so plain words and numbers do not produce false positives. Detectors
are hardened against the usual evasions: lowercase, and spaces, hyphens or dots inserted between
the characters of a key; ``juan at gmail dot com`` and friends for e-mail.

The module is pure: no printing, no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date
from itertools import accumulate

__all__ = ["KINDS", "Hit", "find_kinds", "screen_rows"]

KINDS = ("curp", "rfc", "ine-key", "nss", "email", "phone", "card-number")


@dataclass(frozen=True)
class Hit:
    """One kind of personal data found in one column."""

    kind: str  # one of KINDS
    column: str  # header name of the column, or f"#{index+1}" when the header is empty
    line: int  # 1-based line of the first row where it occurs (the header is line 1)
    count: int  # number of cells of the column with this kind


# --------------------------------------------------------------------------------------------
# Shared building blocks
# --------------------------------------------------------------------------------------------

_JOIN = "\x00"  # cell separator inside a joined column; NUL never occurs in readable text
_FLAGS = re.IGNORECASE

# Separators an evader may insert between the characters of a key: spaces (incl. no-break),
# tabs, dots and hyphens (incl. the Unicode dashes). At most two in a row.
_SEP_CHARS = " \t\u00a0.\\-\u2010-\u2015"
_S = f"[{_SEP_CHARS}]{{0,2}}"
_SEP_RUN = re.compile(f"[{_SEP_CHARS}]+")

# Not preceded / followed by a letter or digit (any script); "_" counts as a boundary.
_LB = r"(?<![^\W_])"
_RB = r"(?![^\W_])"

_CONSONANT = "[B-DF-HJ-NP-TV-Z]"
_DIGIT6 = re.compile(r"\d(?:[ \t\u00a0.\-]{0,2}\d){5}")  # pre-filter for every numeric kind


def _spaced(*parts: str) -> str:
    """Join single-character patterns so that each may be followed by up to two separators."""
    return _S.join(parts)


def _compact(text: str) -> str:
    """Uppercase the text and drop the separators an evader may have inserted."""
    return _SEP_RUN.sub("", text).upper()


def _block_ok(block: str) -> bool:
    """A letter block of a key is written either solid (``GOMA``) or fully spaced (``G O M A``).

    Mixed layouts such as ``Y TME`` are two words that happen to sit side by side (the Spanish
    conjunction "y" before a company RFC), not an evasion, and are rejected.
    """
    parts = [p for p in _SEP_RUN.split(block) if p]
    return len(parts) == 1 or all(len(p) == 1 for p in parts)


_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _valid_yymmdd(digits: str, century: int | None = None) -> bool:
    """YYMMDD is a real calendar date; 29 February needs a leap year (any century if unknown)."""
    yy, mm, dd = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    if not 1 <= mm <= 12 or not 1 <= dd <= _DAYS[mm - 1]:
        return False
    if mm == 2 and dd == 29:
        years = [century + yy] if century is not None else [1900 + yy, 2000 + yy]
        return any(y % 4 == 0 and (y % 100 != 0 or y % 400 == 0) for y in years)
    return True


def luhn_valid(digits: str) -> bool:
    """Luhn (mod 10): doubling every second digit from the right, the sum is a multiple of 10."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _normalize_header(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


_PHONE_HEADER = re.compile(
    r"telef|phone|celular|whats|(?<![a-z])(?:tel|tels|cel|movil|fax|lada)(?![a-z])"
)
_CARD_HEADER = re.compile(r"tarjeta|(?<![a-z])card(?:s|number|num|no)?(?![a-z])")
_NSS_HEADER = re.compile(r"(?<![a-z])(?:nss|imss)(?![a-z])|seguridad.?social|seguro.?social")


class _Column:
    """The cells of one column joined into one string, with lazily computed row offsets."""

    def __init__(self, header: str, cells: Sequence[str]) -> None:
        try:
            text = _JOIN.join(cells)
        except TypeError:  # XLSX/JSON rows may carry numbers or None
            cells = ["" if c is None else c if isinstance(c, str) else str(c) for c in cells]
            text = _JOIN.join(cells)
        if text.count(_JOIN) != len(cells) - 1:
            cells = [c.replace(_JOIN, " ") for c in cells]
            text = _JOIN.join(cells)
        self.cells = cells
        self.text = text
        header_key = _normalize_header(header)
        self.phone_header = bool(_PHONE_HEADER.search(header_key))
        self.card_header = bool(_CARD_HEADER.search(header_key))
        self.nss_header = bool(_NSS_HEADER.search(header_key))
        self.has_digit6 = _DIGIT6.search(text) is not None
        self._starts: list[int] | None = None
        self._key_spans: list[tuple[int, int]] | None = None

    def _offsets(self) -> list[int]:
        if self._starts is None:
            self._starts = [0, *accumulate(len(c) + 1 for c in self.cells)]
        return self._starts

    def row(self, pos: int) -> int:
        """Index of the cell that holds offset ``pos`` of the joined text."""
        return bisect_right(self._offsets(), pos) - 1

    def start(self, idx: int) -> int:
        """Offset of cell ``idx`` in the joined text."""
        return self._offsets()[idx]

    def key_spans(self) -> list[tuple[int, int]]:
        """Spans of everything shaped like a CURP or an INE key (valid or not)."""
        if self._key_spans is None:
            spans = [m.span() for m in _CURP.finditer(self.text)]
            spans += [m.span() for m in _INE.finditer(self.text)]
            self._key_spans = sorted(spans)
        return self._key_spans


def _scan(
    pattern: re.Pattern[str], text: str, accept: Callable[[re.Match[str]], bool]
) -> Iterable[re.Match[str]]:
    """Matches of ``pattern`` that ``accept`` keeps; after a rejection the search restarts one
    character later so that an overlapping valid match is not shadowed by an invalid one."""
    pos = 0
    while True:
        m = pattern.search(text, pos)
        if m is None:
            return
        if accept(m):
            yield m
            pos = m.end()
        else:
            pos = m.start() + 1


# --------------------------------------------------------------------------------------------
# CURP
# --------------------------------------------------------------------------------------------

CURP_STATES = frozenset((
    "AS", "BC", "BS", "CC", "CL", "CM", "CS", "CH", "DF", "DG", "GT", "GR", "HG", "JC", "MC", "MN",
    "MS", "NT", "NL", "OC", "PL", "QT", "QR", "SP", "SL", "SR", "TC", "TS", "TL", "VZ", "YN", "ZS",
    "NE",  # nacido en el extranjero (born abroad)
))
_CURP_ALPHABET = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"
_CURP = re.compile(
    _LB
    + "(?P<letters>" + _spaced("[A-Z]", "[AEIOUX]", "[A-Z]", "[A-Z]") + ")" + _S
    + _spaced(*[r"\d"] * 6, "[HM]", "[A-Z]", "[A-Z]", _CONSONANT, _CONSONANT, _CONSONANT, "[A-Z0-9]", r"\d")
    + _RB,
    _FLAGS,
)


def curp_check_digit(first17: str) -> int:
    """RENAPO check digit of a CURP from its first 17 characters.

    Each character takes its index in ``0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ`` and is weighted
    18, 17, ... 2; the digit is ``(10 - sum % 10) % 10``.
    """
    total = sum(_CURP_ALPHABET.index(c) * (18 - i) for i, c in enumerate(first17))
    return (10 - total % 10) % 10


def is_curp(value: str) -> bool:
    """Official CURP (Clave Única de Registro de Población, RENAPO), 18 characters:

    * 4 letters: initial and first internal vowel of the first surname (``[A-Z][AEIOUX]``),
      initials of the second surname and of the given name;
    * birth date ``YYMMDD``;
    * sex ``H``/``M``;
    * state of birth, one of the 32 state codes or ``NE`` (born abroad);
    * first internal consonants of the surnames and the given name;
    * homoclave: a digit for people born in 1900-1999, a letter for 2000 onwards;
    * check digit (``curp_check_digit``).

    ``value`` is already compact (uppercase, no separators).
    """
    if len(value) != 18 or value[11:13] not in CURP_STATES:
        return False
    century = 1900 if value[16].isdigit() else 2000
    if not _valid_yymmdd(value[4:10], century):
        return False
    if any(c not in _CURP_ALPHABET for c in value[:17]):
        return False
    return value[17] == str(curp_check_digit(value[:17]))


def _curp_match_ok(m: re.Match[str]) -> bool:
    return _block_ok(m.group("letters")) and is_curp(_compact(m.group()))


def _detect_curp(col: _Column) -> set[int]:
    if not col.has_digit6:
        return set()
    return {col.row(m.start()) for m in _scan(_CURP, col.text, _curp_match_ok)}


# --------------------------------------------------------------------------------------------
# RFC (persona física only)
# --------------------------------------------------------------------------------------------

_RFC_LETTER = "[A-ZÑ&]"
_RFC = re.compile(
    _LB
    + "(?P<letters>" + _spaced(*[_RFC_LETTER] * 4) + ")" + _S
    + "(?P<date>" + _spaced(*[r"\d"] * 6) + ")" + _S
    + "(?P<homoclave>" + _spaced(*["[A-Z0-9]"] * 3) + ")"
    + _RB,
    _FLAGS,
)


def is_rfc_fisica(value: str) -> bool:
    """RFC of a *persona física* (SAT), 13 characters: 4 letters from the name
    (``[A-ZÑ&]``), birth date ``YYMMDD`` (must be a real date) and a 3-character homoclave.

    The 12-character RFC of a *persona moral* (3 letters + date of incorporation + homoclave,
    e.g. ``SAT970701NN3``) identifies a company, not a person, and is deliberately not matched.
    ``value`` is already compact (uppercase, no separators).
    """
    return (
        len(value) == 13
        and all(c.isalpha() or c == "&" for c in value[:4])
        and value[4:10].isdigit()
        and _valid_yymmdd(value[4:10])
        and value[10:].isalnum()
    )


def _detect_rfc(col: _Column) -> set[int]:
    if not col.has_digit6:
        return set()
    text = col.text
    found: set[int] = set()
    for m in _RFC.finditer(text):
        raw = m.group()
        value = _compact(raw)
        if not is_rfc_fisica(value):
            continue
        if raw != value:
            # An evasion form (lowercase or separated): words joined by accident must not pass.
            # The letters and the homoclave must each be solid or fully spaced, all letters must
            # share one case, and the last character must be a possible SAT check character.
            letters = "".join(c for c in raw if c.isalpha())
            if not (letters.isupper() or letters.islower()):
                continue
            if not (_block_ok(m.group("letters")) and _block_ok(m.group("homoclave"))):
                continue
            if value[-1] not in "0123456789A":
                continue
        start, end = m.span()
        # CURP wins: the first 13 characters of a CURP (or of an INE key) are RFC-shaped.
        if any(s < end and start < e for s, e in col.key_spans()):
            continue
        found.add(col.row(start))
    return found


# --------------------------------------------------------------------------------------------
# INE voter key (clave de elector)
# --------------------------------------------------------------------------------------------

_INE = re.compile(
    _LB
    + "(?P<letters>" + _spaced(*["[A-Z]", _CONSONANT] * 3) + ")" + _S
    + "(?P<digits>" + _spaced(*[r"\d"] * 8) + ")" + _S
    + "[HM]" + _S + _spaced(*[r"\d"] * 3)
    + _RB,
    _FLAGS,
)


def is_ine_key(value: str) -> bool:
    """Clave de elector of the INE voting card, 18 characters:

    * 6 letters: initial and first internal consonant of the first surname, of the second
      surname and of the given name (so letters 2, 4 and 6 are consonants);
    * birth date ``YYMMDD`` (a real date);
    * 2-digit state of birth, 01-32;
    * sex ``H``/``M``;
    * 3 digits (check digit and homonymy key).

    ``value`` is already compact (uppercase, no separators).
    """
    return (
        len(value) == 18
        and _valid_yymmdd(value[6:12])
        and value[12:14].isdigit()
        and 1 <= int(value[12:14]) <= 32
    )


def _ine_match_ok(m: re.Match[str]) -> bool:
    return _block_ok(m.group("letters")) and is_ine_key(_compact(m.group()))


def _detect_ine(col: _Column) -> set[int]:
    if not col.has_digit6:
        return set()
    return {col.row(m.start()) for m in _scan(_INE, col.text, _ine_match_ok)}


# --------------------------------------------------------------------------------------------
# NSS (IMSS social security number)
# --------------------------------------------------------------------------------------------

# The whole cell is 11 digits, possibly grouped with spaces or hyphens.
_NSS = re.compile(r"(?<![^\x00])[ \t]*\d(?:[ \-]?\d){10}[ \t]*(?![^\x00])")
_THIS_YEAR = date.today().year % 100


def is_nss(digits: str) -> bool:
    """Número de Seguridad Social of the IMSS, 11 digits:

    * 2 digits: subdelegación that registered the worker;
    * 2 digits: year of registration;
    * 2 digits: year of birth;
    * 4 digits: sequence number;
    * 1 check digit: Luhn (mod 10) over the first ten.

    Structure check (as in IMSS's own validators): outside subdelegación 97, which does not
    record the birth year, the person cannot have been registered before being born; two-digit
    years up to the current one are read as 20YY, later ones as 19YY.
    """
    if len(digits) != 11 or not digits.isdigit() or not luhn_valid(digits):
        return False
    if digits[:2] != "97":
        registered, born = int(digits[2:4]), int(digits[4:6])
        registered += 2000 if registered <= _THIS_YEAR else 1900
        born += 2000 if born <= _THIS_YEAR else 1900
        if born > registered:
            return False
    return True


def _detect_nss(col: _Column) -> set[int]:
    """A cell counts when it is exactly 11 digits and a valid NSS. In a column where most
    11-digit cells are *not* valid NSS, the few valid ones are chance (1 in 10 numbers passes
    Luhn): 11-digit amounts or identifiers, not social security numbers. A header naming the
    NSS (nss, imss, seguridad social) lifts that column-level test."""
    if not col.has_digit6:
        return set()
    candidates = 0
    found: set[int] = set()
    for m in _NSS.finditer(col.text):
        candidates += 1
        digits = m.group().replace(" ", "").replace("-", "").replace("\t", "")
        if is_nss(digits):
            found.add(col.row(m.start()))
    if found and not col.nss_header and len(found) * 2 < candidates:
        return set()
    return found


# --------------------------------------------------------------------------------------------
# E-mail
# --------------------------------------------------------------------------------------------

_BRA, _KET = r"[\[\(\{<]", r"[\]\)\}>]"
_LABEL = r"[A-Z0-9](?:[A-Z0-9\-]{0,61}[A-Z0-9])?"
_AT = (
    rf"[ \t]?@[ \t]?"
    rf"|[ \t]*{_BRA}[ \t]*(?:at|arroba|@)[ \t]*{_KET}[ \t]*"
    rf"|[ \t]+(?P<word_at>at|arroba)[ \t]+"
)
_DOT = (
    rf"\."
    rf"|[ \t]*{_BRA}[ \t]*(?:dot|punto|\.)[ \t]*{_KET}[ \t]*"
    rf"|[ \t]+(?:dot|punto)[ \t]+"
)
_EMAIL = re.compile(
    r"(?<![\w.%+\-])(?P<local>[A-Z0-9][A-Z0-9._%+\-]{0,63})"
    rf"(?P<at>{_AT})"
    rf"(?P<domain>{_LABEL}(?:(?:{_DOT}){_LABEL})*)(?P<dot>{_DOT})(?P<tld>[A-Z]{{2,24}})"
    r"(?![\w\-]|\.[A-Z0-9])",
    _FLAGS,
)
_EMAIL_PREFILTER = re.compile(r"@|(?<![a-z])(?:at|arroba)(?![a-z])", _FLAGS)
# File extensions are not top-level domains ("logo@2x.png").
_NOT_TLD = frozenset((
    "png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "tif", "tiff",
    "pdf", "csv", "xls", "xlsx", "doc", "docx", "zip", "txt",
))
_WEBMAIL = frozenset((
    "gmail", "hotmail", "yahoo", "outlook", "live", "msn", "icloud", "aol", "prodigy",
    "protonmail", "proton", "yandex", "gmx",
))


def _email_match_ok(m: re.Match[str]) -> bool:
    """Standard addresses (``local@domain.tld``) and their written-out evasions: ``[at]``,
    ``(arroba)``, `` at ``, ``[dot]``, `` punto ``...

    Bare `` at `` is ordinary English ("available at data.gov.au"), so with it the address
    must also spell out a dot (`` dot ``/``[.]``) or use a well-known webmail domain."""
    tld = m.group("tld").lower()
    if tld in _NOT_TLD:
        return False
    domain = m.group("domain").lower()
    if domain.startswith("www"):
        return False
    word_at = m.group("word_at")
    if word_at is not None and word_at.lower() == "at":
        spelled_dot = m.group("dot") != "." or re.search(r"[ \t\[\(\{<]", domain) is not None
        first_label = re.split(r"[\s.\[\(\{<]", domain, maxsplit=1)[0]
        if not spelled_dot and first_label not in _WEBMAIL:
            return False
    return True


def _detect_email(col: _Column) -> set[int]:
    if _EMAIL_PREFILTER.search(col.text) is None:
        return set()
    return {col.row(m.start()) for m in _scan(_EMAIL, col.text, _email_match_ok)}


# --------------------------------------------------------------------------------------------
# Phone
# --------------------------------------------------------------------------------------------

_P = r"(?:[ \t]?[.\-][ \t]?|[ \t])?"  # separator between digit groups
_AREA2 = rf"(?:\([ \t]?[2-9]\d[ \t]?\)[ \t]?|[2-9]\d{_P})"
_AREA3 = rf"(?:\([ \t]?[2-9]\d\d[ \t]?\)[ \t]?|[2-9]\d\d{_P})"
_NATIONAL = (
    rf"(?:{_AREA2}\d{{4}}{_P}\d{{4}}"
    rf"|{_AREA2}\d{{4}}{_P}\d\d{_P}\d\d"
    rf"|{_AREA3}\d{{3}}{_P}\d{{4}}"
    rf"|{_AREA3}\d{{3}}{_P}\d\d{_P}\d\d"
    rf"|[2-9]\d{_P}\d\d{_P}\d\d{_P}\d\d{_P}\d\d)"
)
_PREFIX = (
    r"(?:(?P<intl>(?:\+|00)[ \t]?52|\([ \t]?\+[ \t]?52[ \t]?\))[ \t.\-]*(?:1[ \t.\-]*)?"
    r"|52[ \t.\-]?(?:1[ \t.\-]?)?"
    r"|0(?:1|44|45)[ \t.\-]?)"
)
_PHONE = re.compile(
    rf"(?<![\w.,+])(?<!\d[ \t.\-])(?:{_PREFIX})?(?P<national>{_NATIONAL})(?![\w]|[.,]\d|[ \t.\-]\d)",
    _FLAGS,
)
_PHONE_KEYWORD = re.compile(
    r"(?<![a-z])(?:tel[eé]fonos?|tels?|cel(?:ular)?|m[oó]vil|whats ?app|phone|fax|lada)"
    r"[ \t]*\.?[ \t]*(?:[:#]|n[uú]m(?:ero)?\.?|no\.?)?[ \t:.\-]*$",
    _FLAGS,
)
_PHONE_LEFTOVER = re.compile(
    r"[\s,;/|:.\-()#]*"
    r"(?:(?:tel[eé]fonos?|tels?|cel(?:ular)?|m[oó]vil|whats ?app|phone|fax|lada|oficina|casa"
    r"|conmutador|directo|y|o|and|or|ext(?:ensi[oó]n)?\.?[ \t]*\d{1,6})[\s,;/|:.\-()#]*)*",
    _FLAGS,
)


def is_phone(text: str) -> bool:
    """Mexican phone number: 10 national digits whose first digit is 2-9 (area code of 2 or 3
    digits + 8 or 7 digits), optionally preceded by +52 / 0052 / 52 (and the legacy mobile
    ``1``) or the legacy long-distance/mobile prefixes 01, 044, 045; groups may be separated by
    spaces, hyphens or dots and the area code may sit in parentheses."""
    m = _PHONE.fullmatch(text.strip())
    return m is not None


def _detect_phone(col: _Column) -> set[int]:
    """A phone candidate counts when the cell *looks like* a phone:

    * it is preceded, in the cell, by tel/teléfono/cel/celular/móvil/whatsapp/fax; or
    * it carries an unmistakable phone format anywhere: a +52 prefix or an area code in
      parentheses, e.g. ``(55) 1234-5678``; or
    * the cell is mostly phone numbers (labels, extensions and list punctuation aside).

    A cell made only of digits is never a phone unless the column header names a phone
    (tel, teléfono, celular, móvil, phone, whatsapp): 10-digit integers in numeric columns
    are amounts, identifiers or population counts.
    """
    if not col.has_digit6:
        return set()
    found: set[int] = set()
    rejected: set[int] = set()
    for m in _PHONE.finditer(col.text):
        idx = col.row(m.start())
        if idx in found or idx in rejected:
            continue
        cell = col.cells[idx]
        if cell.strip().isdigit():
            (found if col.phone_header else rejected).add(idx)
            continue
        before = cell[: m.start() - col.start(idx)][-40:]
        national = m.group("national")
        if (
            _PHONE_KEYWORD.search(before)
            or m.group("intl")
            or national.lstrip().startswith("(")
            or _mostly_phone(cell)
        ):
            found.add(idx)
    return found


def _mostly_phone(cell: str) -> bool:
    rest = _PHONE.sub(" ", cell)
    return _PHONE_LEFTOVER.fullmatch(rest) is not None


# --------------------------------------------------------------------------------------------
# Card numbers
# --------------------------------------------------------------------------------------------

_CARD = re.compile(r"(?<![\w.,+])(?<!\d[ \-])\d(?:[ \-]?\d){12,18}(?![\w]|[.,]\d|[ \-]\d)")
_CARD_LENGTHS: tuple[tuple[Callable[[str], bool], tuple[int, ...], bool], ...] = (
    # (IIN test, allowed lengths, Visa/Mastercard)
    (lambda d: d[0] == "4", (13, 16, 19), True),
    (lambda d: "51" <= d[:2] <= "55" or "2221" <= d[:4] <= "2720", (16,), True),
    (lambda d: d[:2] in ("34", "37"), (15,), False),
    (lambda d: d[:4] == "6011" or d[:2] == "65", (16, 17, 18, 19), False),
)


def card_brand_ok(digits: str) -> tuple[bool, bool]:
    """(known IIN with a valid length, is Visa/Mastercard) for a string of digits.

    IIN prefixes: Visa 4 (13, 16 or 19 digits); Mastercard 51-55 and 2221-2720 (16); American
    Express 34, 37 (15); Discover 6011, 65 (16-19)."""
    for test, lengths, visa_mc in _CARD_LENGTHS:
        if test(digits):
            return len(digits) in lengths, visa_mc
    return False, False


def is_card_number(text: str) -> bool:
    """Payment card number: 13-19 digits (spaces or hyphens allowed) with a known IIN prefix and
    a valid Luhn check digit."""
    digits = re.sub(r"[ \-]", "", text.strip())
    return digits.isdigit() and card_brand_ok(digits)[0] and luhn_valid(digits)


def _grouped_like_card(raw: str) -> bool:
    """Printed like a card: groups of 4 (the last may be shorter), or Amex/Diners 4-6-5/4-6-4."""
    groups = re.split(r"[ \-]", raw)
    if len(groups) < 2:
        return False
    sizes = [len(g) for g in groups]
    if sizes in ([4, 6, 5], [4, 6, 4]):
        return True
    return all(s == 4 for s in sizes[:-1]) and 1 <= sizes[-1] <= 4


def _detect_card(col: _Column) -> set[int]:
    """A valid card number counts when it is printed in groups of four, or when the header
    names a card (tarjeta, card), or when it is exactly 16 bare digits with a Visa/Mastercard
    prefix. For bare numbers the column must agree: where most 16-digit Visa/Mastercard-like
    numbers fail Luhn, the column holds identifiers and the few that pass are chance."""
    if not col.has_digit6:
        return set()
    found: set[int] = set()
    bare_found: set[int] = set()
    bare_candidates = 0
    for m in _CARD.finditer(col.text):
        raw = m.group()
        digits = raw.replace(" ", "").replace("-", "")
        brand_ok, visa_mc = card_brand_ok(digits)
        bare = raw == digits
        if bare and len(digits) == 16 and visa_mc:
            bare_candidates += 1
        if not brand_ok or not luhn_valid(digits):
            continue
        idx = col.row(m.start())
        if col.card_header or _grouped_like_card(raw):
            found.add(idx)
        elif bare and len(digits) == 16 and visa_mc:
            bare_found.add(idx)
    if len(bare_found) * 2 >= bare_candidates:
        found |= bare_found
    return found


# --------------------------------------------------------------------------------------------
# Public interface
# --------------------------------------------------------------------------------------------

_DETECTORS: tuple[tuple[str, Callable[[_Column], set[int]]], ...] = (
    ("curp", _detect_curp),
    ("rfc", _detect_rfc),
    ("ine-key", _detect_ine),
    ("nss", _detect_nss),
    ("email", _detect_email),
    ("phone", _detect_phone),
    ("card-number", _detect_card),
)


def _screen_column(col: _Column) -> dict[str, set[int]]:
    found: dict[str, set[int]] = {}
    if not col.text.strip(_JOIN + " \t\r\n"):
        return found
    for kind, detect in _DETECTORS:
        rows = detect(col)
        if rows:
            found[kind] = rows
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
    hits: list[Hit] = []
    for index, column_cells in enumerate(zip(*table, strict=True)):
        name = header[index] if index < len(header) else ""
        column = name if name.strip() else f"#{index + 1}"
        if name in exempt or name.strip() in exempt or column in exempt:
            continue
        for kind, found in _screen_column(_Column(name, column_cells)).items():
            hits.append(Hit(kind, column, lines[min(found)], len(found)))
    hits.sort(key=lambda h: (h.line, h.column, h.kind))
    return hits
