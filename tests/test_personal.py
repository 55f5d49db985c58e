"""Personal-data screening (catalogo.checks.personal): every kind found, including the usual
evasions; plain words, numbers, codes and company RFCs left alone; hits placed on the right
column and line; and no false alarm on the real corpus.

Valid identifiers are generated here with the official check-digit algorithms (written again in
this file, independently of the module), and each one is also tried with its last digit off by
one, which must not be flagged.

## False-positive measurement on the real corpus

`test_corpus_false_positives` screens every `*.csv` under `../shared/corpus/` (decoded as UTF-8,
then cp1252, then Latin-1; parsed with the `csv` module; no column exempt):

| measure | value |
|---|---|
| files scanned | 98 |
| cells scanned | 1,776,967 |
| screening time | 0.8-1.1 s in all (slowest file: `RESAGEBURB_01CSV20`, 230 columns, about 0.2 s) |
| files flagged | 10 |
| hits | 10, all `email`; no CURP, RFC, INE key, NSS, phone or card number |

Every hit was inspected by hand; all are true positives (real, institutional e-mail addresses):

| file | column, line | value | verdict |
|---|---|---|---|
| `datosgobmx-adela-2015/MAT_test.csv` | `url`, line 5299 (3 cells) | `http://www.seguro-popular@salud.gob.mx` | an address of the Seguro Popular typed into the download-URL field |
| `sonora-recursos-hidricos/Metadatos/Datos_hídricos_*XLSX.csv` (9 files, one per decade 1941-2024) | `Valor`, line 8 | `Emilio.soto@sonora.gob.mx` | the publisher's contact: a named civil servant's work address |

What the official rules turned down on the same corpus: 1,078 eleven-digit budget keys
(`CLAVE_CARTERA`, federal budget 2016) of which 69 pass Luhn and the NSS structure by chance,
dismissed because most of their column does not (likewise one 11-digit EU amount); RFC-shaped
text such as `ASIO 2015-16 PBS` (no such date) and `Mint 2015-16` (mixed case); 17-digit
timestamps and receipt numbers (no card IIN/Luhn); coordinates and amounts such as
`-99.11746972` and `25100928.16`, which a loose phone pattern reads as `99 1174 6972`.

Outside this test, the two full files zipped in the corpus (federal budget 2016, 34 MB and
75,312 rows; transfers to the states, 27 MB and 78,751 rows) screen in about 1.2 s and 0.9 s.
They first showed one false positive, `Coordinación General @prende.mx` (a programme's name
read as `General@prende.mx`), now excluded: spaces around `@` must be on both sides.
"""

from __future__ import annotations

import csv
import io
import random
import unicodedata
from collections.abc import Callable
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalogo.checks.personal import KINDS, Hit, find_kinds, screen_rows

CORPUS = Path(__file__).parents[1].parent / "shared" / "corpus"

# --------------------------------------------------------------------------------------------
# Independent implementations of the official check digits, to generate valid identifiers
# --------------------------------------------------------------------------------------------

RENAPO = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"


def curp(first17: str) -> str:
    """Complete a CURP with its RENAPO check digit: weights 18..2, (10 - sum % 10) % 10."""
    total = sum(RENAPO.index(c) * w for c, w in zip(first17, range(18, 1, -1), strict=True))
    return first17 + str((10 - total % 10) % 10)


def luhn(payload: str) -> str:
    """Complete a number with its Luhn (mod 10) check digit."""
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:  # these are doubled once the check digit is appended
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return payload + str((10 - total % 10) % 10)


def off_by_one(value: str) -> str:
    """The same value with its last digit changed: an invalid check digit."""
    return value[:-1] + str((int(value[-1]) + 1) % 10)


CURP_1985 = curp("GOMA850101HDFRRN0")  # born 1985: digit homoclave
CURP_2004 = curp("PELJ040229MJCRPNA")  # born 29 Feb 2004: letter homoclave
NSS = luhn("1285603412")  # subdelegación 12, registered 1985, born 1960
CARDS = {  # name -> valid number (a check digit appended to a 12-18 digit payload)
    "visa": luhn("453914880343646"),
    "mastercard": luhn("5" + "10510510510510"),
    "mastercard-2": luhn("2221" + "00000000001"),
    "amex": luhn("37" + "828224631000"),
    "discover": luhn("6011" + "11111111111"),
}


