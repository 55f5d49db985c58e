"""`catalogo codeowners`: write (or, with --check, verify) .github/CODEOWNERS."""

from __future__ import annotations

import click

from ..checks.codeowners import CODEOWNERS_PATH, codeowners_text, first_difference
from ..checks.reviewers import read_reviewers
from ..core.config import read_config
from ..core.files import write_atomic
from .main import EnvironmentProblem, _repo, open_catalogue


@click.command("codeowners")
@click.option(
    "--check",
    is_flag=True,
    help="Solo verificar que el archivo esté al día (sale con 1 si no) / only check it is up to date (exit 1 if not).",
)
@click.pass_context
def codeowners(ctx: click.Context, check: bool) -> None:
    """Genera .github/CODEOWNERS a partir de los «maintainers» de cada sujeto obligado y los
    revisores de catalogo.yaml.

    Generate .github/CODEOWNERS from each party's maintainers and the reviewers in catalogo.yaml
    (national ones own everything; scoped ones, the parties of their state and levels).
    Exit: 0 up to date or written, 1 out of date (with --check), 2 usage, environment or
    reviewers setting error.
    """
    root = _repo(ctx)
    catalogue = open_catalogue(root)
    reviewers = list(read_config(root).reviewers)
    bad = read_reviewers(root)[1]
    if bad:  # an entry left out would silently take its reviewers' rights away
        first = bad[0]
        raise EnvironmentProblem(f"{first.path}:{first.line}: {first.message('es')} / {first.message('en')}")
    expected = codeowners_text(catalogue, reviewers)
    target = root / CODEOWNERS_PATH
    current = target.read_text(encoding="utf-8", errors="replace") if target.is_file() else ""
    difference = first_difference(current, expected)
    if check:
        if difference:
            click.echo(
                f"{CODEOWNERS_PATH}:{difference[0]}: desactualizado; ejecute «catalogo codeowners» / "
                "out of date; run 'catalogo codeowners'"
            )
        ctx.exit(1 if difference else 0)
    if difference is None:
        click.echo(f"{CODEOWNERS_PATH} ya está al día / is already up to date")
        return
    try:
        write_atomic(root, CODEOWNERS_PATH, expected.encode("utf-8"), force=True)
    except OSError as exc:
        raise EnvironmentProblem(f"no se pudo escribir / could not write {CODEOWNERS_PATH}: {exc.strerror}") from None
    click.echo(f"{CODEOWNERS_PATH} actualizado / updated")
