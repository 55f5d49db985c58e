"""Stage 4, render: What the site shows of the catalogue's measurements, already translated and
formatted for the templates (build/templates/_quality.html, _inventory.html, _plan.html,
_requests.html, _scorecard.html, indicators.html)."""

# Also: quality and timeliness of a dataset, a party's datasets, ranked inventory, plan statuses,
# data requests and scorecard, and the indicators page.

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from markupsafe import Markup

from ..core.urls import dataset_path
from ..measure.demand import RequestStatus
from ..measure.figures import COLUMNS, RATES, Indicators, Labels, Row, ScoreLine
from ..measure.plan import CommitmentStatus
from ..measure.priority import RankedItem
from ..measure.quality import Quality
from ..measure.timeliness import Timeliness
from .charts import TRENDS, drawn_trends, indicator_charts
from .ui import Language

if TYPE_CHECKING:
    from ..measure.enriched import DatasetInfo

CRITERIA_NAMES = {
    "demand": {"es": "demanda", "en": "demand"},
    "public_value": {"es": "valor público", "en": "public value"},
    "effort": {"es": "poco esfuerzo", "en": "low effort"},
    "quality": {"es": "calidad de los datos", "en": "data quality"},
    "personal_data_risk": {"es": "bajo riesgo de datos personales", "en": "low personal-data risk"},
}
REQUESTS_NOTE = {"es": "solicitudes de datos: %(n)s", "en": "data requests: %(n)s"}
INDICATOR_FILES = ("indicadores.csv", "indicadores.json")


def _number(value: float | int | None, lang: Language) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return lang.number(value)


# --- dataset page ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionView:
    label: str
    state: str  # met, not-met, not-checkable (for a CSS class)
    state_label: str
    reason: str
    points: str  # "20 / 20"; empty when not checkable


@dataclass(frozen=True)
class DimensionView:
    id: str
    label: str
    percent: str  # "85" or "—"
    criteria: list[CriterionView]


@dataclass(frozen=True)
class QualityView:
    kind: str  # "dataset"
    score: str
    rating: str
    rating_key: str
    dimensions: list[DimensionView]


@dataclass(frozen=True)
class TimelinessView:
    status: str
    label: str
    overdue: bool
    frequency: str
    last_change: str
    due: str  # last day on which it counts as up to date
    days_overdue: str


def quality_label(lang: Language, code: str) -> str:
    """A quality code (dimension, criterion, outcome, rating: measure/quality.py `codes`) in words."""
    return lang.t["quality_label_" + code.replace("-", "_")]


def field_label(lang: Language, name: str) -> str:
    """An indicator's published field (measure/figures.py COLUMNS) in words."""
    return lang.t["indicator_field_" + name]


def indicator_labels(languages: dict[str, Language]) -> Labels:
    """The fields' labels and the method note of the indicators files, in every language."""
    fields = {name: {code: field_label(lang, name) for code, lang in languages.items()} for name in COLUMNS}
    return fields, {code: lang.t["indicators_method"] for code, lang in languages.items()}


def quality_view(quality: Quality | None, lang: Language) -> QualityView | None:
    if quality is None:
        return None
    code, totals = lang.code, quality.dimensions()
    dimensions = []
    for dimension, figures in totals.items():
        criteria = [
            CriterionView(
                quality_label(lang, c.id),
                c.state,
                quality_label(lang, c.state),
                c.reason[code],
                f"{_number(c.points, lang)} / {_number(c.weight, lang)}" if c.checkable else "",
            )
            for c in quality.of(dimension)
        ]
        percent = figures["percent"]
        dimensions.append(
            DimensionView(
                dimension,
                quality_label(lang, dimension),
                "—" if percent is None else _number(float(percent), lang),
                criteria,
            )
        )
    return QualityView(
        "dataset", _number(quality.score, lang), quality_label(lang, quality.rating), quality.rating, dimensions
    )


