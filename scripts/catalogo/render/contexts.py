"""Stage 4, render: The context object of each page template in build/templates/. A template receives
exactly one of these as `c` (plus `page`, the same `c.page`, for the layout); everything it shows is
here, already translated, formatted and escaped-or-sanitised, so templates only loop and branch."""

# | template             | context            | page path (under the language root)            |
# |----------------------|--------------------|------------------------------------------------|
# | home.html            | HomePage           | ''                                             |
# | catalogue.html       | CataloguePage      | 'datos/', 'datos/pagina-<n>/'                  |
# | dataset.html         | DatasetPage        | 'datos/<party>/<dataset>/'                     |
# | parties.html         | PartiesPage        | 'instituciones/'                               |
# | party_group.html     | PartyGroupPage     | 'instituciones/por-{orden,entidad,poder}/<k>/' |
# | party.html           | PartyPage          | 'instituciones/<party>/'                       |
# | best_practices.html  | BestPracticesPage  | 'buenas-practicas/'                            |
# | stories.html         | StoriesPage        | 'buenas-practicas/casos/' and filtered lists   |
# | story.html           | StoryPage          | 'buenas-practicas/casos/<story>/'              |
# | tools.html           | ToolsPage          | 'buenas-practicas/herramientas/'               |
# | tool.html            | ToolPage           | 'buenas-practicas/herramientas/<tool>/'        |
# | indicators.html      | IndicatorsPage     | 'indicadores/'                                 |
# | not_found.html       | NotFoundPage       | '404.html' (a file, not a folder)              |

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from ..core import urls
from .changes import ChangeRow, DatasetDates
from .searchmeta import SearchMeta
from .ui import LANGS, Language, Texts
from .views import DatasetCard, Facet, Link, PartyCard, ResourceView, StoryCard, ToolCard

NAVIGATION = (  # (section, UI text key, path under the language root)
    ("home", "nav_home", ""),
    ("catalogue", "nav_catalogue", urls.CATALOGUE),
    ("states", "nav_states", urls.STATES),
    ("parties", "nav_parties", urls.PARTIES),
    ("best", "nav_best_practices", urls.BEST_PRACTICES),
    ("indicators", "nav_indicators", urls.INDICATORS),
    ("guides", "nav_guides", urls.GUIDES),
    ("about", "nav_about", urls.ABOUT),
)


@dataclass(frozen=True)
class NavItem:
    label: str
    href: str
    current: bool


@dataclass(frozen=True)
class PageMeta:
    """What the layout needs: language, where the page is, its title, and how to reach the rest
    of the site with relative links (so the site works under any base path)."""

    lang: Language
    path: str  # under the language root: '' (home), 'datos/', 'datos/p/d/'
    title: str
    description: str
    section: str  # the navigation entry to mark as current
    site_name: str
    base_url: str  # absolute, ends with '/'
    stylesheets: tuple[str, ...] = ()  # relative to the site root
    scripts: tuple[str, ...] = ()  # relative to the site root
    head: Markup = Markup("")  # e.g. the JSON-LD of a dataset page
    csp: str = ""
    # the site root's absolute path ('/'), for a page served at any address (404.html): its links
    # cannot be relative to where it is
    site_root: str = ""

    @property
    def t(self) -> Texts:
        return self.lang.t

    @property
    def root(self) -> str:
        """Relative URL from this page to the site root ('../../' or './')."""
        if self.site_root:
            return self.site_root
        depth = (self.lang.prefix + self.path).count("/")
        return "../" * depth or "./"

    @property
    def base(self) -> str:
        """Relative URL from this page to its language's home."""
        return self.root + self.lang.prefix if self.lang.prefix else self.root

    @property
    def alternate(self) -> str:
        """The same page in the other language."""
        other = "" if self.lang.other == LANGS[0] else f"{self.lang.other}/"
        return self.root + other + ("" if self.site_root else self.path)

    @property
    def spanish(self) -> Markup:
        """` lang="es"` on the other languages' pages, for what stays Spanish there (titles,
        descriptions, names), so that screen readers read it with a Spanish voice."""
        return Markup("") if self.lang.code == LANGS[0] else Markup(' lang="es"')

    @property
    def canonical(self) -> str:
        return self.base_url + self.lang.prefix + self.path

    @property
    def nav(self) -> list[NavItem]:
        return [NavItem(self.t[key], self.base + path, section == self.section) for section, key, path in NAVIGATION]


@dataclass(frozen=True)
class Count:
    label: str
    value: str


@dataclass(frozen=True)
class NotFoundPage:
    """404.html: served for any missing address, so every link is absolute (`page.site_root`)."""

    page: PageMeta


