"""History and caches that a pull request cannot forge, and records that cannot be symbolic links.

Each attack builds its own hostile git repository: commit subjects that imitate the git-log
parser's separators, paths named like hashes or status letters, a `.cache/catalogo/` committed
with planted results and a planted history, symbolic links in place of every kind of record."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalogo.build import build_site
from catalogo.checks.run import check_catalogue
from catalogo.cli.main import cli
from catalogo.core.cache import SECRET, cache_dir, key_of, read_problems, write_entry, write_problems
from catalogo.core.model import Files
from catalogo.enrich import enrich
from catalogo.gitdata.gitlog import Log, _Parser, locate
from catalogo.gitdata.history import History
from catalogo.gitdata.historycache import NAME, VERSION, catalogue_log, log_path, read_cached
from catalogo.load import load_catalogue

from .conftest import FIXTURES, git

PARTY = "secretaria-de-salud"
KEY = f"datasets/{PARTY}/casos-covid-estados"
BASE = "2026-01-01T12:00:00-06:00"
PUBLISHED = "2026-04-15T10:00:00-06:00"  # the commitment was due 2026-03-31: fulfilled late
TODAY = dt.date(2026, 12, 3)
FAKE = "f" * 40
FORGED_DATE = "2026-03-01T00:00:00+00:00"


def copy_fixture(name: str, target: Path) -> Path:
    shutil.copytree(FIXTURES / name, target, ignore=shutil.ignore_patterns(".cache"))
    return target


@pytest.fixture
def staged(tmp_path: Path) -> Path:
    """valid/minimal committed without its dataset, whose folder waits beside the repository."""
    repo = copy_fixture("valid/minimal", tmp_path / "repo")
    shutil.move(repo / KEY, tmp_path / "aside")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Catálogo inicial", date=BASE)
    return repo


def publish(repo: Path, message: str, extra: dict[str, str] | None = None) -> str:
    """Add the dataset in one commit with `message` (files named in `extra` too); its commit id."""
    shutil.move(repo.parent / "aside", repo / KEY)
    for name, text in (extra or {}).items():
        (repo / KEY / name).write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty-message", "-m", message, date=PUBLISHED)
    return git(repo, "rev-parse", "HEAD").strip()


def plan_status(repo: Path) -> tuple[str, dt.date | None]:
    plans = enrich(load_catalogue(repo), TODAY).plans[PARTY]
    found = next(c for c in plans if c.item == "casos-covid")
    return found.status, found.published


def assert_real_history(repo: Path, commit: str) -> History:
    log = catalogue_log(repo)
    assert log.malformed == 0
    assert all(c.commit != FAKE and c.date != FORGED_DATE for c in log.commits)
    history = History.from_log(log)
    created = history.created(KEY)
    assert created is not None and created.commit == commit and created.date == PUBLISHED
    assert [c.date for c in history.of(KEY)] == [PUBLISHED]
    assert plan_status(repo) == ("cumplido-con-retraso", dt.date(2026, 4, 15))
    return history


FORGED_SUBJECTS = {
    "record-separator-forged-date": f"Publica\x1e{FAKE}\x1f\x1f{FORGED_DATE}\x1fforjado",
    "record-separator-non-date": f"Publica\x1e{FAKE}\x1f{FAKE}\x1fmañana\x1fforjado",
    "unit-separators": f"a\x1fb\x1f{FORGED_DATE}\x1fc",
    "nul-like-text": f"Publica\\x00{FAKE}\\x00\\x00{FORGED_DATE}",
    "newlines-fold": f"línea uno\nlínea dos\x1e{FAKE}\x1f\x1f{FORGED_DATE}\x1fx\n\ncuerpo\x1e{FAKE}",
    "subject-is-a-hash": FAKE,
    "subject-is-a-status": "M",
    "subject-is-a-status-after-newline": "\nA",
    "empty-subject": "",
    "controls-and-escapes": "\x1b[31mrojo\x1b[0m\r\x07\x7f\u0085\u2028\u202e",
}


@pytest.mark.parametrize("message", FORGED_SUBJECTS.values(), ids=FORGED_SUBJECTS.keys())
def test_a_commit_subject_cannot_forge_a_record(staged: Path, message: str) -> None:
    commit = publish(staged, message)
    history = assert_real_history(staged, commit)
    subject = history.created(KEY).subject
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in subject)
    # a second read comes from the (authenticated) cache and says the same
    assert History.from_log(catalogue_log(staged)).created(KEY) == history.created(KEY)


def test_git_refuses_nul_in_a_message_and_prints_subjects_up_to_one(staged: Path) -> None:
    message = staged.parent / "mensaje"
    message.write_bytes(b"Publica\x00" + FAKE.encode() + b"\x00\x00" + FORGED_DATE.encode() + b"\x00forjado")
    shutil.move(staged.parent / "aside", staged / KEY)
    git(staged, "add", "-A")
    with pytest.raises(subprocess.CalledProcessError):
        git(staged, "commit", "-q", "-F", str(message))
    # a commit object written by other means: git's %s stops at the NUL
    tree = git(staged, "write-tree").strip()
    parent = git(staged, "rev-parse", "HEAD").strip()
    when = int(dt.datetime.fromisoformat(PUBLISHED).timestamp())
    body = (
        (f"tree {tree}\nparent {parent}\nauthor A <a@b> {when} -0600\ncommitter A <a@b> {when} -0600\n\n").encode()
        + message.read_bytes()
        + b"\n"
    )
    crafted = (
        subprocess.run(
            ["git", "hash-object", "-t", "commit", "-w", "--literally", "--stdin"],
            cwd=staged,
            input=body,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .strip()
    )
    git(staged, "update-ref", "refs/heads/main", crafted)
    history = assert_real_history(staged, crafted)
    assert history.created(KEY).subject == "Publica"


def test_paths_named_like_hashes_statuses_and_separators_stay_with_their_commit(staged: Path) -> None:
    names = {
        FAKE: "x\n",
        "M": "x\n",
        "A": "x\n",
        "D": "x\n",
        "línea\nnueva": "x\n",
        "tab\tulador": "x\n",
        "sep\x1eara\x1fdor": "x\n",
        f"\x1e{FAKE}\x1f\x1f{FORGED_DATE}\x1f": "x\n",
        "-": "x\n",
    }
    commit = publish(staged, "Publica con nombres raros", names)
    log = catalogue_log(staged)
    entries = {change.commit: {path for path, _ in pairs} for change, pairs in log.entries()}
    expected = {f"{KEY}/{name}" for name in names} | {
        p.relative_to(staged).as_posix() for p in (staged / KEY).rglob("*") if p.is_file()
    }
    assert entries[commit] == expected
    assert not any(path.startswith(KEY) for c, paths in entries.items() if c != commit for path in paths)
    assert log.malformed == 0 and len(log.commits) == 2


def tokens(*values: str) -> str:
    return "".join(f"{v}\0" for v in values)


@pytest.mark.parametrize(
    "bad",
    [
        [FAKE[:39], "", FORGED_DATE, "hash too short", ""],
        [FAKE.upper(), "", FORGED_DATE, "hash in capitals", ""],
        ["e" * 40, "", "mañana", "not a date", ""],
        ["e" * 40, "", "2026-13-45T99:00:00+00:00", "not a real date", ""],
        ["e" * 40, "", "2026-03-01T00:00:00", "no offset", ""],
        ["e" * 40, "a" * 64, FORGED_DATE, "parents of another length", ""],
        ["e" * 40, "nope", FORGED_DATE, "parents not hex", "Nota: x"],
    ],
)
def test_a_malformed_record_is_counted_and_its_files_go_nowhere(bad: list[str]) -> None:
    """git's output as a token stream: a record whose header is not what git writes is left out
    whole, and the stream resumes at the next well-formed header."""
    newer, older = "1" * 40, "2" * 40
    text = (
        tokens(newer, older, "2026-05-01T00:00:00+00:00", "nuevo", "", "\nM", "datasets/p/d/a.csv")
        + tokens(*bad, "\nA", "datasets/p/d/forjado.csv", "M", f"datasets/p/d/{'3' * 40}")
        + tokens(older, "", "2026-01-01T00:00:00+00:00", "viejo", "Nota: x", "\nA", "datasets/p/d/a.csv")
    )
    for size in (len(text), 7):  # whole, and in pieces cut anywhere
        parser = _Parser("", Log(head=newer))
        for start in range(0, len(text), size):
            parser.feed(text[start : start + size])
        parser.flush()
        log = parser.finish()
        assert log.malformed == 1
        assert [(c.commit, c.date, [p for p, _ in pairs]) for c, pairs in log.entries()] == [
            (older, "2026-01-01T00:00:00+00:00", ["datasets/p/d/a.csv"]),
            (newer, "2026-05-01T00:00:00+00:00", ["datasets/p/d/a.csv"]),
        ]


def test_a_build_over_hostile_subjects_succeeds_with_the_real_dates(staged: Path, tmp_path: Path) -> None:
    raw = staged.parent / "mensaje"
    raw.write_bytes(b"Bytes \xff\xfe no UTF-8 \x1b[2J\x1e" + FAKE.encode() + b"\x1f\x1fma\xc3\xb1ana\x1fx")
    publish(staged, FORGED_SUBJECTS["record-separator-non-date"])
    git(staged, "commit", "-q", "--allow-empty", "-F", str(raw), date="2026-05-01T10:00:00-06:00")
    (staged / "parties/municipio-de-zapopan/party.yaml").write_text(
        (staged / "parties/municipio-de-zapopan/party.yaml").read_text(encoding="utf-8") + "acronym: ZAP\n",
        encoding="utf-8",
    )
    git(staged, "commit", "-qam", "Siglas\x1eotra", date="2026-05-02T10:00:00-06:00")
    result = build_site(staged, tmp_path / "site", "https://datos.example.mx/", TODAY)
    assert result.built, sorted({(p.code, p.path) for p in result.problems})
    assert not any("historial" in w for w in result.warnings)
    text = "\n".join(p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.html"))
    assert "\x1e" not in text and "\x1b" not in text and "\x1f" not in text
    assert plan_status(staged) == ("cumplido-con-retraso", dt.date(2026, 4, 15))


@pytest.mark.parametrize(
    "subject",
    [
        "Alta de GODE561231HDFRRN00",
        "Contacto: juan＠gmail.com",
        "Corrige ＧＯＤＥ５６１２３１ＨＤＦＲＲＮ００",
        "Escriba a juan&#64;correo.mx",
    ],
)
def test_a_subject_with_personal_data_is_not_shown(staged: Path, tmp_path: Path, subject: str) -> None:
    """No page shows a commit subject, and the API withholds one that holds personal data: no
    check screens them."""
    publish(staged, subject)
    result = build_site(staged, tmp_path / "site", "https://datos.example.mx/", TODAY)
    assert result.built, sorted({(p.code, p.path) for p in result.problems})
    page = (tmp_path / "site" / "datos" / PARTY / "casos-covid-estados" / "index.html").read_text(encoding="utf-8")
    assert "Se publicó el conjunto en el catálogo." in page  # the history tells what changed instead
    found = [
        p.relative_to(tmp_path / "site").as_posix()
        for p in (tmp_path / "site").rglob("*")
        if p.is_file() and subject.encode() in p.read_bytes()
    ]
    assert found == []


# --- caches -----------------------------------------------------------------------------------


def clone(repo: Path, target: Path) -> Path:
    subprocess.run(["git", "clone", "-q", str(repo), str(target)], check=True, capture_output=True)
    secret = target / ".cache" / "catalogo" / SECRET
    if secret.exists():
        secret.chmod(0o600)  # even with the mode a secret of ours would have
    return target


def codes(repo: Path) -> set[tuple[str, str]]:
    return {(p.code, p.path) for p in check_catalogue(load_catalogue(repo))}


def plant_empty_results(repo: Path) -> int:
    """What an attacker with the tool can do: every stored result replaced by "no problems", with
    a valid MAC under the secret of their own cache folder."""
    planted = 0
    for kind in ("data", "dataset"):
        for entry in (cache_dir(repo) / kind).rglob("*.json"):
            write_problems(repo, kind, entry.stem, [])
            assert read_problems(repo, kind, entry.stem) == []
            planted += 1
    return planted


CURP = ("curp-in-data", "datasets/ejemplo/conjunto/data/tabla.csv")


def test_a_committed_cache_is_refused_and_not_read_in_a_fresh_clone(repo_from, tmp_path: Path) -> None:
    repo = repo_from("invalid/personal-data")
    assert CURP in codes(repo)
    assert plant_empty_results(repo) >= 2
    assert CURP not in codes(repo)  # the attacker's own checkout is fooled...
    git(repo, "add", "-f", ".cache")
    git(repo, "commit", "-qm", "Caché")
    fresh = clone(repo, tmp_path / "clon")
    found = codes(fresh)
    assert CURP in found  # ...a fresh clone is not
    assert ("tracked-cache", ".cache") in found
    result = CliRunner().invoke(cli, ["--repo", str(fresh), "validate", "--format", "json"])
    assert result.exit_code == 1 and '"tracked-cache"' in result.output and '"curp-in-data"' in result.output


def test_a_committed_cache_is_refused_by_validate_changed_since(repo_from) -> None:
    repo = repo_from("valid/minimal")
    git(repo, "checkout", "-qb", "cambio")
    (repo / "sub" / ".cache").mkdir(parents=True)
    (repo / "sub" / ".cache" / "x.json").write_text("[]", encoding="utf-8")
    git(repo, "add", "-f", "sub/.cache")
    git(repo, "commit", "-qm", "Caché anidada")
    result = CliRunner().invoke(cli, ["--repo", str(repo), "validate", "--format", "json", "--changed-since", "main"])
    assert result.exit_code == 1 and '"sub/.cache"' in result.output


def test_a_committed_history_is_not_read_in_a_fresh_clone(staged: Path, tmp_path: Path) -> None:
    commit = publish(staged, "Publica")
    log = catalogue_log(staged)
    forged = {
        "format": "catalogo-git-log",
        "version": VERSION,
        "prefix": "",
        "head": log.head,
        "paths": log.paths,
        "malformed": 0,
        "commits": [
            [c.commit, "1999-01-02T00:00:00+00:00", "forjado", "", "", codes]
            for c, codes in zip(log.commits, log.changes, strict=True)
        ],
    }
    write_entry(staged, NAME, forged)  # valid under the attacker's secret
    assert History.from_log(catalogue_log(staged)).created(KEY).date.startswith("1999")
    git(staged, "add", "-f", ".cache")
    git(staged, "commit", "-qm", "Historia")
    fresh = clone(staged, tmp_path / "clon")
    assert_real_history(fresh, commit)
    result = build_site(fresh, tmp_path / "site", "https://datos.example.mx/", TODAY)
    assert not result.built and ("tracked-cache", ".cache") in {(p.code, p.path) for p in result.problems}


@pytest.mark.parametrize("tamper", ["unsigned", "other-secret", "old-format", "edited", "linked-secret"])
def test_an_untracked_cache_entry_that_does_not_verify_is_ignored(staged: Path, tmp_path: Path, tamper: str) -> None:
    """Held out: a cache folder that git does not track, but whose entries were not written by
    this folder's tool run (another secret, no MAC, edited after writing, a linked secret)."""
    commit = publish(staged, "Publica")
    catalogue_log(staged)
    path = log_path(staged)
    stored = path.read_bytes()
    forged = stored.replace(PUBLISHED.encode(), b"1999-01-02T00:00:00+00:00")
    if tamper == "unsigned":
        path.write_bytes(b"{" + forged[forged.index(b'",') + 2 :])
    elif tamper == "old-format":
        path.write_bytes(b'{"format":"catalogo-git-log","version":1' + forged[forged.index(b',"prefix"') :])
    elif tamper == "edited":
        path.write_bytes(forged)
    else:
        secret = cache_dir(staged) / SECRET
        secret.unlink()
        if tamper == "linked-secret":
            (tmp_path / "ajeno").write_bytes(b"k" * 32)
            (tmp_path / "ajeno").chmod(0o600)
            secret.symlink_to(tmp_path / "ajeno")
        write_entry(staged, NAME, {})  # a fresh secret (or the linked one) is made...
        path.write_bytes(forged)  # ...and the entry signed by the old one does not verify
    assert_real_history(staged, commit)
    assert not (cache_dir(staged) / SECRET).is_symlink()


