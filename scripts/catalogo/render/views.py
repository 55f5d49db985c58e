"""Stage 4, render: View records: what the templates show of datasets, parties, resources, stories and
tools, in one language. Paths are relative to the language's root ('datos/p/d/') unless named
`*_from_root` (files that exist once, in the Spanish tree: data files, descriptors, the API)."""

# Templates prefix them with `page.base` or `page.root`.

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

from markupsafe import Markup

from ..core import values
from ..core.model import Dataset, Party, Resource, Story, Tool
from ..core.paths import resolve_resource
from ..core.resources import format_label, is_tabular
from ..core.urls import dataset_path, party_path, story_path, tool_path
from ..core.vocab import license_key, vocabularies
from ..measure.enriched import DatasetInfo, Enriched
from ..measure.places import coverage
from .html import markdown_html, safe_url
from .preview import Preview, read_preview
from .tables import ColumnSummary, Snippet, column_summary, constraints_in_words, snippets, type_label
from .ui import Language

SUMMARY_CHARS = 240
# The facets that are also search filters (UI text keys): few values each, so that Pagefind's
# filter files stay small. The institution is searchable as text and its page lists its datasets.
SEARCH_FILTERS = ("filter_level", "filter_state", "filter_theme", "filter_format", "filter_frequency", "filter_gender")


@dataclass(frozen=True)
class Facet:
    """A labelled group of values; on dataset pages those marked `search` are Pagefind filters."""

    label: str
    values: list[str]
    search: bool = False


@dataclass(frozen=True)
class DatasetCard:
    key: str
    path: str
    title: str
    summary: str
    party: str
    party_path: str
    level: str
    themes: list[str]
    formats: list[str]
    updated: str
    updated_iso: str
    # the dataset's values of each search facet (label -> values): the search page offers every
    # value some card has, without building each dataset's facets again
    filters: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class PartyCard:
    id: str
    path: str
    name: str
    acronym: str
    level: str
    state: str
    power: str
    datasets: int


@dataclass(frozen=True)
class FieldRow:
    name: str
    title: str
    type: str
    description: str
    constraints: str


@dataclass(frozen=True)
class ResourceView:
    name: str
    title: str
    description: Markup
    format: str
    size: str
    file_from_root: str | None  # a data file copied beside the dataset page
    url: str | None  # a resource published elsewhere
    preview: Preview | None
    fields: list[FieldRow] = field(default_factory=list)
    download_url: str | None = None  # the published absolute URL (export/common.py `resource_url`)
    snippets: list[Snippet] = field(default_factory=list)  # lines that load it: pandas, R, curl
    summary: ColumnSummary | None = None  # its columns, from the data check (checks/columns.py)


@dataclass(frozen=True)
class Link:
    title: str
    href: str


@dataclass(frozen=True)
class StoryCard:
    id: str
    path: str
    title: str
    summary: str
    organization: str
    sector: str
    purpose: str
    themes: list[str]
    date: str


@dataclass(frozen=True)
class ToolCard:
    id: str
    path: str
    name: str
    summary: str
    category: str
    organization: str


