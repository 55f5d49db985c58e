"""Importers (`catalogo import`): Writing imported records into the repository: one party per source
organisation (parties.py), one dataset folder per source dataset. Existing files are left alone
(listed as skipped) unless `force`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..checks.descriptor import personal_data_args, personal_data_in
from ..checks.schema import encoded_uri, is_uri
from ..core.paths import resolve_resource
from ..core.problems import Problem, problem
from .common import ImportSummary, Writer, dump_yaml
from .mapping import Issues, SourceDataset, SourceOrganisation, dataset_descriptor, party_descriptor, slug_unique
from .parties import PartyRegistry, place_of
from .partymap import PartyMap


@dataclass
class ImportOptions:
    party_map: PartyMap = field(default_factory=PartyMap)
    force: bool = False
    party: str | None = None  # every dataset goes to this party (data.json of one institution)
    source_url: str = ""  # recorded in each dataset's `sources` when the source was a URL


def import_records(
    records: list[SourceDataset], root: Path, source: str, options: ImportOptions, notes: list[Problem] | None = None
) -> ImportSummary:
    summary = ImportSummary(source=source, problems=list(notes or []))
    writer = Writer(root, summary, options.force)
    registry = PartyRegistry(writer.root, options.party_map, source)
    parties_done: set[str] = set()
    taken: dict[str, set[str]] = {}
    for index, record in enumerate(records):
        if not record.public:
            summary.problems.append(problem("import-not-public", source, None, None, f"/{index}", title=record.title))
            continue
        party_id = _party(record, index, writer, options, registry, parties_done, summary)
        if party_id is None:
            continue
        name = slug_unique(record.name or record.title, taken.setdefault(party_id, set()), f"conjunto-{index + 1}")
        _dataset(record, party_id, name, writer, options, summary)
    summary.problems += registry.problems + registry.unused_map_entries()
    return summary


def _party(
    record: SourceDataset,
    index: int,
    writer: Writer,
    options: ImportOptions,
    registry: PartyRegistry,
    done: set[str],
    summary: ImportSummary,
) -> str | None:
    org, mapped = record.organisation, {}
    if options.party:
        org = org or SourceOrganisation(options.party, options.party)
        mapped = options.party_map.party_for(options.party, org.key, org.name)
        party_id = options.party
    elif org is None:
        party_id = ""
    else:
        party_id, mapped = registry.party_id(org, index)
    if org is None or not party_id:
        summary.problems.append(
            problem("import-no-organisation", summary.source, None, None, f"/{index}", title=record.title)
        )
        return None
    if party_id not in done:
        done.add(party_id)
        issues = Issues(f"parties/{party_id}/party.yaml")
        place, guess = place_of(org, mapped)
        descriptor = party_descriptor(party_id, org, mapped, issues, place)
        if guess is not None:
            issues.add("import-level-guessed", "/level", name=descriptor["name"], guess=guess.described())
        if writer.write(("parties", party_id, "party.yaml"), dump_yaml(descriptor)):
            summary.problems.extend(issues.items)
    return party_id


def _dataset(
    record: SourceDataset, party_id: str, name: str, writer: Writer, options: ImportOptions, summary: ImportSummary
) -> None:
    folder = f"datasets/{party_id}/{name}"
    issues = Issues(f"{folder}/datapackage.yaml")
    descriptor = dataset_descriptor(record, name, options.party_map.themes, issues, options.source_url)
    for i, resource in enumerate(descriptor.get("resources", [])):
        _resource_path(writer.root, folder, resource["path"], f"/resources/{i}/path", issues)
    for pointer, _, _, kind in personal_data_in(descriptor):  # in the source's own text
        issues.add("personal-data-in-descriptor", pointer, **personal_data_args(pointer, kind))
    summary.datasets += 1
    if writer.write(("datasets", party_id, name, "datapackage.yaml"), dump_yaml(descriptor)):
        summary.problems.extend(issues.items)


def _resource_path(root: Path, folder: str, path: str, pointer: str, issues: Issues) -> None:
    """What validation will say about a resource path the source gave."""
    if len(path) > 2000:
        issues.add(
            "schema-violation",
            pointer,
            property="path",
            detail={"es": "más de 2000 caracteres", "en": "over 2000 characters"},
        )
        return
    encoded = encoded_uri(path) if "://" in path else None
    if encoded:  # spaces, a second `#`, letters outside ASCII…: as validation reports it
        issues.add("resource-url-not-encoded", pointer, url=path, encoded=encoded)
        return
    if "://" in path and not is_uri(path):
        issues.add(
            "invalid-format",
            pointer,
            property="path",
            found=path,
            expected={"es": "dirección web completa", "en": "full web address"},
        )
        return
    target = resolve_resource(root, folder, path)
    if target.refusal:
        code, detail = target.refusal
        issues.add(code, pointer, path=path, url=path, detail=detail)
    elif target.file is not None and not target.file.is_file():
        issues.add("resource-not-found", pointer, path=path)
