"""Small catalogues written file by file and committed with set dates, for the tests of the
catalogue's measurements (plan, timeliness, quality, indicators)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .conftest import git


def write(root: Path, rel: str, data: Any) -> Path:
    """Write YAML (or text, for a str) at `rel` under `root`."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def party(root: Path, party_id: str, level: str = "federal", power: str = "ejecutivo", **extra: Any) -> None:
    write(
        root,
        f"parties/{party_id}/party.yaml",
        {"id": party_id, "name": f"Sujeto {party_id}", "level": level, "power": power, **extra},
    )


def descriptor(
    name: str, frequency: str = "mensual", resources: list[dict] | None = None, **overrides: Any
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": name,
        "title": f"Conjunto {name}",
        "description": "Descripción de prueba.",
        "keywords": ["prueba"],
        "theme": ["gobierno"],
        "frequency": frequency,
        "temporal": {"start": "2024-01-01", "end": "2024-12-31"},
        "spatial": {"scope": "nacional"},
        "contact": {"name": "Unidad de datos", "email": "datos@example.gob.mx"},
        "licenses": [{"name": "libre-uso-mx"}],
        "resources": resources
        if resources is not None
        else [
            {
                "name": "datos",
                "path": "data/datos.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "schema": {"fields": [{"name": "a", "type": "integer"}]},
            }
        ],
    }
    for key, value in overrides.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def dataset(root: Path, party_id: str, name: str, data: str = "a\n1\n", **kwargs: Any) -> None:
    """A dataset folder with its descriptor and, unless `data` is None, data/datos.csv."""
    write(root, f"datasets/{party_id}/{name}/datapackage.yaml", descriptor(name, **kwargs))
    if data is not None:
        write(root, f"datasets/{party_id}/{name}/data/datos.csv", data)


def init(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "parties").mkdir(exist_ok=True)
    (root / "datasets").mkdir(exist_ok=True)
    git(root, "init", "-q", "-b", "main")


def commit(root: Path, day: str, message: str = "cambio") -> None:
    """Commit everything as of noon (Mexico City) on `day`."""
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message, date=f"{day}T12:00:00-06:00")
