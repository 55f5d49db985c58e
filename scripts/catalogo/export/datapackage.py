"""Stage 4, render (machine-readable exports): Data Package per dataset:
`/datos/<party>/<dataset>/datapackage.json`."""

# The descriptor as loaded from `datapackage.yaml`, with every resource `path` made an absolute
# URL (local files point to their copy beside the dataset page), so that
# `frictionless validate https://…/datapackage.json` and `pandas.read_csv(<path>)` work on the
# published site. The catalogue's own properties stay (frictionless ignores unknown ones). A
# resource whose path is refused (outside its folder, bad scheme) is left out.

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from . import common

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def descriptor(facts: common.Facts) -> dict[str, Any]:
    """Shallow copies: the descriptor is only serialised, never changed."""
    dataset = facts.dataset
    result: dict[str, Any] = dict(dataset.data)
    result.setdefault("$schema", PROFILE)
    result.setdefault("name", dataset.id)
    result["id"] = facts.identifier or facts.url
    result.setdefault("homepage", facts.url)
    created = result.get("created")
    if isinstance(created, str) and _DAY.match(created):  # Data Package's `created` is a date-time
        result["created"] = f"{created}T00:00:00Z"
    result["resources"] = [{**link.resource.data, "path": link.url} for link in facts.links]
    return result


def descriptor_json(facts: common.Facts) -> str:
    """`descriptor` as indented JSON (no final newline), encoded once for its file and the API."""
    return facts.remember("descriptor", lambda: common.dumps_at(descriptor(facts), 0))


class DataPackageWriter(common.Output):
    def __init__(self, out: Path) -> None:
        super().__init__()
        self.out = out

    def party(self, party_id: str, facts: list[common.Facts]) -> None:
        for f in facts:
            self.write(self.out / "datos" / f.dataset.key / "datapackage.json", descriptor_json(f) + "\n")
        return None
