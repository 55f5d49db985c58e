"""`catalogo build`: the whole pipeline, read top to bottom as its stages."""

# load -> check -> enrich -> render (pages, data files) -> mkdocs -> exports -> pagefind -> publish
#
# Nothing is written to the output folder until every stage has succeeded: the site is assembled in
# a staging folder beside it, which then replaces it. A catalogue with errors does not build. The
# same commit builds the same bytes: dates come from git, "today" is the newest commit's date. The
# one input outside git is the last `catalogo check-links` results file (`.cache/link-check.json` by
# default, `link_check: results` in catalogo.yaml): link availability is part of each dataset's
# quality, so the same commit with other link results builds other pages and exports. The same holds
# for the last `catalogo requests fetch` (`.cache/solicitudes.json`, `data_requests: results`): the
# data requests' statuses and ages on party pages and in /solicitudes.csv come from it.

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .checks.run import check_catalogue, has_errors
from .core.cache import code_fingerprint
from .core.config import read_config
from .core.outputs import NewSite, OutputCache
from .core.parsememo import ParsedMemo
from .core.paths import forget_paths
from .core.problems import Problem
from .core.urls import with_slash
from .enrich import enrich, source_digests
from .export import write_exports
from .gitdata.history import is_shallow
from .load import load_catalogue
from .render.write import render_site, site_settings
from .site.assemble import (
    GuideEdit,
    build_narrative_pages,
    check_output,
    index_search,
    pages_limit_warning,
    publish,
    search_fingerprint,
    site_size,
    site_source,
    staging_folder,
)

STAGES = ("load", "check", "enrich", "render", "mkdocs", "exports", "pagefind", "publish")


class Reporter(Protocol):
    """Where the build tells its progress (the CLI draws it; the library never prints)."""

    def stage(self, name: str) -> None: ...

    def progress(self, done: int, total: int) -> None: ...


class _Silent:
    def stage(self, name: str) -> None:
        pass

    def progress(self, done: int, total: int) -> None:
        pass


@dataclass
class BuildResult:
    out: Path
    built: bool
    problems: list[Problem] = field(default_factory=list)
    pages: int = 0
    data_files: int = 0
    warnings: list[str] = field(default_factory=list)


def build_site(
    root: Path, out: Path, base_url: str | None = None, today: dt.date | None = None, reporter: Reporter | None = None
) -> BuildResult:
    """Build the catalogue at `root` into the folder `out`. Raises site.SiteError when a stage
    cannot run; content problems are returned, not raised."""
    report = reporter or _Silent()
    root, out = Path(root).resolve(), Path(out).resolve()
    check_output(root, out)
    config = read_config(root)  # once per build; enrich takes it from here
    base_url = normalize_base_url(base_url or config.site.base_url)
    source = site_source(root)

    forget_paths()  # remembered within a build only: files change between builds
    report.stage("load")
    catalogue = load_catalogue(root)
    report.stage("check")
    found: dict[str, dict] = {}  # each dataset's keys and views, from the data check (checks/keys.py)
    problems = check_catalogue(catalogue, found=found)
    if has_errors(problems):
        return BuildResult(out, built=False, problems=problems)
    parsed = ParsedMemo(root)
    catalogue.files.forget_marks(parsed)
    report.stage("enrich")
    enriched = enrich(catalogue, today, config=config.raw, keys=found)
    parsed.save(prune=True)  # enrich read every descriptor
    sources = source_digests(enriched)  # what each dataset's outputs are made from (output caches)
    malformed = enriched.history.malformed

    with staging_folder(out) as staging:
        # the files of the previous site that this build keeps: the new site's folder holds only
        # what changed, and publishing updates the previous site in place (site/assemble.py)
        site = NewSite(staging, out)
        report.stage("render")
        names = {"es": config.site.name_es, "en": config.site.name_en}
        rendered = render_site(
            enriched,
            staging,
            site_settings(names, base_url),
            source.build_dir,
            report.progress,
            previous=out,
            kept=site.kept,
            sources=sources,
        )
        report.stage("mkdocs")
        guides = OutputCache(root, out, "guides", code_fingerprint(), kept=site.kept)
        edit = GuideEdit(config.site.repository, root) if config.site.repository else None
        warnings = [f"mkdocs: {w}" for w in build_narrative_pages(source, staging, base_url, guides, site, edit)]
        report.stage("exports")  # after every page exists, so the sitemap lists the guides too
        exports = write_exports(enriched, staging, base_url, previous=out, kept=site.kept, sources=sources)
        # nothing after this reads the catalogue (its memory goes back as Pagefind runs: each run
        # reads one shard, ~0.06 MB a page, so no full collection is needed here)
        del enriched, catalogue
        report.stage("pagefind")
        search = OutputCache(root, out, "search", search_fingerprint(), kept=site.kept)
        index_search(site, search, known=rendered.page_digests)
        report.stage("publish")
        publish(staging, out, site.kept)
        if rendered.cache is not None:
            rendered.cache.save()
        guides.save()
        exports.save()
        search.save()
    forget_paths()
    too_big = pages_limit_warning(*site_size(out))
    if too_big:
        warnings = [*warnings, too_big]
    if malformed:
        warnings = [
            *warnings,
            f"historial de git: {malformed} registros mal formados se omitieron / git history: "
            f"{malformed} malformed records were left out",
        ]
    if is_shallow(root):
        warnings = [
            *warnings,
            "clon superficial de git: fechas e historia incompletas; clone con toda la historia "
            "(fetch-depth: 0) / shallow git clone: dates and history are incomplete",
        ]
    return BuildResult(out, True, problems, rendered.pages, rendered.data_files, warnings)


def normalize_base_url(url: str) -> str:
    return with_slash(url.strip())
