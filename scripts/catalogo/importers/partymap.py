"""Importers (`catalogo import`): The party map (`--party-map FILE`): how the source's organisations
become reporting parties, and optionally how its groups or themes become the catalogue's themes."""

# YAML (or JSON) with two optional sections::
#
#     parties:
#       ministerio-da-saude:          # the organisation's name, title or id in the source
#         id: secretaria-de-salud     # optional; default: the slug of `name`
#         name: Secretaría de Salud
#         acronym: SSA
#         level: federal              # federal | estatal | municipal (default federal)
#         power: ejecutivo            # see the `powers` vocabulary (default otro)
#         state: "09"                 # INEGI code, required for estatal and municipal
#         municipality: "09015"       # INEGI code, required for municipal
#         website: https://www.gob.mx/salud
#     themes:
#       saude: salud                  # source group or theme -> catalogue theme key
#
# The list of institutions of datos.gob.mx's ADELA (a JSON array of objects with `slug`,
# `title`, `gov_type`: federal, state, municipal or autonomous) is accepted as a party map too.
# Keys are compared without case or accents.

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..core.vocab import fold, slugify, vocabularies
from .common import ImportSourceError

ADELA_LEVELS = {
    "federal": ("federal", "otro"),
    "state": ("estatal", "otro"),
    "municipal": ("municipal", "otro"),
    "autonomous": ("federal", "autonomo"),
}


@dataclass
class PartyMap:
    parties: dict[str, dict[str, Any]] = field(default_factory=dict)  # folded source key -> party fields
    themes: dict[str, str] = field(default_factory=dict)  # folded source theme -> catalogue theme

    def party_for(self, *keys: str) -> dict[str, Any]:
        for key in keys:
            if key and fold(key.strip()) in self.parties:
                return self.parties[fold(key.strip())]
        return {}


def load_party_map(path: Path | None) -> PartyMap:
    if path is None:
        return PartyMap()
    try:
        raw = yaml.load(Path(path).read_text(encoding="utf-8-sig"), Loader=yaml.CSafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ImportSourceError(
            f"no se pudo leer el mapa de sujetos {path}: {exc}", f"cannot read the party map {path}: {exc}"
        ) from None
    if isinstance(raw, list):
        return _from_adela(raw)
    if not isinstance(raw, dict):
        raise ImportSourceError(
            f"el mapa de sujetos {path} debe tener «parties:» o «themes:»",
            f"the party map {path} must have 'parties:' or 'themes:'",
        )
    return _from_mapping(raw, path)


def _from_mapping(raw: dict[str, Any], path: Path) -> PartyMap:
    parties = raw.get("parties") or {}
    themes = raw.get("themes") or {}
    if not isinstance(parties, dict) or not isinstance(themes, dict):
        raise ImportSourceError(
            f"en {path}, «parties» y «themes» deben ser bloques de claves",
            f"in {path}, 'parties' and 'themes' must be mappings",
        )
    known = vocabularies().terms["themes"]
    bad = sorted(str(v) for v in themes.values() if v not in known)
    if bad:
        raise ImportSourceError(
            f"en {path}, temas desconocidos: {', '.join(bad)}", f"in {path}, unknown themes: {', '.join(bad)}"
        )
    result = PartyMap(themes={fold(str(k)): str(v) for k, v in themes.items()})
    for key, value in parties.items():
        if isinstance(value, dict):
            result.parties[fold(str(key))] = {k: str(v) for k, v in value.items() if v is not None}
    return result


def _from_adela(rows: list[Any]) -> PartyMap:
    result = PartyMap()
    for row in rows:
        if not isinstance(row, dict) or not row.get("slug"):
            continue
        level, power = ADELA_LEVELS.get(str(row.get("gov_type")), ("federal", "otro"))
        entry = {
            "id": slugify(str(row["slug"])),
            "name": str(row.get("title") or row["slug"]).strip(),
            "level": level,
            "power": power,
        }
        if str(row.get("description") or "").strip():
            entry["description"] = str(row["description"]).strip()
        for key in (row["slug"], row.get("title")):
            if key:
                result.parties[fold(str(key).strip())] = entry
    return result