def spaced(value: str, sizes: tuple[int, ...], sep: str = " ") -> str:
    parts, i = [], 0
    for n in sizes:
        parts.append(value[i : i + n])
        i += n
    return sep.join(parts)


def test_generated_identifiers_have_the_right_shape() -> None:
    assert CURP_1985 == "GOMA850101HDFRRN00"
    assert len(CURP_2004) == 18 and len(NSS) == 11
    assert [len(c) for c in CARDS.values()] == [16, 16, 16, 15, 16]
    assert KINDS == ("curp", "rfc", "ine-key", "nss", "email", "phone", "card-number")


# --------------------------------------------------------------------------------------------
# Positive cases, one kind at a time
# --------------------------------------------------------------------------------------------

POSITIVE = [
    # CURP, plain and evasions
    (CURP_1985, "curp"),
    (CURP_2004, "curp"),
    (CURP_1985.lower(), "curp"),
    (" ".join(CURP_1985), "curp"),
    (spaced(CURP_1985, (4, 6, 6, 2)), "curp"),
    (spaced(CURP_1985, (4, 6, 6, 2), "-"), "curp"),
    (".".join(CURP_2004.lower()), "curp"),
    (f"CURP del beneficiario: {CURP_1985}.", "curp"),
    # RFC persona física (13 characters), plain and evasions
    ("GODE561231GR8", "rfc"),
    ("gode561231gr8", "rfc"),
    ("GODE-561231-GR8", "rfc"),
    ("G O D E 5 6 1 2 3 1 G R 8", "rfc"),
    ("Proveedor: LOPJ800229AB1 (persona física)", "rfc"),
    # INE voter key
    ("HRGRJN82050602H900", "ine-key"),
    ("hrgrjn82050602h900", "ine-key"),
    ("HRGRJN 82050602 H 900", "ine-key"),
    ("Clave de elector: HRGRAL-82050602-H900", "ine-key"),
    # NSS
    (NSS, "nss"),
    (spaced(NSS, (2, 2, 2, 4, 1), "-"), "nss"),
    (f" {spaced(NSS, (5, 6))} ", "nss"),
    # e-mail, plain and evasions
    ("juan.perez@gmail.com", "email"),
    ("Contacto: maria_lopez+datos@correo.example.mx", "email"),
    ("juan at gmail dot com", "email"),
    ("juan at gmail.com", "email"),
    ("juan [at] gmail.com", "email"),
    ("juan(arroba)gmail.com", "email"),
    ("juan (at) dominio (dot) org", "email"),
    ("juan arroba hotmail punto com", "email"),
    ("JUAN @ PRODIGY.NET.MX", "email"),
    ("enlace.transparencia@sonora.gob.mx", "email"),  # institutional: still reported
    # phone
    ("55 1234 5678", "phone"),
    ("(55) 1234-5678", "phone"),
    ("+52 1 55 1234 5678", "phone"),
    ("+525512345678", "phone"),
    ("222 123 4567", "phone"),
    ("(222) 123-45-67", "phone"),
    ("55.1234.5678", "phone"),
    ("01 800 123 4567", "phone"),
    ("Tel. 5512345678", "phone"),
    ("teléfono: 33-1234-5678 ext. 102", "phone"),
    ("Cel 8112345678", "phone"),
    ("WhatsApp +52 81 1234 5678", "phone"),
    ("55 1234 5678 / 55 8765 4321", "phone"),
    ("Oficina central, (33) 3614-0000", "phone"),
    # card numbers
    (CARDS["visa"], "card-number"),
    (CARDS["mastercard"], "card-number"),
    (CARDS["mastercard-2"], "card-number"),
    (spaced(CARDS["visa"], (4, 4, 4, 4)), "card-number"),
    (spaced(CARDS["mastercard"], (4, 4, 4, 4), "-"), "card-number"),
    (spaced(CARDS["amex"], (4, 6, 5)), "card-number"),
    (spaced(CARDS["discover"], (4, 4, 4, 4)), "card-number"),
    (f"pagado con tarjeta {spaced(CARDS['visa'], (4, 4, 4, 4))}", "card-number"),
]


