"""Stage 3, enrich (measurements): The facts the quality criteria judge, gathered once per dataset from
its descriptor, its files, the git history and the last link check; and the small vocabulary of
outcomes (met / not met / not checkable, with a reason in Spanish and English)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from ..checks.links import LinkResult, LinkResults
from ..core import values
from ..core.model import Dataset, Party, Resource
from ..core.paths import Target
from ..core.resources import declared_format_key, declares_table, is_access_page
from ..core.vocab import license_key, vocabularies
from ..gitdata.history import Change
from .timeliness import Targets, Timeliness, resource_targets

MET, NOT_MET, NOT_CHECKABLE = "met", "not-met", "not-checkable"

Reason = dict[str, str]
Outcome = tuple[str, float | None, Reason]  # state, share of resources meeting it, reason


@dataclass(frozen=True)
class ResourceFacts:
    name: str
    kind: str  # file, url or refused (a path the catalogue will not follow)
    exists: bool  # a local file that is there
    format: str | None  # vocabulary key
    open: bool
    machine: bool
    tabular: bool
    has_schema: bool
    media_type: str | None
    size: int | None
    link: LinkResult | None

    @property
    def downloadable(self) -> bool:
        if self.kind == "file":
            return self.exists
        return self.kind == "url" and not is_access_page(self.format)

    @property
    def available(self) -> bool | None:
        """True or False when known: local files travel with the site; URLs need a link check."""
        if self.kind == "file":
            return self.exists
        if self.kind == "url":
            return self.link.ok if self.link else None
        return False


@dataclass(frozen=True)
class Facts:
    keywords: tuple[str, ...]
    themes: tuple[str, ...]
    description: bool
    spatial: bool
    temporal: bool
    license: str | None
    contact: bool
    publisher: str | None
    issued: str | None  # day of the first commit
    modified: str | None  # day of the last commit
    timeliness: Timeliness
    resources: tuple[ResourceFacts, ...]

    def only(self, keep: Callable[[ResourceFacts], bool]) -> Facts:
        return replace(self, resources=tuple(r for r in self.resources if keep(r)))


def gather(
    dataset: Dataset,
    publisher: Party | None,
    issued: Change | None,
    modified: Change | None,
    timeliness: Timeliness,
    links: LinkResults,
    targets: Targets | None = None,
) -> Facts:
    data = dataset.data
    themes = vocabularies().terms["themes"]
    raw_contact = data.get("contact")
    contact: dict[str, Any] = raw_contact if isinstance(raw_contact, dict) else {}
    return Facts(
        keywords=tuple(k for k in values.items(data.get("keywords")) if isinstance(k, str) and k.strip()),
        themes=tuple(t for t in values.items(data.get("theme")) if isinstance(t, str) and t in themes),
        description=bool(dataset.text("description").strip()),
        spatial=_has(data.get("spatial"), "scope", "states", "municipalities"),
        temporal=_has(data.get("temporal"), "start", "end"),
        license=_license(data.get("licenses")),
        contact=bool(str(contact.get("name") or "").strip()) and bool(contact.get("email") or contact.get("phone")),
        publisher=publisher.name if publisher is not None else None,
        issued=issued.day if issued else None,
        modified=modified.day if modified else None,
        timeliness=timeliness,
        resources=tuple(_resource(r, t, links) for r, t in targets or resource_targets(dataset)),
    )


def _has(value: Any, *keys: str) -> bool:
    return isinstance(value, dict) and any(value.get(k) not in (None, "", []) for k in keys)


def _license(licenses: Any) -> str | None:
    for entry in values.items(licenses):
        if isinstance(entry, dict):
            key = license_key(entry.get("name")) or license_key(entry.get("path"))
            if key:
                return key
    return None


def _resource(resource: Resource, target: Target, links: LinkResults) -> ResourceFacts:
    kind = "file" if target.file is not None else "url" if target.url else "refused"
    exists = bool(target.file is not None and target.file.is_file())
    link = links.get(target.url) if target.url else None
    fmt = declared_format_key(resource)
    entry = vocabularies().entry("formats", fmt) if fmt else {}
    schema_fields = resource.schema.get("fields")
    return ResourceFacts(
        name=resource.name,
        kind=kind,
        exists=exists,
        format=fmt,
        open=bool(entry.get("open")),
        machine=bool(entry.get("machine")),
        tabular=bool(entry.get("tabular")) or declares_table(resource),
        has_schema=isinstance(schema_fields, list) and bool(schema_fields),
        media_type=_media_type(resource, link),
        size=_size(resource, target.file if exists else None, link),
        link=link,
    )


def _media_type(resource: Resource, link: LinkResult | None) -> str | None:
    declared = resource.data.get("mediatype")
    if isinstance(declared, str) and declared.strip():
        return declared.strip()
    if link is not None and link.ok and link.content_type:
        return link.content_type.split(";")[0].strip() or None
    return None


def _size(resource: Resource, file: Any, link: LinkResult | None) -> int | None:
    declared = resource.data.get("bytes")
    if isinstance(declared, int) and not isinstance(declared, bool):
        return declared
    if file is not None:
        return file.stat().st_size
    return link.bytes if link is not None and link.ok else None


# --- outcomes ----------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def reason(es: str, en: str) -> Reason:
    """One shared value per text: every dataset's quality holds ~27 of them, mostly the same
    few dozen. Read-only, like every Reason."""
    return {"es": es, "en": en}


def flag(ok: bool, yes: Reason, no: Reason) -> Outcome:
    return (MET, None, yes) if ok else (NOT_MET, None, no)


def share(facts: Facts, test: Callable[[ResourceFacts], bool | None], what: Reason) -> Outcome:
    """A resource criterion: met when every resource passes; `test` gives None when it can't tell.
    The share is over the resources whose answer is known."""
    if not facts.resources:
        return NOT_MET, 0.0, reason("no tiene recursos", "has no resources")
    verdicts = [(r.name, test(r)) for r in facts.resources]
    known = [(name, ok) for name, ok in verdicts if ok is not None]
    if not known:
        return NOT_CHECKABLE, None, reason(f"no se puede saber: {what['es']}", f"cannot tell: {what['en']}")
    failing = sorted(name for name, ok in known if not ok)
    unknown = len(verdicts) - len(known)
    note = reason(f" ({unknown} sin revisar)", f" ({unknown} not checked)") if unknown else reason("", "")
    if not failing:
        return (
            MET,
            1.0,
            reason(f"todos los recursos: {what['es']}{note['es']}", f"every resource: {what['en']}{note['en']}"),
        )
    names = ", ".join(failing)
    return (
        NOT_MET,
        (len(known) - len(failing)) / len(known),
        reason(f"recursos que no cumplen: {names}{note['es']}", f"resources that fail: {names}{note['en']}"),
    )
