"""Stage 2, check: The reviewers of `catalogo.yaml`: national ones review every party; a scoped one (a
state's guarantor agency) reviews the parties of one state and/or some levels of government."""

# reviewers:
#   - "@datosgobmx/revisores"          # national: every file
#   - team: "@ogl-jalisco/revisores"   # a GitHub user or team
#     state: "14"                      # INEGI state code, as parties declare `state`
#     levels: [estatal, municipal]     # optional: the levels of government it reviews
#
# A scoped entry needs `state`, `levels` or both. Entries that are not well formed are left out
# of CODEOWNERS and of the ownership check, and `reviewer_problems` says why, with the line.

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.problems import Problem, localized
from ..core.vocab import vocabularies
from ..core.yamlio import Document, read_yaml

KEYS = ("team", "state", "levels")
_USER = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$")
_TEAM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


def handle(name: str) -> str | None:
    """A GitHub user or team (org/team) as CODEOWNERS writes it (`@name`), or None if malformed."""
    bare = name.strip().removeprefix("@")
    return f"@{bare}" if _USER.match(bare) or _TEAM.match(bare) else None


@dataclass(frozen=True)
class Reviewer:
    handle: str  # as CODEOWNERS writes it: @user or @org/team
    state: str | None = None  # INEGI state code; None: any
    levels: frozenset[str] | None = None  # None: any

    @property
    def national(self) -> bool:
        return self.state is None and self.levels is None

    @property
    def login(self) -> str | None:
        """The user's login, lower case; None for a team (its members are not known offline)."""
        bare = self.handle.removeprefix("@")
        return None if "/" in bare else bare.lower()

    def reviews(self, state: str, level: str) -> bool:
        """Whether it reviews a party of this state and level."""
        return (self.state is None or self.state == state) and (self.levels is None or level in self.levels)


def reviewers_of(entries: Iterable[Any]) -> list[Reviewer]:
    """The well-formed entries, in declared order (Reviewer values are kept as they are)."""
    found = []
    for entry in entries:
        if isinstance(entry, Reviewer):
            found.append(entry)
            continue
        reviewer, errors = _entry(entry)
        if reviewer is not None and not errors:
            found.append(reviewer)
    return found


def reviews_party(author: str, reviewers: Iterable[Any], state: str, level: str) -> bool:
    """Whether the user is a reviewer, national or of this state and level, listed by handle
    (a team's members are not known offline, so they are never matched)."""
    login = author.strip().removeprefix("@").lower()
    return any(r.login == login and r.reviews(state, level) for r in reviewers_of(reviewers))


def read_reviewers(root: Path) -> tuple[list[Reviewer], list[Problem]]:
    """The reviewers of `root/catalogo.yaml` and the problems of its `reviewers` setting (a file
    that cannot be read is reported where the configuration is loaded)."""
    if not (root / "catalogo.yaml").is_file():
        return [], []
    doc, problems = read_yaml(root, "catalogo.yaml")
    if doc is None or problems or not isinstance(doc.data, dict):
        return [], []
    entries = doc.data.get("reviewers")
    return reviewers_of(entries if isinstance(entries, list) else []), reviewer_problems(doc)


def reviewer_problems(doc: Document) -> list[Problem]:
    """`invalid-reviewer` on each entry of `reviewers` that cannot be used, at its line."""
    data = doc.data if isinstance(doc.data, dict) else {}
    entries = data.get("reviewers")
    if not isinstance(entries, list):
        return []
    problems = []
    for index, entry in enumerate(entries):
        for key, detail in _entry(entry)[1]:
            pointer = f"/reviewers/{index}" + (f"/{key}" if key else "")
            problems.append(doc.problem("invalid-reviewer", pointer, number=index + 1, detail=detail))
    return problems


Error = tuple[str, dict[str, str]]  # the key at fault ('' for the entry) and what is wrong


def _entry(entry: Any) -> tuple[Reviewer | None, list[Error]]:
    if isinstance(entry, str):
        written = handle(entry)
        return (Reviewer(written), []) if written else (None, [("", _bad_handle(entry))])
    if not isinstance(entry, dict):
        return None, [
            ("", localized("se esperaba un usuario, un equipo o un bloque", "expected a user, a team or a block"))
        ]
    errors = list(_unknown_keys(entry))
    written = handle(entry["team"]) if isinstance(entry.get("team"), str) else None
    if "team" not in entry:
        errors.append(
            ("", localized("falta «team»: el usuario o equipo de GitHub", "'team' is missing: the GitHub user or team"))
        )
    elif written is None:
        errors.append(("team", _bad_handle(entry.get("team"))))
    state, state_errors = _state(entry.get("state"))
    levels, level_errors = _levels(entry.get("levels"))
    errors += state_errors + level_errors
    if "state" not in entry and "levels" not in entry:
        errors.append(
            ("", localized("un bloque necesita «state», «levels» o ambos", "a block needs 'state', 'levels' or both"))
        )
    if state is not None and levels is not None and levels == {"federal"}:
        errors.append(("levels", localized("los sujetos federales no tienen entidad", "federal parties have no state")))
    return (Reviewer(written, state, levels) if written else None), errors


def _unknown_keys(entry: dict[str, Any]) -> Iterator[Error]:
    for key in entry:
        if key not in KEYS:
            yield (
                str(key),
                localized(
                    f"clave desconocida «{key}»; se admiten {', '.join(KEYS)}",
                    f"unknown key '{key}'; allowed: {', '.join(KEYS)}",
                ),
            )


def _bad_handle(value: Any) -> dict[str, str]:
    return localized(
        f"«{value}» no es un usuario ni un equipo (org/equipo) de GitHub",
        f"'{value}' is not a GitHub user or team (org/team)",
    )


def _state(value: Any) -> tuple[str | None, list[Error]]:
    if value is None:
        return None, []
    code = f"{value:02d}" if isinstance(value, int) and not isinstance(value, bool) else value
    if isinstance(code, str) and code in vocabularies().states:
        return code, []
    return None, [
        (
            "state",
            localized(
                f"«{value}» no es una clave INEGI de entidad (dos dígitos, como «14»)",
                f"'{value}' is not an INEGI state code (two digits, such as '14')",
            ),
        )
    ]


def _levels(value: Any) -> tuple[frozenset[str] | None, list[Error]]:
    if value is None:
        return None, []
    known = vocabularies().keys("levels")
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v in known for v in value):
        return None, [
            (
                "levels",
                localized(
                    f"se esperaba una lista con algunos de: {', '.join(known)}",
                    f"expected a list with some of: {', '.join(known)}",
                ),
            )
        ]
    return frozenset(value), []
