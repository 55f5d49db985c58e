"""The one atomic writer (files.open_atomic): a file appears whole or not at all, never over an
existing one when told not to, with the permission bits asked for."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from catalogo.core.files import WouldOverwrite, open_atomic, write_atomic


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_text_and_bytes_appear_whole_with_their_mode(tmp_path: Path) -> None:
    with open_atomic(tmp_path / "a" / "b.txt") as handle:
        handle.write("uno\r\ndos\n")
    assert (tmp_path / "a" / "b.txt").read_bytes() == b"uno\r\ndos\n"
    assert _mode(tmp_path / "a" / "b.txt") == 0o644
    with open_atomic(tmp_path / "c.bin", binary=True, mode=None) as handle:
        handle.write(b"\x00\x01")
    assert (tmp_path / "c.bin").read_bytes() == b"\x00\x01"
    assert _mode(tmp_path / "c.bin") == 0o600
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a", "b.txt", "c.bin"]


def test_a_failure_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    target.write_text("viejo", encoding="utf-8")
    with pytest.raises(RuntimeError), open_atomic(target) as handle:
        handle.write("nuevo")
        raise RuntimeError
    assert target.read_text(encoding="utf-8") == "viejo"
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]


def test_no_overwrite_refuses_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "x.yaml"
    with open_atomic(target, overwrite=False) as handle:
        handle.write("primero")
    with pytest.raises(WouldOverwrite), open_atomic(target, overwrite=False) as handle:
        handle.write("segundo")
    assert target.read_text(encoding="utf-8") == "primero"
    assert [p.name for p in tmp_path.iterdir()] == ["x.yaml"]
    with pytest.raises(WouldOverwrite):
        write_atomic(tmp_path, "x.yaml", b"tercero")
    write_atomic(tmp_path, "x.yaml", b"cuarto", force=True)
    assert target.read_bytes() == b"cuarto"
    assert _mode(target) == 0o644


def test_the_cache_never_raises_when_it_cannot_write(tmp_path: Path) -> None:
    from catalogo.core.cache import write_bytes

    blocker = tmp_path / "archivo"
    blocker.write_text("", encoding="utf-8")
    write_bytes(blocker / "dentro" / "entrada.json", b"{}")  # the folder cannot be made: no error
    write_bytes(tmp_path / "c" / "entrada.json", b"{}")
    assert (tmp_path / "c" / "entrada.json").read_bytes() == b"{}"
