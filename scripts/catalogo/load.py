"""Stage 1, load: walk the repository's layout into a Catalogue of records.

Walking only lists folders; YAML is parsed lazily when a stage asks for a record's data.
"""

from __future__ import annotations

import os
from pathlib import Path

from .model import Catalogue, Dataset, Files, Party, Story, Tool
from .problems import Problem, problem

PARTY_FILES = {"party.yaml", "inventory.yaml", "opening-plan.yaml"}
YAML_SUFFIXES = (".yaml", ".yml", ".json")


class NotACatalogue(Exception):
    """The folder is not a catalogue repository (an environment error, not a content problem)."""


def is_catalogue(root: Path) -> bool:
    return (root / "parties").is_dir() or (root / "datasets").is_dir()


def load_catalogue(root: Path) -> Catalogue:
    root = Path(root)
    if not is_catalogue(root):
        raise NotACatalogue(str(root))
    catalogue = Catalogue(root=root, files=Files(root))
    _load_parties(catalogue)
    _load_datasets(catalogue)
    _load_entries(catalogue, "best-practices/stories", Story, catalogue.stories)
    _load_entries(catalogue, "best-practices/tools", Tool, catalogue.tools)
    return catalogue


def _entries(folder: Path | str) -> list[os.DirEntry[str]]:
    """The folder's entries by name, hidden ones left out. Only names and the types that the
    listing itself gives (no `Path`, no `stat`): at national scale this runs for every folder."""
    try:
        with os.scandir(folder) as it:
            return sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError:
        return []


def _bad_name(entry: os.DirEntry[str], rel: str) -> Problem | None:
    if not entry.name.isprintable() or "\\" in entry.name:
        return problem("invalid-file-name", rel, name=entry.name)
    if entry.is_symlink():
        return problem("unexpected-file", rel, detail="enlace simbólico / symbolic link")
    return None


def _load_parties(catalogue: Catalogue) -> None:
    for entry in _entries(catalogue.root / "parties"):
        rel = f"parties/{entry.name}"
        if bad := _bad_name(entry, rel):
            catalogue.layout_problems.append(bad)
            continue
        if not entry.is_dir():
            catalogue.layout_problems.append(problem("unexpected-file", rel, detail="parties/ solo contiene carpetas / parties/ holds only folders"))
            continue
        names = {e.name for e in _entries(entry.path)}
        if "party.yaml" not in names:
            catalogue.layout_problems.append(problem("missing-descriptor", f"{rel}/party.yaml", expected="party.yaml"))
            continue
        for name in sorted(names - PARTY_FILES):
            if name.endswith(YAML_SUFFIXES):
                catalogue.layout_problems.append(problem("unexpected-file", f"{rel}/{name}", detail="solo party.yaml, inventory.yaml y opening-plan.yaml / only party.yaml, inventory.yaml and opening-plan.yaml"))
        catalogue.parties[entry.name] = Party(
            entry.name, f"{rel}/party.yaml", catalogue.files,
            inventory_path=f"{rel}/inventory.yaml" if "inventory.yaml" in names else None,
            plan_path=f"{rel}/opening-plan.yaml" if "opening-plan.yaml" in names else None)


def _load_datasets(catalogue: Catalogue) -> None:
    for party_entry in _entries(catalogue.root / "datasets"):
        party_rel = f"datasets/{party_entry.name}"
        if bad := _bad_name(party_entry, party_rel):
            catalogue.layout_problems.append(bad)
            continue
        if not party_entry.is_dir():
            catalogue.layout_problems.append(problem("unexpected-file", party_rel, detail="datasets/ solo contiene carpetas de sujetos obligados / datasets/ holds only party folders"))
            continue
        for entry in _entries(party_entry.path):
            rel = f"{party_rel}/{entry.name}"
            if bad := _bad_name(entry, rel):
                catalogue.layout_problems.append(bad)
            elif not entry.is_dir():
                catalogue.layout_problems.append(problem("unexpected-file", rel, detail="se esperaba una carpeta de conjunto de datos / expected a dataset folder"))
            elif not os.path.isfile(f"{entry.path}/datapackage.yaml"):  # one stat, no Path
                catalogue.layout_problems.append(problem("missing-descriptor", f"{rel}/datapackage.yaml", expected="datapackage.yaml"))
            else:
                dataset = Dataset(entry.name, f"{rel}/datapackage.yaml", catalogue.files, party_id=party_entry.name)
                catalogue.datasets[dataset.key] = dataset


def _load_entries(catalogue: Catalogue, folder: str, kind: type, into: dict) -> None:
    for entry in _entries(catalogue.root / folder):
        rel = f"{folder}/{entry.name}"
        if bad := _bad_name(entry, rel):
            catalogue.layout_problems.append(bad)
        elif entry.name.endswith(".yaml") and entry.is_file():
            into[entry.name[: -len(".yaml")]] = kind(entry.name[: -len(".yaml")], rel, catalogue.files)
        elif entry.name.endswith(YAML_SUFFIXES) or entry.is_dir():
            catalogue.layout_problems.append(problem("unexpected-file", rel, detail="se esperaba un archivo .yaml / expected a .yaml file"))
