"""Stage 3, enrich (measurements): Policy action 4.1, quality: a score (0–100) per dataset with its
breakdown."""

# Two lenses, one score:
# - metadata quality modelled on the dimensions of the data.europa.eu Metadata Quality Assessment
#   (MQA): findability, accessibility, interoperability, reusability, contextuality;
# - the ten characteristics of open data of the LGTAIP (art. 3, fr. VI).
#
# Each criterion (quality_criteria.py) is `met`, `not-met` or `not-checkable`, with its reason in
# Spanish and English. Criteria about resources (or the columns of their Table Schema) earn points
# in proportion to the share of resources (or columns) that meet them. Not-checkable criteria
# count neither in the points earned nor in the points possible. Every weight is in
# `catalogo.yaml` (`quality:`); the facts come from the descriptor, the git history (issued,
# modified, timeliness) and the last link check (availability), gathered by quality_facts.py.

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..checks.links import LinkResults
from ..core.model import Dataset, Party
from ..gitdata.history import Change
from .quality_criteria import CRITERIA
from .quality_facts import MET, NOT_CHECKABLE, NOT_MET, Facts, Reason, gather
from .timeliness import Targets, Timeliness

__all__ = ["MET", "NOT_MET", "NOT_CHECKABLE", "Criterion", "Quality", "assess", "dataset_quality"]

DIMENSIONS = tuple(CRITERIA)
RATINGS = ("excelente", "buena", "suficiente", "deficiente")
STATES = (MET, NOT_MET, NOT_CHECKABLE)


def codes() -> list[str]:
    """Every code this module names (dimensions, criteria, outcomes, ratings): the site shows each
    with its label from build/i18n (`quality_label_<code>`, "-" written "_")."""
    criteria = [criterion_id for tests in CRITERIA.values() for criterion_id in tests]
    return [*DIMENSIONS, *criteria, *STATES, *RATINGS]


@dataclass(frozen=True, slots=True)  # ~20 per dataset: slots halve their memory
class Criterion:
    dimension: str
    id: str
    state: str  # met, not-met, not-checkable
    reason: Reason
    weight: float
    points: float  # earned; 0 when not met (unless partly: resource, column criteria) or not checkable
    share: float | None = None  # share of resources (or columns) meeting it, for those criteria

    @property
    def checkable(self) -> bool:
        return self.state != NOT_CHECKABLE

    def as_dict(self) -> dict[str, Any]:
        return {
            "dimension": self.dimension,
            "id": self.id,
            "state": self.state,
            "reason": dict(self.reason),
            "weight": self.weight,
            "points": self.points,
            "share": self.share,
        }


@dataclass(frozen=True)
class Quality:
    score: float  # 0–100
    rating: str  # excelente, buena, suficiente, deficiente (MQA bands, `quality.ratings`)
    criteria: tuple[Criterion, ...]

    def of(self, dimension: str) -> list[Criterion]:
        return [c for c in self.criteria if c.dimension == dimension]

    def criterion(self, criterion_id: str) -> Criterion | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)

    def met(self, criterion_id: str) -> bool:
        found = self.criterion(criterion_id)
        return found is not None and found.state == MET

    def dimensions(self) -> dict[str, dict[str, Any]]:
        """Points earned and possible per dimension (not-checkable criteria left out)."""
        result = {}
        for dimension in DIMENSIONS:
            checked = [c for c in self.of(dimension) if c.checkable]
            earned, possible = round(sum(c.points for c in checked), 2), sum(c.weight for c in checked)
            result[dimension] = {
                "earned": earned,
                "possible": possible,
                "percent": round(100 * earned / possible, 1) if possible else None,
            }
        return result

    def as_dict(self) -> dict[str, Any]:
        """A plain JSON-able value (the API publishes it)."""
        return {
            "score": self.score,
            "rating": self.rating,
            "dimensions": self.dimensions(),
            "criteria": [c.as_dict() for c in self.criteria],
        }


def assess(facts: Facts, config: dict[str, Any]) -> Quality:
    """Score the gathered facts with the `quality:` configuration."""
    weights = config.get("weights", {})
    criteria = []
    for dimension, tests in CRITERIA.items():
        for criterion_id, test in tests.items():
            weight = float(weights.get(dimension, {}).get(criterion_id, 0))
            state, share, reason = test(facts)
            criteria.append(
                Criterion(dimension, criterion_id, state, reason, weight, _points(state, share, weight), share)
            )
    possible = sum(c.weight for c in criteria if c.checkable)
    score = round(100 * sum(c.points for c in criteria) / possible, 1) if possible else 0.0
    return Quality(score, rating(score, config.get("ratings", {})), tuple(criteria))


def _points(state: str, share: float | None, weight: float) -> float:
    if state == NOT_CHECKABLE:
        return 0.0
    if share is not None:
        return round(weight * share, 2)
    return weight if state == MET else 0.0


def rating(score: float, bands: dict[str, Any]) -> str:
    for name in RATINGS[:-1]:
        if score >= float(bands.get(name, 101)):
            return name
    return RATINGS[-1]


def dataset_quality(
    dataset: Dataset,
    *,
    publisher: Party | None,
    issued: Change | None,
    modified: Change | None,
    timeliness: Timeliness,
    links: LinkResults,
    config: dict[str, Any],
    targets: Targets | None = None,
) -> Quality:
    """The dataset's quality from its descriptor, git dates, timeliness and the last link check."""
    return assess(gather(dataset, publisher, issued, modified, timeliness, links, targets), config)
