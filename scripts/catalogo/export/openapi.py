"""Stage 4, render (machine-readable exports): OpenAPI 3.1 description of the static JSON API
(`api/openapi.json`): every file is a GET path; the shapes of its records are JSON Schemas in
`components`."""

from __future__ import annotations

from typing import Any

from ..core.urls import SiteUrls

_TEXT = {"type": "string"}
_TEXTS = {"type": "array", "items": _TEXT}
_DATE = {"type": ["string", "null"], "description": "AAAA-MM-DD (git) / YYYY-MM-DD (git)"}

DATASET_SUMMARY: dict[str, Any] = {
    "type": "object",
    "required": ["id", "name", "title", "url", "party"],
    "properties": {
        "id": {"type": "string", "description": "<sujeto>/<conjunto> / <party>/<dataset>"},
        "name": _TEXT,
        "title": _TEXT,
        "summary": _TEXT,
        "url": {"type": "string", "format": "uri"},
        "party": _TEXT,
        "party_name": _TEXT,
        "level": _TEXT,
        "power": _TEXT,
        "state": _TEXT,
        "municipality": _TEXT,
        "themes": _TEXTS,
        "keywords": _TEXTS,
        "formats": _TEXTS,
        "licenses": _TEXTS,
        "frequency": _TEXT,
        "gender_disaggregated": {"type": "boolean"},
        "spatial_scope": _TEXT,
        "resources": {"type": "integer"},
        "created": {
            "type": ["string", "null"],
            "description": "Primera publicación: la fecha de la fuente si es anterior al primer commit / first publication: the source's date when earlier than the first commit",
        },
        "updated": _DATE,
        "quality_score": {"type": ["number", "null"], "description": "0–100"},
        "timeliness": {"type": ["string", "null"], "description": "Oportunidad / timeliness status"},
    },
}

PARTY_SUMMARY: dict[str, Any] = {
    "type": "object",
    "required": ["id", "name", "url"],
    "properties": {
        "id": _TEXT,
        "name": _TEXT,
        "acronym": _TEXT,
        "level": _TEXT,
        "power": _TEXT,
        "state": _TEXT,
        "municipality": _TEXT,
        "url": {"type": "string", "format": "uri"},
        "datasets": {"type": "integer"},
    },
}

_DAY_OR_EMPTY = {"type": "string", "description": "AAAA-MM-DD, o vacío / YYYY-MM-DD, or empty"}

DATA_REQUEST_ROW: dict[str, Any] = {
    "type": "object",
    "description": (
        "Una solicitud de datos por cada activo del inventario que la cita, o una sola fila si ninguno la "
        "cita; estatus, fechas y motivo vienen de GitHub cuando se consultaron las solicitudes "
        "(`catalogo requests fetch`). / One data request per inventory item citing it, or a single row "
        "when none does; status, dates and reason come from GitHub when the requests were fetched."
    ),
    "required": ["sujeto", "solicitud", "estatus"],
    "properties": {
        "sujeto": {
            "type": "string",
            "description": "Sujeto obligado; vacío si no se pudo identificar (lista nacional) / party; empty when none could be identified (national list)",
        },
        "sujeto_nombre": _TEXT,
        "solicitud": {"type": "integer", "description": "Número del issue / issue number"},
        "activo": {"type": "string", "description": "Activo que la cita, o vacío / the item citing it, or empty"},
        "titulo": {"type": "string", "description": "Título del activo / the item's title"},
        "estatus": {"type": "string", "enum": ["abierta", "atendida", "rechazada"]},
        "conjunto_url": {
            "type": "string",
            "description": "El conjunto publicado que la atiende / the published dataset",
        },
        "url": {"type": "string", "description": "La conversación en GitHub / the conversation on GitHub"},
        "asunto": {"type": "string", "description": "Título del issue / the issue's title"},
        "motivo": {"type": "string", "description": "Por qué se rechazó / why it was rejected"},
        "creada": _DAY_OR_EMPTY,
        "cerrada": _DAY_OR_EMPTY,
        "dias": {
            "type": ["integer", "null"],
            "description": "Antigüedad: días hasta su cierre, su atención o la fecha de corte / age in days until closed, fulfilled or the build's date",
        },
    },
}

_NUMBER_OR_NULL = {"type": ["number", "null"]}
_INTEGER_OR_NULL = {"type": ["integer", "null"]}
_OBJECT = {"type": "object"}

QUALITY: dict[str, Any] = {
    "type": ["object", "null"],
    "description": "Calidad y su desglose por dimensión y criterio / quality and its breakdown",
    "properties": {
        "score": {"type": "number"},
        "rating": _TEXT,
        "dimensions": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "properties": {
                    "earned": {"type": "number"},
                    "possible": {"type": "number"},
                    "percent": _NUMBER_OR_NULL,
                },
            },
        },
        "criteria": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "dimension": _TEXT,
                    "id": _TEXT,
                    "state": _TEXT,
                    "reason": {"type": "object", "properties": {"es": _TEXT, "en": _TEXT}},
                    "weight": {"type": "number"},
                    "points": {"type": "number"},
                    "share": _NUMBER_OR_NULL,
                },
            },
        },
    },
}

