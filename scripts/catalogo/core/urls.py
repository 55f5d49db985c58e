"""Shared by every stage (core): Every path the site generates, relative to the site root and absolute
under the base URL."""

# Relative paths (for pages and links inside the site) keep identifiers as written; absolute URLs (for
# the exports: DCAT, data.json, feeds, sitemap, the API) percent-encode them.

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

# Sections of the site root and the folders under them.
CATALOGUE = "datos/"
PARTIES = "instituciones/"
BEST_PRACTICES = "buenas-practicas/"
STORIES = "buenas-practicas/casos/"
TOOLS = "buenas-practicas/herramientas/"
INDICATORS = "indicadores/"
GUIDES = "guias/"
ABOUT = "acerca/"
API = "api/"
ENGLISH = "en/"
SITEMAP = "sitemap.xml"
DATA_JSON = "data.json"
DATAPACKAGE = "datapackage.json"
# Folder names the site generates beside record ids.
PARTY_GROUPS = ("por-orden", "por-entidad", "por-poder")
STORY_FILTERS = ("sector", "tema", "proposito")
LISTING_PAGE = "pagina-{n}"


def with_slash(base_url: str) -> str:
    """A base URL ending in a slash."""
    return base_url if base_url.endswith("/") else base_url + "/"


def listing_path(number: int) -> str:
    """Page `number` of the dataset listing: datos/ for the first, datos/pagina-<n>/ after it."""
    return CATALOGUE if number <= 1 else f"{CATALOGUE}{LISTING_PAGE.format(n=number)}/"


def dataset_path(key: str) -> str:
    """The dataset page: datos/<party>/<dataset>/."""
    return f"{CATALOGUE}{key}/"


def party_path(party_id: str) -> str:
    """The party page: instituciones/<party>/."""
    return f"{PARTIES}{party_id}/"


def party_page_path(party_id: str, number: int) -> str:
    """Page `number` of a party's datasets: its page for the first, instituciones/<party>/pagina-<n>/ after."""
    return party_path(party_id) if number <= 1 else f"{party_path(party_id)}{LISTING_PAGE.format(n=number)}/"


def party_group_path(kind: str, key: str) -> str:
    """A grouping of parties: instituciones/<por-orden|por-entidad|por-poder>/<key>/."""
    return f"{PARTIES}{kind}/{key}/"


STATES = "estados/"


def state_path(code: str, number: int = 1) -> str:
    """A state's page: estados/<cve_ent>/, and estados/<cve_ent>/pagina-<n>/ for its further datasets."""
    return f"{STATES}{code}/" if number <= 1 else f"{STATES}{code}/{LISTING_PAGE.format(n=number)}/"


def municipality_path(code: str, number: int = 1) -> str:
    """A municipality's page: estados/<cve_ent>/<cve_mun>/ (the five-digit cve_geo split)."""
    base = f"{STATES}{code[:2]}/{code[2:]}/"
    return base if number <= 1 else f"{base}{LISTING_PAGE.format(n=number)}/"


def story_path(story_id: str) -> str:
    return f"{STORIES}{story_id}/"


def story_filter_path(kind: str, key: str) -> str:
    """Stories by sector, theme or purpose: buenas-practicas/casos/<kind>/<key>/."""
    return f"{STORIES}{kind}/{key}/"


def tool_path(tool_id: str) -> str:
    return f"{TOOLS}{tool_id}/"


def api_dataset_path(key: str) -> str:
    return f"{API}datasets/{key}.json"


@dataclass(frozen=True)
class SiteUrls:
    """The site's addresses under one base URL (normalised once, ending in a slash)."""

    base: str

    @classmethod
    def of(cls, base_url: str) -> SiteUrls:
        return cls(with_slash(base_url))

    def url(self, path: str = "") -> str:
        """An absolute URL for a path relative to the site root, written as given."""
        return self.base + path

    def dataset(self, party_id: str, dataset_id: str) -> str:
        return f"{self.base}{CATALOGUE}{quote(party_id)}/{quote(dataset_id)}/"

    def party(self, party_id: str) -> str:
        return f"{self.base}{PARTIES}{quote(party_id)}/"

    @property
    def sitemap(self) -> str:
        return self.base + SITEMAP

    @property
    def data_json(self) -> str:
        return self.base + DATA_JSON

    @property
    def api(self) -> str:
        return self.base + API.rstrip("/")


def generated_segments() -> frozenset[str]:
    """Folder names the site generates beside record ids (instituciones/<x>/, buenas-practicas/casos/<x>/)."""
    return frozenset({*PARTY_GROUPS, *STORY_FILTERS})


_AUTHORITY = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://[^/?#]*)(.*)$", re.DOTALL)
_SAFE = ":/?@!$&'()*+,;=%~"


def iri(url: str) -> str:
    """A URL as written by people made a valid URI (RFC 3986): spaces, quotes, braces, control
    and non-ASCII characters are percent-encoded, and so are a `#` after the first, brackets
    outside the host and a `%` that starts no escape; reserved characters and escapes stay."""
    head, hash_mark, fragment = url.strip().partition("#")
    authority, rest = split_authority(head)
    text = quote(authority, safe=_SAFE + "[]") + quote(rest, safe=_SAFE)
    if hash_mark:
        text += "#" + quote(fragment, safe=_SAFE)
    return re.sub("%(?![0-9A-Fa-f]{2})", "%25", text)


def split_authority(url: str) -> tuple[str, str]:
    """(scheme and authority, the rest) of a URL: ("https://a.mx", "/b?c#d"); ("", url) without a scheme."""
    parts = _AUTHORITY.match(url)
    return (parts[1], parts[2]) if parts else ("", url)
