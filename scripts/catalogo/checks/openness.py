"""Stage 2, check: Openness, as the LGTAIP characteristics ask: an open license (error), machine-
readable and open formats (warnings naming the characteristic missed)."""

from __future__ import annotations

from collections.abc import Iterator

from ..core.model import Dataset
from ..core.problems import Problem, localized
from ..core.resources import declared_format
from ..core.vocab import license_key, vocabularies


def check_openness(dataset: Dataset) -> Iterator[Problem]:
    doc = dataset.doc
    if doc is None or not isinstance(doc.data, dict):
        return
    licenses = dataset.get("licenses")
    entries = licenses if isinstance(licenses, list) else []
    names = [str(e.get("name") or e.get("path") or "") for e in entries if isinstance(e, dict)]
    keys = [license_key(e.get(k)) for e in entries if isinstance(e, dict) for k in ("name", "path")]
    if not any(keys):
        found = ", ".join(n for n in names if n)
        note = localized(f" (declara: {found})", f" (declared: {found})") if found else ""
        yield doc.problem("missing-license", "/licenses" if "licenses" in doc.data else "", found=note)
    formats = sorted({f for f in map(declared_format, dataset.resources) if f})
    if not formats:
        return
    table = vocabularies().terms["formats"]
    listed = ", ".join(formats)
    if not any(table.get(f, {}).get("machine") for f in formats):
        yield doc.problem("not-machine-readable", "/resources", formats=listed)
    elif not any(table.get(f, {}).get("open") and table.get(f, {}).get("machine") for f in formats):
        yield doc.problem("proprietary-format", "/resources", formats=listed)
