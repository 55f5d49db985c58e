"""Stage 3, enrich (measurements): The quality criteria, one small function each: facts in, outcome out
(state, share, reason)."""

# MQA dimensions (data.europa.eu Metadata Quality Assessment, adapted) and the ten open-data
# characteristics of the LGTAIP, art. 3, fr. VI.

from __future__ import annotations

from collections.abc import Callable

from .quality_facts import MET, NOT_CHECKABLE, NOT_MET, Facts, Outcome, Reason, ResourceFacts, flag, reason, share

NAMES_SHOWN = 5  # columns named in a reason; the rest as "…"

# --- findability -------------------------------------------------------------------------------


def keywords(f: Facts) -> Outcome:
    return flag(
        bool(f.keywords),
        reason(f"{len(f.keywords)} palabras clave", f"{len(f.keywords)} keywords"),
        reason("sin palabras clave (keywords)", "no keywords"),
    )


def theme(f: Facts) -> Outcome:
    names = ", ".join(f.themes)
    return flag(
        bool(f.themes),
        reason(f"tema: {names}", f"theme: {names}"),
        reason("sin tema del vocabulario (theme)", "no theme from the vocabulary"),
    )


def spatial(f: Facts) -> Outcome:
    return flag(
        f.spatial,
        reason("declara cobertura geográfica", "declares spatial coverage"),
        reason("sin cobertura geográfica (spatial)", "no spatial coverage"),
    )


def temporal(f: Facts) -> Outcome:
    return flag(
        f.temporal,
        reason("declara cobertura temporal", "declares temporal coverage"),
        reason("sin cobertura temporal (temporal)", "no temporal coverage"),
    )


# --- accessibility -----------------------------------------------------------------------------


def download_url(f: Facts) -> Outcome:
    return share(f, lambda r: r.downloadable, reason("se pueden descargar", "can be downloaded"))


def availability(f: Facts) -> Outcome:
    return share(
        f,
        lambda r: r.available,
        reason("disponibles en la última revisión de enlaces", "available in the last link check"),
    )


# --- interoperability --------------------------------------------------------------------------


def format_(f: Facts) -> Outcome:
    return share(f, lambda r: r.format is not None, reason("formato del vocabulario", "format from the vocabulary"))


def media_type(f: Facts) -> Outcome:
    return share(f, lambda r: r.media_type is not None, reason("tipo de medio (mediatype)", "media type"))


def non_proprietary(f: Facts) -> Outcome:
    return share(f, lambda r: r.open, reason("formato no propietario", "non-proprietary format"))


def machine_readable(f: Facts) -> Outcome:
    return share(f, lambda r: r.machine, reason("legibles por máquina", "machine-readable"))


def table_schema(f: Facts) -> Outcome:
    tabular = f.only(lambda r: r.tabular)
    if not tabular.resources:
        return NOT_CHECKABLE, None, reason("no tiene recursos tabulares", "has no tabular resources")
    return share(
        tabular,
        lambda r: r.has_schema,
        reason("Table Schema en los recursos tabulares", "Table Schema on tabular resources"),
    )


# --- reusability -------------------------------------------------------------------------------


def license_(f: Facts) -> Outcome:
    return flag(
        f.license is not None,
        reason(f"licencia {f.license}", f"license {f.license}"),
        reason("sin licencia del vocabulario (licenses)", "no license from the vocabulary"),
    )


def contact_point(f: Facts) -> Outcome:
    return flag(
        f.contact,
        reason("punto de contacto con nombre y correo o teléfono", "contact point with name and e-mail or phone"),
        reason("sin punto de contacto completo (contact)", "no complete contact point"),
    )


def publisher(f: Facts) -> Outcome:
    return flag(
        f.publisher is not None,
        reason(f"publica {f.publisher}", f"published by {f.publisher}"),
        reason("el sujeto obligado no está registrado", "the party is not registered"),
    )


def field_descriptions(f: Facts) -> Outcome:
    """Policy action 2.2: the share of the columns declared in the tabular resources' Table Schema
    that have a description (resources without one are judged by table_schema)."""
    tabular = f.only(lambda r: r.tabular)
    if not tabular.resources:
        return NOT_CHECKABLE, None, reason("no tiene recursos tabulares", "has no tabular resources")
    total = sum(r.columns.fields for r in tabular.resources)
    if not total:
        return (
            NOT_MET,
            0.0,
            reason(
                "sin Table Schema: ninguna columna tiene descripción",
                "no Table Schema: no column has a description",
            ),
        )
    missing = [name for r in tabular.resources for name in r.columns.undescribed]
    return _count(
        total - len(missing),
        total,
        reason(f"de {total} columnas con descripción", f"of {total} columns have a description"),
        reason("sin descripción", "without a description"),
        missing,
    )


