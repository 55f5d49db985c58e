"""Stage 4, render: The pages of places: `/estados/` (a map of Mexico coloured by the number of
datasets about each state), a page for each state (its datasets, its parties with their
indicators, a map of its municipalities) and one for each municipality some dataset covers."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ..core import urls
from ..core.vocab import fold, vocabularies
from ..measure.places import Places, places_of
from . import maps
from .contexts import PageSpec, PartyFigures, PlaceLink, StatePage, StatesPage, _pagination
from .views import Link, party_card

if TYPE_CHECKING:
    from .ui import Language

PAGE_SIZE = 100
MAP_FILE = "mapa.svg"


class PlacePages:
    def __init__(self, builder: Any) -> None:  # pages.SiteBuilder (which makes this from itself)
        self.builder = builder

    @cached_property
    def places(self) -> Places:
        return places_of(self.builder.enriched)

    def _sorted(self, keys: set[str]) -> list[str]:
        datasets = self.builder.enriched.datasets
        return sorted(keys, key=lambda k: (fold(datasets[k].dataset.title), k))

    def codes(self) -> list[str]:
        """Every place with pages: the 32 states, then each municipality some dataset covers."""
        return sorted(vocabularies().states) + sorted(self.places.municipalities)

    def place_pages(self, lang: Language, code: str) -> Iterator[PageSpec]:
        vocab = vocabularies()
        if len(code) == 2:
            yield from self.place(lang, code, vocab.states[code], None)
        else:
            state, name = vocab.municipalities[code]
            yield from self.place(lang, code, name, Link(vocab.states.get(state, state), urls.state_path(state)))

    def sources(self, code: str, digests: dict[str, str]) -> tuple[Any, ...]:
        """What a place's pages are made from besides the presentation: its datasets (their
        sources stand for their cards), and for a state its parties (their files and scorecards)
        and how many datasets cover each of its municipalities."""
        keys = self.places.states.get(code, set()) if len(code) == 2 else self.places.municipalities.get(code, set())
        made_of: list[Any] = [code, sorted((k, digests.get(k, "")) for k in keys)]
        if len(code) == 2:
            builder = self.builder
            indicators = builder.enriched.indicators
            for party in sorted(builder.catalogue.parties.values(), key=lambda p: p.id):
                if party.text("state") == code:
                    lines = indicators.scorecards.get(party.id) if indicators else None
                    made_of.append((party.id, party.data, len(builder.by_party.get(party.id, [])), lines))
            made_of.append(sorted((t, len(k)) for t, k in self.places.municipalities.items() if t.startswith(code)))
        return tuple(made_of)

    def count_of(self, code: str) -> int:
        keys = self.places.states.get(code, set()) if len(code) == 2 else self.places.municipalities.get(code, set())
        return max(1, -(-len(keys) // PAGE_SIZE))

    def index(self, lang: Language) -> PageSpec:
        vocab = vocabularies()
        counts = {code: len(keys) for code, keys in self.places.states.items()}
        title = lang.t["states_title"]
        made = maps.choropleth(
            "mapa-estados",
            lang.t["state_map_title"],
            lang.t["states_intro"],
            dict(vocab.states),
            {code: counts.get(code, 0) for code in vocab.states},
            number=lambda v: lang.number(int(v)),
        )
        links = [
            PlaceLink(code, name, urls.state_path(code), lang.number(counts.get(code, 0)))
            for code, name in sorted(vocab.states.items())
        ]
        context = StatesPage(self.builder.meta(lang, urls.STATES, title, "states"), MAP_FILE, made.title, links)
        return PageSpec("states.html", lang.code, urls.STATES, context, ((MAP_FILE, made.svg),))

    def place(self, lang: Language, code: str, name: str, parent: Link | None) -> Iterator[PageSpec]:
        builder, vocab = self.builder, vocabularies()
        is_state = parent is None
        keys = self._sorted(self.places.states.get(code, set()) if is_state else self.places.municipalities[code])
        path_of = urls.state_path if is_state else urls.municipality_path
        pages = max(1, -(-len(keys) // PAGE_SIZE))
        paths = [path_of(code, n) for n in range(1, pages + 1)]
        parties: list[PartyFigures] = []
        towns: list[PlaceLink] = []
        missing: list[str] = []
        files: tuple[tuple[str, str], ...] = ()
        map_alt = ""
        if is_state:
            parties = self._parties(lang, code)
            counts = {town: len(found) for town, found in self.places.municipalities.items() if town.startswith(code)}
            towns_names = {c: n for c, (s, n) in vocab.municipalities.items() if s == code}
            made = maps.choropleth(
                f"mapa-{code}",
                f"{lang.t['state_municipal_map']}: {name}",
                lang.t["states_intro"],
                towns_names,
                counts,
                state=code,
                number=lambda v: lang.number(int(v)),
            )
            files = ((MAP_FILE, made.svg),)
            map_alt, missing = made.title, made.missing
            towns = [
                PlaceLink(town, towns_names.get(town, town), urls.municipality_path(town), lang.number(n))
                for town, n in sorted(counts.items())
            ]
        heading = f"{name}, {parent.title}" if parent is not None else name
        for number in range(1, pages + 1):
            chunk = keys[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
            title = (
                heading if number == 1 else f"{heading} · {lang.t['catalogue_page_of'] % {'n': number, 'total': pages}}"
            )
            context = StatePage(
                page=builder.meta(lang, paths[number - 1], title, "states"),
                code=code,
                name=name,
                heading=heading,
                parent=parent,
                datasets=[builder.card(lang, k) for k in chunk],
                total=lang.number(len(keys)),
                parties=parties if number == 1 else [],
                map_file=MAP_FILE if files and number == 1 else "",
                map_alt=map_alt,
                municipalities=towns if number == 1 else [],
                missing=missing if number == 1 else [],
                **_pagination(number, paths),
            )
            yield PageSpec("state.html", lang.code, paths[number - 1], context, files if number == 1 else ())

    def _parties(self, lang: Language, code: str) -> list[PartyFigures]:
        builder = self.builder
        indicators = builder.enriched.indicators
        rows = []
        members = [p for p in builder.catalogue.parties.values() if p.text("state") == code]
        for party in sorted(members, key=lambda p: (fold(p.name), p.id)):
            lines = {
                line.metric: line.value for line in (indicators.scorecards.get(party.id, []) if indicators else [])
            }
            rows.append(
                PartyFigures(
                    party_card(party, lang, len(builder.by_party.get(party.id, []))),
                    lang.t["word_yes"] if party.inventory_path else lang.t["word_no"],
                    _pct(lines.get("pct_cumplimiento_plan")),
                    _pct(lines.get("pct_al_dia")),
                )
            )
        return rows


def _pct(value: float | int | None) -> str:
    return "—" if value is None else f"{value:g} %"