def test_a_cache_reached_through_a_link_is_not_used(repo_from, tmp_path: Path) -> None:
    repo = repo_from("invalid/personal-data")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (repo / ".cache").symlink_to(elsewhere)
    assert CURP in codes(repo)
    assert list(elsewhere.iterdir()) == []


def test_the_secret_is_private_and_keys_include_the_entry_name(repo_from) -> None:
    repo = repo_from("valid/minimal")
    assert codes(repo) == set()
    secret = cache_dir(repo) / SECRET
    assert secret.stat().st_mode & 0o777 == 0o600
    entry = next((cache_dir(repo) / "dataset").rglob("*.json"))
    other = entry.parent / f"{key_of('otra')}.json"
    shutil.copyfile(entry, other)  # the same signed content under another key
    assert read_problems(repo, "dataset", other.stem) is None
    assert read_problems(repo, "dataset", entry.stem) is not None


# --- symbolic links -------------------------------------------------------------------------

SECRET_TEXT = "contenido-secreto-fuera-del-repositorio"
MINIMAL_FILES = {
    "party": f"parties/{PARTY}/party.yaml",
    "inventory": f"parties/{PARTY}/inventory.yaml",
    "plan": f"parties/{PARTY}/opening-plan.yaml",
    "datapackage": f"{KEY}/datapackage.yaml",
    "story": "best-practices/stories/mapa-covid.yaml",
    "tool": "best-practices/tools/frictionless-py.yaml",
    "data-file": f"{KEY}/data/casos.csv",
}


