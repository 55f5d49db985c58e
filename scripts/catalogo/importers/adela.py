"""Importers (`catalogo import adela`): Reading datos.gob.mx's 2015 ADELA exports (institutions, opening
plans, published datasets, their resources, the strategic list) and matching them to the catalogue's
parties and to each other: which published dataset fulfils which planned item."""

# The folder holds the files as ADELA and datos.gob.mx's CKAN exported them (see the corpus'
# SOURCES.md): catalogs.json (institutions with `gov_type`), plans.csv (`dep,name,desc,date`: one
# row per planned dataset, `dep` an institution's slug), data.csv (`Inst,Conjunto,Recursos,Desc,
# fecha`: one row per dataset on datos.gob.mx, `Inst` an institution's name, `Conjunto` the CKAN
# slug, `fecha` its creation) and optionally MAT_test.csv (resources by institution slug) and
# ieda.tsv (institution, title: the national strategic datasets). Anything else is not an ADELA
# export: ImportSourceError (exit 2).
#
# Matching compares "squashed" text: folded (no case, no accents, HTML entities decoded) and without
# anything but letters and digits, so "Infraestructura Carretera" = `infraestructura-carretera`. A
# planned item and a dataset match when their squashed titles are equal, or when the CKAN slug is
# at least TRUNCATED long (ADELA cut slugs at 95 characters) and the item's title starts with it.
# A match counts only when it is one to one; anything else is reported, never guessed.

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ..checks.schema import BIDI, CONTROL
from ..core.problems import Problem, localized, problem
from ..core.vocab import fold
from .common import ImportSourceError

MAX_FILE_BYTES = 100 * 1024 * 1024
TRUNCATED = 90  # a slug this long may have been cut: the longest in the 2015 export is 95
LOOSE = 8  # squashed characters two titles share, at least, before one is called a possible match
TEST_INSTITUTIONS = frozenset({"adela-mxabierto"})  # ADELA's own dummy ("Institución dummy para pruebas")
HEADERS = {
    "plans.csv": ("dep", "name", "desc", "date"),
    "data.csv": ("Inst", "Conjunto", "Recursos", "Desc", "fecha"),
    "MAT_test.csv": ("institution", "base_name", "url", "type", "size"),
}
REQUIRED = ("catalogs.json", "plans.csv", "data.csv")


@cache  # every title is compared with many others
def squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(html.unescape(text)))


def clean(text: str) -> str:
    """Source text with its entities decoded, its spaces collapsed and the invisible controls that
    validation refuses (`control-character`, `bidi-control`) taken out."""
    return " ".join(BIDI.sub("", CONTROL.sub(" ", html.unescape(text or ""))).split())


@dataclass(frozen=True)
class Institution:
    slug: str
    title: str
    gov_type: str
    description: str


@dataclass(frozen=True)
class PlanRow:
    line: int
    dep: str
    title: str
    description: str
    due: dt.date


@dataclass(frozen=True)
class DataRow:
    line: int
    inst: str
    name: str  # the CKAN slug (`Conjunto`)
    description: str
    published: dt.date


@dataclass(frozen=True)
class ResourceRow:
    line: int
    institution: str
    name: str
    url: str
    mediatype: str


@dataclass
class AdelaExport:
    folder: Path
    files: list[str]
    institutions: dict[str, Institution]
    plans: list[PlanRow]
    data: list[DataRow]
    resources: list[ResourceRow]
    strategic: list[tuple[str, str]]  # (institution, title) from ieda.tsv
    problems: list[Problem] = field(default_factory=list)  # rows left out, with their line

    def path(self, name: str) -> str:
        return (self.folder / name).as_posix()


def _read_text(folder: Path, name: str) -> str:
    path = folder / name
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ImportSourceError(f"{path} excede {MAX_FILE_BYTES} bytes", f"{path} exceeds {MAX_FILE_BYTES} bytes")
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportSourceError(f"{path} no está en UTF-8", f"{path} is not UTF-8") from None
    except OSError as exc:
        raise ImportSourceError(
            f"no se pudo leer {path}: {exc.strerror}", f"cannot read {path}: {exc.strerror}"
        ) from None


def _rows(folder: Path, name: str) -> list[tuple[int, dict[str, str]]]:
    """The CSV's rows by header, with their line; its header must be ADELA's."""
    reader = csv.DictReader(io.StringIO(_read_text(folder, name), newline=""))
    try:
        header = tuple(h.strip() for h in reader.fieldnames or ())
    except csv.Error as exc:
        raise ImportSourceError(f"{folder / name} no es CSV ({exc})", f"{folder / name} is not CSV ({exc})") from None
    if header != HEADERS[name]:
        raise ImportSourceError(
            f"{folder / name} no es una exportación de ADELA: se esperaban las columnas {','.join(HEADERS[name])}",
            f"{folder / name} is not an ADELA export: expected the columns {','.join(HEADERS[name])}",
        )
    reader.fieldnames = list(header)
    try:
        return [(reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}) for row in reader]
    except csv.Error as exc:
        raise ImportSourceError(f"{folder / name} no es CSV ({exc})", f"{folder / name} is not CSV ({exc})") from None


