"""Importers (`catalogo import`): From a source record (CKAN package or data.json dataset, read into
the neutral `SourceDataset`) to the catalogue's `party.yaml` and `datapackage.yaml`, as close to the
source as the schema allows."""

# Whatever the source lacks or says in a way the catalogue cannot use is not invented: it is left
# out and reported with the code `catalogo validate` will give it, so the summary lists exactly
# the problems that were already in the source.

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..checks.keys import norm, state_of_name
from ..checks.schema import is_uri
from ..core.problems import Problem, localized, problem
from ..core.vocab import fold, format_key, slugify, vocabularies
from .places import Place, municipality_code
from .terms import field_type, frequency_of, license_of

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MEDIA_TYPE = re.compile(r"^[-\w.+]+/[-\w.+]+$")
DATE = re.compile(r"^(\d{4})(-\d{2})?(-\d{2})?")
LIMITS = {"title": 300, "description": 20000, "keyword": 80, "party_description": 5000, "version": 50}


@dataclass
class SourceOrganisation:
    key: str  # the source's own name or id
    name: str  # display name
    description: str = ""
    website: str = ""
    party_id: str = ""  # the party's id when the source names it (a data.json of this catalogue)
    place: Place | None = None  # level and place when the source states them


@dataclass
class SourceResource:
    name: str
    title: str
    url: str
    format: str = ""
    mediatype: str = ""
    description: str = ""
    size: Any = None
    fields: list[dict[str, Any]] = field(default_factory=list)  # the source's column list (data.json `field`)
    extra: dict[str, Any] = field(default_factory=dict)  # kept as they are (from a published datapackage.json)


@dataclass
class SourceDataset:
    identifier: str
    name: str
    title: str
    description: str
    organisation: SourceOrganisation | None
    keywords: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    license_id: str = ""
    license_url: str = ""
    license_title: str = ""
    frequency: str = ""
    contact_name: str = ""
    contact_email: str = ""
    homepage: str = ""
    version: str = ""
    created: str = ""
    temporal: str = ""  # "start/end" or a single date
    spatial: str = ""
    resources: list[SourceResource] = field(default_factory=list)
    public: bool = True  # False: private, deleted or non-public in the source (never imported)
    coverage: dict[str, Any] | None = None  # spatial coverage as the catalogue writes it, when the source has it
    extra: dict[str, Any] = field(default_factory=dict)  # catalogue properties kept as they are (datapackage.json)


class Issues:
    """Problems of one written file, with the codes and pointers validation will use."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.items: list[Problem] = []

    def add(self, code: str, pointer: str = "", **args: Any) -> None:
        self.items.append(problem(code, self.path, None, None, pointer or None, **args))

    def missing(self, prop: str, parent: str = "") -> None:
        name = self.path.rsplit("/", 1)[-1]
        where = parent.strip("/") or localized(f"la raíz de {name}", f"the top of {name}")
        self.add("missing-property", parent, property=prop, where=where)

    def unmapped(self, prop: str, found: str, pointer: str = "") -> None:
        self.add("import-unmapped-value", pointer, property=prop, found=found)


def text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _clip(issues: Issues, value: str, limit: int, pointer: str) -> str:
    if len(value) <= limit:
        return value
    issues.add(
        "import-value-adjusted",
        pointer,
        property=pointer.rsplit("/", 1)[-1],
        detail=localized(f"recortado a {limit} caracteres", f"cut to {limit} characters"),
    )
    return value[: limit - 1].rstrip() + "…"


def _match(raw: str, vocabulary: str, extra: tuple[str, ...] = ()) -> str | None:
    """The vocabulary key whose key, labels or codes equal `raw` (ignoring case and accents)."""
    wanted = fold(raw.strip()).rstrip("/")
    tail = wanted.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    for key, entry in vocabularies().terms[vocabulary].items():
        names = [key, entry.get("es", ""), entry.get("en", ""), *(str(entry.get(x, "")) for x in extra)]
        if any(fold(n) in (wanted, tail) for n in names if n):
            return key
    return None


def frequency_key(raw: str) -> str | None:
    """A frequency as portals write it to the catalogue's key (see terms.frequency_of)."""
    found = frequency_of(raw)
    return found.key if found else None