@pytest.mark.parametrize(("value", "kind"), POSITIVE)
def test_kind_is_found(value: str, kind: str) -> None:
    assert kind in find_kinds(value)


@pytest.mark.parametrize(
    "value",
    [CURP_1985, CURP_2004, CURP_1985.lower(), " ".join(CURP_1985), spaced(CURP_1985, (4, 6, 6, 2), "-")],
)
def test_curp_wins_over_the_rfc_inside_it(value: str) -> None:
    """The first 13 characters of a CURP are RFC-shaped; they must not count as an RFC."""
    assert find_kinds(value) == {"curp"}


# --------------------------------------------------------------------------------------------
# Invalid check digits are not flagged
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [CURP_1985, CURP_2004])
@pytest.mark.parametrize("form", [str, str.lower, " ".join])
def test_curp_with_wrong_check_digit_is_not_flagged(value: str, form: Callable[[str], str]) -> None:
    assert find_kinds(form(value)) == {"curp"}
    assert find_kinds(form(off_by_one(value))) == set()


def test_nss_with_wrong_check_digit_is_not_flagged() -> None:
    assert find_kinds(off_by_one(NSS)) == set()
    assert find_kinds(spaced(off_by_one(NSS), (2, 2, 2, 4, 1), "-")) == set()


@pytest.mark.parametrize("name", sorted(CARDS))
def test_card_with_wrong_check_digit_is_not_flagged(name: str) -> None:
    """Printed in groups, every brand is found; bare or grouped, a wrong check digit is not."""
    groups = (4, 6, 5) if name == "amex" else (4, 4, 4, 4)
    assert find_kinds(spaced(CARDS[name], groups)) == {"card-number"}
    wrong = off_by_one(CARDS[name])
    assert find_kinds(wrong) == set()
    assert find_kinds(spaced(wrong, groups)) == set()


def test_many_generated_identifiers_round_trip() -> None:
    """Random valid CURPs, NSS and Visa numbers are all found; their off-by-one twins never."""
    rng = random.Random(20240229)
    consonants = "BCDFGHJKLMNPQRSTVWXZ"
    for _ in range(300):
        first17 = (
            rng.choice("ABCDGHJLMPRSTVZ")
            + rng.choice("AEIOUX")
            + rng.choice(consonants)
            + rng.choice("AEIOU")
            + f"{rng.randint(40, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
            + rng.choice("HM")
            + rng.choice(["DF", "JC", "NL", "PL", "VZ", "NE", "OC", "YN"])
            + "".join(rng.choices(consonants, k=3))
            + str(rng.randint(0, 9))
        )
        value = curp(first17)
        assert find_kinds(value) == {"curp"}, value
        assert find_kinds(off_by_one(value)) == set(), value
        nss = luhn(
            f"{rng.randint(1, 96):02d}{rng.randint(80, 99):02d}{rng.randint(40, 79):02d}{rng.randint(0, 9999):04d}"
        )
        assert find_kinds(nss) == {"nss"}, nss
        assert find_kinds(off_by_one(nss)) == set(), nss
        visa = luhn("4" + "".join(rng.choices("0123456789", k=14)))
        assert find_kinds(visa) == {"card-number"}, visa
        assert find_kinds(off_by_one(visa)) == set(), visa


# --------------------------------------------------------------------------------------------
# Negative cases
# --------------------------------------------------------------------------------------------

