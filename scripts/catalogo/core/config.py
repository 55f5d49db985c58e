"""Shared by every stage (core): The catalogue's configuration: `catalogo.yaml` at the repository root,
over built-in defaults."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULTS: dict[str, Any] = {
    "site": {"name_es": "Datos Abiertos de México", "name_en": "Open Data Mexico", "base_url": "https://datos.gob.mx/"},
    "reviewers": [],
    # Measuring the catalogue: documented, criterion by criterion, in catalogo.yaml.
    "priority": {
        "weights": {"demand": 3, "public_value": 3, "effort": 1.5, "quality": 1, "personal_data_risk": 1.5},
        "request_points": 1,
        "undeclared": 3,
    },
    "quality": {
        "weights": {
            "findability": {"keywords": 30, "theme": 30, "spatial": 20, "temporal": 20},
            "accessibility": {"download_url": 20, "availability": 80},
            "interoperability": {
                "format": 30,
                "media_type": 10,
                "non_proprietary": 20,
                "machine_readable": 20,
                "table_schema": 30,
            },
            "reusability": {
                "license": 30,
                "contact_point": 20,
                "publisher": 10,
                "field_descriptions": 80,
                "field_units": 20,
                "sex_disaggregated": 20,
            },
            "contextuality": {"byte_size": 5, "issued": 5, "modified": 5},
            "lgtaip": {
                "accesibles": 10,
                "integrales": 10,
                "gratuitos": 10,
                "no_discriminatorios": 10,
                "oportunos": 10,
                "permanentes": 10,
                "primarios": 10,
                "legibles_por_maquina": 10,
                "formatos_abiertos": 10,
                "libre_uso": 10,
            },
        },
        "ratings": {"excelente": 87, "buena": 55, "suficiente": 30},
    },
    "timeliness": {"tolerance_share": 0.25, "tolerance_min_days": 3},
    "link_check": {
        "timeout": 20,
        "concurrency": 8,
        "max_redirects": 5,
        "max_bytes": 65536,
        "results": ".cache/link-check.json",
    },
    # `catalogo requests fetch`: the data-request form's label and where the fetched requests live.
    "data_requests": {"label": "solicitud-de-datos", "results": ".cache/solicitudes.json"},
}


@dataclass(frozen=True)
class SiteConfig:
    name_es: str
    name_en: str
    base_url: str
    repository: str | None = None


@dataclass(frozen=True)
class TimelinessConfig:
    """How late an update may come: a share of the declared period, at least some days."""

    tolerance_share: float = 0.25
    tolerance_min_days: int = 3


@dataclass(frozen=True)
class LinkCheckConfig:
    timeout: float = 20
    concurrency: int = 8
    max_redirects: int = 5
    max_bytes: int = 65536
    results: str = ".cache/link-check.json"


@dataclass(frozen=True)
class DataRequestsConfig:
    label: str = "solicitud-de-datos"
    results: str = ".cache/solicitudes.json"


@dataclass(frozen=True)
class Config:
    """catalogo.yaml over the defaults, read once: typed sections, and `raw` for the measuring stages
    (priority and quality weights, ratings) and the exports block, which take the mapping as written."""

    site: SiteConfig
    reviewers: tuple[Any, ...]
    timeliness: TimelinessConfig
    link_check: LinkCheckConfig
    data_requests: DataRequestsConfig = field(default_factory=DataRequestsConfig)
    priority: Mapping[str, Any] = field(default_factory=dict)
    quality: Mapping[str, Any] = field(default_factory=dict)
    exports: Mapping[str, Any] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, raw: dict[str, Any]) -> Config:
        site, timeliness, links = raw.get("site") or {}, raw.get("timeliness") or {}, raw.get("link_check") or {}
        reviewers, requests = raw.get("reviewers"), raw.get("data_requests") or {}
        return cls(
            site=SiteConfig(
                str(site.get("name_es") or ""),
                str(site.get("name_en") or ""),
                str(site.get("base_url") or ""),
                str(site["repository"]) if site.get("repository") else None,
            ),
            reviewers=tuple(reviewers) if isinstance(reviewers, list) else (),
            timeliness=TimelinessConfig(
                float(timeliness.get("tolerance_share", 0.25)), int(timeliness.get("tolerance_min_days", 3))
            ),
            link_check=LinkCheckConfig(
                float(links.get("timeout", 20)),
                int(links.get("concurrency", 8)),
                int(links.get("max_redirects", 5)),
                int(links.get("max_bytes", 65536)),
                str(links.get("results") or ".cache/link-check.json"),
            ),
            data_requests=DataRequestsConfig(
                str(requests.get("label") or "solicitud-de-datos"),
                str(requests.get("results") or ".cache/solicitudes.json"),
            ),
            priority=raw.get("priority") or {},
            quality=raw.get("quality") or {},
            exports=raw.get("exports") or {},
            raw=raw,
        )


def read_config(root: Path) -> Config:
    """The typed configuration (ConfigError when catalogo.yaml cannot be used)."""
    return Config.of(load_config(root))


def link_results_path(root: Path, config: dict[str, Any]) -> Path:
    """Where link-check results live: the configured path, which must stay inside the repository."""
    from .files import OutsideRepository, inside

    rel = str(config.get("link_check", {}).get("results") or ".cache/link-check.json")
    try:
        return inside(root, rel)
    except OutsideRepository:
        return inside(root, ".cache/link-check.json")


def requests_results_path(root: Path, config: dict[str, Any]) -> Path:
    """Where the fetched data requests live (`data_requests: results`), inside the repository."""
    from .files import OutsideRepository, inside

    rel = str(config.get("data_requests", {}).get("results") or ".cache/solicitudes.json")
    try:
        return inside(root, rel)
    except OutsideRepository:
        return inside(root, ".cache/solicitudes.json")


class ConfigError(Exception):
    """catalogo.yaml cannot be used: the message names the line or the setting and what it expected."""


def load_config(root: Path) -> dict[str, Any]:
    """Defaults overlaid with `catalogo.yaml` (a missing file means defaults; a broken one is an error)."""
    from .yamlio import read_yaml

    config = copy.deepcopy(DEFAULTS)
    if not (Path(root) / "catalogo.yaml").is_file():
        return config
    doc, problems = read_yaml(Path(root), "catalogo.yaml")
    if problems or doc is None:
        first = problems[0] if problems else None
        where = f"línea / line {first.line}: " if first and first.line else ""
        raise ConfigError(f"{where}{first.message('es') if first else 'vacío / empty'}")
    if doc.data is not None and not isinstance(doc.data, dict):
        raise ConfigError("se esperaba un bloque de claves / expected a block of keys")
    _overlay(config, doc.data or {}, "")
    return config


def _overlay(base: dict[str, Any], extra: dict[str, Any], where: str) -> None:
    for key, value in extra.items():
        default = base.get(key)
        name = f"{where}{key}"
        if isinstance(default, dict):
            if not isinstance(value, dict):
                raise ConfigError(f"«{name}» debe ser un bloque de claves / '{name}' must be a block of keys")
            _overlay(default, value, name + ".")
        elif isinstance(default, list) and not isinstance(value, list):
            raise ConfigError(f"«{name}» debe ser una lista / '{name}' must be a list")
        elif (
            isinstance(default, (int, float))
            and not isinstance(default, bool)
            and (isinstance(value, bool) or not isinstance(value, (int, float)))
        ):
            raise ConfigError(f"«{name}» debe ser un número / '{name}' must be a number")
        else:
            base[key] = value
