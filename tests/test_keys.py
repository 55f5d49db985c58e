"""Keys (checks/keys.py) read from real tables of the corpus, in every form the issue lists: state
codes (padded, unpadded, special), state names in their variants, states as column headers, the
five-digit cve_geo, a state column beside a municipal code, municipal names within a known state,
localities, CCT, CLUES and coordinates; and the join graph they make (measure/joins.py)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from catalogo.checks import keys
from catalogo.core.vocab import vocabularies
from catalogo.measure.joins import build_graph

from .conftest import ROOT

pytestmark = pytest.mark.corpus


def detect(path: Path, encoding: str = "utf-8-sig", states: list[str] | None = None, resource: dict | None = None):
    text = path.read_bytes().decode(encoding)
    rows = list(csv.reader(io.StringIO(text)))
    return keys.detect(resource or {"name": "t"}, "t.csv", rows[0], rows[1:], states or [])


def found(result: Any, kind: str, form: str | None = None) -> list[dict]:
    return [k for k in result[0]["keys"] if k["kind"] == kind and (form is None or k["form"] == form)]


def codes(problems: list, code: str) -> list[tuple[int | None, int | None]]:
    return [(p.line, p.column) for p in problems if p.code == code]


def test_state_names_with_a_byte_order_mark(corpus: Path) -> None:
    result = detect(corpus / "mexicovid19-datos" / "poblaciones_estados_2015.csv")
    [key] = found(result, "state")
    assert key["form"] == "name" and key["fields"] == ["name"] and key["count"] == 32
    assert key["names"]["Estado de México"] == "15" and key["names"]["Ciudad de México"] == "09"
    [view] = [v for v in result[0]["views"] if v["kind"] == "states"]
    assert view["measure"] == "value" and view["data"]["31"] == 2097175


@pytest.mark.parametrize(
    ("name", "column"),
    [("estados_hoy.csv", "Estado"), ("positivos_20200331.csv", "ENTIDAD")],
)
def test_state_names_in_other_spellings(corpus: Path, name: str, column: str) -> None:
    result = detect(corpus / "mexicovid19-datos" / name)
    [key] = found(result, "state", "name")
    assert key["fields"] == [column] and key["count"] >= 30


def test_states_as_column_headers(corpus: Path) -> None:
    """The wide COVID-19 table: one column per state, dates down the rows."""
    result, _ = detect(corpus / "mexicovid19-datos" / "covid19_mex_confirmados.csv")
    [key] = [k for k in result["keys"] if k["form"] == "header"]
    assert key["kind"] == "state" and key["count"] == 32 and "Nacional" not in key["fields"]
    assert key["names"]["México"] == "15" and key["names"]["Michoacán"] == "16"
    [view] = [v for v in result["views"] if v["kind"] == "states"]
    assert view["measure"] == "last-row" and set(view["data"]) == set(vocabularies().states)
    [series] = [v for v in result["views"] if v["kind"] == "series"]
    assert series["data"][0][0] < series["data"][-1][0]


def test_padded_codes_with_special_codes(corpus: Path) -> None:
    """SSA's catalogue has 36 (abroad), 97, 98 and 99 beside the 32 states: a warning with counts."""
    result, problems = detect(corpus / "mexicovid19-datos" / "catalogo_entidades.csv")
    [key] = found((result, problems), "state", "code")
    assert key["fields"] == ["CLAVE_ENTIDAD"] and key["count"] == 32
    # the codes' column and the names' ("NO ESPECIFICADO", "SE IGNORA"...)
    assert codes(problems, "key-special") == [(1, 1), (1, 2)]
    special = next(p for p in problems if p.code == "key-special")
    assert dict(special.args)["count"] == 4 and special.severity == "warning"


def test_unpadded_state_codes_get_a_warning_with_the_fix() -> None:
    table = ROOT / "datasets/shcp/ramo-23-desarrollo-regional/data/ramo-23-desarrollo-regional-2015.csv"
    result, problems = detect(table)
    assert [k["fields"] for k in found((result, problems), "state", "code")] == [["Clave de la entidad federativa"]]
    assert codes(problems, "key-unpadded") == [(1, 4)]
    [pair] = found((result, problems), "municipality", "pair")
    assert pair["fields"] == ["Clave de la entidad federativa", "Clave del municipio"]
    assert codes(problems, "key-special") == [(1, 6)]  # 999 "cobertura estatal"


