"""The screenshots of the institutions' guide: which part of which page of the site each one shows.
tests/test_site_browser.py takes them (UPDATE_SCREENSHOTS=1 writes them into the guides' image
folders); tests/test_guide.py fails when the guide shows one that is missing or not listed here."""

from __future__ import annotations

from .conftest import ROOT

PARTY = "instituciones/secretaria-de-salud/"
# file name: (page of the fixture site, the part of it shown); the English guide shows en/<page>
SCREENSHOTS = {
    "institucion-editar.png": (PARTY, 'section[aria-labelledby="editar"]'),
    "institucion-inventario.png": (PARTY, 'section[aria-labelledby="inventario"]'),
    "institucion-plan.png": (PARTY, 'section[aria-labelledby="plan"]'),
    "institucion-calidad.png": (PARTY, 'section[aria-labelledby="calidad"]'),
    "institucion-solicitudes.png": (PARTY, 'section[aria-labelledby="solicitudes"]'),
    "institucion-tarjeta.png": (PARTY, 'section[aria-labelledby="tarjeta"]'),
}
IMAGES = {"es": ROOT / "build/docs/guias/img", "en": ROOT / "build/docs/en/guias/img"}
WIDTH = 360  # a phone
MAX_HEIGHT = 560  # a long part is cut: the picture shows where to look, the site shows the rest
MAX_BYTES = 60_000