@dataclass(frozen=True)
class HomePage:
    page: PageMeta
    counts: list[Count]
    newest: list[DatasetCard]  # by first publication in git, newest first
    updated: list[DatasetCard]  # changed after first publication, last changed first, none in `newest`
    featured: list[StoryCard]  # stories marked `featured`, else the newest
    themes: list[GroupLink] = field(default_factory=list)  # ways in: each theme in use, a catalogue search
    states: list[GroupLink] = field(default_factory=list)  # ways in: each state with datasets, its page


@dataclass(frozen=True)
class PageLink:
    number: int
    path: str
    current: bool


@dataclass(frozen=True)
class SearchFilter:
    """One facet of the catalogue's search: its Pagefind filter name and the values in use."""

    label: str
    values: list[str]
    links: dict[str, str] = field(default_factory=dict)  # value -> its page (each state's)
    key: str = ""  # its name in the page's address (?state=Jalisco), from the UI text key


@dataclass(frozen=True)
class CataloguePage:
    page: PageMeta
    cards: list[DatasetCard]  # this page of the listing, sorted by title
    total: str  # number of datasets in the catalogue, formatted
    number: int
    count: int  # pages in the listing
    pages: list[PageLink | None]  # first, last and the pages near this one; None where some are left out
    previous: str | None
    next: str | None
    filters: list[SearchFilter]  # the search's facets, in the order dataset pages show them
    request_url: str | None = None  # the data-request form, shown when a search finds nothing
    state_pages: dict[str, list[str]] = field(default_factory=dict)  # searchmeta.state_pages()


@dataclass(frozen=True)
class Contact:
    name: str
    email: str
    phone: str


@dataclass(frozen=True)
class DatasetPage:
    page: PageMeta
    key: str
    title: str
    description: Markup  # sanitised Markdown
    party: PartyCard
    facets: list[Facet]  # shown in the details and indexed as Pagefind filters
    keywords: list[str]
    series_type: str
    temporal: str
    spatial: str
    states: list[str]
    contact: Contact | None
    sources: list[Link]
    resources: list[ResourceView]
    updated: ChangeRow | None
    created: ChangeRow | None
    history: list[ChangeRow]  # newest first, from git: each change's kind and note, never its subject
    stories: list[StoryCard]
    tools: list[ToolCard]
    citation: str
    citation_url: str
    datapackage_from_root: str
    api_from_root: str
    quality: Any = None  # measure_views.QualityView: score and breakdown
    timeliness: Any = None  # measure_views.TimelinessView: up to date or overdue, from git
    joins: list[Any] = field(default_factory=list)  # connect.JoinRow: datasets that share a key, best first
    joins_total: int = 0
    request_url: str | None = None  # the data-request form, pre-filled (when site.repository is set)
    folder_from_root: str = ""  # where its maps, charts and join code are (beside the Spanish page)
    views: list[Any] = field(default_factory=list)  # connect.DataView: maps and charts beside the page
    edit: list[Link] = field(default_factory=list)  # «Editar / Proponer un cambio» (when site.repository is set)
    search: SearchMeta | None = None  # what a search result shows of it and sorts it by
    dates: DatasetDates | None = None  # beside the title: the source's, the catalogue's, data and description


@dataclass(frozen=True)
class InventoryRow:
    id: str
    title: str
    series_type: str
    status: str
    dataset_path: str | None
    legal_basis: str
    dataset_title: str = ""  # the published dataset's own title: the link's text
    rank: str = ""  # position by priority score (rows come ranked)
    score: str = ""  # priority score, 0–100
    reason: str = ""  # the criteria that weigh most in the score


@dataclass(frozen=True)
class PlanRow:
    item: str
    title: str
    due: str
    due_iso: str
    status: Any = None  # the commitment's status, when the enrich stage provides it


@dataclass(frozen=True)
class PartyPage:
    page: PageMeta
    party: PartyCard
    description: Markup
    municipality: str
    website: str | None
    liaison: Contact | None
    datasets: list[DatasetCard]
    inventory: list[InventoryRow] | None  # None: no inventory.yaml
    plan: list[PlanRow] | None  # None: no opening-plan.yaml
    plan_period: str
    datajson_from_root: str | None  # the party's data.json (written when it has datasets)
    quality: Any = None  # measure_views.PartyQualityView: its datasets' quality and timeliness
    scorecard: Any = None  # list of measure_views.ScoreLineView: its figures vs the national median
    requests: Any = None  # measure_views.RequestsView: data requests, open and fulfilled
    request_url: str | None = None  # the data-request form, pre-filled with the party
    edit: list[Link] = field(default_factory=list)  # «Editar / Proponer un cambio» (when site.repository is set)
    # its datasets come PARTY_PAGE_SIZE to a page: the profile and measures are on the first
    number: int = 1
    count: int = 1  # pages of its datasets
    pages: list[PageLink | None] = field(default_factory=list)
    previous: str | None = None
    next: str | None = None


