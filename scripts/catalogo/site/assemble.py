"""Stage 5, site: mkdocs-material for the narrative pages (guides, about), Pagefind over the
catalogue pages, all inside a staging folder that replaces the output folder only when every
stage succeeded. A failed or interrupted build leaves the previous site untouched."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..core.cache import code_fingerprint
from ..core.children import child_options
from ..core.outputs import NewSite, OutputCache, Unit, records
from .searchindex import (
    INDEXED_PAGES,
    PART_PAGES,
    UnexpectedIndex,
    merge_entries,
    prune,
    shard_count,
    shards,
    split_parts,
    stabilize,
    write_parts,
)

CATALOGUE_FOLDERS = ("parties", "datasets", "best-practices", "build", "scripts", "tests", ".git")
# mkdocs writes its own sitemap with the build's date; the catalogue's sitemap comes from the
# exports, so mkdocs' is left out (it would also break byte-identical builds).
MKDOCS_SKIPPED = {"sitemap.xml", "sitemap.xml.gz"}


class SiteError(Exception):
    """A stage of the site could not run (mkdocs or Pagefind failed, the output is unsafe)."""


@dataclass(frozen=True)
class SiteSource:
    """Where the presentation lives: build/ (templates, i18n, assets, docs) and mkdocs configs."""

    build_dir: Path
    mkdocs_configs: tuple[Path, ...]  # Spanish first, then English


def source_checkout() -> Path | None:
    """The project's own repository when this package runs from it (installed editable, or with
    `scripts/` on the path): the folder that holds `scripts/catalogo/`, found from the top-level
    package wherever this module sits inside it. None when the package was installed from a wheel:
    the presentation (build/, mkdocs.yml) is not part of the package, so the catalogue must
    carry its own."""
    package = Path(sys.modules[__name__.partition(".")[0]].__file__ or "").resolve().parent
    if package.name != "catalogo" or package.parent.name != "scripts":
        return None
    return package.parent.parent


def site_source(root: Path) -> SiteSource:
    """The presentation a catalogue is built with: its own build/ and mkdocs.yml when it has them,
    else this project's (`source_checkout`), since a catalogue repository may keep only content."""
    checkout = source_checkout()
    for base in (Path(root),) + ((checkout,) if checkout is not None else ()):
        configs = (base / "mkdocs.yml", base / "mkdocs.en.yml")
        if (base / "build" / "templates").is_dir() and all(c.is_file() for c in configs):
            return SiteSource(base / "build", configs)
    raise SiteError("no se encontraron build/templates ni mkdocs.yml / build/templates and mkdocs.yml not found")


def check_output(root: Path, out: Path) -> None:
    """Refuse outputs that would replace the repository or something that is not a built site."""
    root, out = Path(root).resolve(), Path(out).resolve()
    if out == root or root.is_relative_to(out):
        raise SiteError(f"la salida contiene el repositorio / the output contains the repository: {out}")
    if any(out.is_relative_to(root / folder) for folder in CATALOGUE_FOLDERS):
        raise SiteError(
            f"la salida está dentro del contenido del catálogo / the output is inside the catalogue's sources: {out}"
        )
    if out.exists() and not out.is_dir():
        raise SiteError(f"la salida no es una carpeta / the output is not a folder: {out}")
    if out.is_dir() and any(out.iterdir()) and not (out / "pagefind").is_dir():
        raise SiteError(
            f"la carpeta no es un sitio generado; bórrela o elija otra / the folder is not a built site; remove it or choose another: {out}"
        )


