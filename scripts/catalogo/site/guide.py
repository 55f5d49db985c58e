"""Stage 5, site: The guide for institutions explains every validation code from the code catalogue
itself (codes.yaml), so the guide cannot drift from what `catalogo validate` reports. A mkdocs hook
(build/hooks/codes.py) puts `codes_reference(lang)` where a page says `<!-- catalogo:codes -->`."""

from __future__ import annotations

import html
import re

from ..core.problems import code_catalogue

PLACEHOLDER = "<!-- catalogo:codes -->"

_WORDS = {
    "es": {
        "code": "Código",
        "what": "Qué es",
        "severity": "Gravedad",
        "means": "Qué significa",
        "fix": "Cómo corregirlo",
        "error": "error: impide publicar",
        "warning": "aviso: no impide publicar",
        "error_short": "error",
        "warning_short": "aviso",
    },
    "en": {
        "code": "Code",
        "what": "What it is",
        "severity": "Severity",
        "means": "What it means",
        "fix": "How to fix it",
        "error": "error: blocks publication",
        "warning": "warning: does not block publication",
        "error_short": "error",
        "warning_short": "warning",
    },
}
_FIELD = re.compile(r"\{[a-z_]+\}")


def codes_reference(lang: str = "es") -> str:
    """Markdown: a table of every code, then one section per code (anchor `#<code>`) with its
    title, severity, what it means and how to fix it."""
    w = _WORDS[lang]
    codes = code_catalogue()
    out = [
        '<a id="codigos"></a>',
        "",
        f"| {w['code']} | {w['what']} | {w['severity']} |",
        "|---|---|---|",
    ]
    out += [
        f"| [`{code}`](#{code}) | {_text(entry[f'title_{lang}'])} | {w[entry['severity'] + '_short']} |"
        for code, entry in codes.items()
    ]
    for code, entry in codes.items():
        out += [
            "",
            f'<a id="{code}"></a>',
            "",
            f"### `{code}`: {_text(entry[f'title_{lang}'])}",
            "",
            f"**{w['severity']}:** {w[entry['severity']]}.",
            "",
            f"**{w['means']}:** {_template(entry[lang])}",
            "",
            f"**{w['fix']}:** {_template(entry.get(f'fix_{lang}', ''))}",
        ]
    return "\n".join(out) + "\n"


def _template(text: str) -> str:
    """A message template as prose: each value the validator fills in becomes '…'."""
    filled = _FIELD.sub("…", text).replace("….", "…")
    return _text(filled)


def _text(text: str) -> str:
    escaped = html.escape(str(text), quote=False)
    for ch in "\\`*_[]|":
        escaped = escaped.replace(ch, "\\" + ch)
    return escaped.replace("\n", " ").strip()


def render_codes(markdown: str, lang: str) -> str:
    """The page with its placeholder replaced by the reference (pages without it are unchanged)."""
    return markdown.replace(PLACEHOLDER, codes_reference(lang)) if PLACEHOLDER in markdown else markdown