def timeliness_view(timeliness: Timeliness | None, lang: Language, today: dt.date) -> TimelinessView | None:
    if timeliness is None:
        return None
    late = timeliness.days_overdue(today)
    return TimelinessView(
        timeliness.status,
        lang.t["timeliness_" + timeliness.status.replace("-", "_")],
        timeliness.overdue,
        lang.label("frequencies", timeliness.frequency),
        lang.date(timeliness.last_change.isoformat()) if timeliness.last_change else "",
        lang.date(timeliness.due.isoformat()) if timeliness.due else "",
        lang.number(late) if late is not None else "",
    )


# --- party page --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DatasetMeasureRow:
    title: str
    path: str
    score: str
    rating: str
    rating_key: str
    timeliness: TimelinessView | None


@dataclass(frozen=True)
class PartyQualityView:
    kind: str  # "party"
    average: str  # average quality score of its datasets
    overdue: int
    rows: list[DatasetMeasureRow]


def party_quality_view(
    infos: list[DatasetInfo], lang: Language, today: dt.date, shown: set[str] | None = None
) -> PartyQualityView | None:
    """The average and overdue count of all of a party's datasets, with a row for each of those
    `shown` (all by default: a page of a long list shows its own)."""
    if not infos:
        return None
    rows, scores, overdue = [], [], 0
    for info in sorted(infos, key=lambda i: (i.dataset.title.casefold(), i.dataset.key)):
        q = info.quality
        if q is not None:
            scores.append(q.score)
        timeliness = timeliness_view(info.timeliness, lang, today)
        overdue += 1 if timeliness and timeliness.overdue else 0
        if shown is not None and info.dataset.key not in shown:
            continue
        rows.append(
            DatasetMeasureRow(
                info.dataset.title,
                dataset_path(info.dataset.key),
                _number(q.score, lang) if q else "—",
                quality_label(lang, q.rating) if q else "",
                q.rating if q else "",
                timeliness,
            )
        )
    average = round(sum(scores) / len(scores), 1) if scores else None
    return PartyQualityView("party", _number(average, lang), overdue, rows)


@dataclass(frozen=True)
class Rank:
    rank: str
    score: str
    reason: str  # the criteria that weigh most, and accepted data requests


def ranks(ranked: list[RankedItem], lang: Language) -> dict[str, Rank]:
    """Inventory item id -> its rank, score and the reason for it."""
    result = {}
    for entry in ranked:
        top = [f"{CRITERIA_NAMES[p.criterion][lang.code]} ({_number(p.value, lang)})" for p in entry.score.top(2)]
        if entry.requests:
            top.append(REQUESTS_NOTE[lang.code] % {"n": len(entry.requests)})
        result[entry.item.id] = Rank(lang.number(entry.rank), _number(entry.score.total, lang), "; ".join(top))
    return result


def plan_status_text(status: CommitmentStatus | None, lang: Language) -> str:
    if status is None:
        return ""
    text = lang.t["plan_" + status.status.replace("-", "_")]
    if status.published:
        text += f" ({lang.date(status.published.isoformat())})"
    if status.record:  # the day comes from a national historical record, not from git
        text += " " + lang.t["plan_from_record"] % {"record": status.record}
    return text


@dataclass(frozen=True)
class CitedItem:
    title: str
    path: str | None  # its dataset's page, when published


@dataclass(frozen=True)
class RequestView:
    number: int
    href: str | None  # the request's issue (from the requests file, else from site.repository)
    items: list[CitedItem]  # the party's inventory items that cite it
    subject: str = ""  # the title (with the requests file)
    status: str = ""  # abierta, atendida, rechazada (with the requests file; a CSS class)
    detail: str = ""  # its status and age: "abierta desde hace 40 días" (with the requests file)
    reason: str = ""  # why it was rejected
    also: tuple[tuple[int, str | None], ...] = ()  # further numbers asking for the same items, with their links


@dataclass(frozen=True)
class RequestGroup:
    heading: str
    requests: list[RequestView]