TIMELINESS: dict[str, Any] = {
    "type": ["object", "null"],
    "properties": {
        "status": _TEXT,
        "frequency": _TEXT,
        "period_days": _INTEGER_OR_NULL,
        "allowed_days": _INTEGER_OR_NULL,
        "last_change": {"type": ["string", "null"]},
        "due": {"type": ["string", "null"]},
        "commit": {"type": ["string", "null"]},
        "basis": _TEXTS,
    },
}

TABLE_KEY: dict[str, Any] = {
    "type": "object",
    "description": "Clave de INEGI, CCT o CLUES hallada en una tabla / a key found in a table",
    "properties": {
        "resource": _TEXT,
        "kind": _TEXT,
        "form": {"type": ["string", "null"]},
        "fields": _TEXTS,
        "count": _INTEGER_OR_NULL,
        "values": {"type": ["array", "null"], "items": _TEXT},
    },
}

JOINABLE: dict[str, Any] = {
    "type": "object",
    "properties": {
        "total": {"type": "integer"},
        "datasets": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "key": _TEXT,
                    "url": {"type": "string", "format": "uri"},
                    "kind": _TEXT,
                    "shared": {"type": "integer"},
                    "of": {"type": "integer"},
                },
            },
        },
    },
}

INVENTORY_ROW: dict[str, Any] = {
    "type": "object",
    "description": "Un activo público del inventario, o los reservados contados por fundamento legal / a public inventory item, or the reserved ones counted per legal basis",
    "properties": {
        "sujeto": _TEXT,
        "sujeto_nombre": _TEXT,
        "activo": {"type": "string", "description": "Vacío en un renglón de reservados / empty in a reserved row"},
        "titulo": _TEXT,
        "descripcion": _TEXT,
        "tipo_de_serie": _TEXT,
        "estatus": _TEXT,
        "prioridad": _NUMBER_OR_NULL,
        "lugar": _INTEGER_OR_NULL,
        "conjunto": _TEXT,
        "conjunto_url": _TEXT,
        "cantidad": {"type": "integer"},
        "fundamento_legal": _TEXT,
    },
}

PLAN_ROW: dict[str, Any] = {
    "type": "object",
    "description": "Un compromiso del plan de apertura con su estatus / an opening-plan commitment with its status",
    "properties": {
        "sujeto": _TEXT,
        "sujeto_nombre": _TEXT,
        "periodo_inicio": _TEXT,
        "periodo_fin": _TEXT,
        "activo": _TEXT,
        "titulo": _TEXT,
        "fecha_compromiso": _DAY_OR_EMPTY,
        "estatus": _TEXT,
        "publicado": _DAY_OR_EMPTY,
        "conjunto_url": _TEXT,
    },
}

_CKAN_TIME = {"type": ["string", "null"], "description": "UTC, como CKAN / UTC, as CKAN writes it"}
CKAN_PACKAGE: dict[str, Any] = {
    "type": "object",
    "description": "Un conjunto como el `package_show` de CKAN / a dataset as CKAN's package_show",
    "properties": {
        **{k: _TEXT for k in ("id", "name", "title", "notes", "url", "author", "license_id", "license_title")},
        **{k: {"type": ["string", "null"]} for k in ("version", "author_email", "maintainer", "maintainer_email")},
        "license_url": _TEXT,
        "isopen": {"type": "boolean"},
        "private": {"type": "boolean"},
        "state": _TEXT,
        "type": _TEXT,
        "metadata_created": _CKAN_TIME,
        "metadata_modified": _CKAN_TIME,
        "owner_org": _TEXT,
        "organization": {
            "type": "object",
            "properties": {
                **{k: _TEXT for k in ("id", "name", "title", "type", "description", "image_url")},
                **{k: _TEXT for k in ("approval_status", "state")},
                "is_organization": {"type": "boolean"},
            },
        },
        "groups": {"type": "array", "items": _OBJECT},
        "tags": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": _TEXT,
                    "display_name": _TEXT,
                    "state": _TEXT,
                    "vocabulary_id": {"type": "null"},
                },
            },
        },
        "num_tags": {"type": "integer"},
        "resources": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    **{k: _TEXT for k in ("id", "package_id", "name", "description", "url", "format", "state")},
                    "position": {"type": "integer"},
                    "mimetype": {"type": ["string", "null"]},
                    "size": _INTEGER_OR_NULL,
                    "created": _CKAN_TIME,
                    "last_modified": _CKAN_TIME,
                    "url_type": {"type": "null"},
                },
            },
        },
        "num_resources": {"type": "integer"},
        "extras": {
            "type": "array",
            "items": {"type": "object", "properties": {"key": _TEXT, "value": _TEXT}},
        },
    },
}


