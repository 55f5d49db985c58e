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
