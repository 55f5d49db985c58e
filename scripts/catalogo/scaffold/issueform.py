"""Scaffolds (`catalogo form`): The publishing issue forms of .github/ISSUE_TEMPLATE: their fields, read
from an `issues` event's Markdown body and checked. Issue text is hostile input: every value is
checked against a pattern, a vocabulary or the catalogue before anything uses it."""

# GitHub writes a submitted form as "### <label>\n\n<value>" per field, in the form's order, and
# "_No response_" for an empty one. Sections are found in that order, each heading after the
# previous one, so text that imitates a heading inside a value can only shadow a later field of the
# same person's own form. Which form an issue comes from is told by its label (the form sets it).

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ..checks.reviewers import reviews_party
from ..core import net
from ..core.model import Catalogue
from ..core.problems import Problem, localized, problem
from .dataset import SLUG
from .planning import term_key

NO_RESPONSE = "_No response_"
MAX_FILE_BYTES = 25 * 1024 * 1024  # GitHub's limit for a file attached to an issue
MAX_URL = 2000
ATTACHMENT = re.compile(r"https://github\.com/user-attachments/files/\d+/[^\s/?#]+")
_LINK = re.compile(r"[a-z][a-z0-9+.-]*://[^\s()<>\[\]\"'`]+", re.I)
_EMAIL = re.compile(r"^[^@\s<>\"'`]+@[a-z0-9-]+(\.[a-z0-9-]+)+$", re.I)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_DATASET_PAGE = re.compile(r"(?:https://[a-z0-9.-]+)?/?(?:en/)?datos/[a-z0-9-]+/([a-z0-9-]+)/?")
_CHECKED = re.compile(r"^\s*[-*] \[[xX]\] ", re.M)
_UNCHECKED = re.compile(r"^\s*[-*] \[ \] ", re.M)


@dataclass(frozen=True)
class Field:
    id: str  # the field's id in the form's YAML (also its query parameter in a pre-filled link)
    label: str  # the heading GitHub writes for it


@dataclass(frozen=True)
class Form:
    kind: str  # dataset, inventory or plan
    label: str  # the issue label the form applies
    template: str  # its file in .github/ISSUE_TEMPLATE
    fields: tuple[Field, ...]

    def label_of(self, field_id: str) -> str:
        return next((f.label for f in self.fields if f.id == field_id), field_id)


PARTY = Field("sujeto", "Sujeto obligado (identificador)")
URL = Field("url", "Dirección del archivo (URL)")
ATTACHED = Field("archivo", "Archivo adjunto")
SHEET = Field("hoja", "Hoja del libro de Excel")
CONFIRMATION = Field("confirmacion", "Confirmación")
DATASET_FIELDS = (
    Field("conjunto", "Identificador del conjunto"),
    Field("titulo", "Título del conjunto"),
    Field("descripcion", "Descripción"),
    Field("palabras-clave", "Palabras clave"),
    Field("temas", "Temas"),
    Field("frecuencia", "Frecuencia de actualización"),
    Field("licencia", "Licencia"),
    Field("contacto", "Área responsable de los datos"),
    Field("correo", "Correo institucional del área"),
)
PLAN_PERIOD = (Field("inicio", "Inicio del periodo del plan"), Field("fin", "Fin del periodo del plan"))
FORMS = {
    form.label: form
    for form in (
        Form(
            "dataset",
            "publicar-conjunto",
            "publicar-conjunto.yml",
            (PARTY, DATASET_FIELDS[0], URL, ATTACHED, SHEET, *DATASET_FIELDS[1:], CONFIRMATION),
        ),
        Form(
            "inventory",
            "actualizar-inventario",
            "actualizar-inventario.yml",
            (PARTY, URL, ATTACHED, SHEET, CONFIRMATION),
        ),
        Form(
            "plan", "actualizar-plan", "actualizar-plan.yml", (PARTY, URL, ATTACHED, SHEET, *PLAN_PERIOD, CONFIRMATION)
        ),
    )
}
FORM_OF_KIND = {form.kind: form for form in FORMS.values()}
# dataset metadata: form field -> (DatasetAnswers attribute, vocabulary or None)
METADATA = {
    "titulo": ("title", None),
    "descripcion": ("description", None),
    "palabras-clave": ("keywords", None),
    "temas": ("theme", "themes"),
    "frecuencia": ("frequency", "frequencies"),
    "licencia": ("license", "licenses"),
    "contacto": ("contact_name", None),
    "correo": ("contact_email", None),
}
LIMITS = {"titulo": 200, "descripcion": 10_000, "palabras-clave": 1_000, "contacto": 200, "correo": 200, "hoja": 100}


@dataclass(frozen=True)
class Sources:
    """Where a form's file may come from and how it is fetched: https only and public addresses
    (the one HTTP client checks every hop); tests widen it to a server on 127.0.0.1."""

    schemes: tuple[str, ...] = ("https",)
    allow: Callable[[str], bool] = net.is_public
    resolver: net.Resolver = net.system_resolver
    max_bytes: int = MAX_FILE_BYTES
    timeout: float = 120.0


