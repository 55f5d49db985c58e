"""Stage 3, enrich (measurements): The facts the quality criteria judge, gathered once per dataset from
its descriptor, its files, the git history and the last link check; and the small vocabulary of
outcomes (met / not met / not checkable, with a reason in Spanish and English)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from ..checks.keys import SEX_VALUES, names_sex, norm
from ..checks.links import LinkResult, LinkResults
from ..core import values
from ..core.model import Dataset, Party, Resource
from ..core.paths import Target
from ..core.resources import declared_format_key, declares_table, is_access_page
from ..core.vocab import fold, license_key, vocabularies
from ..gitdata.history import Change
from .timeliness import Targets, Timeliness, resource_targets

MET, NOT_MET, NOT_CHECKABLE = "met", "not-met", "not-checkable"

Reason = dict[str, str]
Outcome = tuple[str, float | None, Reason]  # state, share of resources meeting it, reason


@dataclass(frozen=True)
class ColumnFacts:
    """A Table Schema's fields, counted for the documentation and gender criteria."""

    fields: int = 0
    undescribed: tuple[str, ...] = ()  # fields without a description
    quantities: int = 0  # numeric fields that measure or count (keys and codes left out)
    without_unit: tuple[str, ...] = ()  # quantities whose title and description name no unit
    sex: tuple[str, ...] = ()  # fields that hold people's sex


@dataclass(frozen=True)
class ResourceFacts:
    name: str
    kind: str  # file, url or refused (a path the catalogue will not follow)
    exists: bool  # a local file that is there
    format: str | None  # vocabulary key
    open: bool
    machine: bool
    tabular: bool
    has_schema: bool
    media_type: str | None
    size: int | None
    link: LinkResult | None
    columns: ColumnFacts

    @property
    def downloadable(self) -> bool:
        if self.kind == "file":
            return self.exists
        return self.kind == "url" and not is_access_page(self.format)

    @property
    def available(self) -> bool | None:
        """True or False when known: local files travel with the site; URLs need a link check."""
        if self.kind == "file":
            return self.exists
        if self.kind == "url":
            return self.link.ok if self.link else None
        return False


@dataclass(frozen=True)
class Facts:
    keywords: tuple[str, ...]
    themes: tuple[str, ...]
    description: bool
    spatial: bool
    temporal: bool
    license: str | None
    contact: bool
    publisher: str | None
    issued: str | None  # day of the first commit
    modified: str | None  # day of the last commit
    timeliness: Timeliness
    resources: tuple[ResourceFacts, ...]
    gender_disaggregated: bool | None  # as declared

    def only(self, keep: Callable[[ResourceFacts], bool]) -> Facts:
        return replace(self, resources=tuple(r for r in self.resources if keep(r)))


def gather(
    dataset: Dataset,
    publisher: Party | None,
    issued: Change | None,
    modified: Change | None,
    timeliness: Timeliness,
    links: LinkResults,
    targets: Targets | None = None,
) -> Facts:
    data = dataset.data
    themes = vocabularies().terms["themes"]
    raw_contact = data.get("contact")
    contact: dict[str, Any] = raw_contact if isinstance(raw_contact, dict) else {}
    return Facts(
        keywords=tuple(k for k in values.items(data.get("keywords")) if isinstance(k, str) and k.strip()),
        themes=tuple(t for t in values.items(data.get("theme")) if isinstance(t, str) and t in themes),
        description=bool(dataset.text("description").strip()),
        spatial=_has(data.get("spatial"), "scope", "states", "municipalities"),
        temporal=_has(data.get("temporal"), "start", "end"),
        license=_license(data.get("licenses")),
        contact=bool(str(contact.get("name") or "").strip()) and bool(contact.get("email") or contact.get("phone")),
        publisher=publisher.name if publisher is not None else None,
        issued=issued.day if issued else None,
        modified=modified.day if modified else None,
        timeliness=timeliness,
        resources=tuple(_resource(r, t, links) for r, t in targets or resource_targets(dataset)),
        gender_disaggregated=dataset.gender_disaggregated,
    )


