"""Stage 2, check: Detectors of the personal-data screen for personal keys: CURP, RFC of a person, INE
voter key and IMSS social security number (NSS), each validated with its official rule."""

from __future__ import annotations

import re
from datetime import date
from operator import mul

from .personal_base import (
    _CONSONANT,
    _FLAGS,
    _GROUP_SEP,
    _GROUP_SEPS,
    _LB,
    _RB,
    _S,
    _block_ok,
    _Column,
    _compact,
    _scan,
    _spaced,
    _valid_yymmdd,
    luhn_valid,
)

# --------------------------------------------------------------------------------------------
# CURP
# --------------------------------------------------------------------------------------------

# fmt: off
CURP_STATES = frozenset((
    "AS", "BC", "BS", "CC", "CL", "CM", "CS", "CH", "DF", "DG", "GT", "GR", "HG", "JC", "MC", "MN",
    "MS", "NT", "NL", "OC", "PL", "QT", "QR", "SP", "SL", "SR", "TC", "TS", "TL", "VZ", "YN", "ZS",
    "NE",  # nacido en el extranjero (born abroad)
))
# fmt: on
_CURP_ALPHABET = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"
_CURP_VALUE = {c: i for i, c in enumerate(_CURP_ALPHABET)}
_CURP_WEIGHTS = range(18, 1, -1)
# fmt: off
_CURP = re.compile(
    _LB
    + "(?P<letters>" + _spaced("[A-Z]", "[AEIOUX]", "[A-Z]", "[A-Z]") + ")" + _S
    + _spaced(*[r"\d"] * 6, "[HM]", "[A-Z]", "[A-Z]", _CONSONANT, _CONSONANT, _CONSONANT, "[A-Z0-9]", r"\d")
    + _RB,
    _FLAGS,
)
# fmt: on


def curp_check_digit(first17: str) -> int:
    """RENAPO check digit of a CURP from its first 17 characters.

    Each character takes its index in ``0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ`` and is weighted
    18, 17, ... 2; the digit is ``(10 - sum % 10) % 10``.
    """
    total: int = sum(map(mul, map(_CURP_VALUE.__getitem__, first17), _CURP_WEIGHTS))
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
    try:
        return value[17] == str(curp_check_digit(value[:17]))
    except KeyError:  # a character outside the RENAPO alphabet
        return False


def _curp_match_ok(m: re.Match[str]) -> bool:
    return _block_ok(m.group("letters")) and is_curp(_compact(m.group()))


def _detect_curp(col: _Column) -> set[int]:
    return {col.row(m.start()) for m in _scan(_CURP, col.text, _curp_match_ok)}


# --------------------------------------------------------------------------------------------
# RFC (persona física only)
# --------------------------------------------------------------------------------------------

_RFC_LETTER = "[A-ZÑ&]"
# fmt: off
_RFC = re.compile(
    _LB
    + "(?P<letters>" + _spaced(*[_RFC_LETTER] * 4) + ")" + _S
    + "(?P<date>" + _spaced(*[r"\d"] * 6) + ")" + _S
    + "(?P<homoclave>" + _spaced(*["[A-Z0-9]"] * 3) + ")"
    + _RB,
    _FLAGS,
)
# fmt: on


def is_rfc_fisica(value: str) -> bool:
    """RFC of a *persona física* (SAT), 13 characters: 4 letters from the name
    (``[A-ZÑ&]``), birth date ``YYMMDD`` (must be a real date) and a 3-character homoclave.

    The 12-character RFC of a *persona moral* (3 letters + date of incorporation + homoclave,
    e.g. ``SAT970701NN3``) identifies a company, not a person, and is deliberately not matched.
    ``value`` is already compact (uppercase, no separators).
    """
    return (
        len(value) == 13
        and value[:4].replace("&", "A").isalpha()
        and value[4:10].isdigit()
        and _valid_yymmdd(value[4:10])
        and value[10:].isalnum()
    )


_SAT_ALPHABET = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ"
_SAT_VALUE = {c: i for i, c in enumerate(_SAT_ALPHABET)}