def test_distrito_federal_in_the_original_budget_file(corpus: Path) -> None:
    """SHCP's 2015 Ramo 23 file as published (Latin-1, capitals): "DISTRITO FEDERAL" is state 09."""
    table = corpus / "openspending-fdp-demos" / "Mexico-Pre-Pilot" / "RAMO_23_general2015.csv"
    result, problems = detect(table, encoding="latin-1")
    [names] = found((result, problems), "state", "name")
    assert names["fields"] == ["Entidad Federativa"] and names["names"]["DISTRITO FEDERAL"] == "09"
    assert codes(problems, "key-unpadded") == [(1, 4)]


def test_five_digit_cve_geo(corpus: Path) -> None:
    result = detect(corpus / "isaacarroyov-datos-facil-acceso" / "cve_nom_municipios.csv")
    [key] = found(result, "municipality", "code")
    assert key["fields"] == ["cve_geo"] and key["count"] == len(vocabularies().municipalities)
    assert {k["kind"] for k in result[0]["keys"]} >= {"state", "municipality"}


def test_state_code_beside_a_three_digit_municipal_code(corpus: Path) -> None:
    result, problems = detect(corpus / "mexicovid19-datos" / "catalogo_municipios_from_Catalogos_0412.csv")
    [pair] = found((result, problems), "municipality", "pair")
    assert pair["fields"] == ["CLAVE_ENTIDAD", "CLAVE_MUNICIPIO"] and pair["count"] > 2_400
    assert codes(problems, "key-special") == [(1, 3), (1, 1)]  # 36 and 97-99 for states; 997-999


def test_latin1_index_with_historical_state_names(corpus: Path) -> None:
    result = detect(corpus / "caranarq-geomex" / "indice_geoestadistico.csv", encoding="latin-1")
    names = found(result, "state", "name")
    assert names and names[0]["fields"] == ["NOM_ENT"] and names[0]["count"] == 32
    spelled = names[0]["names"]
    assert spelled["Coahuila de Zaragoza"] == "05" and spelled["Veracruz de Ignacio de la Llave"] == "30"
    assert spelled["Michoacán de Ocampo"] == "16" and spelled["México"] == "15"
    [pair] = found(result, "municipality", "pair")
    assert pair["fields"] == ["CVE_ENT", "CVE_MUN"]


def test_delegacion_names_are_municipalities_of_the_declared_state(corpus: Path) -> None:
    """The CDMX crime table names its 16 delegaciones in capitals without accents."""
    table = corpus / "cdmx-opendataday-2018" / "delitos2013-2017.csv"
    result = detect(table, states=["09"])
    [key] = found(result, "municipality", "name")
    assert key["fields"] == ["DELEGACION"] and key["count"] == 16
    assert key["names"]["ALVARO OBREGON"] == "09010" and key["names"]["LA MAGDALENA CONTRERAS"] == "09008"
    assert found(detect(table), "municipality") == []  # without a known state the names are ambiguous


def test_schools_cct_clues_and_points(corpus: Path) -> None:
    """The school connectivity table: CCT keys, a few health facilities' CLUES in the same column
    (reported as unknown CCT), and coordinates."""
    table = corpus / "cdmx-opendataday-2018" / "total_sitios_escuelas_cdmx_2017-09-19.csv"
    result, problems = detect(table)
    [key] = found((result, problems), "cct")
    assert key["fields"] == ["clave_de_centro_de_trabajo"] and key["count"] > 2_000
    assert codes(problems, "key-unknown") == [(1, 2)]
    [points] = [v for v in result["views"] if v["kind"] == "points"]
    assert all(-99.4 < lon < -98.9 and 19.0 < lat < 19.6 for lon, lat in points["data"])
    rows = list(csv.reader(io.StringIO(table.read_text(encoding="utf-8-sig"))))
    clues = [[row[1]] for row in rows[1:] if keys._CLUES.match(row[1])]
    assert len(clues) > 100
    result, _ = keys.detect({"name": "u"}, "u.csv", ["clues"], clues, [])
    [key] = found((result, []), "clues")
    assert key["values"][0].startswith("DF")