def _has(value: Any, *keys: str) -> bool:
    return isinstance(value, dict) and any(value.get(k) not in (None, "", []) for k in keys)


def _license(licenses: Any) -> str | None:
    for entry in values.items(licenses):
        if isinstance(entry, dict):
            key = license_key(entry.get("name")) or license_key(entry.get("path"))
            if key:
                return key
    return None


def _resource(resource: Resource, target: Target, links: LinkResults) -> ResourceFacts:
    kind = "file" if target.file is not None else "url" if target.url else "refused"
    exists = bool(target.file is not None and target.file.is_file())
    link = links.get(target.url) if target.url else None
    fmt = declared_format_key(resource)
    entry = vocabularies().entry("formats", fmt) if fmt else {}
    schema_fields = resource.schema.get("fields")
    return ResourceFacts(
        name=resource.name,
        kind=kind,
        exists=exists,
        format=fmt,
        open=bool(entry.get("open")),
        machine=bool(entry.get("machine")),
        tabular=bool(entry.get("tabular")) or declares_table(resource),
        has_schema=isinstance(schema_fields, list) and bool(schema_fields),
        media_type=_media_type(resource, link),
        size=_size(resource, target.file if exists else None, link),
        link=link,
        columns=_columns(resource.schema),
    )


def _media_type(resource: Resource, link: LinkResult | None) -> str | None:
    declared = resource.data.get("mediatype")
    if isinstance(declared, str) and declared.strip():
        return declared.strip()
    if link is not None and link.ok and link.content_type:
        return link.content_type.split(";")[0].strip() or None
    return None


def _size(resource: Resource, file: Any, link: LinkResult | None) -> int | None:
    declared = resource.data.get("bytes")
    if isinstance(declared, int) and not isinstance(declared, bool):
        return declared
    if file is not None:
        return file.stat().st_size
    return link.bytes if link is not None and link.ok else None


# --- columns ----------------------------------------------------------------------------------

# Table Schema has no standard property for a unit, and the catalogue's schema asks for it in the
# field's description ("what the column means and its units"): a numeric field declares its unit
# when its title or description names one of these (compared without accents or case): a
# currency, a share or rate, a unit of measure or of time, or what a count counts. The publishing
# guide (4.1) lists them.
_UNIT_WORDS = (
    # money
    r"pesos|mxn|dolares|usd|euros|udis",
    # shares, rates and indices
    r"porcentajes?|porcentual(?:es)?|por ciento|percent(?:age)?|tasas?|indices?|razon|proporcion|por cada|per capita",
    # length, area, volume
    r"(?:kilo|centi|mili|hecto)?metros?(?: (?:cuadrados?|cubicos?))?|meters?|metres?",
    r"km2?|cm[23]?|mm|m[23]|hm3|hectareas?",
    r"litros?|ml",
    # mass, temperature, energy, concentration, sound
    r"(?:kilo|mili)?gramos?|kg|mg|toneladas?|grados?|celsius|(?:kilo|mega|giga)?watts?(?: hora)?|[kmg]wh?",
    r"barriles|ppm|ppb|decibeles",
    # time (plural, so that "del año" is not a unit)
    r"anos|meses|dias|horas|minutos|segundos|years|months|days|hours|minutes|seconds",
    # what a count counts
    r"numero de|cantidad de|total de|conteo|personas?|habitantes|casos|defunciones|delitos|viviendas|hogares|unidades",
    r"people|persons|number of|count of",
)
_UNIT = re.compile(r"(?<!\w)(?:" + "|".join(_UNIT_WORDS) + r")(?!\w)|[%‰$°]")
# Numbers that name rather than measure: keys, folios and catalogue codes need no unit.
_CODE = re.compile(
    r"^(?:clave|cve|codigo|identificador|id|folio|numero (?:consecutivo|del|de folio|de identificacion))\b"
)
NUMERIC = ("number", "integer")


