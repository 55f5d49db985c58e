"""Stage 4, render (machine-readable exports): DCAT-US 1.1 `data.json`, the format datos.gob.mx
harvested from institutions."""

# Files: `data.json` (national) and `instituciones/<party>/data.json` (each party's datasets).
#
# Mapping: identifier is the descriptor's `id` when it has one (an imported dataset keeps its
# original identifier) and no other dataset claims the same, else the dataset page URL (so no two
# entries share one); landingPage is the page (datos/<party>/<dataset>/, so it names both ids) and
# describedBy the Data Package published beside it; publisher is the party as `org:Organization`,
# `subOrganizationOf` the government it belongs to (`GOVERNMENT` for a federal party; the state's,
# "Estado de Jalisco", then `GOVERNMENT`, for a state party; the municipality's, "Municipio de
# Zapopan, Jalisco", then its state's, for a municipal one), which tells its level and place;
# contactPoint is the dataset's contact (else the party's liaison) as `vcard:Contact`, whose
# e-mail is the dataset's, else the party liaison's, else `exports: contact_email` of
# catalogo.yaml; accrualPeriodicity is the ISO 8601 code of the frequency; license is the license
# URL; theme holds the catalogue's theme labels; distribution has downloadURL (files) or accessURL
# (web pages, APIs) with mediaType and format; spatial names each place covered, separated by
# "; " ("México" for national coverage first, then municipalities as "Zapopan, Jalisco", then
# states). DCAT-US requires OMB `bureauCode` and `programCode`, which do not exist in Mexico: they
# are written as "000:00" and "000:000" (no code applies).

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path
from typing import Any

from ..core.files import open_atomic
from ..core.resources import format_label, is_access_page
from ..core.urls import SiteUrls
from ..core.vocab import fold, vocabularies
from ..measure.enriched import Enriched
from . import common

CONFORMS_TO = "https://project-open-data.cio.gov/v1.1/schema"
CONTEXT = "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld"
DESCRIBED_BY = "https://project-open-data.cio.gov/v1.1/schema/catalog.json"
NO_BUREAU_CODE = "000:00"
NO_PROGRAM_CODE = "000:000"
GOVERNMENT = "Estados Unidos Mexicanos"  # the root of every publisher's `subOrganizationOf`
SPATIAL_SEPARATOR = "; "
_EMAIL = re.compile(r"^[\w~!$&'()*+,;=:.-]+@[\w.-]+\.[\w.-]+$")  # what the DCAT-US vCard schema accepts


def catalog(url: str, datasets: Any) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "@id": url,
        "@type": "dcat:Catalog",
        "conformsTo": CONFORMS_TO,
        "describedBy": DESCRIBED_BY,
        "dataset": datasets,
    }


class DataJsonWriter(common.Output):
    """`data.json` streamed entry by entry; each party's file from the same entries."""

    def __init__(self, enriched: Enriched, out: Path, base_url: str) -> None:
        super().__init__()
        self.enriched, self.out, self.base_url = enriched, out, base_url
        url = SiteUrls.of(base_url).data_json
        self.list = common.JsonList(self.open(out / "data.json"), catalog(url, common.JsonList.ITEMS), True)

    def party(self, party_id: str, facts: list[common.Facts]) -> list[str]:
        entries = [self.list.encode(dataset_entry(self.enriched, f)) for f in facts]
        url = common.party_url(self.base_url, party_id) + "data.json"
        with common.open_atomic(self.out / "instituciones" / party_id / "data.json") as handle:
            items = common.JsonList(handle, catalog(url, common.JsonList.ITEMS), True)
            for entry in entries:
                items.add(entry)
            items.close()
        self.written.append(self.out / "instituciones" / party_id / "data.json")
        return entries

    def national(self, party_id: str, share: list[str]) -> None:
        for entry in share:
            self.list.add(entry)

    def finish(self) -> None:
        self.list.close()


def dataset_entry(enriched: Enriched, facts: common.Facts) -> dict[str, Any]:
    info, dataset, party, page = facts.info, facts.dataset, facts.party, facts.url
    publisher = party.name if party else dataset.party_id
    entry: dict[str, Any] = {
        "@type": "dcat:Dataset",
        "identifier": facts.identifier,
        "title": dataset.title,
        "description": dataset.text("description").strip() or dataset.title,
        "keyword": facts.keywords or [dataset.title],
        "modified": common.modified(info) or enriched.today.isoformat(),
        "publisher": _publisher(party, publisher),
        "contactPoint": _contact_point(enriched, dataset, party, publisher),
        "accessLevel": "public",
        "bureauCode": [NO_BUREAU_CODE],
        "programCode": [NO_PROGRAM_CODE],
        "landingPage": page,
        "language": ["es-MX"],
        "describedBy": page + "datapackage.json",
        "describedByType": "application/json",
    }
    optional = {
        "issued": common.issued(info),
        "license": next(iter(facts.licenses), None),
        "accrualPeriodicity": common.frequency(dataset).get("iso"),
        "temporal": _temporal(dataset),
        "spatial": SPATIAL_SEPARATOR.join(spatial_values(dataset)) or None,
        "theme": [vocabularies().label("themes", t) for t in facts.themes] or None,
        "distribution": _distributions(facts) or None,
    }
    entry.update({k: v for k, v in optional.items() if v})
    return entry