def test_localities_beside_state_and_municipal_codes(corpus: Path) -> None:
    """INEGI's 2020 census by block: cve_ent, cve_mun and a four-digit cve_loc (0000 are totals)."""
    result = detect(corpus / "isaacarroyov-datos-facil-acceso" / "RESAGEBURB_01CSV20.first3000rows.csv")
    [key] = found(result, "locality")
    assert key["fields"] == ["cve_ent", "cve_mun", "cve_loc"] and key["values"][0].startswith("01001")
    assert all(len(code) == 9 and not code.endswith("0000") for code in key["values"])
    assert found(result, "municipality", "pair")[0]["fields"] == ["cve_ent", "cve_mun"]


def test_localities_and_declared_keys() -> None:
    towns = sorted(vocabularies().municipalities)[:50]
    rows = [[f"{town}{n:04d}", str(n), "1"] for town in towns for n in (1, 2)]
    result, _ = keys.detect({"name": "l"}, "l.csv", ["cve_loc", "numero", "otro"], rows, [])
    assert [k["kind"] for k in result["keys"]] == ["locality"]
    declared = {
        "name": "d",
        "schema": {"fields": [{"name": "cve_loc", "joinKey": "ninguna"}, {"name": "otro", "joinKey": "entidad"}]},
    }
    result, problems = keys.detect(declared, "d.csv", ["cve_loc", "numero", "otro"], rows, [])
    assert [(k["kind"], k["fields"]) for k in result["keys"]] == [("state", ["otro"])]
    assert codes(problems, "key-unpadded") == [(1, 3)]


@pytest.mark.parametrize(
    ("title", "values"),
    [
        ("dia", [str(n) for n in range(1, 32)]),
        ("mes", [f"{n:02d}" for n in range(1, 13)]),
        ("Presa", ["La Angostura", "El Novillo", "Oviachic"]),
        ("codigo_postal", ["01000", "06700", "44100", "97000", "64000"]),
    ],
)
def test_columns_that_are_not_keys(title: str, values: list[str]) -> None:
    result, problems = keys.detect({"name": "x"}, "x.csv", [title], [[v] for v in values], [])
    assert result["keys"] == [] and problems == []


def test_state_codes_and_state_names_link_both_ways(corpus: Path) -> None:
    by_code = detect(corpus / "isaacarroyov-datos-facil-acceso" / "cve_nom_estados.csv")[0]
    by_name = detect(corpus / "mexicovid19-datos" / "estados_hoy.csv")[0]
    wide = detect(corpus / "mexicovid19-datos" / "covid19_mex_confirmados.csv")[0]
    towns = detect(corpus / "isaacarroyov-datos-facil-acceso" / "cve_nom_municipios.csv")[0]
    crime = detect(corpus / "cdmx-opendataday-2018" / "delitos2013-2017.csv", states=["09"])[0]
    graph = build_graph(
        {"a/codes": by_code, "b/names": by_name, "c/wide": wide, "d/towns": towns, "e/crime": crime},
        {"a/codes": "a", "b/names": "b", "c/wide": "c", "d/towns": "d", "e/crime": "e"},
    )
    joins = {key: {(j.other, j.kind, j.shared) for j in graph.joins(key)} for key in graph.values}
    assert ("b/names", "state", 32) in joins["a/codes"] and ("a/codes", "state", 32) in joins["b/names"]
    assert ("c/wide", "state", 32) in joins["a/codes"]
    assert ("d/towns", "municipality", 16) in joins["e/crime"] and ("e/crime", "municipality", 16) in joins["d/towns"]
    assert all(graph.joinable_across(key, key[0]) for key in graph.values)


@pytest.mark.parametrize(
    ("name", "column"), [("covid19_mex_confirmados_20200415.csv", "sexo"), ("positivos_20200331.csv", "SEXO")]
)
def test_a_sex_column_is_found_for_the_gender_flag(corpus: Path, name: str, column: str) -> None:
    result, _ = detect(corpus / "mexicovid19-datos" / name)
    assert result["sex"] == [column]
    assert "sex" not in detect(corpus / "mexicovid19-datos" / "estados_hoy.csv")[0]
