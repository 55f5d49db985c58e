"""Stage 2, check: References between records: stories and tools name datasets, plans name inventory
items, published inventory items name datasets, places name INEGI codes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..core import values
from ..core.model import Catalogue, Party
from ..core.problems import Problem
from ..core.vocab import vocabularies
from ..core.yamlio import Document


def check_references(catalogue: Catalogue, scope: set[str] | None) -> Iterator[Problem]:
    for party in catalogue.parties.values():
        if scope is None or party.path in scope:
            yield from _party_places(party)
        if party.inventory_path and (scope is None or party.inventory_path in scope):
            yield from _inventory(catalogue, party)
        if party.plan_path and (scope is None or party.plan_path in scope):
            yield from _plan(party)
    for record in [*catalogue.stories.values(), *catalogue.tools.values()]:
        if (scope is None or record.path in scope) and record.doc is not None:
            for i, ref in enumerate(record.dataset_refs):
                if ref not in catalogue.datasets:
                    yield record.doc.problem("unknown-dataset", f"/datasets/{i}", dataset=ref)


def _party_places(party: Party) -> Iterator[Problem]:
    doc = party.doc
    if doc is None:
        return
    vocab = vocabularies()
    state, municipality = party.get("state"), party.get("municipality")
    if isinstance(state, str) and state not in vocab.states and len(state) == 2:
        yield doc.problem("unknown-state", "/state", code=state)
    if isinstance(municipality, str) and len(municipality) == 5:
        known = vocab.municipalities.get(municipality)
        if known is None:
            yield doc.problem("unknown-municipality", "/municipality", code=municipality, state_note="")
        elif isinstance(state, str) and known[0] != state:
            note = {"es": f" de la entidad {state}", "en": f" in state {state}"}
            yield doc.problem("unknown-municipality", "/municipality", code=municipality, state_note=note)


def check_spatial(doc: Document, spatial: object) -> Iterator[Problem]:
    """INEGI codes of a dataset's spatial coverage."""
    if not isinstance(spatial, dict):
        return
    vocab = vocabularies()
    for i, code in enumerate(values.items(spatial.get("states"))):
        if isinstance(code, str) and len(code) == 2 and code not in vocab.states:
            yield doc.problem("unknown-state", f"/spatial/states/{i}", code=code)
    for i, code in enumerate(values.items(spatial.get("municipalities"))):
        if isinstance(code, str) and len(code) == 5 and code not in vocab.municipalities:
            yield doc.problem("unknown-municipality", f"/spatial/municipalities/{i}", code=code, state_note="")


def _inventory(catalogue: Catalogue, party: Party) -> Iterator[Problem]:
    doc = party.inventory
    if doc is None:
        return
    seen: set[str] = set()
    claimed: dict[str, str] = {}  # dataset -> the first item that links it
    for item in party.inventory_items():
        if item.id and item.id in seen:
            yield doc.problem("duplicate-id", f"{item.pointer}/id", id=item.id, other=doc.path)
        seen.add(item.id)
        if item.dataset and item.dataset in claimed:
            # one published dataset cannot fulfil two items (nor their commitments and requests)
            yield doc.problem(
                "dataset-claimed-twice",
                f"{item.pointer}/dataset",
                item=item.id,
                dataset=item.dataset,
                other=claimed[item.dataset],
            )
        elif item.dataset:
            claimed[item.dataset] = item.id
        if item.status == "publicado" and item.dataset and f"{party.id}/{item.dataset}" not in catalogue.datasets:
            yield doc.problem(
                "published-item-without-dataset", f"{item.pointer}/dataset", item=item.id, dataset=item.dataset
            )


def _plan(party: Party) -> Iterator[Problem]:
    doc = party.plan
    if doc is None:
        return
    if party.inventory_path is None:
        yield doc.problem("plan-without-inventory", "")
        return
    items = {item.id for item in party.inventory_items()}
    period = doc.data.get("period") if isinstance(doc.data, dict) else None
    start, end = (values.text(period.get(k)) for k in ("start", "end")) if isinstance(period, dict) else ("", "")
    committed: dict[str, int] = {}  # item -> the first commitment to it
    for index, commitment in enumerate(party.commitments()):
        if commitment.item and commitment.item not in items:
            yield doc.problem("unknown-inventory-item", f"{commitment.pointer}/item", item=commitment.item)
        if commitment.item in committed:
            yield doc.problem(
                "duplicate-commitment",
                f"{commitment.pointer}/item",
                item=commitment.item,
                first=committed[commitment.item] + 1,
            )
        elif commitment.item:
            committed[commitment.item] = index
        # ISO dates compare as text; the schema reports a due date or period of another shape
        if _iso(start) and _iso(end) and _iso(commitment.due) and not start <= commitment.due <= end:
            yield doc.problem(
                "commitment-outside-period", f"{commitment.pointer}/due", due=commitment.due, start=start, end=end
            )


def check_temporal(doc: Document, temporal: object) -> Iterator[Problem]:
    """Temporal coverage must name real dates (the schema only checks their shape)."""
    if not isinstance(temporal, dict):
        return
    for key in ("start", "end"):
        value = temporal.get(key)
        if isinstance(value, str) and not _real_date(value):
            yield doc.problem(
                "invalid-format",
                f"/temporal/{key}",
                property=f"temporal.{key}",
                found=value,
                expected={
                    "es": "fecha real AAAA, AAAA-MM o AAAA-MM-DD",
                    "en": "a real date YYYY, YYYY-MM or YYYY-MM-DD",
                },
            )


def _iso(value: str) -> bool:
    return len(value) == 10 and value[4] == "-" and value[7] == "-" and _real_date(value)


def _real_date(value: str) -> bool:
    parts = value.split("-")
    if not all(p.isdigit() for p in parts) or len(parts) > 3:
        return True  # the schema's pattern reports other shapes
    padded = parts + ["01"] * (3 - len(parts))
    try:
        dt.date(int(padded[0]), int(padded[1]), int(padded[2]))
    except ValueError:
        return False
    return True