def link_outside(repo: Path, rel: str, tmp_path: Path) -> None:
    """Replace `rel` by a link to a copy of it outside the repository carrying a marker."""
    target = repo / rel
    outside = tmp_path / "fuera" / rel.replace("/", "_")
    outside.parent.mkdir(parents=True, exist_ok=True)
    if target.is_dir():
        shutil.copytree(target, outside)
        shutil.rmtree(target)
    else:
        text = target.read_text(encoding="utf-8")
        outside.write_text(
            text.replace("Secretaría de Salud", SECRET_TEXT, 1) if rel.endswith(".yaml") else text, encoding="utf-8"
        )
        target.unlink()
    target.symlink_to(outside)


@pytest.mark.parametrize("kind", MINIMAL_FILES)
def test_a_symlinked_record_or_data_file_is_refused(kind: str, tmp_path: Path) -> None:
    repo = copy_fixture("valid/minimal", tmp_path / "repo")
    rel = MINIMAL_FILES[kind]
    link_outside(repo, rel, tmp_path)
    catalogue = load_catalogue(repo)
    found = {(p.code, p.path) for p in check_catalogue(catalogue)}
    assert ("symlink-refused", rel) in found
    read = [d for d in catalogue.files._cache.values() if d[0] is not None]
    assert not any(SECRET_TEXT in repr(doc.data) for doc, _ in read)
    result = build_site(repo, tmp_path / "site", "https://datos.example.mx/", TODAY)
    assert not result.built
    assert not (tmp_path / "site").exists()


