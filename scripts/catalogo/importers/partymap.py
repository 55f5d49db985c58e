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
# Keys are compared without case or accents, then as slugs (so punctuation and spacing do not
# matter either). An entry of `parties:` that no organisation of the source matches is reported
# (`import-party-map-unused`, with the closest organisation): a mistyped name would otherwise make
# that organisation a new party silently. ADELA's list is a directory, so its unused entries are not.

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
    path: str = ""  # the map's file
    declared: dict[str, str] = field(default_factory=dict)  # folded key -> as written, for `parties:` entries
    used: set[str] = field(default_factory=set)  # folded keys some organisation matched
    _slug_index: dict[str, str] | None = field(default=None, repr=False)

    def party_for(self, *keys: str) -> dict[str, Any]:
        for key in keys:
            found = self._key(key) if key else None
            if found is not None:
                self.used.add(found)
                return self.parties[found]
        return {}

    def _key(self, key: str) -> str | None:
        folded = fold(key.strip())
        if folded in self.parties:
            return folded
        return self._slugs().get(slugify(key, max_length=1000))

    def _slugs(self) -> dict[str, str]:
        if self._slug_index is None:
            self._slug_index = {}
            for folded in self.parties:
                self._slug_index.setdefault(slugify(folded, max_length=1000), folded)
        return self._slug_index

    def unused(self) -> list[str]:
        """The `parties:` entries (as written) that no organisation of the source matched."""
        return [written for folded, written in self.declared.items() if folded not in self.used]

    def ids(self) -> dict[str, str]:
        """Party id -> name, for the entries that give an `id` (reserved for what they map)."""
        return {str(v["id"]): str(v.get("name") or k) for k, v in self.parties.items() if v.get("id")}


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
    result = PartyMap(themes={fold(str(k)): str(v) for k, v in themes.items()}, path=str(path))
    for key, value in parties.items():
        if isinstance(value, dict):
            result.parties[fold(str(key).strip())] = {k: str(v) for k, v in value.items() if v is not None}
            result.declared[fold(str(key).strip())] = str(key)
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
