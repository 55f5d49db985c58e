"""Stage 2, check: Policy action 4.2, data requests from the public: the issues opened with the request
form as `catalogo requests fetch` keeps them (issuefetch.py), the party each one is for, and the
`demand.requests` numbers of the inventories checked against them."""

# The requests file is JSON (never code) written whole by the fetch; a missing or unreadable one
# means "not fetched": validation, priorities and pages then work from the inventories alone, as
# before the file existed. Issue bodies are not kept: only the form's answer naming the institution.

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.files import open_atomic
from ..core.model import Catalogue, InventoryItem, Party
from ..core.problems import Problem
from ..core.vocab import slugify

FORMAT_VERSION = 1
PARTY_LABEL = "sujeto:"  # a label `sujeto:<id>` names the party a request is for
REJECTED_LABEL = "rechazada"  # a closed issue with this label is rejected, however it was closed
REJECTED_REASONS = frozenset({"not_planned", "duplicate"})  # GitHub's `state_reason` of a rejection
TITLE_PREFIX = "[solicitud de datos]"  # the form's title prefix, left out of what the site shows
STATUSES = ("abierta", "atendida", "rechazada")


@dataclass(frozen=True)
class DataRequest:
    """One issue with the request label, as the GitHub API gave it (plus what the fetch read)."""

    number: int
    title: str
    url: str  # the page (https), or "" when the API gave none
    state: str  # open | closed
    state_reason: str | None  # completed | not_planned | duplicate | reopened | None
    labels: tuple[str, ...]
    created_at: str  # ISO 8601, UTC
    closed_at: str | None
    institution: str = ""  # the form's answer to «¿Qué institución los tiene?»
    party: str | None = None  # the party matched when it was fetched (the build matches again)
    reason: str = ""  # why it was rejected: the last maintainer comment before it was closed

    @property
    def rejected(self) -> bool:
        return self.state == "closed" and (self.state_reason in REJECTED_REASONS or REJECTED_LABEL in self.labels)

    @property
    def status(self) -> str:
        """From the issue alone; the build also counts a cited item's published dataset (demand.py)."""
        if self.state != "closed":
            return "abierta"
        return "rechazada" if self.rejected else "atendida"

    @property
    def subject(self) -> str:
        """The title without the form's prefix."""
        title = self.title.strip()
        if title.casefold().startswith(TITLE_PREFIX):
            title = title[len(TITLE_PREFIX) :].strip()
        return title or f"#{self.number}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "url": self.url,
            "state": self.state,
            "state_reason": self.state_reason,
            "labels": list(self.labels),
            "created_at": self.created_at,
            "closed_at": self.closed_at,
            "institution": self.institution,
            "party": self.party,
            "status": self.status,
            "reason": self.reason,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DataRequest | None:
        number = data.get("number")
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            return None
        labels = data.get("labels")
        return cls(
            number,
            _text(data.get("title")),
            _text(data.get("url")) if _text(data.get("url")).startswith("https://") else "",
            "closed" if data.get("state") == "closed" else "open",
            data.get("state_reason") if isinstance(data.get("state_reason"), str) else None,
            tuple(str(x) for x in labels if isinstance(x, str)) if isinstance(labels, list) else (),
            _text(data.get("created_at")),
            data.get("closed_at") if isinstance(data.get("closed_at"), str) else None,
            _text(data.get("institution")),
            data.get("party") if isinstance(data.get("party"), str) else None,
            _text(data.get("reason")),
        )


@dataclass
class RequestsFile:
    """The outcome of one `catalogo requests fetch`: every request of the repository by number."""

    fetched_at: str
    repository: str  # owner/name
    label: str
    highest_number: int  # the newest issue or pull request then: a greater number did not exist yet
    requests: dict[int, DataRequest] = field(default_factory=dict)

    @property
    def fetched_on(self) -> dt.date | None:
        return day_of(self.fetched_at)

    def counted(self) -> frozenset[int]:
        """The requests that raise an item's demand: every fetched one but the rejected."""
        return frozenset(n for n, r in self.requests.items() if not r.rejected)

    def as_dict(self) -> dict[str, Any]:
        return {
            "version": FORMAT_VERSION,
            "fetched_at": self.fetched_at,
            "repository": self.repository,
            "label": self.label,
            "highest_number": self.highest_number,
            "requests": [self.requests[n].as_dict() for n in sorted(self.requests)],
        }