NEGATIVE = [
    # words and text
    "",
    "N/D",
    "Presidencia Municipal",
    "Secretaría de Salud",
    "CONSTRUCCION DE TECHADO EN ESCUELA PRIMARIA",
    "EJERCICIO 2015-16 PBS",
    "Mint 2015-16 PBS",
    "Data available at data.gov.au",
    "look at www.example.com",
    "meet at noon",
    "@usuario",
    "logo@2x.png",
    "usuario@localhost",
    "Coordinación General @prende.mx",  # a programme's name, from the full 2016 federal budget
    # dates and times
    "2020-01-15",
    "15/01/2020",
    "2020-01-31T10:00:00Z",
    "1941-01-01, 1949-12-31",
    "10:30-12:45",
    "2019-2020",
    # amounts and numbers
    "6,500,000",
    "$6,500,000.00",
    "1234567890.00",
    "-99.11746972",
    "25100928.16",
    "2.345.678.901",
    "1 234 567 890",
    "5512345678",
    "12345678901234",
    "0.000123456789",
    # postal codes and INEGI codes
    "06600",
    "01000",
    "CP 06600, CDMX",
    "09",
    "09015",
    "090150001",
    "0901500010010",
    "0100100010229001",
    # company RFC (persona moral): not personal data
    "SAT970701NN3",
    "RFC del proveedor: TME840315KT6",
    "Telmex y TME840315KT6",
    # RFC- and key-shaped, invalid
    "GODE561331GR8",
    "HRGRJN82050645H900",
    "HRGRJN82133102H900",
    # identifiers of other shapes
    "f2333c5e-26ea-47c8-93ee-fda5e9106672",
    "978-607-16-1234-5",
    "192.168.100.200",
    "https://datos.gob.mx/busca/dataset/123456789012",
    "Oficio No. SHCP/123/2020",
    # NSS only as a whole cell, never inside longer numbers or text
    NSS + "0",
    "0" + NSS,
    f"NSS {NSS}",
    # card-like numbers that are not cards
    CARDS["visa"] + ".00",
    luhn("9" + "123456789012345"),
    luhn("4" + "12345678901234567890"),
]


@pytest.mark.parametrize("value", NEGATIVE)
def test_not_personal_data(value: str) -> None:
    assert find_kinds(value) == set()


def test_nss_registered_before_birth_is_not_flagged() -> None:
    assert find_kinds(luhn("1205100001")) == set()  # registered 2005, born 2010
    assert find_kinds(luhn("9705100001")) == {"nss"}  # subdelegación 97 records no birth year


def test_bare_discover_or_amex_needs_a_card_header() -> None:
    assert find_kinds(CARDS["discover"]) == set()
    assert find_kinds(CARDS["amex"]) == set()
    hits = screen_rows(["numero_tarjeta"], [(2, [CARDS["amex"]]), (3, [CARDS["discover"]])])
    assert hits == [Hit("card-number", "numero_tarjeta", 2, 2)]


def test_ten_digit_integers_in_an_amount_column_are_not_phones() -> None:
    rng = random.Random(1)
    rows = [(i + 2, [str(rng.randint(2_000_000_000, 9_999_999_999)), "12.5"]) for i in range(500)]
    assert screen_rows(["monto", "tasa"], rows) == []


def test_bare_digits_in_a_phone_column_are_phones() -> None:
    rows = [(2, ["5512345678", "5512345678"]), (3, ["", "3312345678"]), (4, ["8112345678", "n/d"])]
    assert screen_rows(["Teléfono", "importe"], rows) == [Hit("phone", "Teléfono", 2, 2)]


def test_eleven_digit_identifier_column_is_not_nss() -> None:
    """About one 11-digit number in twenty passes Luhn and the NSS structure by chance: in a
    column of identifiers or amounts those are dismissed, in a column of NSS all are found."""
    rng = random.Random(7)
    ids = [f"{rng.randint(0, 10**11 - 1):011d}" for _ in range(400)]
    assert screen_rows(["clave_cartera"], [(i + 2, [v]) for i, v in enumerate(ids)]) == []
    real = [
        luhn(f"{rng.randint(1, 96):02d}{rng.randint(80, 99)}{rng.randint(40, 79)}{rng.randint(0, 9999):04d}")
        for _ in range(50)
    ]
    rows = [(i + 2, [v]) for i, v in enumerate(real)]
    assert screen_rows(["afiliado"], rows) == [Hit("nss", "afiliado", 2, 50)]


def test_sixteen_digit_identifier_column_is_not_cards() -> None:
    rng = random.Random(3)
    ids = ["4" + "".join(rng.choices("0123456789", k=15)) for _ in range(400)]
    assert screen_rows(["folio"], [(i + 2, [v]) for i, v in enumerate(ids)]) == []


