"""mkdocs hook: the guides link the catalogue's own repository, so a fork's site links the fork:
`{{repositorio}}` becomes its address, `{{formulario:FILE}}` the address that opens its issue form
.github/ISSUE_TEMPLATE/FILE (`{repository}/issues/new?template=FILE`)."""

# The address is `extra.repository`: `catalogo build` sets it from site.repository (catalogo.yaml);
# mkdocs.yml holds the national repository's for builds without it. A link to a form that the
# repository does not have is reported as a warning (the build lists mkdocs' warnings).

import logging
from pathlib import Path

from catalogo.site.guide import issue_forms, render_repository_links

log = logging.getLogger("mkdocs.hooks.repository")


def on_page_markdown(markdown, page, config, files):  # noqa: ARG001 (mkdocs' hook signature)
    repository = str(config.extra.get("repository") or "")
    if not repository:
        return markdown
    forms = Path(config.config_file_path).parent / ".github" / "ISSUE_TEMPLATE"
    for name in issue_forms(markdown):
        if forms.is_dir() and not (forms / name).is_file():
            log.warning(
                "%s enlaza un formulario que no existe / links a missing issue form: %s", page.file.src_uri, name
            )
    return render_repository_links(markdown, repository)
