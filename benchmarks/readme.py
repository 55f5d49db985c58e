"""The results as Markdown: the machine, one column per catalogue size, and the targets.

benchmarks/README.md keeps its own prose; only the part between the markers is rewritten.
"""

from __future__ import annotations

import json
from pathlib import Path

BEGIN, END = "<!-- resultados:inicio -->", "<!-- resultados:fin -->"
MB = 1024 * 1024
PROJECTED = 100_000  # the scale the targets are set for


def load_results(folder: Path) -> dict[int, dict]:
    results = {}
    for path in sorted(folder.glob("[0-9]*.json")):
        results[int(path.stem)] = json.loads(path.read_text(encoding="utf-8"))
    return dict(sorted(results.items()))


def _get(data: dict, *keys: str):
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _secs(value) -> str:
    if value is None:
        return "—"
    return f"{value:.1f} s" if value < 120 else f"{value:.0f} s ({value / 60:.1f} min)"


def _count(value) -> str:
    return "—" if value is None else f"{value:,}"


def _mb(value) -> str:
    return "—" if value is None else f"{value:,.0f} MB"


def _bytes_mb(value) -> str:
    return _mb(None if value is None else value / MB)


def _kb(value) -> str:
    return "—" if value is None else f"{value / 1024:,.1f} KB"


def _run(data: dict, key: str) -> str:
    """wall (CPU) · peak memory of the process tree."""
    item = data.get(key)
    if not item:
        return "—"
    failed = "" if item.get("exit_code") in (0, 1) else f" **falló (código {item.get('exit_code')})**"
    return f"{_secs(item['wall_s'])} (CPU {_secs(item['cpu_s'])}) · {_mb(item['tree_rss_mb'])}{failed}"


ROWS = [
    (
        "Generación del catálogo (commits)",
        lambda d: f"{_secs(_get(d, 'generate', 'wall_s'))} ({_count(_get(d, 'generate', 'commits'))})",
    ),
    (
        "Tamaño del repositorio: archivos / .git",
        lambda d: f"{_bytes_mb(_get(d, 'generate', 'tree_bytes'))} / {_bytes_mb(_get(d, 'generate', 'git_bytes'))}",
    ),
    ("`validate` completo, caché de datos fría", lambda d: _run(d, "validate_cold")),
    ("`validate` completo, datos en caché", lambda d: _run(d, "validate_warm")),
    ("`validate --no-data` (metadatos y referencias)", lambda d: _run(d, "validate_metadata")),
    ("`validate --changed-since` (un conjunto cambiado)", lambda d: _run(d, "validate_changed")),
    ("`build` completo desde caché fría", lambda d: _run(d, "build_cold")),
    ("`build` tras cambiar un conjunto", lambda d: _run(d, "build_changed")),
    (
        "Piso: Jinja2 simple, mismas páginas de conjunto",
        lambda d: f"{_secs(_get(d, 'floor', 'seconds'))} ({_count(_get(d, 'floor', 'pages'))} páginas)",
    ),
    (
        "Salida: archivos / tamaño",
        lambda d: f"{_count(_get(d, 'site', 'files'))} / {_bytes_mb(_get(d, 'site', 'bytes'))}",
    ),
    (
        "Bytes del sitio por conjunto de datos",
        lambda d: _per_dataset(d),
    ),
    ("Primera publicación (SeaweedFS): objetos / MB subidos", lambda d: _published(d, "publish_first")),
    ("Publicación tras cambiar un conjunto: objetos / MB subidos", lambda d: _published(d, "publish_changed")),
    (
        "HTML de una página de conjunto: mediana / p95 / máx.",
        lambda d: " / ".join(_kb(_get(d, "site", k)) for k in ("page_median", "page_p95", "page_max")),
    ),
    (
        "Primera búsqueda: Pagefind (gzip) / página completa (gzip)",
        lambda d: _search(d, "first_search"),
    ),
    ("Búsqueda filtrada, además de la primera", lambda d: _search(d, "filtered_search")),
]


def _per_dataset(data: dict) -> str:
    size, count = _get(data, "site", "bytes"), _get(data, "datasets")
    return "—" if size is None or not count else f"{size / count / 1024:,.1f} KB"


def _published(data: dict, key: str) -> str:
    item = _get(data, key)
    if not item or "uploaded" not in item:
        return "—"
    text = f"{_count(item['uploaded'])} / {_bytes_mb(item['bytes_uploaded'])} ({_secs(item.get('seconds'))})"
    if item.get("deleted"):
        text += f", {_count(item['deleted'])} borrados"
    return text


def _search(data: dict, phase: str) -> str:
    item = _get(data, "search", phase)
    if not item or "bytes" not in item:
        return "—"
    return (
        f"{_kb(item['pagefind_bytes'])} ({_kb(item['pagefind_gzip_bytes'])}) / "
        f"{_kb(item['bytes'])} ({_kb(item['gzip_bytes'])})"
    )