FOLDERS = {
    "dataset-data-folder": f"{KEY}/data",
    "dataset-folder": KEY,
    "party-folder": f"parties/{PARTY}",
    "datasets-party-folder": f"datasets/{PARTY}",
    "stories-folder": "best-practices/stories",
    "best-practices": "best-practices",
}


@pytest.mark.parametrize("kind", FOLDERS)
def test_a_symlinked_folder_is_refused_and_not_walked(kind: str, tmp_path: Path) -> None:
    repo = copy_fixture("valid/minimal", tmp_path / "repo")
    rel = FOLDERS[kind]
    link_outside(repo, rel, tmp_path)
    catalogue = load_catalogue(repo)
    assert ("symlink-refused", rel) in {(p.code, p.path) for p in check_catalogue(catalogue)}
    assert not any(path.startswith(rel + "/") for path in catalogue.files._cache)


def test_links_inside_the_repository_nested_and_hidden_ones_are_refused_too(tmp_path: Path) -> None:
    """Held out: a link that stays inside the dataset's folder, one in a nested folder, one in a
    party's subfolder, one among the guides of best-practices, and hidden ones everywhere."""
    repo = copy_fixture("valid/minimal", tmp_path / "repo")
    data = repo / KEY / "data"
    (data / "copia.csv").symlink_to("casos.csv")
    (data / "anidada").mkdir()
    (data / "anidada" / "otra.csv").symlink_to("../casos.csv")
    (repo / "parties" / PARTY / "extra").mkdir()
    (repo / "parties" / PARTY / "extra" / "nota.txt").symlink_to("/etc/hostname")
    (repo / "best-practices" / "guias").mkdir()
    (repo / "best-practices" / "guias" / "g.md").symlink_to("/etc/hostname")
    hidden = [
        f"parties/{PARTY}/.oculto",
        f"datasets/{PARTY}/.oculto",
        f"{KEY}/.oculto",
        "parties/.oculto",
        "best-practices/stories/.oculto.yaml",
        "best-practices/.oculto",
    ]
    for rel in hidden:
        (repo / rel).symlink_to("/etc")
    found = codes(repo)
    for rel in (
        f"{KEY}/data/copia.csv",
        f"{KEY}/data/anidada/otra.csv",
        f"parties/{PARTY}/extra/nota.txt",
        "best-practices/guias/g.md",
        *hidden,
    ):
        assert ("symlink-refused", rel) in found
    refused = [p.path for p in check_catalogue(load_catalogue(repo)) if p.code == "symlink-refused"]
    assert len(refused) == len(set(refused)) == 4 + len(hidden)  # each once


