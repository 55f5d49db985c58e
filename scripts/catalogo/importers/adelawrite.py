"""Importers (`catalogo import adela`): Writing the 2015 ADELA history into the catalogue: each party's
inventory and opening plan (through the planning sheets, which keep ids on re-import) and its
national historical record, history/adela-2015/<party>.yaml, the evidence of what was published."""

# What is written, per matched party (everything is worked out before the first file is written):
# - history/adela-2015/<party>.yaml: the 2015 plan's commitments (item, due date, the dataset that
#   fulfils it and how it was matched) and every dataset the party published on datos.gob.mx (its
#   day and resources; `evidence_until`: data.csv's last day, after which nothing is recorded).
#   Outside the party's folders, so only national reviewers can change it (checks/ownership.py);
#   measure/records.py reads it as evidence of publication;
# - parties/<party>/inventory.yaml: one item per planned title (`planeado`) and per published
#   dataset no commitment names (`candidato`: open in 2015, not yet in this catalogue); `estrategico`
#   when ieda.tsv lists it, else `institucional`;
# - parties/<party>/opening-plan.yaml: the commitments, for the period from the record's first date
#   (a due date, or a publication the plan lists: ADELA's plans listed what was already open) to
#   the last due date. With `plans=False` (--no-plans) no plan is written and planned items are
#   `candidato`: the 2015 plan then lives in the record alone, which still gives the baseline, and
#   the party's current figures and overdue issues are about its current plan only.
# A party that has an inventory or a plan keeps them unless --force; with --force its inventory is
# merged (its items are kept) but a plan for another period is never merged with the 2015 one (its
# start decides which datasets were already open): the record still gives the party's baseline.
# Parties are created (--create-parties) only for institutions catalogs.json lists, with its level.

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..core import values
from ..core.problems import localized, problem
from ..core.vocab import fold, slugify
from ..load import NotACatalogue, load_catalogue
from .adela import (
    TEST_INSTITUTIONS,
    AdelaExport,
    DataRow,
    Matching,
    PartyIndex,
    PlanRow,
    ResourceRow,
    dataset_title,
    match_plans,
    party_index,
    read_adela,
    resources_of,
    squash,
)
from .common import SLUG, ImportSourceError, ImportSummary, Writer, dump_yaml
from .mapping import Issues, SourceOrganisation, party_descriptor
from .partymap import ADELA_LEVELS, PartyMap

SOURCE = "adela-2015"
BASELINE = "2016-12-31"  # the end of the 2015-2016 plans: the policy's baseline
SOURCE_TITLE = (
    "ADELA, datos.gob.mx: planes de apertura institucionales y conjuntos publicados (2015-2016) / "
    "institutional opening plans and published datasets"
)
LICENSE = "Libre Uso MX"
# Where the 2015 exports were published: ADELA's API on datos.gob.mx, as kept by a datos.gob.mx
# analyst's public repositories.
SOURCE_URLS = [
    "https://adela.datos.gob.mx/",
    "https://github.com/lromang/MiningDatosGob",
    "https://github.com/lromang/charles",
]
INVENTORY_HEADER = ("Título", "Descripción", "Tipo de serie", "Estatus")  # the planning template's
PLAN_HEADER = ("Activo", "Fecha compromiso")
TITLE_MAX = 300
RECORD_HEADER = (
    "# Registro histórico importado con «catalogo import adela»: solo los revisores nacionales lo cambian.\n"
    "# Imported historical record ('catalogo import adela'): only national reviewers change it.\n"
)


class Sheets(Protocol):
    """scaffold/planning.py's import of a sheet into an inventory or a plan, handed in by the CLI
    (the importers may not import the scaffolds: independent layers)."""

    def inventory(
        self, existing: dict[str, Any] | None, header: Sequence[str], rows: list[list[str]]
    ) -> dict[str, Any]: ...

    def plan(
        self, existing: dict[str, Any] | None, header: Sequence[str], rows: list[list[str]], start: str, end: str
    ) -> dict[str, Any]: ...

    def dump(self, data: dict[str, Any]) -> str: ...


