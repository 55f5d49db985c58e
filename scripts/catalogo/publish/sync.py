"""Stage 6, publish: the sync of a built site to a target (an S3-compatible bucket through boto3, or a
folder): upload what changed, by content digest, in a safe order; delete what is gone last."""

# A transfer that fails (or is killed) part-way leaves every old object in place: deletions only
# start once every upload succeeded. The next publish compares digests again and finishes the job.
# S3 reports the MD5 of an object uploaded in one part as its ETag, so the bucket is listed once
# and no object is read back; every object is uploaded in one part (S3 allows up to 5 GB).

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Protocol
from urllib.parse import urlparse

from .objects import LocalFile, md5_of, object_headers, site_files, skipped, upload_phases

WORKERS = 8
DELETE_BATCH = 1000  # S3's limit per DeleteObjects call


class PublishProblem(Exception):
    """A problem told in Spanish and in English."""

    def __init__(self, es: str, en: str) -> None:
        super().__init__(f"{es} / {en}")
        self.es, self.en = es, en

    def told(self, lang: str) -> str:
        return self.en if lang == "en" else self.es


class TargetError(PublishProblem):
    """The target cannot be used (bad address, missing credentials, access refused): exit 2."""


class TransferError(PublishProblem):
    """An upload failed; nothing was deleted: exit 1."""


@dataclass
class Summary:
    uploaded: int = 0
    deleted: int = 0
    unchanged: int = 0
    bytes_uploaded: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "uploaded": self.uploaded,
            "deleted": self.deleted,
            "unchanged": self.unchanged,
            "bytes_uploaded": self.bytes_uploaded,
        }


class Target(Protocol):
    to_bucket: bool

    def prepare(self, dry_run: bool) -> None: ...

    def listing(self) -> dict[str, str]: ...  # key -> MD5 of what is there

    def upload(self, file: LocalFile) -> None: ...

    def delete(self, keys: list[str]) -> None: ...


Progress = Callable[[int], None]  # called with the bytes of each object done


def publish_site(
    site: Path,
    target: Target,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    total: Callable[[int], None] | None = None,
) -> Summary:
    """Make `target` hold exactly the files of `site`. Raises TargetError or TransferError."""
    if not (site / "index.html").is_file():
        raise TargetError(
            f"no es un sitio construido (falta index.html): {site}", f"not a built site (index.html is missing): {site}"
        )
    if isinstance(target, FolderTarget):
        here, there = site.resolve(), target.folder.resolve()
        if here == there or here in there.parents or there in here.parents:
            raise TargetError(
                f"la carpeta de destino no puede estar dentro del sitio ni contenerlo: {target.folder}",
                f"the target folder can neither be inside the site nor contain it: {target.folder}",
            )
    local = {k: f for k, f in site_files(site).items() if not skipped(k, target.to_bucket)}
    target.prepare(dry_run)
    remote = target.listing()
    new = [k for k in local if k not in remote]
    changed = [k for k in local if k in remote and remote[k] != local[k].md5]
    stale = sorted(k for k in remote if k not in local)
    summary = Summary(unchanged=len(local) - len(new) - len(changed))
    if total is not None:
        total(sum(local[k].size for k in new + changed))
    if not dry_run:
        with ThreadPoolExecutor(WORKERS) as pool:
            for phase in upload_phases(new, changed):
                futures = [pool.submit(target.upload, local[k]) for k in phase]
                failures = []
                for key, future in zip(phase, futures, strict=True):
                    try:
                        future.result()
                    except Exception as exc:  # noqa: BLE001 (any failure stops before deleting)
                        failures.append(f"{key}: {exc}")
                        continue
                    if progress is not None:
                        progress(local[key].size)
                if failures:
                    raise TransferError(
                        f"{len(failures)} objetos no se subieron; no se borró nada: {failures[0]}",
                        f"{len(failures)} objects were not uploaded; nothing was deleted: {failures[0]}",
                    )
        for start in range(0, len(stale), DELETE_BATCH):
            target.delete(stale[start : start + DELETE_BATCH])
    summary.uploaded = len(new) + len(changed)
    summary.bytes_uploaded = sum(local[k].size for k in new + changed)
    summary.deleted = len(stale)
    return summary