def _ckan(result: dict[str, Any]) -> dict[str, Any]:
    """CKAN's envelope around a result."""
    return {
        "type": "object",
        "required": ["success", "result"],
        "properties": {"help": _TEXT, "success": {"type": "boolean"}, "result": result},
    }


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _get(summary_es: str, summary_en: str, schema: dict[str, Any], params: tuple[str, ...] = ()) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "summary": f"{summary_es} / {summary_en}",
        "responses": {
            "200": {"description": "OK", "content": {"application/json": {"schema": schema}}},
            "404": {"description": "No existe / not found"},
        },
    }
    if params:
        operation["parameters"] = [{"name": p, "in": "path", "required": True, "schema": _TEXT} for p in params]
    return {"get": operation}


def _array(name: str) -> dict[str, Any]:
    return {"type": "array", "items": _ref(name)}


def openapi(base_url: str) -> dict[str, Any]:
    """The OpenAPI document of the files written by `api.ApiWriter`, `ckan.CkanWriter` and `planning`."""
    names = _ckan(_TEXTS)
    packages = ("Nombres CKAN de los conjuntos", "CKAN names of the datasets", names)
    organizations = ("Nombres CKAN de los sujetos obligados", "CKAN names of the reporting parties", names)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "API estática del catálogo nacional de datos abiertos / Static API of the national open data catalogue",
            "version": "1.0",
            "description": (
                "Archivos JSON generados en cada publicación del catálogo; se leen con GET. "
                "/ JSON files generated on every publication of the catalogue; read them with GET."
            ),
        },
        "servers": [{"url": SiteUrls.of(base_url).api}],
        "paths": {
            "/datasets.json": _get("Todos los conjuntos de datos", "All datasets", _array("DatasetSummary")),
            "/datasets/{party}/{dataset}.json": _get(
                "Un conjunto de datos completo", "One dataset in full", _ref("Dataset"), ("party", "dataset")
            ),
            "/parties.json": _get("Sujetos obligados", "Reporting parties", _array("PartySummary")),
            "/parties/{party}.json": _get("Un sujeto obligado", "One reporting party", _ref("Party"), ("party",)),
            "/stories.json": _get("Casos de éxito", "Success stories", {"type": "array", "items": {"type": "object"}}),
            "/tools.json": _get("Herramientas", "Tools", {"type": "array", "items": {"type": "object"}}),
            "/inventarios.json": _get(
                "Inventarios de datos: activos públicos y, por fundamento legal, cuántos están reservados",
                "Data inventories: public items and, per legal basis, how many are reserved",
                _array("InventoryRow"),
            ),
            "/planes.json": _get(
                "Planes de apertura: cada compromiso con su estatus",
                "Opening plans: each commitment with its status",
                _array("PlanRow"),
            ),
            "/solicitudes.json": _get(
                "Solicitudes de datos del público: abiertas, atendidas o rechazadas, con su sujeto obligado",
                "Data requests from the public: open, fulfilled or rejected, with their party",
                _array("DataRequest"),
            ),
            # CKAN's read API (ckan.py): its paths have no extension; the .json copies are for browsers
            "/3/action/package_list": _get(*packages),
            "/action/package_list": _get(*packages),
            "/3/action/package_list.json": _get(*packages),
            "/3/action/organization_list": _get(*organizations),
            "/action/organization_list": _get(*organizations),
            "/3/action/organization_list.json": _get(*organizations),
            "/3/action/package_show/{name}.json": _get(
                "Un conjunto como el package_show de CKAN (en un servidor que reescribe "
                "package_show?id=<nombre>, también así)",
                "One dataset as CKAN's package_show (also as package_show?id=<name> where the host rewrites it)",
                _ckan(_ref("CkanPackage")),
                ("name",),
            ),
        },
        "components": {
            "schemas": {
                "DatasetSummary": DATASET_SUMMARY,
                "Dataset": {
                    "allOf": [
                        _ref("DatasetSummary"),
                        {
                            "type": "object",
                            "properties": {
                                "datapackage_url": {"type": "string", "format": "uri"},
                                "descriptor": {"type": "object", "description": "Data Package"},
                                "history": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "properties": {
                                            "commit": _TEXT,
                                            "date": _TEXT,
                                            "subject": _TEXT,
                                            "kind": {"type": "string", "enum": ["publicado", "datos", "descripcion"]},
                                            "note": _TEXT,
                                        },
                                    },
                                },
                                "quality": QUALITY,
                                "timeliness_detail": TIMELINESS,
                                "stories": _TEXTS,
                                "tools": _TEXTS,
                                "keys": {"type": "array", "items": TABLE_KEY},
                                "joinable": JOINABLE,
                            },
                        },
                    ]
                },
                "PartySummary": PARTY_SUMMARY,
                "DataRequest": DATA_REQUEST_ROW,
                "InventoryRow": INVENTORY_ROW,
                "PlanRow": PLAN_ROW,
                "CkanPackage": CKAN_PACKAGE,
                "Party": {
                    "allOf": [
                        _ref("PartySummary"),
                        {
                            "type": "object",
                            "properties": {"profile": {"type": "object"}, "dataset_list": _array("DatasetSummary")},
                        },
                    ]
                },
            }
        },
    }
