"""Stage 2, check: Detectors of the personal-data screen for whole columns: people's names and home
addresses, judged by a column's header (the hint) and most of its cells (the evidence)."""

# A name or an address has no check digit: "Benito Juárez" is a president, a municipality, a
# school, a street and a dam. So a column is judged, never a cell, and always on a sample of its
# cells (``SAMPLE``); only a column found to hold names or addresses is then counted whole.
#
# People's names (``person-name``):
#
# * The header says what the column holds. A header naming a thing (escuela, centro de trabajo,
#   calle, presa, municipio, dependencia, programa...) is never a column of people's names, even
#   when its values are (schools and streets named after people). A header naming a surname
#   (apellido, paterno, materno, surname) or a person's role (beneficiario, titular, solicitante,
#   nombre completo...) is a strong hint; a bare "nombre"/"name" is a weak one, dropped when
#   another column names an establishment (CCT, CLUES, escuela, hospital, empresa...): the table
#   then lists establishments and "nombre" is theirs.
# * The cells are the evidence, read against ``vocab/person_names.csv`` (frequent Mexican given
#   names and surnames): a cell may be a name when it is letters only (titles such as Lic. or Dr.
#   aside), holds no institution or place word, is not the name of a state or municipality and
#   does not start like a place (San, Santa, El, La...). A *full* name has two or more words, at
#   least one of them a known surname.
# * A hinted column counts when at least half of its cells are full names (surname columns: known
#   surnames; under a bare "nombre", full names of three or more words: things named after people
#   carry one surname, people in a register two). A given-name column alone does not identify
#   anyone: it counts only beside a column of surnames or full names. A column without any hint
#   counts only when four cells in five are full names of three or more words with a given name.
#
# Home addresses (``home-address``): a street address (Calle/Av./Blvd. + number, Col., C.P. 12345,
# Mz./Lt., Int./Ext....) is a home address only in a table of people, that is one with a column of
# names (one with a legal basis too), or when its header says so (domicilio particular, casa...).
# Addresses of schools, hospitals and offices in tables without people are not personal data.

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import islice

from ..core.vocab import fold, vocabularies

NAME_KIND = "person-name"
ADDRESS_KIND = "home-address"
COLUMN_KINDS = (NAME_KIND, ADDRESS_KIND)

SAMPLE = 1_000  # cells a column is judged on, spread over the whole column
_PROBE = 40  # cells a column without a hint is first judged on
_MIN_CELLS = 2  # a column of one value is no list of people

# --------------------------------------------------------------------------------------------
# Headers
# --------------------------------------------------------------------------------------------


def _words(*alternatives: str) -> re.Pattern[str]:
    """Whole words of a folded header (``_` and other separators are spaces)."""
    return re.compile(rf"(?<![a-z])(?:{'|'.join(alternatives)})(?![a-z])")