@dataclass(frozen=True)
class RequestsView:
    groups: list[RequestGroup]  # open and fulfilled; and rejected, with the requests file
    fetched: str = ""  # when the requests were read from GitHub (with the requests file)


def requests_view(
    statuses: list[RequestStatus], party_id: str, lang: Language, repository: str | None, fetched: str | None
) -> RequestsView | None:
    """The party's data requests, each listed once. With the requests file (`fetched` is its date):
    every request for the party, cited or not, with its issue's title, status, age and reason.
    Without it: the numbers its inventory cites, open or fulfilled by the item's published dataset;
    numbers that ask for the same items share one line."""
    if not statuses:
        return None
    t = lang.t
    views: dict[str, list[RequestView]] = {"abierta": [], "atendida": [], "rechazada": []}
    for s in sorted(statuses, key=lambda s: s.number):
        href = s.url or (f"{repository.rstrip('/')}/issues/{s.number}" if repository else None)
        items = [
            CitedItem(c.title, dataset_path(c.dataset) if c.dataset else None)
            for c in s.citations
            if c.party == party_id
        ]
        if fetched is None:
            same = next((v for v in views[s.status] if v.items == items), None)
            if same is None:
                views[s.status].append(RequestView(s.number, href, items))
            else:  # a second number for the same items: one request, listed once with both numbers
                views[s.status][views[s.status].index(same)] = replace(same, also=(*same.also, (s.number, href)))
            continue
        days = t["requests_day"] if s.days == 1 else t["requests_days"] % {"n": lang.number(s.days or 0)}
        detail = t["requests_age_" + s.status] % {"days": days}
        reason = s.reason or (t["requests_no_reason"] if s.status == "rechazada" else "")
        views[s.status].append(RequestView(s.number, href, items, s.title, s.status, detail, reason))
    if fetched is None:
        groups = [
            RequestGroup(t["requests_open"], views["abierta"]),
            RequestGroup(t["requests_fulfilled"], views["atendida"]),
        ]
        return RequestsView(groups)
    headings = {"abierta": t["requests_open"], "atendida": t["requests_attended"], "rechazada": t["requests_rejected"]}
    groups = [RequestGroup(headings[k], v) for k, v in views.items()]
    return RequestsView(groups, t["requests_fetched"] % {"date": lang.date(fetched)})


@dataclass(frozen=True)
class ScoreLineView:
    label: str
    value: str
    median: str
    comparison: str  # above, below, equal, or '' when either is missing


PARTY_FACTS = {"pct_con_inventario": "scorecard_has_inventory", "pct_con_plan": "scorecard_has_plan"}


def scorecard_view(
    lines: list[ScoreLine] | None, lang: Language, national: Row | None = None
) -> list[ScoreLineView] | None:
    """A party's figures beside the national median. A share of parties (with an inventory, with a
    plan) is yes or no for one party, beside the national share rather than a median."""
    if not lines:
        return None
    views = []
    for line in lines:
        if line.metric in PARTY_FACTS:
            share = national.values.get(line.metric) if national else None
            views.append(
                ScoreLineView(
                    lang.t[PARTY_FACTS[line.metric]],
                    lang.t["word_yes"] if line.value else lang.t["word_no"],
                    "—" if share is None else lang.t["scorecard_national_share"] % {"pct": _number(share, lang)},
                    "",
                )
            )
            continue
        comparison = ""
        if line.value is not None and line.median is not None:
            comparison = "above" if line.value > line.median else "below" if line.value < line.median else "equal"
        views.append(
            ScoreLineView(
                field_label(lang, line.metric), _number(line.value, lang), _number(line.median, lang), comparison
            )
        )
    return views


# --- indicators page ---------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorTable:
    caption: str
    headers: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class ChartView:
    id: str
    title: str
    svg: Markup  # drawn by charts.py from escaped text: safe to embed


@dataclass(frozen=True)
class IndicatorsView:
    at: str
    method: str
    charts: list[ChartView]
    tables: list[IndicatorTable]
    files: tuple[str, ...]  # relative to the site root
    baseline: IndicatorTable | None = None  # national plan figures at the historical baseline and now
    scope: str = ""  # what the national figures count: "10 conjuntos de 6 instituciones; 141 …"
    trend_note: str = ""  # the trends not drawn, for want of a second date