@dataclass
class AdelaOptions:
    sheets: Sheets
    force: bool = False
    create_parties: bool = False
    plans: bool = True  # write opening-plan.yaml (False: the 2015 plan stays in the record only)
    party_map: PartyMap = field(default_factory=PartyMap)
    today: dt.date | None = None  # the import's date, recorded (default: today)


@dataclass
class AdelaSummary(ImportSummary):
    institutions: int = 0  # in catalogs.json (ADELA's test institution left out)
    institutions_matched: int = 0
    parties: list[str] = field(default_factory=list)  # parties with a record
    parties_created: list[str] = field(default_factory=list)
    unmatched: dict[str, int] = field(default_factory=dict)  # source name -> rows not imported
    plan_rows: int = 0
    commitments: int = 0  # recorded (distinct titles of matched parties)
    fulfilled: int = 0  # commitments with the dataset that fulfils them
    ambiguous: int = 0
    possible: int = 0
    published: int = 0  # datasets recorded
    with_inventory: list[str] = field(default_factory=list)  # inventory.yaml written
    with_plan: list[str] = field(default_factory=list)  # opening-plan.yaml written
    plans_kept: list[str] = field(default_factory=list)  # a plan of another period was left as it is

    def as_dict(self) -> dict[str, Any]:
        counts = {
            "institutions": self.institutions,
            "institutions_matched": self.institutions_matched,
            "parties": self.parties,
            "parties_created": self.parties_created,
            "unmatched": self.unmatched,
            "plan_rows": self.plan_rows,
            "commitments": self.commitments,
            "fulfilled": self.fulfilled,
            "ambiguous": self.ambiguous,
            "possible": self.possible,
            "published": self.published,
            "with_inventory": self.with_inventory,
            "with_plan": self.with_plan,
            "plans_kept": self.plans_kept,
        }
        return {**super().as_dict(), "adela": counts}


@dataclass
class PartyHistory:
    """One party's share of the export, matched."""

    party: str
    names: set[str] = field(default_factory=set)  # the institution's names and slugs in the source
    plans: list[PlanRow] = field(default_factory=list)
    data: list[DataRow] = field(default_factory=list)
    resources: list[ResourceRow] = field(default_factory=list)
    strategic: set[str] = field(default_factory=set)  # squashed titles


def import_adela(source: str, root: Path, options: AdelaOptions) -> AdelaSummary:
    """Import the ADELA export in the folder `source` into the catalogue at `root`."""
    export = read_adela(Path(source))
    try:
        catalogue = load_catalogue(Path(root))
    except NotACatalogue:
        raise ImportSourceError(
            f"{root} no es un catálogo (falta parties/)", f"{root} is not a catalogue (parties/ is missing)"
        ) from None
    summary = AdelaSummary(source=str(source), problems=list(export.problems))
    writer = Writer(root, summary, options.force)
    parties = {pid: p.data for pid, p in catalogue.parties.items() if SLUG.match(pid)}  # others are invalid
    mapped = {
        key: str(v.get("id") or slugify(str(v.get("name") or ""), 100)) for key, v in options.party_map.parties.items()
    }
    index = party_index(parties, export.institutions, mapped)
    created = _create_parties(export, index, options, summary)
    histories = _distribute(export, index, summary)
    summary.institutions = sum(1 for s in export.institutions if s not in TEST_INSTITUTIONS)
    summary.institutions_matched = sum(
        1 for s in export.institutions if s not in TEST_INSTITUTIONS and index.resolve(s)[0] is not None
    )
    writes: list[tuple[tuple[str, ...], str]] = [(("parties", pid, "party.yaml"), text) for pid, text in created]
    today = (options.today or dt.date.today()).isoformat()
    for party_id, history in sorted(histories.items()):
        party = catalogue.parties.get(party_id)
        existing = (  # a file that is there but unreadable reads as empty (validation reports it)
            _data(party.inventory if party and party.inventory_path else False),
            _data(party.plan if party and party.plan_path else False),
        )
        writes.extend(_party_files(export, history, existing, today, options, summary))
    written = {"inventory.yaml": summary.with_inventory, "opening-plan.yaml": summary.with_plan}
    for parts, text in writes:  # gather, then write
        if writer.write(parts, text) and parts[-1] in written:
            written[parts[-1]].append(parts[1])
    summary.datasets = summary.published
    return summary


