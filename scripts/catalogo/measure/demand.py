"""Stage 3, enrich (measurements): Policy action 4.2, address information needs: each data request
with its status (abierta, atendida, rechazada), its age in days and the parties it is shown for."""

# With the requests file (checks/datarequests.py) every fetched request counts, cited by an
# inventory or not; a number an inventory cites that is not in the file is left out (validation
# warns about it). Without the file, the requests are the numbers the inventories cite, as before.
#
# Status: `atendida` when an item citing it has its dataset published, or the issue was closed as
# completed; `rechazada` when it was closed as not planned or as a duplicate (or carries the label
# `rechazada`); `abierta` otherwise. Age: days from the creation to its closing, to the
# first publication of a cited dataset when that fulfilled it, or else to the later of the build's
# day and the fetch's. Where it is shown: on the page of each party whose inventory cites it; one
# that no inventory cites, on the page of the party its `sujeto:<id>` label or its form names; one
# that matches none has no party (the national list: the rows of /solicitudes.csv without `sujeto`).

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from ..checks.datarequests import DataRequest, PartyIndex, RequestsFile, cited_numbers, day_of
from ..core.model import Catalogue


@dataclass(frozen=True)
class Citation:
    """An inventory item that cites a request."""

    party: str
    item: str
    title: str
    dataset: str  # "<party>/<dataset>" when the item's dataset is published, else ""
    reserved: bool = False  # the item is reserved: the national files do not name it


@dataclass(frozen=True)
class RequestStatus:
    number: int
    status: str  # abierta | atendida | rechazada
    verified: bool  # True: read from the requests file; False: only cited (no file)
    parties: tuple[str, ...]  # where it is shown; () when no party could be matched
    citations: tuple[Citation, ...]
    title: str = ""  # the title without the form's prefix
    url: str = ""  # the page
    reason: str = ""  # why it was rejected
    created: dt.date | None = None
    closed: dt.date | None = None
    days: int | None = None  # its age, see above


def request_statuses(
    catalogue: Catalogue,
    published: Mapping[str, dt.date | None],
    found: RequestsFile | None,
    today: dt.date,
) -> list[RequestStatus]:
    """Every request by number. `published`: the key of each published dataset with the day it was
    first published (None when git does not say)."""
    cited: dict[int, list[Citation]] = {}
    for party_id, party in sorted(catalogue.parties.items()):
        for item in party.inventory_items():
            key = f"{party_id}/{item.dataset}" if item.dataset else ""
            citation = Citation(
                party_id, item.id, item.title, key if key in published else "", item.status == "reservado"
            )
            for number in sorted({n for _, n in cited_numbers(item)}):
                cited.setdefault(number, []).append(citation)
    if found is None:
        return [_cited_only(number, tuple(citations)) for number, citations in sorted(cited.items())]
    index = PartyIndex(catalogue.parties)
    as_of = max(today, found.fetched_on or today)
    return [
        _fetched(request, tuple(cited.get(number, ())), index, published, as_of)
        for number, request in sorted(found.requests.items())
    ]


def _cited_only(number: int, citations: tuple[Citation, ...]) -> RequestStatus:
    status = "atendida" if any(c.dataset for c in citations) else "abierta"
    return RequestStatus(number, status, False, _parties(citations), citations)


def _fetched(
    request: DataRequest,
    citations: tuple[Citation, ...],
    index: PartyIndex,
    published: Mapping[str, dt.date | None],
    as_of: dt.date,
) -> RequestStatus:
    matched = index.match(request.labels, request.institution)
    parties = _parties(citations) or ((matched,) if matched else ())
    created, closed = day_of(request.created_at), day_of(request.closed_at)
    fulfilled = sorted(d for c in citations if c.dataset for d in [published.get(c.dataset)] if d)
    status = "atendida" if any(c.dataset for c in citations) else request.status
    end = closed if request.state == "closed" else (fulfilled[0] if fulfilled else None)
    end = end or as_of
    days = max(0, (end - created).days) if created else None
    return RequestStatus(
        request.number,
        status,
        True,
        parties,
        citations,
        request.subject,
        request.url,
        request.reason if status == "rechazada" else "",
        created,
        closed,
        days,
    )


def _parties(citations: tuple[Citation, ...]) -> tuple[str, ...]:
    return tuple(sorted({c.party for c in citations}))


def by_party(statuses: list[RequestStatus]) -> dict[str, list[RequestStatus]]:
    """Each party's requests by number (a request is listed once per party)."""
    found: dict[str, list[RequestStatus]] = {}
    for status in statuses:
        for party in status.parties:
            found.setdefault(party, []).append(status)
    return found
