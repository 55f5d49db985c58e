"""Stage 4, render: How a dataset connects and what its data looks like: the datasets it joins with
(measure/joins.py), with pandas and DuckDB code, and its maps and charts beside its page."""

# The maps and charts are SVG files beside the page (render/maps.py, render/charts.py), with their
# figures in a table on the page, so the page stays small and works without JavaScript.

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from typing import Any

from ..core.csvsafe import SafeWriter
from ..core.model import Dataset
from ..core.urls import dataset_path
from ..core.vocab import vocabularies
from ..measure.enriched import Enriched
from ..measure.joins import Join, Side
from . import charts, maps
from .ui import Language

PAGE_LIMIT = 12  # joins listed on the page, best first (the API record lists up to 100, with the total)
CODE_LIMIT = 2  # joins shown with their pandas and DuckDB code (the page stays under 50 KB)
FILE_NAMES = {"state": "entidad", "municipality": "municipio", "locality": "localidad", "cct": "cct", "clues": "clues"}
WIDTHS = {"state": 2, "municipality": 5, "locality": 9}
KIND_LABELS = {
    "state": {"es": "entidad federativa (INEGI)", "en": "state (INEGI)"},
    "municipality": {"es": "municipio (INEGI)", "en": "municipality (INEGI)"},
    "locality": {"es": "localidad (INEGI)", "en": "locality (INEGI)"},
    "cct": {"es": "escuela (CCT)", "en": "school (CCT)"},
    "clues": {"es": "unidad de salud (CLUES)", "en": "health facility (CLUES)"},
}
UNITS = {
    "state": {"es": "entidades", "en": "states"},
    "municipality": {"es": "municipios", "en": "municipalities"},
    "locality": {"es": "localidades", "en": "localities"},
    "cct": {"es": "escuelas", "en": "schools"},
    "clues": {"es": "unidades de salud", "en": "health facilities"},
}
BARS_FILE = "barras-entidades.svg"
VIEW_FILES = {
    "states": "mapa-entidades.svg",
    "municipalities": "mapa-municipios.svg",
    "points": "mapa-puntos.svg",
    "series": "serie.svg",
}


@dataclass(frozen=True)
class JoinRow:
    path: str
    title: str
    party: str
    kind: str
    here: str  # the columns on this dataset's side
    there: str
    coverage: str
    pandas: str
    duckdb: str


@dataclass(frozen=True)
class DataView:
    file: str  # the SVG beside the page
    title: str
    alt: str
    column: str  # what the figures are
    rows: list[tuple[str, str]]  # (place or date, figure) for the table
    missing: list[str]  # places with figures and no geometry


def _relative(dataset: Dataset, side: Side) -> str:
    """The data file's path inside the dataset's folder (how it is published beside the page)."""
    prefix = dataset.folder + "/"
    return side.path[len(prefix) :] if side.path.startswith(prefix) else side.path


def join_rows(enriched: Enriched, key: str, lang: Language, base_url: str) -> tuple[list[JoinRow], int]:
    """The datasets this one can be joined with, best coverage first, at most PAGE_LIMIT, and
    how many there are."""
    graph = enriched.joins
    mine = graph.sides.get(key, {})
    dataset = enriched.datasets[key].dataset
    rows: list[JoinRow] = []
    total = 0
    for join in graph.joins(key):
        total += 1
        if len(rows) >= PAGE_LIMIT:
            continue
        info = enriched.datasets.get(join.other)
        if info is None or join.kind not in mine or join.kind not in graph.sides.get(join.other, {}):
            continue
        other = info.dataset
        here, there = mine[join.kind], graph.sides[join.other][join.kind]
        party = enriched.party_of(other)
        a_url = f"{base_url}{dataset_path(key)}{_relative(dataset, here)}"
        b_url = f"{base_url}{dataset_path(join.other)}{_relative(other, there)}"
        rows.append(
            JoinRow(
                path=dataset_path(join.other),
                title=other.title,
                party=party.name if party else other.party_id,
                kind=KIND_LABELS[join.kind][lang.code],
                here=", ".join(_columns(here, lang)),
                there=", ".join(_columns(there, lang)),
                coverage=coverage_text(join, lang),
                pandas=pandas_snippet(a_url, here, b_url, there),
                duckdb=duckdb_snippet(a_url, here, b_url, there),
            )
        )
    return rows, total


CODE_FILES = ("cruzar.py", "cruzar.sql")


def code_files(rows: list[JoinRow]) -> list[tuple[str, str]]:
    """Every listed join's code in one pandas script and one DuckDB script beside the page (the
    page shows the first CODE_LIMIT of them)."""
    if not rows:
        return []
    python, sql = [], []
    for row in rows:
        said = " ".join(f"Con / with: {row.title} ({row.path})".split())  # a title cannot end the comment
        python += [f"# {said}", row.pandas.replace("import pandas as pd\n\n", ""), ""]
        sql += [f"-- {said}", row.duckdb, ""]
    return [(CODE_FILES[0], "import pandas as pd\n\n" + "\n".join(python)), (CODE_FILES[1], "\n".join(sql))]


