"""What a resource is, answered in one place (resources.py) for the checks, pages and exports."""

from __future__ import annotations

import pytest

from catalogo.core import resources
from catalogo.core.model import Resource


def resource(**data: object) -> Resource:
    return Resource("p/d", 0, dict(data))


@pytest.mark.parametrize(
    ("data", "remote", "local", "declared", "key", "fmt", "tabular", "delimited", "media"),
    [
        ({"path": "data/casos.csv"}, False, True, "csv", "csv", "csv", True, True, "text/csv"),
        ({"path": "data/x.TSV"}, False, True, "tsv", "tsv", "tsv", True, True, "text/tab-separated-values"),
        ({"path": "data/x.bin", "format": "CSV"}, False, True, "csv", "csv", "csv", True, True, "text/csv"),
        (
            {"path": "https://a.mx/x", "format": "json"},
            True,
            False,
            "json",
            "json",
            "json",
            False,
            False,
            "application/json",
        ),
        ({"path": "https://a.mx/x", "mediatype": "text/csv"}, True, False, "", None, "csv", True, False, "text/csv"),
        ({"path": "data/x.csv", "format": "text/csv"}, False, True, "text/csv", "csv", "csv", True, False, "text/csv"),
        ({"path": "ftp://a.mx/x.pdf"}, True, False, "pdf", "pdf", "pdf", False, False, "application/pdf"),
        ({"path": "data/notas"}, False, True, "", None, None, False, False, None),
        ({"format": "foo"}, False, False, "foo", None, None, False, False, None),
    ],
)
def test_what_a_resource_is(
    data: dict[str, object],
    remote: bool,
    local: bool,
    declared: str,
    key: str | None,
    fmt: str | None,
    tabular: bool,
    delimited: bool,
    media: str | None,
) -> None:
    r = resource(**data)
    assert resources.is_remote(r) is remote
    assert resources.is_local(r) is local
    assert resources.declared_format(r) == declared
    assert resources.declared_format_key(r) == key
    assert resources.format_of(r) == fmt
    assert resources.is_tabular(r) is tabular
    assert resources.is_delimited(r) is delimited
    assert resources.media_type(r) == media


def test_media_type_declared_wins_without_parameters() -> None:
    r = resource(path="data/x.csv", mediatype="Text/CSV; charset=utf-8")
    assert resources.media_type(r) == "text/csv"
    assert resources.media_type(resource(path="data/x.csv", mediatype="no es tipo")) == "text/csv"


def test_access_pages_are_not_downloads() -> None:
    assert resources.is_access_page("html") and resources.is_access_page("api")
    assert not resources.is_access_page("csv") and not resources.is_access_page(None)


def test_hostile_values_are_answered_not_raised() -> None:
    r = resource(path="data/x", format=["csv"], mediatype={"a": 1})
    assert resources.format_of(r) is None
    assert resources.media_type(r) is None
