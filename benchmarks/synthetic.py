"""Synthetic but realistic catalogue content: reporting parties spread over levels, states and
powers like the national census of sujetos obligados, datasets per party on a long tail, and
descriptors, Table Schemas and small CSVs of realistic sizes.

Everything is a pure function of a seed: the same arguments always give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

import yaml

from catalogo.core.vocab import slugify, vocabularies

# Share of each level in the census of 8,573 parties: most are municipal, then state, then federal.
LEVEL_SHARES = (("municipal", 0.52), ("estatal", 0.38), ("federal", 0.10))
POWER_SHARES = {
    "federal": (
        ("ejecutivo", 0.58),
        ("autonomo", 0.12),
        ("sindicato", 0.10),
        ("fideicomiso-fondo-publico", 0.09),
        ("partido-politico", 0.05),
        ("legislativo", 0.03),
        ("judicial", 0.03),
    ),
    "estatal": (
        ("ejecutivo", 0.55),
        ("autonomo", 0.12),
        ("partido-politico", 0.08),
        ("sindicato", 0.08),
        ("fideicomiso-fondo-publico", 0.08),
        ("judicial", 0.05),
        ("legislativo", 0.04),
    ),
    "municipal": (
        ("ejecutivo", 0.92),
        ("sindicato", 0.03),
        ("otro", 0.03),
        ("fideicomiso-fondo-publico", 0.02),
    ),
}
MUNICIPAL_BODIES = (
    "Ayuntamiento de {m}",
    "Sistema para el Desarrollo Integral de la Familia de {m}",
    "Organismo Operador de Agua Potable y Alcantarillado de {m}",
    "Instituto Municipal de las Mujeres de {m}",
    "Instituto Municipal de Planeación de {m}",
    "Instituto Municipal del Deporte de {m}",
)
NAMES = {
    "ejecutivo": (
        "Secretaría de {a}",
        "Coordinación General de {a}",
        "Instituto de {a}",
        "Comisión de {a}",
    ),
    "autonomo": (
        "Instituto de Transparencia y Acceso a la Información",
        "Comisión de Derechos Humanos",
        "Instituto Electoral",
        "Fiscalía General",
        "Universidad Autónoma",
    ),
    "sindicato": (
        "Sindicato de Trabajadores al Servicio de {a}",
        "Sindicato Único de Trabajadores de {a}",
    ),
    "fideicomiso-fondo-publico": ("Fideicomiso para {a}", "Fondo de Fomento para {a}"),
    "partido-politico": (
        "Partido Acción Ciudadana",
        "Partido del Trabajo Comunitario",
        "Movimiento Progresista",
        "Partido Verde Regional",
        "Alianza Democrática",
    ),
    "legislativo": ("Congreso", "Auditoría Superior"),
    "judicial": (
        "Tribunal Superior de Justicia",
        "Consejo de la Judicatura",
        "Tribunal de Justicia Administrativa",
    ),
    "otro": ("Patronato de {a}", "Comité de {a}"),
}
AREAS = (
    "Salud",
    "Educación",
    "Finanzas",
    "Obras Públicas",
    "Desarrollo Social",
    "Seguridad Pública",
    "Medio Ambiente",
    "Movilidad",
    "Turismo",
    "Desarrollo Económico",
    "Cultura",
    "Agricultura",
    "Protección Civil",
    "Vivienda",
    "Trabajo",
    "Energía",
    "Comunicaciones",
    "Bienestar",
)
TOPICS = (
    (
        "Presupuesto ejercido por capítulo de gasto",
        "finanzas-publicas",
        ("presupuesto", "gasto público"),
    ),
    (
        "Padrón de beneficiarios de programas sociales",
        "poblacion-sociedad",
        ("padrón", "programas sociales"),
    ),
    ("Incidencia delictiva por colonia", "justicia-seguridad", ("seguridad", "delitos")),
    ("Obra pública contratada", "gobierno", ("obra pública", "contratos")),
    ("Licencias de funcionamiento otorgadas", "economia", ("licencias", "comercio")),
    ("Consumo de agua potable por sector", "medio-ambiente", ("agua", "consumo")),
    ("Matrícula escolar por nivel educativo", "educacion", ("educación", "matrícula")),
    ("Atenciones médicas en unidades de salud", "salud", ("salud", "consultas")),
    ("Accidentes de tránsito", "transporte", ("tránsito", "accidentes")),
    ("Solicitudes de acceso a la información", "gobierno", ("transparencia", "solicitudes")),
    ("Recolección de residuos sólidos urbanos", "medio-ambiente", ("residuos", "limpia")),
    ("Nómina de servidores públicos por puesto", "finanzas-publicas", ("nómina", "remuneraciones")),
    ("Ingresos propios por concepto", "finanzas-publicas", ("ingresos", "recaudación")),
    ("Producción agrícola por cultivo", "agricultura", ("agricultura", "producción")),
    ("Consumo de energía eléctrica en edificios públicos", "energia", ("energía", "electricidad")),
    ("Visitantes a museos y zonas arqueológicas", "educacion", ("cultura", "turismo")),
    ("Proyectos de investigación financiados", "ciencia-tecnologia", ("ciencia", "investigación")),
    ("Trámites y servicios en línea", "gobierno", ("trámites", "gobierno digital")),
    (
        "Calidad del aire por estación de monitoreo",
        "medio-ambiente",
        ("calidad del aire", "contaminación"),
    ),
    ("Apoyos a productores del campo", "agricultura", ("apoyos", "campo")),
    ("Viviendas con servicios básicos", "regiones-ciudades", ("vivienda", "servicios")),
    ("Denuncias ciudadanas atendidas", "justicia-seguridad", ("denuncias", "atención ciudadana")),
    ("Cooperación internacional recibida", "internacional", ("cooperación", "internacional")),
    ("Rutas y unidades de transporte público", "transporte", ("transporte público", "movilidad")),
)
SENTENCES = (
    "Los registros provienen de los sistemas administrativos de la institución y se publican sin datos personales.",
    "Cada renglón corresponde a un registro del periodo indicado y las cifras son preliminares hasta el cierre del ejercicio.",
    "La información se actualiza conforme a la frecuencia declarada y las correcciones se documentan en el historial.",
    "Los montos están expresados en pesos corrientes, sin deflactar, e incluyen el impuesto al valor agregado cuando aplica.",
    "Las claves geográficas siguen el Marco Geoestadístico del INEGI para facilitar el cruce con otras fuentes.",
    "Se excluyen los registros cancelados y los que se encontraban en revisión al momento del corte.",
    "Para calcular tasas por habitante se recomienda usar las proyecciones de población vigentes.",
    "El diccionario de datos describe cada columna, su tipo y las restricciones que cumplen los valores.",
    "Las categorías se armonizaron con los catálogos vigentes de la Ley General de Contabilidad Gubernamental.",
    "Los datos de ejercicios anteriores pueden diferir de los publicados originalmente por ajustes posteriores.",
    "Las cifras se capturan en las unidades administrativas y se validan antes de su publicación.",
    "Cuando un campo no aplica se deja vacío; los ceros indican que no hubo registros en el periodo.",
)
CATEGORIES = (
    "Servicios personales",
    "Materiales y suministros",
    "Servicios generales",
    "Transferencias",
    "Bienes muebles",
    "Inversión pública",
    "Deuda pública",
    "Participaciones",
    "Otros",
)
FREQUENCIES = (
    ("anual", 0.35),
    ("trimestral", 0.2),
    ("mensual", 0.2),
    ("semestral", 0.08),
    ("irregular", 0.1),
    ("sin-actualizacion", 0.05),
    ("semanal", 0.02),
)
SERIES = ("institucional", "estrategico", "demanda", "prioritario")
LICENSES = (
    ("libre-uso-mx", "https://datos.gob.mx/libreusomx", "Términos de Libre Uso MX"),
    (
        "CC-BY-4.0",
        "https://creativecommons.org/licenses/by/4.0/",
        "Creative Commons Atribución 4.0 Internacional",
    ),
)


@dataclass
class PartySpec:
    id: str
    name: str
    level: str
    power: str
    state: str | None
    municipality: str | None


@dataclass
class DatasetSpec:
    party: str
    id: str
    seed: int
    topic: int
    year: int
    frequency: str
    rows: int  # rows of the final version of its table
    versions: list[int] = field(default_factory=list)  # rows of each committed version, first to last


def pick(rng: random.Random, shares) -> str:
    return rng.choices([k for k, _ in shares], weights=[w for _, w in shares])[0]


def make_parties(count: int, seed: int) -> list[PartySpec]:
    """`count` parties with unique ids; municipal bodies are spread over real INEGI municipalities."""
    rng = random.Random(f"parties-{seed}")
    vocab = vocabularies()
    municipalities = sorted(vocab.municipalities.items())
    rng.shuffle(municipalities)
    states = sorted(vocab.states.items())
    parties: list[PartySpec] = []
    used: set[str] = set()
    municipal_count = 0
    for _ in range(count):
        level = pick(rng, LEVEL_SHARES)
        power = pick(rng, POWER_SHARES[level])
        if level == "municipal":
            code, (state, town) = municipalities[municipal_count % len(municipalities)]
            body = 0 if municipal_count < len(municipalities) else rng.randrange(1, len(MUNICIPAL_BODIES))
            municipal_count += 1
            name = MUNICIPAL_BODIES[body].format(m=town) if power == "ejecutivo" else _name(rng, power, town)
            spec = PartySpec("", name, level, power, state, code)
        elif level == "estatal":
            state, state_name = rng.choice(states)
            of_state = state_name if state_name.startswith("Estado de") else f"Estado de {state_name}"
            spec = PartySpec("", f"{_name(rng, power, None)} del {of_state}", level, power, state, None)
        else:
            spec = PartySpec("", _name(rng, power, None), level, power, None, None)
        spec.id = _unique(slugify(spec.name, 70), used)
        parties.append(spec)
    return parties


def _name(rng: random.Random, power: str, town: str | None) -> str:
    name = rng.choice(NAMES[power]).format(a=rng.choice(AREAS))
    return f"{name} de {town}" if town else name


def _unique(base: str, used: set[str]) -> str:
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}-{n}"
    used.add(candidate)
    return candidate


def datasets_per_party(parties: list[PartySpec], total: int, seed: int) -> list[int]:
    """A Zipf-like long tail: a few parties publish hundreds of datasets, most publish a handful."""
    rng = random.Random(f"tail-{seed}")
    boost = {"federal": 0.25, "estatal": 0.6, "municipal": 1.0}
    order = sorted(range(len(parties)), key=lambda i: rng.random() * boost[parties[i].level])
    weights = [0.0] * len(parties)
    for rank, index in enumerate(order):
        weights[index] = 1.0 / (rank + 5) ** 1.0
    scale = total / sum(weights)
    counts = [int(w * scale) for w in weights]
    remainder = sorted(range(len(parties)), key=lambda i: (counts[i] - weights[i] * scale, i))
    for i in remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def make_datasets(parties: list[PartySpec], total: int, seed: int) -> list[DatasetSpec]:
    counts = datasets_per_party(parties, total, seed)
    rng = random.Random(f"datasets-{seed}")
    specs = []
    for party, count in zip(parties, counts, strict=True):
        used: set[str] = set()
        for _ in range(count):
            topic = rng.randrange(len(TOPICS))
            year = rng.randrange(2015, 2026)
            base = slugify(f"{TOPICS[topic][0]} {year}", 70)
            specs.append(
                DatasetSpec(
                    party.id,
                    _unique(base, used),
                    rng.getrandbits(48),
                    topic,
                    year,
                    pick(rng, FREQUENCIES),
                    rng.randrange(20, 201),
                )
            )
    return specs


def dump_yaml(data: dict) -> str:
    return yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=100)


def party_yaml(party: PartySpec) -> str:
    rng = random.Random(f"party-{party.id}")
    data: dict = {"id": party.id, "name": party.name, "level": party.level, "power": party.power}
    if party.state:
        data["state"] = party.state
    if party.municipality:
        data["municipality"] = party.municipality
    domain = party.id[:40].strip("-")
    data["website"] = f"https://{domain}.gob.mx"
    data["description"] = " ".join(rng.sample(SENTENCES, 2))
    data["liaison"] = {"name": "Unidad de Transparencia", "email": f"transparencia@{domain}.gob.mx"}
    data["maintainers"] = [f"{domain[:30].strip('-')}-datos"]
    return dump_yaml(data)


# --- Tables ----------------------------------------------------------------------------------

FIELD_KINDS = (
    "anio",
    "mes",
    "fecha",
    "entidad",
    "municipio",
    "categoria",
    "monto",
    "cantidad",
    "porcentaje",
    "sexo",
)


def table_fields(rng: random.Random) -> list[dict]:
    """3 to 10 columns: an identifier, then a random choice of realistic columns."""
    kinds = ["folio"] + sorted(rng.sample(FIELD_KINDS, rng.randrange(2, 10)), key=FIELD_KINDS.index)
    return [_field(kind) for kind in kinds]


def _field(kind: str) -> dict:
    spec = {
        "folio": (
            "Folio",
            "Identificador del registro.",
            "integer",
            {"required": True, "unique": True},
        ),
        "anio": ("Año", "Año del registro.", "integer", {"minimum": 2000, "maximum": 2030}),
        "mes": ("Mes", "Mes del registro (1 a 12).", "integer", {"minimum": 1, "maximum": 12}),
        "fecha": ("Fecha", "Fecha del registro.", "date", {}),
        "entidad": (
            "Entidad federativa",
            "Clave INEGI de la entidad.",
            "string",
            {"pattern": "[0-9]{2}"},
        ),
        "municipio": ("Municipio", "Nombre del municipio.", "string", {}),
        "categoria": (
            "Categoría",
            "Clasificación del registro.",
            "string",
            {"enum": list(CATEGORIES)},
        ),
        "monto": ("Monto", "Monto en pesos corrientes.", "number", {"minimum": 0}),
        "cantidad": ("Cantidad", "Número de casos o unidades.", "integer", {"minimum": 0}),
        "porcentaje": (
            "Porcentaje",
            "Porcentaje respecto del total.",
            "number",
            {"minimum": 0, "maximum": 100},
        ),
        "sexo": (
            "Sexo",
            "Sexo de la persona.",
            "string",
            {"enum": ["Hombre", "Mujer", "No especificado"]},
        ),
    }[kind]
    result = {"name": kind, "title": spec[0], "description": spec[1], "type": spec[2]}
    if spec[3]:
        result["constraints"] = spec[3]
    return result


def table_rows(fields: list[dict], count: int, rng: random.Random) -> list[list[str]]:
    vocab = vocabularies()
    states = sorted(vocab.states)
    towns = [name for _, name in sorted(vocab.municipalities.values())[:300]]
    start = dt.date(2015, 1, 1)
    values = {
        "anio": lambda: str(rng.randrange(2015, 2026)),
        "mes": lambda: str(rng.randrange(1, 13)),
        "fecha": lambda: (start + dt.timedelta(days=rng.randrange(4000))).isoformat(),
        "entidad": lambda: rng.choice(states),
        "municipio": lambda: rng.choice(towns),
        "categoria": lambda: rng.choice(CATEGORIES),
        "monto": lambda: f"{rng.uniform(100, 9_000_000):.2f}",
        "cantidad": lambda: str(int(rng.paretovariate(1.2) * 10)),
        "porcentaje": lambda: f"{rng.uniform(0, 100):.1f}",
        "sexo": lambda: rng.choice(("Hombre", "Mujer", "No especificado")),
    }
    first = rng.randrange(1, 50_000)
    return [[str(first + i)] + [values[f["name"]]() for f in fields[1:]] for i in range(count)]


def csv_text(fields: list[dict], rows: list[list[str]]) -> str:
    lines = [",".join(f["name"] for f in fields)]
    lines.extend(",".join(_cell(v) for v in row) for row in rows)
    return "\n".join(lines) + "\n"


def _cell(value: str) -> str:
    return f'"{value}"' if "," in value or '"' in value else value


# --- Descriptors -----------------------------------------------------------------------------


def dataset_content(spec: DatasetSpec, party: PartySpec) -> tuple[str, list[dict], list[list[str]]]:
    """The descriptor's YAML text, the table's fields and every row of its final version."""
    rng = random.Random(spec.seed)
    title, theme, keywords = TOPICS[spec.topic]
    fields = table_fields(rng)
    rows = table_rows(fields, spec.rows, rng)
    place = party.name.split(" de ", 1)[-1] if party.level != "federal" else "México"
    descriptor: dict = {
        "name": spec.id,
        "title": f"{title} {spec.year}, {place}",
        "description": _description(rng, title, party),
        "keywords": list(dict.fromkeys([*keywords, rng.choice(AREAS).lower(), place[:60]])),
        "theme": [theme],
        "frequency": spec.frequency,
        "series_type": rng.choice(SERIES),
        "gender_disaggregated": any(f["name"] == "sexo" for f in fields),
        "temporal": {
            "start": str(rng.randrange(2010, 2020)),
            "end": str(rng.randrange(2020, 2026)),
        },
        "spatial": _spatial(party),
        "contact": {
            "name": "Unidad de Transparencia",
            "email": f"datos@{party.id[:40].strip('-')}.gob.mx",
        },
        "licenses": [dict(zip(("name", "path", "title"), LICENSES[0 if rng.random() < 0.8 else 1], strict=True))],
        "resources": _resources(rng, spec, fields),
    }
    return dump_yaml(descriptor), fields, rows


def _description(rng: random.Random, title: str, party: PartySpec) -> str:
    intro = f"{title} que publica {party.name}."
    paragraphs = [intro + " " + " ".join(rng.sample(SENTENCES, rng.randrange(2, 5)))]
    if rng.random() < 0.5:
        paragraphs.append(" ".join(rng.sample(SENTENCES, rng.randrange(2, 6))))
    return "\n\n".join(paragraphs)


def _spatial(party: PartySpec) -> dict:
    if party.level == "municipal":
        return {
            "scope": "municipal",
            "states": [party.state],
            "municipalities": [party.municipality],
        }
    if party.level == "estatal":
        return {"scope": "estatal", "states": [party.state]}
    return {"scope": "nacional"}


def _resources(rng: random.Random, spec: DatasetSpec, fields: list[dict]) -> list[dict]:
    table = {
        "name": "datos",
        "title": "Tabla de datos",
        "path": "data/datos.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {"fields": fields, "primaryKey": ["folio"]},
    }
    resources = [table]
    if rng.random() < 0.3:
        resources.append(
            {
                "name": "documento-metodologico",
                "title": "Documento metodológico",
                "path": f"https://transparencia.example.gob.mx/{spec.party[:40]}/{spec.id}.pdf",
                "format": "pdf",
                "mediatype": "application/pdf",
            }
        )
    return resources
