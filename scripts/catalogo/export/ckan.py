"""Stage 4, render (machine-readable exports): A read-only CKAN action API as static files, in CKAN's
envelope (`{"help", "success", "result"}`): the dataset and organization lists and one package record
per dataset, under CKAN-valid names."""

# Files (under the site's `api/`):
#
# - `3/action/package_list` and `action/package_list`: every dataset's CKAN name. CKAN answers at
#   both paths and clients call either (ckanapi's RemoteCKAN uses `/api/action/`), with no file
#   extension, so the files have none: a static host serves them as they are (GitHub Pages and S3
#   as application/octet-stream, `catalogo serve` and `catalogo publish` as application/json) and
#   they are ASCII, so any decoding reads them right. `3/action/package_list.json` is the same list
#   for browsers and tools that go by extension (and the URL the guides named before).
# - `3/action/organization_list`, `action/organization_list`, `3/action/organization_list.json`:
#   every party's CKAN name.
# - `3/action/package_show/<name>.json`: one dataset as CKAN's package dict (`result`).
#
# Names: CKAN accepts 2–100 characters of `a-z0-9-_`. A dataset is `<party>_<dataset>` (ids are
# slugs without `_`, so the name is unambiguous and reversible); an organization is the party id.
# A name that would not fit (too long, too short, another character) becomes its first 88
# characters, cleaned, plus `__` and 8 hex digits of its key's SHA-256 (`__` appears in no natural
# name). A package's `id` is its name, so `package_show?id=` works with either.
#
# Limits of a static host: CKAN's `package_show?id=<name>` carries the name in the query string,
# and GitHub Pages, S3 website hosting and most CDNs ignore query strings, so there the record is
# read by its path, `api/3/action/package_show/<name>.json`. `catalogo serve` answers the query
# form (GET, and POST as CKAN clients send by default: `static_path`), and a host that can rewrite
# on a query parameter can too (the API guide gives nginx and Netlify rules). Only these three
# actions exist; search, pagination (`limit`/`offset`) and writes do not.

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..core.model import Party
from ..core.vocab import license_key, vocabularies
from ..measure.enriched import Enriched
from . import common

HELP = "https://docs.ckan.org/en/2.10/api/index.html#ckan.logic.action.get."
LISTS = ("package_list", "organization_list")
LIST_FOLDERS = ("3/action/", "action/")  # under api/: CKAN's versioned and unversioned paths
SHOW = "3/action/package_show/"  # under api/: one record per dataset, `<name>.json`
NAME = re.compile(r"^[a-z0-9_-]{2,100}$")
_SLUG_PAIR = re.compile(r"^[a-z0-9-]+_[a-z0-9-]+$")
_TAG_REFUSED = re.compile(r"[^\w .-]+")
_ACTION_PATH = re.compile(r"^(?P<root>(?:.*/)?)api/(?:3/)?action/(?P<action>[A-Za-z_]+)/?$")


def package_name(key: str) -> str:
    """The CKAN name of a dataset `<party>/<dataset>`: `<party>_<dataset>` when CKAN accepts it."""
    name = key.replace("/", "_", 1)
    return name if _SLUG_PAIR.match(name) and NAME.match(name) else _fitted(name, key)


def organization_name(party_id: str) -> str:
    return party_id if NAME.match(party_id) and "__" not in party_id else _fitted(party_id, party_id)


def _fitted(name: str, key: str) -> str:
    clean = re.sub(r"[^a-z0-9_-]", "-", name.lower())[:88]
    return f"{clean}__{hashlib.sha256(key.encode('utf-8')).hexdigest()[:8]}"


def envelope(action: str, result: Any) -> dict[str, Any]:
    return {"help": HELP + action, "success": True, "result": result}


def not_found(action: str) -> dict[str, Any]:
    """CKAN's answer for a missing record (clients raise their NotFound on it)."""
    return {"help": HELP + action, "success": False, "error": {"__type": "Not Found Error", "message": "Not found"}}


def static_path(path: str, params: Mapping[str, str]) -> str | None:
    """The site path (from the root, as `path` writes it) of the file answering a CKAN action
    request: `path` is the request's path without its query, `params` the call's parameters (query
    string or JSON body). None when `path` is no CKAN action; "" when it is one this site cannot
    answer (another action, or a name CKAN would refuse)."""
    found = _ACTION_PATH.match(path)
    if found is None:
        return None
    root, action = found["root"], found["action"]
    if action in LISTS:
        return f"{root}api/3/action/{action}"
    name = params.get("id") or params.get("name_or_id") or ""
    if action == "package_show" and NAME.match(name):
        return f"{root}api/{SHOW}{name}.json"
    return ""


def is_action_file(path: str) -> bool:
    """A list file without extension (`…/api/3/action/package_list`): served as JSON."""
    return bool(re.search(r"(?:^|/)api/(?:3/)?action/(?:package_list|organization_list)$", path))


def _ascii_json(value: Any) -> str:
    """Indented JSON with every non-ASCII character escaped: read right whatever charset a host
    announces."""
    return json.dumps(value, ensure_ascii=True, indent=2) + "\n"


def _timestamp(date: str | None) -> str | None:
    """A git date as CKAN writes its timestamps (UTC, no offset)."""
    if not date:
        return None
    moment = dt.datetime.fromisoformat(date)
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.isoformat()