def field_units(f: Facts) -> Outcome:
    """Policy action 2.2: the share of numeric columns (number, integer) that measure or count
    something whose title or description names its unit (quality_facts.py `_UNIT`)."""
    tabular = f.only(lambda r: r.tabular)
    total = sum(r.columns.quantities for r in tabular.resources)
    if not total:
        return (
            NOT_CHECKABLE,
            None,
            reason(
                "sin columnas numéricas que midan o cuenten algo en su Table Schema",
                "no numeric columns that measure or count something in its Table Schema",
            ),
        )
    missing = [name for r in tabular.resources for name in r.columns.without_unit]
    return _count(
        total - len(missing),
        total,
        reason(f"de {total} columnas numéricas con unidad", f"of {total} numeric columns state their unit"),
        reason("sin unidad", "without a unit"),
        missing,
    )


def sex_disaggregated(f: Facts) -> Outcome:
    """Cross-cutting gender perspective: data about people disaggregated by sex, declared with
    `gender_disaggregated: true`. Not checkable (neutral) when no column holds people's sex and
    nothing is declared: the data may not be about people (a dam's level, a budget)."""
    if f.gender_disaggregated is True:
        return (
            MET,
            None,
            reason(
                "declara que los datos están desagregados por sexo",
                "declares that the data are disaggregated by sex",
            ),
        )
    columns = sorted({name for r in f.resources for name in r.columns.sex})
    if columns:
        names = ", ".join(columns)
        return (
            NOT_MET,
            None,
            reason(
                f"tiene columna de sexo ({names}) pero no declara gender_disaggregated: true",
                f"has a sex column ({names}) but does not declare gender_disaggregated: true",
            ),
        )
    return (
        NOT_CHECKABLE,
        None,
        reason(
            "sin columna de sexo en su Table Schema: no aplica", "no sex column in its Table Schema: not applicable"
        ),
    )


# --- contextuality -----------------------------------------------------------------------------


def byte_size(f: Facts) -> Outcome:
    return share(f, lambda r: r.size is not None, reason("tamaño en bytes conocido", "byte size known"))


def issued(f: Facts) -> Outcome:
    return flag(
        f.issued is not None,
        reason(f"publicado el {f.issued} (git)", f"issued on {f.issued} (git)"),
        reason("aún no está en el historial de git", "not in git history yet"),
    )


def modified(f: Facts) -> Outcome:
    return flag(
        f.modified is not None,
        reason(f"modificado el {f.modified} (git)", f"modified on {f.modified} (git)"),
        reason("aún no está en el historial de git", "not in git history yet"),
    )


# --- LGTAIP art. 3, fr. VI ---------------------------------------------------------------------


def accesibles(f: Facts) -> Outcome:
    """a) Available to the widest range of users, for any purpose: every resource available and
    at least one that can be downloaded."""
    if f.resources and not any(r.downloadable for r in f.resources):
        return NOT_MET, None, reason("ningún recurso se puede descargar", "no resource can be downloaded")
    state, _, why = share(f, lambda r: r.available, reason("disponibles", "available"))
    return _whole(state, why)


def integrales(f: Facts) -> Outcome:
    """b) Describe their subject in detail with the metadata needed."""
    missing = [
        name
        for name, ok in (
            ("description", f.description),
            ("keywords", bool(f.keywords)),
            ("theme", bool(f.themes)),
            ("temporal", f.temporal),
            ("spatial", f.spatial),
        )
        if not ok
    ]
    missing += [f"schema: {r.name}" for r in f.resources if r.tabular and not r.has_schema]
    return flag(
        not missing,
        reason("metadatos y Table Schema completos", "complete metadata and Table Schema"),
        reason("faltan: " + ", ".join(missing), "missing: " + ", ".join(missing)),
    )


def gratuitos(f: Facts) -> Outcome:
    """c) Obtained without giving anything in return: local files are served free by the site;
    a URL that answers 402 (payment required) is not free."""
    return _per_link(f, {402}, reason("se obtienen sin pago", "obtained without payment"))


def no_discriminatorios(f: Facts) -> Outcome:
    """d) Available to anyone without registration: a URL that answers 401, 403 or 407 asks for
    identification."""
    return _per_link(f, {401, 403, 407}, reason("sin registro ni identificación", "no registration or login"))


def oportunos(f: Facts) -> Outcome:
    """e) Updated periodically, as they are generated: timeliness from git."""
    t = f.timeliness
    if t.status == "al-dia":
        return MET, None, reason(f"al día: último cambio {t.last_change}", f"up to date: last change {t.last_change}")
    if t.status == "atrasado":
        return (
            NOT_MET,
            None,
            reason(
                f"atrasado: último cambio {t.last_change}, periodicidad {t.frequency}",
                f"overdue: last change {t.last_change}, frequency {t.frequency}",
            ),
        )
    if t.status == "historico":
        return MET, None, reason("histórico: ya no se generan datos nuevos", "historical: no new data is generated")
    return (
        NOT_CHECKABLE,
        None,
        reason("sin periodicidad o historial con qué medirlo", "no frequency or history to measure against"),
    )