_SURNAME_HEADER = _words(
    r"apellidos?\w*", r"paterno", r"materno", r"surnames?", r"last ?names?", r"family ?names?", r"ap ?(?:pat|mat)\w*"
)
_ROLE_HEADER = _words(
    r"nombre ?completo", r"full ?names?", r"beneficiari[oa]s?", r"solicitantes?", r"titular(?:es)?",
    r"propietari[oa]s?", r"poseedor(?:es)?", r"arrendatari[oa]s?", r"contribuyentes?", r"derechohabientes?",
    r"asegurad[oa]s?", r"pacientes?", r"alumn[oa]s?", r"estudiantes?", r"docentes?", r"maestr[oa]s?",
    r"profesor(?:a|es|as)?", r"trabajador(?:a|es|as)?", r"emplead[oa]s?", r"servidor(?:a|es|as)?",
    r"funcionari[oa]s?", r"ciudadan[oa]s?", r"quejos[oa]s?", r"denunciantes?", r"victimas?", r"ofendid[oa]s?",
    r"imputad[oa]s?", r"detenid[oa]s?", r"sentenciad[oa]s?", r"representantes?", r"apoderad[oa]s?",
    r"responsables?", r"director(?:a|es|as)?", r"notari[oa]s?", r"productor(?:a|es|as)?", r"jef[ea]s?",
    r"firmantes?", r"autor(?:a|es|as)?", r"integrantes?", r"conyuges?", r"padres?", r"madres?", r"tutor(?:a|es)?",
    r"electores?", r"candidat[oa]s?", r"regidor(?:a|es|as)?", r"sindic[oa]s?", r"diputad[oa]s?",
    r"senador(?:a|es|as)?", r"presidente?a?s?", r"juez(?:a|as)?", r"jueces", r"magistrad[oa]s?",
    r"comisionad[oa]s?", r"peritos?", r"medic[oa]s?", r"enfermer[oa]s?", r"usuari[oa]s?", r"clientes?",
    r"soci[oa]s?", r"afiliad[oa]s?", r"militantes?", r"becari[oa]s?", r"jornaler[oa]s?", r"pescador(?:a|es)?",
    r"ejidatari[oa]s?", r"comuner[oa]s?", r"acreditad[oa]s?", r"deudor(?:a|es)?", r"acreedor(?:a|es)?",
    r"residentes?", r"habitantes?", r"vecin[oa]s?", r"difunt[oa]s?", r"finad[oa]s?", r"fallecid[oa]s?",
    r"personas?", r"persons?", r"people", r"encargad[oa]s?", r"testigos?", r"herederos?", r"contact(?:o|os)?",
)  # fmt: skip
_GIVEN_HEADER = _words(r"nombres?", r"nombre ?s", r"nom", r"names?", r"first ?names?", r"given ?names?", r"fname")
_THING_HEADER = _words(
    r"escuelas?", r"plantel(?:es)?", r"centros?", r"ct", r"cct", r"clues", r"unidad(?:es)?", r"institucion(?:es)?",
    r"dependencias?", r"entidad(?:es)?", r"estados?", r"edo", r"ent", r"municipios?", r"mun", r"mpio",
    r"alcaldias?", r"delegacion(?:es)?", r"localidad(?:es)?", r"loc", r"colonias?", r"asentamientos?",
    r"calles?", r"vialidad(?:es)?", r"avenidas?", r"presas?", r"rios?", r"cuencas?", r"acuiferos?",
    r"programas?", r"proyectos?", r"ramos?", r"partidas?", r"conceptos?", r"capitulos?", r"fondos?",
    r"empresas?", r"razon", r"comercial", r"establecimientos?", r"negocios?", r"proveedor(?:es)?",
    r"hospital(?:es)?", r"clinicas?", r"bibliotecas?", r"museos?", r"parques?", r"zonas?", r"region(?:es)?",
    r"distritos?", r"pais(?:es)?", r"ciudad(?:es)?", r"sitios?", r"sedes?", r"oficinas?", r"organismos?",
    r"organos?", r"sujetos?", r"partidos?", r"sindicatos?", r"asociacion(?:es)?", r"fundacion(?:es)?",
    r"marcas?", r"productos?", r"medicamentos?", r"especies?", r"cultivos?", r"enfermedad(?:es)?", r"delitos?",
    r"archivos?", r"conjuntos?", r"recursos?", r"indicador(?:es)?", r"variables?", r"campos?", r"catalogos?",
    r"tipos?", r"categorias?", r"clases?", r"giros?", r"actividad(?:es)?", r"puestos?", r"cargos?", r"areas?",
    r"fuentes?", r"eventos?", r"obras?", r"contratos?", r"licitacion(?:es)?", r"carreteras?", r"tramos?",
    r"puentes?", r"aeropuertos?", r"puertos?", r"estacion(?:es)?", r"lineas?", r"rutas?", r"comun",
    r"cientifico", r"sector(?:es)?", r"temas?", r"subtemas?", r"funcion(?:es)?", r"grupos?", r"modalidad(?:es)?",
    r"comunidad(?:es)?", r"ejidos?", r"plantas?", r"pozos?", r"minas?", r"tianguis", r"mercados?",
    r"direccion(?:es)?", r"countr(?:y|ies)", r"cit(?:y|ies)", r"states?", r"compan(?:y|ies)", r"schools?",
    r"streets?", r"organi[sz]ations?", r"institutions?", r"agenc(?:y|ies)", r"departments?", r"products?",
    r"species", r"places?", r"sites?", r"projects?", r"datasets?",
)  # fmt: skip
# Other headers that make a bare "nombre" the name of an establishment, not of a person.
# (Not the employer of a person, such as "dependencia" in a directory of public servants.)
_ESTABLISHMENT_HEADER = _words(
    r"cct", r"ct", r"clues", r"escuelas?", r"plantel(?:es)?", r"centros?", r"hospital(?:es)?", r"clinicas?",
    r"establecimientos?", r"empresas?", r"razon", r"negocios?", r"presas?", r"tianguis", r"mercados?",
    r"bibliotecas?", r"museos?", r"parques?", r"schools?", r"compan(?:y|ies)",
)  # fmt: skip
_ADDRESS_HEADER = _words(
    r"domicilios?", r"direccion(?:es)?", r"calles?", r"vialidad(?:es)?", r"address(?:es)?", r"streets?",
    r"residencias?", r"ubicacion(?:es)?", r"dom",
)  # fmt: skip
_HOME_HEADER = _words(r"particular(?:es)?", r"casas?", r"habitacion", r"home", r"residencias?", r"residence")
# An address header that is also a word for an administrative unit ("Dirección de Finanzas").
_AMBIGUOUS_ADDRESS_HEADER = _words(r"direccion(?:es)?")

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NON_LETTERS = re.compile(r"[^a-z]+")


