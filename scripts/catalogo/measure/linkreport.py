"""Stage 3, enrich (measurements): Markdown summaries of a link and freshness check, one per party with
findings, written for a scheduled workflow to post as that party's issue (Spanish first, English
second)."""

# The first line of each is a stable marker the workflow can search for, so it updates the same
# issue every time.
#
# Everything that comes from the catalogue or from the servers checked (names, keys, URLs, errors)
# is written as a code span: GitHub turns no `@mention` or `#reference` in it into a notification
# or a link, and Markdown in it is shown, not rendered.

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..checks.links import LinkResult, LinkResults
from ..checks.report import visible

if TYPE_CHECKING:
    from .enriched import DatasetInfo, Enriched

MARKER = "<!-- catalogo:check-links sujeto={party} -->"


@dataclass
class PartyFindings:
    party: str
    name: str
    broken: list[tuple[str, str, LinkResult]] = field(default_factory=list)  # dataset key, resource, result
    overdue: list[DatasetInfo] = field(default_factory=list)
    maintainers: list[str] = field(default_factory=list)  # the party's GitHub handles, told of the issue

    @property
    def empty(self) -> bool:
        return not self.broken and not self.overdue


def findings(enriched: Enriched, results: LinkResults) -> dict[str, PartyFindings]:
    """Broken links and overdue datasets, per party (only parties with something to report)."""
    parties = enriched.catalogue.parties
    found: dict[str, PartyFindings] = {}

    def of(party_id: str) -> PartyFindings:
        party = parties.get(party_id)
        maintainers = [m for m in party.maintainers if HANDLE.match(m)] if party else []
        return found.setdefault(
            party_id, PartyFindings(party_id, party.name if party else party_id, maintainers=maintainers)
        )

    for result in sorted(results.broken, key=lambda r: r.url):
        for ref in result.resources:
            of(ref.dataset.split("/", 1)[0]).broken.append((ref.dataset, ref.resource, result))
    for _, info in sorted(enriched.datasets.items()):
        if info.timeliness is not None and info.timeliness.overdue:
            of(info.dataset.party_id).overdue.append(info)
    return {k: v for k, v in sorted(found.items()) if not v.empty}


def _cell(text: object) -> str:
    """`text` as an inert code span that fits in a table cell or a heading."""
    shown = visible(str(text)).replace("|", "\\|")
    if not shown.strip():
        return "—"
    fence = "`" * (max((len(run) for run in re.findall("`+", shown)), default=0) + 1)
    pad = " " if shown[0] in "` " or shown[-1] in "` " else ""  # Markdown strips one space each side
    return f"{fence}{pad}{shown}{pad}{fence}"


HANDLE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$")  # a GitHub user, as party.json allows


def party_markdown(f: PartyFindings, today: dt.date, checked_at: str | None) -> str:
    lines = [
        MARKER.format(party=f.party),
        f"# Revisión de enlaces y actualización: {_cell(f.name)}",
        f"_Link and freshness check: {_cell(f.name)}_",
        "",
        f"Revisado / checked: {checked_at or '—'} · fecha de corte / as of: {today.isoformat()}",
        "",
    ]
    if f.maintainers:  # the only mentions: handles the party declared (schema pattern, checked again here)
        lines += ["Para / to: " + " ".join(f"@{m}" for m in f.maintainers if HANDLE.match(m)), ""]
    if f.broken:
        lines += [
            f"## Enlaces que no responden / Broken links ({len(f.broken)})",
            "",
            "| Conjunto / Dataset | Recurso / Resource | URL | Resultado / Result |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {_cell(key)} | {_cell(resource)} | {_cell(r.url)} | {_cell(r.error or r.status)} |"
            for key, resource, r in f.broken
        ]
        lines += [
            "",
            "Corrija la URL en el `datapackage.yaml` del conjunto o publique el archivo en el "
            "repositorio. / Fix the URL in the dataset's `datapackage.yaml` or publish the file in "
            "the repository.",
            "",
        ]
    if f.overdue:
        lines += [
            f"## Conjuntos con actualización atrasada / Overdue datasets ({len(f.overdue)})",
            "",
            "| Conjunto / Dataset | Periodicidad / Frequency | Último cambio / Last change | Días de atraso / Days overdue |",
            "|---|---|---|---|",
        ]
        for info in f.overdue:
            t = info.timeliness
            assert t is not None
            lines.append(
                f"| {_cell(info.dataset.key)} | {_cell(t.frequency)} | {t.last_change} | {t.days_overdue(today)} |"
            )
        lines += [
            "",
            "Actualice los archivos de datos (no basta con editar la descripción). / Update the "
            "data files (editing the descriptor is not enough).",
            "",
        ]
    return "\n".join(lines).rstrip() + "\n"


def summaries(enriched: Enriched, results: LinkResults) -> dict[str, str]:
    """Party id -> Markdown, for every party with broken links or overdue datasets."""
    return {
        party: party_markdown(f, enriched.today, results.checked_at) for party, f in findings(enriched, results).items()
    }