def permanentes(f: Facts) -> Outcome:
    """f) Kept over time, historical versions available with identifiers: files kept in git are
    (every version has a commit); the catalogue cannot vouch for data kept elsewhere."""
    if f.resources and all(r.kind == "file" and r.exists for r in f.resources):
        return (
            MET,
            None,
            reason("cada versión se conserva en git con su commit", "every version is kept in git with its commit"),
        )
    if any(r.kind == "url" for r in f.resources):
        return (
            NOT_CHECKABLE,
            None,
            reason(
                "recursos fuera del repositorio: el catálogo no conserva sus versiones",
                "resources outside the repository: the catalogue does not keep their versions",
            ),
        )
    return NOT_MET, None, reason("faltan archivos de datos", "data files are missing")


def primarios(f: Facts) -> Outcome:
    """g) From the original source with the finest disaggregation: needs a person to judge."""
    return (
        NOT_CHECKABLE,
        None,
        reason(
            "requiere revisión humana de la fuente y la desagregación",
            "needs human review of the source and disaggregation",
        ),
    )


def legibles_por_maquina(f: Facts) -> Outcome:
    """h) Structured, totally or partially, to be processed by machines: at least one resource."""
    readable = [r.name for r in f.resources if r.machine]
    return flag(
        bool(readable),
        reason("legibles por máquina: " + ", ".join(readable), "machine-readable: " + ", ".join(readable)),
        reason("ningún recurso es legible por máquina", "no resource is machine-readable"),
    )


def formatos_abiertos(f: Facts) -> Outcome:
    """i) In open formats whose specifications are public: every resource."""
    state, _, why = share(f, lambda r: r.open, reason("formatos abiertos", "open formats"))
    return _whole(state, why)


def libre_uso(f: Facts) -> Outcome:
    """j) Free to use, citing the source as the only requirement: a license from the vocabulary
    (every one of them asks at most for attribution)."""
    return flag(
        f.license is not None,
        reason(f"licencia abierta {f.license}", f"open license {f.license}"),
        reason("sin licencia abierta del vocabulario", "no open license from the vocabulary"),
    )


def _count(met: int, total: int, what: Reason, failing: Reason, names: list[str]) -> Outcome:
    """A criterion about columns: met when every one passes, else points in proportion."""
    es, en = f"{met} {what['es']}", f"{met} {what['en']}"
    if names:
        shown = ", ".join(names[:NAMES_SHOWN]) + ("…" if len(names) > NAMES_SHOWN else "")
        es, en = f"{es}; {failing['es']}: {shown}", f"{en}; {failing['en']}: {shown}"
    return (MET if met == total else NOT_MET), met / total, reason(es, en)


def _whole(state: str, why: dict[str, str]) -> Outcome:
    """A characteristic of the whole dataset: no partial credit."""
    return state, None, why


def _per_link(f: Facts, refusing: set[int], what: dict[str, str]) -> Outcome:
    def test(r: ResourceFacts) -> bool | None:
        if r.kind == "file":
            return r.exists
        if r.kind == "url" and r.link is not None and r.link.status is not None:
            return r.link.status not in refusing
        return None if r.kind == "url" else False

    state, _, why = share(f, test, what)
    return _whole(state, why)


CRITERIA: dict[str, dict[str, Callable[[Facts], Outcome]]] = {
    "findability": {"keywords": keywords, "theme": theme, "spatial": spatial, "temporal": temporal},
    "accessibility": {"download_url": download_url, "availability": availability},
    "interoperability": {
        "format": format_,
        "media_type": media_type,
        "non_proprietary": non_proprietary,
        "machine_readable": machine_readable,
        "table_schema": table_schema,
    },
    "reusability": {
        "license": license_,
        "contact_point": contact_point,
        "publisher": publisher,
        "field_descriptions": field_descriptions,
        "field_units": field_units,
        "sex_disaggregated": sex_disaggregated,
    },
    "contextuality": {"byte_size": byte_size, "issued": issued, "modified": modified},
    "lgtaip": {
        "accesibles": accesibles,
        "integrales": integrales,
        "gratuitos": gratuitos,
        "no_discriminatorios": no_discriminatorios,
        "oportunos": oportunos,
        "permanentes": permanentes,
        "primarios": primarios,
        "legibles_por_maquina": legibles_por_maquina,
        "formatos_abiertos": formatos_abiertos,
        "libre_uso": libre_uso,
    },
}