def results_table(results: dict[int, dict]) -> list[str]:
    sizes = list(results)
    lines = [
        "| medida / measure | " + " | ".join(f"{s:,} conjuntos" for s in sizes) + " |",
        "|---|" + "---|" * len(sizes),
    ]
    for label, cell in ROWS:
        lines.append(f"| {label} | " + " | ".join(cell(results[s]) for s in sizes) + " |")
    stages = sorted(
        {k for s in sizes for k in (_get(results[s], "build_cold", "stages") or {})},
        key=lambda k: min(
            list(_get(results[s], "build_cold", "stages") or {}).index(k)
            for s in sizes
            if k in (_get(results[s], "build_cold", "stages") or {})
        ),
    )
    if stages:
        lines += [
            "",
            "Etapas del `build` completo (frío): tiempo de reloj · memoria pico del árbol de procesos / stages of the cold full build: wall time · peak memory of the process tree:",
            "",
            "| etapa / stage | " + " | ".join(f"{s:,}" for s in sizes) + " |",
            "|---|" + "---|" * len(sizes),
        ]
        for stage in stages:
            cells = []
            for s in sizes:
                seconds = _get(results[s], "build_cold", "stages", stage)
                peak = _get(results[s], "build_cold", "stage_memory_mb", stage)
                cells.append(_secs(seconds) + ("" if peak is None else f" · {_mb(peak)}"))
            lines.append(f"| {stage} | " + " | ".join(cells) + " |")
    return lines


def machine_lines(results: dict[int, dict]) -> list[str]:
    latest = max(results.values(), key=lambda r: r.get("finished", ""))
    m = latest.get("machine", {})
    loads = ", ".join(f"{s:,}: {r.get('load_average', '—')}" for s, r in results.items())
    return [
        f"Máquina / machine: {m.get('cpus')} CPU ({m.get('cpu')}), {m.get('memory')} de memoria, "
        f"{m.get('system')}, Python {m.get('python')}, git {m.get('git')}.",
        f"Carga media al empezar cada tamaño / load average when each size started: {loads}. "
        "La máquina es compartida: el tiempo de CPU es más estable que el de reloj / shared machine: "
        "CPU time is steadier than wall time.",
        "Código medido (commits de los pasos) / code measured (commits of the steps): "
        + "; ".join(f"{s:,}: {', '.join(_step_codes(r)) or '—'}" for s, r in results.items())
        + ".",
        "Fechas / dates: " + ", ".join(f"{s:,}: {r.get('finished', '—')}" for s, r in results.items()) + ".",
    ]


def _step_codes(result: dict) -> list[str]:
    """The commits the catalogue commands of one size ran from (generation and the floor do not
    run them)."""
    steps = [v for k, v in result.items() if isinstance(v, dict) and k not in ("generate", "floor", "machine")]
    return sorted({str(v["code"]) for v in steps if v.get("code")})


def update_readme(readme: Path, results: dict[int, dict], extra: list[str]) -> str:
    block = "\n".join([BEGIN, "", *machine_lines(results), "", *results_table(results), "", *extra, "", END])
    text = readme.read_text(encoding="utf-8") if readme.is_file() else f"# Benchmarks\n\n{BEGIN}\n{END}\n"
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + block + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    readme.write_text(text, encoding="utf-8")
    return block


def _verdict(value, limit) -> str:
    if value is None:
        return "sin medir / not measured"
    if value <= limit:
        return "cumple / met"
    return f"**no cumple: {value / limit:.1f}× el objetivo / missed: {value / limit:.1f}× the target**"


def _projection(values: dict[int, float]) -> float | None:
    """Straight line through the two largest sizes measured, read at 100,000 (None when 100,000
    was measured or nothing was). A lower bound where the cost grows faster than linearly."""
    sizes = sorted(values)
    if not sizes or sizes[-1] >= PROJECTED:
        return None
    if len(sizes) == 1:
        return values[sizes[0]] * PROJECTED / sizes[0]
    (a, va), (b, vb) = ((s, values[s]) for s in sizes[-2:])
    return max(vb, vb + (vb - va) * (PROJECTED - b) / (b - a))


def _bigcsv_row(bigcsv: dict) -> str:
    wall, cpu = _get(bigcsv, "catalogue", "seconds"), _get(bigcsv, "catalogue", "cpu_seconds")
    theirs = _get(bigcsv, "frictionless", "cpu_seconds")
    same = "iguales / equal" if _get(bigcsv, "planted", "equal") else "**distintos / different**"
    shown = (
        f"reloj {_secs(wall)}, CPU {_secs(cpu)} (frictionless: CPU {_secs(theirs)}); "
        f"problemas con errores sembrados {same}; revisión completa de datos (con datos personales): "
        f"CPU {_secs(_get(bigcsv, 'catalogue_data_check', 'cpu_seconds'))}"
    )
    rows = _count(bigcsv.get("rows"))
    return f"| CSV de {rows} renglones × 10 columnas contra su Table Schema | 4 s | {shown} | {_verdict(min(wall, cpu), 4)} |"