@contextmanager
def staging_folder(out: Path) -> Iterator[Path]:
    """A fresh folder beside `out` (same file system, so publishing is a rename), removed unless
    it was published. Its name carries this process's id, so that the next build can tell the
    leftovers of a build that was killed (`kill -9` runs no clean-up) and remove them."""
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(out)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-{os.getpid()}-", dir=out.parent))
    staging.chmod(0o755)
    try:
        yield staging
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def remove_leftovers(out: Path) -> list[Path]:
    """Remove the staging and previous-site folders beside `out` whose build process has ended;
    a build that is still running (another process) keeps its own. Returns what was removed."""
    leftover = re.compile(rf"^\.{re.escape(out.name)}\.(?:building|previous)-(\d+)(?:-.*)?$")
    removed = []
    for entry in sorted(out.parent.iterdir()):
        match = leftover.match(entry.name)
        if match and not entry.is_symlink() and entry.is_dir() and not _running(int(match[1])):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this process is starting a build: its earlier ones are over
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's live process
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """An ended process that its parent has not reaped yet (Linux; False where /proc is absent)."""
    try:
        status = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return False
    return status.rsplit(")", 1)[-1].split()[:1] == ["Z"]


# GitHub Pages serves at most 1 GB and cancels a deployment after 10 minutes; past about this many
# files its upload and deployment no longer fit in that time (an estimate, kept on the safe side).
PAGES_MAX_BYTES = 1 << 30
PAGES_MAX_FILES = 200_000


def site_size(out: Path) -> tuple[int, int]:
    """Bytes and number of files of a built site."""
    size = files = 0
    pending = [str(out)]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                elif entry.is_file(follow_symlinks=False):
                    size += entry.stat(follow_symlinks=False).st_size
                    files += 1
    return size, files


def pages_limit_warning(size: int, files: int) -> str | None:
    """A warning when a site of this size cannot be served or deployed by GitHub Pages."""
    if size <= PAGES_MAX_BYTES and files <= PAGES_MAX_FILES:
        return None
    gb, count = f"{size / (1 << 30):.2f}", f"{files:,}"
    return (
        f"el sitio ({gb} GB, {count} archivos) pasa los límites de GitHub Pages (1 GB; despliegues de "
        "10 minutos): publíquelo en almacenamiento de objetos con `catalogo publish --to s3://CUBETA` "
        "(guía para operadores) / the site ({gb} GB, {count} files) exceeds GitHub Pages' limits (1 GB; "
        "10-minute deployments): publish it to object storage with `catalogo publish --to s3://BUCKET` "
        "(operators' guide)"
    )


def publish(staging: Path, out: Path, kept: set[str] | None = None) -> None:
    """Make the site built in `staging` the one at `out`.

    When nothing of the previous site is kept (`kept` empty: a first build, or everything
    changed), two renames, the old site restored if the second fails. Otherwise the previous site
    is updated in place: each new file is moved over it (content-named files first, the pages
    next, the entry points last: the home page, the search's script and lists), then the files
    the new site no longer has are removed. Nothing unchanged is touched. A build killed during
    these moves leaves a site of old and new files, which the next build completes (the caches'
    manifests are saved only after this returns, so it checks everything it keeps)."""
    if not kept or not out.is_dir():
        _replace(staging, out)
        return
    new = sorted(_files(staging), key=_publish_order)
    for rel in new:
        target = out / rel
        _make_room(out, rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / rel, target)
    _remove_unwanted(out, kept | set(new))
    shutil.rmtree(staging, ignore_errors=True)


def _remove_unwanted(out: Path, wanted: set[str]) -> None:
    """Remove every file under `out` not in `wanted` (site-relative paths), and the folders left empty."""
    removed: set[str] = set()
    for folder, dirs, names in os.walk(out, topdown=False):
        rel = os.path.relpath(folder, out)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        left = 0
        for name in names:
            if prefix + name in wanted:
                left += 1
            else:
                os.unlink(os.path.join(folder, name))
        for name in dirs:
            path = os.path.join(folder, name)
            if os.path.islink(path):  # listed with the folders, never entered
                if prefix + name in wanted:
                    left += 1
                else:
                    os.unlink(path)
            elif path not in removed:
                left += 1
        if prefix and not left:
            os.rmdir(folder)
            removed.add(folder)


ENTRY_POINTS = ("index.html", "en/index.html", "pagefind/pagefind-entry.json", "pagefind/partes.json")


def _publish_order(rel: str) -> tuple[int, str]:
    if rel in ENTRY_POINTS:
        return (2, rel)
    return (1 if rel.endswith(".html") else 0, rel)