def _publisher(party: Any, name: str) -> dict[str, Any]:
    publisher: dict[str, Any] = {"@type": "org:Organization", "name": name}
    government = _government(party) if party is not None else None
    if government:
        publisher["subOrganizationOf"] = government
    return publisher


def _government(party: Any) -> dict[str, Any] | None:
    """The government a party belongs to, as nested organisations; None when its level or place
    is not one the vocabularies know (then the publisher claims none)."""
    vocab, state, municipality = vocabularies(), party.text("state"), party.text("municipality")
    chain = [GOVERNMENT]
    if party.level in ("estatal", "municipal"):
        if state not in vocab.states:
            return None
        chain.insert(0, state_government(state))
    if party.level == "municipal":
        if vocab.municipalities.get(municipality, ("",))[0] != state:
            return None
        chain.insert(0, municipal_government(municipality))
    elif party.level not in ("federal", "estatal"):
        return None
    organisation: dict[str, Any] | None = None
    for name in reversed(chain):
        organisation = {
            "@type": "org:Organization",
            "name": name,
            **({"subOrganizationOf": organisation} if organisation else {}),
        }
    return organisation


def state_government(code: str) -> str:
    """A state as an organisation: "Estado de Jalisco", "Estado de México", "Ciudad de México"."""
    name = vocabularies().states[code]
    return name if code == "09" or fold(name).startswith("estado de ") else f"Estado de {name}"


def municipal_government(code: str) -> str:
    """A municipality as an organisation: "Municipio de Zapopan, Jalisco", "Alcaldía Coyoacán, Ciudad de México"."""
    state, name = vocabularies().municipalities[code]
    kind = "Alcaldía" if state == "09" else "Municipio de"
    return f"{kind} {name}, {vocabularies().states[state]}"


def spatial_values(dataset: Any) -> list[str]:
    """The places a dataset covers, one value each: "México" when national, its municipalities as
    "Zapopan, Jalisco", and the states none of those municipalities is in."""
    vocab, raw = vocabularies(), dataset.spatial
    values = ["México"] if raw.get("scope") == "nacional" else []
    covered: set[str] = set()
    for code in raw.get("municipalities") or []:
        if isinstance(code, str) and code in vocab.municipalities:
            state, name = vocab.municipalities[code]
            values.append(f"{name}, {vocab.states.get(state, state)}")
            covered.add(state)
    for code in raw.get("states") or []:
        if isinstance(code, str) and code in vocab.states and code not in covered:
            values.append(vocab.states[code])
    return list(dict.fromkeys(values))


def _contact_point(enriched: Enriched, dataset: Any, party: Any, publisher: str) -> dict[str, str]:
    """The dataset's contact; an e-mail DCAT-US accepts comes from the dataset, else the party's
    liaison, else `exports: contact_email` of catalogo.yaml (the platform's own address)."""
    contact = common.contact(dataset, party)
    liaison = party.get("liaison") if party is not None else None
    exports = enriched.config.get("exports") or {}
    candidates = [
        contact.get("email", ""),
        liaison.get("email", "") if isinstance(liaison, dict) else "",
        exports.get("contact_email", "") if isinstance(exports, dict) else "",
    ]
    email = next((c for c in candidates if isinstance(c, str) and _EMAIL.match(c)), "")
    return {"@type": "vcard:Contact", "fn": contact.get("name") or publisher, "hasEmail": "mailto:" + email}


def _temporal(dataset: Any) -> str | None:
    """DCAT-US wants an ISO 8601 interval of full dates: years and months are widened."""
    start, end = common.temporal(dataset)
    if not start:
        return None
    return f"{_full(start, first=True)}/{_full(end or start, first=False)}"


def _full(value: str, first: bool) -> str:
    if len(value) == 4:
        return f"{value}-01-01" if first else f"{value}-12-31"
    if len(value) == 7:
        if first:
            return f"{value}-01"
        year, month = int(value[:4]), int(value[5:7])
        days = [
            31,
            29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
            31,
            30,
            31,
            30,
            31,
            31,
            30,
            31,
            30,
            31,
        ][month - 1]
        return f"{value}-{days:02d}"
    return value


def _distributions(facts: common.Facts) -> list[dict[str, Any]]:
    result = []
    for link in facts.links:
        resource, key = link.resource, link.format
        item: dict[str, Any] = {"@type": "dcat:Distribution"}
        if is_access_page(key):
            item["accessURL"] = link.url
        else:
            item["downloadURL"] = link.url
        if link.media:
            item["mediaType"] = link.media
        elif "downloadURL" in item:
            item["mediaType"] = "application/octet-stream"
        item["format"] = format_label(resource) or None
        item["title"] = resource.data.get("title") or resource.name
        if isinstance(resource.data.get("description"), str) and resource.data["description"].strip():
            item["description"] = resource.data["description"].strip()
        result.append({k: v for k, v in item.items() if v})
    return result


def write_gzip_copy(out: Path) -> Path:
    """`data.json.gz`: the national `data.json` compressed, for harvesters that fetch the whole
    catalogue (deterministic: no name or time in the gzip header, so the same commit gives the same bytes)."""
    source, target = out / "data.json", out / "data.json.gz"
    with (
        open(source, "rb") as reader,
        open_atomic(target, binary=True) as handle,
        gzip.GzipFile(filename="", mode="wb", fileobj=handle, mtime=0, compresslevel=9) as packed,
    ):
        shutil.copyfileobj(reader, packed, 1 << 20)
    return target
