"""Stage 2, check: Identifiers: slugs, folder equals id, unique even ignoring case and accents,
datasets under a party."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TypeVar
from urllib.parse import unquote, urlsplit

from ..core import urls
from ..core.digests import FileDigests
from ..core.model import Catalogue, Dataset, Record
from ..core.parsememo import MISSING, ParsedMemo
from ..core.problems import Problem, problem
from ..core.vocab import fold, slugify

R = TypeVar("R", bound=Record)
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

# Names the site writes at the levels where record ids become folders (instituciones/<party>/,
# datos/<party>/, buenas-practicas/casos/<story>/, buenas-practicas/herramientas/<tool>/) and
# at the site's root, where a record's folder could one day go: a record with one of these ids
# would replace a generated page, or be replaced by it. tests/test_hostile_names.py builds a
# site and checks that every name generated at those levels is here, so the list cannot drift.
RESERVED_IDS = frozenset(
    {
        # instituciones/ and buenas-practicas/casos/: the party groupings and story filters the site
        # generates (core/urls.py), and the coming per-state pages
        *urls.generated_segments(),
        "estados",
        # the site's root and its sections (render/pages.py, render/contexts.py, exports, mkdocs, Pagefind)
        "api",
        "assets",
        "acerca",
        "buenas-practicas",
        "casos",
        "catalogo",
        "data",
        "datapackage",
        "datos",
        "en",
        "es",
        "feeds",
        "guias",
        "herramientas",
        "index",
        "indicadores",
        "instituciones",
        "inventarios",
        "planes",
        "plantillas",
        "solicitudes",
        "pagefind",
        "robots",
        "sitemap",
        "404",
    }
)
# Pages of a paged list: datos/pagina-2/, catalogo/pagina-2.jsonld (render/pages.py, export/dcat.py)
RESERVED_PATTERN = re.compile(r"^pagina-\d+$")
# Where a record of each kind is published, for the message.
_LEVEL = {"party": "instituciones/", "story": "buenas-practicas/casos/", "tool": "buenas-practicas/herramientas/"}


def is_reserved(name: str) -> bool:
    """The site generates a page or folder of this name where record ids go."""
    return name in RESERVED_IDS or bool(RESERVED_PATTERN.match(name))


def check_identifiers(catalogue: Catalogue, scope: set[str] | None) -> Iterator[Problem]:
    """Folder names and declared ids of every record whose file is in `scope` (None: all)."""
    for party in _within(catalogue.parties, scope):
        yield from _check_record(party, party.id, "id")
        yield from _reserved(party, "party")
    for dataset in _within(catalogue.datasets, scope):
        if dataset.party_id not in catalogue.parties:
            yield problem("unknown-party", dataset.path, party=dataset.party_id)
    for record in [*_within(catalogue.stories, scope), *_within(catalogue.tools, scope)]:
        yield from _check_record(record, record.id, "id")
    for story in _within(catalogue.stories, scope):
        yield from _reserved(story, "story")
    for tool in _within(catalogue.tools, scope):
        yield from _reserved(tool, "tool")
    # Each kind's records are keyed by their identifier (a dataset's is "party/dataset").
    for records in (catalogue.parties, catalogue.datasets, catalogue.stories, catalogue.tools):
        yield from _collisions(records, scope)
    yield from check_dataset_identifiers(catalogue, scope)


def _reserved(record: Record, kind: str) -> Iterator[Problem]:
    if is_reserved(record.id):
        yield problem("reserved-id", record.path, id=record.id, where=f"{_LEVEL[kind]}{record.id}/")


def _within(records: Mapping[str, R], scope: set[str] | None) -> list[R]:
    if scope is None:
        return list(records.values())
    return [record for record in records.values() if record.path in scope]


def _in(scope: set[str] | None, path: str) -> bool:
    return scope is None or path in scope


def check_dataset_identifier(dataset: Record) -> Iterator[Problem]:
    """A dataset's own identifier (its folder and `name`); collisions are checked catalogue-wide.
    Only the names of paged lists are reserved for datasets: nothing else is generated beside
    them in datos/<party>/."""
    yield from _check_record(dataset, dataset.id, "name")
    if RESERVED_PATTERN.match(dataset.id):
        party = dataset.path.split("/")[1] if dataset.path.count("/") >= 2 else ""
        yield problem("reserved-id", dataset.path, id=dataset.id, where=f"datos/{party}/{dataset.id}/")


def _check_record(record: Record, folder_name: str, key: str) -> Iterator[Problem]:
    if not SLUG.match(folder_name):
        yield problem("invalid-id", record.path, id=folder_name, suggestion=slugify(folder_name) or "mi-id")
    doc = record.doc
    declared = record.get(key)
    if doc is not None and isinstance(declared, str) and declared != folder_name:
        yield doc.problem("id-mismatch", f"/{key}", id=declared, folder=folder_name)


def _collisions(records: Mapping[str, Record], scope: set[str] | None) -> Iterator[Problem]:
    """`duplicate-id` on each record whose identifier folds to the same text as a record earlier
    by path, when either one is in scope. Folding every identifier is cheap (ASCII folds by
    lowercasing), so a scope only narrows which groups are reported."""
    groups: dict[str, list[Record]] = {}
    for name, record in records.items():
        groups.setdefault(fold(name), []).append(record)
    found: list[tuple[Record, Record]] = []
    for group in groups.values():
        if len(group) < 2:
            continue
        first, *others = sorted(group, key=lambda r: r.path)
        found.extend((record, first) for record in others if _in(scope, record.path) or _in(scope, first.path))
    for record, first in sorted(found, key=lambda pair: pair[0].path):
        yield problem("duplicate-id", record.path, id=_name(record), other=first.path)


def _name(record: Record) -> str:
    return record.key if isinstance(record, Dataset) else record.id


# --- dataset identifiers (data.json, the Data Package's `id`) -----------------------------------

# A dataset page's address, whatever the site's base URL: .../datos/<party>/<dataset>/
_PAGE = re.compile(r"/datos/([^/]+)/([^/]+)/?$")


def claim(declared: str, keys: Mapping[str, object]) -> str:
    """What an identifier names, compared the way harvesters would merge records: a dataset
    page's address (any base URL, with or without the final slash) names that dataset; any other
    text is compared without surrounding spaces, case or a final slash."""
    text = declared.strip()
    parts = urlsplit(text) if "://" in text else None
    if parts is not None and not parts.query and not parts.fragment:
        page = _PAGE.search(unquote(parts.path))
        if page and f"{page[1]}/{page[2]}" in keys:
            return f"page:{page[1]}/{page[2]}"
    return "id:" + text.casefold().rstrip("/")


def declared_identifiers(catalogue: Catalogue) -> dict[str, str]:
    """Each dataset's own `id`, for the datasets that declare one. A descriptor is parsed only
    when its text has a top-level `id` (or is written in flow style), so validating a national
    catalogue does not parse every descriptor in this process; and a committed descriptor whose
    git blob was seen before is not read at all (the answer is kept by blob in the cache folder,
    core/parsememo.py), so a pull request's check does not read 100,000 files for it."""
    digests = FileDigests(Path(catalogue.root), ["datasets"])
    memo = ParsedMemo(catalogue.root, DECLARED_FOLDER)
    found: dict[str, str] = {}
    for key, dataset in catalogue.datasets.items():
        blob = digests.known.get(dataset.path)
        declared = memo.get(blob) if blob is not None else MISSING
        if declared is MISSING:
            declared = _declared_id(catalogue, dataset)
            if blob is not None:
                memo.put(blob, declared)
        if isinstance(declared, str) and declared.strip():
            found[key] = declared
    memo.save(prune=True)
    return found


