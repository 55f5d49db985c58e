"""`catalogo requests fetch`: the data requests from the public, read from the repository's issues
into the file that the next validation and build read."""

# Exit codes: 0 done, 2 usage or environment error (no repository, the API refused or failed).

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import click

from ..checks.datarequests import RequestsFile, save_requests
from ..checks.issuefetch import API, FetchError, GitHub, fetch_requests, repository_of
from ..core import net
from ..core.config import load_config, requests_results_path
from .checks import _guard
from .main import EnvironmentProblem, _repo, open_catalogue

FILE_START = '{\n "fetched_at"'  # how a requests file written by this command begins
REASONS = {
    "bad-credentials": "el token no es válido / the token is not valid",
    "rate-limited": "se agotó el límite de consultas de la API; use GITHUB_TOKEN / the API's rate limit is exhausted; use GITHUB_TOKEN",
    "not-found": "no existe el repositorio o el token no puede leerlo / the repository does not exist or the token cannot read it",
    "too-many-redirects": "la API respondió con una redirección (¿cambió el nombre del repositorio?) / the API redirected (was the repository renamed?)",
    "foreign-link": "la API señaló una página fuera de su dirección / the API pointed to a page outside its address",
}


@click.group("requests")
def requests_group() -> None:
    """Solicitudes de datos del público (issues del formulario «Solicitar datos»).

    Data requests from the public (issues of the request form).
    """


@requests_group.command("fetch")
@click.option(
    "--out",
    type=click.Path(dir_okay=False),
    help="Archivo JSON de solicitudes (por omisión `data_requests: results` de catalogo.yaml, .cache/solicitudes.json) / requests JSON file (default: `data_requests: results`).",
)
@click.option(
    "--repository",
    metavar="DUEÑO/NOMBRE",
    help="Repositorio de los issues (por omisión site.repository, si no GITHUB_REPOSITORY) / the issues' repository (default site.repository, else GITHUB_REPOSITORY).",
)
@click.option(
    "--api",
    metavar="URL",
    help=f"Dirección de la API REST de GitHub (por omisión {API}; p. ej. GitHub Enterprise) / GitHub REST API address (default {API}).",
)
@click.option(
    "--force", is_flag=True, help="Reemplazar archivos que no escribió catalogo / replace files catalogo did not write."
)
@click.pass_context
def fetch_command(ctx: click.Context, out: str | None, repository: str | None, api: str | None, force: bool) -> None:
    """Lee cada issue con la etiqueta de solicitud de datos, abierto o cerrado, y lo guarda.

    Read every issue with the data-request label, open or closed, and keep it for the next
    `catalogo validate` and `catalogo build`. The token comes from GITHUB_TOKEN or GH_TOKEN
    (optional for a public repository, with a lower rate limit).
    """
    root = _repo(ctx)
    catalogue = open_catalogue(root)
    config = load_config(root)
    target = Path(out) if out else requests_results_path(root, config)
    _guard(target, FILE_START, force)
    site = config.get("site", {}).get("repository")
    if repository is not None and repository_of(repository) is None:
        raise EnvironmentProblem(
            f"repositorio no válido, use dueño/nombre / invalid repository, use owner/name: {repository}"
        )
    name = repository_of(repository) or repository_of(site) or repository_of(os.environ.get("GITHUB_REPOSITORY"))
    if name is None:
        raise EnvironmentProblem(
            "falta el repositorio: --repository, site.repository en catalogo.yaml o GITHUB_REPOSITORY / "
            "no repository: --repository, site.repository in catalogo.yaml or GITHUB_REPOSITORY"
        )
    token = os.environ.get("GITHUB_TOKEN") or os.environ.get("GH_TOKEN") or None
    # an address given by the operator may be private (GitHub Enterprise, a test server)
    github = GitHub(name, api or API, token, allow=(lambda _address: True) if api else net.is_public)
    label = str(config.get("data_requests", {}).get("label") or "solicitud-de-datos")
    try:
        found = fetch_requests(github, label, catalogue.parties)
    except FetchError as exc:
        why = REASONS.get(exc.reason, exc.reason)
        raise EnvironmentProblem(
            f"no se pudieron leer las solicitudes / could not read the requests: {why} ({exc.detail})"
        ) from None
    save_requests(found, target)
    _report(found, target)


def _report(found: RequestsFile, target: Path) -> None:
    counts = Counter(r.status for r in found.requests.values())
    unmatched = [f"#{n}" for n, r in sorted(found.requests.items()) if r.party is None]
    shown = ", ".join(unmatched[:20]) + (" …" if len(unmatched) > 20 else "")
    total = len(found.requests)
    click.echo(
        f"Solicitudes de {found.repository} en GitHub: {total} (abiertas: {counts['abierta']}, "
        f"cerradas como atendidas: {counts['atendida']}, rechazadas: {counts['rechazada']}); "
        f"sin sujeto obligado identificado: {len(unmatched)}{' (' + shown + ')' if shown else ''}. Archivo: {target}"
    )
    click.echo(
        f"Requests of {found.repository} on GitHub: {total} (open: {counts['abierta']}, "
        f"closed as fulfilled: {counts['atendida']}, rejected: {counts['rechazada']}); "
        f"without an identified party: {len(unmatched)}. File: {target}"
    )
