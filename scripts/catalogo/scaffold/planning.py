"""`catalogo new inventory|plan`: A party's data inventory and opening plan from a spreadsheet with
Spanish headers (the downloadable template), or the template itself; re-importing an edited sheet
updates the YAML in place, keeping each item's id and every field the sheet does not carry."""

# Columns are matched by their header without accents or case ("Título" = "titulo"). A row's id is
# its "Identificador" cell, else the existing item with the same title, else a new slug of the title.
# Vocabulary cells take a key or its Spanish or English label ("Estratégico", "estrategico").
# Nothing is written when a cell cannot be read: the command lists each problem with its row.

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..core.vocab import fold, slugify, vocabularies
from .tables import Table

# (header, key in the YAML, vocabulary, kind): kind is text, list (comma-separated) or 1-5 / numbers
Column = tuple[str, str, str | None, str]
INVENTORY_COLUMNS: list[Column] = [
    ("Identificador", "id", None, "text"),
    ("Título", "title", None, "text"),
    ("Descripción", "description", None, "text"),
    ("Unidad responsable", "unit", None, "text"),
    ("Formatos", "formats", None, "list"),
    ("Periodicidad", "frequency", "frequencies", "text"),
    ("Tipo de serie", "series_type", "series_types", "text"),
    ("Estatus", "status", "inventory_statuses", "text"),
    ("Demanda (1-5)", "priority/demand", None, "score"),
    ("Valor público (1-5)", "priority/public_value", None, "score"),
    ("Esfuerzo (1-5)", "priority/effort", None, "score"),
    ("Calidad (1-5)", "priority/quality", None, "score"),
    ("Riesgo de datos personales (1-5)", "priority/personal_data_risk", None, "score"),
    ("Solicitudes", "demand/requests", None, "numbers"),
    ("Fundamento legal de la reserva", "legal_basis", None, "text"),
    ("Conjunto de datos", "dataset", None, "text"),
]
PLAN_COLUMNS: list[Column] = [
    ("Activo", "item", None, "text"),
    ("Fecha compromiso", "due", None, "date"),
    ("Notas", "notes", None, "text"),
]


@dataclass
class Imported:
    data: dict[str, Any]
    problems: list[tuple[int, str]] = field(default_factory=list)  # (row line, what is wrong)
    added: int = 0
    updated: int = 0


def template_csv(kind: str) -> str:
    """The template: its headers and one example row, UTF-8 with a byte-order mark."""
    columns = INVENTORY_COLUMNS if kind == "inventory" else PLAN_COLUMNS
    example = (
        [
            "padron-beneficiarios",
            "Padrón de beneficiarios de programas sociales",
            "Personas beneficiarias por programa, municipio y mes, sin datos personales.",
            "Dirección de Programas Sociales",
            "CSV",
            "Mensual",
            "Estratégico",
            "Planeado",
            "4",
            "5",
            "2",
            "3",
            "2",
            "",
            "",
            "",
        ]
        if kind == "inventory"
        else ["padron-beneficiarios", "2026-12-31", ""]
    )
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([header for header, *_ in columns])
    writer.writerow(example)
    return out.getvalue()