def test_a_link_put_in_place_after_the_walk_is_not_followed(tmp_path: Path) -> None:
    """The race: the walk saw a folder, a link replaced it before the record was read."""
    repo = copy_fixture("valid/minimal", tmp_path / "repo")
    catalogue = load_catalogue(repo)
    link_outside(repo, f"parties/{PARTY}", tmp_path)
    doc, problems = catalogue.files.read(f"parties/{PARTY}/party.yaml")
    assert doc is None and [(p.code, p.path) for p in problems] == [("symlink-refused", f"parties/{PARTY}/party.yaml")]
    fresh = Files(repo)
    link_outside(repo, MINIMAL_FILES["story"], tmp_path / "otra")
    assert [p.code for p in fresh.problems(MINIMAL_FILES["story"])] == ["symlink-refused"]
    assert os.path.islink(repo / MINIMAL_FILES["story"])


def test_a_path_that_is_not_utf8_round_trips_through_the_cache(staged: Path) -> None:
    """Held out: git gives paths as bytes; one that is not UTF-8 is kept, cached and read back."""
    name = os.fsdecode(b"data/\xff\xfe.csv")
    commit = publish(staged, "Publica", {name: "a\n1\n"})
    cold = catalogue_log(staged)
    repo = locate(staged)
    assert repo is not None and read_cached(staged, repo) is not None
    again = catalogue_log(staged)
    assert list(again.entries()) == list(cold.entries())
    assert f"{KEY}/{name}" in {p for c, pairs in again.entries() if c.commit == commit for p, _ in pairs}