@dataclass(frozen=True)
class GroupLink:
    label: str
    path: str
    count: str


@dataclass(frozen=True)
class GroupSection:
    title: str
    links: list[GroupLink]


@dataclass(frozen=True)
class PartiesPage:
    page: PageMeta
    total: str
    sections: list[GroupSection]  # by level, by state, by power


@dataclass(frozen=True)
class PartyGroupPage:
    page: PageMeta
    heading: str
    parties: list[PartyCard]  # those with datasets, most first (then by name)
    without: list[PartyCard] = field(default_factory=list)  # those with none yet, by name: a compact list
    total: str = ""  # how many institutions, formatted


@dataclass(frozen=True)
class BestPracticesPage:
    page: PageMeta
    stories: list[StoryCard]
    tools: list[ToolCard]


@dataclass(frozen=True)
class StoriesPage:
    page: PageMeta
    heading: str
    stories: list[StoryCard]
    filters: list[GroupSection]  # by sector, theme, purpose (static pages, no JavaScript)
    filtered: bool


@dataclass(frozen=True)
class StoryPage:
    page: PageMeta
    card: StoryCard
    summary: Markup
    impact: Markup
    organization_url: str | None
    links: list[Link]
    datasets: list[Link]
    edit: list[Link] = field(default_factory=list)  # «Editar / Proponer un cambio» (when site.repository is set)


@dataclass(frozen=True)
class IndicatorsPage:
    page: PageMeta
    view: Any  # measure_views.IndicatorsView: cut-off date, method, charts (SVG), tables, files
    map_file: str = ""  # a map of Mexico by the per-state figures, beside the page
    map_alt: str = ""


@dataclass(frozen=True)
class ToolGroup:
    title: str
    tools: list[ToolCard]


@dataclass(frozen=True)
class ToolsPage:
    page: PageMeta
    groups: list[ToolGroup]  # by category


@dataclass(frozen=True)
class ToolPage:
    page: PageMeta
    card: ToolCard
    description: Markup
    url: str | None
    repository: str | None
    license: str
    formats: list[str]
    datasets: list[Link]
    edit: list[Link] = field(default_factory=list)  # «Editar / Proponer un cambio» (when site.repository is set)


@dataclass(frozen=True)
class PlaceLink:
    code: str
    name: str
    path: str
    count: str  # datasets about the place, as text


@dataclass(frozen=True)
class PartyFigures:
    party: PartyCard
    inventory: str  # yes / no
    plan: str  # % of commitments fulfilled, or "—"
    up_to_date: str  # % of its datasets up to date, or "—"


@dataclass(frozen=True)
class StatesPage:
    page: PageMeta
    map_file: str
    map_alt: str
    states: list[PlaceLink]


@dataclass(frozen=True)
class StatePage:
    page: PageMeta
    code: str
    name: str
    heading: str
    parent: Link | None  # the state, on a municipality's page
    datasets: list[DatasetCard]
    total: str
    parties: list[PartyFigures]
    map_file: str
    map_alt: str
    municipalities: list[PlaceLink]
    missing: list[str]  # municipalities with datasets and no geometry
    number: int
    count: int
    pages: list[Any]
    previous: str | None
    next: str | None


@dataclass(frozen=True)
class PageSpec:
    template: str
    lang: str
    path: str
    context: Any
    files: tuple[tuple[str, str], ...] = ()  # (name, text) written beside the page (its maps and charts)


def _pagination(number: int, paths: list[str]) -> dict[str, Any]:
    """The pagination fields of page `number` of a listing whose pages are at `paths`."""
    count = len(paths)
    return {
        "number": number,
        "count": count,
        "pages": [PageLink(n, paths[n - 1], n == number) if n else None for n in page_window(number, count)],
        "previous": paths[number - 2] if number > 1 else None,
        "next": paths[number] if number < count else None,
    }


def page_window(number: int, count: int, around: int = 2) -> list[int]:
    """The page numbers a listing page links: the first, the last and `around` on each side of
    `number`, with 0 where a run of pages is left out (a single missing page is shown instead)."""
    shown = sorted({1, count, *range(max(1, number - around), min(count, number + around) + 1)})
    window: list[int] = []
    for n in shown:
        if window and n - window[-1] == 2:
            window.append(n - 1)
        elif window and n - window[-1] > 2:
            window.append(0)
        window.append(n)
    return window