def _data(doc: Any) -> dict[str, Any] | None:
    """A party file's mapping: None when there is no file (`doc` False), {} when unreadable."""
    if doc is False:
        return None
    return values.mapping(doc.data if doc is not None else None)


def _create_parties(
    export: AdelaExport, index: PartyIndex, options: AdelaOptions, summary: AdelaSummary
) -> list[tuple[str, str]]:
    """party.yaml for each institution of catalogs.json that is no party yet (--create-parties)."""
    if not options.create_parties:
        return []
    made = []
    for slug, institution in sorted(export.institutions.items()):
        if slug in TEST_INSTITUTIONS or index.resolve(slug)[0] or index.resolve(institution.title)[0]:
            continue
        party_id = slugify(slug, 100)
        if not party_id or party_id in index.ids:
            continue
        level, power = ADELA_LEVELS.get(institution.gov_type, ("federal", "otro"))
        mapped = {"name": institution.title, "level": level, "power": power}
        mapped["description"] = (
            f"{institution.description} " if institution.description else ""
        ) + f"Publicador de datos.gob.mx desde 2015 (registro ADELA «{institution.title}», clave `{slug}`)."
        issues = Issues(f"parties/{party_id}/party.yaml")
        descriptor = party_descriptor(party_id, SourceOrganisation(slug, institution.title), mapped, issues)
        summary.problems.extend(issues.items)
        summary.parties_created.append(party_id)
        index.ids.add(party_id)
        for name in (slug, institution.title):
            index.keys.setdefault(squash(name), set()).add(party_id)
        made.append((party_id, dump_yaml(descriptor)))
    return made


def _distribute(export: AdelaExport, index: PartyIndex, summary: AdelaSummary) -> dict[str, PartyHistory]:
    """Each row to its party; rows of institutions that match none (or several) are reported."""
    histories: dict[str, PartyHistory] = {}
    unmatched: dict[tuple[str, str], list[int]] = {}

    def party_of(name: str, file: str, line: int) -> PartyHistory | None:
        if name in TEST_INSTITUTIONS:
            unmatched.setdefault((file, name), []).append(line)
            return None
        party_id, candidates = index.resolve(name)
        if party_id is None:
            unmatched.setdefault((file, name + ("\0" + ", ".join(candidates) if candidates else "")), []).append(line)
            return None
        history = histories.setdefault(party_id, PartyHistory(party_id))
        history.names.add(name)
        return history

    summary.plan_rows = len(export.plans)
    for row in export.plans:
        if (history := party_of(row.dep, "plans.csv", row.line)) is not None:
            history.plans.append(row)
    for data in export.data:
        if (history := party_of(data.inst, "data.csv", data.line)) is not None:
            history.data.append(data)
    for resource in export.resources:
        if (history := party_of(resource.institution, "MAT_test.csv", resource.line)) is not None:
            history.resources.append(resource)
    for name, title in export.strategic:
        party_id, _ = index.resolve(name)
        if party_id in histories:
            histories[party_id].strategic.add(squash(title))
    for (file, key), lines in sorted(unmatched.items()):
        name, _, candidates = key.partition("\0")
        summary.unmatched[name] = summary.unmatched.get(name, 0) + len(lines)
        code = (
            "adela-test-institution"
            if name in TEST_INSTITUTIONS
            else "adela-ambiguous-institution"
            if candidates
            else "adela-unmatched-institution"
        )
        summary.problems.append(
            problem(code, export.path(file), lines[0], None, None, name=name, rows=len(lines), parties=candidates)
        )
    return histories


