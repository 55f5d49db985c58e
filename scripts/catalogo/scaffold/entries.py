"""Scaffolds (`catalogo new`): Scaffolds for a party, a success story and a tool: one YAML file each,
with what is known filled in, required fields left empty under a `# COMPLETAR` comment (so
validation fails on them until they are completed) and optional ones shown as commented examples."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.files import write_atomic
from ..core.vocab import vocabularies
from .dataset import TODO, Draft, yaml_flow


@dataclass(frozen=True)
class Entry:
    """One field of a scaffold: where it goes, how to ask for it, whether it is required."""

    key: str  # "name", or "liaison/email" one level down
    es: str
    en: str
    required: bool = False
    vocabulary: str | None = None
    multiple: bool = False
    example: str = ""

    def hint(self) -> str:
        if self.vocabulary:
            options = ", ".join(vocabularies().keys(self.vocabulary))
            return f"{self.es} ({'una o más' if self.multiple else 'una'} de: {options})"
        return self.es


KINDS: dict[str, tuple[Entry, ...]] = {
    "party": (
        Entry("name", "nombre oficial completo", "full official name", True),
        Entry("acronym", "siglas", "acronym", example="SIGLAS"),
        Entry("level", "orden de gobierno", "level of government", True, "levels"),
        Entry("power", "poder o tipo de sujeto obligado", "power or kind of party", True, "powers"),
        Entry(
            "state",
            "clave INEGI de dos dígitos de la entidad (no aplica al orden federal)",
            "INEGI two-digit state code (not for the federal level)",
            example='"14"',
        ),
        Entry(
            "municipality",
            "clave INEGI de cinco dígitos del municipio (orden municipal)",
            "INEGI five-digit municipality code (municipal level)",
            example='"14120"',
        ),
        Entry("website", "sitio web oficial", "official website", example="https://www.gob.mx/"),
        Entry(
            "liaison/name",
            "área de enlace de la Unidad de Transparencia",
            "transparency-unit liaison office",
            True,
        ),
        Entry(
            "liaison/email",
            "correo institucional del enlace",
            "liaison's institutional e-mail",
            True,
        ),
        Entry(
            "maintainers",
            "usuarios de GitHub que mantendrán los datos, separados por comas",
            "GitHub users who will maintain the data, comma-separated",
            multiple=True,
            example="[usuario-github]",
        ),
    ),
    "story": (
        Entry("title", "título del caso de éxito", "title of the success story", True),
        Entry(
            "summary",
            "qué se hizo con los datos y para qué (al menos 10 caracteres)",
            "what was done with the data and why (at least 10 characters)",
            True,
        ),
        Entry("organization/name", "quién lo hizo", "who did it", True),
        Entry(
            "organization/sector",
            "sector de quien lo hizo",
            "sector of who did it",
            True,
            "sectors",
        ),
        Entry("purpose", "propósito", "purpose", True, "purposes"),
        Entry("theme", "temas", "themes", vocabulary="themes", multiple=True, example="[salud]"),
        Entry(
            "datasets",
            "conjuntos usados como sujeto/conjunto, separados por comas",
            "datasets used, as party/dataset, comma-separated",
            True,
            multiple=True,
        ),
        Entry(
            "impact",
            "resultado o impacto logrado",
            "result or impact achieved",
            example="Más de cien mil lecturas.",
        ),
        Entry("date", "fecha AAAA-MM-DD", "date YYYY-MM-DD", True),
    ),
    "tool": (
        Entry("name", "nombre de la herramienta", "name of the tool", True),
        Entry(
            "description",
            "qué hace y para quién (al menos 10 caracteres)",
            "what it does and for whom (at least 10 characters)",
            True,
        ),
        Entry("url", "dirección https:// de la herramienta", "https:// address of the tool", True),
        Entry(
            "repository",
            "repositorio del código",
            "code repository",
            example="https://github.com/org/proyecto",
        ),
        Entry("license", "licencia del código", "code license", example="MIT"),
        Entry("category", "categoría", "category", True, "tool_categories"),
        Entry("organization", "quién la desarrolla", "who develops it", example="Organización"),
        Entry(
            "datasets",
            "conjuntos que usa como sujeto/conjunto, separados por comas",
            "datasets it uses, as party/dataset, comma-separated",
            multiple=True,
            example="[sujeto/conjunto]",
        ),
        Entry(
            "formats",
            "formatos que lee",
            "formats it reads",
            vocabulary="formats",
            multiple=True,
            example="[csv]",
        ),
        Entry("date", "fecha AAAA-MM-DD", "date YYYY-MM-DD", example="2026-01-31"),
    ),
}

PATHS = {
    "party": "parties/{id}/party.yaml",
    "story": "best-practices/stories/{id}.yaml",
    "tool": "best-practices/tools/{id}.yaml",
}


def entry_path(kind: str, entry_id: str) -> str:
    return PATHS[kind].format(id=entry_id)


def entry_draft(kind: str, entry_id: str, answers: dict[str, Any]) -> Draft:
    draft = Draft(
        f"Creado con «catalogo new {kind}». Complete cada campo marcado {TODO};",
        "«catalogo validate» señala lo que falta, con su línea. Las líneas que empiezan",
        "con # son opcionales: quite el # para usarlas.",
        f"Created by 'catalogo new {kind}'. Fill in every field marked {TODO} (to complete).",
    )
    draft.value("id", entry_id)
    required = _required_by_level(answers) if kind == "party" else set()
    parent = ""
    for entry in KINDS[kind]:
        head, _, leaf = entry.key.rpartition("/")
        if head and head != parent:
            draft.lines.append(f"{head}:")
        parent = head
        indent = 2 if head else 0
        value = answers.get(entry.key)
        if value not in (None, "", []) or entry.required or entry.key in required:
            draft.value(
                leaf,
                value if value is not None else ([] if entry.multiple else ""),
                entry.hint(),
                indent,
                entry.key,
            )
        else:
            draft.comment(
                f"{leaf}: {entry.example or yaml_flow('')}   # {entry.hint()} (opcional / optional)",
                indent,
            )
    return draft


def _required_by_level(answers: dict[str, Any]) -> set[str]:
    """A state party needs its state code; a municipal one, its state and municipality codes."""
    municipality = str(answers.get("municipality") or "")
    if municipality[:2].isdigit() and not answers.get("state"):
        answers["state"] = municipality[:2]
    return {"estatal": {"state"}, "municipal": {"state", "municipality"}}.get(answers.get("level", ""), set())


def scaffold_entry(root: Path, kind: str, entry_id: str, answers: dict[str, Any], force: bool = False) -> Draft:
    """Write the entry's YAML file; raises WouldOverwrite or OutsideRepository."""
    draft = entry_draft(kind, entry_id, answers)
    write_atomic(root, entry_path(kind, entry_id), draft.text().encode("utf-8"), force=force)
    return draft
