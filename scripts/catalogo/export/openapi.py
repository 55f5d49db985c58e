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
        "created": _DATE,
        "updated": _DATE,
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
    """The OpenAPI document of the files written by `api.write_api`."""
    ckan_list = {
        "type": "object",
        "required": ["success", "result"],
        "properties": {"help": _TEXT, "success": {"type": "boolean"}, "result": _TEXTS},
    }
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
                {"type": "array", "items": {"type": "object"}},
            ),
            "/planes.json": _get(
                "Planes de apertura: cada compromiso con su estatus",
                "Opening plans: each commitment with its status",
                {"type": "array", "items": {"type": "object"}},
            ),
            "/solicitudes.json": _get(
                "Solicitudes de datos que citan los inventarios, abiertas o atendidas",
                "Data requests the inventories cite, open or fulfilled",
                {"type": "array", "items": {"type": "object"}},
            ),
            "/3/action/package_list.json": _get(
                "Claves de conjuntos (como CKAN)", "Dataset keys (CKAN style)", ckan_list
            ),
            "/3/action/organization_list.json": _get(
                "Claves de sujetos (como CKAN)", "Party keys (CKAN style)", ckan_list
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
                                        "properties": {"commit": _TEXT, "date": _TEXT, "subject": _TEXT},
                                    },
                                },
                                "stories": _TEXTS,
                                "tools": _TEXTS,
                            },
                        },
                    ]
                },
                "PartySummary": PARTY_SUMMARY,
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
