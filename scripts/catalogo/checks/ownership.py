"""Stage 2, check: Ownership: CODEOWNERS agrees with the parties' maintainers, and a pull request's
author only changes the files of parties they maintain or review (national reviewers: anything)."""

# Who maintains what is read from the *base* of the change, never from the change itself: a pull
# request that adds its author to another party's `maintainers` (or to the reviewers) must not
# grant itself the right it is asking for. A party that does not exist at the base is new; its
# author must be among the maintainers the change declares for it, and GitHub still asks the
# reviewers to approve it, because the base's CODEOWNERS gives them every unlisted path.

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import git
import yaml

from ..core import values
from ..core.config import read_config
from ..core.model import Catalogue
from ..core.problems import Problem, localized, problem
from ..core.yamlio import parse_yaml
from .codeowners import CODEOWNERS_PATH, codeowners_text, first_difference, owner_of
from .reviewers import Reviewer, read_reviewers, reviewers_of


class BaseUnavailable(Exception):
    """The base of the change cannot be read from git."""


def check_codeowners(catalogue: Catalogue, reviewers: Iterable[str]) -> list[Problem]:
    """`codeowners-out-of-date` at the first differing line, when the repository has the file."""
    target = catalogue.root / CODEOWNERS_PATH
    if not target.is_file():
        return []
    actual = target.read_text(encoding="utf-8", errors="replace")
    difference = first_difference(actual, codeowners_text(catalogue, reviewers))
    if difference is None:
        return []
    line, expected = difference
    return [problem("codeowners-out-of-date", CODEOWNERS_PATH, line, expected=expected or "—")]


def codeowners_concerned(changed: Iterable[str]) -> bool:
    """Whether a change can make CODEOWNERS stale: it touches the file, a party or the reviewers."""
    return any(
        p == CODEOWNERS_PATH or p == "catalogo.yaml" or (p.startswith("parties/") and p.endswith("/party.yaml"))
        for p in changed
    )


class BaseTree:
    """The repository as it was at the merge base of a reference and HEAD."""

    def __init__(self, root: Path, ref: str) -> None:
        try:
            self._repo = git.Repo(root, search_parent_directories=True)
            self._commit = self._repo.git.merge_base(ref, "HEAD")
            top = Path(str(self._repo.working_tree_dir)).resolve()
        except (
            git.GitCommandError,
            git.InvalidGitRepositoryError,
            git.NoSuchPathError,
            ValueError,
        ) as exc:
            raise BaseUnavailable(ref) from exc
        prefix = Path(root).resolve().relative_to(top).as_posix()
        self._prefix = "" if prefix in ("", ".") else prefix + "/"

    def text(self, rel: str) -> str | None:
        try:
            return self._repo.git.show(f"{self._commit}:{self._prefix}{rel}")
        except git.GitCommandError:
            return None

    def data(self, rel: str) -> Any:
        """The file's data at the base; None when it did not exist, {} when it was unreadable."""
        text = self.text(rel)
        if text is None:
            return None
        doc, _ = parse_yaml(text, rel)
        return doc.data if doc is not None and doc.data is not None else {}

    def reviewers(self) -> list[Reviewer]:
        text = self.text("catalogo.yaml")
        if text is None:
            return []
        try:
            loaded = yaml.load(text, Loader=yaml.CSafeLoader)
        except yaml.YAMLError:
            return []
        found = loaded.get("reviewers") if isinstance(loaded, dict) else None
        return reviewers_of(found) if isinstance(found, list) else []


def _login(name: str) -> str:
    return name.strip().removeprefix("@").lower()


def _maintainers(data: Any) -> set[str] | None:
    if data is None:
        return None
    listed = data.get("maintainers") if isinstance(data, dict) else None
    return {_login(m) for m in listed if isinstance(m, str)} if isinstance(listed, list) else set()


def is_reviewer(author: str, reviewers: Iterable[Any]) -> bool:
    """A national reviewer (of every party and every other file). Only individual handles can be
    matched offline; a team (org/team) owns files in CODEOWNERS but its members are not known
    here, so reviewers who author changes are listed by handle too."""
    return any(r.national and r.login == _login(author) for r in reviewers_of(reviewers))


def check_authorship(catalogue: Catalogue, changed: Iterable[str], author: str, base: BaseTree) -> list[Problem]:
    """`not-a-maintainer` on each changed file whose owner the author neither maintains nor
    reviews (a scoped reviewer reviews the parties of its state and levels, nothing else)."""
    reviewers = base.reviewers()
    if is_reviewer(author, reviewers):
        return []
    scoped = [r for r in reviewers if r.login == _login(author)]
    allowed: dict[str | None, bool] = {None: False}
    problems = []
    for path in sorted(set(changed)):
        owner = owner_of(path)
        if owner.party is not None and owner.party not in allowed:
            allowed[owner.party] = _maintains(catalogue, base, owner.party, author) or _reviews(
                catalogue, base, owner.party, scoped
            )
        if not allowed[owner.party]:
            problems.append(
                problem(
                    "not-a-maintainer",
                    path,
                    author=author,
                    owner=localized(owner.describe("es"), owner.describe("en")),
                )
            )
    return problems


def _reviews(catalogue: Catalogue, base: BaseTree, party: str, scoped: list[Reviewer]) -> bool:
    """A scoped reviewer's party: its state and level at the base (a change cannot move a party
    into a reviewer's scope), or as a new party declares them."""
    if not scoped:
        return False
    data = base.data(f"parties/{party}/party.yaml")
    if data is None:
        record = catalogue.parties.get(party)
        data = record.data if record else {}
    state, level = (values.text(data.get(k)) if isinstance(data, dict) else "" for k in ("state", "level"))
    return any(r.reviews(state, level) for r in scoped)


def _maintains(catalogue: Catalogue, base: BaseTree, party: str, author: str) -> bool:
    at_base = _maintainers(base.data(f"parties/{party}/party.yaml"))
    if at_base is None:  # a new party: the maintainers it declares
        record = catalogue.parties.get(party)
        at_base = {_login(m) for m in record.maintainers} if record else set()
    return _login(author) in at_base


def check_ownership(
    catalogue: Catalogue, changed: list[str] | None, ref: str | None, author: str | None
) -> list[Problem]:
    """Both ownership checks as `catalogo validate` runs them: CODEOWNERS on a full validation
    (`changed` is None) or when the change concerns it; authorship when an author is given."""
    problems = []
    if changed is None or codeowners_concerned(changed):
        problems.extend(read_reviewers(catalogue.root)[1])
        problems.extend(check_codeowners(catalogue, list(read_config(catalogue.root).reviewers)))
    if author and ref and changed is not None:
        problems.extend(check_authorship(catalogue, changed, author, BaseTree(catalogue.root, ref)))
    return problems