def save_requests(found: RequestsFile, path: Path) -> None:
    """Write the requests as JSON atomically (a reader never sees half a file)."""
    text = json.dumps(found.as_dict(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    with open_atomic(path, mode=None, prefix=".solicitudes-", suffix=".json") as f:
        f.write(text)


def load_requests(path: Path) -> RequestsFile | None:
    """The requests of the last fetch, or None when there is no usable file (never an error)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if (
        not isinstance(data, dict)
        or data.get("version") != FORMAT_VERSION
        or not isinstance(data.get("requests"), list)
    ):
        return None
    highest = data.get("highest_number")
    found = RequestsFile(
        _text(data.get("fetched_at")),
        _text(data.get("repository")),
        _text(data.get("label")),
        highest if isinstance(highest, int) and not isinstance(highest, bool) else 0,
    )
    for raw in data["requests"]:
        request = DataRequest.from_dict(raw) if isinstance(raw, dict) else None
        if request is not None:
            found.requests[request.number] = request
    found.highest_number = max([found.highest_number, *found.requests])
    return found


def day_of(stamp: str | None) -> dt.date | None:
    """The UTC day of an ISO 8601 instant ('2026-01-05T17:02:11Z')."""
    if not stamp:
        return None
    try:
        instant = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    if instant.tzinfo is not None:
        instant = instant.astimezone(dt.UTC)
    return instant.date()


def cited_numbers(item: InventoryItem) -> list[tuple[int, int]]:
    """(position, number) of each request number an item cites; other values are the schema's."""
    demand = item.data.get("demand")
    raw = demand.get("requests") if isinstance(demand, dict) else None
    if not isinstance(raw, list):
        return []
    return [(i, n) for i, n in enumerate(raw) if isinstance(n, int) and not isinstance(n, bool) and n > 0]


# --- the party a request is for ----------------------------------------------------------------


class PartyIndex:
    """Parties by id, by name and by acronym, compared as slugs (no case, accents or punctuation)."""

    def __init__(self, parties: Mapping[str, Party]) -> None:
        self.ids = set(parties)
        self.names: dict[str, set[str]] = {}
        self.acronyms: dict[str, set[str]] = {}
        for party_id, party in parties.items():
            for key in {party_id, slugify(party.name)}:
                self.names.setdefault(key, set()).add(party_id)
            if party.text("acronym"):
                self.acronyms.setdefault(slugify(party.text("acronym")), set()).add(party_id)

    def match(self, labels: tuple[str, ...], institution: str) -> str | None:
        """The party a `sujeto:<id>` label names, else the one the form's answer names (by id or
        name, then by acronym, also inside parentheses); None when none or several match."""
        labelled = {label[len(PARTY_LABEL) :].strip() for label in labels if label.startswith(PARTY_LABEL)}
        named = labelled & self.ids
        if named:
            return next(iter(named)) if len(named) == 1 else None
        candidates = _candidates(institution)
        for index in (self.names, self.acronyms):
            found = set().union(*(index.get(c, set()) for c in candidates)) if candidates else set()
            if found:
                return next(iter(found)) if len(found) == 1 else None
        return None


def _candidates(text: str) -> set[str]:
    """'Secretaría de Salud (SSA)' -> {'secretaria-de-salud-ssa', 'secretaria-de-salud', 'ssa'}."""
    whole = slugify(text)
    found = {whole} if whole else set()
    if "(" in text and text.rstrip().endswith(")"):
        before, _, inside = text.rstrip()[:-1].rpartition("(")
        found |= {s for s in (slugify(before), slugify(inside)) if s}
    return found


# --- validation ----------------------------------------------------------------------------------


def check_requests(catalogue: Catalogue, scope: set[str] | None, found: RequestsFile) -> Iterator[Problem]:
    """Each `demand.requests` number must be a fetched data request: a number above the newest
    issue of the fetch did not exist then (`request-unknown`); one below it is an issue or pull
    request without the request label (`request-not-a-request`)."""
    fetched = found.fetched_on.isoformat() if found.fetched_on else found.fetched_at
    for party in catalogue.parties.values():
        doc = party.inventory if party.inventory_path and (scope is None or party.inventory_path in scope) else None
        if doc is None:
            continue
        for item in party.inventory_items():
            for position, number in cited_numbers(item):
                if number in found.requests:
                    continue
                code = "request-unknown" if number > found.highest_number else "request-not-a-request"
                yield doc.problem(
                    code,
                    f"{item.pointer}/demand/requests/{position}",
                    number=number,
                    repository=found.repository,
                    fetched=fetched,
                    label=found.label,
                )


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""
