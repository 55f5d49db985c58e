"""Stage 4, render: what the catalogue's search (buscar.js over Pagefind) knows of a dataset beyond its
indexed text: the facts a result shows and sorts by, the English names of its Spanish words, and
the state pages offered when a search names a state that no dataset mentions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core import urls
from ..core.model import Dataset
from ..core.vocab import fold, vocabularies
from .views import DatasetCard


@dataclass(frozen=True)
class SearchMeta:
    """Pagefind metadata (`data-pagefind-meta`) of a dataset page: the search sorts by them itself."""

    formats: str
    period: str  # the period the data covers, as the page shows it
    date: str  # last updated, as the page shows it
    date_iso: str  # "dia": sorts by newest
    summary: str  # the description's first sentences: the result's excerpt
    english_words: list[str] = field(default_factory=list)  # indexed on English pages only


def search_meta(card: DatasetCard, period: str, dataset: Dataset, english: bool) -> SearchMeta:
    return SearchMeta(
        formats=", ".join(card.formats),
        period=period,
        date=card.updated,
        date_iso=card.updated_iso,
        summary=card.summary,
        english_words=english_search_words(dataset) if english else [],
    )


def english_search_words(dataset: Dataset) -> list[str]:
    """English names (vocabularies' `search_words`) of the Spanish words of the dataset's title and
    keywords: "presas" gives "dams, reservoirs"."""
    table = vocabularies().terms.get("search_words", {})
    found: list[str] = []
    for word in re.findall(r"\w+", fold(" ".join([dataset.title, *dataset.keywords]))):
        for name in str(table.get(word, {}).get("en", "")).split(","):
            if name.strip() and name.strip() not in found:
                found.append(name.strip())
    return found


def state_pages() -> dict[str, list[str]]:
    """Folded name of each state -> [its name, its page]: the search offers the page of a state
    that it finds in no dataset (every state has a page, with or without datasets)."""
    return {fold(name): [name, urls.state_path(code)] for code, name in sorted(vocabularies().states.items())}
