"""Stage 4, render: the catalogue's own pages (home, catalogue, datasets, institutions, best
practices) written straight from the Jinja2 templates in build/templates/, in Spanish at the
site's root and in English under /en/; the site's CSS and JavaScript; and a copy of each
dataset's local data files beside its page so that download links work.

Pages link the stylesheets that mkdocs-material writes into the same site, so they share its
look without going through mkdocs (which costs ~10x per page and grows with its navigation)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import jinja2
from material import templates as material_templates

from .enrich import Enriched
from .html import CONTENT_SECURITY_POLICY
from .indicators import write_indicator_files
from .pages import PageSpec, SiteBuilder, SiteSettings
from .paths import resolve_resource
from .ui import Language, load_languages

ASSETS = "assets/catalogo/"
PAGEFIND = "pagefind/"
# Data files may not take the names of what the build writes beside a dataset page.
RESERVED_NAMES = {"index.html", "datapackage.json"}

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RenderResult:
    pages: int
    data_files: int


def theme_stylesheets() -> tuple[str, ...]:
    """mkdocs-material's own CSS as it lands in the built site (its names carry a content hash)."""
    folder = Path(material_templates.__file__).parent / "assets" / "stylesheets"
    names = sorted(p.name for p in folder.glob("*.min.css"))
    main = [n for n in names if n.startswith("main.")]
    palette = [n for n in names if n.startswith("palette.")]
    return tuple(f"assets/stylesheets/{n}" for n in main + palette)


def site_settings(names: dict[str, str], base_url: str) -> SiteSettings:
    return SiteSettings(
        names=names, base_url=base_url,
        stylesheets=theme_stylesheets() + (f"{ASSETS}catalogo.css",),
        # buscar.js imports pagefind/pagefind.js itself, at the first search (no Pagefind UI)
        search_stylesheets=(),
        search_scripts=(f"{ASSETS}buscar.js",),
        csp=CONTENT_SECURITY_POLICY)


def environment(templates: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)), autoescape=True,
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True)


def render_site(enriched: Enriched, out: Path, settings: SiteSettings, build_dir: Path,
                progress: Progress | None = None) -> RenderResult:
    """Write every catalogue page, the site's assets and the datasets' data files into `out`."""
    env = environment(build_dir / "templates")
    languages = load_languages(build_dir)
    builder = SiteBuilder(enriched, settings, languages)
    total, written = builder.page_count(), 0
    for spec in builder.pages():
        write_page(env, out, spec, languages[spec.lang])
        written += 1
        if progress and (written % 200 == 0 or written == total):
            progress(written, total)
    copy_assets(build_dir / "assets", out / ASSETS)
    if enriched.indicators is not None:
        write_indicator_files(enriched.indicators, out)
    return RenderResult(written, copy_data_files(enriched, out))


def write_page(env: jinja2.Environment, out: Path, spec: PageSpec, lang: Language) -> Path:
    page = spec.context.page
    html = env.get_template(spec.template).render(c=spec.context, page=page, t=lang.t)
    target = out / lang.prefix / spec.path / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")
    return target


def copy_assets(source: Path, target: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True)


def copy_data_files(enriched: Enriched, out: Path) -> int:
    """Copy each local resource file to datos/<party>/<dataset>/<path>. Only files that
    paths.resolve_resource accepts (inside the dataset's folder) are copied."""
    root, copied = Path(enriched.catalogue.root), 0
    for key, info in sorted(enriched.datasets.items()):
        dataset = info.dataset
        for resource in dataset.resources:
            target = resolve_resource(root, dataset.folder, resource.path)
            relative = PurePosixPath(resource.path)
            if target.file is None or not target.file.is_file() or str(relative) in RESERVED_NAMES:
                continue
            destination = out / "datos" / key / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(target.file, destination)
            copied += 1
    return copied