def theme_keys(raws: list[str], extra: dict[str, str]) -> tuple[list[str], list[str]]:
    """(catalogue themes, source themes that match none) for the source's groups or themes."""
    found: list[str] = []
    unknown: list[str] = []
    for raw in raws:
        key = extra.get(fold(raw)) or _match(raw, "themes", ("eu",))
        if key and key not in found:
            found.append(key)
        elif not key:
            unknown.append(raw)
    return found[:5], unknown


def slug_unique(base: str, taken: set[str], fallback: str) -> str:
    slug = slugify(base, max_length=90) or fallback
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate


def party_descriptor(
    party_id: str, org: SourceOrganisation, mapped: dict[str, Any], issues: Issues, place: Place | None = None
) -> dict[str, Any]:
    """The party's profile; `place` (level, state, municipality) fills what `mapped` leaves out."""
    party: dict[str, Any] = {"id": party_id, "name": _clip(issues, text(mapped.get("name")) or org.name, 300, "/name")}
    for key in ("acronym",):
        if text(mapped.get(key)):
            party[key] = text(mapped[key])
    party["level"] = text(mapped.get("level")) or (place.level if place else "") or "federal"
    party["power"] = text(mapped.get("power")) or "otro"
    for key in ("state", "municipality"):
        value = text(mapped.get(key)) or (getattr(place, key) if place else "")
        if value:
            party[key] = value
    website = text(mapped.get("website")) or org.website
    if re.match(r"^https?://\S+$", website):
        party["website"] = website
    description = text(mapped.get("description")) or org.description
    if description:
        party["description"] = _clip(issues, description, LIMITS["party_description"], "/description")
    if len(party["name"]) < 3:
        issues.add(
            "schema-violation",
            "/name",
            property="name",
            detail=localized("debe tener al menos 3 caracteres", "must have at least 3 characters"),
        )
    if party["level"] in ("estatal", "municipal") and "state" not in party:
        issues.missing("state")
    if party["level"] == "municipal" and "municipality" not in party:
        issues.missing("municipality")
    return party


def dataset_descriptor(
    src: SourceDataset, name: str, themes: dict[str, str], issues: Issues, source_url: str = ""
) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name}
    if src.identifier:
        out["id"] = _clip(issues, src.identifier, 300, "/id")
    _title_description(src, out, issues)
    _keywords(src, out, issues)
    _themes(src, out, themes, issues)
    _frequency(src, out, issues)
    _coverage(src, out, issues)
    _contact(src, out, issues)
    _license(src, out, issues)
    if re.match(r"^https?://\S+$", src.homepage) and len(src.homepage) <= 2000:
        out["homepage"] = src.homepage
    if src.version:
        out["version"] = _clip(issues, src.version, LIMITS["version"], "/version")
    if DATE.match(src.created):
        out["created"] = src.created[:10]  # the source's issued / metadata_created
    out.update({k: v for k, v in src.extra.items() if k != "sources"})
    sources = list(src.extra.get("sources", []))
    if source_url and not any(s.get("path") == source_url for s in sources):
        sources.append({"title": "Importado de / imported from", "path": source_url})
    if sources:
        out["sources"] = sources
    _resources(src, out, issues)
    return out


def _title_description(src: SourceDataset, out: dict[str, Any], issues: Issues) -> None:
    title = _clip(issues, src.title, LIMITS["title"], "/title")
    if title:
        out["title"] = title
        if len(title) < 3:
            issues.add(
                "schema-violation",
                "/title",
                property="title",
                detail=localized("debe tener al menos 3 caracteres", "must have at least 3 characters"),
            )
    else:
        issues.missing("title")
    description = _clip(issues, src.description.replace("\r\n", "\n"), LIMITS["description"], "/description")
    if description:
        out["description"] = description
        if len(description) < 10:
            issues.add(
                "schema-violation",
                "/description",
                property="description",
                detail=localized("debe tener al menos 10 caracteres", "must have at least 10 characters"),
            )
    else:
        issues.missing("description")


