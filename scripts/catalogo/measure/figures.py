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
)
FIELDS: dict[str, dict[str, str]] = {
    "fecha": {"es": "Fecha de corte", "en": "Cut-off date"},
    "dimension": {
        "es": "Agrupación: nacional, nivel, estado, poder o sujeto",
        "en": "Grouping: national, level, state, power or party",
    },
    "clave": {"es": "Clave del grupo", "en": "Group key"},
    "nombre": {"es": "Nombre del grupo", "en": "Group name"},
    "sujetos": {"es": "Sujetos obligados", "en": "Reporting parties"},
    "con_inventario": {"es": "Sujetos con inventario publicado", "en": "Parties with a published inventory"},
    "con_plan": {"es": "Sujetos con plan de apertura", "en": "Parties with an opening plan"},
    "compromisos": {"es": "Compromisos del plan", "en": "Plan commitments"},
    "cumplidos": {"es": "Compromisos cumplidos a tiempo", "en": "Commitments fulfilled on time"},
    "cumplidos_con_retraso": {"es": "Compromisos cumplidos con retraso", "en": "Commitments fulfilled late"},
    "vencidos": {"es": "Compromisos vencidos", "en": "Overdue commitments"},
    "en_plazo": {"es": "Compromisos en plazo", "en": "Commitments not yet due"},
    "conjuntos": {"es": "Conjuntos de datos publicados", "en": "Datasets published"},
    "conjuntos_medidos": {"es": "Conjuntos con periodicidad medible", "en": "Datasets with a measurable frequency"},
    "conjuntos_al_dia": {"es": "Conjuntos al día", "en": "Datasets up to date"},
    "conjuntos_atrasados": {"es": "Conjuntos con actualización atrasada", "en": "Datasets overdue"},
    "pct_con_inventario": {"es": "% de sujetos con inventario", "en": "% of parties with an inventory"},
    "pct_con_plan": {"es": "% de sujetos con plan de apertura", "en": "% of parties with an opening plan"},
    "pct_cumplimiento_plan": {
        "es": "% de cumplimiento del plan (cumplidos, a tiempo o no, entre cumplidos y vencidos)",
        "en": "% plan fulfilment (fulfilled, on time or late, over fulfilled and overdue)",
    },
    "pct_al_dia": {
        "es": "% de conjuntos al día (entre los de periodicidad medible)",
        "en": "% of datasets up to date (of those with a measurable frequency)",
    },
    "calidad_promedio": {"es": "Calidad promedio (0–100)", "en": "Average quality (0–100)"},
    "pct_formato_abierto": {
        "es": "% de conjuntos con todos sus recursos en formatos abiertos",
        "en": "% of datasets with every resource in an open format",
    },
    "pct_licencia_abierta": {"es": "% de conjuntos con licencia abierta", "en": "% of datasets with an open license"},
    "historias_por_conjunto": {"es": "Historias de éxito por conjunto de datos", "en": "Success stories per dataset"},
}


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


def indicators_json(indicators: Indicators) -> dict[str, Any]:
    """The same figures as the CSV, with field definitions, method notes and party scorecards."""
    return {
        "fecha": indicators.at.isoformat(),
        "campos": FIELDS,
        "metodo": {"es": METHOD_ES, "en": METHOD_EN},
        "indicadores": [r.as_dict() for r in indicators.rows],
        "serie_trimestral": [r.as_dict() for r in indicators.series],
        "tarjetas": {
            party: [{"indicador": line.metric, "valor": line.value, "mediana_nacional": line.median} for line in lines]
            for party, lines in sorted(indicators.scorecards.items())
        },
    }


METHOD_ES = (
    "Cifras a la fecha de corte y al cierre de cada trimestre anterior, leídas del historial de git: "
    "lo que existía en cada fecha es lo que se había agregado al repositorio para entonces. "
    "El cumplimiento del plan usa el primer commit de cada conjunto; la oportunidad, el último cambio "
    "de sus archivos de datos. Calidad, formatos y licencias se calculan con la descripción actual "
    "de los conjuntos que existían en cada fecha."
)
METHOD_EN = (
    "Figures at the cut-off date and at the end of each earlier quarter, read from git history: what "
    "existed at a date is what had been added to the repository by then. Plan fulfilment uses each "
    "dataset's first commit; timeliness, the last change of its data files. Quality, formats and "
    "licenses use the current descriptor of the datasets that existed at each date."
)


def write_indicator_files(indicators: Indicators, out: Path) -> None:
    """/indicadores.csv and /indicadores.json at the site's root (deterministic bytes)."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "indicadores.csv").write_text(indicators_csv(indicators), encoding="utf-8")
    text = json.dumps(indicators_json(indicators), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    (out / "indicadores.json").write_text(text, encoding="utf-8")
