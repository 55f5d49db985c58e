"""Synthetic inventories, opening plans, success stories and tools that point at the synthetic
datasets, as deterministic functions of their inputs."""

from __future__ import annotations

import datetime as dt
import random

import yaml
from synthetic import AREAS, SENTENCES, SERIES, TOPICS, DatasetSpec, PartySpec, dump_yaml


def inventory_yaml(party: PartySpec, published: list[DatasetSpec], day: dt.date) -> str:
    """The party's published datasets plus a few planned, candidate and restricted assets."""
    rng = random.Random(f"inventory-{party.id}")
    items = [
        {
            "id": d.id,
            "title": f"{TOPICS[d.topic][0]} {d.year}",
            "series_type": rng.choice(SERIES),
            "status": "publicado",
            "dataset": d.id,
            "priority": _priority(rng),
        }
        for d in published
    ]
    for i in range(rng.randrange(2, 8)):
        status = rng.choice(("planeado", "planeado", "candidato", "reservado"))
        item = {
            "id": f"activo-{i + 1}",
            "title": f"{rng.choice(TOPICS)[0]} (por publicar)",
            "description": rng.choice(SENTENCES),
            "series_type": rng.choice(SERIES),
            "status": status,
            "priority": _priority(rng),
        }
        if status == "reservado":
            item["legal_basis"] = "LGTAIP art. 113 (información reservada)"
        items.append(item)
    return dump_yaml({"updated": day.isoformat(), "items": items})


def _priority(rng: random.Random) -> dict:
    return {k: rng.randrange(1, 6) for k in ("demand", "public_value", "effort", "quality", "personal_data_risk")}


def plan_yaml(inventory: str, day: dt.date) -> str:
    """Commitments for the inventory's planned items, due over the two years that follow `day`."""
    rng = random.Random(f"plan-{day}")
    planned = [i["id"] for i in yaml.load(inventory, Loader=yaml.CSafeLoader)["items"] if i["status"] == "planeado"]
    commitments = [
        {"item": item, "due": (day + dt.timedelta(days=rng.randrange(30, 730))).isoformat()} for item in planned
    ]
    period = {"start": day.isoformat(), "end": (day + dt.timedelta(days=730)).isoformat()}
    return dump_yaml({"period": period, "commitments": commitments})


def story_yaml(story_id: str, datasets: list[DatasetSpec], day: dt.date, seed: int) -> str:
    rng = random.Random(f"story-{seed}-{story_id}")
    topic = TOPICS[datasets[0].topic]
    data = {
        "id": story_id,
        "title": f"Uso de datos abiertos: {topic[0].lower()}",
        "summary": " ".join(rng.sample(SENTENCES, 3)),
        "organization": {
            "name": f"Colectivo {rng.choice(AREAS)} Abierto",
            "sector": rng.choice(("periodismo", "academia", "sociedad-civil", "privado", "gobierno")),
        },
        "purpose": rng.choice(("conocer", "incidir")),
        "theme": [topic[1]],
        "datasets": [f"{d.party}/{d.id}" for d in datasets],
        "impact": rng.choice(SENTENCES),
        "date": day.isoformat(),
    }
    return dump_yaml(data)


def tool_yaml(tool_id: str, datasets: list[DatasetSpec], day: dt.date, seed: int) -> str:
    rng = random.Random(f"tool-{seed}-{tool_id}")
    data = {
        "id": tool_id,
        "name": f"Herramienta {tool_id.replace('-', ' ')}",
        "description": "Aplicación que consulta y visualiza conjuntos del catálogo. " + rng.choice(SENTENCES),
        "url": f"https://{tool_id}.example.org",
        "license": "MIT",
        "category": rng.choice(("aplicacion", "visualizacion")),
        "datasets": [f"{d.party}/{d.id}" for d in datasets],
        "formats": ["csv"],
        "date": day.isoformat(),
    }
    return dump_yaml(data)
