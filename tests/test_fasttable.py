"""The vectorised table path reports exactly what frictionless reports (codes, rows, columns)."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import pytest
from frictionless import Checklist, Dialect, Resource, Schema, checks
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
        row = [
            str(rnd.choice([i, i, i, i - 1, "x", ""])),
            rnd.choice(["1.5", "-2", "abc", "", "3e2", " 4"]),
            rnd.choice(["2020-01-31", "2020-02-30", "2020-1-1", "", "hoy"]),
            rnd.choice(["true", "no", "0", ""]),
            rnd.choice(["2020", "99", "", "abcd"]),
            rnd.choice(["A", "B", "D", ""]),
            rnd.choice([f"{i:03d}", "12", "", "999", "1234"]),
        ]
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


def frictionless_errors(path: Path, schema: dict, limit: int = 100_000) -> list[tuple]:
    resource = Resource(path.name, basepath=str(path.parent), schema=Schema.from_descriptor(schema))
    report = resource.validate(checklist=Checklist(checks=[checks.duplicate_row()]), limit_errors=limit)
    return [(e.type, getattr(e, "row_number", None), getattr(e, "field_number", None)) for e in report.tasks[0].errors]


def fast_errors(path: Path, schema: dict, limit: int = 100_000, delimiter: str = ",") -> list[tuple]:
    return [(e.type, e.row_number, e.field_number) for e in validate_table(path, schema, delimiter, limit)]


@pytest.mark.parametrize("seed", range(40))
def test_same_problems_as_frictionless(tmp_path: Path, seed: int) -> None:
    schema = {"fields": FIELDS, "primaryKey": ["id"]}
    path = tmp_path / "tabla.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(messy_table(seed))
    assert fast_errors(path, schema) == frictionless_errors(path, schema)
    assert fast_errors(path, schema, limit=7) == frictionless_errors(path, schema, limit=7)


def test_unsupported_schemas_go_to_frictionless() -> None:
    assert supported({"fields": FIELDS})
    assert not supported(
        {"fields": FIELDS, "foreignKeys": [{"fields": "id", "reference": {"resource": "x", "fields": "id"}}]}
    )
    assert not supported({"fields": [{"name": "f", "type": "date", "format": "%d/%m/%Y"}]})
    assert not supported({"fields": [{"name": "g", "type": "geopoint"}]})
    assert not supported({"fields": [{"name": "n", "type": "number", "groupChar": ","}]})


TEXT = {"fields": [{"name": "id", "type": "integer"}, {"name": "texto", "type": "string"}], "primaryKey": ["id"]}
NUMBERS = {
    "fields": [
        {"name": "n", "type": "number", "constraints": {"unique": True, "minimum": 0, "maximum": 100}},
        {"name": "i", "type": "integer", "constraints": {"unique": True, "minimum": 0}},
    ]
}
SPECIAL = {
    "quoted-newlines-and-delimiters": (
        b'id,texto\n1,"dos\nrenglones"\n2,"con, coma"\n3,"comillas ""dobles"""\n4,"fin\r\nde windows"\n1,""\n',
        TEXT,
    ),
    "bom": (b"\xef\xbb\xbfid,texto\n1,uno\nx,dos\n", TEXT),
    "crlf": (b'id,texto\r\n1,uno\r\n2,"dos"\r\n\r\n2,dos\r\nx\r\n', TEXT),
    "empty-strings-and-missing": (b'id,texto\n1,""\n2,\n"",x\n,\n"",""\n3\n', TEXT),
    "leading-zeros": (b"n,i\n1,007\n2,7\n3,+7\n4,-0\n5,0\n6,00\n7, 8\n", NUMBERS),
    "exponent-inf-nan": (
        b"n,i\n1e2,1\n100,2\n1E+2,3\ninf,4\nnan,5\nNaN,6\n-0.0,7\n0,8\n1.0,9\n1.00,10\n"
        b"0.1,11\n0.10000000000000001,12\n0.0000001,13\n1e-7,14\n100.000000000000000001,15\n1e5,16\n",
        NUMBERS,
    ),
    "very-long-field": (b"id,texto\n1," + b"x" * 300_000 + b'\n2,"' + b"y\n" * 100_000 + b'"\n', TEXT),
    "utf8-accents": ("id,texto\n1,Aguascalientes\n2,Michoacán de Ocampo\n3,Ciudad de México\n2,Ñuñoa\n".encode(), TEXT),
    "trailing-delimiter": (b"id,texto,\n1,uno,\n2,dos,\n3,tres\n", TEXT),
    "quote-inside-a-cell": (b'id,texto\n1,dice "hola"\n2,"cerrada"y\n3, "espacio"\n', TEXT),
    "lone-carriage-return": (b"id,texto\r1,uno\r2,dos\n", TEXT),
    "blank-rows-with-extra-cells": (b"id,texto\n1,uno\n,,extra\n,\n\n2,dos\n\n", TEXT),
    "joined-rows-that-read-the-same": (
        b'id,texto\n"1,x",y\n1,"x,y"\n',
        {"fields": [{"name": "id"}, {"name": "texto"}]},
    ),
    "unterminated-quote": (b'id,texto\n1,"abierta\n2,dos\n', TEXT),
    "no-final-line-break": (b"id,texto\n1,uno\n1,uno", TEXT),
    "short-header": (b"id\n1,uno\n2\n1\n", TEXT),
    "long-header-with-spaces": (b" id ,texto,extra,extra\n1,uno,a,b\n2,dos,c\n3,tres,d,e,f\n", TEXT),
    "header-below-comment-lines": (b"# fuente\n# fecha\nid,texto\n1,uno\n", TEXT),
    "semicolons-guessed": (b"id;texto\n1;uno\n2;dos\nx;tres\n", TEXT),
    "spaces-after-delimiters": (b"id, texto\n1, uno\n2, dos\n3, tres\n", TEXT),
    "enum-with-a-number-on-text": (
        b"id,texto\n1,1\n2,A\n3,B\n",
        {"fields": [{"name": "id", "type": "integer"}, {"name": "texto", "constraints": {"enum": [1, "A"]}}]},
    ),
    "bounds-written-as-text": (
        b"id,texto\n1,x\n22,yy\n333,zzz\n",
        {
            "fields": [
                {"name": "id", "type": "integer", "constraints": {"minimum": "2", "maximum": "300"}},
                {"name": "texto", "constraints": {"pattern": "[xy]+", "maxLength": 2}},
            ]
        },
    ),
}