def test_a_committed_link_as_cache_folder_is_refused_and_not_used(repo_from, tmp_path: Path) -> None:
    """Held out: `.cache` committed as a symbolic link to a folder the attacker prepared."""
    prepared = tmp_path / "preparada"
    prepared.mkdir()
    repo = repo_from("invalid/personal-data")
    (repo / ".cache").symlink_to(prepared)
    git(repo, "add", "-f", ".cache")
    git(repo, "commit", "-qm", "Enlace")
    fresh = clone(repo, tmp_path / "clon")
    found = codes(fresh)
    assert CURP in found and ("tracked-cache", ".cache") in found
    assert list(prepared.iterdir()) == []


def test_a_configured_cache_folder_that_git_tracks_is_not_used(
    repo_from, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Held out: CATALOGO_CACHE names a folder of the repository that holds committed entries."""
    repo = repo_from("invalid/personal-data")
    monkeypatch.setenv("CATALOGO_CACHE", str(repo / "resultados"))
    assert CURP in codes(repo)
    plant_empty_results(repo)
    git(repo, "add", "-f", "resultados")
    git(repo, "commit", "-qm", "Resultados")
    fresh = clone(repo, tmp_path / "clon")
    monkeypatch.setenv("CATALOGO_CACHE", str(fresh / "resultados"))
    (fresh / "resultados" / SECRET).chmod(0o600)
    assert CURP in codes(fresh)


def test_a_malformed_log_from_git_is_a_build_warning_not_a_traceback(
    staged: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should git ever print a record that is not well formed (here a git whose `log` writes a
    date that is not one), the build says so and leaves that record out, files and all."""
    import sys

    import git as gitpython

    publish(staged, "Publica")
    wrapper = tmp_path / "git"
    wrapper.write_text(
        f"#!{sys.executable}\nimport subprocess, sys\n"
        f"out = subprocess.run([{shutil.which('git')!r}, *sys.argv[1:]], stdout=subprocess.PIPE)\n"
        f"data = out.stdout.replace({PUBLISHED.encode()!r}, b'no-es-fecha') if sys.argv[1:2] == ['log'] else out.stdout\n"
        "sys.stdout.buffer.write(data)\nsys.exit(out.returncode)\n",
        encoding="utf-8",
    )
    wrapper.chmod(0o755)
    monkeypatch.setattr(gitpython.Git, "GIT_PYTHON_GIT_EXECUTABLE", str(wrapper))
    monkeypatch.setenv("CATALOGO_CACHE", str(tmp_path / "cache"))
    log = catalogue_log(staged)
    assert log.malformed == 1 and History.from_log(log).created(KEY) is None
    result = build_site(staged, tmp_path / "site", "https://datos.example.mx/", TODAY)
    assert result.built and any("historial" in w for w in result.warnings)
