"""Stage 3, enrich (measurements): Section 6, follow-up and assessment: the catalogue's indicators,
nationally and per level of government, state, power and party, at a date and per quarter before it
(baseline and trend)."""

# How the past is read (one extra `git log` pass, see gitdata/timeline.py; no checkout of old commits):
# - what existed at a date (parties, inventories, plans, datasets, stories) is what had been added
#   to git by then and is still in the catalogue;
# - opening-plan statuses at a date use the first commit of each dataset folder (plan.py) with
#   that date as "today";
# - timeliness at a date uses the last change, by then, of each dataset's data files (or of its
#   descriptor, for resources given by URL);
# - quality, open formats and open licenses use each dataset's current descriptor (reading every
#   old descriptor would cost one parse per dataset version): they show how the datasets that
#   existed then score today.
# At the build's own date (or later) the current catalogue counts as it is, committed or not.
# A party with a national historical record (records.py: ADELA's 2015 plans) counts from the record's
# plan start, with the record's commitments until git holds its plan; the record's baseline date
# (2016-12-31) gives the baseline rows the indicators page shows beside the current ones.

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..core.model import Party
from ..core.vocab import vocabularies
from ..gitdata.timeline import Timeline
from .figures import DIMENSIONS, Indicators, Row, figures, scorecards
from .plan import ALREADY_PUBLISHED, Plan, plan_statuses
from .timeliness import MEASURED, assess

if TYPE_CHECKING:
    from .enriched import DatasetInfo, Enriched


@dataclass
class _Context:
    """What the indicators read at every date, prepared once."""

    enriched: Enriched
    timeline: Timeline
    config: dict[str, Any]
    plans: dict[str, Plan] = field(default_factory=dict)
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
    baselines = [r.baseline for plan in context.plans.values() for r in plan.records if r.baseline is not None]
    if baselines and min(baselines) < at:
        indicators.baseline = _rows_at(context, min(baselines), with_parties=False)
    return indicators


def _prepare(enriched: Enriched, timeline: Timeline, config: dict[str, Any]) -> _Context:
    context = _Context(enriched, timeline, config)
    for party_id, party in enriched.catalogue.parties.items():
        context.plans[party_id] = Plan.of(party)
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
        if not (present or context.timeline.present(party.path, day) or context.plans[party.id].recorded_on(day)):
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
    plan = context.plans[party.id]
    recorded = not present and plan.recorded_on(day)
    if plan.items and (present or recorded or (party.inventory_path and timeline.present(party.inventory_path, day))):
        counts["con_inventario"] = 1
    if not (present or (party.plan_path and timeline.present(party.plan_path, day))):
        plan = plan.recorded(day)  # before git has the plan: what a historical record shows, if any
    if plan.commitments:
        counts["con_plan"] = 1
        _count_plan(counts, context, party, plan, day, present)
    for info in context.datasets_of[party.id]:
        if present or timeline.present(info.dataset.path, day):
            _count_dataset(counts, context, info, day, present)
    return counts


def _count_plan(counts: Counter, context: _Context, party: Party, plan: Plan, day: dt.date, present: bool) -> None:
    existing = {
        i.dataset.key for i in context.datasets_of[party.id] if present or context.timeline.present(i.dataset.path, day)
    }
    names = {
        "cumplido": "cumplidos",
        "cumplido-con-retraso": "cumplidos_con_retraso",
        "vencido": "vencidos",
        "en-plazo": "en_plazo",
    }
    datasets = context.enriched.catalogue.datasets
    for status in plan_statuses(plan, context.enriched.history, day, existing, datasets):
        counts["compromisos"] += 1
        if status.status == ALREADY_PUBLISHED:  # fulfilled by nothing new: counted as if unpublished
            counts["vencidos" if status.due is not None and status.due < day else "en_plazo"] += 1
        else:
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
    key = info.dataset.key
    counts["conjuntos_por_sexo"] += info.dataset.gender_disaggregated is True  # gender perspective (policy)
    if key in context.enriched.joins.values:  # a recognised key in its data (checks/keys.py)
        counts["conjuntos_con_clave"] += 1
        counts["conjuntos_cruzables"] += context.enriched.joins.joinable_across(key, info.dataset.party_id)
    stories = context.enriched.stories_of.get(info.dataset.key, [])
    counts["historias"] += sum(1 for s in stories if present or context.timeline.present(s.path, day))


def _timeliness_status(context: _Context, info: DatasetInfo, day: dt.date, present: bool) -> str:
    timeliness = info.timeliness
    if timeliness is None:
        return ""
    last = timeliness.last_change if present else context.timeline.last_change(timeliness.basis, day)
    return assess(timeliness.frequency, last, day, context.config.get("timeliness", {}))[0]