@pytest.mark.parametrize("name", sorted(SPECIAL))
def test_same_problems_on_special_files(tmp_path: Path, name: str) -> None:
    content, schema = SPECIAL[name]
    path = tmp_path / "tabla.csv"
    path.write_bytes(content)
    assert fast_errors(path, schema) == frictionless_errors(path, schema)


def test_declared_missing_values_and_required_cells(tmp_path: Path) -> None:
    schema = {
        "fields": [
            {"name": "id", "type": "integer", "constraints": {"required": True}},
            {"name": "clave", "type": "string", "constraints": {"required": True, "enum": ["A", "B"]}},
            {"name": "n", "type": "number"},
        ],
        "missingValues": ["NA", "-"],
        "primaryKey": ["id", "clave"],
    }
    path = tmp_path / "tabla.csv"
    path.write_bytes(b"id,clave,n\n1,A,NA\nNA,B,-\n2,,1\n3\n,\nNA,NA,NA\n-,NA\n4,C,\n")
    assert fast_errors(path, schema) == frictionless_errors(path, schema)


def test_semicolons_and_many_ragged_rows(tmp_path: Path) -> None:
    rows = [["id", "texto", "n"]] + [[str(i), f"t{i % 7}", str(i % 3)][: 1 + i % 4] for i in range(3000)]
    path = tmp_path / "tabla.csv"
    path.write_text("\n".join(";".join(row) for row in rows) + "\n", encoding="utf-8")
    schema = {"fields": [{"name": "id", "type": "integer"}, {"name": "texto"}, {"name": "n", "type": "integer"}]}
    resource = Resource(
        path.name,
        basepath=str(path.parent),
        schema=Schema.from_descriptor(schema),
        dialect=Dialect.from_descriptor({"csv": {"delimiter": ";"}}),
    )
    report = resource.validate(checklist=Checklist(checks=[checks.duplicate_row()]), limit_errors=100_000)
    expected = [
        (e.type, getattr(e, "row_number", None), getattr(e, "field_number", None)) for e in report.tasks[0].errors
    ]
    assert fast_errors(path, schema, delimiter=";") == expected