def _folded_header(header: str) -> str:
    return _NON_LETTERS.sub(" ", fold(_CAMEL.sub(" ", header))).strip()


@dataclass(frozen=True)
class _Header:
    kind: str  # "surname", "role", "given", "thing" or "" (no hint)
    address: bool  # names an address
    home: bool  # names a home address (or the address of a person)
    establishment: bool  # names an establishment (for the other columns' bare "nombre")
    ambiguous_address: bool


def _read_header(header: str) -> _Header:
    text = _folded_header(header)
    role = _ROLE_HEADER.search(text) is not None
    if _SURNAME_HEADER.search(text):
        kind = "surname"
    elif role:
        kind = "role"
    elif _THING_HEADER.search(text):
        kind = "thing"
    elif _GIVEN_HEADER.search(text):
        kind = "given"
    else:
        kind = ""
    address = _ADDRESS_HEADER.search(text) is not None
    return _Header(
        kind,
        address,
        address and (role or _HOME_HEADER.search(text) is not None),
        _ESTABLISHMENT_HEADER.search(text) is not None,
        address and _AMBIGUOUS_ADDRESS_HEADER.fullmatch(text) is not None,
    )


# --------------------------------------------------------------------------------------------
# Cells
# --------------------------------------------------------------------------------------------

# fmt: off
_TITLES = frozenset((
    "lic", "licda", "licdo", "ing", "dr", "dra", "mtro", "mtra", "maestro", "maestra", "prof", "profr", "profra",
    "profesor", "profesora", "c", "sr", "sra", "srta", "senor", "senora", "arq", "cp", "med", "mvz", "qfb", "psic",
    "enf", "don", "dona", "ma", "mc", "ph", "phd",
))
_PARTICLES = frozenset(("de", "del", "la", "las", "los", "y", "e", "da", "di", "do", "dos", "van", "von", "mac"))
_PLACE_START = frozenset((
    "san", "santa", "santo", "el", "la", "las", "los", "ex", "nuevo", "nueva", "ciudad", "general", "gral",
    "heroica", "colonia", "ejido", "rancho", "hacienda", "barrio", "pueblo",
))
# Words that never occur in a person's name: institutions, places, streets, placeholders.
_NOT_NAME_WORDS = frozenset((
    "secretaria", "direccion", "subdireccion", "coordinacion", "departamento", "unidad", "instituto",
    "institucion", "universidad", "escuela", "colegio", "primaria", "secundaria", "preparatoria", "bachillerato",
    "jardin", "kinder", "preescolar", "cendi", "cecyt", "conalep", "telesecundaria", "telebachillerato",
    "centro", "hospital", "clinica", "consultorio", "farmacia", "laboratorio", "biblioteca", "museo", "teatro",
    "auditorio", "estadio", "deportivo", "parque", "plaza", "mercado", "tianguis", "panteon", "iglesia",
    "parroquia", "templo", "capilla", "gobierno", "ayuntamiento", "municipio", "municipal", "presidencia",
    "delegacion", "alcaldia", "comision", "consejo", "comite", "tribunal", "juzgado", "fiscalia",
    "procuraduria", "sindicato", "partido", "asociacion", "fundacion", "sociedad", "cooperativa", "empresa",
    "grupo", "compania", "corporativo", "banco", "fideicomiso", "fondo", "programa", "proyecto", "sistema",
    "servicio", "servicios", "oficina", "agencia", "organismo", "organo", "poder", "congreso", "camara",
    "senado", "nacional", "federal", "estatal", "publica", "publico", "salud", "educacion", "seguridad",
    "desarrollo", "social", "obras", "finanzas", "hacienda", "economia", "trabajo", "turismo", "cultura",
    "deporte", "ambiente", "agua", "energia", "transporte", "comunicaciones", "vivienda", "bienestar",
    "calle", "avenida", "av", "blvd", "boulevard", "calzada", "prolongacion", "privada", "cerrada", "andador",
    "carretera", "camino", "periferico", "colonia", "col", "fraccionamiento", "fracc", "ejido", "rancho",
    "localidad", "poblado", "rancheria", "comunidad", "presa", "laguna", "cerro", "puerto", "estacion",
    "aeropuerto", "sa", "cv", "sc", "ac", "spr", "srl", "rl", "abarrotes", "tienda", "taller", "restaurante",
    "hotel", "zona", "region", "sector", "area", "total", "otros", "otro", "otra", "ninguno", "ninguna", "sin",
    "dato", "datos", "nd", "na", "aplica", "desconocido", "desconocida", "varios", "anonimo", "anonima",
    "reservado", "confidencial", "heroes", "ninos", "martires", "revolucion", "independencia", "constitucion",
    "reforma", "republica", "insurgentes", "norte", "sur", "oriente", "poniente", "tecnica", "tecnologico",
    "normal", "especial", "industrial", "comercial", "general", "regional", "distrito", "estado", "ciudad",
    "mexico", "internacional", "capitulo", "concepto", "partida", "total", "subtotal", "anual", "mensual",
))
_PLACEHOLDERS = frozenset((
    "", "sin dato", "sin datos", "s d", "sd", "nd", "n d", "na", "n a", "no aplica", "no disponible", "ninguno",
    "ninguna", "desconocido", "desconocida", "reservado", "confidencial", "anonimo", "anonima", "null", "none",
    "nan", "x", "xx", "xxx", "pendiente", "no especificado", "no se sabe", "otro", "otros",
))
# fmt: on
_NAME_CHARS = re.compile(r"[a-z .,'()\-]+")
_LETTERS = re.compile(r"[a-z]+")