def _files(folder: Path) -> list[str]:
    found = []
    for current, dirs, names in os.walk(folder):
        dirs.sort()
        base = Path(current).relative_to(folder)
        found += [(base / name).as_posix() for name in names]
    return found


def _make_room(out: Path, rel: str) -> None:
    """Remove what stands where the new site puts a file: a folder at its path, or a file where it
    needs a folder."""
    parts = rel.split("/")
    for n in range(1, len(parts)):
        ancestor = out.joinpath(*parts[:n])
        if ancestor.is_symlink() or ancestor.is_file():
            ancestor.unlink()
            return
        if not ancestor.exists():
            return
    target = out / rel
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)


def _replace(staging: Path, out: Path) -> None:
    """Replace `out` with `staging`: two renames, the old site restored if the second fails."""
    previous = out.with_name(f".{out.name}.previous-{os.getpid()}")
    if out.exists():
        os.replace(out, previous)
    try:
        os.replace(staging, out)
    except OSError:
        if previous.exists():
            os.replace(previous, out)
        raise
    shutil.rmtree(previous, ignore_errors=True)


@dataclass(frozen=True)
class GuideEdit:
    """Where the guides' sources are edited on GitHub: mkdocs' own `edit_uri` (absolute, without
    `repo_url`, so the theme shows its «Editar esta página» button and no repository widget)."""

    repository: str  # https://github.com/owner/name (site.repository)
    root: Path  # the repository's folder: only guides whose sources sit inside it get the link
    branch: str = "main"

    def uri(self, docs_dir: str) -> str | None:
        docs, root = Path(docs_dir).resolve(), Path(self.root).resolve()
        if not self.repository.startswith("https://") or not docs.is_relative_to(root):
            return None
        folder = docs.relative_to(root).as_posix()
        return f"{self.repository.rstrip('/')}/edit/{self.branch}/" + (f"{folder}/" if folder != "." else "")


def guides_digest(source: SiteSource, base_url: str, edit: GuideEdit | None = None) -> str:
    """What the guides are made from: the code, every file of build/ (docs, overrides, hooks,
    templates, translations), the mkdocs configurations, mkdocs-material's version and the base URL."""
    from importlib.metadata import version

    digest = hashlib.sha256(code_fingerprint().encode())
    for path in sorted(p for p in source.build_dir.rglob("*") if p.is_file()):
        digest.update(path.relative_to(source.build_dir).as_posix().encode())
        digest.update(path.read_bytes())
    for config in source.mkdocs_configs:
        digest.update(config.read_bytes())
    for package in ("mkdocs", "mkdocs-material"):
        digest.update(version(package).encode())
    digest.update(base_url.encode())
    digest.update(repr(edit).encode())
    return digest.hexdigest()


def build_narrative_pages(
    source: SiteSource,
    staging: Path,
    base_url: str,
    cache: OutputCache | None = None,
    site: NewSite | None = None,
    edit: GuideEdit | None = None,
) -> list[str]:
    """The guides: reused from the previous site (`cache`) when nothing they are made from changed,
    else built by mkdocs, never over a page of the catalogue (in `staging`, or kept in `site`).
    Returns mkdocs' warnings (kept with the reused guides). `edit`: where each guide can be edited."""
    taken = site.has if site is not None else (lambda rel: os.path.lexists(staging / rel))
    if cache is None:
        return _mkdocs(source, staging, base_url, taken, edit)[0]
    digest = guides_digest(source, base_url, edit)
    unit = cache.reuse("guides", digest, staging)
    if unit is None:
        warnings, moved = _mkdocs(source, staging, base_url, taken, edit)
        unit = Unit(digest, records(staging, moved), warnings)
    cache.keep("guides", unit)
    return list(unit.extra or [])


