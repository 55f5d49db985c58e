"""`catalogo publish` against a real S3-compatible store (SeaweedFS on 127.0.0.1) and a folder: only
changed objects are uploaded, removed ones are deleted last, every object has its type and cache
policy, and a transfer that fails half-way deletes nothing and is completed by the next publish."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalogo.cli.main import cli
from catalogo.publish.objects import LONG_CACHE, SHORT_CACHE, LocalFile
from catalogo.publish.sync import TransferError, publish_site, target_for

from .seaweed import CREDENTIALS, Store

DATA_FILE = "datos/secretaria-de-salud/casos-covid-estados/data/casos.csv"


@pytest.fixture
def site(built_site: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    return copy


def publish(site: Path, to: str, *args: str, env: dict[str, str] | None = None) -> tuple[int, dict]:
    result = CliRunner().invoke(
        cli, ["publish", "--site", str(site), "--to", to, "--format", "json", *args], env=env or CREDENTIALS
    )
    counts = json.loads(result.output) if result.exit_code == 0 else {"output": result.output}
    return result.exit_code, counts


def files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def test_only_what_changed_is_uploaded_and_what_is_gone_deleted(seaweed: Store, site: Path) -> None:
    to, endpoint = "s3://sitio-cambios/mx", ["--endpoint", seaweed.endpoint]
    objects = [f for f in files(site) if f != "_headers"]  # read by folder hosts only
    assert publish(site, to, *endpoint) == (
        0,
        {
            "uploaded": len(objects),
            "deleted": 0,
            "unchanged": 0,
            "bytes_uploaded": sum((site / f).stat().st_size for f in objects),
        },
    )
    assert sorted(k.removeprefix("mx/") for k in seaweed.keys("sitio-cambios")) == objects

    assert publish(site, to, *endpoint)[1]["uploaded"] == 0
    page = site / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</main>", "<p>Nuevo</p></main>", 1), encoding="utf-8")
    (site / DATA_FILE).unlink()
    code, counts = publish(site, to, *endpoint)
    assert (code, counts["uploaded"], counts["deleted"], counts["unchanged"]) == (0, 1, 1, len(objects) - 2)
    body = seaweed.client().get_object(Bucket="sitio-cambios", Key="mx/index.html")["Body"].read()
    assert b"<p>Nuevo</p>" in body
    assert f"mx/{DATA_FILE}" not in seaweed.keys("sitio-cambios")


def test_objects_carry_their_type_and_cache_policy(seaweed: Store, site: Path) -> None:
    assert publish(site, "s3://sitio-tipos", "--endpoint", seaweed.endpoint)[0] == 0
    client = seaweed.client()
    pf_meta = next(f for f in files(site) if f.endswith(".pf_meta"))
    feed = next(f for f in files(site) if f.startswith("feeds/") and f.endswith(".xml"))
    expected = {
        "index.html": ("text/html; charset=utf-8", SHORT_CACHE),
        "catalogo.jsonld": ("application/ld+json", SHORT_CACHE),
        "catalogo.ttl": ("text/turtle; charset=utf-8", SHORT_CACHE),
        "data.json": ("application/json", SHORT_CACHE),
        "sitemap.xml": ("application/xml", SHORT_CACHE),
        feed: ("application/atom+xml", SHORT_CACHE),
        pf_meta: ("application/octet-stream", LONG_CACHE),
        DATA_FILE: ("text/csv; charset=utf-8", SHORT_CACHE),
        "datos/secretaria-de-salud/casos-covid-estados/mapa-entidades.svg": ("image/svg+xml", SHORT_CACHE),
        "estados/mapa.svg": ("image/svg+xml", SHORT_CACHE),
        "inventarios.csv": ("text/csv; charset=utf-8", SHORT_CACHE),
    }
    for key, (content_type, cache) in expected.items():
        head = client.head_object(Bucket="sitio-tipos", Key=key)
        assert (head["ContentType"], head.get("CacheControl")) == (content_type, cache), key
    assert client.head_object(Bucket="sitio-tipos", Key=DATA_FILE)["ContentDisposition"].startswith("attachment")
    drawn = client.head_object(
        Bucket="sitio-tipos", Key="datos/secretaria-de-salud/casos-covid-estados/mapa-entidades.svg"
    )
    assert "ContentDisposition" not in drawn  # a map beside the page is shown, not downloaded


class FailingAfter:
    """The real bucket, whose connection breaks after `uploads` objects."""

    def __init__(self, store: Store, bucket: str, uploads: int) -> None:
        self.inner = target_for(f"s3://{bucket}", store.endpoint)
        self.to_bucket, self.left = True, uploads
        self.prepare, self.listing, self.delete = self.inner.prepare, self.inner.listing, self.inner.delete

    def upload(self, file: LocalFile) -> None:
        self.left -= 1
        if self.left < 0:
            raise ConnectionError("connection reset")
        self.inner.upload(file)


def test_a_failed_publish_deletes_nothing_and_the_next_completes(
    seaweed: Store, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    first = publish(site, "s3://sitio-cortes", "--endpoint", seaweed.endpoint)
    assert first[0] == 0, first
    before = seaweed.keys("sitio-cortes")
    (site / DATA_FILE).unlink()  # gone from the new site: its object must outlive a failed publish
    for page in sorted(site.rglob("index.html"))[:20]:
        page.write_text(page.read_text(encoding="utf-8") + "<!-- v2 -->\n", encoding="utf-8")
    with pytest.raises(TransferError):
        publish_site(site, FailingAfter(seaweed, "sitio-cortes", 5), dry_run=False)
    during = seaweed.keys("sitio-cortes")
    assert set(during) == set(before)  # nothing deleted, every old page still served
    assert sum(during[k] != before[k] for k in before) <= 5

    code, counts = publish(site, "s3://sitio-cortes", "--endpoint", seaweed.endpoint)
    assert code == 0 and counts["deleted"] == 1 and counts["uploaded"] >= 15
    assert sorted(seaweed.keys("sitio-cortes")) == [f for f in files(site) if f != "_headers"]


def test_a_dry_run_changes_nothing(seaweed: Store, site: Path) -> None:
    code, counts = publish(site, "s3://sitio-ensayo", "--endpoint", seaweed.endpoint, "--dry-run")
    assert code == 0 and counts["uploaded"] == len(files(site)) - 1
    assert "sitio-ensayo" not in [b["Name"] for b in seaweed.client().list_buckets()["Buckets"]]


@pytest.mark.parametrize(
    ("to", "env"),
    [
        ("s3://sitio", {"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""}),  # no credentials
        ("ftp://example/sitio", CREDENTIALS),  # not a target
        ("s3:///sin-cubeta", CREDENTIALS),
    ],
)
def test_usage_and_credential_errors_exit_2(site: Path, to: str, env: dict[str, str]) -> None:
    result = CliRunner().invoke(cli, ["publish", "--site", str(site), "--to", to, "--lang", "en"], env=env)
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_a_folder_target_may_not_overlap_the_site(site: Path) -> None:
    assert publish(site, str(site / "copia"))[0] == 2
    assert publish(site, str(site.parent))[0] == 2
    assert not (site / "copia").exists()


def test_a_folder_target_is_synced_the_same_way(site: Path, tmp_path: Path) -> None:
    target = tmp_path / "servido"
    assert publish(site, str(target))[0] == 0
    assert files(target) == files(site)  # a folder host reads _headers: it is copied
    (site / DATA_FILE).unlink()
    code, counts = publish(site, str(target))
    assert (code, counts["uploaded"], counts["deleted"]) == (0, 0, 1)
    assert files(target) == files(site) and not (target / DATA_FILE).parent.exists()


def test_join_code_is_served_as_utf8_text() -> None:
    from catalogo.publish.objects import content_type

    assert content_type("datos/p/d/cruzar.py") == content_type("datos/p/d/cruzar.sql") == "text/plain; charset=utf-8"