def _columns(side: Side, lang: Language) -> list[str]:
    if side.form == "header" and len(side.fields) > 3:
        return [
            f"{len(side.fields)} " + ("columnas, una por entidad" if lang.code == "es" else "columns, one per state")
        ]
    return list(side.fields)


def coverage_text(join: Join, lang: Language) -> str:
    unit = UNITS[join.kind][lang.code]
    if join.universe:
        word = "de" if lang.code == "es" else "of"
        return f"{lang.number(join.shared)} {word} {lang.number(join.universe)} {unit}"
    return f"{lang.number(join.shared)} {unit} " + ("en común" if lang.code == "es" else "in common")


def _py(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _pandas_key(name: str, side: Side, url: str) -> list[str]:
    """Lines that give table `name` a column `clave` with the key's canonical codes."""
    width = WIDTHS.get(side.kind)
    if side.form == "header":
        return [
            f"claves_{name} = pd.read_csv({_py(url)}, dtype=str)",
            f"{name} = {name}.melt(id_vars=[c for c in {name}.columns if c not in set(claves_{name}.nombre)], "
            f'var_name="nombre", value_name="valor").merge(claves_{name}, on="nombre")',
        ]
    if side.form == "name":
        return [
            f'{name} = {name}.merge(pd.read_csv({_py(url)}, dtype=str), left_on={_py(side.fields[-1])}, right_on="nombre")'
        ]
    if side.form == "pair" or len(side.fields) == 3:  # state + municipality (+ locality) codes
        parts = [f"{name}[{_py(f)}].str.zfill({w})" for f, w in zip(side.fields, (2, 3, 4), strict=False)]
        return [f'{name}["clave"] = ' + " + ".join(parts)]
    if width:
        return [f'{name}["clave"] = {name}[{_py(side.fields[0])}].str.zfill({width})']
    return [f'{name}["clave"] = {name}[{_py(side.fields[0])}].str.upper()']


def names_file(side: Side) -> str:
    """The file beside the dataset's page with its names (as written) and their codes."""
    return f"claves-{FILE_NAMES[side.kind]}.csv"


def names_url(data_url: str, side: Side) -> str:
    """The file of names beside the page of the dataset whose data file is at `data_url`
    (data files are published at datos/<party>/<dataset>/<path>)."""
    head, _, rest = data_url.partition("/datos/")
    party, dataset = rest.split("/")[:2]
    return f"{head}/datos/{party}/{dataset}/{names_file(side)}"


def names_csv(side: Side) -> str:
    """The names as written in the data and their codes, made inert for spreadsheets."""
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(["nombre", "clave"])
    writer.writerows(side.names)
    return out.getvalue()


def pandas_snippet(a_url: str, a: Side, b_url: str, b: Side) -> str:
    """Reads both tables by URL and joins them on a column `clave` (names are mapped to codes
    with the file of names beside each dataset's page)."""
    lines = [
        "import pandas as pd",
        "",
        f"a = pd.read_csv({_py(a_url)}, dtype=str)",
        f"b = pd.read_csv({_py(b_url)}, dtype=str)",
        *_pandas_key("a", a, names_url(a_url, a)),
        *_pandas_key("b", b, names_url(b_url, b)),
        'unidos = a.merge(b, on="clave", suffixes=("_a", "_b"))',
    ]
    return "\n".join(lines)


def _sql(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _sql_side(alias: str, url: str, side: Side) -> str:
    """A CTE that reads one side and gives it a column `clave` with the key's canonical codes."""
    read = f"read_csv({_sql(url)}, all_varchar = true)"
    width = WIDTHS.get(side.kind)
    if side.form in ("header", "name"):
        mapping = f"read_csv({_sql(names_url(url, side))}, all_varchar = true) AS m"
        if side.form == "header":
            columns = ", ".join(_ident(f) for f in side.fields)
            table, column = f"(UNPIVOT {read} ON {columns} INTO NAME entidad VALUE valor)", "entidad"
        else:
            table, column = read, _ident(side.fields[-1])
        return f"{alias} AS (SELECT t.*, m.clave FROM {table} AS t JOIN {mapping} ON t.{column} = m.nombre)"
    if side.form == "pair" or len(side.fields) == 3:  # state + municipality (+ locality) codes
        expr = " || ".join(f"lpad({_ident(f)}, {w}, '0')" for f, w in zip(side.fields, (2, 3, 4), strict=False))
    elif width:
        expr = f"lpad({_ident(side.fields[0])}, {width}, '0')"
    else:
        expr = f"upper({_ident(side.fields[0])})"
    return f"{alias} AS (SELECT *, {expr} AS clave FROM {read})"


def duckdb_snippet(a_url: str, a: Side, b_url: str, b: Side) -> str:
    return "\n".join(
        [
            f"WITH {_sql_side('a', a_url, a)},",
            f"     {_sql_side('b', b_url, b)}",
            "SELECT * FROM a JOIN b USING (clave);",
        ]
    )


def data_views(enriched: Enriched, key: str, lang: Language) -> list[tuple[DataView, str]]:
    """The dataset's maps and charts: each view with its SVG's text."""
    found = enriched.keys.get(key) or {}
    views = found.get("views") or []
    out: list[tuple[DataView, str]] = []
    seen: set[str] = set()
    vocab = vocabularies()
    for view in views:
        kind = view.get("kind")
        if kind in seen or kind not in VIEW_FILES:
            continue
        seen.add(kind)
        made = _view(kind, view, lang, vocab)
        if made is not None:
            out.append(made)
            if kind == "states":
                out.append(_bars(made[0], view, lang, vocab))
    return out


def _number(lang: Language):
    def shown(value: Any) -> str:
        if isinstance(value, float) and not value.is_integer():
            text = f"{value:,.2f}"
            return text.replace(",", " ") if lang.code == "es" else text
        return lang.number(int(value))

    return shown


def _measure(view: dict[str, Any], lang: Language) -> str:
    column, measure = view.get("column") or "", view.get("measure")
    es = lang.code == "es"
    if measure == "rows":
        return "Número de registros" if es else "Number of records"
    if measure == "last-row":
        return "Valor en el último renglón" if es else "Value in the last row"
    if measure == "month-last":
        return (f"{column}: último valor de cada mes") if es else f"{column}: last value of each month"
    if measure == "sum":
        return f"{column} (suma)" if es else f"{column} (sum)"
    return column


def _view(kind: str, view: dict[str, Any], lang: Language, vocab: Any) -> tuple[DataView, str] | None:
    es = lang.code == "es"
    number = _number(lang)
    data = view.get("data")
    measure = _measure(view, lang)
    map_id = f"v-{kind}"
    if kind == "states" and isinstance(data, dict) and data:
        title = ("Mapa por entidad federativa: " if es else "Map by state: ") + measure
        made = maps.choropleth(
            map_id,
            title,
            _desc(len(data), "entidades" if es else "states", lang),
            dict(vocab.states),
            data,
            number=number,
            coarse=True,
        )
        rows = [(place, figure) for _, place, figure in made.rows]
        return DataView(VIEW_FILES[kind], title, title, measure, rows, made.missing), made.svg
    if kind == "municipalities" and isinstance(data, dict) and data:
        states = sorted({code[:2] for code in data})
        if len(states) != 1:
            return None  # a national municipal map is too large for one SVG: the state pages draw them
        places = {code: name for code, (_, name) in vocab.municipalities.items()}
        state = vocab.states.get(states[0], states[0])
        title = (f"Mapa por municipio ({state}): " if es else f"Map by municipality ({state}): ") + measure
        made = maps.choropleth(
            map_id,
            title,
            _desc(len(data), "municipios" if es else "municipalities", lang),
            places,
            data,
            state=states[0],
            number=number,
        )
        rows = [(place, figure) for _, place, figure in made.rows]
        return DataView(VIEW_FILES[kind], title, title, measure, rows, made.missing), made.svg
    if kind == "points" and isinstance(data, list) and data:
        title = "Ubicaciones" if es else "Locations"
        alt = f"{len(data)} puntos sobre el mapa de México" if es else f"{len(data)} points on the map of Mexico"
        return DataView(VIEW_FILES[kind], title, alt, "", [], []), maps.points_map(map_id, title, alt, data)
    if kind == "series" and isinstance(data, list) and len(data) >= 2:
        title = ("Serie en el tiempo: " if es else "Over time: ") + measure
        points = [(str(d), v) for d, v in data]
        svg = charts.series_chart(map_id, title, f"{points[0][0]} – {points[-1][0]}", points, lang=lang.code)
        rows = [(d, number(v)) for d, v in points[-12:]]
        return DataView(VIEW_FILES[kind], title, title, measure, rows, []), svg
    return None


def _bars(shown: DataView, view: dict[str, Any], lang: Language, vocab: Any) -> tuple[DataView, str]:
    """The same per-state figures as bars, largest first (their table is the map's)."""
    es = lang.code == "es"
    data = view["data"]
    bars = sorted(((vocab.states.get(code, code), value) for code, value in data.items()), key=lambda b: (-b[1], b[0]))
    title = ("Por entidad federativa, de mayor a menor: " if es else "By state, largest first: ") + shown.column
    svg = charts.bar_chart("v-barras", title, shown.alt, bars, lang=lang.code)
    return DataView(BARS_FILE, title, title, shown.column, [], []), svg


def _desc(count: int, unit: str, lang: Language) -> str:
    return (
        f"{count} {unit} con dato; el cuadro bajo el mapa da las cifras."
        if lang.code == "es"
        else f"{count} {unit} with data; the table below the map gives the figures."
    )