BASELINE_METRICS = (
    "sujetos",
    "con_plan",
    "compromisos",
    "cumplidos",
    "cumplidos_con_retraso",
    "vencidos",
    "en_plazo",
    "pct_cumplimiento_plan",
)


def baseline_table(indicators: Indicators, lang: Language) -> IndicatorTable | None:
    """The national opening-plan figures at the baseline of the imported history (ADELA 2015-2016)
    beside the current ones; None when the catalogue has no historical record."""
    then = next((r for r in indicators.baseline if r.dimension == "nacional"), None)
    now = indicators.row("nacional", "mx")
    if then is None or now is None:
        return None
    t = lang.t
    headers = [
        t["indicators_baseline_metric"],
        t["indicators_baseline_then"] % {"date": lang.date(then.date.isoformat())},
        t["indicators_baseline_now"] % {"date": lang.date(now.date.isoformat())},
    ]
    rows = [
        [field_label(lang, m), _number(then.values[m], lang), _number(now.values[m], lang)] for m in BASELINE_METRICS
    ]
    return IndicatorTable(t["indicators_baseline_caption"], headers, rows)


DIMENSION_CAPTIONS = {
    "nacional": {"es": "Nacional", "en": "National"},
    "nivel": {"es": "Por orden de gobierno", "en": "By level of government"},
    "estado": {"es": "Por entidad federativa", "en": "By state"},
    "poder": {"es": "Por poder o tipo de sujeto obligado", "en": "By power or type of party"},
}
GROUP = {"es": "Grupo", "en": "Group"}
TABLE_METRICS = ("sujetos", "conjuntos", *RATES)  # the indicators table: two counts, then every rate


def indicators_view(indicators: Indicators, lang: Language) -> IndicatorsView:
    code = lang.code
    headers = [GROUP[code], *[field_label(lang, m) for m in TABLE_METRICS]]
    tables = []
    for dimension, caption in DIMENSION_CAPTIONS.items():
        rows = [
            [r.label(code), *[_number(r.values[m], lang) for m in TABLE_METRICS]]
            for r in indicators.rows
            if r.dimension == dimension
        ]
        if rows:
            tables.append(IndicatorTable(caption[code], headers, rows))
    return IndicatorsView(
        lang.date(indicators.at.isoformat()),
        lang.t["indicators_method"],
        [
            ChartView(ch.id, ch.title, Markup(ch.svg))
            for ch in indicator_charts(indicators, code, {m: field_label(lang, m) for m in COLUMNS})
        ],
        tables,
        INDICATOR_FILES,
        baseline_table(indicators, lang),
        national_scope(indicators, lang),
        trend_note(indicators, lang),
    )


def national_scope(indicators: Indicators, lang: Language) -> str:
    """What the national figures count: the datasets, the parties that publish them, and the
    parties that publish nothing yet (the per-dataset scores say nothing about those)."""
    national = indicators.row("nacional", "mx")
    if national is None:
        return ""
    publishing = sum(1 for r in indicators.rows if r.dimension == "sujeto" and (r.values["conjuntos"] or 0) > 0)
    parties = int(national.values["sujetos"] or 0)
    return lang.t["indicators_scope" if publishing < parties else "indicators_scope_all"] % {
        "datasets": lang.number(int(national.values["conjuntos"] or 0)),
        "publishing": lang.number(publishing),
        "silent": lang.number(parties - publishing),
        "parties": lang.number(parties),
    }


def trend_note(indicators: Indicators, lang: Language) -> str:
    """A sentence in place of the trends that have a single date (a point is no trend)."""
    drawn = drawn_trends(indicators)
    waiting = [field_label(lang, m) for m in TRENDS if m not in drawn]
    return lang.t["indicators_trend_wait"] % {"figures": "; ".join(waiting)} if waiting else ""