def _squeezed(text: str) -> str:
    return " ".join(_LETTERS.findall(fold(text)))


@dataclass(frozen=True)
class _Vocabulary:
    given: frozenset[str]
    surnames: frozenset[str]
    places: frozenset[str]  # states and municipalities, squeezed


@cache
def _vocabulary() -> _Vocabulary:
    text = resources.files("catalogo").joinpath("vocab", "person_names.csv").read_text(encoding="utf-8")
    given: set[str] = set()
    surnames: set[str] = set()
    for row in csv.DictReader(line for line in text.splitlines() if not line.startswith("#")):
        (given if row["kind"] == "given" else surnames).add(_squeezed(row["name"]))
    vocab = vocabularies()
    places = {_squeezed(name) for name in vocab.states.values()}
    places |= {_squeezed(name) for _, name in vocab.municipalities.values()}
    return _Vocabulary(frozenset(given), frozenset(surnames), frozenset(places))


@dataclass(frozen=True)
class _Name:
    """What a cell tells about being a person's name."""

    words: int = 0  # significant words (0: cannot be a name)
    given: int = 0  # of them, known given names
    surnames: int = 0  # of them, known surnames

    @property
    def full(self) -> bool:
        return self.words >= 2 and self.surnames >= 1 and self.given + self.surnames >= 2