def _mkdocs(
    source: SiteSource, staging: Path, base_url: str, taken: Callable[[str], bool], edit: GuideEdit | None = None
) -> tuple[list[str], list[str]]:
    """Run mkdocs-material for each language into a side folder, then move its files into the
    staging folder without replacing any page the catalogue rendered. Returns mkdocs' warnings
    and the files moved."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    side = staging / ".mkdocs"
    warnings = _Collector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(warnings)
    try:
        for config_file, subfolder in zip(source.mkdocs_configs, ("", "en/"), strict=True):
            config = load_config(str(config_file), site_dir=str(side / subfolder), site_url=base_url + subfolder)
            edit_uri = edit.uri(config.docs_dir) if edit is not None else None
            if edit_uri:
                config["edit_uri"] = edit_uri
            if edit is not None:  # the guides' links to the repository and its forms (build/hooks/repository.py)
                config.extra["repository"] = edit.repository.rstrip("/")
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
    except MkDocsException as exc:
        raise SiteError(f"mkdocs: {exc}") from exc
    finally:
        logger.removeHandler(warnings)
    moved = _merge(side, staging, taken)
    shutil.rmtree(side)
    return warnings.messages, moved


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _merge(source: Path, target: Path, taken: Callable[[str], bool]) -> list[str]:
    moved = []
    for folder, _, names in sorted(os.walk(source)):
        relative = Path(folder).relative_to(source)
        for name in sorted(names):
            rel = (relative / name).as_posix()
            if name in MKDOCS_SKIPPED or taken(rel):
                continue
            destination = target / rel
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.replace(Path(folder) / name, destination)
            moved.append(rel)
    return moved


def search_fingerprint() -> str:
    """What every part of the index is made with besides its pages: the code and Pagefind's version."""
    from importlib.metadata import version

    return hashlib.sha256(f"{code_fingerprint()}:{version('pagefind-bin')}".encode()).hexdigest()


def index_search(
    site: NewSite, cache: OutputCache | None = None, workers: int | None = None, known: dict[str, str] | None = None
) -> None:
    """Pagefind over the dataset pages (their elements marked `data-pagefind-body`), per language in
    shards by party (searchindex.py), each cut in parts of at most PART_PAGES pages. The first part
    of every language goes to pagefind/ (the root, with the script every search loads); the others
    to pagefind/<lang>-<shard>[-<n>]/, listed in pagefind/partes.json. The root and each other part
    are reused from the previous site (`cache`) when their pages' bytes, their names and the code
    are unchanged; those made again are indexed side by side, one Pagefind run per core (`workers`).
    `known`: the digest of what each dataset page is made from (render_site's `page_digests`),
    which stands for its bytes without reading them."""
    roots = {}
    parts: dict[str, list[tuple[str, list[str]]]] = {}
    for lang, pattern in INDEXED_PAGES:
        pages = site.glob(pattern)
        named = [
            (f"{lang}-{shard + 1}" + (f"-{n}" if n > 1 else ""), part)
            for shard, pages_of in shards(pages, shard_count(len(pages)))
            for n, part in enumerate(split_parts(pages_of, PART_PAGES), start=1)
        ]
        if named:
            roots[lang] = named[0][1]
            parts[lang] = named[1:]
    known = known or {}
    runs = [_root(site, roots, cache, known)]
    runs += [
        _shard(site, part, f"pagefind/{name}", cache, known)
        for named_parts in parts.values()
        for name, part in named_parts
    ]
    pending = [run for run in runs if run is not None]
    workers = workers or int(os.environ.get("CATALOGO_WORKERS") or os.cpu_count() or 1)
    if len(pending) > 1 and workers > 1:
        with ThreadPoolExecutor(min(workers, len(pending))) as pool:  # each run waits on its own process
            for future in [pool.submit(run) for run in pending]:
                future.result()
    else:
        for run in pending:
            run()
    parts_files = {lang: [f"{name}/" for name, _ in named] for lang, named in parts.items() if named}
    (site.staging / "pagefind").mkdir(exist_ok=True)  # when every part was kept
    write_parts(site.staging / "pagefind", parts_files)


