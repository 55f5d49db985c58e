"""Stage 1, load: walk the repository's layout into a Catalogue of records."""

# Walking only lists folders; YAML is parsed lazily when a stage asks for a record's data.
#
# Symbolic links are refused anywhere under the catalogue's folders (`symlink-refused`) and never
# followed: a linked record is not loaded, a linked folder is not walked (links inside dataset
# folders are found by the check, which lists those folders anyway). A cache folder that git
# tracks is refused too (`tracked-cache`): it came with the repository, not from an earlier run.

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

from .core.cache import forget_cache_state
from .core.model import Catalogue, Dataset, Files, Party, Story, Tool
from .core.problems import Problem, problem

PARTY_FILES = {"party.yaml", "inventory.yaml", "opening-plan.yaml"}
YAML_SUFFIXES = (".yaml", ".yml", ".json")
HISTORY_LAYOUT = "history/<fuente>/<sujeto>.yaml / history/<source>/<party>.yaml"


class NotACatalogue(Exception):
    """The folder is not a catalogue repository (an environment error, not a content problem)."""


def is_catalogue(root: Path) -> bool:
    return (root / "parties").is_dir() or (root / "datasets").is_dir()


def load_catalogue(root: Path) -> Catalogue:
    root = Path(root)
    if not is_catalogue(root):
        raise NotACatalogue(str(root))
    forget_cache_state()
    catalogue = Catalogue(root=root, files=Files(root))
    catalogue.layout_problems.extend(tracked_caches(root))
    linked = [
        f
        for f in ("parties", "datasets", "history", "best-practices", "best-practices/stories", "best-practices/tools")
        if os.path.islink(root / f)
    ]
    catalogue.layout_problems.extend(_link(f) for f in linked if f.count("/") == 0)  # the others: below
    if "parties" not in linked:
        _load_parties(catalogue)
    if "history" not in linked:
        _load_history(catalogue)
    if "datasets" not in linked:
        _load_datasets(catalogue)
    if "best-practices" not in linked:
        _entries(catalogue, "best-practices", own=True, below=True, skip=("stories", "tools"))
        for folder, kind, into in (("stories", Story, catalogue.stories), ("tools", Tool, catalogue.tools)):
            if f"best-practices/{folder}" not in linked:
                _load_entries(catalogue, f"best-practices/{folder}", kind, into)
    return catalogue


def tracked_caches(root: Path) -> list[Problem]:
    """A `tracked-cache` problem for each `.cache` folder (or file) in git's index, at any depth."""
    command = [
        os.environ.get("GIT_PYTHON_GIT_EXECUTABLE") or "git",
        "ls-files",
        "-z",
        "--",
        ":(glob)**/.cache",
        ":(glob)**/.cache/**",
    ]
    try:
        listed = subprocess.run(command, cwd=root, capture_output=True, check=False)
    except OSError:
        return []
    if listed.returncode != 0:
        return []
    found: dict[str, list[str]] = {}
    for path in listed.stdout.decode("utf-8", "surrogateescape").split("\0"):
        parts = path.split("/")
        if ".cache" in parts:
            found.setdefault("/".join(parts[: parts.index(".cache") + 1]), []).append(path)
    return [
        problem("tracked-cache", folder, file=files[0], count=len(files)) for folder, files in sorted(found.items())
    ]


def _link(rel: str) -> Problem:
    return problem("symlink-refused", rel)


def _entries(
    catalogue: Catalogue, rel: str, own: bool = False, below: bool = False, skip: tuple[str, ...] = ()
) -> list[os.DirEntry[str]]:
    """The entries of the folder `rel`, listed once, by name, hidden ones left out. Symbolic links
    are refused on the catalogue and never followed: hidden ones always, visible ones when `own`
    (otherwise the loader reports them with the entry's name), and with `below` every one in the
    subfolders at any depth, except in those named in `skip` (walked by their own loader). Only
    names and the types that the listing itself gives (no `Path`, no `stat`): at national scale
    this runs for every folder."""
    try:
        with os.scandir(os.path.join(catalogue.root, rel)) as it:
            found = sorted(it, key=lambda e: e.name)
    except OSError:
        return []
    for entry in found:
        if entry.is_symlink():
            if own or entry.name.startswith("."):
                catalogue.layout_problems.append(_link(f"{rel}/{entry.name}"))
        elif below and entry.name not in skip and entry.is_dir(follow_symlinks=False):
            _entries(catalogue, f"{rel}/{entry.name}", own=True, below=True)
    return [e for e in found if not e.name.startswith(".")]


def _bad_name(entry: os.DirEntry[str], rel: str) -> Problem | None:
    if not entry.name.isprintable() or "\\" in entry.name:
        return problem("invalid-file-name", rel, name=entry.name)
    if entry.is_symlink():
        return _link(rel)
    return None


