"""Section 6, the indicators' figures (stage 3, measure): the published fields and their
meaning, one group's figures from its counts, the party scorecards, and the two files the site
publishes (indicadores.csv and indicadores.json). indicators.py computes them from the catalogue."""

from __future__ import annotations

import datetime as dt
import io
import json
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.csvsafe import SafeWriter
from ..core.vocab import vocabularies

DIMENSIONS = ("nacional", "nivel", "estado", "poder", "sujeto")
COUNTS = (
    "sujetos",
    "con_inventario",
    "con_plan",
    "compromisos",
    "cumplidos",
    "cumplidos_con_retraso",
    "vencidos",
    "en_plazo",
    "conjuntos",
    "conjuntos_medidos",
    "conjuntos_al_dia",
    "conjuntos_atrasados",
    "conjuntos_con_clave",
    "conjuntos_cruzables",
    "conjuntos_por_sexo",
)
RATES = (
    "pct_con_inventario",
    "pct_con_plan",
    "pct_cumplimiento_plan",
    "pct_al_dia",
    "calidad_promedio",
    "pct_formato_abierto",
    "pct_licencia_abierta",
    "historias_por_conjunto",
    "pct_con_clave",
    "pct_cruzables",
    "pct_por_sexo",
)
COLUMNS = ("fecha", "dimension", "clave", "nombre", *COUNTS, *RATES)
SCORECARD = (
    "pct_con_inventario",
    "pct_con_plan",
    "pct_cumplimiento_plan",
    "conjuntos",
    "pct_al_dia",
    "calidad_promedio",
    "pct_formato_abierto",
    "pct_licencia_abierta",
    "historias_por_conjunto",
    "pct_con_clave",
    "pct_cruzables",
    "pct_por_sexo",
)


@dataclass(frozen=True)
class Row:
    date: dt.date
    dimension: str
    key: str
    name: str
    values: dict[str, float | int | None]

    def as_dict(self) -> dict[str, Any]:
        return {
            "fecha": self.date.isoformat(),
            "dimension": self.dimension,
            "clave": self.key,
            "nombre": self.name,
            **self.values,
        }

    def label(self, lang: str) -> str:
        """The group's name in a language (levels and powers have English names too)."""
        vocabulary = {"nivel": "levels", "poder": "powers"}.get(self.dimension)
        if vocabulary:
            return vocabularies().label(vocabulary, self.key, lang)
        return "Mexico" if self.dimension == "nacional" and lang == "en" else self.name


@dataclass(frozen=True)
class ScoreLine:
    metric: str
    value: float | int | None
    median: float | int | None  # national median across parties with a value


@dataclass
class Indicators:
    at: dt.date
    rows: list[Row] = field(default_factory=list)  # at `at`, every dimension
    series: list[Row] = field(default_factory=list)  # quarter ends before `at`, all but per party
    scorecards: dict[str, list[ScoreLine]] = field(default_factory=dict)  # party -> its figures vs median
    baseline: list[Row] = field(default_factory=list)  # at the historical records' baseline date, if any

    def row(self, dimension: str, key: str) -> Row | None:
        return next((r for r in self.rows if r.dimension == dimension and r.key == key), None)

    def trend(self, dimension: str = "nacional", key: str = "mx") -> list[Row]:
        """The quarterly rows and the current one of a group, oldest first."""
        return [r for r in self.series + self.rows if r.dimension == dimension and r.key == key]

    def all_rows(self) -> list[Row]:
        return sorted(self.series + self.rows, key=lambda r: (r.date, DIMENSIONS.index(r.dimension), r.key))


def _pct(part: float, whole: float) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def figures(c: Counter) -> dict[str, float | int | None]:
    """The published figures of a group from its counts."""
    decided = c["cumplidos"] + c["cumplidos_con_retraso"] + c["vencidos"]
    values: dict[str, float | int | None] = {name: int(c[name]) for name in COUNTS}
    values.update(
        {
            "pct_con_inventario": _pct(c["con_inventario"], c["sujetos"]),
            "pct_con_plan": _pct(c["con_plan"], c["sujetos"]),
            "pct_cumplimiento_plan": _pct(c["cumplidos"] + c["cumplidos_con_retraso"], decided),
            "pct_al_dia": _pct(c["conjuntos_al_dia"], c["conjuntos_medidos"]),
            "calidad_promedio": round(c["calidad_decimas"] / 10 / c["conjuntos"], 1) if c["conjuntos"] else None,
            "pct_formato_abierto": _pct(c["formato_abierto"], c["conjuntos"]),
            "pct_licencia_abierta": _pct(c["licencia_abierta"], c["conjuntos"]),
            "historias_por_conjunto": round(c["historias"] / c["conjuntos"], 2) if c["conjuntos"] else None,
            "pct_con_clave": _pct(c["conjuntos_con_clave"], c["conjuntos"]),
            "pct_cruzables": _pct(c["conjuntos_cruzables"], c["conjuntos"]),
            "pct_por_sexo": _pct(c["conjuntos_por_sexo"], c["conjuntos"]),
        }
    )
    return values


# --- scorecards --------------------------------------------------------------------------------


def scorecards(rows: list[Row]) -> dict[str, list[ScoreLine]]:
    """Each party's figures against the national median of the parties' figures."""
    parties = [r for r in rows if r.dimension == "sujeto"]
    medians: dict[str, float | int | None] = {}
    for metric in SCORECARD:
        values = [v for r in parties if (v := r.values[metric]) is not None]
        medians[metric] = round(statistics.median(values), 2) if values else None
    return {r.key: [ScoreLine(m, r.values[m], medians[m]) for m in SCORECARD] for r in parties}


# --- published files ---------------------------------------------------------------------------


def indicators_csv(indicators: Indicators) -> str:
    """Long format, one row per date and group: the quarterly series (national, level, state,
    power) followed in date order by the figures at the cut-off date (also per party)."""
    out = io.StringIO()
    writer = SafeWriter(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in indicators.all_rows():
        values = row.as_dict()
        writer.writerow(["" if values[c] is None else values[c] for c in COLUMNS])
    return out.getvalue()


# Labels: what each published field means (`campos`) and how the figures are computed (`metodo`),
# per language: the site's translations (build/i18n, `indicator_field_<name>`, `indicators_method`),
# which the render stage reads and passes here (render/measure_views.py `indicator_labels`).
Labels = tuple[dict[str, dict[str, str]], dict[str, str]]


def indicators_json(indicators: Indicators, labels: Labels) -> dict[str, Any]:
    """The same figures as the CSV, with field definitions, method notes and party scorecards."""
    return {
        "fecha": indicators.at.isoformat(),
        "campos": labels[0],
        "metodo": labels[1],
        "indicadores": [r.as_dict() for r in indicators.rows],
        "serie_trimestral": [r.as_dict() for r in indicators.series],
        "tarjetas": {
            party: [{"indicador": line.metric, "valor": line.value, "mediana_nacional": line.median} for line in lines]
            for party, lines in sorted(indicators.scorecards.items())
        },
    }


def write_indicator_files(indicators: Indicators, out: Path, labels: Labels) -> None:
    """/indicadores.csv and /indicadores.json at the site's root (deterministic bytes)."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "indicadores.csv").write_text(indicators_csv(indicators), encoding="utf-8")
    text = json.dumps(indicators_json(indicators, labels), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    (out / "indicadores.json").write_text(text, encoding="utf-8")