def rfc_check_digit(first12: str) -> str:
    """SAT check character of an RFC from its first 12 characters: each character takes its
    index in ``0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ``, weighted 13, 12, ... 2; with
    ``r = 11 - sum % 11`` the character is ``0`` for 11, ``A`` for 10 and the digit otherwise."""
    r = 11 - sum(map(mul, map(_SAT_VALUE.__getitem__, first12), range(13, 1, -1))) % 11
    return "0" if r == 11 else "A" if r == 10 else str(r)


def _rfc_check_ok(value: str) -> bool:
    try:
        return rfc_check_digit(value[:12]) == value[12]
    except KeyError:  # a character outside the SAT alphabet
        return False


_PUNCTUATED = re.compile(r"[^\w& \t\u00a0.\-\u2010-\u2015]")


def _detect_rfc(col: _Column, checked: bool = False) -> set[int]:
    """RFCs of persons; with ``checked``, only those whose SAT check character is right."""
    text = col.text
    found: set[int] = set()
    for m in _RFC.finditer(text):
        raw = m.group()
        value = _compact(raw)
        if not is_rfc_fisica(value):
            continue
        if checked and not _rfc_check_ok(value):
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
            # Punctuation other than blanks, dots and hyphens ("PAGO 150312/001"): only with
            # the right SAT check character.
            if _PUNCTUATED.search(raw) is not None and not _rfc_check_ok(value):
                continue
        # CURP wins: the first 13 characters of a CURP (or of an INE key) are RFC-shaped.
        if col.overlaps(*m.span(), (_CURP, _INE)):
            continue
        found.add(col.row(m.start()))
    return found


# --------------------------------------------------------------------------------------------
# INE voter key (clave de elector)
# --------------------------------------------------------------------------------------------

# fmt: off
_INE = re.compile(
    _LB
    + "(?P<letters>" + _spaced(*["[A-Z]", _CONSONANT] * 3) + ")" + _S
    + "(?P<digits>" + _spaced(*[r"\d"] * 8) + ")" + _S
    + "[HM]" + _S + _spaced(*[r"\d"] * 3)
    + _RB,
    _FLAGS,
)
# fmt: on


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
    return len(value) == 18 and _valid_yymmdd(value[6:12]) and value[12:14].isdigit() and 1 <= int(value[12:14]) <= 32


def _ine_match_ok(m: re.Match[str]) -> bool:
    return _block_ok(m.group("letters")) and is_ine_key(_compact(m.group()))


def _detect_ine(col: _Column) -> set[int]:
    return {col.row(m.start()) for m in _scan(_INE, col.text, _ine_match_ok)}


# --------------------------------------------------------------------------------------------
# NSS (IMSS social security number)
# --------------------------------------------------------------------------------------------

# The whole cell is 11 digits, possibly grouped with spaces or hyphens (NUL-padded text).
_NSS = re.compile(rf"\x00[ \t]*(\d(?:{_GROUP_SEP}?\d){{10}})[ \t]*(?=\x00)")
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
    if len(digits) != 11 or not digits.isdigit():
        return False
    if digits[:2] != "97":
        registered, born = int(digits[2:4]), int(digits[4:6])
        registered += 2000 if registered <= _THIS_YEAR else 1900
        born += 2000 if born <= _THIS_YEAR else 1900
        if born > registered:
            return False
    return luhn_valid(digits)


def _detect_nss(col: _Column) -> set[int]:
    """A cell counts when it is exactly 11 digits and a valid NSS. The column must agree: 1 in 10
    numbers passes Luhn by chance, so unless a header names the NSS (nss, imss, seguridad
    social), at least two distinct valid numbers are needed and they must be most of the distinct
    11-digit values: otherwise they are amounts or identifiers, not social security numbers."""
    padded = col.padded()
    candidates = _NSS.findall(padded)  # strings only: cheap even for a column of 11-digit ids
    distinct = {value if len(value) == 11 else value.translate(_GROUP_SEPS) for value in candidates}
    valid = {value for value in distinct if is_nss(value)}
    judged_alone = len(col.cells) == 1  # one value on its own (find_kinds): no column to agree with
    if not valid or not (col.nss_header or judged_alone or (len(valid) >= 2 and 2 * len(valid) > len(distinct))):
        return set()
    return {
        col.row(m.start())
        for m in _NSS.finditer(padded)
        if (m.group(1) if len(m.group(1)) == 11 else m.group(1).translate(_GROUP_SEPS)) in valid
    }
