"""Importers (`catalogo import`): move an existing catalogue in without retyping anything."""

# `import_ckan` reads a CKAN `package_search`/`package_show` response, `import_datajson` a DCAT-US
# `data.json`; both write `parties/<id>/party.yaml` and `datasets/<party>/<id>/datapackage.yaml`
# (resources stay as URLs) and return an `ImportSummary`.

from .ckan import import_ckan
from .common import Fetcher, ImportSourceError, ImportSummary
from .datajson import import_datajson
from .partymap import PartyMap, load_party_map
from .run import ImportOptions

__all__ = [
    "Fetcher",
    "ImportOptions",
    "ImportSourceError",
    "ImportSummary",
    "PartyMap",
    "import_ckan",
    "import_datajson",
    "load_party_map",
]
