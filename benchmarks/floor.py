#!/usr/bin/env python3
"""The floor: every dataset page rendered by a trivial Jinja2 template straight to disk.

    python benchmarks/floor.py REPO OUT

Reads each datapackage.yaml with libyaml, renders a minimal page (title, description, resources,
fields) in each of the site's two languages, as the build does, and writes it; nothing else (no validation, no git history, no search index, no exports).
No real build can be faster than this, so it is the yardstick for `catalogo build`'s render stage.
Prints JSON: pages, seconds, HTML bytes.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import jinja2
import yaml

LANGUAGES = ("", "en/")  # Spanish at the root, English under en/, as the site is laid out
TEMPLATE = """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ d.title }}</title></head>
<body><main>
<h1>{{ d.title }}</h1>
<p>{{ party }}</p>
<div>{{ d.description }}</div>
<h2>Recursos</h2>
<ul>{% for r in d.resources %}<li><a href="{{ r.path }}">{{ r.title or r.name }}</a> ({{ r.format }})</li>{% endfor %}</ul>
{% for r in d.resources if r.schema %}
<table><tr><th>Campo</th><th>Tipo</th><th>Descripción</th></tr>
{% for f in r.schema.fields %}<tr><td>{{ f.name }}</td><td>{{ f.type }}</td><td>{{ f.description }}</td></tr>{% endfor %}
</table>{% endfor %}
</main></body></html>
"""


def render_floor(repo: Path, out: Path) -> dict:
    template = jinja2.Environment(autoescape=True).from_string(TEMPLATE)
    started = time.monotonic()
    pages = size = 0
    for descriptor in sorted((repo / "datasets").glob("*/*/datapackage.yaml")):
        data = yaml.load(descriptor.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        party, dataset = descriptor.parent.parent.name, descriptor.parent.name
        for prefix in LANGUAGES:
            html = template.render(d=data, party=party, lang=prefix.strip("/") or "es")
            target = out / prefix / party / dataset / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")
            pages += 1
            size += len(html.encode())
    return {"pages": pages, "seconds": round(time.monotonic() - started, 2), "html_bytes": size}


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.split("\n\n")[1].strip(), file=sys.stderr)
        return 2
    print(json.dumps(render_floor(Path(argv[0]), Path(argv[1]))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
