"""mkdocs hook: the guide for institutions lists every validation code from the code catalogue.

A page that contains the line `<!-- catalogo:codes -->` gets, in its place, the reference of
every code (title, severity, meaning, fix) in the page's language, generated from
scripts/catalogo/codes.yaml by catalogo.site.guide.codes_reference.
"""

from catalogo.site.guide import render_codes


def page_language(config) -> str:
    """The build's language: the English build (mkdocs.en.yml) sets theme.language to en."""
    theme = config["theme"]
    language = theme.get("language") if hasattr(theme, "get") else None
    return "en" if language == "en" or str(config["docs_dir"]).rstrip("/").endswith("/en") else "es"


def on_page_markdown(markdown, page, config, files):  # noqa: ARG001 (mkdocs' hook signature)
    return render_codes(markdown, page_language(config))