def _institutions(folder: Path) -> dict[str, Institution]:
    try:
        loaded = json.loads(_read_text(folder, "catalogs.json"))
    except json.JSONDecodeError as exc:
        raise ImportSourceError(
            f"{folder / 'catalogs.json'} no es JSON válido ({exc})",
            f"{folder / 'catalogs.json'} is not valid JSON ({exc})",
        ) from None
    if not (
        isinstance(loaded, list)
        and loaded
        and all(isinstance(o, dict) and isinstance(o.get("slug"), str) and "gov_type" in o for o in loaded)
    ):
        raise ImportSourceError(
            f"{folder / 'catalogs.json'} no es la lista de instituciones de ADELA (objetos con slug, title, gov_type)",
            f"{folder / 'catalogs.json'} is not ADELA's list of institutions (objects with slug, title, gov_type)",
        )
    return {
        o["slug"].strip(): Institution(
            o["slug"].strip(),
            clean(str(o.get("title") or o["slug"])),
            str(o.get("gov_type") or ""),
            clean(str(o.get("description") or "")),
        )
        for o in loaded
    }


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10]) if len(text) >= 10 else None
    except ValueError:
        return None


def read_adela(folder: Path) -> AdelaExport:
    """The export in `folder`, checked: ImportSourceError when it is not one."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ImportSourceError(
            f"{folder} no es una carpeta con las exportaciones de ADELA ({', '.join(REQUIRED)})",
            f"{folder} is not a folder with ADELA's exports ({', '.join(REQUIRED)})",
        )
    missing = [name for name in REQUIRED if not (folder / name).is_file()]
    if missing:
        raise ImportSourceError(
            f"falta en {folder}: {', '.join(missing)}", f"missing in {folder}: {', '.join(missing)}"
        )
    export = AdelaExport(folder, [], _institutions(folder), [], [], [], [])
    export.files = [n for n in (*REQUIRED, "MAT_test.csv", "ieda.tsv") if (folder / n).is_file()]
    for line, row in _rows(folder, "plans.csv"):
        due = _day(row["date"])
        if not (row["dep"] and clean(row["name"]) and due):
            export.problems.append(_bad_row(export, "plans.csv", line, row["date"] if row["name"] else ""))
            continue
        export.plans.append(PlanRow(line, row["dep"], clean(row["name"]), clean(row["desc"]), due))
    for line, row in _rows(folder, "data.csv"):
        published = _day(row["fecha"])
        if not (row["Conjunto"] and published):
            export.problems.append(_bad_row(export, "data.csv", line, row["fecha"] if row["Conjunto"] else ""))
            continue
        export.data.append(DataRow(line, row["Inst"], row["Conjunto"], clean(row["Desc"]), published))
    if (folder / "MAT_test.csv").is_file():
        for line, row in _rows(folder, "MAT_test.csv"):
            if row["url"] and row["institution"]:
                name = clean(row["base_name"])
                export.resources.append(ResourceRow(line, row["institution"], name, row["url"], row["type"]))
    if (folder / "ieda.tsv").is_file():
        reader = csv.reader(io.StringIO(_read_text(folder, "ieda.tsv"), newline=""), delimiter="\t")
        try:
            export.strategic = [(r[0].strip(), clean(r[1])) for r in reader if len(r) >= 2 and r[0].strip()]
        except csv.Error as exc:
            path = folder / "ieda.tsv"
            raise ImportSourceError(f"{path} no es TSV ({exc})", f"{path} is not TSV ({exc})") from None
    return export


def _bad_row(export: AdelaExport, name: str, line: int, found: str) -> Problem:
    detail = f"fecha no válida «{found}»" if found else "sin nombre"
    detail_en = f"invalid date '{found}'" if found else "no name"
    return problem("adela-invalid-row", export.path(name), line, None, None, detail=localized(detail, detail_en))


# --- institutions -> parties -------------------------------------------------------------------


@dataclass
class PartyIndex:
    """Which party a source's institution name or slug is: its id, the party map, then the squashed
    names, acronyms and ADELA titles of the parties (a name two parties share matches neither); an
    ADELA slug that matches nothing is tried by its institution's title (ProMéxico was registered
    twice: `promexico` and `promexico-b8a8…`, both "PROMEXICO")."""

    ids: set[str]
    keys: dict[str, set[str]]
    mapped: dict[str, str]  # folded source key -> party id (--party-map)
    titles: dict[str, str] = field(default_factory=dict)  # ADELA slug -> its institution's title

    def resolve(self, name: str) -> tuple[str | None, list[str]]:
        """The party, or None with the candidates when ambiguous (none when unknown)."""
        party_id, found = self._lookup(name.strip())
        if party_id is None and not found and name.strip() in self.titles:
            return self._lookup(self.titles[name.strip()])
        return party_id, found

    def _lookup(self, name: str) -> tuple[str | None, list[str]]:
        if name in self.ids:
            return name, []
        if self.mapped.get(fold(name)) in self.ids:  # a map naming no party of the catalogue matches nothing
            return self.mapped[fold(name)], []
        found = sorted(self.keys.get(squash(name), ()))
        return (found[0], []) if len(found) == 1 else (None, found)


def party_index(
    parties: dict[str, dict[str, Any]], institutions: dict[str, Institution], mapped: dict[str, str]
) -> PartyIndex:
    """`parties`: id -> party.yaml's data. An ADELA institution whose slug is a party's id lends
    that party its ADELA title ("API-COA" for `api-mtt`)."""
    keys: dict[str, set[str]] = {}
    for party_id, data in parties.items():
        names = [party_id, str(data.get("name") or ""), str(data.get("acronym") or "")]
        if party_id in institutions:
            names.append(institutions[party_id].title)
        for name in names:
            if squash(name):
                keys.setdefault(squash(name), set()).add(party_id)
    return PartyIndex(set(parties), keys, mapped, {slug: i.title for slug, i in institutions.items()})


# --- planned items <-> published datasets ------------------------------------------------------


@dataclass
class Commitment:
    row: PlanRow
    dataset: DataRow | None = None
    match: str = ""  # exact | truncated
    duplicates: list[PlanRow] = field(default_factory=list)  # later rows with the same title


@dataclass
class Matching:
    commitments: list[Commitment]
    ambiguous: list[tuple[PlanRow, list[DataRow]]]  # an item with several datasets, or sharing one
    possible: list[tuple[PlanRow, DataRow]]  # titles that only overlap: reported, not counted


def _candidates(row: PlanRow, datasets: list[DataRow]) -> tuple[list[DataRow], str]:
    title = squash(row.title)
    exact = [d for d in datasets if squash(d.name) == title]
    if exact:
        return exact, "exact"
    cut = [d for d in datasets if len(d.name) >= TRUNCATED and title.startswith(squash(d.name))]
    return cut, "truncated"


def match_plans(rows: list[PlanRow], datasets: list[DataRow]) -> Matching:
    """One commitment per distinct title (the first row; later ones are duplicates), each with its
    dataset when the match is one to one."""
    commitments: dict[str, Commitment] = {}
    for row in rows:
        key = squash(row.title)
        if key in commitments:
            commitments[key].duplicates.append(row)
        else:
            commitments[key] = Commitment(row)
    found = {key: _candidates(c.row, datasets) for key, c in commitments.items()}
    claims: dict[int, int] = {}
    for candidates, _ in found.values():
        for d in candidates:
            claims[d.line] = claims.get(d.line, 0) + 1
    result = Matching(list(commitments.values()), [], [])
    for key, commitment in commitments.items():
        candidates, kind = found[key]
        if len(candidates) == 1 and claims[candidates[0].line] == 1:
            commitment.dataset, commitment.match = candidates[0], kind
        elif candidates:
            result.ambiguous.append((commitment.row, candidates))
        else:
            result.possible.extend((commitment.row, d) for d in _overlapping(commitment.row, datasets))
    return result


def _overlapping(row: PlanRow, datasets: Iterable[DataRow]) -> list[DataRow]:
    title = squash(row.title)
    return [
        d
        for d in datasets
        if min(len(title), len(squash(d.name))) >= LOOSE
        and (title.startswith(squash(d.name)) or squash(d.name).startswith(title))
    ]


def resources_of(datasets: list[DataRow], resources: list[ResourceRow]) -> dict[int, list[ResourceRow]]:
    """Each dataset's resources (by the dataset's line): a resource named as the dataset, as its
    description, or as the dataset followed by more (a year) belongs to it when to no other."""
    found: dict[int, list[ResourceRow]] = {}
    for resource in resources:
        name = squash(resource.name)
        owners = [
            d
            for d in datasets
            if name
            and (
                name in (squash(d.name), squash(d.description))
                or (len(squash(d.name)) >= LOOSE and name.startswith(squash(d.name)))
            )
        ]
        if len(owners) == 1:
            found.setdefault(owners[0].line, []).append(resource)
    return found


def dataset_title(dataset: DataRow, resources: list[ResourceRow]) -> str:
    """A dataset's title: data.csv gives only its slug, so a resource named exactly as it lends its
    written name ("Librerías" for `librerias`); else the slug in words."""
    for resource in resources:
        if squash(resource.name) == squash(dataset.name):
            return resource.name
    words = " ".join(dataset.name.replace("-", " ").split())
    return words[:1].upper() + words[1:]
