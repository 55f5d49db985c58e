"""Stage 3, enrich (measurements): Policy action 1.2, analyse and prioritise: a priority score (0–100)
for each inventory item from its declared criteria, with the weights of `catalogo.yaml`
(`priority:`), and the inventory ranked by it."""

# Every score keeps its parts, so a page can say why an item ranks where it does.

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, field
from typing import Any

from ..core.model import InventoryItem

CRITERIA = ("demand", "public_value", "effort", "quality", "personal_data_risk")
# Less effort and less personal-data risk make an item easier to open, so they rank it higher.
INVERTED = frozenset({"effort", "personal_data_risk"})
SCALE = (1, 5)


@dataclass(frozen=True)
class Part:
    """One criterion's contribution to the score."""

    criterion: str
    value: float  # the value used, after data requests and the undeclared default
    declared: int | None  # what the inventory says (None: not declared)
    requests: int  # accepted data requests counted (demand only)
    weight: float
    points: float  # contribution to the 0–100 score

    def as_dict(self) -> dict[str, Any]:
        return {
            "criterion": self.criterion,
            "value": self.value,
            "declared": self.declared,
            "requests": self.requests,
            "weight": self.weight,
            "points": self.points,
            "inverted": self.criterion in INVERTED,
        }


@dataclass(frozen=True)
class Score:
    total: float  # 0–100
    parts: tuple[Part, ...]

    def top(self, n: int = 2) -> list[Part]:
        """The criteria that weigh most in this score: the reason for its rank."""
        return sorted(self.parts, key=lambda p: (-p.points, CRITERIA.index(p.criterion)))[:n]

    def as_dict(self) -> dict[str, Any]:
        return {"total": self.total, "parts": [p.as_dict() for p in self.parts]}


@dataclass(frozen=True)
class RankedItem:
    rank: int
    item: InventoryItem = field(compare=False)
    score: Score
    requests: tuple[int, ...]  # data requests (issue numbers) naming the item that count (see requests_of)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "item": self.item.id,
            "title": self.item.title,
            "status": self.item.status,
            "dataset": self.item.dataset or None,
            "requests": list(self.requests),
            "score": self.score.as_dict(),
        }


def requests_of(item: InventoryItem, counted: Container[int] | None = None) -> tuple[int, ...]:
    """The request numbers the item cites; with `counted` (the fetched requests that were not
    rejected, checks/datarequests.py), only those among them."""
    demand = item.data.get("demand")
    raw = demand.get("requests") if isinstance(demand, dict) else None
    if not isinstance(raw, list):
        return ()
    numbers = {n for n in raw if isinstance(n, int) and not isinstance(n, bool) and n > 0}
    return tuple(sorted(n for n in numbers if counted is None or n in counted))


def priority_score(item: InventoryItem, weights: dict[str, Any], counted: Container[int] | None = None) -> Score:
    """The item's score from its `priority` criteria; `weights` is the `priority:` configuration;
    `counted`, when given, the request numbers that may raise demand."""
    declared = item.data.get("priority")
    declared = declared if isinstance(declared, dict) else {}
    criteria = weights.get("weights", {})
    total_weight = sum(float(criteria.get(c, 0)) for c in CRITERIA) or 1.0
    parts = []
    for criterion in CRITERIA:
        raw = declared.get(criterion)
        given = raw if isinstance(raw, int) and not isinstance(raw, bool) and SCALE[0] <= raw <= SCALE[1] else None
        requests = len(requests_of(item, counted)) if criterion == "demand" else 0
        value = _value(given, requests, weights)
        weight = float(criteria.get(criterion, 0))
        points = round(100 * weight * _favourable(criterion, value) / total_weight, 2)
        parts.append(Part(criterion, value, given, requests, weight, points))
    return Score(round(sum(p.points for p in parts), 1), tuple(parts))


def _value(given: int | None, requests: int, weights: dict[str, Any]) -> float:
    base = float(given if given is not None else weights.get("undeclared", 3))
    return min(float(SCALE[1]), base + requests * float(weights.get("request_points", 1)))


def _favourable(criterion: str, value: float) -> float:
    """0 (least favourable to opening first) to 1 (most)."""
    low, high = SCALE
    share = (value - low) / (high - low)
    return 1 - share if criterion in INVERTED else share


def rank_inventory(
    items: list[InventoryItem], weights: dict[str, Any], counted: Container[int] | None = None
) -> list[RankedItem]:
    """Items by descending score; ties keep the inventory's order and share a rank."""
    scored = [(priority_score(item, weights, counted), i, item) for i, item in enumerate(items)]
    scored.sort(key=lambda s: (-s[0].total, s[1]))
    ranked: list[RankedItem] = []
    for position, (score, _, item) in enumerate(scored, start=1):
        tied = ranked and ranked[-1].score.total == score.total
        rank = ranked[-1].rank if tied else position
        ranked.append(RankedItem(rank, item, score, requests_of(item, counted)))
    return ranked
