"""Stage 3, enrich: Which datasets are about which state and municipality: the state and municipal
keys in their data (checks/keys.py), the coverage they declare, or else their party's place."""

# A national dataset with no state in its data or its declaration is about the country, not about
# each state, and is listed on no state's page.

from __future__ import annotations

from dataclasses import dataclass, field

from ..core import values
from ..core.vocab import vocabularies
from .enriched import Enriched


@dataclass
class Places:
    states: dict[str, set[str]] = field(default_factory=dict)  # cve_ent -> dataset keys
    municipalities: dict[str, set[str]] = field(default_factory=dict)  # cve_geo -> dataset keys


def coverage(enriched: Enriched, key: str) -> tuple[set[str], set[str]]:
    """The states and municipalities a dataset is about (known codes only)."""
    vocab = vocabularies()
    states: set[str] = set()
    towns: set[str] = set()
    for item in (enriched.keys.get(key) or {}).get("keys", []):
        if item.get("kind") == "state":
            states.update(item.get("values", []))
        elif item.get("kind") in ("municipality", "locality"):
            towns.update(code[:5] for code in item.get("values", []))
    spatial = enriched.datasets[key].dataset.spatial
    states.update(values.strings(spatial.get("states")))
    towns.update(values.strings(spatial.get("municipalities")))
    towns = {code for code in towns if code in vocab.municipalities}
    states.update(code[:2] for code in towns)
    if not states:  # nothing in the data or the declaration: a state or municipal party's own place
        party = enriched.party_of(enriched.datasets[key].dataset)
        if party is not None and party.text("state") in vocab.states:
            states.add(party.text("state"))
            if party.text("municipality") in vocab.municipalities:
                towns.add(party.text("municipality"))
    return {code for code in states if code in vocab.states}, towns


def places_of(enriched: Enriched) -> Places:
    found = Places()
    for key in enriched.datasets:
        states, towns = coverage(enriched, key)
        for code in states:
            found.states.setdefault(code, set()).add(key)
        for code in towns:
            found.municipalities.setdefault(code, set()).add(key)
    return found