def _keywords(src: SourceDataset, out: dict[str, Any], issues: Issues) -> None:
    words: dict[str, str] = {}
    for raw in src.keywords:
        word = " ".join(text(raw).split())
        if len(word) >= 2:
            words.setdefault(word, _clip(issues, word, LIMITS["keyword"], "/keywords"))
    kept = list(dict.fromkeys(words.values()))[:50]
    if kept:
        out["keywords"] = kept
    else:
        issues.missing("keywords")


def _themes(src: SourceDataset, out: dict[str, Any], extra: dict[str, str], issues: Issues) -> None:
    found, unknown = theme_keys(src.themes, extra)
    for raw in unknown:
        issues.unmapped("theme", raw, "/theme")
    if found:
        out["theme"] = found
    else:
        issues.missing("theme")


def _frequency(src: SourceDataset, out: dict[str, Any], issues: Issues) -> None:
    found = frequency_of(src.frequency)
    if found:
        out["frequency"] = found.key
        if found.adjusted:
            label = vocabularies().label("frequencies", found.key)
            issues.add(
                "import-value-adjusted",
                "/frequency",
                property="frequency",
                detail=localized(
                    f"«{src.frequency}» no tiene equivalente exacto; se registró la siguiente más larga, {label}",
                    f"'{src.frequency}' has no exact equivalent; the next longer one was recorded, {label}",
                ),
            )
        return
    if src.frequency:
        issues.unmapped("frequency", src.frequency, "/frequency")
    issues.missing("frequency")


def _coverage(src: SourceDataset, out: dict[str, Any], issues: Issues) -> None:
    parts = [p.strip() for p in src.temporal.split("/") if p.strip()]
    dates = [_date(p) for p in parts[:2]]
    if dates and dates[0]:
        out["temporal"] = {"start": dates[0], **({"end": dates[1]} if len(dates) > 1 and dates[1] else {})}
    elif src.temporal:
        issues.unmapped("temporal", src.temporal, "/temporal")
    if src.coverage:
        out["spatial"] = src.coverage
    elif src.spatial:
        spatial = spatial_of(src.spatial)
        if spatial:
            out["spatial"] = spatial
        else:
            issues.unmapped("spatial", src.spatial, "/spatial")


def _date(value: str) -> str | None:
    m = DATE.match(value)
    return m.group(0) if m else None


NATIONAL = ("mexico", "nacional", "national", "republica mexicana", "estados unidos mexicanos")


def spatial_of(raw: str) -> dict[str, Any] | None:
    """A data.json `spatial` naming places ("México", "Jalisco", "Zapopan, Jalisco", several
    separated by ";", or states separated by ",") as the catalogue's coverage; None when a place
    is not Mexico, a state or a municipality."""
    national, states, municipalities = False, [], []
    for value in (v.strip(" .") for v in raw.split(";") if v.strip(" .")):
        parts = [_state_named(part) for part in value.split(",")]
        if fold(value) in NATIONAL:
            national = True
        elif all(parts):
            states += parts
        elif "," in value and municipality_code(value)[0]:
            code, state = municipality_code(value)
            municipalities.append(code)
            states.append(state)
        else:
            return None
    if not (national or states):
        return None
    result: dict[str, Any] = {"scope": "nacional" if national else "municipal" if municipalities else "estatal"}
    if states:
        result["states"] = list(dict.fromkeys(states))
    if municipalities:
        result["municipalities"] = list(dict.fromkeys(municipalities))
    return result


def _state_named(value: str) -> str:
    """The code of the state `value` names exactly ("Jalisco", "Estado de México"); "" otherwise."""
    return state_of_name(value) or state_of_name(norm(value).removeprefix("estado de ")) or ""


def _contact(src: SourceDataset, out: dict[str, Any], issues: Issues) -> None:
    name = src.contact_name[:200]
    email = src.contact_email.removeprefix("mailto:").strip()
    if not name and not email:
        issues.missing("contact")
        return
    contact: dict[str, str] = {}
    if name:
        contact["name"] = name
    else:
        issues.missing("name", "/contact")
    if EMAIL.match(email) and len(email) <= 254:
        contact["email"] = email
    else:
        if email:
            issues.unmapped("contact.email", email, "/contact")
        issues.missing("email", "/contact")
    out["contact"] = contact


