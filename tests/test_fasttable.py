"""The vectorised table path reports exactly what frictionless reports (codes, rows, columns)."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest
from frictionless import Checklist, Resource, Schema, checks

from catalogo.checks.fasttable import supported, validate_table

FIELDS = [
    {"name": "id", "type": "integer", "constraints": {"required": True}},
    {"name": "monto", "type": "number", "constraints": {"minimum": 0}},
    {"name": "fecha", "type": "date"},
    {"name": "activo", "type": "boolean"},
    {"name": "anio", "type": "year"},
    {"name": "clave", "type": "string", "constraints": {"enum": ["A", "B", "C"]}},
    {"name": "codigo", "type": "string", "constraints": {"pattern": "[0-9]{3}", "unique": True, "maxLength": 3}},
]


def messy_table(seed: int) -> list[list[str]]:
    rnd = random.Random(seed)
    rows = [[f["name"] for f in FIELDS]]
    if rnd.random() < 0.3:
        rows[0][rnd.randrange(len(FIELDS))] = "otro"
    for i in range(rnd.randint(5, 60)):
        row = [str(rnd.choice([i, i, i, i - 1, "x", ""])), rnd.choice(["1.5", "-2", "abc", "", "3e2", " 4"]),
               rnd.choice(["2020-01-31", "2020-02-30", "2020-1-1", "", "hoy"]), rnd.choice(["true", "no", "0", ""]),
               rnd.choice(["2020", "99", "", "abcd"]), rnd.choice(["A", "B", "D", ""]),
               rnd.choice([f"{i:03d}", "12", "", "999", "1234"])]
        draw = rnd.random()
        if draw < 0.05:
            row = row[: rnd.randint(1, 6)]
        elif draw < 0.1:
            row = [*row, "extra"]
        elif draw < 0.13:
            row = []
        elif draw < 0.16:
            row = [""] * len(FIELDS)
        elif draw < 0.2 and len(rows) > 1:
            row = list(rows[-1])
        rows.append(row)
    return rows


def frictionless_errors(path: Path, schema: dict) -> set[tuple]:
    resource = Resource(path.name, basepath=str(path.parent), schema=Schema.from_descriptor(schema))
    report = resource.validate(checklist=Checklist(checks=[checks.duplicate_row()]), limit_errors=100_000)
    return {(e.type, getattr(e, "row_number", None), getattr(e, "field_number", None)) for e in report.tasks[0].errors}


@pytest.mark.parametrize("seed", range(40))
def test_same_problems_as_frictionless(tmp_path: Path, seed: int) -> None:
    schema = {"fields": FIELDS, "primaryKey": ["id"]}
    path = tmp_path / "tabla.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(messy_table(seed))
    fast = {(e.type, e.row_number, e.field_number) for e in validate_table(path, schema, limit=100_000)}
    assert fast == frictionless_errors(path, schema)


def test_unsupported_schemas_go_to_frictionless() -> None:
    assert supported({"fields": FIELDS})
    assert not supported({"fields": FIELDS, "foreignKeys": [{"fields": "id", "reference": {"resource": "x", "fields": "id"}}]})
    assert not supported({"fields": [{"name": "f", "type": "date", "format": "%d/%m/%Y"}]})
    assert not supported({"fields": [{"name": "g", "type": "geopoint"}]})
    assert not supported({"fields": [{"name": "n", "type": "number", "groupChar": ","}]})