def _load_parties(catalogue: Catalogue) -> None:
    for entry in _entries(catalogue, "parties"):
        rel = f"parties/{entry.name}"
        if bad := _bad_name(entry, rel):
            catalogue.layout_problems.append(bad)
            continue
        if not entry.is_dir():
            catalogue.layout_problems.append(
                problem("unexpected-file", rel, detail="parties/ solo contiene carpetas / parties/ holds only folders")
            )
            continue
        listing = _entries(catalogue, rel, own=True, below=True)  # links refused at any depth
        links = [e.name for e in listing if e.is_symlink()]
        names = {e.name for e in listing} - set(links)
        if "party.yaml" not in names:
            if "party.yaml" in links:
                continue
            catalogue.layout_problems.append(problem("missing-descriptor", f"{rel}/party.yaml", expected="party.yaml"))
            continue
        for name in sorted(names - PARTY_FILES):
            if name.endswith(YAML_SUFFIXES):
                catalogue.layout_problems.append(
                    problem(
                        "unexpected-file",
                        f"{rel}/{name}",
                        detail="solo party.yaml, inventory.yaml y opening-plan.yaml / only party.yaml, inventory.yaml and opening-plan.yaml",
                    )
                )
        catalogue.parties[entry.name] = Party(
            entry.name,
            f"{rel}/party.yaml",
            catalogue.files,
            inventory_path=f"{rel}/inventory.yaml" if "inventory.yaml" in names else None,
            plan_path=f"{rel}/opening-plan.yaml" if "opening-plan.yaml" in names else None,
        )


def _load_history(catalogue: Catalogue) -> None:
    """`history/<source>/<party>.yaml`: records imported from a past catalogue (measure/records.py),
    kept outside the parties' folders so that only the national reviewers can change them."""
    for source in _entries(catalogue, "history"):
        rel = f"history/{source.name}"
        if bad := _bad_name(source, rel):
            catalogue.layout_problems.append(bad)
            continue
        if not source.is_dir():
            if source.name.endswith(YAML_SUFFIXES):
                catalogue.layout_problems.append(problem("unexpected-file", rel, detail=HISTORY_LAYOUT))
            continue
        for entry in _entries(catalogue, rel, own=True, below=True):
            path = f"{rel}/{entry.name}"
            party = catalogue.parties.get(entry.name.removesuffix(".yaml"))
            if entry.is_symlink():
                continue  # refused by the listing
            if not (entry.name.endswith(".yaml") and entry.is_file()):
                catalogue.layout_problems.append(problem("unexpected-file", path, detail=HISTORY_LAYOUT))
            elif party is None:
                catalogue.layout_problems.append(problem("unknown-party", path, party=entry.name.removesuffix(".yaml")))
            else:
                party.record_paths += (path,)


def _load_datasets(catalogue: Catalogue) -> None:
    for party_entry in _entries(catalogue, "datasets"):
        party_rel = f"datasets/{party_entry.name}"
        if bad := _bad_name(party_entry, party_rel):
            catalogue.layout_problems.append(bad)
            continue
        if not party_entry.is_dir():
            catalogue.layout_problems.append(
                problem(
                    "unexpected-file",
                    party_rel,
                    detail="datasets/ solo contiene carpetas de sujetos obligados / datasets/ holds only party folders",
                )
            )
            continue
        for entry in _entries(catalogue, party_rel):
            rel = f"{party_rel}/{entry.name}"
            if bad := _bad_name(entry, rel):
                catalogue.layout_problems.append(bad)
            elif not entry.is_dir():
                catalogue.layout_problems.append(
                    problem(
                        "unexpected-file",
                        rel,
                        detail="se esperaba una carpeta de conjunto de datos / expected a dataset folder",
                    )
                )
            elif (kind := _kind(f"{entry.path}/datapackage.yaml")) != stat.S_IFREG:  # one lstat, no Path
                catalogue.layout_problems.append(
                    _link(f"{rel}/datapackage.yaml")
                    if kind == stat.S_IFLNK
                    else problem("missing-descriptor", f"{rel}/datapackage.yaml", expected="datapackage.yaml")
                )
            else:
                dataset = Dataset(entry.name, f"{rel}/datapackage.yaml", catalogue.files, party_id=party_entry.name)
                catalogue.datasets[dataset.key] = dataset


def _kind(path: str) -> int:
    """The file type of `path` itself (S_IFREG, S_IFLNK, ...), 0 when it does not exist."""
    try:
        return stat.S_IFMT(os.lstat(path).st_mode)
    except OSError:
        return 0


def _load_entries(catalogue: Catalogue, folder: str, kind: type, into: dict) -> None:
    for entry in _entries(catalogue, folder, below=True):
        rel = f"{folder}/{entry.name}"
        if bad := _bad_name(entry, rel):
            catalogue.layout_problems.append(bad)
        elif entry.name.endswith(".yaml") and entry.is_file():
            into[entry.name[: -len(".yaml")]] = kind(entry.name[: -len(".yaml")], rel, catalogue.files)
        elif entry.name.endswith(YAML_SUFFIXES) or entry.is_dir():
            catalogue.layout_problems.append(
                problem("unexpected-file", rel, detail="se esperaba un archivo .yaml / expected a .yaml file")
            )
