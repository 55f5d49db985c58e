"""Stage 4, render: the catalogue's own pages (home, catalogue, datasets, institutions, best practices)
written straight from the Jinja2 templates in build/templates/, in Spanish at the site's root and in
English under /en/; the site's CSS and JavaScript."""

# Also: a copy of each dataset's local data files beside its page so that download links work
# (only the types checks/filetypes.py allows); and the `_headers` file the hosts serve them with
# (hosting.py).
#
# Pages link the stylesheets that mkdocs-material writes into the same site, so they share its
# look without going through mkdocs (which costs ~10x per page and grows with its navigation).

from __future__ import annotations

import gc
import multiprocessing
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2
from material import templates as material_templates

from ..checks.filetypes import publishable
from ..core.children import die_with_parent
from ..core.digests import FileDigests
from ..core.paths import forget_paths, resolve_resource
from ..enrich import source_digests
from ..measure.enriched import Enriched
from ..measure.figures import write_indicator_files
from .hosting import write_headers_file
from .html import CONTENT_SECURITY_POLICY, markdown_html
from .measure_views import indicator_labels
from .pagecache import Entry, PageCache, inputs_digest, presentation_fingerprint
from .pages import PageSpec, SiteBuilder, SiteSettings
from .preview import forget_previews
from .ui import Language, load_languages

ASSETS = "assets/catalogo/"

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RenderResult:
    pages: int
    data_files: int
    cache: _Remember | None = None  # `.save()` once the site is published
    # each dataset page's digest: what it is made from (the search's parts are reused by it)
    page_digests: dict[str, str] = field(default_factory=dict)


def theme_stylesheets() -> tuple[str, ...]:
    """mkdocs-material's own CSS as it lands in the built site (its names carry a content hash)."""
    folder = Path(material_templates.__file__).parent / "assets" / "stylesheets"
    names = sorted(p.name for p in folder.glob("*.min.css"))
    main = [n for n in names if n.startswith("main.")]
    palette = [n for n in names if n.startswith("palette.")]
    return tuple(f"assets/stylesheets/{n}" for n in main + palette)


def site_settings(names: dict[str, str], base_url: str) -> SiteSettings:
    return SiteSettings(
        names=names,
        base_url=base_url,
        stylesheets=theme_stylesheets() + (f"{ASSETS}catalogo.css",),
        # buscar.js imports pagefind/pagefind.js itself, at the first search (no Pagefind UI)
        search_stylesheets=(),
        search_scripts=(f"{ASSETS}buscar.js",),
        csp=CONTENT_SECURITY_POLICY,
        dataset_scripts=(f"{ASSETS}copiar.js",),
        list_scripts=(f"{ASSETS}filtro.js",),
    )


def environment(templates: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )  # templates don't change during a build