PUBLIC_HTTPS = Sources()


@dataclass(frozen=True)
class IssueEvent:
    number: int
    action: str
    author: str  # the sender: who opened the issue or last edited it
    labels: tuple[str, ...]
    body: str


class NotAnIssueEvent(Exception):
    """The payload is not a GitHub `issues` event."""


@dataclass
class FormRequest:
    """A form's values, each checked; `metadata` holds only the dataset fields that were filled in."""

    form: Form
    number: int
    party: str
    url: str
    url_field: str = ATTACHED.id  # the field the file came from
    sheet: str | None = None
    dataset_id: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    start: str = ""
    end: str = ""


def issue_event(payload: Any) -> IssueEvent:
    issue = payload.get("issue") if isinstance(payload, dict) else None
    sender = payload.get("sender") if isinstance(payload, dict) else None
    if not isinstance(issue, dict) or not isinstance(issue.get("number"), int):
        raise NotAnIssueEvent("el evento no es de un issue / the event is not an issue event")
    labels = tuple(str(label.get("name")) for label in issue.get("labels") or [] if isinstance(label, dict))
    login = sender.get("login") if isinstance(sender, dict) else None
    if not isinstance(login, str):
        user = issue.get("user")
        login = user.get("login") if isinstance(user, dict) else ""
    return IssueEvent(
        issue["number"], str(payload.get("action") or ""), str(login or ""), labels, str(issue.get("body") or "")
    )


def form_of(event: IssueEvent) -> Form | None:
    found = [FORMS[label] for label in event.labels if label in FORMS]
    return found[0] if len(found) == 1 else None


def sections(body: str, form: Form) -> tuple[dict[str, str], list[Field]]:
    """Each field's value (empty for "_No response_") and the fields whose heading is missing."""
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    found: list[tuple[Field, int, int]] = []
    missing = []
    position = 0
    for spec in form.fields:
        match = re.compile(rf"^###[ \t]+{re.escape(spec.label)}[ \t]*$", re.M).search(text, position)
        if match is None:
            missing.append(spec)
            continue
        found.append((spec, match.start(), match.end()))
        position = match.end()
    values = {}
    for index, (spec, _, end) in enumerate(found):
        stop = found[index + 1][1] if index + 1 < len(found) else len(text)
        value = text[end:stop].strip()
        values[spec.id] = "" if value == NO_RESPONSE else value
    return values, missing


class _Reader:
    """Checks one form's values, collecting every problem (nothing stops at the first)."""

    def __init__(self, event: IssueEvent, form: Form, values: dict[str, str]) -> None:
        self.event, self.form, self.values = event, form, values
        self.problems: list[Problem] = []

    def report(self, code: str, field_id: str | None, **args: Any) -> None:
        if field_id is not None:
            args.setdefault("field", self.form.label_of(field_id))
        self.problems.append(problem(code, f"#{self.event.number}", None, None, field_id, **args))

    def text(self, field_id: str, multiline: bool = False) -> str:
        value = self.values.get(field_id, "")
        if not multiline:
            value = " ".join(value.split())
        if len(value) > LIMITS.get(field_id, 300) or _CONTROL.search(value):
            self.invalid(
                field_id,
                value,
                localized("texto sin caracteres de control, más corto", "shorter text without control characters"),
            )
            return ""
        return value

    def invalid(self, field_id: str, value: str, expected: Any) -> None:
        self.report("form-invalid-value", field_id, value=value, expected=expected)

    def missing(self, field_id: str, es: str, en: str) -> None:
        self.report("form-missing-field", field_id, why=localized(es, en))

    def terms(self, field_id: str, vocabulary: str, multiple: bool) -> Any:
        raw = self.text(field_id)
        chosen = [p.strip() for p in raw.split(",")] if multiple else [raw]
        keys = []
        for value in (c for c in chosen if c):
            key = term_key(value, vocabulary)
            if key is None:
                self.invalid(
                    field_id, value, localized("una opción de la lista del formulario", "an option of the form's list")
                )
            else:
                keys.append(key)
        keys = list(dict.fromkeys(keys))
        return keys if multiple else (keys[0] if keys else "")


def read_form(
    event: IssueEvent, catalogue: Catalogue, reviewers: Iterable[Any], sources: Sources = PUBLIC_HTTPS
) -> tuple[FormRequest | None, list[Problem]]:
    """The checked request, or None with the problems that prevent it (also reported: problems of
    fields that do not prevent it, so that one edit can fix them all)."""
    form = form_of(event)
    if form is None:
        where = f"#{event.number}"
        labels = ", ".join(event.labels) or "—"
        return None, [problem("form-not-from-a-form", where, labels=labels)]
    values, missing = sections(event.body, form)
    reader = _Reader(event, form, values)
    for spec in missing:
        reader.report("form-malformed", spec.id)
    party = _party(reader, catalogue, reviewers)
    url, url_field = _source_url(reader, sources)
    request = FormRequest(form, event.number, party, url, url_field)
    request.sheet = reader.text(SHEET.id) or None
    unchecked = _UNCHECKED.findall(values.get(CONFIRMATION.id, ""))
    if CONFIRMATION.id in values and (unchecked or not _CHECKED.search(values[CONFIRMATION.id])):
        reader.missing(CONFIRMATION.id, "marque cada confirmación", "tick every confirmation")
    if form.kind == "dataset":
        _dataset_fields(reader, request)
    if form.kind == "plan":
        for spec, attribute in zip(PLAN_PERIOD, ("start", "end"), strict=True):
            value = reader.text(spec.id)
            if value and not _DATE.match(value):
                reader.invalid(spec.id, value, localized("una fecha AAAA-MM-DD", "a date YYYY-MM-DD"))
            elif value:
                setattr(request, attribute, value)
    blocked = any(p.severity == "error" for p in reader.problems)
    return (None if blocked else request), reader.problems


