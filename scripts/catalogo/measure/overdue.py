"""Stage 3, enrich (measurements): Markdown of each party's overdue opening-plan commitments, one per
quarter in which they fell due, for the scheduled workflow to post as that party's issue."""

# One issue per party and quarter: "[Compromisos vencidos] <party> <YYYY>-T<q>" lists the party's
# commitments due in that quarter that are still unmet, and stays open until none is (the file for
# that party and quarter is then no longer written, and the workflow closes the issue). A
# commitment that falls due later opens its own quarter's issue instead of editing an old one, so
# its maintainers are told (GitHub notifies on a new issue, not on an edit).
#
# As in linkreport.py, everything that comes from the catalogue is written as a code span, and the
# only @mentions are the party's maintainers (handles party.json allows, checked again here).

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import quote

from ..checks.identifiers import SLUG
from ..core.model import Catalogue, Party
from ..core.urls import SiteUrls
from ..gitdata.history import History
from .linkreport import HANDLE, _cell
from .plan import ALREADY_PUBLISHED, CommitmentStatus, opening_plan_status

MARKER = "<!-- catalogo:overdue sujeto={party} trimestre={quarter} -->"


@dataclass(frozen=True)
class OverdueReport:
    party: str
    quarter: str  # "2026-T2": the quarter in which its commitments fell due
    commitments: int
    text: str


def quarter_of(day: dt.date) -> str:
    return f"{day.year}-T{(day.month - 1) // 3 + 1}"


def is_overdue(status: CommitmentStatus, today: dt.date) -> bool:
    """Due before today and met by nothing (a dataset open before the plan meets nothing new)."""
    if status.due is None or status.due >= today:
        return False
    return status.status == "vencido" or status.status == ALREADY_PUBLISHED


def overdue_reports(
    catalogue: Catalogue, history: History, today: dt.date, base_url: str, repository: str | None
) -> list[OverdueReport]:
    """Every party's overdue commitments by the quarter they fell due in, sorted by party and quarter."""
    reports = []
    for party_id, party in sorted(catalogue.parties.items()):
        if not party.plan_path or not SLUG.match(party_id):  # the id names a file and an issue
            continue
        statuses = opening_plan_status(party, history, today, catalogue.datasets, catalogue.datasets)
        by_quarter: dict[str, list[CommitmentStatus]] = {}
        for status in statuses:
            if is_overdue(status, today) and status.due is not None:
                by_quarter.setdefault(quarter_of(status.due), []).append(status)
        for quarter, overdue in sorted(by_quarter.items()):
            overdue.sort(key=lambda s: (s.due or today, s.item))
            text = party_markdown(party, quarter, overdue, today, base_url, repository)
            reports.append(OverdueReport(party_id, quarter, len(overdue), text))
    return reports


def _url(address: str) -> str:
    """An address from catalogo.yaml made safe inside a Markdown link (spaces, brackets, quotes encoded)."""
    return quote(address.strip(), safe=":/?#=&%~")


def party_markdown(
    party: Party,
    quarter: str,
    overdue: list[CommitmentStatus],
    today: dt.date,
    base_url: str,
    repository: str | None,
) -> str:
    plan_path = party.plan_path or ""
    source = f"{_url(repository).rstrip('/')}/blob/HEAD/{plan_path}" if repository else None
    doc = party.plan
    lines = [
        MARKER.format(party=party.id, quarter=quarter),
        f"# Compromisos vencidos del plan de apertura: {_cell(party.name)} ({quarter})",
        f"_Overdue opening-plan commitments: {_cell(party.name)} ({quarter})_",
        "",
        f"Fecha de corte / as of: {today.isoformat()}",
        "",
    ]
    maintainers = [m for m in party.maintainers if HANDLE.match(m)]
    if maintainers:  # the only mentions: handles the party declared
        lines += ["Para / to: " + " ".join(f"@{m}" for m in maintainers), ""]
    plan_link = f"[{_cell(plan_path)}]({source})" if source else _cell(plan_path)
    page = _url(SiteUrls.of(base_url).party(party.id))
    lines += [
        f"Plan de apertura / opening plan: {plan_link} · Página del sujeto obligado / party page: [{_cell(party.id)}]({page})",
        "",
        f"## Compromisos vencidos / Overdue commitments ({len(overdue)})",
        "",
        "| Activo / Item | Título / Title | Fecha comprometida / Due | Días de atraso / Days overdue | Línea / Line | Nota / Note |",
        "|---|---|---|---|---|---|",
    ]
    for status in overdue:
        assert status.due is not None
        line = doc.place(status.pointer)[0] if doc is not None else None
        where = f"[{line}]({source}#L{line})" if source and line else str(line or "—")
        note = (
            f"ya publicado el {status.published} (antes del plan) / already published on {status.published} (before the plan)"
            if status.status == ALREADY_PUBLISHED
            else ""
        )
        lines.append(
            f"| {_cell(status.item)} | {_cell(status.title)} | {status.due.isoformat()} | "
            f"{(today - status.due).days} | {where} | {note} |"
        )
    lines += [
        "",
        "Publique el conjunto de datos de cada activo y vincúlelo en el inventario (`dataset`); si la "
        "fecha ya no es posible, actualice el plan con una nueva, que un revisor aprobará. / Publish "
        "each item's dataset and link it in the inventory (`dataset`); if the date can no longer be "
        "met, update the plan with a new one, for a reviewer to approve.",
        "",
    ]
    return "\n".join(lines).rstrip() + "\n"