# --------------------------------------------------------------------------------------------
# screen_rows: positions, counts, exemptions
# --------------------------------------------------------------------------------------------


def test_hits_give_first_line_count_and_column() -> None:
    header = ["nombre", "curp", "correo", "monto"]
    rows = [
        (2, ["Ana", "", "", "100"]),
        (3, ["Luis", CURP_1985, "n/d", "6,500,000"]),
        (5, ["Eva", CURP_2004.lower(), "eva@gmail.com", "12"]),  # a record spanning lines 4-5
        (6, ["Juan", "pendiente", "juan at gmail dot com", "3"]),
    ]
    assert screen_rows(header, rows) == [
        Hit("curp", "curp", 3, 2),
        Hit("email", "correo", 5, 2),
    ]


def test_hits_are_sorted_by_line_column_kind() -> None:
    header = ["b", "a"]
    rows = [
        (2, ["", "x"]),
        (3, [f"{CURP_1985} juan@gmail.com", "55 1234 5678"]),
        (4, ["", "GODE561231GR8"]),
    ]
    hits = screen_rows(header, rows)
    assert hits == [
        Hit("phone", "a", 3, 1),
        Hit("curp", "b", 3, 1),
        Hit("email", "b", 3, 1),
        Hit("rfc", "a", 4, 1),
    ]
    assert hits == sorted(hits, key=lambda h: (h.line, h.column, h.kind))


def test_exempt_columns_are_not_screened() -> None:
    header = ["correo_institucional", "telefono", "curp"]
    rows = [(2, ["transparencia@sonora.gob.mx", "(662) 212-0000", CURP_1985])]
    assert {h.kind for h in screen_rows(header, rows)} == {"email", "phone", "curp"}
    hits = screen_rows(header, iter(rows), {"correo_institucional", "telefono"})
    assert hits == [Hit("curp", "curp", 2, 1)]


def test_every_column_is_screened_whatever_its_name() -> None:
    rows = [(2, ["x", f"nota: {CURP_1985}"]), (3, ["y", "ok"])]
    assert screen_rows(["clave", "observaciones"], rows) == [Hit("curp", "observaciones", 2, 1)]


def test_empty_header_and_ragged_rows() -> None:
    header = ["id", ""]
    rows = [(2, ["1"]), (3, ["2", "juan@gmail.com", CURP_1985]), (4, [])]
    assert screen_rows(header, rows) == [Hit("email", "#2", 3, 1), Hit("curp", "#3", 3, 1)]
    assert screen_rows([], []) == []
    assert screen_rows(["a"], []) == []


def test_non_string_cells_from_converted_spreadsheets() -> None:
    rows: list[tuple[int, list[object]]] = [(2, [5512345678, None, 12.5]), (3, ["55 1234 5678", True, 0])]
    hits = screen_rows(["tel", "flag", "monto"], rows)  # type: ignore[arg-type]
    assert hits == [Hit("phone", "tel", 2, 2)]


def test_hit_is_frozen() -> None:
    hit = Hit("email", "correo", 2, 1)
    with pytest.raises(FrozenInstanceError):
        hit.count = 3  # type: ignore[misc]


def test_a_hundred_thousand_rows_screen_quickly() -> None:
    rng = random.Random(5)
    words = ("CONSTRUCCION", "DE", "TECHADO", "EN", "ESCUELA", "PRIMARIA", "LOCALIDAD", "EJERCICIO", "2016")
    rows = [
        (
            i + 2,
            [
                str(i),
                " ".join(rng.choices(words, k=12)),
                f"{rng.random() * 1e7:.2f}",
                f"20{rng.randint(10, 23)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                f"{rng.randint(0, 10**11 - 1):011d}",
                f"{rng.uniform(14, 32):.8f}",
            ],
        )
        for i in range(100_000)
    ]
    rows[70_000][1][1] = f"beneficiario {CURP_1985}"
    hits = screen_rows(["id", "descripcion", "monto", "fecha", "clave", "lat"], rows)
    assert hits == [Hit("curp", "descripcion", 70_002, 1)]


