"""Stage 4, render (machine-readable exports): The planning as data: every party's inventory, opening
plan and data requests as national CSV files (`/inventarios.csv`, `/planes.csv`, `/solicitudes.csv`)
and the same rows as JSON in the API (`/api/inventarios.json`, `/api/planes.json`, `/api/solicitudes.json`)."""

# Inventories list their public items; a party's reserved items appear as one row per legal basis
# with how many there are (`cantidad`), not one by one. Requests (measure/demand.py): one row per
# inventory item citing one, and one row for a request no item cites; with the requests file every
# fetched request is there with its status, reason, dates and age, and a request no party could be
# matched to has an empty `sujeto` (the national list). CSV cells go through csvsafe
# (spreadsheet-safe); the files are rewritten on every build (they are small: a few rows per party).

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path
from typing import Any

from ..core import values
from ..core.csvsafe import SafeWriter
from ..core.urls import dataset_path
from ..measure.enriched import Enriched

INVENTORY = [
    "sujeto",
    "sujeto_nombre",
    "activo",
    "titulo",
    "descripcion",
    "tipo_de_serie",
    "estatus",
    "prioridad",
    "lugar",
    "conjunto",
    "conjunto_url",
    "cantidad",
    "fundamento_legal",
]
PLANS = [
    "sujeto",
    "sujeto_nombre",
    "periodo_inicio",
    "periodo_fin",
    "activo",
    "titulo",
    "fecha_compromiso",
    "estatus",
    "publicado",
    "conjunto_url",
]
REQUESTS = [
    "sujeto",
    "sujeto_nombre",
    "solicitud",
    "activo",
    "titulo",
    "estatus",
    "conjunto_url",
    "url",
    "asunto",
    "motivo",
    "creada",
    "cerrada",
    "dias",
]


def planning_rows(enriched: Enriched, base_url: str) -> dict[str, list[dict[str, Any]]]:
    """The rows of the three files, party by party in id order."""
    inventory: list[dict[str, Any]] = []
    plans: list[dict[str, Any]] = []
    for party_id, party in sorted(enriched.catalogue.parties.items()):
        who = {"sujeto": party_id, "sujeto_nombre": party.name}
        ranked = {entry.item.id: entry for entry in enriched.priorities.get(party_id, [])}
        reserved: Counter[str] = Counter()
        for item in party.inventory_items():
            if item.status == "reservado":
                reserved[values.text(item.data.get("legal_basis"))] += 1
                continue
            key = f"{party_id}/{item.dataset}" if item.dataset else ""
            published = key in enriched.datasets
            entry = ranked.get(item.id)
            inventory.append(
                {
                    **who,
                    "activo": item.id,
                    "titulo": item.title,
                    "descripcion": values.text(item.data.get("description")),
                    "tipo_de_serie": item.series_type,
                    "estatus": item.status,
                    "prioridad": entry.score.total if entry is not None else None,
                    "lugar": entry.rank if entry is not None else None,
                    "conjunto": key,
                    "conjunto_url": base_url + dataset_path(key) if published else "",
                    "cantidad": 1,
                    "fundamento_legal": "",
                }
            )
        for basis, count in sorted(reserved.items()):
            inventory.append(
                {
                    **who,
                    **dict.fromkeys(
                        ("activo", "titulo", "descripcion", "tipo_de_serie", "conjunto", "conjunto_url"), ""
                    ),
                    "estatus": "reservado",
                    "prioridad": None,
                    "lugar": None,
                    "cantidad": count,
                    "fundamento_legal": basis,
                }
            )
        period = party.plan.data.get("period") if party.plan is not None and isinstance(party.plan.data, dict) else None
        start, end = (values.text(period.get(k)) for k in ("start", "end")) if isinstance(period, dict) else ("", "")
        for status in enriched.plans.get(party_id, []):
            shown = status.dataset if status.dataset and status.published else ""
            plans.append(
                {
                    **who,
                    "periodo_inicio": start,
                    "periodo_fin": end,
                    "activo": status.item,
                    "titulo": status.title,
                    "fecha_compromiso": status.due.isoformat() if status.due else "",
                    "estatus": status.status,
                    "publicado": status.published.isoformat() if status.published else "",
                    "conjunto_url": base_url + dataset_path(shown) if shown else "",
                }
            )
    return {"inventarios": inventory, "planes": plans, "solicitudes": request_rows(enriched, base_url)}


def request_rows(enriched: Enriched, base_url: str) -> list[dict[str, Any]]:
    """Each request once per inventory item that cites it, or once with its party (or none)."""
    repository = values.text(enriched.config.get("site", {}).get("repository"))
    parties = enriched.catalogue.parties
    rows: list[dict[str, Any]] = []
    for status in enriched.data_requests:
        url = status.url or (
            f"{repository.rstrip('/')}/issues/{status.number}" if repository.startswith("https://") else ""
        )
        common = {
            "solicitud": status.number,
            "estatus": status.status,
            "url": url,
            "asunto": status.title,
            "motivo": status.reason,
            "creada": status.created.isoformat() if status.created else "",
            "cerrada": status.closed.isoformat() if status.closed else "",
            "dias": status.days,
        }
        cited = [
            (c.party, "", "", "") if c.reserved else (c.party, c.item, c.title, c.dataset) for c in status.citations
        ]
        for party_id, item, title, dataset in cited or [(p, "", "", "") for p in status.parties[:1] or [""]]:
            rows.append(
                {
                    **common,
                    "sujeto": party_id,
                    "sujeto_nombre": parties[party_id].name if party_id in parties else "",
                    "activo": item,
                    "titulo": title,
                    "conjunto_url": base_url + dataset_path(dataset) if dataset else "",
                }
            )
    rows.sort(key=lambda r: (r["sujeto"], r["solicitud"], r["activo"]))
    return rows


def write_planning(enriched: Enriched, out: Path, base_url: str) -> list[Path]:
    """The three CSV files at the site's root and their JSON in the API (deterministic bytes)."""
    written = []
    for name, rows in planning_rows(enriched, base_url).items():
        columns = {"inventarios": INVENTORY, "planes": PLANS, "solicitudes": REQUESTS}[name]
        text = io.StringIO()
        text.write("\ufeff")  # spreadsheet programs then read UTF-8 (as catalogo.csv)
        writer = SafeWriter(text)
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if row[c] is None else row[c] for c in columns])
        target = out / f"{name}.csv"
        target.write_text(text.getvalue(), encoding="utf-8")
        written.append(target)
        api = out / "api" / f"{name}.json"
        api.parent.mkdir(parents=True, exist_ok=True)
        api.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append(api)
    return written