def targets_table(results: dict[int, dict], bigcsv: dict | None) -> list[str]:
    """Each target against the largest catalogue where it was measured."""

    def largest(*keys: str):
        for size in sorted(results, reverse=True):
            value = _get(results[size], *keys)
            if value is not None:
                return size, value
        return None, None

    rows = []

    def judged(size: int, keys: tuple[str, ...]) -> float | None:
        """The value a target is judged by: min(wall, CPU) for times, the value otherwise."""
        value = _get(results[size], *keys)
        if value is not None and keys[-1] == "wall_s":
            value = min(value, _get(results[size], *keys[:-1], "cpu_s"))
        return value

    def add(label: str, limit: float, unit: str, keys: tuple[str, ...], scale: float = 1.0) -> None:
        size, value = largest(*keys)
        shown = "—" if value is None else f"{value * scale:,.1f} {unit} ({size:,})"
        if value is not None and keys[-1] == "wall_s":
            cpu = _get(results[size], *keys[:-1], "cpu_s")
            shown = f"reloj {value:,.1f} s, CPU {cpu:,.1f} s ({size:,})"
        value = None if value is None else judged(size, keys) * scale
        projected = _projection({s: judged(s, keys) for s in results if _get(results[s], *keys) is not None})
        if projected is not None:
            projected *= scale
            shown += f"; proyección lineal a 100,000: {projected:,.0f} {unit}"
            value = projected
        rows.append(f"| {label} | {limit:,} {unit} | {shown} | {_verdict(value, limit)} |")

    add("`validate --changed-since`, un conjunto", 5, "s", ("validate_changed", "wall_s"))
    add("`validate` completo (datos en caché)", 60, "s", ("validate_warm", "wall_s"))
    add("`build` completo, caché fría", 600, "s", ("build_cold", "wall_s"))
    add("`build` completo, memoria pico", 4096, "MB", ("build_cold", "tree_rss_mb"))
    add("`build` tras cambiar un conjunto", 60, "s", ("build_changed", "wall_s"))
    add("HTML de una página de conjunto (máx.)", 50, "KB", ("site", "page_max"), 1 / 1024)
    add("Publicación tras cambiar un conjunto: objetos", 200, "objetos", ("publish_changed", "uploaded"))
    add("Publicación tras cambiar un conjunto: bytes", 50, "MB", ("publish_changed", "bytes_uploaded"), 1 / 2**20)
    for label, key in (("Pagefind", "pagefind_"), ("página completa / whole page", "")):
        size, value = largest("search", "first_search", f"{key}gzip_bytes")
        raw = None if size is None else _get(results[size], "search", "first_search", f"{key}bytes")
        shown = "—" if value is None else f"{_kb(value)} con gzip, {_kb(raw)} sin comprimir ({size:,})"
        verdict = _verdict(None if value is None else value / 1024, 300)
        rows.append(f"| Primera búsqueda, bytes transferidos: {label} | 300 KB | {shown} | {verdict} |")
    if 10_000 in results:
        value = _get(results[10_000], "build_cold", "wall_s")
        value = value if value is None else min(value, _get(results[10_000], "build_cold", "cpu_s"))
        rows.append(
            f"| `build` completo de 10,000 conjuntos (issue 3) | 120 s | {_secs(value)} | {_verdict(value, 120)} |"
        )
    if bigcsv:
        rows.append(_bigcsv_row(bigcsv))
    size, joins = largest("joins", "seconds")
    if joins is not None:
        graph = results[size]["joins"]
        shown = (
            f"reloj {_secs(graph['seconds'])}, CPU {_secs(graph['cpu_seconds'])} ({size:,}; "
            f"{_count(graph['keyed'])} con claves en {_count(graph['groups'])} grupos; construirlo "
            f"{_secs(graph['build_seconds'])}, listas, totales y huellas {_secs(graph['lists_counts_and_digests_seconds'])})"
        )
        rows.append(
            f"| Grafo de cruces (join graph) | 30 s | {shown} | {_verdict(min(joins, graph['cpu_seconds']), 30)} |"
        )
    return [
        "Los tiempos se juzgan por mín(reloj, CPU): en esta máquina compartida el reloj incluye la espera"
        " por otros procesos, y el tiempo de CPU es una cota superior del tiempo de reloj sin carga de un"
        " comando de un solo proceso. / Times are judged by min(wall, CPU): on this shared machine wall"
        " time includes waiting for other processes; CPU time bounds the idle wall time of a"
        " single-process command from above.",
        "",
        "| objetivo / target | límite / limit | medido (tamaño) / measured (size) | resultado / result |",
        "|---|---|---|---|",
        *rows,
    ]