def template_xlsx(kind: str, target: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Inventario" if kind == "inventory" else "Plan"
    for row in csv.reader(io.StringIO(template_csv(kind).lstrip("\ufeff"))):
        sheet.append(row)
    book.save(target)


def _columns(table: Table, columns: list[Column]) -> tuple[dict[str, int], list[str]]:
    wanted = {fold(" ".join(header.split())): key for header, key, _, _ in columns}
    found: dict[str, int] = {}
    unknown = []
    for index, header in enumerate(table.header):
        key = wanted.get(fold(" ".join(header.split())))
        if key is None:
            if header.strip():
                unknown.append(header)
        elif key not in found:
            found[key] = index
    return found, unknown


def term_key(value: str, vocabulary: str) -> str | None:
    """The key of a vocabulary term written as its key or its Spanish or English label, any case or accents."""
    vocab = vocabularies()
    for key in vocab.keys(vocabulary):
        if fold(value) in {
            fold(key),
            fold(vocab.label(vocabulary, key, "es")),
            fold(vocab.label(vocabulary, key, "en")),
        }:
            return key
    return None


def _value(cell: str, vocabulary: str | None, kind: str) -> tuple[Any, str]:
    """The YAML value of a cell and, when it cannot be read, why."""
    cell = cell.strip()
    if vocabulary:
        term = term_key(cell, vocabulary)
        return (term, "") if term else (None, f"«{cell}»: use {', '.join(vocabularies().keys(vocabulary))}")
    if kind == "score":
        return (int(cell), "") if cell in {"1", "2", "3", "4", "5"} else (None, f"«{cell}»: 1 a 5 / 1 to 5")
    if kind == "numbers":
        parts = [p.strip().lstrip("#") for p in cell.replace(";", ",").split(",") if p.strip()]
        if all(p.isdigit() and int(p) > 0 for p in parts):
            return sorted({int(p) for p in parts}), ""
        return None, f"«{cell}»: números de solicitud separados por comas / request numbers separated by commas"
    if kind == "list":
        return [p.strip() for p in cell.split(",") if p.strip()], ""
    if kind == "date":
        if len(cell) == 10 and cell[4] == "-" and cell[7] == "-":
            return cell, ""
        return None, f"«{cell}»: AAAA-MM-DD / YYYY-MM-DD"
    return cell, ""


def _put(item: dict[str, Any], key: str, value: Any) -> None:
    if "/" in key:
        group, name = key.split("/", 1)
        item.setdefault(group, {})[name] = value
    else:
        item[key] = value


def _drop(item: dict[str, Any], key: str) -> None:
    if "/" in key:
        group, name = key.split("/", 1)
        if isinstance(item.get(group), dict):
            item[group].pop(name, None)
            if not item[group]:
                del item[group]
    else:
        item.pop(key, None)


def import_inventory(table: Table, existing: dict[str, Any] | None) -> Imported:
    """The inventory `existing` (an inventory.yaml's content, or None) updated with the sheet."""
    data = dict(existing or {})
    items: list[dict[str, Any]] = [dict(i) for i in data.get("items") or [] if isinstance(i, dict)]
    result = Imported(data)
    found, unknown = _columns(table, INVENTORY_COLUMNS)
    result.problems += [(1, f"columna desconocida / unknown column «{h}»") for h in unknown]
    if "title" not in found:
        result.problems.append((1, "falta la columna / missing column «Título»"))
        return result
    by_id = {str(i.get("id")): i for i in items}
    by_title = {fold(str(i.get("title", ""))): i for i in items}
    for line, row in enumerate(table.rows, start=2):
        cells = {key: row[index] if index < len(row) else "" for key, index in found.items()}
        if not any(c.strip() for c in cells.values()):
            continue
        title = cells["title"].strip()
        item_id = cells.get("id", "").strip()
        item = by_id.get(item_id) if item_id else by_title.get(fold(title))
        if item is None:
            item_id = item_id or _new_id(title, by_id)
            item = {"id": item_id}
            items.append(item)
            by_id[item_id] = item
            by_title[fold(title)] = item
            result.added += 1
        else:
            result.updated += 1
        for header, key, vocabulary, kind in INVENTORY_COLUMNS:
            if key == "id" or key not in cells:
                continue
            if not cells[key].strip():
                _drop(item, key)  # an emptied cell removes the value
                continue
            value, problem = _value(cells[key], vocabulary, kind)
            if problem:
                result.problems.append((line, f"{header}: {problem}"))
            else:
                _put(item, key, value)
    data["items"] = items
    return result


def _new_id(title: str, taken: dict[str, Any]) -> str:
    base = slugify(title, 90) or "activo"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def import_plan(table: Table, existing: dict[str, Any] | None, start: str, end: str) -> Imported:
    """The opening plan `existing` updated with the sheet: one commitment per item (by its id)."""
    data = dict(existing or {})
    if start and end:
        data["period"] = {"start": start, "end": end}
    commitments: list[dict[str, Any]] = [dict(c) for c in data.get("commitments") or [] if isinstance(c, dict)]
    result = Imported(data)
    found, unknown = _columns(table, PLAN_COLUMNS)
    result.problems += [(1, f"columna desconocida / unknown column «{h}»") for h in unknown]
    for needed, header in (("item", "Activo"), ("due", "Fecha compromiso")):
        if needed not in found:
            result.problems.append((1, f"falta la columna / missing column «{header}»"))
    if result.problems and any(line == 1 and "falta" in text for line, text in result.problems):
        return result
    by_item = {str(c.get("item")): c for c in commitments}
    for line, row in enumerate(table.rows, start=2):
        cells = {key: row[index].strip() if index < len(row) else "" for key, index in found.items()}
        if not any(cells.values()):
            continue
        commitment = by_item.get(cells["item"])
        if commitment is None:
            commitment = {"item": cells["item"]}
            commitments.append(commitment)
            by_item[cells["item"]] = commitment
            result.added += 1
        else:
            result.updated += 1
        for header, key, vocabulary, kind in PLAN_COLUMNS[1:]:
            if key not in cells:
                continue
            if not cells[key]:
                commitment.pop(key, None)
                continue
            value, problem = _value(cells[key], vocabulary, kind)
            if problem:
                result.problems.append((line, f"{header}: {problem}"))
            else:
                commitment[key] = value
    data["commitments"] = commitments
    return result


PLANNING_FILES = {"inventory": "inventory.yaml", "plan": "opening-plan.yaml"}


class PlanningError(Exception):
    """The existing file cannot be updated (message in Spanish / English)."""


class MissingPeriod(PlanningError):
    """A new opening plan needs its period's start and end."""


@dataclass
class PlanningUpdate:
    """A party's inventory or plan updated with a sheet, not yet written."""

    path: str  # relative to the repository root
    imported: Imported
    existed: bool

    def text(self) -> str:
        return dump(self.imported.data)


def planning_path(kind: str, party: str) -> str:
    return f"parties/{party}/{PLANNING_FILES[kind]}"


def update_planning(root: Path, kind: str, party: str, table: Table, start: str = "", end: str = "") -> PlanningUpdate:
    """The party's inventory (`kind` "inventory") or opening plan ("plan") with the sheet imported
    into it; a new plan needs its period (`start`, `end`)."""
    rel = planning_path(kind, party)
    target = Path(root) / rel
    existing = yaml.safe_load(target.read_text(encoding="utf-8")) if target.is_file() else None
    if existing is not None and not isinstance(existing, dict):
        raise PlanningError(f"{rel}: no es un bloque de claves / not a mapping")
    if kind == "inventory":
        return PlanningUpdate(rel, import_inventory(table, existing), existing is not None)
    if not (start and end) and not (existing or {}).get("period"):
        raise MissingPeriod("indique el periodo del plan / give the plan's period")
    return PlanningUpdate(rel, import_plan(table, existing, start, end), existing is not None)


class _Dumper(yaml.SafeDumper):
    """Lists indented under their key ("items:" then "  - id: …"), as the catalogue writes them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


class _CompactDumper(_Dumper):
    """Innermost lists and mappings on one line and text of several lines as a literal block, as a
    person writes a descriptor (`theme: [salud]`, `- {name: id, type: integer}`, `description: |`)."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value.strip() else None)


_CompactDumper.add_representer(str, _text)


def dump(data: dict[str, Any], compact: bool = False) -> str:
    """YAML in the catalogue's style (keys in their order, Unicode as it is); `compact` as a person
    writes a descriptor."""
    if compact:
        return yaml.dump(
            data, Dumper=_CompactDumper, allow_unicode=True, sort_keys=False, width=100, default_flow_style=None
        )
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
