"""Stage 3, enrich (measurements): The opening plan's one check that needs git history: a commitment
that a dataset already open before the plan began would count as met (`commitment-met-before-plan`)."""

# Run by `catalogo validate` beside the checks of stage 2 (which cannot read git). Only the plans in
# scope are looked at (a change to a plan, an inventory, or a dataset, which puts its party's
# inventory in scope), and git is read only when their commitments link a published dataset. It is
# then the build's history (gitdata/historycache.py): in CI, main's cached log extended by the
# change's few commits. A `git log` limited to the linked folders is no cheaper: git's tree diffs
# cost the same with a pathspec and more with many (20,000 commits over 10,000 dataset folders:
# 1.7 s whole, 2.1 s limited to 2 folders, 27 s to 50).

from __future__ import annotations

import datetime as dt

from ..checks.run import Scope
from ..core.model import Catalogue, Party
from ..core.problems import Problem, localized
from ..gitdata.history import read_history
from .plan import ALREADY_PUBLISHED, opening_plan_status, plan_start


def plans_in_scope(catalogue: Catalogue, scope: Scope | None) -> list[Party]:
    """Parties with a dated plan whose plan or inventory the scope covers (only those plans are read)."""
    parties = [p for p in catalogue.parties.values() if p.plan_path]
    if scope is not None:
        files = scope.covered([path for p in parties for path in (p.plan_path, p.inventory_path) if path])
        parties = [p for p in parties if p.plan_path in files or p.inventory_path in files]
    return [p for p in parties if plan_start(p) is not None]


def linked_datasets(catalogue: Catalogue, party: Party) -> set[str]:
    """Keys of the existing datasets that the party's commitments link through their items."""
    items = {item.id: item.dataset for item in party.inventory_items() if item.dataset}
    keys = {f"{party.id}/{items[c.item]}" for c in party.commitments() if c.item in items}
    return {key for key in keys if key in catalogue.datasets}


def check_plans_against_history(catalogue: Catalogue, scope: Scope | None, today: dt.date) -> list[Problem]:
    """`commitment-met-before-plan` on each commitment in scope whose dataset was first published
    (in git, or by the date its descriptor's `created` declares) before the plan's start."""
    parties = plans_in_scope(catalogue, scope)
    linked = {party.id: linked_datasets(catalogue, party) for party in parties}
    if not any(linked.values()):
        return []
    history = read_history(catalogue.root)
    problems = []
    for party in parties:
        doc = party.plan
        if not linked[party.id] or doc is None:
            continue
        start = plan_start(party)
        for status in opening_plan_status(party, history, today, catalogue.datasets, catalogue.datasets):
            if status.status != ALREADY_PUBLISHED or status.published is None:
                continue
            source = (
                localized("su primera versión en git", "its first version in git")
                if status.commit
                else localized(f"el registro histórico «{status.record}»", f"the historical record '{status.record}'")
                if status.record
                else localized("la fecha «created» de su descripción", "the 'created' date in its descriptor")
            )
            problems.append(
                doc.problem(
                    "commitment-met-before-plan",
                    f"{status.pointer}/item",
                    item=status.item,
                    dataset=status.dataset or "",
                    published=status.published.isoformat(),
                    source=source,
                    start=start.isoformat() if start else "",
                )
            )
    return problems