DECLARED_FOLDER = "declared-ids"


def _declared_id(catalogue: Catalogue, dataset: Dataset) -> str:
    if not _may_declare_id(catalogue, dataset.path):
        return ""
    declared = dataset.get("id")
    return declared if isinstance(declared, str) else ""


_TOP_LEVEL_ID = re.compile(rb"(?m)^(?:id|\"id\"|'id')[ \t]*:")


def _may_declare_id(catalogue: Catalogue, rel: str) -> bool:
    from ..core.yamlio import open_below

    try:
        with open(open_below(catalogue.root, rel), "rb", closefd=True) as handle:
            raw = handle.read(MAX_DESCRIPTOR_BYTES)
    except OSError:
        return False  # the file's own checks report it
    return bool(_TOP_LEVEL_ID.search(raw)) or raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"---", b"%"))


MAX_DESCRIPTOR_BYTES = 5 * 1024 * 1024


def unique_identifiers(declared: Mapping[str, str], page: Mapping[str, str]) -> dict[str, str]:
    """The identifier each dataset is published with (`declared`: its own `id`, `page`: its page
    address, by key): its own `id` when no other dataset's page or earlier (by key) dataset
    claims the same, otherwise its page address. No two datasets ever get the same identifier."""
    taken = {f"page:{key}" for key in page}
    result = {}
    for key in sorted(page):
        own = declared.get(key, "").strip()
        named = claim(own, page) if own else f"page:{key}"
        if own and named != f"page:{key}" and named not in taken:
            taken.add(named)
            result[key] = own
        else:
            result[key] = page[key]
    return result


def check_dataset_identifiers(catalogue: Catalogue, scope: set[str] | None) -> Iterator[Problem]:
    """`duplicate-identifier` on a dataset whose `id` is another dataset's page address, or the
    same `id` as a dataset earlier by path (which keeps it)."""
    declared = declared_identifiers(catalogue)
    groups: dict[str, list[Dataset]] = {}
    for key, text in declared.items():
        dataset = catalogue.datasets[key]
        named = claim(text, catalogue.datasets)
        if named.startswith("page:") and named != f"page:{key}":
            other = catalogue.datasets[named[5:]]
            if _in(scope, dataset.path) or _in(scope, other.path):
                yield _duplicate(dataset, text, other)
        elif not named.startswith("page:"):
            groups.setdefault(named, []).append(dataset)
    for group in groups.values():
        first, *others = sorted(group, key=lambda d: d.path)
        for dataset in others:
            if _in(scope, dataset.path) or _in(scope, first.path):
                yield _duplicate(dataset, declared[dataset.key], first)


def _duplicate(dataset: Dataset, declared: str, other: Dataset) -> Problem:
    doc = dataset.doc
    args = {"identifier": declared.strip(), "other": other.path}
    if doc is None:
        return problem("duplicate-identifier", dataset.path, **args)
    return doc.problem("duplicate-identifier", "/id", **args)