def _tags(words: list[str]) -> list[dict[str, Any]]:
    """Keywords as CKAN tags (letters, digits, spaces, `-`, `_`, `.`; 2–100 characters)."""
    tags: dict[str, dict[str, Any]] = {}
    for word in words:
        name = " ".join(_TAG_REFUSED.sub(" ", word).split())[:100].strip()
        if len(name) >= 2 and name not in tags:
            tags[name] = {"name": name, "display_name": name, "state": "active", "vocabulary_id": None}
    return list(tags.values())


def organization(party: Party | None, party_id: str) -> dict[str, Any]:
    name = organization_name(party_id)
    return {
        "id": name,
        "name": name,
        "title": party.name if party else party_id,
        "type": "organization",
        "description": party.text("description").strip() if party else "",
        "image_url": "",
        "is_organization": True,
        "approval_status": "approved",
        "state": "active",
    }


def package(facts: common.Facts) -> dict[str, Any]:
    """One dataset as CKAN's package dict: its fields, organization, tags, resources and extras."""
    info, dataset = facts.info, facts.dataset
    name = package_name(dataset.key)
    license_url = facts.licenses[0] if facts.licenses else ""
    key = license_key(license_url) if license_url else None
    contact = common.contact(dataset, facts.party)
    created, modified = (
        _timestamp(info.created.date if info.created else None),
        _timestamp(info.updated.date if info.updated else None),
    )
    tags = _tags(facts.keywords)
    items = [_resource(name, link, created, modified) for link in facts.links]
    return {
        "id": name,
        "name": name,
        "title": dataset.title,
        "notes": dataset.text("description").strip(),
        "url": dataset.text("homepage") or facts.url,
        "version": dataset.text("version") or None,
        "author": facts.party.name if facts.party else dataset.party_id,
        "author_email": None,
        "maintainer": contact.get("name"),
        "maintainer_email": contact.get("email"),
        "license_id": key or (license_url or "notspecified"),
        "license_title": common.license_title(license_url) if license_url else "",
        "license_url": license_url,
        "isopen": key is not None,
        "private": False,
        "state": "active",
        "type": "dataset",
        "metadata_created": created,
        "metadata_modified": modified,
        "owner_org": organization_name(dataset.party_id),
        "organization": organization(facts.party, dataset.party_id),
        "groups": [],
        "tags": tags,
        "num_tags": len(tags),
        "resources": items,
        "num_resources": len(items),
        "extras": _extras(facts),
    }


def _resource(package_id: str, link: common.ResourceFacts, created: str | None, modified: str | None) -> dict:
    resource = link.resource
    description = resource.data.get("description")
    size = resource.data.get("bytes")
    return {
        "id": f"{package_id}-{resource.index + 1}",
        "package_id": package_id,
        "position": resource.index,
        "name": resource.data.get("title") or resource.name,
        "description": description.strip() if isinstance(description, str) else "",
        "url": link.url,
        "format": vocabularies().label("formats", link.format) if link.format else "",
        "mimetype": link.media,
        "size": size if isinstance(size, int) and not isinstance(size, bool) and size >= 0 else None,
        "state": "active",
        "created": created,
        "last_modified": modified,
        "url_type": None,
    }


def _extras(facts: common.Facts) -> list[dict[str, str]]:
    """What CKAN keeps in extras, named as ckanext-dcat names them."""
    dataset = facts.dataset
    start, end = common.temporal(dataset)
    eu = vocabularies().terms["themes"]
    values = {
        "uri": facts.url,
        "identifier": facts.identifier,
        "issued": common.issued(facts.info),
        "modified": common.modified(facts.info),
        "frequency": dataset.frequency,
        "language": "es",
        "temporal_start": start,
        "temporal_end": end,
        "spatial_text": "; ".join(common.places(dataset)),
        "theme": json.dumps(sorted({eu[t]["eu"] for t in facts.themes if eu[t].get("eu")})) if facts.themes else None,
        "access_rights": "public",
    }
    return [{"key": k, "value": v} for k, v in values.items() if v]


class CkanWriter(common.Output):
    """package_show records per party; the lists streamed, all three copies at once."""

    def __init__(self, enriched: Enriched, out: Path) -> None:
        super().__init__()
        self.enriched, self.api = enriched, out / "api"
        items = common.JsonList.ITEMS
        targets = [self.api / f"{folder}package_list" for folder in LIST_FOLDERS]
        targets.append(self.api / "3/action/package_list.json")
        self.lists = [common.JsonList(self.open(t), envelope("package_list", items), False) for t in targets]

    def party(self, party_id: str, facts: list[common.Facts]) -> list[str]:
        for f in facts:
            record = package(f)
            self.write(self.api / f"{SHOW}{record['name']}.json", _ascii_json(envelope("package_show", record)))
        return [common.compact(package_name(f.dataset.key)) for f in facts]

    def national(self, party_id: str, share: list[str]) -> None:
        for name in share:
            for stream in self.lists:
                stream.add(name)

    def finish(self) -> None:
        for stream in self.lists:
            stream.close()
        names = [organization_name(p) for p in sorted(self.enriched.catalogue.parties)]
        text = _ascii_json(envelope("organization_list", names))
        for folder in LIST_FOLDERS:
            self.write(self.api / f"{folder}organization_list", text)
        self.write(self.api / "3/action/organization_list.json", text)
