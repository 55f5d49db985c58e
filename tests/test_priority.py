"""Priority of inventory items: scores computed by hand from the weights in catalogo.yaml, data
requests raising demand, ranking with ties, and the configuration documented in one place."""

from __future__ import annotations

import csv

import pytest
import yaml

from catalogo.core.config import DEFAULTS, load_config
from catalogo.core.model import InventoryItem
from catalogo.core.vocab import slugify
from catalogo.load import load_catalogue
from catalogo.measure.priority import priority_score, rank_inventory

from .conftest import FIXTURES, ROOT

WEIGHTS = DEFAULTS["priority"]  # demand 3, public_value 3, effort 1.5, quality 1, personal_data_risk 1.5


def item(item_id: str = "x", priority: dict | None = None, requests: list | None = None) -> InventoryItem:
    data: dict = {"id": item_id, "title": item_id, "series_type": "institucional", "status": "planeado"}
    if priority is not None:
        data["priority"] = priority
    if requests is not None:
        data["demand"] = {"requests": requests}
    return InventoryItem(item_id, item_id, "planeado", "institucional", "", "/items/0", data)


def test_configuration_is_documented_in_one_place() -> None:
    """catalogo.yaml (with its comments) and the built-in defaults say the same."""
    shipped = yaml.safe_load((ROOT / "catalogo.yaml").read_text(encoding="utf-8"))
    for section in ("priority", "quality", "timeliness", "link_check"):
        assert shipped[section] == DEFAULTS[section], section
    assert load_config(ROOT)["priority"] == DEFAULTS["priority"]


def test_score_of_the_fixture_item_by_hand() -> None:
    party = load_catalogue(FIXTURES / "valid" / "minimal").parties["secretaria-de-salud"]
    covid = next(i for i in party.inventory_items() if i.id == "casos-covid")
    score = priority_score(covid, WEIGHTS)
    # demand 5 (+1 request, capped at 5): 100*3*1/10 = 30; public_value 5: 30;
    # effort 2 -> (5-2)/4 = .75: 100*1.5*.75/10 = 11.25; quality 4 -> .75: 7.5; risk 2 -> .75: 11.25
    parts = {p.criterion: p.points for p in score.parts}
    assert parts == {"demand": 30.0, "public_value": 30.0, "effort": 11.25, "quality": 7.5, "personal_data_risk": 11.25}
    assert score.total == 90.0
    assert [p.criterion for p in score.top(2)] == ["demand", "public_value"]


def test_undeclared_criteria_take_the_middle_of_the_scale() -> None:
    score = priority_score(item(), WEIGHTS)
    assert score.total == 50.0
    assert all(p.declared is None and p.value == 3 for p in score.parts)


def test_data_requests_raise_demand_up_to_the_top_of_the_scale() -> None:
    base = {"demand": 2, "public_value": 3, "effort": 3, "quality": 3, "personal_data_risk": 3}
    without = priority_score(item(priority=base), WEIGHTS)
    with_two = priority_score(item(priority=base, requests=[7, 9]), WEIGHTS)
    demand = next(p for p in with_two.parts if p.criterion == "demand")
    assert (demand.declared, demand.requests, demand.value) == (2, 2, 4.0)
    assert demand.points == 22.5  # 100 * 3 * (4-1)/4 / 10
    assert with_two.total - without.total == pytest.approx(15.0)  # demand 2 -> 4: 7.5 -> 22.5
    capped = priority_score(item(priority={**base, "demand": 4}, requests=[1, 2, 3]), WEIGHTS)
    assert next(p for p in capped.parts if p.criterion == "demand").value == 5.0


def test_weights_come_from_the_configuration() -> None:
    only_risk = {"weights": {"personal_data_risk": 2}, "request_points": 1, "undeclared": 3}
    low_risk = priority_score(item(priority={"personal_data_risk": 1, "demand": 1}), only_risk)
    high_risk = priority_score(item(priority={"personal_data_risk": 5, "demand": 5}), only_risk)
    assert (low_risk.total, high_risk.total) == (100.0, 0.0)


def test_ranking_orders_by_score_and_ties_share_a_rank() -> None:
    items = [item("a"), item("b", {"demand": 5}), item("c"), item("d", {"demand": 1})]
    ranked = rank_inventory(items, WEIGHTS)
    assert [(r.rank, r.item.id) for r in ranked] == [(1, "b"), (2, "a"), (2, "c"), (4, "d")]
    assert ranked[0].as_dict()["score"]["total"] == 65.0  # 50 + demand 3 -> 5: +15


@pytest.mark.corpus
def test_ranks_a_real_2015_inventory(corpus) -> None:
    """The SEMARNAT entries of the 2015 open-data inventory (ieda.tsv), with criteria derived
    from their position, rank into a complete, ordered list."""
    with (corpus / "datosgobmx-adela-2015" / "ieda.tsv").open(encoding="utf-8") as f:
        rows = [r for r in csv.reader(f, delimiter="\t") if r and r[0] == "SEMARNAT"]
    assert len(rows) >= 10
    items = [
        item(
            slugify(title) or f"item-{i}",
            {"demand": 1 + i % 5, "public_value": 1 + (i * 3) % 5, "effort": 1 + (i * 2) % 5},
            requests=[i + 1] if i % 4 == 0 else None,
        )
        for i, (_, title) in enumerate(rows)
    ]
    ranked = rank_inventory(items, WEIGHTS)
    totals = [r.score.total for r in ranked]
    assert sorted(r.item.id for r in ranked) == sorted(i.id for i in items)
    assert totals == sorted(totals, reverse=True)
    assert all(0 <= t <= 100 for t in totals)
    assert ranked[0].rank == 1 and ranked[-1].rank <= len(items)
