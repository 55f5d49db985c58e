"""Stage 3, enrich: The join graph: which datasets share a key (checks/keys.py) with which, and
how much of it, built with an inverted index by key kind and value set, never pairwise."""

# Datasets with the same set of values (all 32 states, one state's municipalities) form one group,
# groups are compared through the values they hold, and a dataset's list is its groups' lists
# without itself.

from __future__ import annotations

import hashlib
import heapq
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..core.vocab import vocabularies

KINDS = ("state", "municipality", "locality", "cct", "clues")
API_LIMIT = 100  # joinable datasets listed in a dataset's API record, best first (the total is always given)
PAGE_SHOWN = 64  # a group's first members whose titles and columns a page may show (20 after merging kinds)


def universe(kind: str) -> int | None:
    """How many codes of a kind exist (the coverage's denominator), when the vocabulary knows it."""
    if kind == "state":
        return len(vocabularies().states)
    if kind == "municipality":
        return len(vocabularies().municipalities)
    return None


@dataclass(frozen=True)
class Side:
    """A dataset's best column for one kind of key: where it is and how it is written."""

    kind: str
    resource: str
    path: str
    form: str
    fields: tuple[str, ...]
    names: tuple[tuple[str, str], ...]  # for names and headers: each name as written -> its code


@dataclass(frozen=True)
class Join:
    other: str  # the other dataset's key
    kind: str
    shared: int  # codes in common
    universe: int | None


@dataclass
class JoinGraph:
    sides: dict[str, dict[str, Side]] = field(default_factory=dict)  # dataset -> kind -> its best column
    values: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict)  # dataset -> kind -> codes
    _group_of: dict[tuple[str, str], int] = field(default_factory=dict)  # (dataset, kind) -> group
    _members: list[list[str]] = field(default_factory=list)  # group -> its datasets, sorted
    _kind: list[str] = field(default_factory=list)  # group -> its kind
    _ordered: dict[int, list[tuple[tuple[float, int], int]]] = field(default_factory=dict)  # group -> (rank, group)
    _parties: dict[int, set[str]] = field(default_factory=dict)  # group -> up to 3 parties among its joins
    _digests: dict[int, str] = field(default_factory=dict)

    def joins(self, key: str, limit: int | None = None) -> Iterator[Join]:
        """The datasets that share a key with `key`, best coverage first (share of the kind's
        codes, then codes in common), each once (its best kind)."""
        lists = [self._expand(g) for kind in KINDS if (g := self._group_of.get((key, kind))) is not None]
        seen = {key}
        for (rank, other), kind in heapq.merge(*lists):
            if other in seen:
                continue
            seen.add(other)
            yield Join(other, kind, -rank[1], universe(kind))
            if limit is not None and len(seen) > limit:
                return

    def _expand(self, group: int) -> Iterator[tuple[tuple[tuple[float, int], str], str]]:
        kind = self._kind[group]
        for rank, other_group in self._ordered[group]:
            for other in self._members[other_group]:
                yield (rank, other), kind

    def digest(self, key: str, title_of) -> tuple[str, ...]:
        """What the dataset's joins are made of, for the output caches: a digest per group it is
        in (the groups' order and members, and the titles of those its page can show), worked out
        once per group, not once per dataset."""
        return tuple(
            self._group_digest(g, title_of) for kind in KINDS if (g := self._group_of.get((key, kind))) is not None
        )

    def _group_digest(self, group: int, title_of) -> str:
        if group not in self._digests:
            parts: list[Any] = [self._kind[group]]
            listed = 0
            for rank, other_group in self._ordered[group]:
                members = self._members[other_group]
                shown = members[: max(0, PAGE_SHOWN - listed)]
                parts.append((rank, members[: API_LIMIT + 1], [title_of(m) for m in shown], self.sides_of(shown)))
                listed += len(members)
                if listed > API_LIMIT + 1:
                    break
            self._digests[group] = hashlib.sha256(repr(parts).encode()).hexdigest()
        return self._digests[group]

    def sides_of(self, keys: list[str]) -> list[Any]:
        return [sorted(self.sides.get(k, {}).items()) for k in keys]

    def count(self, key: str) -> int:
        """How many datasets share a key with `key`: by the groups' sizes when it has one kind
        of key, otherwise by the union of the groups' members."""
        groups = [g for kind in KINDS if (g := self._group_of.get((key, kind))) is not None]
        if len(groups) == 1:
            return sum(len(self._members[other]) for _, other in self._ordered[groups[0]]) - 1
        others = {m for g in groups for _, other in self._ordered[g] for m in self._members[other]}
        return len(others - {key})

    def joinable_across(self, key: str, party: str) -> bool:
        """The dataset shares a key with a dataset of another party (the interconnection indicator)."""
        for kind in KINDS:
            group = self._group_of.get((key, kind))
            if group is not None and self._parties[group] - {party}:
                return True
        return False


def build_graph(found: dict[str, dict[str, list[Any]]], party_of: dict[str, str]) -> JoinGraph:
    """The graph of every dataset's keys (`found`: dataset key -> its data check's keys)."""
    graph = JoinGraph()
    for key in sorted(found):
        per_kind: dict[str, set[str]] = {}
        best: dict[str, tuple[int, Side]] = {}
        for item in found[key].get("keys", []):
            kind = item.get("kind")
            if kind not in KINDS:
                continue
            per_kind.setdefault(kind, set()).update(item.get("values", []))
            side = Side(
                kind,
                str(item.get("resource", "")),
                str(item.get("path", "")),
                str(item.get("form", "")),
                tuple(item.get("fields", [])),
                tuple(sorted((item.get("names") or {}).items())),
            )
            score = int(item.get("count", 0)) * 4 + {"code": 3, "pair": 2, "name": 1}.get(side.form, 0)
            if kind not in best or score > best[kind][0]:
                best[kind] = (score, side)
        if any(per_kind.values()):
            graph.values[key] = {kind: frozenset(codes) for kind, codes in per_kind.items() if codes}
            graph.sides[key] = {kind: side for kind, (_, side) in best.items() if kind in graph.values[key]}
    for kind in KINDS:
        _link_kind(graph, kind, party_of)
    return graph


def _link_kind(graph: JoinGraph, kind: str, party_of: dict[str, str]) -> None:
    groups: dict[frozenset[str], int] = {}
    for key, kinds in graph.values.items():  # sorted by key: each group's members are too
        codes = kinds.get(kind)
        if not codes:
            continue
        group = groups.get(codes)
        if group is None:
            group = groups[codes] = len(graph._members)
            graph._members.append([])
            graph._kind.append(kind)
        graph._members[group].append(key)
        graph._group_of[(key, kind)] = group
    total = universe(kind)
    postings: dict[str, list[int]] = {}
    for codes, group in groups.items():
        for code in codes:
            postings.setdefault(code, []).append(group)
    for codes, group in groups.items():
        overlap: Counter[int] = Counter()
        for code in codes:
            overlap.update(postings[code])
        ranked = [((-(shared / total) if total else 0.0, -shared), other) for other, shared in overlap.items()]
        ranked.sort(key=lambda item: (item[0], graph._members[item[1]][0]))
        graph._ordered[group] = ranked
        parties: set[str] = set()
        for _, other in ranked:
            for member in graph._members[other]:
                parties.add(party_of.get(member, ""))
                if len(parties) >= 3:
                    break
            if len(parties) >= 3:
                break
        graph._parties[group] = parties
