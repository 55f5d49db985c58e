"""Stage 4, render: What a dataset page says about time: when the source and the catalogue published
it, when its data and its description last changed, each change in words (never a commit's
subject), and the year and version its citation gives."""

from __future__ import annotations

from dataclasses import dataclass

from ..export.common import source_created
from ..gitdata.gitlog import ADDED, DELETED, Change
from ..gitdata.history import DATA, DESCRIPTION, DESCRIPTOR, PUBLISHED, FileChange, change_kind, subject_withheld
from ..measure.enriched import DatasetInfo
from .ui import Language

NOTE_FILES = 3  # files a derived note names before it says "and N more"


@dataclass(frozen=True)
class Day:
    date: str  # as shown: '1 de marzo de 2026'
    iso: str  # '2026-03-01'


@dataclass(frozen=True)
class ChangeRow:
    """One change of the history: what kind it was and, in words, what it did."""

    date: str
    iso: str
    kind: str  # 'publicado', 'datos' or 'descripcion' (gitdata.history.change_kind)
    kind_label: str  # 'Datos actualizados', 'Descripción editada', …
    note: str  # the publisher's note (a `Nota:` trailer) or what changed, in words
    commit: str  # abbreviated


@dataclass(frozen=True)
class DatasetDates:
    """The dates at the top of a dataset page; each None when it is not known or says nothing new."""

    source: Day | None  # the source's own publication (the descriptor's `created`)
    catalogue: Day | None  # its first commit: «Publicado en el catálogo»
    data: Day | None  # the last change of its data after it was published
    description: Day | None  # the last edit of its description alone, when newer than its data


def change_rows(changes: list[Change], files: list[list[FileChange]], lang: Language) -> list[ChangeRow]:
    """`changes` newest first and, for each, the files it touched in the dataset's folder."""
    rows = []
    for change, touched in zip(changes, files, strict=True):
        kind = change_kind(touched)
        note = "".join(ch for ch in change.note(lang.code) if ch.isprintable()).strip()
        rows.append(
            ChangeRow(
                lang.date(change.day),
                change.day,
                kind,
                lang.t[f"change_kind_{kind}"],
                (lang.t["history_note_withheld"] if subject_withheld(note) else note)
                or derived_note(kind, touched, lang),
                change.commit[:7],
            )
        )
    return rows


def derived_note(kind: str, files: list[FileChange], lang: Language) -> str:
    """What a change did, from the files it touched: 'Se actualizó mediciones.csv.'"""
    t = lang.t
    if kind == PUBLISHED:
        return t["note_published"]
    if kind == DESCRIPTION or not files:
        return t["note_description"]
    parts = []
    for status, key in ((ADDED, "note_added"), (None, "note_updated"), (DELETED, "note_removed")):
        names = sorted(
            {
                path.rsplit("/", 1)[-1]
                for path, found in files
                if path != DESCRIPTOR and (found == status or (status is None and found not in (ADDED, DELETED)))
            }
        )
        if names:
            parts.append(t[f"{key}_{'one' if len(names) == 1 else 'many'}"] % {"files": _listed(names, lang)})
    return " ".join(parts)


def _listed(names: list[str], lang: Language) -> str:
    shown = names[:NOTE_FILES]
    if len(names) > NOTE_FILES:
        return ", ".join(shown) + lang.t["note_more"] % {"n": lang.number(len(names) - NOTE_FILES)}
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + lang.t["note_and"] + shown[-1]


def dataset_dates(info: DatasetInfo, rows: list[ChangeRow], lang: Language) -> DatasetDates:
    """`rows`: the dataset's history as `change_rows` gives it, newest first."""
    source = source_created(info.dataset)
    data = next((r for r in rows if r.kind == DATA), None)
    description = next((r for r in rows if r.kind == DESCRIPTION), None)
    if description is not None and data is not None and description.iso <= data.iso:
        description = None
    published = rows[-1] if rows else None
    return DatasetDates(
        source=Day(lang.date(source), source) if source else None,
        catalogue=Day(published.date, published.iso) if published else None,
        data=Day(data.date, data.iso) if data else None,
        description=Day(description.date, description.iso) if description else None,
    )


def citation_year(info: DatasetInfo, fallback: int) -> str:
    """The source's year: its own publication (`created`), else the end of the period its data
    cover, else the year it entered the catalogue, else `fallback` (the build's year)."""
    source = source_created(info.dataset)
    if source:
        return source[:4]
    end = str(info.dataset.temporal.get("end") or info.dataset.temporal.get("start") or "")
    if end[:4].isdigit() and len(end) >= 4:
        return end[:4]
    return info.created.day[:4] if info.created else str(fallback)
