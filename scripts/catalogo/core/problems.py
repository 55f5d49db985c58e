"""Shared by every stage (core): Problems are data: a stable code, a place, and arguments for a message
template."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

SEVERITIES = ("error", "warning")
GUIDE_URL = "https://datos.gob.mx/guias/codigos/"  # the reference of every code, one anchor each


@cache
def code_catalogue() -> dict[str, dict[str, str]]:
    """Every problem code with its severity, titles, message templates and fixes."""
    text = resources.files("catalogo").joinpath("codes.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=yaml.CSafeLoader)


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


@dataclass(frozen=True)
class Problem:
    code: str
    path: str
    line: int | None = None
    column: int | None = None
    pointer: str | None = None
    args: tuple[tuple[str, Any], ...] = field(default=(), compare=False)
    severity: str = ""

    def __post_init__(self) -> None:
        if self.code not in code_catalogue():
            raise KeyError(f"unknown problem code {self.code!r}")
        if not self.severity:
            object.__setattr__(self, "severity", code_catalogue()[self.code]["severity"])

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.args)

    def message(self, lang: str = "es") -> str:
        entry = code_catalogue()[self.code]
        params = _Blank({k: _short(_localized(v, lang)) for k, v in self.args})
        parts = [entry[lang].format_map(params)]
        if params.get("suggestion") and f"suggest_{lang}" in entry:
            parts.append(entry[f"suggest_{lang}"].format_map(params))
        parts.append(entry.get(f"fix_{lang}", "").format_map(params))
        return " ".join(p for p in parts if p)

    def title(self, lang: str = "es") -> str:
        return code_catalogue()[self.code][f"title_{lang}"]

    def sort_key(self) -> tuple:
        return (self.path, self.line or 0, self.column or 0, self.code, self.pointer or "")


def problem(
    code: str,
    path: str,
    line: int | None = None,
    column: int | None = None,
    pointer: str | None = None,
    severity: str = "",
    /,
    **args: Any,
) -> Problem:
    """Build a Problem; keyword arguments (any name, even `path`) fill the message template."""
    return Problem(code, path, line, column, pointer, tuple(sorted(args.items())), severity)


def localized(es: str, en: str) -> dict[str, str]:
    """An argument whose text depends on the message language."""
    return {"es": es, "en": en}


def _localized(value: Any, lang: str) -> Any:
    if isinstance(value, dict) and "es" in value and "en" in value:
        return value[lang]
    return value


def _short(value: Any, limit: int = 120) -> str:
    text = str(value)
    text = "".join(ch if ch.isprintable() else "�" for ch in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def sorted_problems(problems: list[Problem]) -> list[Problem]:
    unique = {(p.sort_key(), p.message("en")): p for p in problems}
    return [unique[k] for k in sorted(unique)]
