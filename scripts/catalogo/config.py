"""The catalogue's configuration: `catalogo.yaml` at the repository root, over built-in defaults."""

from __future__ import annotations

import copy
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
            "reusability": {"license": 30, "contact_point": 20, "publisher": 10},
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
}


def link_results_path(root: Path, config: dict[str, Any]) -> Path:
    """Where link-check results live: the configured path, which must stay inside the repository."""
    from .files import OutsideRepository, inside

    rel = str(config.get("link_check", {}).get("results") or ".cache/link-check.json")
    try:
        return inside(root, rel)
    except OutsideRepository:
        return inside(root, ".cache/link-check.json")


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