def _party_files(
    export: AdelaExport,
    history: PartyHistory,
    existing: tuple[dict[str, Any] | None, dict[str, Any] | None],
    today: str,
    options: AdelaOptions,
    summary: AdelaSummary,
) -> list[tuple[tuple[str, ...], str]]:
    """The party's record, and its inventory and plan when they may be written."""
    party_id = history.party
    matching = match_plans(history.plans, history.data)
    _report(export, matching, summary)
    resources = resources_of(history.data, history.resources)
    planned = "planeado" if options.plans else "candidato"
    rows, titles = _inventory_rows(history, matching, resources, summary, party_id, planned)
    inventory = options.sheets.inventory(existing[0], INVENTORY_HEADER, rows)
    ids = {fold(str(i.get("title", ""))): str(i.get("id")) for i in inventory.get("items") or [] if isinstance(i, dict)}
    item_of = {key: ids.get(fold(title), "") for key, title in titles.items()}
    dues = [c.row.due for c in matching.commitments]
    days = dues + [c.dataset.published for c in matching.commitments if c.dataset]
    days = days or [d.published for d in history.data]  # a party that published without a plan
    if not days:
        return []
    start, end = min(days).isoformat(), max(dues or days).isoformat()
    record = _record(export, history, matching, resources, item_of, (today, start, end))
    summary.parties.append(party_id)
    summary.commitments += len(matching.commitments)
    summary.fulfilled += sum(1 for c in matching.commitments if c.dataset)
    summary.published += len(history.data)
    files: list[tuple[tuple[str, ...], str]] = [
        (("history", SOURCE, f"{party_id}.yaml"), RECORD_HEADER + options.sheets.dump(record))
    ]
    if existing[0] is not None and not options.force:
        summary.skipped.append(f"parties/{party_id}/inventory.yaml")
        if matching.commitments and options.plans:
            summary.skipped.append(f"parties/{party_id}/opening-plan.yaml")
        return files
    files.append((("parties", party_id, "inventory.yaml"), options.sheets.dump(inventory)))
    if matching.commitments and options.plans:
        plan_rows = [[item_of[squash(c.row.title)], c.row.due.isoformat()] for c in matching.commitments]
        files.extend(_plan_file(party_id, existing[1], plan_rows, (start, end), options, summary))
    return files


def _plan_file(
    party_id: str,
    existing: dict[str, Any] | None,
    rows: list[list[str]],
    period: tuple[str, str],
    options: AdelaOptions,
    summary: AdelaSummary,
) -> list[tuple[tuple[str, ...], str]]:
    """The opening plan, unless the party has one (without --force), or one for another period: a
    plan has one period, and its start decides which datasets were already open."""
    start, end = period
    if existing is not None and existing.get("period") != {"start": start, "end": end}:
        if options.force:
            summary.plans_kept.append(party_id)
            summary.problems.append(
                problem("adela-plan-kept", f"parties/{party_id}/opening-plan.yaml", start=start, end=end)
            )
        else:
            summary.skipped.append(f"parties/{party_id}/opening-plan.yaml")
        return []
    plan = options.sheets.plan(existing, PLAN_HEADER, rows, start, end)
    return [(("parties", party_id, "opening-plan.yaml"), options.sheets.dump(plan))]


def _report(export: AdelaExport, matching: Matching, summary: AdelaSummary) -> None:
    plans = export.path("plans.csv")
    for commitment in matching.commitments:
        for duplicate in commitment.duplicates:
            summary.problems.append(
                problem(
                    "adela-duplicate-commitment",
                    plans,
                    duplicate.line,
                    None,
                    None,
                    title=duplicate.title,
                    due=commitment.row.due.isoformat(),
                    first=commitment.row.line,
                )
            )
    for row, candidates in matching.ambiguous:
        summary.ambiguous += 1
        names = ", ".join(f"{d.name} ({d.published})" for d in candidates)
        summary.problems.append(
            problem("adela-ambiguous-match", plans, row.line, None, None, title=row.title, datasets=names)
        )
    for row, dataset in matching.possible:
        summary.possible += 1
        summary.problems.append(
            problem(
                "adela-possible-match",
                plans,
                row.line,
                None,
                None,
                title=row.title,
                dataset=dataset.name,
                published=dataset.published.isoformat(),
            )
        )