_NOT_A_NAME = _Name()


def _read_name(cell: str, vocabulary: _Vocabulary) -> _Name:
    text = fold(cell).strip()
    if not text or len(text) > 80 or _NAME_CHARS.fullmatch(text) is None:
        return _NOT_A_NAME
    words = _LETTERS.findall(text)
    while words and words[0] in _TITLES:
        del words[0]
    if not words or words[0] in _PLACE_START:
        return _NOT_A_NAME
    if len(words) > 1 and " ".join(words) in vocabulary.places:  # one word: Juárez, Guadalupe are names too
        return _NOT_A_NAME
    if any(word in _NOT_NAME_WORDS for word in words):
        return _NOT_A_NAME
    significant = [w for w in words if len(w) > 1 and w not in _PARTICLES]
    if not 1 <= len(significant) <= 6:
        return _NOT_A_NAME
    given = sum(w in vocabulary.given for w in significant)
    surnames = sum(w in vocabulary.surnames for w in significant)
    return _Name(len(significant), given, surnames)


_STREET = re.compile(
    r"(?<![a-z])(?:calle|c\.|av|ave|avda|avenida|blvd|boulevard|bulevar|calz|calzada|prol|prolongacion|priv|privada"
    r"|cda|cerrada|andador|callejon|cjon|circuito|cto|circ|retorno|paseo|periferico|carretera|carr|camino|diagonal"
    r"|viaducto|eje|pasaje)(?![a-z])"
)
_HOUSE_NUMBER = re.compile(
    r"(?<![a-z0-9])(?:no|num|numero|n|#|ext|exterior|int|interior|mz|mza|manzana|lt|lote|depto|departamento|edif"
    r"|edificio|km)\.?\s*#?\s*[a-z]?-?\d"
    r"|(?<![a-z0-9])s\s?/\s?n(?![a-z0-9])|sin numero"
    r"|(?<![\w.,/-])\d{1,5}(?:\s?-?\s?[a-z])?(?![\w.,/-])(?!\s+de\s)"
)
_SETTLEMENT = re.compile(
    r"(?<![a-z])(?:col|colonia|fracc?|fraccionamiento|barrio|unidad habitacional|u\.?\s?h|infonavit|fovissste"
    r"|residencial|ejido|localidad|poblado|rancheria|conjunto habitacional|pueblo|ampliacion|amp)(?![a-z])"
)
_POSTAL_CODE = re.compile(r"(?<![a-z])(?:c\.?\s?p|codigo postal)\.?\s*:?\s*\d{5}(?!\d)")
_ADDRESS_PARTS = (_STREET, _HOUSE_NUMBER, _SETTLEMENT, _POSTAL_CODE)


def _address_parts(cell: str) -> int:
    """How many kinds of address parts (street, house number, settlement, postal code) a cell has."""
    text = fold(cell)
    return sum(part.search(text) is not None for part in _ADDRESS_PARTS)


# --------------------------------------------------------------------------------------------
# Columns
# --------------------------------------------------------------------------------------------


def _text(cell: object) -> str:
    return cell if isinstance(cell, str) else "" if cell is None else str(cell)


