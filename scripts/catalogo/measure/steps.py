"""Stage 3, enrich (measurements): The enrich stage's measurements (policy actions 1.2, 1.3, 4.1 and
section 6), as named steps that fill the `Enriched` value: timeliness and quality per dataset,
opening-plan statuses, data requests and ranked inventories per party, and the indicators."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .demand import RequestStatus, request_statuses
from .figures import Indicators
from .indicators import compute_indicators
from .plan import CommitmentStatus, opening_plan_status
from .priority import RankedItem, rank_inventory
from .quality import dataset_quality
from .timeliness import dataset_timeliness, resource_targets

if TYPE_CHECKING:
    from .enriched import Enriched


def assess_datasets(enriched: Enriched) -> None:
    """Timeliness (from git) and then quality (which counts timeliness) of every dataset."""
    config = enriched.config
    for info in enriched.datasets.values():
        dataset = info.dataset
        targets = resource_targets(dataset)
        info.timeliness = dataset_timeliness(
            dataset, enriched.history, enriched.today, config.get("timeliness", {}), targets
        )
        info.quality = dataset_quality(
            dataset,
            publisher=enriched.party_of(dataset),
            issued=info.created,
            modified=info.updated,
            timeliness=info.timeliness,
            links=enriched.link_results,
            config=config.get("quality", {}),
            targets=targets,
        )


def opening_plans(enriched: Enriched) -> dict[str, list[CommitmentStatus]]:
    """Each party's commitments with their status, for parties that have a plan."""
    existing = set(enriched.catalogue.datasets)
    return {
        party_id: opening_plan_status(party, enriched.history, enriched.today, existing, enriched.catalogue.datasets)
        for party_id, party in sorted(enriched.catalogue.parties.items())
        if party.plan_path
    }


def data_requests(enriched: Enriched) -> list[RequestStatus]:
    """Every data request with its status and age (from the requests file when there is one)."""
    published = {
        key: dt.date.fromisoformat(info.created.day) if info.created else None
        for key, info in enriched.datasets.items()
    }
    return request_statuses(enriched.catalogue, published, enriched.requests_file, enriched.today)


def priorities(enriched: Enriched) -> dict[str, list[RankedItem]]:
    """Each party's inventory ranked by priority, for parties that have an inventory; with the
    requests file, only fetched requests that were not rejected raise demand."""
    weights = enriched.config.get("priority", {})
    counted = enriched.requests_file.counted() if enriched.requests_file is not None else None
    return {
        party_id: rank_inventory(party.inventory_items(), weights, counted)
        for party_id, party in sorted(enriched.catalogue.parties.items())
        if party.inventory_path
    }


def indicators(enriched: Enriched) -> Indicators:
    """At the enriched catalogue's today, with the quarterly series before it."""
    return compute_indicators(enriched, enriched.timeline, enriched.config)
