"""Stage 2, check: One report, four faces: terminal text (rich), GitHub annotations, Markdown and JSON."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from itertools import groupby
from typing import Any

from rich.console import Console
from rich.markup import escape as rich_escape

from ..core.problems import GUIDE_URL, Problem

_WORDS = {
    "es": {
        "error": "error",
        "warning": "aviso",
        "errors": "errores",
        "warnings": "avisos",
        "errors_1": "error",
        "warnings_1": "aviso",
        "line": "línea",
        "col": "col.",
        "ok": "El catálogo es válido.",
        "bad": "Hay problemas que impiden publicar.",
        "title": "Resultado de la validación",
        "file": "archivo",
        "where": "dónde",
        "code": "código",
        "message": "qué pasa y cómo corregirlo",
        "warn_only": "Sin errores; hay avisos que conviene atender.",
        "more": "problemas más no se muestran",
    },
    "en": {
        "error": "error",
        "warning": "warning",
        "errors": "errors",
        "warnings": "warnings",
        "errors_1": "error",
        "warnings_1": "warning",
        "line": "line",
        "col": "col",
        "ok": "The catalogue is valid.",
        "bad": "There are problems that prevent publication.",
        "title": "Validation result",
        "file": "file",
        "where": "where",
        "code": "code",
        "message": "what is wrong and how to fix it",
        "warn_only": "No errors; there are warnings worth fixing.",
        "more": "more problems are not shown",
    },
}


# Characters that would act instead of show in a terminal, a log or a rendered page: C0 and C1
# controls (ESC starts terminal sequences, newlines start new Markdown blocks or annotations),
# DEL, line and paragraph separators, and the invisible format characters (bidi overrides and
# isolates, zero-width characters). File names and messages carry user content, so each report
# shows these as visible escapes such as `\x1b` or `\u202e`.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\ufff9-\ufffb\U000e0000-\U000e0fff]"
)

# json.dumps already escapes C0 controls inside strings; outside them it writes only newlines.
_UNSAFE_IN_JSON = re.compile(_UNSAFE.pattern.replace("\x00-\x1f", "", 1))


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else (f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")


def visible(text: str) -> str:
    """`text` with every control, bidi and invisible format character written as an escape."""
    return _UNSAFE.sub(_visible, text)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def counts(problems: list[Problem]) -> dict[str, int]:
    return {
        "error": sum(p.severity == "error" for p in problems),
        "warning": sum(p.severity == "warning" for p in problems),
    }


def as_json(problems: list[Problem], lang: str = "es") -> str:
    c = counts(problems)
    payload = {
        "valid": c["error"] == 0,
        "counts": c,
        "problems": [
            {
                "code": p.code,
                "severity": p.severity,
                "path": p.path,
                "line": p.line,
                "column": p.column,
                "pointer": p.pointer,
                "message": p.message(lang),
            }
            for p in problems
        ],
    }
    # Same values once parsed; unsafe characters are written as JSON escapes, never raw.
    return _UNSAFE_IN_JSON.sub(_json_escape, json.dumps(payload, ensure_ascii=False, indent=2))


def _gh_data(text: str) -> str:
    return visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(problems: list[Problem], lang: str = "es") -> str:
    lines = []
    for p in problems:
        props = [f"file={_gh_prop(p.path)}"]
        if p.line:
            props.append(f"line={p.line}")
        if p.column:
            props.append(f"col={p.column}")
        props.append(f"title={_gh_prop(p.code)}")
        lines.append(f"::{p.severity} {','.join(props)}::{_gh_data(p.message(lang))}")
    return "\n".join(lines)


def _md_code(text: str) -> str:
    """A Markdown code span that shows `text` literally on one line, whatever it holds."""
    text = visible(text)
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}"


def _md(text: str) -> str:
    """Text shown literally in a table cell; an `@` goes in a code span of its own, so that a
    value quoted in a message never mentions (notifies) anyone on GitHub."""
    escaped = html.escape(visible(text), quote=False).replace("|", "\\|").replace("`", "\\`")
    escaped = escaped.replace("*", "\\*").replace("_", "\\_").replace("[", "\\[").replace("]", "\\]")
    return re.sub("[@＠﹫]", lambda m: f"`{m.group()}`", escaped)


def as_markdown(problems: list[Problem], lang: str = "es", limit: int = 500) -> str:
    w = _WORDS[lang]
    c = counts(problems)
    verdict = w["bad"] if c["error"] else (w["warn_only"] if c["warning"] else w["ok"])
    mark = "❌" if c["error"] else ("⚠️" if c["warning"] else "✅")
    out = [
        f"## {mark} {w['title']}",
        "",
        f"{verdict} **{c['error']}** {_noun(w, 'errors', c['error'])}, "
        f"**{c['warning']}** {_noun(w, 'warnings', c['warning'])}.",
        "",
    ]
    for path, group in groupby(problems[:limit], key=lambda p: p.path):
        out += [f"### {_md_code(path)}", "", f"| {w['where']} | {w['code']} | {w['message']} |", "|---|---|---|"]
        for p in group:
            where = f"{w['line']} {p.line}" if p.line else "—"
            icon = "❌" if p.severity == "error" else "⚠️"
            out.append(f"| {where} | {icon} [`{p.code}`]({GUIDE_URL}#{p.code}) | {_md(p.message(lang))} |")
        out.append("")
    if len(problems) > limit:
        out.append(f"… {len(problems) - limit} {w['more']}.")
    return "\n".join(out).rstrip() + "\n"


def print_text(problems: list[Problem], console: Console, lang: str = "es") -> None:
    w = _WORDS[lang]
    for path, group in groupby(problems, key=lambda p: p.path):
        # A line that starts with "::" is a command to GitHub Actions when CI shows this output.
        shown = "./" + path if path.startswith(":") else path
        console.print(f"[bold]{rich_escape(visible(shown))}[/bold]", highlight=False, soft_wrap=True)
        for p in group:
            where = f"{w['line']} {p.line}" + (f", {w['col']} {p.column}" if p.column else "") if p.line else ""
            style = "red" if p.severity == "error" else "yellow"
            console.print(
                f"  [{style}]{w[p.severity]}[/{style}] [dim]{rich_escape(where)}[/dim] "
                f"[cyan]{p.code}[/cyan] {rich_escape(visible(p.message(lang)))}",
                highlight=False,
                soft_wrap=True,
            )
    c = counts(problems)
    verdict = w["bad"] if c["error"] else (w["warn_only"] if c["warning"] else w["ok"])
    console.print(
        f"{verdict} {c['error']} {_noun(w, 'errors', c['error'])}, "
        f"{c['warning']} {_noun(w, 'warnings', c['warning'])}.",
        highlight=False,
    )


def _noun(words: dict[str, str], plural: str, count: int) -> str:
    return words[f"{plural}_1"] if count == 1 else words[plural]


RENDERERS: dict[str, Callable[[list[Problem], str], Any]] = {
    "json": as_json,
    "github": as_github,
    "markdown": as_markdown,
}
