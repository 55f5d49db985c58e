#!/usr/bin/env python3
"""A 1,000,000-row, 10-column CSV against its Table Schema: the catalogue's data check against
frictionless itself, on a clean file and on one with planted errors.

    python benchmarks/bigcsv.py [--rows 1000000] [--work benchmarks/out/bigcsv] [--repeat 3]

Times, on each file: the vectorised table validation the catalogue uses above 4 MB
(checks/fasttable.py), the catalogue's whole data check of the dataset (checks/data.py:
encoding and size pre-checks, personal-data screening, then the table validation), each the
median of --repeat runs, and frictionless' own validation with the same checks (once). Then
compares the problems found in the planted file: the catalogue's and frictionless' must be the
same, in the same order. Prints JSON and stores it in benchmarks/out/results/bigcsv.json for the
README.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import FIELD_KINDS, _field, dump_yaml, table_rows  # noqa: E402

from catalogo.checks import fasttable  # noqa: E402
from catalogo.checks.data import ERROR_LIMIT, check_data  # noqa: E402
from catalogo.load import load_catalogue  # noqa: E402

FIELDS = [_field(kind) for kind in ("folio", *FIELD_KINDS[:9])]  # 10 columns, every type used
PLANTED = 60


def write_tables(folder: Path, rows: int) -> tuple[Path, Path, list[tuple]]:
    """A clean table and the same table with planted errors; returns both and what was planted."""
    rng = random.Random(2026)
    body = table_rows(FIELDS, rows, rng)
    header = ",".join(f["name"] for f in FIELDS)
    clean = _write(folder / "limpio", header, body)
    planted = _plant(body, rng)
    dirty = _write(folder / "con-errores", header, body)
    return clean, dirty, planted


def _plant(body: list[list[str]], rng: random.Random) -> list[tuple]:
    """Wrong types, values out of range, a missing and an extra cell, and a repeated row."""
    planted = []
    for n in range(PLANTED):
        i = rng.randrange(1, len(body) - 1)
        kind = n % 6
        if kind == 0:
            body[i][6] = "mil"  # monto: not a number
        elif kind == 1:
            body[i][8] = "101.5"  # porcentaje above its maximum
        elif kind == 2:
            body[i][3] = "2023-02-30"  # fecha: not a date
        elif kind == 3:
            body[i][5] = "Otra categoría"  # outside the enum
        elif kind == 4:
            body[i] = body[i][:-1]  # a missing cell
        else:
            body[i] = list(body[i - 1])  # a repeated row (and a repeated folio)
        planted.append((kind, i + 2))
    return planted


def _write(folder: Path, header: str, body: list[list[str]]) -> Path:
    data = folder / "datasets" / "banco" / "tabla-grande" / "data"
    data.mkdir(parents=True, exist_ok=True)
    (folder / "parties" / "banco").mkdir(parents=True, exist_ok=True)
    (folder / "parties" / "banco" / "party.yaml").write_text(
        dump_yaml({"id": "banco", "name": "Banco de pruebas", "level": "federal", "power": "otro"}),
        encoding="utf-8",
    )
    table = data / "datos.csv"
    with table.open("w", encoding="utf-8") as handle:
        handle.write(header + "\n")
        handle.writelines(",".join(row) + "\n" for row in body)
    descriptor = {
        "name": "tabla-grande",
        "title": "Tabla grande",
        "resources": [
            {
                "name": "datos",
                "path": "data/datos.csv",
                "format": "csv",
                "schema": {"fields": FIELDS, "primaryKey": ["folio"]},
            }
        ],
    }
    (data.parent / "datapackage.yaml").write_text(dump_yaml(descriptor), encoding="utf-8")
    return table


def timed(function, *args, repeat: int = 1) -> tuple[dict, object]:
    """Median wall and CPU seconds of repeated calls (all of it runs in this process; CPU time
    counts every thread)."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = function(*args)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return {
        "seconds": round(statistics.median(walls), 2),
        "cpu_seconds": round(statistics.median(cpus), 2),
        "runs": repeat,
    }, result


def frictionless_errors(table: Path) -> list:
    from frictionless import Checklist, Resource, Schema, checks

    schema = Schema.from_descriptor({"fields": FIELDS, "primaryKey": ["folio"]})
    resource = Resource(table.name, basepath=str(table.parent), schema=schema, encoding="utf-8")
    report = resource.validate(checklist=Checklist(checks=[checks.duplicate_row()]), limit_errors=ERROR_LIMIT)
    return report.tasks[0].errors


def catalogue_check(table: Path) -> list:
    root = table.parents[4]
    dataset = next(iter(load_catalogue(root).datasets.values()))
    return check_data(root, dataset)


def _keys(errors) -> list[tuple]:
    return [(e.type, getattr(e, "row_number", None), getattr(e, "field_number", None)) for e in errors]


def measure_file(table: Path, repeat: int = 1) -> dict:
    schema = {"fields": FIELDS, "primaryKey": ["folio"]}
    fast_t, fast = timed(fasttable.validate_table, table, schema, ",", ERROR_LIMIT, repeat=repeat)
    check_t, problems = timed(catalogue_check, table, repeat=repeat)
    friction_t, errors = timed(frictionless_errors, table)
    return {
        "bytes": table.stat().st_size,
        "catalogue": {**fast_t, "errors": len(fast)},
        "catalogue_data_check": {**check_t, "problems": len(problems)},
        "frictionless": {**friction_t, "errors": len(errors)},
        "speedup_cpu": round(friction_t["cpu_seconds"] / max(fast_t["cpu_seconds"], 0.01), 1),
        "_keys": (_keys(fast), _keys(errors)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--work", type=Path, default=HERE / "out" / "bigcsv")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the catalogue's checks")
    args = parser.parse_args(argv)
    import frictionless  # noqa: F401  (imported before timing: its import is not the validation)

    clean, dirty, planted = write_tables(args.work, args.rows)
    result = {"rows": args.rows, "columns": len(FIELDS), **measure_file(clean, args.repeat)}
    planted_result = measure_file(dirty, args.repeat)
    ours, theirs = planted_result.pop("_keys")
    result.pop("_keys")
    result["planted"] = {
        **planted_result,
        "planted": len(planted),
        "equal": set(ours) == set(theirs),
        "same_order": ours == theirs,
        "only_catalogue": sorted(map(str, set(ours) - set(theirs)))[:10],
        "only_frictionless": sorted(map(str, set(theirs) - set(ours)))[:10],
    }
    text = json.dumps(result, ensure_ascii=False, indent=1)
    target = HERE / "out" / "results" / "bigcsv.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(text)
    return 0 if result["planted"]["same_order"] else 1


if __name__ == "__main__":
    sys.exit(main())
