"""Stage 5, site: The guides' generated parts: the validation codes (codes.yaml), the allowed values
(vocabularies.yaml) and the links to the catalogue's repository, so no guide drifts from what
`catalogo validate` reports or from site.repository. mkdocs hooks (build/hooks/) call these."""

from __future__ import annotations

import html
import re

from ..core.problems import code_catalogue
from ..core.vocab import vocabularies

# Placeholders a guide's Markdown may contain, and what replaces each:
PLACEHOLDER = "<!-- catalogo:codes -->"  # every code, one section each (anchor #<code>)
CODES_INDEX = re.compile(r"<!-- catalogo:codes-index (\S+) -->")  # one anchor per code, linking PATH#<code>
VOCABULARY = re.compile(r"<!-- catalogo:vocab ([a-z_]+) -->")  # a collapsed table of allowed values
REPOSITORY = "{{repositorio}}"  # site.repository, without a trailing slash
ISSUE_FORM = re.compile(r"\{\{formulario:([A-Za-z0-9._-]+)\}\}")  # {repository}/issues/new?template=FILE

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
        "index": "Índice de códigos ({n}): cada uno lleva a su explicación",
        "value": "Valor que se escribe",
        "name": "Nombre",
        "themes": "Temas permitidos ({n})",
        "frequencies": "Frecuencias permitidas ({n})",
        "licenses": "Licencias aceptadas ({n})",
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
        "index": "Index of codes ({n}): each leads to its explanation",
        "value": "Value to write",
        "name": "Name",
        "themes": "Allowed themes ({n})",
        "frequencies": "Allowed frequencies ({n})",
        "licenses": "Accepted licences ({n})",
    },
}
_FIELD = re.compile(r"\{[a-z_]+\}")
# The anchor of each vocabulary's table, the same in both languages.
VOCABULARY_ANCHORS = {"themes": "temas", "frequencies": "frecuencias", "licenses": "licencias"}


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


def codes_index(lang: str, path: str) -> str:
    """HTML: a collapsed list of every code, each an anchor `#<code>` linking `path#<code>`, so the
    links to a code on a page the reference moved away from still land on it."""
    codes = code_catalogue()
    links = " · ".join(f'<a id="{code}" href="{html.escape(path)}#{code}"><code>{code}</code></a>' for code in codes)
    summary = _WORDS[lang]["index"].format(n=len(codes))
    return f'<details class="cat-codes-index" id="codigos">\n<summary>{summary}</summary>\n<p>{links}</p>\n</details>\n'


def vocabulary_reference(name: str, lang: str) -> str:
    """HTML: a collapsed table of a vocabulary's allowed values (what to write, and its name)."""
    w = _WORDS[lang]
    terms = vocabularies().terms[name]
    rows = "\n".join(
        f"<tr><td><code>{html.escape(key)}</code></td><td>{html.escape(str(entry[lang]))}</td></tr>"
        for key, entry in terms.items()
    )
    return (
        f'<details class="note cat-vocab" id="{VOCABULARY_ANCHORS[name]}">\n'
        f"<summary>{w[name].format(n=len(terms))}</summary>\n"
        f"<table>\n<thead><tr><th>{w['value']}</th><th>{w['name']}</th></tr></thead>\n"
        f"<tbody>\n{rows}\n</tbody>\n</table>\n</details>\n"
    )


def render_codes(markdown: str, lang: str) -> str:
    """The page with its placeholders for codes and vocabularies replaced (others are unchanged)."""
    if PLACEHOLDER in markdown:
        markdown = markdown.replace(PLACEHOLDER, codes_reference(lang))
    markdown = CODES_INDEX.sub(lambda m: codes_index(lang, m[1]), markdown)
    return VOCABULARY.sub(lambda m: vocabulary_reference(m[1], lang), markdown)


def issue_forms(markdown: str) -> list[str]:
    """The file names of the issue forms a page links to (`{{formulario:FILE}}`)."""
    return ISSUE_FORM.findall(markdown)


def render_repository_links(markdown: str, repository: str) -> str:
    """The page with `{{repositorio}}` and `{{formulario:FILE}}` turned into the repository's URLs."""
    base = repository.rstrip("/")
    markdown = ISSUE_FORM.sub(lambda m: f"{base}/issues/new?template={m[1]}", markdown)
    return markdown.replace(REPOSITORY, base)