def _columns(schema: dict[str, Any]) -> ColumnFacts:
    fields = values.mappings(schema.get("fields"))
    keys = _key_fields(schema)
    quantities = [f for f in fields if f.get("type") in NUMERIC and not _is_code(f, keys)]
    return ColumnFacts(
        fields=len(fields),
        undescribed=tuple(_name(f) for f in fields if not values.text(f.get("description")).strip()),
        quantities=len(quantities),
        without_unit=tuple(_name(f) for f in quantities if not _UNIT.search(fold(_words(f)))),
        sex=tuple(_name(f) for f in fields if _holds_sex(f)),
    )


def _name(field: dict[str, Any]) -> str:
    return values.text(field.get("name")) or "?"


def _words(field: dict[str, Any]) -> str:
    return f"{values.text(field.get('title'))} {values.text(field.get('description'))}"


def _key_fields(schema: dict[str, Any]) -> set[str]:
    """Fields of the primary key and of foreign keys."""
    found = set(_field_names(schema.get("primaryKey")))
    for key in values.mappings(schema.get("foreignKeys")):
        found.update(_field_names(key.get("fields")))
    return found


def _field_names(value: Any) -> list[str]:
    """A key's fields: one name or a list of them."""
    return [value] if isinstance(value, str) else values.strings(value)


def _is_code(field: dict[str, Any], keys: set[str]) -> bool:
    """A number that identifies or classifies: a key, unique, from a list (enum), a join key, or
    named, titled or described as a clave, código, folio or identifier."""
    constraints = values.mapping(field.get("constraints"))
    return (
        _name(field) in keys
        or constraints.get("unique") is True
        or "enum" in constraints
        or field.get("joinKey") not in (None, "ninguna")
        or any(_CODE.match(norm(values.text(field.get(k)).replace("_", " "))) for k in ("name", "title", "description"))
    )


def _holds_sex(field: dict[str, Any]) -> bool:
    """Named as a sex column (as the data check finds them) and, when it lists its values (enum),
    two of them are the usual values of sex (H/M, Mujer/Hombre, 1/2…)."""
    if not any(names_sex(values.text(field.get(k))) for k in ("name", "title")):
        return False
    listed = values.items(values.mapping(field.get("constraints")).get("enum"))
    return not listed or len({norm(str(v)) for v in listed} & SEX_VALUES) >= 2


# --- outcomes ----------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def reason(es: str, en: str) -> Reason:
    """One shared value per text: every dataset's quality holds ~27 of them, mostly the same
    few dozen. Read-only, like every Reason."""
    return {"es": es, "en": en}


def flag(ok: bool, yes: Reason, no: Reason) -> Outcome:
    return (MET, None, yes) if ok else (NOT_MET, None, no)


def share(facts: Facts, test: Callable[[ResourceFacts], bool | None], what: Reason) -> Outcome:
    """A resource criterion: met when every resource passes; `test` gives None when it can't tell.
    The share is over the resources whose answer is known."""
    if not facts.resources:
        return NOT_MET, 0.0, reason("no tiene recursos", "has no resources")
    verdicts = [(r.name, test(r)) for r in facts.resources]
    known = [(name, ok) for name, ok in verdicts if ok is not None]
    if not known:
        return NOT_CHECKABLE, None, reason(f"no se puede saber: {what['es']}", f"cannot tell: {what['en']}")
    failing = sorted(name for name, ok in known if not ok)
    unknown = len(verdicts) - len(known)
    note = reason(f" ({unknown} sin revisar)", f" ({unknown} not checked)") if unknown else reason("", "")
    if not failing:
        return (
            MET,
            1.0,
            reason(f"todos los recursos: {what['es']}{note['es']}", f"every resource: {what['en']}{note['en']}"),
        )
    names = ", ".join(failing)
    return (
        NOT_MET,
        (len(known) - len(failing)) / len(known),
        reason(f"recursos que no cumplen: {names}{note['es']}", f"resources that fail: {names}{note['en']}"),
    )
