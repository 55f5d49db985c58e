"""Importers (`catalogo import`): What a JSON document that is not the expected catalogue looks like
instead (ADELA's institution list, a Frictionless Data Package, a CKAN response…), for the message
of `import-not-a-catalogue` (exit 2)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..core.problems import problem
from .common import ImportSourceError

DATAJSON = ("un data.json (DCAT-US, con la lista «dataset»)", "a data.json (DCAT-US, with the 'dataset' list)")
CKAN = ("una respuesta de CKAN (package_search o package_show)", "a CKAN response (package_search or package_show)")
_DATASET_KEYS = {"identifier", "distribution", "accessLevel", "keyword", "publisher", "landingPage", "modified"}
_PACKAGE_KEYS = {"resources", "num_resources", "organization", "owner_org", "metadata_created", "notes", "license_id"}


@dataclass(frozen=True)
class Kind:
    key: str
    es: str
    en: str
    hint_es: str = ""
    hint_en: str = ""


def looks_like_datasets(items: list[Any]) -> bool:
    """An empty list, or one whose objects are data.json datasets (a title and a DCAT-US property)."""
    objects = [i for i in items if isinstance(i, dict)]
    if not items:
        return True
    return bool(objects) and all("title" in i and _DATASET_KEYS & set(i) for i in objects)


def looks_like_packages(items: list[Any]) -> bool:
    """An empty list, or one whose objects are CKAN packages (a name and a CKAN package property)."""
    objects = [i for i in items if isinstance(i, dict)]
    if not items:
        return True
    return bool(objects) and all("name" in i and _PACKAGE_KEYS & set(i) for i in objects)


def is_ckan_package(value: dict[str, Any]) -> bool:
    """One package (package_show's `result`): CKAN's own properties, or resources with `url`."""
    resources = value.get("resources")
    if not isinstance(resources, list) or not ("name" in value or "title" in value):
        return False
    if (_PACKAGE_KEYS - {"resources"}) & set(value):
        return True
    return bool(resources) and all(isinstance(r, dict) and "url" in r and "path" not in r for r in resources)


def kind_of(value: Any) -> Kind:
    """What `value` looks like, as best it can be told."""
    if isinstance(value, list):
        objects = [i for i in value if isinstance(i, dict)]
        if objects and all("slug" in i and "gov_type" in i for i in objects):
            return Kind(
                "adela-institutions",
                "la lista de instituciones de ADELA (datos.gob.mx, 2015: slug, title, gov_type)",
                "the list of institutions of ADELA (datos.gob.mx, 2015: slug, title, gov_type)",
                "Úsela como mapa de sujetos: --party-map ARCHIVO.",
                "Use it as the party map: --party-map FILE.",
            )
        if objects and looks_like_packages(objects):
            return Kind("ckan", "una lista de paquetes de CKAN", "a list of CKAN packages", *_USE_CKAN)
        if objects and looks_like_datasets(objects):
            return Kind(
                "datajson", "una lista de conjuntos de data.json", "a list of data.json datasets", *_USE_DATAJSON
            )
        return Kind(
            "list",
            f"una lista JSON de {len(value)} elementos sin los campos de un catálogo",
            f"a JSON list of {len(value)} items without a catalogue's fields",
        )
    if not isinstance(value, dict):
        return Kind("json", "un valor JSON suelto", "a bare JSON value")
    if isinstance(value.get("dataset"), list):
        return Kind("datajson", "un data.json (DCAT-US)", "a data.json (DCAT-US)", *_USE_DATAJSON)
    if "result" in value and ("success" in value or "help" in value):
        return Kind("ckan", "una respuesta de la API de CKAN", "a CKAN API response", *_USE_CKAN)
    if isinstance(value.get("resources"), list):
        if is_ckan_package(value):
            return Kind("ckan", "un paquete de CKAN (package_show)", "a CKAN package (package_show)", *_USE_CKAN)
        return Kind(
            "datapackage",
            "un Data Package de Frictionless (datapackage.json): un solo conjunto, no un catálogo",
            "a Frictionless Data Package (datapackage.json): one dataset, not a catalogue",
            "Para publicarlo, copie su carpeta en datasets/<sujeto>/<conjunto>/ y valide con «catalogo validate».",
            "To publish it, copy its folder into datasets/<party>/<dataset>/ and check it with 'catalogo validate'.",
        )
    if isinstance(value.get("fields"), list):
        return Kind("table-schema", "un Table Schema (el esquema de una tabla)", "a Table Schema (one table's schema)")
    if "@graph" in value or "@context" in value:
        return Kind(
            "json-ld",
            "un documento JSON-LD (¿DCAT-AP?), que no se importa",
            "a JSON-LD document (DCAT-AP?), which is not imported",
        )
    if value.get("type") in ("FeatureCollection", "Feature"):
        return Kind("geojson", "datos GeoJSON", "GeoJSON data")
    keys = ", ".join(sorted(str(k) for k in value)[:8]) or "—"
    return Kind("json", f"un objeto JSON con las claves {keys}", f"a JSON object with the keys {keys}")


_USE_CKAN = ("Impórtelo con «catalogo import ckan».", "Import it with 'catalogo import ckan'.")
_USE_DATAJSON = ("Impórtelo con «catalogo import datajson».", "Import it with 'catalogo import datajson'.")


def not_a_catalogue(source: str, value: Any, expected: tuple[str, str]) -> ImportSourceError:
    """The exit-2 error for a source that is not the expected catalogue, saying what it looks like."""
    kind = kind_of(value)
    if (kind.key == "ckan") == (expected == CKAN) and kind.key in (
        "ckan",
        "datajson",
    ):  # the right kind, but empty of it
        kind = Kind(kind.key, kind.es + " sin conjuntos reconocibles", kind.en + " without recognisable datasets")
    found = problem(
        "import-not-a-catalogue",
        source,
        source=source,
        expected={"es": expected[0], "en": expected[1]},
        found={"es": kind.es, "en": kind.en},
        hint={"es": kind.hint_es, "en": kind.hint_en},
    )
    return ImportSourceError(found.message("es"), found.message("en"), code=found.code, kind=kind.key)