def plain_summary(text: str, limit: int = SUMMARY_CHARS) -> str:
    """The first characters of a Markdown text as plain text, cut at a word."""
    plain = " ".join(markdown_html(text).striptags().split())
    if len(plain) <= limit:
        return plain
    return plain[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def party_name(enriched: Enriched, dataset: Dataset) -> str:
    party = enriched.party_of(dataset)
    return party.name if party else dataset.party_id


def dataset_card(enriched: Enriched, info: DatasetInfo, lang: Language) -> DatasetCard:
    dataset, party = info.dataset, enriched.party_of(info.dataset)
    updated = info.updated.day if info.updated else ""
    return DatasetCard(
        key=dataset.key,
        path=dataset_path(dataset.key),
        title=dataset.title,
        summary=plain_summary(dataset.text("description")),
        party=party_name(enriched, dataset),
        party_path=party_path(dataset.party_id),
        level=lang.label("levels", party.level) if party else "",
        themes=[lang.label("themes", t) for t in dataset.themes],
        formats=format_labels(dataset, lang),
        updated=lang.date(updated),
        updated_iso=updated,
        filters={f.label: list(f.values) for f in dataset_facets(enriched, dataset, lang) if f.search},
    )


def format_labels(dataset: Dataset, lang: Language) -> list[str]:
    labels: list[str] = []
    for resource in dataset.resources:
        label = format_label(resource, lang.code)
        if label and label not in labels:
            labels.append(label)
    return labels


def license_labels(dataset: Dataset, lang: Language) -> list[str]:
    labels = []
    for item in dataset.licenses:
        key = license_key(item.get("name")) or license_key(item.get("path"))
        label = lang.label("licenses", key) if key else str(item.get("title") or item.get("name") or "")
        if label and label not in labels:
            labels.append(label)
    return labels


def dataset_facets(enriched: Enriched, dataset: Dataset, lang: Language) -> list[Facet]:
    """The catalogue's facets for one dataset, in the order the search page shows them."""
    t, party = lang.t, enriched.party_of(dataset)
    gender = dataset.gender_disaggregated
    facets = [
        ("filter_party", [party_name(enriched, dataset)]),
        ("filter_level", [lang.label("levels", party.level)] if party and party.level else []),
        ("filter_state", covered_states(enriched, dataset)),
        ("filter_power", [lang.label("powers", party.text("power"))] if party and party.text("power") else []),
        ("filter_theme", [lang.label("themes", k) for k in dataset.themes]),
        ("filter_format", format_labels(dataset, lang)),
        ("filter_license", license_labels(dataset, lang)),
        (
            "filter_frequency",
            [lang.label("frequencies", dataset.frequency)] if dataset.frequency else [],
        ),
        ("filter_gender", [t["word_yes"] if gender else t["word_no"]] if isinstance(gender, bool) else []),
    ]
    return [Facet(t[key], values, key in SEARCH_FILTERS) for key, values in facets if values]


def covered_states(enriched: Enriched, dataset: Dataset) -> list[str]:
    """The states the dataset's data covers (its state and municipal keys) or that it declares,
    by name; a dataset about the whole country without either is about no one state."""
    states = vocabularies().states
    return [states[code] for code in sorted(coverage(enriched, dataset.key)[0])]


def state_name(party: Party | None) -> str:
    return vocabularies().states.get(party.text("state"), "") if party else ""


def municipality_name(party: Party) -> str:
    entry = vocabularies().municipalities.get(party.text("municipality"))
    return entry[1] if entry else ""


def party_card(party: Party, lang: Language, datasets: int) -> PartyCard:
    return PartyCard(
        id=party.id,
        path=party_path(party.id),
        name=party.name,
        acronym=party.text("acronym"),
        level=lang.label("levels", party.level),
        state=state_name(party),
        power=lang.label("powers", party.text("power")),
        datasets=datasets,
    )


def resource_view(
    dataset: Dataset,
    resource: Resource,
    lang: Language,
    download_url: str | None = None,
    summary: dict[str, Any] | None = None,
) -> ResourceView:
    """`download_url` is where the site publishes the file; `summary` the data check's (checks/columns.py)."""
    title = values.text(resource.data.get("title")) or resource.name
    target = resolve_resource(dataset.files.root, dataset.folder, resource.path)
    local = target.file if target.file is not None and target.file.is_file() else None
    size = local.stat().st_size if local else resource.data.get("bytes")
    preview = read_preview(local, resource) if local and is_tabular(resource) else None
    return ResourceView(
        name=resource.name,
        title=title,
        description=markdown_html(values.text(resource.data.get("description")), heading_level=5),
        format=format_label(resource, lang.code),
        size=lang.size(size if isinstance(size, int) else None),
        file_from_root=f"{dataset_path(dataset.key)}{quote(resource.path, safe='/')}" if local else None,
        url=safe_url(target.url) if target.url else None,
        preview=preview,
        fields=field_rows(resource, lang),
        download_url=download_url,
        snippets=snippets(
            resource, download_url, [c["name"] for c in (summary or {}).get("columns", []) if c.get("code")]
        ),
        summary=column_summary(summary, title, lang),
    )


def field_rows(resource: Resource, lang: Language) -> list[FieldRow]:
    rows = []
    for raw in resource.schema.get("fields") or []:
        if isinstance(raw, dict):
            rows.append(
                FieldRow(
                    name=values.text(raw.get("name")),
                    title=values.text(raw.get("title")),
                    type=type_label(values.text(raw.get("type")) or "any", lang),
                    description=values.text(raw.get("description")),
                    constraints=constraints_in_words(raw.get("constraints"), lang),
                )
            )
    return rows


def story_card(story: Story, lang: Language) -> StoryCard:
    org = story.get("organization") if isinstance(story.get("organization"), dict) else {}
    return StoryCard(
        id=story.id,
        path=story_path(story.id),
        title=story.title,
        summary=plain_summary(story.text("summary")),
        organization=values.text(org.get("name")),
        sector=lang.label("sectors", values.text(org.get("sector"))),
        purpose=lang.label("purposes", story.text("purpose")),
        themes=[lang.label("themes", k) for k in values.strings(story.get("theme"))],
        date=lang.date(story.text("date")),
    )


def tool_card(tool: Tool, lang: Language) -> ToolCard:
    return ToolCard(
        id=tool.id,
        path=tool_path(tool.id),
        name=tool.name,
        summary=plain_summary(tool.text("description")),
        category=lang.label("tool_categories", tool.text("category")),
        organization=tool.text("organization"),
    )


def dataset_links(enriched: Enriched, refs: list[str]) -> list[Link]:
    """Links to the datasets a story or tool uses (references to missing datasets are left out)."""
    return [
        Link(enriched.catalogue.datasets[r].title, dataset_path(r)) for r in refs if r in enriched.catalogue.datasets
    ]


REQUEST_FORM = "solicitar-datos.yml"  # .github/ISSUE_TEMPLATE: its fields' ids fill from the link


def request_form_url(repository: str | None, party: str, dataset: str = "") -> str | None:
    """The data-request form on GitHub, pre-filled with the party (and the dataset the request
    starts from); None when `site.repository` is not configured."""
    if not repository or not repository.startswith("https://"):
        return None
    fields = {"template": REQUEST_FORM}
    if party:
        fields["institucion"] = party
    if dataset:
        fields["datos"] = f"Más datos relacionados con «{dataset}»: "
    return f"{repository.rstrip('/')}/issues/new?{urlencode(fields, quote_via=quote)}"


# .github/ISSUE_TEMPLATE forms that publish without a clone (scaffold/issueform.py reads them)
PUBLISH_FORM = "publicar-conjunto.yml"
INVENTORY_FORM = "actualizar-inventario.yml"
PLAN_FORM = "actualizar-plan.yml"
EDIT_BRANCH = "main"


def _github(repository: str | None) -> str | None:
    return repository.rstrip("/") if repository and repository.startswith("https://") else None


def issue_form_url(repository: str | None, template: str, **fields: str) -> str | None:
    """An issue form on GitHub, its fields pre-filled (GitHub reads each field's id, and `title`,
    from the query); None when `site.repository` is not configured."""
    base = _github(repository)
    if base is None:
        return None
    query = {"template": template, **{key: value for key, value in fields.items() if value}}
    return f"{base}/issues/new?{urlencode(query, quote_via=quote)}"


def edit_file_url(repository: str | None, path: str) -> str | None:
    """A file of the repository in GitHub's web editor (which offers a fork to whoever cannot push)."""
    base = _github(repository)
    return f"{base}/edit/{EDIT_BRANCH}/{quote(path)}" if base else None


def _links(*pairs: tuple[str, str | None]) -> list[Link]:
    return [Link(title, href) for title, href in pairs if href]


def dataset_edit_links(repository: str | None, dataset: Dataset, lang: Language) -> list[Link]:
    """«Editar / Proponer un cambio» on a dataset's page: its descriptor in GitHub's editor, and the
    publishing form pre-filled with its party and id (to replace its data without git)."""
    form = issue_form_url(
        repository,
        PUBLISH_FORM,
        title=f"[Publicar datos] {dataset.title}",
        sujeto=dataset.party_id,
        conjunto=dataset.id,
    )
    return _links(
        (lang.t["edit_descriptor"], edit_file_url(repository, dataset.path)), (lang.t["edit_data_form"], form)
    )


def party_edit_links(repository: str | None, party: Party, lang: Language) -> list[Link]:
    """On a party's page: its profile in GitHub's editor and the three publishing forms, pre-filled."""
    return _links(
        (lang.t["edit_party"], edit_file_url(repository, party.path)),
        (lang.t["edit_publish_form"], issue_form_url(repository, PUBLISH_FORM, sujeto=party.id)),
        (lang.t["edit_inventory_form"], issue_form_url(repository, INVENTORY_FORM, sujeto=party.id)),
        (lang.t["edit_plan_form"], issue_form_url(repository, PLAN_FORM, sujeto=party.id)),
    )


def record_edit_links(repository: str | None, record: Story | Tool, lang: Language) -> list[Link]:
    """On a story's or tool's page: its file in GitHub's editor."""
    return _links((lang.t["edit_record"], edit_file_url(repository, record.path)))