PIECES = [
    "",
    " ",
    "x",
    "y",
    "1",
    "12345678",
    "6,500,000",
    "-99.1",
    "2020-01-01",
    "\n",
    "SAT970701NN3",
    CURP_1985,
    CURP_1985.lower(),
    " ".join(CURP_1985),
    off_by_one(CURP_1985),
    "GODE561231GR8",
    "HRGRJN82050602H900",
    NSS,
    "juan@gmail.com",
    "juan at gmail dot com",
    "55 1234 5678",
    "(55) 1234-5678",
    "Tel. 5512345678",
    "5512345678",
    CARDS["visa"],
    spaced(CARDS["visa"], (4, 4, 4, 4)),
]


@settings(max_examples=150, deadline=None, database=None)
@given(st.lists(st.lists(st.sampled_from(PIECES), max_size=4).map(" ".join), min_size=1, max_size=120))
def test_column_screen_agrees_with_cell_screen(column: list[str]) -> None:
    """Joining a column, pre-filtering and mapping offsets back to rows must not change what
    is found: each kind's count and first line equal those of the cell-by-cell screen (NSS and
    card numbers may only be fewer, because of their column-level test)."""
    rows = [(i + 2, [cell]) for i, cell in enumerate(column)]
    by_column = {h.kind: (h.line, h.count) for h in screen_rows(["x"], rows)}
    by_cell: dict[str, tuple[int, int]] = {}
    for line, (cell,) in rows:
        for kind in find_kinds(cell):
            first, count = by_cell.get(kind, (line, 0))
            by_cell[kind] = (first, count + 1)
    for kind in set(by_column) | set(by_cell):
        if kind in ("nss", "card-number") and kind not in by_column:
            continue
        assert by_column.get(kind) == by_cell.get(kind), kind


# --------------------------------------------------------------------------------------------
# The real corpus: no false positives
# --------------------------------------------------------------------------------------------

SONORA = "sonora-recursos-hidricos/Metadatos/Datos_hídricos_{}XLSX.csv"
DECADES = [
    "1941-1949",
    "1950-1959",
    "1960-1969",
    "1970-1979",
    "1980-1989",
    "1990-1999",
    "2000-2009",
    "2010-2019",
    "2020-2024",
]

# Every hit on the corpus, inspected by hand; all are true positives:
EXPECTED_CORPUS_HITS = {
    # "http://www.seguro-popular@salud.gob.mx" in the `url` column (3 resources): an e-mail
    # address of the Seguro Popular typed into the download-URL field.
    ("datosgobmx-adela-2015/MAT_test.csv", "email", "url"),
    # "Emilio.soto@sonora.gob.mx" on the "Email publisher" row of the key/value metadata
    # sheets: the work address of a named civil servant, the publisher's contact.
    *((SONORA.format(decade), "email", "Valor") for decade in DECADES),
}


def decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


@pytest.mark.corpus
def test_corpus_false_positives() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"the real-data corpus is absent: {CORPUS} (it lives beside the checkout)")
    files = sorted(CORPUS.rglob("*.csv"))
    assert files, f"no CSV under {CORPUS}"
    found: set[tuple[str, str, str]] = set()
    cells = 0
    for path in files:
        reader = csv.reader(io.StringIO(decode(path.read_bytes()), newline=""))
        header = next(reader, [])
        rows = [(reader.line_num, row) for row in reader]
        cells += sum(len(row) for _, row in rows)
        rel = unicodedata.normalize("NFC", path.relative_to(CORPUS).as_posix())
        found |= {(rel, hit.kind, hit.column) for hit in screen_rows(header, rows)}
    assert cells > 0
    assert {f for f, _, _ in found} == {f for f, _, _ in EXPECTED_CORPUS_HITS}
    assert found == EXPECTED_CORPUS_HITS


def test_one_repeated_eleven_digit_key_is_not_nss() -> None:
    # Real case: a budget portfolio key (CLAVE_CARTERA) repeated in a column of zeros.
    rows = [(i + 2, ["15067120004" if i % 300 == 7 else "0"]) for i in range(1300)]
    assert screen_rows(["CLAVE_CARTERA"], rows) == []