def _sample(cells: Sequence[object], limit: int = SAMPLE) -> list[str]:
    """Up to `limit` cells that are not empty or placeholders, spread over the whole column."""
    picked = (_text(c).strip() for c in cells[:: max(1, len(cells) // SAMPLE)])
    return list(islice((c for c in picked if _squeezed(c) not in _PLACEHOLDERS), limit))


def _names_verdict(header: _Header, cells: Sequence[object], vocabulary: _Vocabulary, hinted: bool) -> str:
    """The column's verdict: "names" (people's names), "given" (given names: people's names only
    beside surnames) or "" (neither)."""
    if header.kind == "thing":
        return ""
    if not hinted:  # no hint: only full names of three or more words, most of the column
        probe = [_read_name(c, vocabulary) for c in _sample(cells, _PROBE)]
        strict = sum(map(_strict_full, probe))
        if strict >= 5 and 2 * strict >= len(probe):
            names = [_read_name(c, vocabulary) for c in _sample(cells)]
            if 5 * sum(map(_strict_full, names)) >= 4 * len(names):
                return "names"
        return _given_names(probe) if header.kind == "given" else ""
    names = [_read_name(c, vocabulary) for c in _sample(cells)]
    if not names:
        return ""
    half = len(names) / 2
    if header.kind == "surname":
        surnames = sum(n.surnames >= 1 for n in names)
        return "names" if surnames >= half and surnames >= _MIN_CELLS else ""
    # Things named after people carry one surname ("Benito Juárez", "Presa Lázaro Cárdenas"),
    # people in a register both: under a bare "nombre" only names of three or more words count.
    shortest = 3 if header.kind == "given" else 2
    full = sum(n.full and n.words >= shortest for n in names)
    if full >= half and full >= _MIN_CELLS:
        return "names"
    return _given_names(names)


def _given_names(names: Sequence[_Name]) -> str:
    given = sum(n.words >= 1 and n.given >= 1 for n in names)
    return "given" if 2 * given >= len(names) and given >= _MIN_CELLS else ""


def _strict_full(name: _Name) -> bool:
    return name.full and name.words >= 3 and name.given >= 1


def _address_verdict(header: _Header, cells: Sequence[object], people: bool) -> bool:
    """Whether the column holds home addresses; `people`: the table lists people."""
    if not people and not header.home:
        return False
    sample = _sample(cells)
    if len(sample) < _MIN_CELLS:
        return False
    if header.address and not header.ambiguous_address:  # domicilio, calle: any text (street names too)
        return 2 * sum(_ANY_LETTER.search(c) is not None for c in sample) >= len(sample)
    if header.address:  # dirección: also an administrative unit ("Dirección de Finanzas")
        return 2 * sum(_address_parts(c) >= 1 for c in sample) >= len(sample)
    return people and 2 * sum(_address_parts(c) >= 2 for c in sample) >= len(sample)


_NAME_CELL = re.compile(r"[^\W\d_](?:[^\W\d_]|[ .,'()\-])*")
_ANY_LETTER = re.compile(r"[^\W\d_]")
_ANY_TEXT = re.compile(r"[^\W_]")
_LONGEST_PLACEHOLDER = max(map(len, _PLACEHOLDERS))


def _rows(cells: Sequence[object], pattern: re.Pattern[str], whole: bool) -> set[int]:
    """Rows of the cells that match `pattern` (whole, or anywhere), placeholders aside: the count
    of a column already judged on its sample."""
    found = set()
    for row, cell in enumerate(cells):
        text = _text(cell).strip()
        matched = text and (pattern.fullmatch(text) if whole else pattern.search(text))
        if matched and (len(text) > _LONGEST_PLACEHOLDER + 4 or _squeezed(text) not in _PLACEHOLDERS):
            found.add(row)
    return found


def screen_people(
    headers: Sequence[str], columns: Sequence[Sequence[object]], exempt: set[int]
) -> dict[int, dict[str, set[int]]]:
    """Rows of people's names and home addresses per column index. Columns in `exempt` (a legal
    basis) are not reported, but their names still make the table one of people."""
    if not columns or not any(len(c) for c in columns):
        return {}
    read = [_read_header(h) for h in headers]
    establishments = [i for i, h in enumerate(read) if h.establishment]
    vocabulary = _vocabulary()
    verdicts: list[str] = []
    for index, (header, cells) in enumerate(zip(read, columns, strict=True)):
        weak = header.kind == "given" and any(i != index for i in establishments)
        hinted = header.kind in ("surname", "role", "given") and not weak
        verdicts.append(_names_verdict(header, cells, vocabulary, hinted))
    people = "names" in verdicts
    found: dict[int, dict[str, set[int]]] = {}
    for index, (header, cells) in enumerate(zip(read, columns, strict=True)):
        verdict = verdicts[index]
        if index in exempt:
            continue
        if verdict == "names" or (verdict == "given" and people):
            if rows := _rows(cells, _NAME_CELL, whole=True):
                found[index] = {NAME_KIND: rows}
        elif _address_verdict(header, cells, people) and (rows := _rows(cells, _ANY_TEXT, whole=False)):
            found[index] = {ADDRESS_KIND: rows}
    return found
