"""Importers (`catalogo import`): The source's words for frequencies, licences and column types mapped to
the catalogue's vocabularies: ISO 8601 repeating intervals, Spanish, Portuguese and English words, EU
URIs, licence titles and URLs as portals write them."""

# A frequency the vocabulary has no exact term for (every two months, every three years) becomes
# the nearest term that is not more frequent, so that timeliness never calls a dataset overdue
# before its own period is over; the caller reports the adjustment (`import-value-adjusted`).

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..core.vocab import fold, license_key, vocabularies

DAY = 1.0
_UNITS = {"Y": 365.25, "M": 30.44, "W": 7.0, "D": 1.0}
_TIME_UNITS = {"H": 1 / 24, "M": 1 / 1440, "S": 1 / 86400}
_DURATION = re.compile(
    r"^(?:R\d*/)?P(?:(?P<Y>[\d.]+)Y)?(?:(?P<M>[\d.]+)M)?(?:(?P<W>[\d.]+)W)?(?:(?P<D>[\d.]+)D)?"
    r"(?:T(?:(?P<TH>[\d.]+)H)?(?:(?P<TM>[\d.]+)M)?(?:(?P<TS>[\d.]+)S)?)?$"
)
# Nominal period in days of each term the source may name by its length; `continua` covers
# anything more frequent than daily.
_PERIODS = {
    "diaria": 1,
    "semanal": 7,
    "quincenal": 15,
    "mensual": 30.44,
    "trimestral": 91.3,
    "semestral": 182.6,
    "anual": 365.25,
    "bienal": 730.5,
}
# Words portals use (folded), with the period they mean when the vocabulary has no such term.
_WORDS: dict[str, str | float] = {
    "eventual": "irregular",
    "esporadica": "irregular",
    "variable": "irregular",
    "a demanda": "irregular",
    "bajo demanda": "irregular",
    "sob demanda": "irregular",
    "segun se requiera": "irregular",
    "as needed": "irregular",
    "irregularly": "irregular",
    "no planificada": "irregular",
    "no regular": "irregular",
    "nao regular": "irregular",
    "tiempo real": "continua",
    "en tiempo real": "continua",
    "real time": "continua",
    "continuous": "continua",
    "continuously updated": "continua",
    "por hora": "continua",
    "cada hora": "continua",
    "horaria": "continua",
    "hourly": "continua",
    "diario": "diaria",
    "diariamente": "diaria",
    "daily": "diaria",
    "semanalmente": "semanal",
    "weekly": "semanal",
    "catorcenal": "quincenal",
    "quinzenal": "quincenal",
    "biweekly": "quincenal",
    "fortnightly": "quincenal",
    "semimonthly": "quincenal",
    "mensualmente": "mensual",
    "mensal": "mensual",
    "monthly": "mensual",
    "bimestral": 61.0,
    "bimonthly": 61.0,
    "trimestralmente": "trimestral",
    "quarterly": "trimestral",
    "cuatrimestral": 121.8,
    "quadrimestral": 121.8,
    "semestralmente": "semestral",
    "semiannual": "semestral",
    "biannual": "semestral",
    "anualmente": "anual",
    "annual": "anual",
    "yearly": "anual",
    "bianual": "bienal",
    "biennial": "bienal",
    "trienal": 1095.75,
    "triennial": 1095.75,
    "quinquenal": 1826.25,
    "decenal": 3652.5,
    "sexenal": 2191.5,
    "censal": 1826.25,
    "unica vez": "sin-actualizacion",
    "una vez": "sin-actualizacion",
    "no se actualiza": "sin-actualizacion",
    "sin actualizacion": "sin-actualizacion",
    "historico": "sin-actualizacion",
    "never": "sin-actualizacion",
    "not updated": "sin-actualizacion",
}


@dataclass(frozen=True)
class Frequency:
    key: str
    adjusted: bool = False  # the source's period has no exact term: the next longer one was taken


def period_days(raw: str) -> float | None:
    """Days between updates of an ISO 8601 duration or repeating interval ("R/P0.5M" -> 15.22)."""
    found = _DURATION.match(raw.strip().upper())
    if not found or not any(found.groupdict().values()):
        return None
    try:
        days = sum(float(found[u]) * n for u, n in _UNITS.items() if found[u])
        days += sum(float(found["T" + u]) * n for u, n in _TIME_UNITS.items() if found["T" + u])
    except ValueError:
        return None
    return days if days > 0 else None


def frequency_of_period(days: float) -> Frequency:
    """The term for a period: exact within 10%, else the shortest longer one (irregular beyond)."""
    if days < DAY * 0.9:
        return Frequency("continua")
    for key, nominal in _PERIODS.items():
        if abs(days - nominal) <= nominal * 0.1:
            return Frequency(key)
    longer = [key for key, nominal in _PERIODS.items() if nominal > days]
    return Frequency(longer[0] if longer else "irregular", adjusted=True)


