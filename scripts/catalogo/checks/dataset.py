"""Stage 2, check: Everything that depends on one dataset's folder alone: its descriptor (syntax,
schema, identifier, places), its resources, its openness and its data. The result is a function of
the folder's contents, so the check stage caches it by their digests."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path
from typing import Any

from ..core.model import Dataset
from ..core.problems import Problem, problem
from .descriptor import check_descriptor
from .identifiers import check_dataset_identifier
from .openness import check_openness
from .published import check_published
from .references import check_spatial, check_temporal
from .resources import check_resources
from .schema import check_document

# A 100 MB table validates in well under this on a 2-core machine; CATALOGO_DATA_SECONDS overrides it.
DATA_SECONDS = float(os.environ.get("CATALOGO_DATA_SECONDS", "300"))


def check_dataset(
    root: Path, dataset: Dataset, data: bool = True, found: dict[str, list[Any]] | None = None
) -> list[Problem]:
    """The dataset's problems; its tables' keys and views (checks/keys.py) go to `found`."""
    doc, problems = dataset.files.read(dataset.path)
    problems = list(problems)
    problems.extend(check_dataset_identifier(dataset))
    if doc is None:
        return problems
    problems.extend(check_document(doc, "datapackage"))
    problems.extend(check_descriptor(doc, dataset))
    problems.extend(check_spatial(doc, dataset.get("spatial")))
    problems.extend(check_temporal(doc, dataset.get("temporal")))
    problems.extend(check_resources(root, dataset))
    problems.extend(check_published(root, dataset))
    problems.extend(check_openness(dataset))
    if data:
        problems.extend(_bounded_data_check(root, dataset, found))
    return problems


class _TimeUp(BaseException):  # not an Exception: no `except Exception` on the way may swallow it
    pass


def _bounded_data_check(root: Path, dataset: Dataset, found: dict[str, list[Any]] | None) -> list[Problem]:
    """Data validation with a time bound, so no file (say, a schema pattern that backtracks
    without end) can hang a pull request's check. Bounded only where signals can be used."""
    # Imported here: frictionless and the table readers load only when there is data to check.
    from .data import check_data_cached

    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        return check_data_cached(root, dataset, found)

    def stop(signum: int, frame: object) -> None:
        raise _TimeUp

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, DATA_SECONDS)
    try:
        return check_data_cached(root, dataset, found)
    except _TimeUp:
        return [problem("data-timeout", dataset.path, None, None, "/resources", seconds=DATA_SECONDS)]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