TOKENS = st.sampled_from(
    [
        "1",
        "007",
        "x",
        "",
        '"',
        '""',
        '"a,b"',
        '"a\nb"',
        ",",
        ",",
        ",",
        "\n",
        "\n",
        "\r\n",
        "\r",
        " ",
        "2.5",
        "1e3",
        "NA",
        "ñ",
        "true",
        "2020-02-30",
        "2020-01-31",
        ";",
        "\t",
        "'",
        "|",
        "-0",
        "1.0",
        "1.00",
        "inf",
        "nan",
        "A",
        "B",
        "a,b,c",
        "None",
    ]
)
SOUP_SCHEMAS = [
    {
        "fields": [
            {"name": "a", "type": "integer", "constraints": {"unique": True}},
            {"name": "b", "constraints": {"required": True}},
            {"name": "c", "type": "number"},
        ],
        "missingValues": ["", "NA"],
        "primaryKey": ["a"],
    },
    {
        "fields": [
            {"name": "a", "type": "number", "constraints": {"unique": True, "minimum": 1, "maximum": 1000}},
            {"name": "b", "type": "string", "constraints": {"enum": ["A", "B"], "minLength": 1}},
            {"name": "c", "type": "date"},
        ],
        "primaryKey": ["a", "b"],
    },
    {
        "fields": [
            {"name": "a", "type": "boolean"},
            {"name": "b", "type": "year", "constraints": {"unique": True}},
            {"name": "c", "type": "string", "constraints": {"pattern": "[a-z]+", "maxLength": 3}},
        ]
    },
]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    header=st.sampled_from(["a,b,c\n", "a,b\n", "a,b,c,d\n", " a ,b,b\n", "a;b;c\n", ""]),
    body=st.lists(TOKENS, max_size=60),
    which=st.integers(0, len(SOUP_SCHEMAS) - 1),
)
def test_same_problems_on_any_token_soup(tmp_path: Path, header: str, body: list[str], which: int) -> None:
    schema = SOUP_SCHEMAS[which]
    path = tmp_path / "tabla.csv"
    path.write_bytes((header + "".join(body)).encode())
    try:
        expected = frictionless_errors(path, schema)
    except Exception:  # what frictionless cannot read is not compared here
        return
    assert fast_errors(path, schema) == expected


def _catalogue_with_table(root: Path, content: bytes, schema: dict) -> Path:
    import yaml

    (root / "parties" / "banco").mkdir(parents=True)
    (root / "parties" / "banco" / "party.yaml").write_text(
        yaml.safe_dump({"id": "banco", "name": "Banco de pruebas", "level": "federal", "power": "otro"}),
        encoding="utf-8",
    )
    folder = root / "datasets" / "banco" / "tabla"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "datos.csv").write_bytes(content)
    resource = {"name": "datos", "path": "data/datos.csv", "format": "csv", "schema": schema}
    (folder / "datapackage.yaml").write_text(
        yaml.safe_dump({"name": "tabla", "title": "Tabla", "resources": [resource]}), encoding="utf-8"
    )
    return root


@pytest.mark.parametrize("name", [*sorted(SPECIAL), "invalid-schema", "messy-3", "messy-7"])
def test_data_check_reports_the_same_problems_either_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    from catalogo.checks import data
    from catalogo.load import load_catalogue

    if name == "invalid-schema":
        content, schema = b"id\n1\n", {"fields": [{"name": "id", "type": "integer", "constraints": {"maxLength": 2}}]}
    elif name.startswith("messy-"):
        text = io.StringIO()
        csv.writer(text).writerows(messy_table(int(name.split("-")[1])))
        content, schema = text.getvalue().encode(), {"fields": FIELDS, "primaryKey": ["id"]}
    else:
        content, schema = SPECIAL[name]
    root = _catalogue_with_table(tmp_path, content, schema)
    dataset = next(iter(load_catalogue(root).datasets.values()))

    def problems(threshold: int) -> list[tuple]:
        monkeypatch.setattr(data, "FAST_PATH_BYTES", threshold)
        return [(p.code, p.path, p.line, p.column, p.pointer, p.args) for p in data.check_data(root, dataset)]

    assert problems(0) == problems(10**12)