def _clip(title: str, summary: AdelaSummary, party_id: str) -> str:
    if len(title) <= TITLE_MAX:
        return title
    summary.problems.append(
        problem(
            "import-value-adjusted",
            f"parties/{party_id}/inventory.yaml",
            property="title",
            detail=localized(f"recortado a {TITLE_MAX} caracteres", f"cut to {TITLE_MAX} characters"),
        )
    )
    return title[: TITLE_MAX - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def _inventory_rows(
    history: PartyHistory,
    matching: Matching,
    resources: dict[int, list[ResourceRow]],
    summary: AdelaSummary,
    party_id: str,
    planned: str,
) -> tuple[list[list[str]], dict[str, str]]:
    """The inventory sheet's rows, and the title each entry got (by squashed source title, and by
    `dataset:<line>` for published datasets without a commitment)."""
    rows: list[list[str]] = []
    titles: dict[str, str] = {}
    used: set[str] = set()
    claimed = {c.dataset.line for c in matching.commitments if c.dataset}

    def series(*names: str) -> str:
        return "estrategico" if any(squash(n) in history.strategic for n in names) else "institucional"

    for commitment in matching.commitments:
        title = _clip(commitment.row.title, summary, party_id)
        titles[squash(commitment.row.title)] = title
        used.add(fold(title))
        names = (commitment.row.title, commitment.dataset.name if commitment.dataset else "")
        rows.append([title, commitment.row.description[:5000], series(*names), planned])
    for data in history.data:
        if data.line in claimed:
            continue
        title = _clip(dataset_title(data, resources.get(data.line, [])), summary, party_id)
        if fold(title) in used:  # an ambiguous match: the planned item stands for it
            continue
        used.add(fold(title))
        titles[f"dataset:{data.line}"] = title
        rows.append([title, data.description[:5000], series(title, data.name), "candidato"])
    return rows, titles


def _record(
    export: AdelaExport,
    history: PartyHistory,
    matching: Matching,
    resources: dict[int, list[ResourceRow]],
    item_of: dict[str, str],
    dates: tuple[str, str, str],
) -> dict[str, Any]:
    """The party's historical record (schemas/history-record.json); `dates`: today, period start, end."""
    items_of_data = {c.dataset.line: item_of[squash(c.row.title)] for c in matching.commitments if c.dataset}
    items_of_data.update(
        {d.line: item_of.get(f"dataset:{d.line}", "") for d in history.data if d.line not in items_of_data}
    )
    commitments = []
    for c in matching.commitments:
        entry: dict[str, Any] = {
            "item": item_of[squash(c.row.title)],
            "title": c.row.title[:500],
            "due": c.row.due.isoformat(),
        }
        if c.dataset is not None:
            entry.update(dataset=c.dataset.name, match=c.match)
        commitments.append(entry)
    publications = []
    for d in sorted(history.data, key=lambda d: (d.published, d.name)):
        entry = {"dataset": d.name, **({"item": items_of_data[d.line]} if items_of_data.get(d.line) else {})}
        entry["published"] = d.published.isoformat()
        if d.description:
            entry["description"] = d.description[:5000]
        found = [
            {"name": r.name[:1000], "url": r.url[:2000], "mediatype": r.mediatype[:200]}
            for r in resources.get(d.line, [])
        ]
        if found:
            entry["resources"] = [{k: v for k, v in r.items() if v} for r in found[:500]]
        publications.append(entry)
    return {
        "source": {"title": SOURCE_TITLE, "urls": SOURCE_URLS, "files": export.files, "license": LICENSE},
        "institution": ", ".join(sorted(history.names))[:300],
        "imported": dates[0],
        "baseline": BASELINE,
        "evidence_until": max((d.published for d in export.data), default=dt.date.min).isoformat(),
        "period": {"start": dates[1], "end": dates[2]},
        "commitments": commitments,
        "publications": publications,
    }
