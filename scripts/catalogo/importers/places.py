"""Importers (`catalogo import`): A party's level of government, state and municipality: what the source
says (the government a data.json publisher is a `subOrganizationOf`), else a guess from its name."""

# Names are compared folded (no case, no accents). A guess is never silent: the caller reports it
# with `import-level-guessed`. Places are looked up in the INEGI vocabularies through the same
# name tables the data check uses (checks/keys.py).

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..checks.keys import municipal_names, norm, state_of_name
from ..core.problems import localized
from ..core.vocab import fold, vocabularies
from ..export.datajson import GOVERNMENT

_STATE_PREFIX = re.compile(r"^estado\s+(?:libre\s+y\s+soberano\s+)?de\s+")
_MUNICIPAL = [
    re.compile(p)
    for p in (
        r"\b(?:h\.?\s*)?ayuntamiento(?:\s+constitucional)?\s+de\s+(?:l\s+municipio\s+de\s+)?(?P<place>.+)",
        r"\bmunicipio\s+(?:libre\s+)?de\s+(?P<place>.+)",
        r"\bpresidencia\s+municipal\s+de\s+(?P<place>.+)",
        r"\bgobierno\s+municipal\s+de\s+(?P<place>.+)",
        r"\bprefeitura(?:\s+municipal)?\s+d[eoa]\s+(?P<place>.+)",
        r"\bcamara\s+municipal\s+d[eoa]\s+(?P<place>.+)",
        r"\balcaldia\s+(?:de\s+)?(?P<place>.+)",
    )
]
_STATE = [
    re.compile(p)
    for p in (
        r"\b(?:del|do|da)\s+estado\s+(?:libre\s+y\s+soberano\s+)?d[eoa]\s+(?P<place>.+)",
        r"^estado\s+(?:libre\s+y\s+soberano\s+)?d[eoa]\s+(?P<place>.+)",
        r"\bgobierno\s+de\s+la\s+(?P<place>ciudad\s+de\s+mexico)\b",
        r"^gobierno\s+de\s+(?P<place>(?!mexico\b).+)",  # "Gobierno de Jalisco"; "Gobierno de México" is federal
    )
]


@dataclass(frozen=True)
class Place:
    """Where a party sits: its level of government and, below federal, its INEGI codes."""

    level: str
    state: str = ""
    municipality: str = ""

    def described(self) -> dict[str, str]:
        """How a guess is told: "estatal (Jalisco, 14)", "municipal (Zapopan, Jalisco, 14120)"."""
        vocab = vocabularies()
        es, en = (vocab.label("levels", self.level, lang).lower() for lang in ("es", "en"))
        if self.municipality:
            where = f" ({vocab.municipalities[self.municipality][1]}, {vocab.states[self.state]}, {self.municipality})"
            es, en = es + where, en + where
        elif self.state:
            es, en = (
                es + f" ({vocab.states[self.state]}, {self.state})",
                en + f" ({vocab.states[self.state]}, {self.state})",
            )
        elif self.level in ("estatal", "municipal"):
            es, en = es + " (entidad desconocida)", en + " (state unknown)"
        return localized(es, en)


def state_code(text: str) -> str:
    """The INEGI code of a state named as people write it ("Jalisco", "Estado de México", "Coahuila
    de Zaragoza", "CDMX"), tolerating words after the name ("Jalisco - GEJ"); "" when none."""
    words = norm(text).split()
    for size in range(len(words), 0, -1):
        candidate = " ".join(words[:size])
        code = state_of_name(candidate) or state_of_name(_STATE_PREFIX.sub("", candidate))
        if code:
            return code
    return ""


def municipality_code(text: str, state: str = "") -> tuple[str, str]:
    """(municipality code, state code) of a municipality named "Zapopan" or "Zapopan, Jalisco": within
    the named (or given) state, else unique in the country; ("", state) when none or ambiguous."""
    name, _, state_text = fold(text).partition(",")
    state = state_code(state_text) if state_text.strip() else state
    wanted = norm(name)
    tables = {state: municipal_names().get(state, {})} if state else municipal_names()
    found = {(code, st) for st, names in tables.items() for key, code in names.items() if key == wanted}
    return found.pop() if len(found) == 1 else ("", state)


def guess_place(name: str) -> Place:
    """The level (and place) an organisation's name suggests: "H. Ayuntamiento de Zapopan" is
    municipal, "Gobierno del Estado de Jalisco" estatal; a name naming neither is federal."""
    folded = " ".join(fold(name).split())
    for pattern in _MUNICIPAL:
        found = pattern.search(folded)
        if found:
            municipality, state = municipality_code(found["place"])
            return Place("municipal", state, municipality)
    for pattern in _STATE:
        found = pattern.search(folded)
        if found:
            state = state_code(found["place"])
            if state or not pattern.pattern.startswith("^gobierno"):
                return Place("estatal", state)
    return Place("federal")


def chain_place(names: list[str]) -> Place | None:
    """The place a publisher's `subOrganizationOf` chain (innermost first) states, when it ends in
    `GOVERNMENT` as this catalogue's data.json writes it; None otherwise."""
    if not names or norm(names[-1]) != norm(GOVERNMENT) or len(names) > 3:
        return None
    if len(names) == 1:
        return Place("federal")
    state = state_code(names[-2])
    if not state:
        return None
    if len(names) == 2:
        return Place("estatal", state)
    municipality, _ = municipality_code(_place_text(names[0]), state)
    return Place("municipal", state, municipality) if municipality else None


def _place_text(name: str) -> str:
    folded = " ".join(fold(name).split())
    for pattern in _MUNICIPAL:
        found = pattern.search(folded)
        if found:
            return found["place"]
    return folded


def organisation_chain(raw: Any) -> list[str]:
    """The names of the organisations a DCAT-US publisher is part of, innermost first (at most 5)."""
    names: list[str] = []
    current = raw.get("subOrganizationOf") if isinstance(raw, dict) else None
    while isinstance(current, dict) and len(names) < 5:
        name = current.get("name")
        if isinstance(name, str) and name.strip():
            names.append(name.strip())
        current = current.get("subOrganizationOf")
    return names