def _party(reader: _Reader, catalogue: Catalogue, reviewers: Iterable[Any]) -> str:
    party = reader.text(PARTY.id).strip("`").removeprefix("@")
    if not party:
        if PARTY.id in reader.values:
            reader.missing(PARTY.id, "el identificador de su institución", "your institution's id")
        return ""
    if not SLUG.match(party) or party not in catalogue.parties:
        reader.report("form-unknown-party", PARTY.id, party=party)
        return ""
    author, record = reader.event.author, catalogue.parties[party]
    maintainers = {m.strip().removeprefix("@").lower() for m in record.maintainers}
    if not (
        author
        and (author.lower() in maintainers or reviews_party(author, reviewers, record.text("state"), record.level))
    ):
        reader.report("form-not-a-maintainer", PARTY.id, author=author or "—", party=party)
        return ""
    return party


def _source_url(reader: _Reader, sources: Sources) -> tuple[str, str]:
    """The one file the form names, an address in the URL field or an attachment, and its field."""
    given = reader.values.get(URL.id, "").strip().strip("<>")
    urls: list[tuple[str, str]] = []
    if given:
        reason = url_refusal(given, sources)
        if reason:
            reader.report("form-url-not-allowed", URL.id, url=given, reason=reason)
        else:
            urls.append((given, URL.id))
    for link in dict.fromkeys(_LINK.findall(reader.values.get(ATTACHED.id, ""))):
        if ATTACHMENT.fullmatch(link):
            urls.append((link, ATTACHED.id))
        else:
            reason = localized("aquí solo se aceptan archivos adjuntos a GitHub", "only files attached to GitHub here")
            reader.report("form-url-not-allowed", ATTACHED.id, url=link, reason=reason)
    urls = list(dict(urls).items())
    if len(urls) > 1:
        reader.report("form-several-files", ATTACHED.id, count=len(urls))
    elif not urls and not any(p.code == "form-url-not-allowed" for p in reader.problems):
        reader.report("form-no-file", ATTACHED.id)
    return urls[0] if len(urls) == 1 else ("", ATTACHED.id)


def url_refusal(url: str, sources: Sources = PUBLIC_HTTPS) -> Any:
    """Why an address given in the form cannot be used (localized), or None. Its host's addresses
    are checked when it is fetched (public ones only, on every redirect)."""
    if len(url) > MAX_URL or _CONTROL.search(url) or any(ch.isspace() for ch in url):
        return localized("dirección demasiado larga o con espacios", "address too long or with spaces")
    parts = urlsplit(url)
    if parts.scheme.lower() not in sources.schemes:
        return localized("solo se aceptan direcciones https://", "only https:// addresses are accepted")
    try:
        host, _ = parts.hostname, parts.port
    except ValueError:
        host = None
    if not host:
        return localized("falta el servidor", "the host is missing")
    if parts.username or parts.password:
        return localized("lleva usuario o contraseña", "it carries a user or password")
    return None


def _dataset_fields(reader: _Reader, request: FormRequest) -> None:
    dataset_id = reader.text("conjunto").strip("`")
    page = _DATASET_PAGE.fullmatch(dataset_id)  # the dataset's page address, pasted from the site
    dataset_id = page[1] if page else dataset_id
    if dataset_id and not SLUG.match(dataset_id):
        reader.invalid(
            "conjunto",
            dataset_id,
            localized("minúsculas sin acentos, números y guiones", "lowercase letters, digits and hyphens"),
        )
    else:
        request.dataset_id = dataset_id
    for field_id, (attribute, vocabulary) in METADATA.items():
        if vocabulary:
            value: Any = reader.terms(field_id, vocabulary, multiple=field_id == "temas")
        elif field_id == "palabras-clave":
            value = list(dict.fromkeys(k.strip() for k in reader.text(field_id).split(",") if k.strip()))
        else:
            value = reader.text(field_id, multiline=field_id == "descripcion")
        if field_id == "correo" and value and not _EMAIL.match(value):
            reader.invalid(field_id, value, localized("un correo como area@institucion.gob.mx", "an e-mail address"))
            continue
        if field_id == "temas" and len(value) > 5:
            reader.invalid(field_id, ", ".join(value), localized("de 1 a 5 temas", "1 to 5 themes"))
            continue
        if value:
            request.metadata[attribute] = value
