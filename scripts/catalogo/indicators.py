"""Section 6, follow-up and assessment: the catalogue's indicators, nationally and per level of
government, state, power and party, at a date and per quarter before it (baseline and trend).

How the past is read (one extra `git log` pass, see timeline.py; no checkout of old commits):
- what existed at a date (parties, inventories, plans, datasets, stories) is what had been added
  to git by then and is still in the catalogue;
- opening-plan statuses at a date use the first commit of each dataset folder (plan.py) with
  that date as "today";
- timeliness at a date uses the last change, by then, of each dataset's data files (or of its
  descriptor, for resources given by URL);
- quality, open formats and open licenses use each dataset's current descriptor (reading every
  old descriptor would cost one parse per dataset version): they show how the datasets that
  existed then score today.
At the build's own date (or later) the current catalogue counts as it is, committed or not.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .csvsafe import SafeWriter
from .model import Party
from .plan import plan_statuses
from .timeline import Timeline
from .timeliness import MEASURED, assess
from .vocab import vocabularies

if TYPE_CHECKING:
    from .enrich import DatasetInfo, Enriched

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


@dataclass
class _Context:
    """What the indicators read at every date, prepared once."""

    enriched: Enriched
    timeline: Timeline
    config: dict[str, Any]
    plans: dict[str, tuple[list, dict]] = field(default_factory=dict)  # party -> (commitments, items)
    datasets_of: dict[str, list[DatasetInfo]] = field(default_factory=dict)
    # dataset key -> (score in tenths, open format, open license): the same at every date
    quality_of: dict[str, tuple[int, bool, bool]] = field(default_factory=dict)


def compute_indicators(
    enriched: Enriched, timeline: Timeline, config: dict[str, Any], at: dt.date | None = None
) -> Indicators:
    """Indicators at `at` (default: the enriched catalogue's today) and at each quarter end before."""
    at = at or enriched.today
    context = _prepare(enriched, timeline, config)
    indicators = Indicators(at)
    indicators.rows = _rows_at(context, at, with_parties=True)
    for quarter in quarter_ends(timeline.first_day, at):
        indicators.series.extend(_rows_at(context, quarter, with_parties=False))
    indicators.scorecards = scorecards(indicators.rows)
    return indicators


def _prepare(enriched: Enriched, timeline: Timeline, config: dict[str, Any]) -> _Context:
    context = _Context(enriched, timeline, config)
    for party_id, party in enriched.catalogue.parties.items():
        context.plans[party_id] = (party.commitments(), {i.id: i for i in party.inventory_items()})
        context.datasets_of[party_id] = []
    for info in enriched.datasets.values():
        if info.dataset.party_id in context.datasets_of:
            context.datasets_of[info.dataset.party_id].append(info)
        quality = info.quality
        if quality is not None:  # scores have one decimal: summed exactly in tenths
            context.quality_of[info.dataset.key] = (
                round(quality.score * 10),
                quality.met("formatos_abiertos"),
                quality.met("libre_uso"),
            )
    return context


def quarter_ends(first_day: str | None, before: dt.date) -> list[dt.date]:
    """The quarter ends from the quarter of `first_day` up to, not including, `before`."""
    if not first_day:
        return []
    start = dt.date.fromisoformat(first_day)
    ends: list[dt.date] = []
    year, quarter = start.year, (start.month - 1) // 3 + 1
    while True:
        end = dt.date(year, 3 * quarter, 31 if quarter in (1, 4) else 30)
        if end >= before:
            return ends
        ends.append(end)
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)


# --- counting at a date ------------------------------------------------------------------------


def _rows_at(context: _Context, day: dt.date, with_parties: bool) -> list[Row]:
    present = day >= context.enriched.today
    groups: dict[tuple[str, str], Counter] = {}
    names: dict[tuple[str, str], str] = {}
    for _, party in sorted(context.enriched.catalogue.parties.items()):
        if not (present or context.timeline.present(party.path, day)):
            continue
        counts = _party_counts(context, party, day, present)
        for group, name in _groups(party, with_parties):
            groups.setdefault(group, Counter()).update(counts)
            names[group] = name
    groups.setdefault(("nacional", "mx"), Counter())
    names.setdefault(("nacional", "mx"), "México")
    ordered = sorted(groups, key=lambda g: (DIMENSIONS.index(g[0]), g[1]))
    return [Row(day, dim, key, names[(dim, key)], figures(groups[(dim, key)])) for dim, key in ordered]


def _groups(party: Party, with_parties: bool) -> list[tuple[tuple[str, str], str]]:
    vocab = vocabularies()
    groups = [(("nacional", "mx"), "México")]
    if party.level:
        groups.append((("nivel", party.level), vocab.label("levels", party.level)))
    state = party.text("state")
    if state:
        groups.append((("estado", state), vocab.states.get(state, state)))
    power = party.text("power")
    if power:
        groups.append((("poder", power), vocab.label("powers", power)))
    if with_parties:
        groups.append((("sujeto", party.id), party.name))
    return groups


def _party_counts(context: _Context, party: Party, day: dt.date, present: bool) -> Counter:
    timeline = context.timeline
    counts: Counter = Counter(sujetos=1)
    commitments, items = context.plans[party.id]
    if items and (present or (party.inventory_path and timeline.present(party.inventory_path, day))):
        counts["con_inventario"] = 1
    if commitments and (present or (party.plan_path and timeline.present(party.plan_path, day))):
        counts["con_plan"] = 1
        _count_plan(counts, context, party, day, present)
    for info in context.datasets_of[party.id]:
        if present or timeline.present(info.dataset.path, day):
            _count_dataset(counts, context, info, day, present)
    return counts


def _count_plan(counts: Counter, context: _Context, party: Party, day: dt.date, present: bool) -> None:
    commitments, items = context.plans[party.id]
    existing = {
        i.dataset.key for i in context.datasets_of[party.id] if present or context.timeline.present(i.dataset.path, day)
    }
    names = {
        "cumplido": "cumplidos",
        "cumplido-con-retraso": "cumplidos_con_retraso",
        "vencido": "vencidos",
        "en-plazo": "en_plazo",
    }
    for status in plan_statuses(party.id, commitments, items, context.enriched.history, day, existing):
        counts["compromisos"] += 1
        counts[names[status.status]] += 1


def _count_dataset(counts: Counter, context: _Context, info: DatasetInfo, day: dt.date, present: bool) -> None:
    counts["conjuntos"] += 1
    status = _timeliness_status(context, info, day, present)
    if status in MEASURED:
        counts["conjuntos_medidos"] += 1
        counts["conjuntos_al_dia" if status == "al-dia" else "conjuntos_atrasados"] += 1
    quality = context.quality_of.get(info.dataset.key)
    if quality is not None:
        counts["calidad_decimas"] += quality[0]
        counts["formato_abierto"] += quality[1]
        counts["licencia_abierta"] += quality[2]
    stories = context.enriched.stories_of.get(info.dataset.key, [])
    counts["historias"] += sum(1 for s in stories if present or context.timeline.present(s.path, day))


def _timeliness_status(context: _Context, info: DatasetInfo, day: dt.date, present: bool) -> str:
    timeliness = info.timeliness
    if timeliness is None:
        return ""
    last = timeliness.last_change if present else context.timeline.last_change(timeliness.basis, day)
    return assess(timeliness.frequency, last, day, context.config.get("timeliness", {}))[0]


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