def _license(src: SourceDataset, out: dict[str, Any], issues: Issues) -> None:
    key = license_of(src.license_id, src.license_url, src.license_title)
    if key:
        entry = vocabularies().entry("licenses", key)
        out["licenses"] = [{"name": key, "path": entry["url"], "title": entry["es"]}]
        return
    declared = [v for v in (src.license_id, src.license_title, src.license_url) if v]
    item: dict[str, str] = {}
    if re.match(r"^https?://\S+$", src.license_url) and len(src.license_url) <= 2000 and is_uri(src.license_url):
        item["path"] = src.license_url
    title = src.license_title or src.license_id
    if title:
        item["title"] = title[:300]
    if item:
        out["licenses"] = [item]
    found = ", ".join(declared)
    issues.add(
        "missing-license",
        "/licenses" if item else "",
        found=localized(f" (declara: {found})", f" (declared: {found})") if found else "",
    )


def _resources(src: SourceDataset, out: dict[str, Any], issues: Issues) -> None:
    names: set[str] = set()
    resources: list[dict[str, Any]] = []
    for source in src.resources:
        if not source.url:
            issues.add("import-resource-without-url", "/resources", name=source.title or source.name)
            continue
        index = len(resources)
        pointer = f"/resources/{index}"
        item: dict[str, Any] = {"name": slug_unique(source.name or source.title, names, f"recurso-{index + 1}")}
        if source.title:
            item["title"] = _clip(issues, source.title, 300, f"{pointer}/title")
        if source.description:
            item["description"] = _clip(
                issues, source.description.replace("\r\n", "\n"), 20000, f"{pointer}/description"
            )
        item["path"] = source.url
        _resource_format(source, item, issues, pointer)
        if isinstance(source.size, int) and not isinstance(source.size, bool) and source.size >= 0:
            item["bytes"] = source.size
        fields = _fields(source.fields, issues, pointer)
        if fields:
            item["schema"] = {"fields": fields}
        item.update(source.extra)
        resources.append(item)
    if len(resources) > 200:
        issues.add(
            "schema-violation",
            "/resources",
            property="resources",
            detail=localized("puede tener a lo más 200 elementos", "may have at most 200 items"),
        )
    if resources:
        out["resources"] = resources
    else:
        issues.missing("resources")


def _resource_format(source: SourceResource, item: dict[str, Any], issues: Issues, pointer: str) -> None:
    media = source.mediatype if MEDIA_TYPE.match(source.mediatype) and len(source.mediatype) <= 200 else ""
    key = format_key(source.format) or (format_key(media) if media != "application/octet-stream" else None)
    if key:
        item["format"] = key
    elif source.format:
        issues.add("import-unknown-format", f"{pointer}/format", found=source.format)
    if media:
        item["mediatype"] = media


def _fields(raws: list[dict[str, Any]], issues: Issues, pointer: str) -> list[dict[str, Any]]:
    """A data.json distribution's `field` list (name or title, type, description) as Table Schema fields."""
    fields: list[dict[str, Any]] = []
    names: set[str] = set()
    for raw in raws:
        name = (text(raw.get("name")) or text(raw.get("title")))[:300]
        if not name or name in names:
            issues.unmapped("field", name or str(raw)[:80], f"{pointer}/schema/fields")
            continue
        names.add(name)
        item: dict[str, Any] = {"name": name}
        if text(raw.get("title")) and text(raw.get("title")) != name:
            item["title"] = text(raw["title"])[:300]
        kind = field_type(text(raw.get("type")))
        if kind:
            item["type"] = kind
        elif text(raw.get("type")):
            issues.unmapped("field.type", text(raw["type"]), f"{pointer}/schema/fields/{len(fields)}/type")
        description = " ".join(part for part in (text(raw.get("description")), _units(raw)) if part)
        if description:
            item["description"] = _clip(issues, description, 5000, f"{pointer}/schema/fields/{len(fields)}/description")
        fields.append(item)
    return fields[:2000]


def _units(raw: dict[str, Any]) -> str:
    units = text(raw.get("units"))
    return f"({units})" if units else ""