def frequency_of(raw: str) -> Frequency | None:
    """A frequency as portals write it (vocabulary key or label, ISO 8601, EU URI, a word in Spanish,
    Portuguese or English) as a term of the catalogue; None when nothing matches."""
    if not raw or not raw.strip():
        return None
    exact = _vocabulary_term(raw)
    if exact:
        return Frequency(exact)
    days = period_days(raw)
    if days is not None:
        return frequency_of_period(days)
    word = " ".join(re.sub(r"[^\w]+", " ", fold(raw).rstrip("/").rsplit("/", 1)[-1]).replace("_", " ").split())
    meant = _WORDS.get(word)
    if isinstance(meant, str):
        return Frequency(meant)
    if isinstance(meant, float):
        return frequency_of_period(meant)
    return _stem(word)


def _vocabulary_term(raw: str) -> str | None:
    """The key whose key, labels, EU code or ISO code equals `raw` (or its last URI segment)."""
    wanted = fold(raw.strip()).rstrip("/")
    tail = wanted.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    for key, entry in vocabularies().terms["frequencies"].items():
        names = [key, entry.get("es", ""), entry.get("en", ""), str(entry.get("eu", ""))]
        if entry.get("iso") != "irregular":  # "irregular" is the ISO code of two terms: the word decides
            names.append(str(entry.get("iso", "")))
        if any(fold(n) in (wanted, tail) for n in names if n):
            return key
    return None


def _stem(word: str) -> Frequency | None:
    """A unique match of the first word's first four letters ("Mensal", "diária")."""
    first = word.split()[0] if word.split() else ""
    if len(first) < 4:
        return None
    stems = {
        k
        for k, e in vocabularies().terms["frequencies"].items()
        for n in (k, e["es"], e["en"])
        if fold(n).split()[0][:4] == first[:4]
    }
    return Frequency(stems.pop()) if len(stems) == 1 else None


# --- licences ----------------------------------------------------------------------------------

_VERSION = re.compile(r"^v?\d+(\.\d+)*$")
_FILLER = {"international", "internacional", "license", "licence", "licencia", "licenca", "the", "la", "de", "of"}


def license_of(*raws: str) -> str | None:
    """The catalogue's licence for the first of the source's values (id, URL, title) it recognises:
    a key, URL or alias exactly; a URL written another way (http, www, no trailing slash,
    /legalcode, /deed.es); an acronym in brackets ("… (ODbL)"); a title without its version
    ("Creative Commons Attribution", "Open Data Commons Open Database License")."""
    for raw in raws:
        key = license_key(raw) if raw else None
        key = key or (_license_by_form(raw) if raw else None)
        if key:
            return key
    return None


def _license_by_form(raw: str) -> str | None:
    text = fold(raw.strip())
    if re.match(r"^https?://", text):
        form = _url_form(text)
        tail = form.rsplit("/", 1)[-1]  # ".../licenses/odc-odbl": the licence's id
        return _license_forms().get(form) or _license_forms().get(_unversioned(form)) or license_key(tail)
    bracketed = re.findall(r"\(([^()]+)\)", text)
    for acronym in bracketed:
        key = license_key(acronym.strip())
        if key:
            return key
    return _license_forms().get(_words_form(re.sub(r"\([^()]*\)", " ", text)))


def _url_form(url: str) -> str:
    url = re.sub(r"^https?://(www\.)?", "", fold(url)).split("#")[0].split("?")[0]
    url = re.sub(r"/(legalcode(\.[a-z-]+)?|deed\.[a-z-]+|index\.html?)$", "", url.rstrip("/"))
    return "url:" + url.rstrip("/")


def _unversioned(form: str) -> str:
    """A URL form without its version segment: ".../licenses/by/4.0" -> ".../licenses/by"."""
    return re.sub(r"/v?\d+([.-]\d+)*$", "", form)


def _words_form(text: str) -> str:
    words = [w for w in re.findall(r"[a-z0-9.]+", fold(text)) if not _VERSION.match(w) and w not in _FILLER]
    return "words:" + " ".join(words)


@cache
def _license_forms() -> dict[str, str]:
    """Each licence's URL and title forms -> its key; a form two licences share is dropped."""
    forms: dict[str, str | None] = {}
    for key, entry in vocabularies().terms["licenses"].items():
        names = [entry["url"], entry["es"], entry["en"], *entry.get("aliases", [])]
        for name in names:
            form = _url_form(name) if re.match(r"^https?://", name) else _words_form(name)
            for each in {form, _unversioned(form)} - {"url:", "words:"}:
                forms[each] = key if forms.get(each, key) == key else None
    return {form: key for form, key in forms.items() if key}


# --- column types ------------------------------------------------------------------------------

_FIELD_TYPES = {
    "string": "string",
    "text": "string",
    "str": "string",
    "char": "string",
    "varchar": "string",
    "integer": "integer",
    "int": "integer",
    "long": "integer",
    "number": "number",
    "float": "number",
    "double": "number",
    "decimal": "number",
    "numeric": "number",
    "boolean": "boolean",
    "bool": "boolean",
    "date": "date",
    "fecha": "date",
    "time": "time",
    "hora": "time",
    "datetime": "datetime",
    "timestamp": "datetime",
    "year": "year",
    "yearmonth": "yearmonth",
    "duration": "duration",
    "geopoint": "geopoint",
    "geojson": "geojson",
    "object": "object",
    "array": "array",
    "list": "list",
    "any": "any",
}


def field_type(raw: str) -> str | None:
    """A column type as catalogues write it (Table Schema types and common synonyms); None when unknown."""
    return _FIELD_TYPES.get(fold(raw.strip())) if raw else None