def render_site(
    enriched: Enriched,
    out: Path,
    settings: SiteSettings,
    build_dir: Path,
    progress: Progress | None = None,
    *,
    previous: Path | None = None,
    kept: set[str] | None = None,
    workers: int | None = None,
    sources: dict[str, str] | None = None,
) -> RenderResult:
    """Write every catalogue page, the site's assets and the datasets' data files into `out`.

    Datasets are rendered first (each with all its languages), then parties and the pages that
    list them, each step spread over `workers` processes (default: the machine's cores). With
    `previous` (the site being replaced), a dataset whose inputs did not change since that site was
    built keeps its files there instead (pagecache.py), named in `kept`; `RenderResult.cache` then
    holds what to remember for the next build."""
    languages = load_languages(build_dir)
    builder = SiteBuilder(enriched, settings, languages)
    fingerprint = presentation_fingerprint(build_dir, (settings, enriched.config))
    root = Path(enriched.catalogue.root)
    cache = PageCache(root, previous, fingerprint, kept) if previous is not None else None
    if cache is not None and sources is None:
        sources = source_digests(enriched, FileDigests(root))
    work = _Work(environment(build_dir / "templates"), out, languages, builder, cache, sources or {}, fingerprint)
    total, written, entries = builder.page_count(), 0, {}

    def advance(pages: int) -> None:
        nonlocal written
        before, written = written, written + pages
        if progress and (written // 200 > before // 200 or written == total):
            progress(written, total)

    with _clear_memos():
        # what is reused is found here, so that only the datasets to render go to the workers
        found = {key: _reused(work, key) for key in enriched.datasets} if cache is not None else {}
        keys = [key for key in enriched.datasets if found.get(key) is None]
        made = {key: (entry, pages) for key, entry, pages in _run(work, _dataset_job, keys, workers)}
        for key in enriched.datasets:
            entry, pages = made[key] if key in made else (found[key], len(languages))
            assert entry is not None
            entries[key] = entry
            for lang, card in entry.cards.items():
                builder.cards.setdefault(lang, {})[key] = card
            advance(pages)
        jobs = [("party", party_id) for party_id in sorted(enriched.catalogue.parties)]
        jobs += [("place", code) for code in builder.places.codes()]
        jobs += [("shared", lang) for lang in languages]
        for page_entries in _run(work, _page_job, jobs, workers):
            entries.update(page_entries)
            if cache is not None:
                cache.outputs.kept.update(rel for _, e in page_entries if e.reused for rel, _, _ in e.files)
            advance(sum(len(e.files) for _, e in page_entries))
    copy_assets(build_dir / "assets", out / ASSETS)
    if enriched.indicators is not None:
        write_indicator_files(enriched.indicators, out, indicator_labels(languages))
    datasets = [e for key, e in entries.items() if key in enriched.datasets]
    data_files = sum(1 for e in datasets for rel, _, _ in e.files if not rel.endswith("/index.html"))
    write_headers_file(out, (rel for e in datasets for rel, _, _ in e.files))
    pages = {rel: e.digest for e in datasets if e.digest for rel, _, _ in e.files if rel.endswith("/index.html")}
    return RenderResult(written, data_files, _Remember(cache, entries) if cache else None, pages)


@dataclass
class _Work:
    """What every render job needs; set before the worker processes fork, so they inherit it."""

    env: jinja2.Environment
    out: Path
    languages: dict[str, Language]
    builder: SiteBuilder
    cache: PageCache | None
    sources: dict[str, str]  # enrich.source_digests
    fingerprint: str


@dataclass
class _Remember:
    cache: PageCache
    entries: dict[str, Entry]

    def save(self) -> None:
        self.cache.save(self.entries)


_WORK: _Work | None = None
SERIAL_BELOW = 400  # jobs; fewer run in this process (starting workers costs more than it saves)
WORKER_CHUNKS = 16  # chunks of jobs a worker process renders before a fresh one replaces it


def _run(work: _Work, job: Callable[[Any], Any], items: list[Any], workers: int | None) -> Iterator[Any]:
    """`job` over `items`, results in the order of `items` (so the output never depends on timing)."""
    global _WORK
    workers = workers if workers is not None else int(os.environ.get("CATALOGO_WORKERS") or os.cpu_count() or 1)
    _WORK = work
    try:
        if workers <= 1 or len(items) < SERIAL_BELOW or "fork" not in multiprocessing.get_all_start_methods():
            yield from map(job, items)
            return
        chunk = max(1, min(64, len(items) // (workers * 8)))
        # A forked worker copies every page of the parent's memory it touches: the garbage
        # collector would touch them all (frozen objects are left alone), and reading an object
        # writes its reference count, so workers are replaced after a while by fresh forks: one
        # pool per round of WORKER_CHUNKS chunks a worker. The pools are made here, in this
        # thread: a pool's own `maxtasksperchild` would fork the replacements from its handler
        # thread, and the kernel's parent-death signal (die_with_parent) follows the thread that
        # forked, so they were killed when that thread ended, possibly holding the pool's queue
        # lock, and the build hung in the pool's shutdown.
        round_size = workers * WORKER_CHUNKS * chunk
        gc.freeze()
        try:
            for start in range(0, len(items), round_size):
                # Workers end with this process even when it is killed (die_with_parent).
                with multiprocessing.get_context("fork").Pool(workers, die_with_parent, (os.getpid(),)) as pool:
                    yield from pool.imap(job, items[start : start + round_size], chunksize=chunk)
        finally:
            gc.unfreeze()
    finally:
        _WORK = None


def _reused(work: _Work, key: str) -> Entry | None:
    """A dataset's unit kept from the previous site: its digest comes before the pages' contexts,
    so an unchanged dataset costs no context at all."""
    assert work.cache is not None
    return work.cache.reuse(key, inputs_digest(work.fingerprint, _dataset_sources(work, key)), work.out)


def _dataset_job(key: str) -> tuple[str, Entry, int]:
    """A dataset's pages and data files, written (`render_site` has found it could not be reused)."""
    work = _WORK
    assert work is not None
    # without a previous site nothing is remembered
    digest = inputs_digest(work.fingerprint, _dataset_sources(work, key)) if work.cache is not None else ""
    specs = work.builder.dataset_pages(key)
    # the listings and party pages get the cards from here (the worker need not keep them)
    cards = {lang: work.builder.card(language, key) for lang, language in work.languages.items()}
    for lang in cards:
        work.builder.cards[lang].pop(key, None)
    written = [write_page(work.env, work.out, spec, work.languages[spec.lang]) for spec in specs]
    written += [path for spec in specs for path in write_beside(work.out, spec, work.languages[spec.lang])]
    written += copy_data_files(work.builder.enriched, key, work.out)
    files = []
    for path in written:
        found = path.stat()
        files.append((path.relative_to(work.out).as_posix(), found.st_size, found.st_mtime_ns))
    return key, Entry(digest, files, cards), len(work.languages)


def _dataset_sources(work: _Work, key: str) -> str:
    """What a dataset's pages, cards and copied files are made from besides the presentation (the
    fingerprint: code, templates, translations, settings, configuration): enrich.dataset_sources."""
    return work.sources[key]


def _party_sources(work: _Work, party_id: str) -> tuple[Any, ...]:
    """What a party's pages are made from besides the presentation: its files (profile, inventory,
    opening plan), its datasets (their sources stand for their cards, titles and timeliness) and
    what enrich worked out for it (plan statuses, ranked inventory, scorecard, data requests and
    the day they were fetched)."""
    enriched = work.builder.enriched
    party = enriched.catalogue.parties[party_id]
    documents = [doc.data if doc is not None else None for doc in (party.doc, party.inventory, party.plan)]
    datasets = [(info.dataset.key, work.sources[info.dataset.key]) for info in work.builder.by_party.get(party_id, [])]
    scorecard = enriched.indicators.scorecards.get(party_id) if enriched.indicators is not None else None
    fetched = enriched.requests_file.fetched_at if enriched.requests_file is not None else None
    requests = (enriched.requests_by_party.get(party_id), fetched)
    return (
        party_id,
        documents,
        datasets,
        enriched.plans.get(party_id),
        enriched.priorities.get(party_id),
        scorecard,
        requests,
    )


def _page_job(job: tuple[str, str]) -> list[tuple[str, Entry]]:
    work = _WORK
    assert work is not None
    kind, arg = job
    if kind == "party":
        return [_party_job(work, arg)]
    if kind == "place":
        return [_place_job(work, arg)]
    specs = work.builder.shared_pages(work.languages[arg])
    entries = []
    for spec in specs:
        key, digest = f"page:{spec.lang}:{spec.path}", ""
        if work.cache is not None:
            digest = inputs_digest(work.fingerprint, (spec.template, spec.lang, spec.path, spec.context, spec.files))
            reused = work.cache.reuse(key, digest, work.out)
            if reused is not None:
                entries.append((key, reused))
                continue
        paths = [write_page(work.env, work.out, spec, work.languages[spec.lang])]
        paths += write_beside(work.out, spec, work.languages[spec.lang])
        files = [(p.relative_to(work.out).as_posix(), p.stat().st_size, p.stat().st_mtime_ns) for p in paths]
        entries.append((key, Entry(digest, files, {})))
    return entries


def _party_job(work: _Work, party_id: str) -> tuple[str, Entry]:
    """A party's pages in every language, one unit keyed by their sources (no context is built
    when they are unchanged)."""
    key, digest = f"party:{party_id}", ""
    if work.cache is not None:
        digest = inputs_digest(work.fingerprint, _party_sources(work, party_id))
        reused = work.cache.reuse(key, digest, work.out)
        if reused is not None:
            return key, reused
    files = []
    for spec in work.builder.party_pages(party_id):
        path = write_page(work.env, work.out, spec, work.languages[spec.lang])
        found = path.stat()
        files.append((path.relative_to(work.out).as_posix(), found.st_size, found.st_mtime_ns))
    return key, Entry(digest, files, {})


def _place_job(work: _Work, code: str) -> tuple[str, Entry]:
    """A state's or municipality's pages in every language, one unit keyed by their sources
    (placepages.PlacePages.sources): an unchanged place costs no context."""
    key, digest = f"place:{code}", ""
    if work.cache is not None:
        digest = inputs_digest(work.fingerprint, work.builder.places.sources(code, work.sources))
        reused = work.cache.reuse(key, digest, work.out)
        if reused is not None:
            return key, reused
    files = []
    for spec in work.builder.place_pages(code):
        language = work.languages[spec.lang]
        for path in [write_page(work.env, work.out, spec, language), *write_beside(work.out, spec, language)]:
            found = path.stat()
            files.append((path.relative_to(work.out).as_posix(), found.st_size, found.st_mtime_ns))
    return key, Entry(digest, files, {})


@contextmanager
def _clear_memos() -> Iterator[None]:
    """Markdown and resource paths are remembered while rendering (each is asked for several times
    per dataset), and forgotten afterwards: files may change before the next build."""
    forget = (markdown_html.cache_clear, forget_paths, forget_previews)
    for clear in forget:
        clear()
    try:
        yield
    finally:
        for clear in forget:
            clear()


def write_page(env: jinja2.Environment, out: Path, spec: PageSpec, lang: Language) -> Path:
    page = spec.context.page
    html = env.get_template(spec.template).render(c=spec.context, page=page, t=lang.t)
    folder_page = not spec.path.endswith(".html")  # 404.html is a file of its own
    target = out / lang.prefix / spec.path / "index.html" if folder_page else out / lang.prefix / spec.path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")
    return target


def write_beside(out: Path, spec: PageSpec, lang: Language) -> list[Path]:
    """The files a page links to that are made with it (its maps and charts), in its folder."""
    written = []
    for name, text in spec.files:
        target = out / lang.prefix / spec.path / name
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def copy_assets(source: Path, target: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True)


def copy_data_files(enriched: Enriched, key: str, out: Path) -> list[Path]:
    """Copy each local resource file of a dataset to datos/<party>/<dataset>/<path>. Only files
    that paths.resolve_resource accepts (inside the dataset's folder) and that checks/filetypes.py
    allows are copied: validation refuses the others, and the build never publishes them even
    from a catalogue that was not validated."""
    root, copied = Path(enriched.catalogue.root), []
    dataset = enriched.datasets[key].dataset
    for resource in dataset.resources:
        target = resolve_resource(root, dataset.folder, resource.path)
        if target.file is None or not _publishable(target.file, resource.path, resource.data):
            continue
        destination = out / "datos" / key / PurePosixPath(resource.path)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(target.file, destination)
        copied.append(destination)
    return copied


def _publishable(file: Path, path: str, data: dict[str, Any]) -> bool:
    declared, media = (data.get(key) for key in ("format", "mediatype"))
    return publishable(
        file, path, declared if isinstance(declared, str) else None, media if isinstance(media, str) else None
    )
