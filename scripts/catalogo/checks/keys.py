"""Stage 2, check: The keys a table can be joined on (INEGI states, municipalities and localities,
CCT schools, CLUES health facilities), found by their values, and what the site draws from the
table; run with the data check and cached with its results."""

# Field names are only a hint. Besides the keys, the table yields what the site draws (points,
# per-state and per-municipality figures, a dated series), so the build never reads a table again.

# What a table yields is plain JSON (cached as it is):
#   keys:  [{"resource", "path", "kind", "form", "fields", "values", "count", "names"}]
#          kind: state | municipality | locality | cct | clues
#          form: code | name | header (states as column headers) | pair (state code + municipal code)
#          values: the canonical codes found ("01", "31050"); for cct, clues and localities the
#          first MAX_VALUES of them (count says how many there are)
#          names: for name forms, each name as written -> its code (for the join snippets)
#   views: [{"resource", "kind": "states"|"municipalities"|"points"|"series", "column", "measure", "data"}]
# A Table Schema field can declare its key with `joinKey` (entidad, municipio, localidad, cct, clues,
# or ninguna to turn detection off for that column): the declaration overrides the values.

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache
from typing import Any

from ..core.problems import Problem, problem
from ..core.vocab import fold, vocabularies

SHARE = 0.8  # share of a column's distinct values that must be valid keys
MAX_DISTINCT = 50_000  # distinct values kept per column while reading
MAX_VALUES = 20_000  # codes kept for cct, clues and localities
MAX_POINTS = 2_000
MAX_SERIES = 400
DECLARED = {"entidad": "state", "municipio": "municipality", "localidad": "locality", "cct": "cct", "clues": "clues"}
SPECIAL_STATES = {
    "00": "total nacional",
    "36": "extranjero",
    "97": "no aplica",
    "98": "se ignora",
    "99": "no especificado",
}
SPECIAL_MUNICIPAL = {"000", "997", "998", "999"}  # 000: the state's total in INEGI's tables
_STATE_HINT = re.compile(
    r"(^|[^a-z])(cve_?ent|ent|entidad|entidades|estado|edo|state|nom_?ent|entidad federativa)([^a-z]|$)"
)
_MUN_HINT = re.compile(r"(mun|municipio|delegacion|alcaldia|demarcacion|cve_?mun|municipality)")
_GEO_HINT = re.compile(r"(cve_?geo|cvegeo|geo|municipio|mun)")
_LOC_HINT = re.compile(r"(loc|localidad)")
_LAT_HINT = re.compile(r"^(lat|latitud|latitude|y)$")
_LON_HINT = re.compile(r"^(lon|lng|long|longitud|longitude|x)$")
_CCT = re.compile(r"^(\d\d)[A-Z]{3}\d{4}[A-Z]$")
_CLUES = re.compile(r"^([A-Z]{2})[A-Z]{3}\d{6}$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_DATE = re.compile(r"^(\d{4})[-/](\d{2})(?:[-/](\d{2}))?")
# RENAPO's two-letter state codes, which CLUES begin with
CLUES_STATES = dict(
    zip(
        [
            "AS",
            "BC",
            "BS",
            "CC",
            "CL",
            "CM",
            "CS",
            "CH",
            "DF",
            "DG",
            "GT",
            "GR",
            "HG",
            "JC",
            "MC",
            "MN",
            "MS",
            "NT",
            "NL",
            "OC",
            "PL",
            "QT",
            "QR",
            "SP",
            "SL",
            "SR",
            "TC",
            "TS",
            "TL",
            "VZ",
            "YN",
            "ZS",
        ],
        [f"{n:02d}" for n in range(1, 33)],
        strict=True,
    )
)
STATE_ALIASES = {
    "coahuila de zaragoza": "05",
    "michoacan de ocampo": "16",
    "veracruz de ignacio de la llave": "30",
    "veracruz llave": "30",
    "cdmx": "09",
    "df": "09",
    "d f": "09",
    "distrito federal": "09",
    "ciudad de mexico": "09",
    "mexico": "15",
    "edomex": "15",
    "edo mex": "15",
    "edo de mexico": "15",
    "estado de mexico": "15",
    "queretaro de arteaga": "22",
}
SPECIAL_NAMES = {
    "nacional",
    "total",
    "total nacional",
    "estados unidos mexicanos",
    "no especificado",
    "no aplica",
    "se ignora",
    "extranjero",
    "en el extranjero",
}


def norm(text: str) -> str:
    """A name as compared: no accents, lower case, punctuation as spaces, single spaces."""
    return " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())


@cache
def state_names() -> dict[str, str]:
    names = {norm(name): code for code, name in vocabularies().states.items()}
    return {**names, **STATE_ALIASES}


@cache
def municipal_names() -> dict[str, dict[str, str]]:
    """Per state, each municipality's name (and its name without a leading article) -> its code."""
    found: dict[str, dict[str, str]] = {}
    for code, (state, name) in vocabularies().municipalities.items():
        names = found.setdefault(state, {})
        key = norm(name)
        names[key] = code
        for article in ("la ", "el ", "los ", "las "):
            if key.startswith(article):
                names.setdefault(key[len(article) :], code)
    return found


def state_of_name(value: str) -> str | None:
    return state_names().get(norm(value))


def detect(
    resource: dict[str, Any],
    path: str,
    header: list[str],
    rows: Iterable[list[str]],
    spatial_states: list[str],
    views: list[Any] | None = None,
) -> tuple[dict[str, list[Any]], list[Problem]]:
    """The keys and views of one table (its header and its rows as lists of cells), and the
    problems of its key columns (warnings: unpadded codes, unknown and special codes)."""
    rows = rows if isinstance(rows, list) else list(rows)
    name = str(resource.get("name") or "")
    declared = _declared(resource, header)
    columns = _distinct(header, rows)
    keys: list[dict[str, Any]] = []
    problems: list[Problem] = []
    state_column: tuple[int, str] | None = None  # (index, "code"|"name") of the first state column
    for index, title in enumerate(header):
        kind = declared.get(title)
        if kind == "none":
            continue
        found = _classify(title, columns[index], kind)
        if found is None:
            continue
        found_kind, form, valid, unpadded, unknown, special = found
        if found_kind == "state" and state_column is None:
            state_column = (index, form)
        keys.append(_key(name, path, found_kind, form, [title], valid, columns[index] if form == "name" else None))
        problems += _key_problems(path, index, title, found_kind, unpadded, unknown, special)
    if state_column is not None:
        keys += _pairs(name, path, header, rows, state_column, declared, {k["fields"][0] for k in keys}, problems)
        pair = next((k for k in keys if k["form"] == "pair"), None)
        if pair is not None:
            keys += _localities(name, path, header, rows, pair, declared)
    elif len(spatial_states) == 1:
        keys += _names_in_state(
            name, path, header, columns, spatial_states[0], declared, {k["fields"][0] for k in keys}
        )
    in_header = {state_of_name(title): title for title in header if state_of_name(title)}
    if len(in_header) >= 16:
        keys.append(
            {
                "resource": name,
                "path": path,
                "kind": "state",
                "form": "header",
                "fields": sorted(in_header.values(), key=header.index),
                "values": sorted(in_header),
                "count": len(in_header),
                "names": {title: code for code, title in in_header.items()},
            }
        )
    result: dict[str, list[Any]] = {"keys": keys, "views": _views(views or [], name, header, rows, keys)}
    sex = sex_columns(header, columns)
    if sex:
        result["sex"] = sex
    return result, problems


_SEX_HINT = re.compile(r"^(sexo|sex|genero|gender|sexo_\w+|\w+_sexo)$")
SEX_VALUES = {
    "h",
    "m",
    "f",
    "hombre",
    "mujer",
    "hombres",
    "mujeres",
    "masculino",
    "femenino",
    "male",
    "female",
    "1",
    "2",
}


def sex_columns(header: list[str], columns: list[Counter[str]]) -> list[str]:
    """Columns that hold people's sex: a name that says so and two or more of its usual values
    (H/M, Hombre/Mujer, Masculino/Femenino, 1/2), for the gender-perspective flag."""
    found = []
    for index, title in enumerate(header):
        values = {norm(v) for v in columns[index]}
        if names_sex(title) and len(values) >= 2 and len(values & SEX_VALUES) >= 2:
            found.append(title)
    return found


def names_sex(title: str) -> bool:
    """A column name that says it holds people's sex: sexo, sex, genero, gender, sexo_*, *_sexo."""
    return bool(_SEX_HINT.match(norm(title).replace(" ", "_")))


def _declared(resource: dict[str, Any], header: list[str]) -> dict[str, str]:
    fields = (resource.get("schema") or {}).get("fields") if isinstance(resource.get("schema"), dict) else None
    found = {}
    for field in fields if isinstance(fields, list) else []:
        if isinstance(field, dict) and isinstance(field.get("joinKey"), str) and isinstance(field.get("name"), str):
            value = field["joinKey"]
            found[field["name"]] = "none" if value == "ninguna" else DECLARED.get(value, "")
    return {k: v for k, v in found.items() if v and k in header}


def _distinct(header: list[str], rows: list[list[str]]) -> list[Counter[str]]:
    columns: list[Counter[str]] = [Counter() for _ in header]
    for row in rows:
        for index, cell in enumerate(row[: len(header)]):
            value = cell.strip()
            if value and (value in columns[index] or len(columns[index]) < MAX_DISTINCT):
                columns[index][value] += 1
    return columns


def _classify(
    title: str, values: Counter[str], declared: str | None
) -> tuple[str, str, set[str], int, Counter[str], Counter[str]] | None:
    """(kind, form, valid codes, unpadded count, unknown values, special values), or None."""
    if not values:
        return None
    hint = norm(title).replace(" ", "_")
    spaced = norm(title)
    digits = all(v.isdigit() for v in values)
    if digits:
        lengths = {len(v) for v in values}
        if declared == "state" or (declared is None and _state_codes_look_right(spaced, values, lengths)):
            return _codes(values, "state", 2, lambda c: c in vocabularies().states, SPECIAL_STATES)
        if declared == "municipality" or (
            declared is None and lengths <= {4, 5} and (_GEO_HINT.search(hint) or lengths == {5})
        ):
            found = _codes(values, "municipality", 5, lambda c: c in vocabularies().municipalities, {})
            if declared or _share(found):
                return found
        if declared == "locality" or (declared is None and lengths <= {8, 9} and _LOC_HINT.search(hint)):
            found = _codes(values, "locality", 9, lambda c: c[:5] in vocabularies().municipalities, {})
            if declared or _share(found):
                return found
        return None
    upper = {v.upper() for v in values}
    for kind, pattern, valid in (
        ("cct", _CCT, lambda m: m.group(1) in vocabularies().states),
        ("clues", _CLUES, lambda m: m.group(1) in CLUES_STATES),
    ):
        matched = {v for v in upper if (m := pattern.match(v)) and valid(m)}
        if declared == kind or (declared is None and len(matched) >= SHARE * len(upper)):
            unknown = Counter({v: values[v] for v in values if v.upper() not in matched})
            return kind, "code", matched, 0, unknown, Counter()
    if declared in (None, "state"):
        names = state_names()
        special = Counter({v: n for v, n in values.items() if norm(v) in SPECIAL_NAMES})
        known = {v: names[norm(v)] for v in values if norm(v) in names}
        rest = len(values) - len(special)
        if known and (declared or (len(known) >= SHARE * rest and (rest > 1 or _STATE_HINT.search(spaced)))):
            unknown = Counter({v: n for v, n in values.items() if v not in known and v not in special})
            return "state", "name", set(known.values()), 0, unknown, special
    return None


def _state_codes_look_right(title: str, values: Counter[str], lengths: set[int]) -> bool:
    if not lengths <= {1, 2}:
        return False
    numbers = {int(v) for v in values}
    valid = {n for n in numbers if 1 <= n <= 32}
    if len(valid) < SHARE * len(numbers - {0, 36, 97, 98, 99}) or not valid:
        return False
    # a column of 1..31 is as often a day or a month: without a name that says state, the codes
    # must be padded and reach past the days
    return bool(_STATE_HINT.search(title)) or (lengths == {2} and max(numbers) == 32 and len(valid) >= 28)


def _codes(values: Counter[str], kind: str, width: int, known, special: dict[str, str]):
    valid: set[str] = set()
    unknown: Counter[str] = Counter()
    found_special: Counter[str] = Counter()
    unpadded = 0
    for value, count in values.items():
        code = value.zfill(width)
        if code in special:
            found_special[value] += count
        elif known(code):
            valid.add(code)
            if len(value) < width:
                unpadded += count
        else:
            unknown[value] += count
    return kind, "code", valid, unpadded, unknown, found_special


def _share(found) -> bool:
    _, _, valid, _, unknown, _ = found
    return bool(valid) and len(valid) >= SHARE * (len(valid) + len(unknown))


def _key(
    resource: str, path: str, kind: str, form: str, fields: list[str], valid: set[str], names: Counter[str] | None
) -> dict[str, Any]:
    ordered = sorted(valid)
    key: dict[str, Any] = {
        "resource": resource,
        "path": path,
        "kind": kind,
        "form": form,
        "fields": fields,
        "values": ordered[:MAX_VALUES],
        "count": len(ordered),
    }
    if names is not None and kind == "state":
        lookup = state_names()
        key["names"] = {v: lookup[norm(v)] for v in sorted(names) if norm(v) in lookup}
    return key


def _key_problems(
    path: str, index: int, title: str, kind: str, unpadded: int, unknown: Counter[str], special: Counter[str]
) -> list[Problem]:
    found = []
    width = {"state": 2, "municipality": 5, "locality": 9}.get(kind, 0)
    if unpadded:
        found.append(problem("key-unpadded", path, 1, index + 1, None, column=title, count=unpadded, width=width))
    if unknown:
        shown = ", ".join(v for v, _ in unknown.most_common(5))
        found.append(
            problem("key-unknown", path, 1, index + 1, None, column=title, count=sum(unknown.values()), values=shown)
        )
    if special:
        shown = ", ".join(f"{v} ({n})" for v, n in sorted(special.items()))
        found.append(
            problem("key-special", path, 1, index + 1, None, column=title, count=sum(special.values()), values=shown)
        )
    return found


def _pairs(
    resource: str,
    path: str,
    header: list[str],
    rows: list[list[str]],
    state_column: tuple[int, str],
    declared: dict[str, str],
    taken: set[str],
    problems: list[Problem],
) -> list[dict[str, Any]]:
    """Municipal keys read with the row's state: a state code column beside a 1–3 digit municipal
    code column, or municipal names beside a state column (codes or names)."""
    state_index, form = state_column
    lookup = state_names()
    towns = municipal_names()
    found: list[dict[str, Any]] = []
    for index, title in enumerate(header):
        if title in taken or index == state_index or declared.get(title) == "none":
            continue
        if any(k["form"] == "pair" for k in found):
            break  # the codes are the key; a names column beside them adds nothing
        hinted = bool(_MUN_HINT.search(norm(title))) or declared.get(title) == "municipality"
        valid: set[str] = set()
        unknown: Counter[str] = Counter()
        special, names = 0, {}
        codes = 0
        for row in rows:
            if len(row) <= max(index, state_index):
                continue
            raw_state, value = row[state_index].strip(), row[index].strip()
            state = lookup.get(norm(raw_state)) if form == "name" else raw_state.zfill(2)
            if not value or state is None:
                continue
            if value.isdigit() and len(value) <= 3:
                codes += 1
                if value.zfill(3) in SPECIAL_MUNICIPAL:
                    special += 1
                    continue
                code = state + value.zfill(3)
            else:
                code = towns.get(state, {}).get(norm(value)) or ""
                if code:
                    names[value] = code
            if code in vocabularies().municipalities:
                valid.add(code)
            else:
                unknown[value] += 1
        total = len(valid) + len(unknown)
        if not valid or len(valid) < SHARE * len({*valid, *unknown}) or not (hinted or total > 2):
            continue
        is_codes = codes > len(names)
        if is_codes and not hinted:
            continue
        key = _key(resource, path, "municipality", "pair", [header[state_index], title], valid, None)
        if not is_codes:
            key["form"] = "name"
            key["names"] = dict(sorted(names.items()))
        found.append(key)
        if unknown:
            shown = ", ".join(v for v, _ in unknown.most_common(5))
            problems.append(
                problem(
                    "key-unknown", path, 1, index + 1, None, column=title, count=sum(unknown.values()), values=shown
                )
            )
        if special:
            problems.append(
                problem("key-special", path, 1, index + 1, None, column=title, count=special, values="000/997/998/999")
            )
    return found


def _localities(
    resource: str, path: str, header: list[str], rows: list[list[str]], pair: dict[str, Any], declared: dict[str, str]
) -> list[dict[str, Any]]:
    """Localities read with the row's state and municipal codes: a 1–4 digit locality column
    beside them, as INEGI's census tables have it (0000 is a total, not a locality)."""
    state_index, town_index = (header.index(f) for f in pair["fields"])
    known = vocabularies().municipalities
    for index, title in enumerate(header):
        if index in (state_index, town_index) or declared.get(title) == "none":
            continue
        if not (_LOC_HINT.search(norm(title).replace(" ", "_")) or declared.get(title) == "locality"):
            continue
        valid: set[str] = set()
        other = 0
        for row in rows:
            if len(row) <= max(index, state_index, town_index):
                continue
            state, town, place = (row[i].strip() for i in (state_index, town_index, index))
            if not (state.isdigit() and town.isdigit() and place.isdigit() and len(place) <= 4):
                other += 1
                continue
            code = state.zfill(2) + town.zfill(3) + place.zfill(4)
            if code[:5] in known and place.strip("0"):
                valid.add(code)
        if valid and len(valid) >= SHARE * (len(valid) + other):
            return [
                _key(resource, path, "locality", "code", [pair["fields"][0], pair["fields"][1], title], valid, None)
            ]
    return []


def _names_in_state(
    resource: str,
    path: str,
    header: list[str],
    columns: list[Counter[str]],
    state: str,
    declared: dict[str, str],
    taken: set[str],
) -> list[dict[str, Any]]:
    """Municipal names in a table about one state (its declared coverage), such as the CDMX
    crime table's DELEGACION."""
    towns = municipal_names().get(state, {})
    found = []
    for index, title in enumerate(header):
        if title in taken or declared.get(title) == "none" or not towns:
            continue
        values = columns[index]
        names = {v: towns[norm(v)] for v in values if norm(v) in towns}
        hinted = bool(_MUN_HINT.search(norm(title))) or declared.get(title) == "municipality"
        if names and (hinted or len(names) >= 3) and len(names) >= SHARE * len(values):
            key = _key(resource, path, "municipality", "name", [title], set(names.values()), None)
            key["names"] = dict(sorted(names.items()))
            found.append(key)
    return found


# --- what the site draws ---------------------------------------------------------------------------


def _number(value: str) -> float | None:
    value = value.strip().replace(",", "")
    return float(value) if _NUMBER.match(value) else None


def _measure_column(views: list[Any], header: list[str], rows: list[list[str]], skip: set[str]) -> int | None:
    """The column a chart shows: the one the first Data Package view of the table names (a
    "simple" view's first series, a "plot" view's first mark's y), or the first numeric column
    that is not a key or an identifier."""
    for view in views:
        spec = view.get("spec") if isinstance(view, dict) else None
        if not isinstance(spec, dict):
            continue
        series = spec.get("series")
        marks = spec.get("marks")
        named = (
            series[0]
            if isinstance(series, list) and series
            else marks[0].get("y")
            if isinstance(marks, list) and marks and isinstance(marks[0], dict)
            else None
        )
        if isinstance(named, str) and named in header:
            return header.index(named)
    sample = rows[:200]
    for index, title in enumerate(header):
        if (
            title in skip
            or norm(title) in ("id", "gid", "clave", "folio")
            or norm(title).startswith(("id ", "numero de"))
        ):
            continue
        cells = [r[index] for r in sample if len(r) > index and r[index].strip()]
        if cells and all(_number(c) is not None for c in cells) and not all(c.isdigit() and len(c) <= 2 for c in cells):
            return index
    return None


def _views(
    chosen: list[Any], name: str, header: list[str], rows: list[list[str]], keys: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    views: list[dict[str, Any]] = []
    key_fields = {f for k in keys for f in k["fields"]}
    measure = _measure_column(chosen, header, rows, key_fields)
    for kind, view in (("state", "states"), ("municipality", "municipalities")):
        key = next((k for k in keys if k["kind"] == kind and k["form"] != "header"), None)
        if key is not None:
            views.append(_by_place(name, view, header, rows, key, measure))
    wide = next((k for k in keys if k["form"] == "header"), None)
    if wide is not None and not any(v["kind"] == "states" for v in views):
        last = rows[-1] if rows else []
        data = {}
        for title, code in wide["names"].items():
            index = header.index(title)
            value = _number(last[index]) if len(last) > index else None
            if value is not None:
                data[code] = value
        views.append({"resource": name, "kind": "states", "column": "", "measure": "last-row", "data": data})
    points = _points(header, rows)
    if points:
        views.append({"resource": name, "kind": "points", "column": "", "measure": "", "data": points})
    series = _series(header, rows, measure)
    if series:
        views.append({"resource": name, "kind": "series", **series})
    return views


def _by_place(
    name: str, view: str, header: list[str], rows: list[list[str]], key: dict[str, Any], measure: int | None
) -> dict[str, Any]:
    """A figure per place: the measure column's value when each place has one row, its sum when
    a view chose the column, otherwise the number of rows."""
    lookup = key.get("names") or {}
    indexes = [header.index(f) for f in key["fields"]]
    sums: dict[str, float] = {}
    counts: Counter[str] = Counter()
    for row in rows:
        if len(row) <= max(indexes):
            continue
        cells = [row[i].strip() for i in indexes]
        if key["form"] == "pair" and cells[-1].isdigit():
            code = cells[0].zfill(2) + cells[-1].zfill(3)
        elif key["form"] == "name" and key["kind"] == "municipality":
            code = lookup.get(cells[-1], "")
        elif key["form"] == "name":
            code = lookup.get(cells[0], "")
        else:
            code = cells[0].zfill(2 if key["kind"] == "state" else 5)
        if code not in key["values"]:
            continue
        counts[code] += 1
        value = _number(row[measure]) if measure is not None and len(row) > measure else None
        if value is not None:
            sums[code] = sums.get(code, 0.0) + value
    if measure is not None and sums and max(counts.values()) == 1:
        return {"resource": name, "kind": view, "column": header[measure], "measure": "value", "data": _tidy(sums)}
    if measure is not None and sums and _summable(header[measure]):
        return {"resource": name, "kind": view, "column": header[measure], "measure": "sum", "data": _tidy(sums)}
    return {"resource": name, "kind": view, "column": "", "measure": "rows", "data": dict(sorted(counts.items()))}


def _summable(title: str) -> bool:
    """Sums make sense for amounts (money, people, cases), not for ages or identifiers."""
    return bool(re.search(r"(monto|importe|pagado|aprobado|total|poblacion|casos|cantidad|pef|gasto)", norm(title)))


def _tidy(values: dict[str, float]) -> dict[str, float]:
    return {k: (int(v) if float(v).is_integer() else round(v, 2)) for k, v in sorted(values.items())}


def _points(header: list[str], rows: list[list[str]]) -> list[list[float]]:
    names = [norm(h).replace(" ", "_") for h in header]
    lat = next((i for i, n in enumerate(names) if _LAT_HINT.match(n)), None)
    lon = next((i for i, n in enumerate(names) if _LON_HINT.match(n)), None)
    if lat is None or lon is None:
        return []
    points = []
    for row in rows:
        if len(row) > max(lat, lon):
            y, x = _number(row[lat]), _number(row[lon])
            if y is not None and x is not None and 14 <= y <= 33 and -118.5 <= x <= -86:
                points.append([round(x, 4), round(y, 4)])
    if len(points) < SHARE * max(1, sum(1 for r in rows if len(r) > lat and r[lat].strip())):
        return []
    step = max(1, len(points) // MAX_POINTS)
    return points[::step][:MAX_POINTS]


def _series(header: list[str], rows: list[list[str]], measure: int | None) -> dict[str, Any] | None:
    """A dated series from the first column of dates: the measure summed per date when it is an
    amount, otherwise the number of rows per date; with more than MAX_SERIES dates, one point per
    month (the month's last value for an amount, which may be a running total; the month's rows
    otherwise)."""
    if not rows:
        return None
    date = None
    for index in range(len(header)):
        cells = [r[index] for r in rows[:50] if len(r) > index and r[index].strip()]
        if cells and all(_DATE.match(c.strip()) for c in cells):
            date = index
            break
    if date is None or date == measure:
        return None
    amount = measure is not None and _summable_or_chosen(header[measure])
    sums: dict[str, float] = {}
    for row in rows:
        if len(row) > date and (match := _DATE.match(row[date].strip())):
            day = f"{match[1]}-{match[2]}" + (f"-{match[3]}" if match[3] else "")
            value = _number(row[measure]) if amount and measure is not None and len(row) > measure else 1.0
            if value is not None:
                sums[day] = sums.get(day, 0.0) + value
    how = "sum" if amount else "rows"
    if len(sums) > MAX_SERIES:
        monthly: dict[str, float] = {}
        for day in sorted(sums):
            monthly[day[:7]] = sums[day] if amount else monthly.get(day[:7], 0.0) + sums[day]
        sums, how = monthly, ("month-last" if amount else "rows")
    if len(sums) < 2:
        return None
    column = header[measure] if amount and measure is not None else ""
    return {"column": column, "measure": how, "data": [[k, v] for k, v in _tidy(sums).items()][-MAX_SERIES:]}


def _summable_or_chosen(title: str) -> bool:
    return _summable(title) or not re.search(r"(edad|age|anio|ano|year|clave|id)", norm(title))
