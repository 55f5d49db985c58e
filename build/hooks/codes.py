"""mkdocs hook: the guides' generated references, in the page's language, from the catalogue's own
files (scripts/catalogo/codes.yaml and vocab/vocabularies.yaml, through catalogo.site.guide)."""

# Placeholders a page may contain:
# - `<!-- catalogo:codes -->`: every validation code (title, severity, meaning, fix), anchor `#<code>`;
# - `<!-- catalogo:codes-index PATH -->`: a collapsed index, one anchor `#<code>` per code linking
#   PATH#<code>, so links made when the reference lived on that page keep landing on the code;
# - `<!-- catalogo:vocab themes|frequencies|licenses -->`: a collapsed table of the allowed values.

from catalogo.site.guide import render_codes


def page_language(config) -> str:
    """The build's language: the English build (mkdocs.en.yml) sets theme.language to en."""
    theme = config["theme"]
    language = theme.get("language") if hasattr(theme, "get") else None
    return "en" if language == "en" or str(config["docs_dir"]).rstrip("/").endswith("/en") else "es"


def on_page_markdown(markdown, page, config, files):  # noqa: ARG001 (mkdocs' hook signature)
    return render_codes(markdown, page_language(config))
