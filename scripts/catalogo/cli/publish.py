"""`catalogo publish`: copy a built site to an S3-compatible bucket or a folder, uploading only what
changed and deleting what is gone last. Exit: 0 done, 1 the transfer failed (nothing deleted), 2 usage."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..publish.sync import Summary, TargetError, TransferError, publish_site, target_for
from .main import EnvironmentProblem


@click.command("publish")
@click.option(
    "--site",
    "site",
    default="site",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Carpeta del sitio construido / the built site's folder.",
)
@click.option(
    "--to",
    "to",
    required=True,
    help="s3://CUBETA[/PREFIJO] o una carpeta / s3://BUCKET[/PREFIX] or a folder.",
)
@click.option("--endpoint", default=None, help="URL de un almacenamiento S3 que no es AWS / a non-AWS S3 endpoint.")
@click.option("--dry-run", is_flag=True, help="Solo contar, sin cambiar nada / count only, change nothing.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--lang", type=click.Choice(["es", "en"]), default="es", show_default=True)
def publish_command(site: Path, to: str, endpoint: str | None, dry_run: bool, fmt: str, lang: str) -> None:
    """Publica el sitio construido en almacenamiento de objetos (S3 o compatible) o en una carpeta:
    sube solo lo que cambió y borra lo que ya no existe al final.

    Publish the built site to object storage (S3 or compatible) or a folder: upload only what
    changed, delete what is gone last. Credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.
    Exit: 0 done, 1 the transfer failed (nothing was deleted), 2 usage or credentials error.
    """
    en = lang == "en"
    try:
        target = target_for(to, endpoint)
        if fmt == "text" and sys.stdout.isatty() and not dry_run:
            summary = _with_progress(site, target, en)
        else:
            summary = publish_site(site.resolve(), target, dry_run=dry_run)
    except TargetError as exc:
        raise EnvironmentProblem(exc.told(lang)) from None
    except TransferError as exc:
        click.echo(exc.told(lang), err=True)
        sys.exit(1)
    except Exception as exc:  # noqa: BLE001 (the store or the network failed mid-way: nothing was deleted)
        click.echo(f"the transfer failed: {exc}" if en else f"la transferencia falló: {exc}", err=True)
        sys.exit(1)
    if fmt == "json":
        click.echo(json.dumps(summary.as_dict()))
        return
    click.echo(_text(summary, dry_run, en))


def _with_progress(site: Path, target, en: bool) -> Summary:  # noqa: ANN001
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

    with Progress(
        "[progress.description]{task.description}", BarColumn(), DownloadColumn(), TimeRemainingColumn()
    ) as bar:
        task = bar.add_task("Uploading" if en else "Subiendo", total=None)
        return publish_site(
            site.resolve(),
            target,
            progress=lambda size: bar.advance(task, size),
            total=lambda size: bar.update(task, total=size),
        )


def _text(summary: Summary, dry_run: bool, en: bool) -> str:
    s = summary
    if en:
        verb = "Would upload" if dry_run else "Uploaded"
        return (
            f"{verb} {s.uploaded} objects ({s.bytes_uploaded:,} bytes), deleted {s.deleted}, {s.unchanged} unchanged."
        )
    verb = "Se subirían" if dry_run else "Se subieron"
    return (
        f"{verb} {s.uploaded} objetos ({s.bytes_uploaded:,} bytes), se borraron {s.deleted}, {s.unchanged} sin cambios."
    )