def target_for(address: str, endpoint: str | None = None) -> Target:
    """`s3://BUCKET[/PREFIX]` or a folder."""
    if address.startswith("s3://"):
        parsed = urlparse(address)
        if not parsed.netloc:
            raise TargetError(f"falta la cubeta en {address}", f"the bucket is missing in {address}")
        return S3Target(parsed.netloc, parsed.path.strip("/"), endpoint)
    if "://" in address:
        raise TargetError(
            f"destino no reconocido; use s3://CUBETA o una carpeta: {address}",
            f"unknown target; use s3://BUCKET or a folder: {address}",
        )
    return FolderTarget(Path(address))


class S3Target:
    to_bucket = True

    def __init__(self, bucket: str, prefix: str, endpoint: str | None) -> None:
        if not (os.environ.get("AWS_ACCESS_KEY_ID") and os.environ.get("AWS_SECRET_ACCESS_KEY")):
            raise TargetError(
                "faltan las credenciales: defina AWS_ACCESS_KEY_ID y AWS_SECRET_ACCESS_KEY",
                "credentials are missing: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
            )
        import boto3
        from botocore.config import Config

        region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
        config = Config(retries={"max_attempts": 5, "mode": "standard"}, max_pool_connections=WORKERS * 2)
        self.client: Any = boto3.client("s3", endpoint_url=endpoint, region_name=region, config=config)
        self.bucket, self.prefix = bucket, f"{prefix}/" if prefix else ""

    def _call(self, action: Callable[[], Any]) -> Any:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return action()
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            if code in ("AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidBucketName", "403"):
                raise TargetError(
                    f"la cubeta rechazó la solicitud: {code}", f"the bucket refused the request: {code}"
                ) from None
            raise
        except BotoCoreError as exc:
            raise TargetError(f"no se pudo usar la cubeta: {exc}", f"could not use the bucket: {exc}") from None

    def prepare(self, dry_run: bool) -> None:
        from botocore.exceptions import ClientError

        try:
            self._call(lambda: self.client.head_bucket(Bucket=self.bucket))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") not in ("404", "NoSuchBucket", "NotFound"):
                raise TargetError(f"no se pudo usar la cubeta: {exc}", f"could not use the bucket: {exc}") from None
            if not dry_run:
                self._call(lambda: self.client.create_bucket(Bucket=self.bucket))

    def listing(self) -> dict[str, str]:
        from botocore.exceptions import ClientError

        found: dict[str, str] = {}
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.prefix)
        try:
            for page in pages:
                for item in page.get("Contents", []):
                    found[item["Key"][len(self.prefix) :]] = item.get("ETag", "").strip('"')
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchBucket", "404"):
                return {}  # a dry run against a bucket that does not exist yet
            raise TargetError(f"no se pudo listar la cubeta: {exc}", f"could not list the bucket: {exc}") from None
        return found

    def upload(self, file: LocalFile) -> None:
        with open(file.path, "rb") as body:
            self.client.put_object(
                Bucket=self.bucket, Key=self.prefix + file.key, Body=body, **object_headers(file.key)
            )

    def delete(self, keys: list[str]) -> None:
        objects = [{"Key": self.prefix + k} for k in keys]
        result = self.client.delete_objects(Bucket=self.bucket, Delete={"Objects": objects, "Quiet": True})
        if result.get("Errors"):
            key = result["Errors"][0].get("Key")
            raise TransferError(f"no se pudo borrar: {key}", f"could not delete: {key}")


class FolderTarget:
    """A folder served by a web server (or by a host that reads `_headers`)."""

    to_bucket = False

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def prepare(self, dry_run: bool) -> None:
        if self.folder.exists() and not self.folder.is_dir():
            raise TargetError(f"no es una carpeta: {self.folder}", f"is not a folder: {self.folder}")
        if not dry_run:
            self.folder.mkdir(parents=True, exist_ok=True)

    def listing(self) -> dict[str, str]:
        return {k: f.md5 for k, f in site_files(self.folder).items()} if self.folder.is_dir() else {}

    def upload(self, file: LocalFile) -> None:
        target = self.folder / PurePosixPath(file.key)
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".publicando-")
        os.close(handle)
        try:
            shutil.copyfile(file.path, temporary)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def delete(self, keys: list[str]) -> None:
        for key in keys:
            path = self.folder / PurePosixPath(key)
            path.unlink(missing_ok=True)
            for parent in path.parents:
                if parent == self.folder or any(parent.iterdir()):
                    break
                parent.rmdir()


__all__ = ["Summary", "TargetError", "TransferError", "md5_of", "publish_site", "target_for"]
