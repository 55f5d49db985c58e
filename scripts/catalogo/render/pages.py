"""Stage 4, render: Every page of the catalogue, in every language, as (template, path, context): the
render stage turns each into a file. Builders take the `Enriched` catalogue and return the
documented context objects of contexts.py; they never read git or files other than data previews."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote, urlsplit

from markupsafe import Markup

from ..core import urls, values
from ..core.model import Dataset, Party, Story, Tool
from ..core.urls import dataset_path
from ..core.vocab import fold, slugify, vocabularies
from ..export.common import resource_url
from ..export.schemaorg import dataset_jsonld
from ..gitdata.gitlog import Change, instant_of
from ..measure.enriched import DatasetInfo, Enriched
from . import maps
from .changes import change_rows, citation_year, dataset_dates
from .connect import code_files, data_views, join_rows, names_csv, names_file
from .contexts import (
    BestPracticesPage,
    CataloguePage,
    Contact,
    Count,
    DatasetPage,
    GroupLink,
    GroupSection,
    HomePage,
    IndicatorsPage,
    InventoryRow,
    NotFoundPage,
    PageMeta,
    PageSpec,
    PartiesPage,
    PartyGroupPage,
    PartyPage,
    PlanRow,
    SearchFilter,
    StoriesPage,
    StoryPage,
    ToolGroup,
    ToolPage,
    ToolsPage,
    _pagination,
)
from .html import jsonld_script, markdown_html, safe_url
from .measure_views import (
    indicators_view,
    party_quality_view,
    plan_status_text,
    quality_view,
    ranks,
    requests_view,
    scorecard_view,
    timeliness_view,
)
from .placepages import PlacePages
from .searchmeta import search_meta, state_pages
from .ui import Language
from .views import (
    SEARCH_FILTERS,
    DatasetCard,
    Link,
    PartyCard,
    ResourceView,
    dataset_card,
    dataset_edit_links,
    dataset_facets,
    dataset_links,
    municipality_name,
    party_card,
    party_edit_links,
    record_edit_links,
    request_form_url,
    resource_view,
    story_card,
    tool_card,
)

PAGE_SIZE = 50  # datasets per page of the plain catalogue listing
PARTY_PAGE_SIZE = 100  # datasets per page of a party's list
HOME_LIST = 6
HOME_STORIES = 3
NO_HEAD = Markup("")


@dataclass(frozen=True)
class SiteSettings:
    names: dict[str, str]  # site name per language
    base_url: str
    stylesheets: tuple[str, ...]  # every page, relative to the site root
    search_stylesheets: tuple[str, ...]  # the catalogue page adds these
    search_scripts: tuple[str, ...]
    csp: str
    dataset_scripts: tuple[str, ...] = ()  # dataset pages add these (the copy buttons)
    list_scripts: tuple[str, ...] = ()  # lists of institutions add these (the name filter)


class SiteBuilder:
    """Builds the page contexts of one catalogue; shared lookups are computed once."""

    def __init__(self, enriched: Enriched, settings: SiteSettings, languages: dict[str, Language]) -> None:
        self.enriched, self.settings, self.languages = enriched, settings, languages
        self.catalogue = enriched.catalogue
        self.by_party: dict[str, list[DatasetInfo]] = {}
        for info in enriched.datasets.values():
            self.by_party.setdefault(info.dataset.party_id, []).append(info)
        self.cards: dict[str, dict[str, DatasetCard]] = {}
        self.places = PlacePages(self)

    @property
    def repository(self) -> str | None:
        """`site.repository` of catalogo.yaml: the forms and edit links point at it."""
        return self.enriched.config.get("site", {}).get("repository")

    def pages(self) -> Iterator[PageSpec]:
        """Every page: each dataset's, then each party's, each place's, then the rest (lists, groups,
        best practices)."""
        for key in self.enriched.datasets:
            yield from self.dataset_pages(key)
        for party_id in sorted(self.catalogue.parties):
            yield from self.party_pages(party_id)
        for code in self.places.codes():
            yield from self.place_pages(code)
        for lang in self.languages.values():
            yield from self.shared_pages(lang)

    def dataset_pages(self, key: str) -> list[PageSpec]:
        """A dataset's page in every language (what is the same in all of them is computed once)."""
        info = self.enriched.datasets[key]
        jsonld = jsonld_script(dataset_jsonld(self.enriched, info, self.settings.base_url))
        return [self.dataset_page(lang, info, jsonld) for lang in self.languages.values()]

    def party_pages(self, party_id: str) -> list[PageSpec]:
        party = self.catalogue.parties[party_id]
        return [spec for lang in self.languages.values() for spec in self.party_listing(lang, party)]

    def place_pages(self, code: str) -> list[PageSpec]:
        return [spec for lang in self.languages.values() for spec in self.places.place_pages(lang, code)]

    def shared_pages(self, lang: Language) -> Iterator[PageSpec]:
        """The pages that list many datasets or parties, in one language."""
        for _, make in self._shared_parts(lang):
            yield from make()

    def _shared_parts(self, lang: Language) -> list[tuple[int, Callable[[], Iterable[PageSpec]]]]:
        """The shared pages of one language in order, each part with how many pages it makes
        (so that `page_count` counts them without building them)."""
        stories, tools = self.stories(), self.tools()
        return [
            (1, lambda: [self.home(lang)]),
            (len(self._listing_paths()), lambda: self.catalogue_pages(lang)),
            (1, lambda: [self.parties_page(lang)]),
            (len(self._party_groups()), lambda: self.party_group_pages(lang)),
            (1, lambda: [self.best_practices_page(lang)]),
            (1 + len(self._story_groups(lang, stories)), lambda: self.stories_pages(lang)),
            (len(stories), lambda: (self.story_page(lang, story) for story in stories)),
            (1, lambda: [self.tools_page(lang)]),
            (len(tools), lambda: (self.tool_page(lang, tool) for tool in tools)),
            (1, lambda: [self.indicators_page(lang)]),
            (1, lambda: [self.places.index(lang)]),  # each place's own pages are units (render/write.py)
            (1, lambda: [self.not_found_page(lang)]),
        ]

    def page_count(self) -> int:
        """How many pages `pages()` yields (for a progress bar), without building them."""
        datasets = len(self.enriched.datasets)
        parties = sum(max(1, -(-len(self.by_party.get(p, [])) // PARTY_PAGE_SIZE)) for p in self.catalogue.parties)
        shared = sum(count for lang in self.languages.values() for count, _ in self._shared_parts(lang))
        places = sum(self.places.count_of(code) for code in self.places.codes())
        return (datasets + parties + places) * len(self.languages) + shared

    # shared pieces

    def meta(
        self,
        lang: Language,
        path: str,
        title: str,
        section: str,
        description: str = "",
        head: Markup = NO_HEAD,
        search: bool = False,
        scripts: tuple[str, ...] = (),
    ) -> PageMeta:
        s = self.settings
        return PageMeta(
            lang=lang,
            path=path,
            title=title,
            description=description or lang.t["site_tagline"],
            section=section,
            site_name=s.names[lang.code],
            base_url=s.base_url,
            stylesheets=s.stylesheets + (s.search_stylesheets if search else ()),
            scripts=(s.search_scripts if search else ()) + scripts,
            head=head,
            csp=s.csp,
        )

    def card(self, lang: Language, key: str) -> DatasetCard:
        cards = self.cards.setdefault(lang.code, {})
        if key not in cards:
            cards[key] = dataset_card(self.enriched, self.enriched.datasets[key], lang)
        return cards[key]

    def sorted_keys(self) -> list[str]:
        return sorted(self.enriched.datasets, key=lambda k: (fold(self.enriched.datasets[k].dataset.title), k))

    def stories(self) -> list[Story]:
        return sorted(self.catalogue.stories.values(), key=lambda s: (s.text("date"), s.id), reverse=True)

    def tools(self) -> list[Tool]:
        return sorted(self.catalogue.tools.values(), key=lambda t: (fold(t.name), t.id))

    # pages

    def home(self, lang: Language) -> PageSpec:
        t, c = lang.t, self.catalogue
        resources = sum(len(d.resources) for d in c.datasets.values())
        counts = [
            Count(t["count_parties"], lang.number(len(c.parties))),
            Count(t["count_datasets"], lang.number(len(c.datasets))),
            Count(t["count_resources"], lang.number(resources)),
            Count(t["count_stories"], lang.number(len(c.stories))),
        ]
        stories = self.stories()
        featured = [s for s in stories if s.get("featured") is True] or stories
        newest = self._newest(lambda i: i.created)
        context = HomePage(
            page=self.meta(lang, "", t["home_title"], "home"),
            counts=counts,
            newest=[self.card(lang, k) for k in newest],
            updated=[self.card(lang, k) for k in self._newest(_changed_since_published, set(newest))],
            featured=[story_card(s, lang) for s in featured[:HOME_STORIES]],
            themes=self._theme_links(lang),
            states=self._state_links(lang),
        )
        return PageSpec("home.html", lang.code, "", context)

    def _newest(self, change_of, shown: Collection[str] = ()) -> list[str]:
        """The HOME_LIST datasets changed last by `change_of`, leaving out those already `shown`
        (a card appears once on the home page)."""
        dated = [
            (instant_of(change_of(info).date), key)
            for key, info in self.enriched.datasets.items()
            if change_of(info) is not None and key not in shown
        ]
        return [key for _, key in sorted(dated, key=lambda p: (-p[0], p[1]))[:HOME_LIST]]

    def _theme_links(self, lang: Language) -> list[GroupLink]:
        """Each theme some dataset has, as a search of the catalogue for its name."""
        counts: dict[str, int] = {}
        for info in self.enriched.datasets.values():
            for theme in info.dataset.themes:
                counts[theme] = counts.get(theme, 0) + 1
        return [
            GroupLink(label, f"{urls.CATALOGUE}?q={quote(label)}", lang.number(counts[key]))
            for key in vocabularies().keys("themes")
            if counts.get(key) and (label := lang.label("themes", key))
        ]

    def _state_links(self, lang: Language) -> list[GroupLink]:
        """Each state some dataset covers, to its page (/estados/<code>/)."""
        states = self.places.places.states
        return [
            GroupLink(name, urls.state_path(code), lang.number(len(states[code])))
            for code, name in sorted(vocabularies().states.items(), key=lambda p: fold(p[1]))
            if states.get(code)
        ]

    def catalogue_pages(self, lang: Language) -> Iterator[PageSpec]:
        keys, paths = self.sorted_keys(), self._listing_paths()
        count, filters = len(paths), self._search_filters(lang)
        for number, path in enumerate(paths, start=1):
            chunk = keys[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
            title = (
                lang.t["catalogue_title"]
                if number == 1
                else (f"{lang.t['catalogue_title']} · {lang.t['catalogue_page_of'] % {'n': number, 'total': count}}")
            )
            context = CataloguePage(
                page=self.meta(lang, path, title, "catalogue", lang.t["catalogue_lead"], search=True),
                cards=[self.card(lang, k) for k in chunk],
                total=lang.number(len(keys)),
                filters=filters,
                request_url=request_form_url(self.enriched.config.get("site", {}).get("repository"), ""),
                state_pages=state_pages(),
                **_pagination(number, paths),
            )
            yield PageSpec("catalogue.html", lang.code, path, context)

    def _listing_paths(self) -> list[str]:
        count = max(1, -(-len(self.enriched.datasets) // PAGE_SIZE))
        return [urls.listing_path(n) for n in range(1, count + 1)]

    def _search_filters(self, lang: Language) -> list[SearchFilter]:
        """Every value of each search facet that some dataset has (the search page offers them
        without asking Pagefind, whose filter files grow with the catalogue)."""
        values: dict[str, set[str]] = {}
        for key in self.enriched.datasets:
            for label, found in self.card(lang, key).filters.items():
                values.setdefault(label, set()).update(found)
        labels = [lang.t[key] for key in SEARCH_FILTERS if lang.t[key] in values]
        keys = {lang.t[key]: key.removeprefix("filter_") for key in SEARCH_FILTERS}
        pages = {name: urls.state_path(code) for code, name in vocabularies().states.items()}
        return [
            SearchFilter(
                label,
                sorted(values[label], key=lambda v: (fold(v), v)),
                {v: pages[v] for v in values[label] if v in pages} if label == lang.t["filter_state"] else {},
                keys[label],
            )
            for label in labels
        ]

    def dataset_page(self, lang: Language, info: DatasetInfo, jsonld: Markup | None = None) -> PageSpec:
        dataset, party = info.dataset, self.enriched.party_of(info.dataset)
        key = info.dataset.key
        card = self.card(lang, key)
        history = change_rows(info.history, self.enriched.history.files_of(f"datasets/{key}", info.history), lang)
        if jsonld is None:
            jsonld = jsonld_script(dataset_jsonld(self.enriched, info, self.settings.base_url))
        joins, joins_total = join_rows(self.enriched, key, lang, self.settings.base_url)
        views = data_views(self.enriched, key, lang)
        context = DatasetPage(
            page=self.meta(
                lang,
                dataset_path(key),
                dataset.title,
                "catalogue",
                card.summary,
                head=jsonld,
                scripts=self.settings.dataset_scripts,
            ),
            key=key,
            title=dataset.title,
            description=markdown_html(dataset.text("description")),
            party=party_card(party, lang, len(self.by_party.get(party.id, []))) if party else _unknown_party(dataset),
            facets=dataset_facets(self.enriched, dataset, lang),
            keywords=dataset.keywords,
            series_type=lang.label("series_types", dataset.text("series_type")),
            temporal=_temporal(dataset, lang),
            spatial=_spatial(dataset, lang),
            states=[vocabularies().states.get(s, s) for s in values.strings(dataset.spatial.get("states"))],
            contact=_contact(dataset.contact),
            sources=_sources(dataset),
            resources=self._resources(lang, info),
            updated=history[0] if history else None,
            created=history[-1] if history else None,
            history=history,
            stories=[story_card(s, lang) for s in self.enriched.stories_of.get(key, [])],
            tools=[tool_card(tl, lang) for tl in self.enriched.tools_of.get(key, [])],
            citation=self._citation(lang, info, card),
            citation_url=self.settings.base_url + dataset_path(key),
            datapackage_from_root=dataset_path(key) + urls.DATAPACKAGE,
            folder_from_root=dataset_path(key),
            api_from_root=urls.api_dataset_path(key),
            quality=quality_view(info.quality, lang),
            timeliness=timeliness_view(info.timeliness, lang, self.enriched.today),
            joins=joins,
            joins_total=joins_total,
            request_url=request_form_url(
                self.enriched.config.get("site", {}).get("repository"), party.name if party else "", dataset.title
            ),
            views=[view for view, _ in views],
            edit=dataset_edit_links(self.repository, dataset, lang),
            search=search_meta(card, _temporal(dataset, lang), dataset, english=bool(lang.prefix)),
            dates=dataset_dates(info, history, lang),
        )
        files: list[tuple[str, str]] = []
        if not lang.prefix:  # written once, beside the Spanish page; every language's page links them
            sides = self.enriched.joins.sides.get(key, {}).values()
            files += [(v.file, svg) for v, svg in views] + code_files(joins)
            files += [(names_file(side), names_csv(side)) for side in sides if side.form in ("name", "header")]
        return PageSpec("dataset.html", lang.code, dataset_path(key), context, tuple(files))

    def _resources(self, lang: Language, info: DatasetInfo) -> list[ResourceView]:
        """Each resource with its published URL and its column summary from the data check."""
        dataset, base_url = info.dataset, self.settings.base_url
        summaries = {s.get("resource"): s for s in (self.enriched.keys.get(dataset.key) or {}).get("columns", [])}
        return [
            resource_view(dataset, r, lang, resource_url(base_url, dataset, r), summaries.get(r.name))
            for r in dataset.resources
        ]

    def _citation(self, lang: Language, info: DatasetInfo, card: DatasetCard) -> str:
        """The source's year (changes.citation_year) and the catalogue's version of it: the day
        it last changed here, which the reader consulted (not the build's day, which would
        rewrite every dataset page on each new day of commits)."""
        fields = {
            "party": card.party,
            "year": citation_year(info, self.enriched.today.year),
            "title": card.title,
            "site": self.settings.names[lang.code],
            "url": self.settings.base_url + card.path,
        }
        if info.updated is None:
            return lang.t["cite_text"] % fields
        return lang.t["cite_text_version"] % {**fields, "version": lang.date(info.updated.day)}

    def parties_page(self, lang: Language) -> PageSpec:
        t = lang.t
        sections = [
            GroupSection(t["parties_by_level"], self._groups(lang, "por-orden", "levels", lambda p: p.level)),
            GroupSection(t["parties_by_state"], self._state_groups(lang)),
            GroupSection(t["parties_by_power"], self._groups(lang, "por-poder", "powers", lambda p: p.text("power"))),
        ]
        context = PartiesPage(
            page=self.meta(lang, urls.PARTIES, t["parties_title"], "parties", t["parties_lead"]),
            total=lang.number(len(self.catalogue.parties)),
            sections=sections,
        )
        return PageSpec("parties.html", lang.code, urls.PARTIES, context)

    def _party_groups(self) -> list[tuple[str, str, str, Any]]:
        """(kind, key, vocabulary, predicate) of every non-empty group of parties."""
        vocab, groups = vocabularies(), []
        for level in vocab.keys("levels"):
            groups.append(("por-orden", level, "levels", lambda p, k=level: p.level == k))
        for code, name in sorted(vocab.states.items()):
            groups.append(("por-entidad", slugify(name), name, lambda p, k=code: p.text("state") == k))
        for power in vocab.keys("powers"):
            groups.append(("por-poder", power, "powers", lambda p, k=power: p.text("power") == k))
        parties = list(self.catalogue.parties.values())
        return [g for g in groups if any(g[3](p) for p in parties)]

    def _groups(self, lang: Language, kind: str, vocabulary: str, value_of) -> list[GroupLink]:
        links = []
        for key in vocabularies().keys(vocabulary):
            n = sum(1 for p in self.catalogue.parties.values() if value_of(p) == key)
            if n:
                links.append(GroupLink(lang.label(vocabulary, key), urls.party_group_path(kind, key), lang.number(n)))
        return links

    def _state_groups(self, lang: Language) -> list[GroupLink]:
        links = []
        for code, name in sorted(vocabularies().states.items()):
            n = sum(1 for p in self.catalogue.parties.values() if p.text("state") == code)
            if n:
                links.append(GroupLink(name, urls.party_group_path("por-entidad", slugify(name)), lang.number(n)))
        return links

    def party_group_pages(self, lang: Language) -> Iterator[PageSpec]:
        for kind, key, vocabulary, belongs in self._party_groups():
            label = vocabulary if kind == "por-entidad" else lang.label(vocabulary, key)
            path = urls.party_group_path(kind, key)
            cards = [
                party_card(p, lang, len(self.by_party.get(p.id, [])))
                for p in sorted(
                    (p for p in self.catalogue.parties.values() if belongs(p)), key=lambda p: (fold(p.name), p.id)
                )
            ]
            heading = lang.t["parties_group_lead"] % {"group": label}
            context = PartyGroupPage(
                page=self.meta(lang, path, heading, "parties", scripts=self.settings.list_scripts),
                heading=heading,
                parties=sorted((card for card in cards if card.datasets), key=lambda card: -card.datasets),
                without=[card for card in cards if not card.datasets],
                total=lang.number(len(cards)),
            )
            yield PageSpec("party_group.html", lang.code, path, context)

    def party_listing(self, lang: Language, party: Party) -> list[PageSpec]:
        """A party's page and, past PARTY_PAGE_SIZE datasets, the further pages of its datasets
        (each with the party's name and the same window pagination as the catalogue)."""
        infos = self.by_party.get(party.id, [])
        keys = sorted((i.dataset.key for i in infos), key=lambda k: (fold(self.enriched.datasets[k].dataset.title), k))
        path = urls.party_path(party.id)
        card = party_card(party, lang, len(infos))
        count = max(1, -(-len(keys) // PARTY_PAGE_SIZE))
        paths = [urls.party_page_path(party.id, n) for n in range(1, count + 1)]
        first = set(keys[:PARTY_PAGE_SIZE])
        context = PartyPage(
            page=self.meta(lang, path, party.name, "parties", _first_line(party.text("description"))),
            party=card,
            description=markdown_html(party.text("description")),
            municipality=municipality_name(party) if party.text("municipality") else "",
            website=safe_url(party.text("website")),
            liaison=_contact(party.get("liaison")),
            datasets=[self.card(lang, k) for k in keys[:PARTY_PAGE_SIZE]],
            inventory=self._inventory(lang, party),
            plan=self._plan(lang, party),
            plan_period=self._plan_period(lang, party),
            datajson_from_root=path + urls.DATA_JSON if infos else None,
            quality=party_quality_view(infos, lang, self.enriched.today, shown=first),
            scorecard=self._scorecard(lang, party),
            requests=requests_view(
                self.enriched.requests_by_party.get(party.id, []),
                party.id,
                lang,
                self.enriched.config.get("site", {}).get("repository"),
                self._requests_fetched(),
            ),
            request_url=request_form_url(self.enriched.config.get("site", {}).get("repository"), party.name),
            edit=party_edit_links(self.repository, party, lang),
            **_pagination(1, paths),
        )
        specs = [PageSpec("party.html", lang.code, path, context)]
        for number in range(2, count + 1):
            page_of = lang.t["catalogue_page_of"] % {"n": number, "total": count}
            chunk = keys[(number - 1) * PARTY_PAGE_SIZE : number * PARTY_PAGE_SIZE]
            later = replace(
                context,
                page=self.meta(lang, paths[number - 1], f"{party.name} · {page_of}", "parties"),
                datasets=[self.card(lang, k) for k in chunk],
                quality=party_quality_view(infos, lang, self.enriched.today, shown=set(chunk)),
                **_pagination(number, paths),
            )
            specs.append(PageSpec("party.html", lang.code, paths[number - 1], later))
        return specs

    def _scorecard(self, lang: Language, party: Party) -> Any:
        indicators = self.enriched.indicators
        if indicators is None:
            return None
        return scorecard_view(indicators.scorecards.get(party.id), lang, indicators.row("nacional", "mx"))

    def _requests_fetched(self) -> str | None:
        """The day the data requests were read from GitHub, or None without the requests file."""
        found = self.enriched.requests_file
        if found is None:
            return None
        return found.fetched_on.isoformat() if found.fetched_on else ""

    def _inventory(self, lang: Language, party: Party) -> list[InventoryRow] | None:
        if party.inventory is None:
            return None
        rows = []
        ranked = self.enriched.priorities.get(party.id, [])
        by_id = ranks(ranked, lang)
        for item in [entry.item for entry in ranked] or party.inventory_items():
            key = f"{party.id}/{item.dataset}"
            published = self.enriched.datasets.get(key) if item.dataset else None
            rank = by_id.get(item.id)
            rows.append(
                InventoryRow(
                    id=item.id,
                    title=item.title,
                    series_type=lang.label("series_types", item.series_type),
                    status=lang.label("inventory_statuses", item.status),
                    dataset_path=dataset_path(key) if published else None,
                    dataset_title=published.dataset.title if published else "",
                    legal_basis=str(item.data.get("legal_basis") or ""),
                    rank=rank.rank if rank else "",
                    score=rank.score if rank else "",
                    reason=rank.reason if rank else "",
                )
            )
        return rows

    def _plan(self, lang: Language, party: Party) -> list[PlanRow] | None:
        if party.plan is None:
            return None
        titles = {item.id: item.title for item in party.inventory_items()}
        statuses = {s.pointer: s for s in self.enriched.plans.get(party.id, [])}
        return [
            PlanRow(
                item=c.item,
                title=titles.get(c.item, c.item),
                due=lang.date(c.due),
                due_iso=c.due,
                status=plan_status_text(statuses.get(c.pointer), lang),
            )
            for c in sorted(party.commitments(), key=lambda c: (c.due, c.item))
        ]

    def _plan_period(self, lang: Language, party: Party) -> str:
        period = values.mapping(party.plan.data if party.plan else None).get("period")
        if not isinstance(period, dict) or not period.get("start"):
            return ""
        return lang.t["plan_period"] % {
            "start": lang.date(str(period.get("start"))),
            "end": lang.date(str(period.get("end") or "")),
        }

    def indicators_page(self, lang: Language) -> PageSpec:
        t, path = lang.t, urls.INDICATORS
        assert self.enriched.indicators is not None
        per_state: dict[str, float] = {}
        for row in self.enriched.indicators.rows:
            count = row.values.get("conjuntos")
            if row.dimension == "estado" and isinstance(count, int):
                per_state[row.key] = count
        made = maps.choropleth(
            "mapa-indicadores",
            t["indicators_map_title"],
            t["indicators_map_desc"],
            dict(vocabularies().states),
            {code: per_state.get(code, 0) for code in vocabularies().states},
            number=lambda v: lang.number(int(v)),
        )
        context = IndicatorsPage(
            page=self.meta(lang, path, t["indicators_title"], "indicators", t["indicators_lead"]),
            view=indicators_view(self.enriched.indicators, lang),
            map_file="mapa.svg",
            map_alt=made.title,
        )
        return PageSpec("indicators.html", lang.code, path, context, (("mapa.svg", made.svg),))

    def not_found_page(self, lang: Language) -> PageSpec:
        """404.html of each language, with links from the site's root path (it answers any address)."""
        meta = self.meta(lang, "404.html", lang.t["not_found_title"], "")
        site_root = urlsplit(self.settings.base_url).path or "/"
        return PageSpec("not_found.html", lang.code, "404.html", NotFoundPage(replace(meta, site_root=site_root)))

    def best_practices_page(self, lang: Language) -> PageSpec:
        t = lang.t
        context = BestPracticesPage(
            page=self.meta(lang, urls.BEST_PRACTICES, t["best_title"], "best", t["best_lead"]),
            stories=[story_card(s, lang) for s in self.stories()[:HOME_LIST]],
            tools=[tool_card(tl, lang) for tl in self.tools()],
        )
        return PageSpec("best_practices.html", lang.code, urls.BEST_PRACTICES, context)

    def stories_pages(self, lang: Language) -> Iterator[PageSpec]:
        t, stories = lang.t, self.stories()
        filters = self._story_filters(lang, stories)
        base = urls.STORIES
        yield PageSpec(
            "stories.html",
            lang.code,
            base,
            StoriesPage(
                page=self.meta(lang, base, t["stories_title"], "best", t["stories_lead"]),
                heading=t["stories_title"],
                stories=[story_card(s, lang) for s in stories],
                filters=filters,
                filtered=False,
            ),
        )
        for kind, key, label, members in self._story_groups(lang, stories):
            path = urls.story_filter_path(kind, key)
            heading = t["stories_filtered"] % {"group": label}
            yield PageSpec(
                "stories.html",
                lang.code,
                path,
                StoriesPage(
                    page=self.meta(lang, path, heading, "best"),
                    heading=heading,
                    stories=[story_card(s, lang) for s in members],
                    filters=filters,
                    filtered=True,
                ),
            )

    def _story_groups(self, lang: Language, stories: list[Story]) -> list[tuple[str, str, str, list[Story]]]:
        groups = []
        for kind, vocabulary, values_of in (
            ("sector", "sectors", lambda s: [values.mapping(s.get("organization")).get("sector")]),
            ("tema", "themes", lambda s: values.strings(s.get("theme"))),
            ("proposito", "purposes", lambda s: [s.get("purpose")]),
        ):
            for key in vocabularies().keys(vocabulary):
                members = [s for s in stories if key in values_of(s)]
                if members:
                    groups.append((kind, key, lang.label(vocabulary, key), members))
        return groups

    def _story_filters(self, lang: Language, stories: list[Story]) -> list[GroupSection]:
        titles = {
            "sector": lang.t["stories_by_sector"],
            "tema": lang.t["stories_by_theme"],
            "proposito": lang.t["stories_by_purpose"],
        }
        sections: dict[str, list[GroupLink]] = {}
        for kind, key, label, members in self._story_groups(lang, stories):
            sections.setdefault(kind, []).append(
                GroupLink(label, urls.story_filter_path(kind, key), lang.number(len(members)))
            )
        return [GroupSection(titles[k], links) for k, links in sections.items()]

    def story_page(self, lang: Language, story: Story) -> PageSpec:
        card = story_card(story, lang)
        organization = values.mapping(story.get("organization"))
        links = [
            Link(str(x.get("title") or x.get("url")), safe_url(x.get("url")) or "")
            for x in story.get("links") or []
            if isinstance(x, dict) and safe_url(x.get("url"))
        ]
        context = StoryPage(
            page=self.meta(lang, card.path, story.title, "best", card.summary),
            card=card,
            summary=markdown_html(story.text("summary")),
            impact=markdown_html(story.text("impact")),
            organization_url=safe_url(organization.get("url")),
            links=links,
            datasets=dataset_links(self.enriched, story.dataset_refs),
            edit=record_edit_links(self.repository, story, lang),
        )
        return PageSpec("story.html", lang.code, card.path, context)

    def tools_page(self, lang: Language) -> PageSpec:
        groups = []
        for key in vocabularies().keys("tool_categories"):
            members = [tool_card(tl, lang) for tl in self.tools() if tl.text("category") == key]
            if members:
                groups.append(ToolGroup(lang.label("tool_categories", key), members))
        others = [
            tool_card(tl, lang)
            for tl in self.tools()
            if tl.text("category") not in vocabularies().keys("tool_categories")
        ]
        if others:
            groups.append(ToolGroup(lang.label("tool_categories", "otro"), others))
        path = urls.TOOLS
        context = ToolsPage(
            page=self.meta(lang, path, lang.t["tools_title"], "best", lang.t["tools_lead"]), groups=groups
        )
        return PageSpec("tools.html", lang.code, path, context)

    def tool_page(self, lang: Language, tool: Tool) -> PageSpec:
        card = tool_card(tool, lang)
        formats = [lang.label("formats", f) for f in values.strings(tool.get("formats"))]
        context = ToolPage(
            page=self.meta(lang, card.path, tool.name, "best", card.summary),
            card=card,
            description=markdown_html(tool.text("description")),
            url=safe_url(tool.text("url")),
            repository=safe_url(tool.text("repository")),
            license=tool.text("license"),
            formats=formats,
            datasets=dataset_links(self.enriched, tool.dataset_refs),
            edit=record_edit_links(self.repository, tool, lang),
        )
        return PageSpec("tool.html", lang.code, card.path, context)


def _changed_since_published(info: DatasetInfo) -> Change | None:
    """A dataset's last change, if it changed after its first publication (else it is only new)."""
    return info.updated if len(info.history) > 1 else None


def _first_line(text: str) -> str:
    return " ".join(text.split())[:200]


def _contact(value: Any) -> Contact | None:
    data = values.mapping(value)
    if not data.get("name") and not data.get("email"):
        return None
    return Contact(str(data.get("name") or ""), str(data.get("email") or ""), str(data.get("phone") or ""))


def _temporal(dataset: Dataset, lang: Language) -> str:
    temporal = dataset.temporal
    start, end = str(temporal.get("start") or ""), str(temporal.get("end") or "")
    if not start and not end:
        return ""
    if start == end:
        return lang.date(start)
    if not end or not start:  # open at one end: say so, not a single day
        return (
            lang.t["temporal_since"] % {"start": lang.date(start)}
            if start
            else lang.t["temporal_until"] % {"end": lang.date(end)}
        )
    return lang.t["temporal_range"] % {"start": lang.date(start), "end": lang.date(end)}


def _spatial(dataset: Dataset, lang: Language) -> str:
    spatial = dataset.spatial
    parts = [lang.label("spatial_scopes", str(spatial.get("scope") or "")), str(spatial.get("description") or "")]
    return ". ".join(p for p in parts if p)


def _sources(dataset: Dataset) -> list[Link]:
    return [
        Link(str(s.get("title") or s.get("path") or ""), safe_url(s.get("path")) or "")
        for s in dataset.sources
        if s.get("title") or s.get("path")
    ]


def _unknown_party(dataset: Dataset) -> PartyCard:
    return PartyCard(dataset.party_id, urls.party_path(dataset.party_id), dataset.party_id, "", "", "", "", 0)
