"""Stage 4, render: The site's languages: user-interface strings from build/i18n/<lang>.yaml,
vocabulary labels, and how dates and sizes are written in each language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..core.vocab import vocabularies

LANGS = ("es", "en")  # Spanish first: the site's root is Spanish, English lives under /en/


class MissingText(KeyError):
    """A template asked for a user-interface string that the translations file lacks."""


class Texts(dict):
    """UI strings of one language; a missing key is an error, never a blank on the page."""

    def __missing__(self, key: str) -> Any:
        raise MissingText(f"build/i18n: missing text {key!r}")


@dataclass(frozen=True)
class Language:
    code: str
    t: Texts

    @property
    def prefix(self) -> str:
        """Path of this language's pages under the site root: '' for Spanish, 'en/' for English."""
        return "" if self.code == LANGS[0] else f"{self.code}/"

    @property
    def other(self) -> str:
        return LANGS[1] if self.code == LANGS[0] else LANGS[0]

    def label(self, vocabulary: str, key: str) -> str:
        return vocabularies().label(vocabulary, key, self.code) if key else ""

    def date(self, iso: str | None) -> str:
        """'2026-01-15' -> '15 de enero de 2026' / 'January 15, 2026'; partial dates stay as given."""
        if not iso or len(iso) < 10 or not iso[:4].isdigit():
            return iso or ""
        try:
            dt.date.fromisoformat(iso[:10])
        except ValueError:
            return iso
        year, month, day = iso[:4], int(iso[5:7]), int(iso[8:10])
        return self.t["date_format"] % {"day": day, "month": self.t["months"][month - 1], "year": year}

    def number(self, value: int) -> str:
        return f"{value:,}"  # Mexico and English both group thousands with commas

    def size(self, size: int | None) -> str:
        if size is None:
            return self.t["resource_unknown_size"]
        units = ["B", "KB", "MB", "GB", "TB"]
        amount, unit = float(size), 0
        while amount >= 1000 and unit < len(units) - 1:
            amount, unit = amount / 1000, unit + 1
        return f"{size} B" if unit == 0 else f"{amount:.1f} {units[unit]}"


def load_languages(build_dir: Path) -> dict[str, Language]:
    languages = {}
    for code in LANGS:
        path = Path(build_dir) / "i18n" / f"{code}.yaml"
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        languages[code] = Language(code, Texts(data))
    return languages