def _root(
    site: NewSite, roots: dict[str, list[str]], cache: OutputCache | None, known: dict[str, str]
) -> Callable[[], None] | None:
    """The root bundle: each language's first part indexed into pagefind/ (the runs share the
    script and WebAssembly; their entries are merged), reused whole when its pages are unchanged
    (a change lands in the same shard of every language, so the languages go together). None
    when reused; otherwise what makes it."""
    staging, bundle = site.staging, site.staging / "pagefind"
    digest = _pages_digest(site, "root", [page for part in roots.values() for page in part], known)
    if cache is not None:
        unit = cache.reuse("search:root", digest, staging)
        if unit is not None:
            cache.keep("search:root", unit)
            return None

    def run() -> None:
        # made in a folder of its own (the other parts are written into pagefind/ meanwhile), then moved
        made = staging / ".pagefind-raiz"
        try:
            entries = []
            for part in roots.values():
                _index_part(site, part, made, "root")
                entries.append(json.loads((made / "pagefind-entry.json").read_text(encoding="utf-8")))
            if entries:
                merge_entries(made, entries)
            else:  # a catalogue without datasets still gets an index (of its other pages)
                _pagefind(staging, "--output-path", str(made))
            prune(made)
            _stabilize(made)
            written = []
            for path in sorted(made.rglob("*")):
                if path.is_file():
                    target = bundle / path.relative_to(made)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(path, target)
                    written.append(target.relative_to(staging))
        finally:
            shutil.rmtree(made, ignore_errors=True)
        if cache is not None:
            cache.keep("search:root", Unit(digest, records(staging, written)))

    return run


def _pages_digest(site: NewSite, name: str, pages: list[str], known: dict[str, str]) -> str:
    """Over each page's name and bytes; a page whose sources' digest is `known` (it covers the
    presentation too) counts by that digest instead, unread."""
    hashed = hashlib.sha256(name.encode())
    for page in pages:
        made_of = known.get(page)
        mark = b"d" + made_of.encode() if made_of else b"b" + hashlib.sha256(site.path(page).read_bytes()).digest()
        hashed.update(page.encode() + b"\0" + mark)
    return hashed.hexdigest()


def _shard(
    site: NewSite, pages: list[str], rel: str, cache: OutputCache | None, known: dict[str, str]
) -> Callable[[], None] | None:
    """One part of an index in a folder of its own, reused when nothing it is made from changed
    (None); otherwise what makes it."""
    staging, target = site.staging, site.staging / rel
    digest = ""
    if cache is not None:
        digest = _pages_digest(site, target.name, pages, known)
        unit = cache.reuse(f"search:{target.name}", digest, staging)
        if unit is not None:
            cache.keep(f"search:{target.name}", unit)
            return None

    def run() -> None:
        _index_part(site, pages, target, target.name)
        prune(target, part=True)
        _stabilize(target)
        if cache is not None:
            written = [p.relative_to(staging) for p in sorted(target.rglob("*")) if p.is_file()]
            cache.keep(f"search:{target.name}", Unit(digest, records(staging, written)))

    return run


def _index_part(site: NewSite, pages: list[str], target: Path, name: str) -> None:
    """Pagefind over some pages of the site, linked into a folder of their own with the same
    paths (so that the index has the same URLs), writing its bundle to `target`."""
    folder = site.staging / f".pagefind-parte-{name}"
    try:
        for page in pages:
            link = folder / page
            link.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(site.path(page), link)
            except OSError:  # a file system without hard links
                shutil.copyfile(site.path(page), link)
        _pagefind(folder, "--output-path", str(target))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _stabilize(bundle: Path) -> None:
    try:
        stabilize(bundle)
    except UnexpectedIndex as exc:
        raise SiteError(f"pagefind: {exc}") from exc


def _pagefind(site: Path, *options: str) -> None:
    from pagefind_bin import get_executable  # type: ignore[import-untyped]  # the binary: no Python start per run

    command = [str(get_executable()), "--site", str(site), "--quiet", *options]
    result = subprocess.run(command, capture_output=True, text=True, check=False, **child_options())
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["?"]
        raise SiteError(f"pagefind: {detail[0]}")
