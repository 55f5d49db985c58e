"""The catalogue's configuration: `catalogo.yaml` at the repository root, over built-in defaults."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

DEFAULTS: dict[str, Any] = {
    "site": {"name_es": "Datos Abiertos de México", "name_en": "Open Data Mexico",
             "base_url": "https://datos.gob.mx/"},
    "reviewers": [],
    # Measuring the catalogue: documented, criterion by criterion, in catalogo.yaml.
    "priority": {
        "weights": {"demand": 3, "public_value": 3, "effort": 1.5, "quality": 1, "personal_data_risk": 1.5},
        "request_points": 1, "undeclared": 3},
    "quality": {
        "weights": {
            "findability": {"keywords": 30, "theme": 30, "spatial": 20, "temporal": 20},
            "accessibility": {"download_url": 20, "availability": 80},
            "interoperability": {"format": 30, "media_type": 10, "non_proprietary": 20,
                                 "machine_readable": 20, "table_schema": 30},
            "reusability": {"license": 30, "contact_point": 20, "publisher": 10},
            "contextuality": {"byte_size": 5, "issued": 5, "modified": 5},
            "lgtaip": {"accesibles": 10, "integrales": 10, "gratuitos": 10, "no_discriminatorios": 10,
                       "oportunos": 10, "permanentes": 10, "primarios": 10, "legibles_por_maquina": 10,
                       "formatos_abiertos": 10, "libre_uso": 10}},
        "ratings": {"excelente": 87, "buena": 55, "suficiente": 30}},
    "timeliness": {"tolerance_share": 0.25, "tolerance_min_days": 3},
    "link_check": {"timeout": 20, "concurrency": 8, "max_redirects": 5, "max_bytes": 65536,
                   "results": ".cache/link-check.json"},
}


def load_config(root: Path) -> dict[str, Any]:
    """Defaults overlaid with `catalogo.yaml` (a missing or unreadable file means defaults)."""
    config = copy.deepcopy(DEFAULTS)
    path = Path(root) / "catalogo.yaml"
    try:
        loaded = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return config
    if isinstance(loaded, dict):
        _overlay(config, loaded)
    return config


def _overlay(base: dict[str, Any], extra: dict[str, Any]) -> None:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _overlay(base[key], value)
        else:
            base[key] = value
