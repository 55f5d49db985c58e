"""Importers (`catalogo import`): Which party each source organisation becomes: one id per organisation,
never shared with another one, the same on every import, and its level of government (said by the
source or the party map, else guessed from the name and reported)."""

# Ids: the map's `id`, else the id the source gives (a data.json of this catalogue), else the slug
# of the name. A slug longer than MAX_ID is shortened to the acronym the map gives, else to its
# first words and a short hash of the full name (stable: the same name always gives the same id).
# An id another organisation of the same import holds, or an existing party of another name holds
# (parties/<id>/party.yaml), is not shared: the organisation gets the id with its name's hash and
# `import-party-id-taken` says so. An id the map assigns is the map's decision and always used.

from __future__ import annotations

import difflib
import hashlib
from pathlib import Path
from typing import Any

import yaml

from ..core.problems import Problem, problem
from ..core.vocab import fold, slugify
from .mapping import SourceOrganisation, text
from .partymap import PartyMap
from .places import Place, guess_place

MAX_ID = 80
HASH_LENGTH = 6


def name_hash(name: str) -> str:
    return hashlib.sha256(" ".join(fold(name).split()).encode("utf-8")).hexdigest()[:HASH_LENGTH]


def shortened(slug: str, name: str) -> str:
    """`slug` cut at a word boundary to fit MAX_ID with `-<hash of name>` after it."""
    room = MAX_ID - HASH_LENGTH - 1
    prefix = slug[:room]
    if len(slug) > room and "-" in prefix:
        prefix = prefix.rsplit("-", 1)[0]
    return f"{prefix.strip('-')}-{name_hash(name)}"


def derived_id(name: str, acronym: str = "") -> str:
    """The id a name gives: its slug, or when longer than MAX_ID the acronym's slug or a shortened slug."""
    slug = slugify(name, max_length=10_000)
    if len(slug) <= MAX_ID:
        return slug
    short = slugify(acronym, max_length=MAX_ID)
    return short if len(short) >= 2 else shortened(slug, name)


class PartyRegistry:
    """The parties of one import: which organisation holds which id, and what each one's profile says."""

    def __init__(self, root: Path, party_map: PartyMap, source: str) -> None:
        self.root, self.party_map, self.source = root, party_map, source
        party_map.used.clear()  # what this import matches
        self.by_org: dict[str, str] = {}  # folded organisation key -> party id
        self.holders: dict[str, tuple[str, str]] = {}  # party id -> (folded organisation key, name)
        self.reserved = party_map.ids()  # ids the map assigns -> the name it gives them
        self.problems: list[Problem] = []
        self.names: dict[str, tuple[str, str]] = {}  # folded organisation name -> (name, party id)

    def party_id(self, org: SourceOrganisation, index: int) -> tuple[str, dict[str, Any]]:
        """The party id of `org` (the same one every time it is asked) and the map's fields for it."""
        key = fold((org.key or org.name).strip())
        mapped = self.party_map.party_for(org.key, org.name)
        if key in self.by_org:
            return self.by_org[key], mapped
        name = text(mapped.get("name")) or org.name or org.key
        if text(mapped.get("id")):
            chosen = slugify(text(mapped["id"]), max_length=100)
        else:
            wanted = (org.party_id if len(org.party_id) <= 100 else "") or derived_id(name, text(mapped.get("acronym")))
            chosen = self._free(wanted, key, name, index) if wanted else ""
        if chosen:
            self.by_org[key] = chosen
            self.holders.setdefault(chosen, (key, name))
            self.names.setdefault(fold(org.name or org.key), (org.name or org.key, chosen))
        return chosen, mapped

    def _free(self, wanted: str, key: str, name: str, index: int) -> str:
        """`wanted` unless another organisation holds it; then `wanted` with the name's hash."""
        chosen, other = wanted, self._holder(wanted, key, name)
        attempt = 1
        while self._holder(chosen, key, name) is not None:
            suffix = name_hash(name) if attempt == 1 else f"{name_hash(name)}-{attempt}"
            chosen = f"{wanted[: MAX_ID - len(suffix) - 1].rstrip('-')}-{suffix}"
            attempt += 1
        if other is not None:
            self.problems.append(
                problem(
                    "import-party-id-taken",
                    self.source,
                    None,
                    None,
                    f"/{index}",
                    name=name,
                    wanted=wanted,
                    other=other,
                    chosen=chosen,
                )
            )
        return chosen

    def _holder(self, party_id: str, key: str, name: str) -> str | None:
        """The name of whoever holds `party_id` other than this organisation, else None."""
        if party_id in self.holders:
            holder_key, holder_name = self.holders[party_id]
            return None if holder_key == key else holder_name
        if party_id in self.reserved:
            return self.reserved[party_id]
        existing = self._existing_name(party_id)
        if existing is not None and " ".join(fold(existing).split()) != " ".join(fold(name).split()):
            return existing
        return None

    def _existing_name(self, party_id: str) -> str | None:
        """The name of the party already in the repository with this id (None when there is none)."""
        path = self.root / "parties" / party_id / "party.yaml"
        if not path.is_file():
            return None
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            return party_id
        return str(data.get("name") or party_id) if isinstance(data, dict) else party_id

    def unused_map_entries(self) -> list[Problem]:
        """`import-party-map-unused` for each `parties:` entry of the map no organisation matched."""
        found = []
        known = list(self.names)
        for key in self.party_map.unused():
            close = difflib.get_close_matches(fold(key.strip()), known, n=1, cutoff=0.6)
            name, party = self.names[close[0]] if close else ("", "")
            found.append(
                problem(
                    "import-party-map-unused",
                    self.party_map.path,
                    None,
                    None,
                    f"/parties/{key}",
                    key=key,
                    suggestion=name,
                    party=party,
                )
            )
        return found


def place_of(org: SourceOrganisation, mapped: dict[str, Any]) -> tuple[Place | None, Place | None]:
    """(what fills the party's level, state and municipality; the guess among it, to report).
    The map and the source are taken as they say; what neither says is guessed from the name."""
    level = text(mapped.get("level"))
    if not level:
        if org.place is not None:
            return org.place, None
        guess = guess_place(text(mapped.get("name")) or org.name)
        return guess, guess
    if level not in ("estatal", "municipal") or text(mapped.get("state")):
        return None, None
    guess = guess_place(text(mapped.get("name")) or org.name)
    if guess.level != level or not guess.state:
        return None, None
    return guess, guess
