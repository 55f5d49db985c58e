"""Scaffolds (`catalogo form`): A form's result for people: Markdown for the issue comment (what was done,
each problem with its field, code and fix), the pull request's title, and the workflow's outputs."""

from __future__ import annotations

from ..checks.report import _md, _md_code
from ..core.problems import GUIDE_URL
from .fromissue import FormResult

KIND_WORDS = {
    "dataset": ("conjunto de datos", "dataset"),
    "inventory": ("inventario de datos", "data inventory"),
    "plan": ("plan de apertura", "opening plan"),
}


def form_branch(number: int) -> str:
    """The branch of an issue's change: from its number only, so that every edit of the issue
    updates the same branch and pull request, and nothing the issue says reaches a git ref."""
    return f"formulario/issue-{int(number)}"


def pull_request_title(result: FormResult) -> str:
    es, _ = KIND_WORDS.get(result.kind, ("cambio", "change"))
    return f"Formulario #{result.number}: {es} {result.subject}".rstrip()


def form_summary(result: FormResult) -> str:
    """The comment's first part (the workflow appends the validation report and the pull request)."""
    if result.blocked:
        heading = "## ❌ El formulario tiene problemas: no se preparó ningún cambio / The form has problems: no change was prepared"
    elif result.written:
        heading = "## ✅ Formulario procesado / Form processed"
    else:
        heading = "## ✅ Formulario procesado, sin cambios / Form processed, no changes"
    es, en = KIND_WORDS.get(result.kind, ("—", "—"))
    out = [
        heading,
        "",
        f"**{es.capitalize()}** / *{en}*" + (f": {_md_code(result.subject)}" if result.subject else ""),
        "",
    ]
    out += [f"- {_md(note_es)} / *{_md(note_en)}*" for note_es, note_en in result.notes]
    if result.written:
        out += ["", "Archivos / files:", ""] + [f"- {_md_code(path)}" for path in result.written]
    if result.problems:
        out += ["", "| campo / field | código / code | qué pasa y cómo corregirlo / what is wrong and how to fix it |"]
        out.append("|---|---|---|")
        for p in result.problems:
            label = result.request.form.label_of(p.pointer) if result.request and p.pointer else ""
            where = _md(label or dict(p.args).get("field") or "—")
            icon = "❌" if p.severity == "error" else "⚠️"
            out.append(f"| {where} | {icon} [`{p.code}`]({GUIDE_URL}#{p.code}) | {_md(p.message('es'))} |")
        out += [
            "",
            "Para corregir, edite este issue (menú «…» → *Edit*) y guarde: se procesará de nuevo. "
            "/ *To fix it, edit this issue and save: it is processed again.*",
        ]
    return "\n".join(out).rstrip() + "\n"


def workflow_outputs(result: FormResult) -> str:
    """`name=value` lines for $GITHUB_OUTPUT: only values made here, none copied from the issue."""
    values = {
        "branch": form_branch(result.number),
        "kind": result.kind or "none",
        "valid": "false" if result.blocked else "true",
        "changed": "true" if result.written else "false",
    }
    return "".join(f"{name}={value}\n" for name, value in values.items())
