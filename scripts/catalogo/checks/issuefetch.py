"""Stage 2, check: Policy action 4.2: every data request (an issue with the request form's label) read
from the GitHub REST API, page by page, through the one HTTP client, for the requests file."""

# Calls: the newest issue or pull request (its number bounds which numbers existed), the labelled
# issues with `state=all` following the `Link: rel="next"` header (pull requests carrying the
# label are left out), and the comments of each rejected issue (its reason). The token goes only
# to the API's own origin: a `next` link elsewhere and any redirect are refused. The API address
# is the operator's (default api.github.com, public addresses only; an explicit one, e.g. GitHub
# Enterprise or a test server, may be any address).

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from ..core import net
from ..core.model import Party
from .datarequests import REJECTED_LABEL, DataRequest, PartyIndex, RequestsFile, day_of

API = "https://api.github.com"
INSTITUTION_FIELD = "¿Qué institución los tiene?"  # .github/ISSUE_TEMPLATE/solicitar-datos.yml
PAGE_SIZE = 100
MAX_PAGES = 5_000  # 500,000 issues: far beyond any repository, but a bound on a misbehaving server
MAX_BYTES = 64 * 1024 * 1024  # a page of 100 issues with long bodies
TRIAGERS = frozenset({"OWNER", "MEMBER", "COLLABORATOR"})  # who may write a rejection's reason
CLOSING_GRACE = dt.timedelta(minutes=2)  # "close with comment" posts the comment just before closing
REASON_LENGTH = 500
_LINK = re.compile(r'<([^>]+)>\s*;\s*rel="([^"]+)"')
_REPOSITORY = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


class FetchError(Exception):
    """The requests could not be read: `reason` is a stable kebab-case word."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class GitHub:
    """The REST API of one repository."""

    repository: str  # owner/name
    api: str = API
    token: str | None = None
    allow: Callable[[str], bool] = net.is_public
    resolver: net.Resolver = net.system_resolver
    timeout: float = 60.0

    def get(self, url: str) -> tuple[Any, str | None]:
        """The JSON of one page and the URL of the next one (None on the last)."""
        if not _same_origin(url, self.api):
            raise FetchError("foreign-link", url)
        headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
        if self.token and _private_channel(url):
            headers["Authorization"] = f"Bearer {self.token}"
        try:
            answer = net.fetch(
                url,
                timeout=self.timeout,
                max_bytes=MAX_BYTES,
                max_redirects=0,
                headers=headers,
                resolver=self.resolver,
                allow=self.allow,
            )
        except net.Refused as refused:
            raise FetchError(refused.reason, refused.detail) from None
        if answer.status != 200:
            raise FetchError(_http_reason(answer), url)
        if answer.truncated:
            raise FetchError("too-large", url)
        try:
            data = json.loads(answer.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise FetchError("not-json", url) from None
        links = {rel: target for target, rel in _LINK.findall(answer.headers.get("link", ""))}
        return data, links.get("next")

    def pages(self, path: str, params: dict[str, str | int]) -> Iterator[list[Any]]:
        url: str | None = f"{self.base}{path}?{urlencode(params, quote_via=quote)}"
        for _ in range(MAX_PAGES):
            if url is None:
                return
            data, url = self.get(url)
            if not isinstance(data, list):
                raise FetchError("not-a-list", path)
            yield data
        raise FetchError("too-many-pages", path)

    @property
    def base(self) -> str:
        return f"{self.api.rstrip('/')}/repos/{self.repository}"


def fetch_requests(
    github: GitHub, label: str, parties: Mapping[str, Party], now: Callable[[], dt.datetime] | None = None
) -> RequestsFile:
    """Every issue with `label`, open or closed, with its party matched against `parties`."""
    if not _REPOSITORY.match(github.repository):
        raise FetchError("bad-repository", github.repository)
    fetched_at = (now or (lambda: dt.datetime.now(dt.UTC)))().replace(microsecond=0).isoformat()
    newest = next(github.pages("/issues", {"state": "all", "sort": "created", "direction": "desc", "per_page": 1}))
    highest = _number(newest[0]) if newest and isinstance(newest[0], dict) else 0
    index = PartyIndex(parties)
    found = RequestsFile(fetched_at, github.repository, label, highest or 0)
    params: dict[str, str | int] = {
        "labels": label,
        "state": "all",
        "sort": "created",
        "direction": "asc",
        "per_page": PAGE_SIZE,
    }
    for page in github.pages("/issues", params):
        for issue in page:
            request = _request(issue) if isinstance(issue, dict) and "pull_request" not in issue else None
            if request is None:
                continue
            reason = _reason(github, issue, request) if request.rejected else ""
            party = index.match(request.labels, request.institution)
            found.requests[request.number] = replace(request, party=party, reason=reason)
    found.highest_number = max([found.highest_number, *found.requests])
    return found


def form_answer(body: str, field: str) -> str:
    """The answer under `### <field>` in an issue written by a form ("" for `_No response_`)."""
    lines = body.replace("\r\n", "\n").split("\n")
    for i, line in enumerate(lines):
        if line.strip() == f"### {field}":
            answer = []
            for following in lines[i + 1 :]:
                if following.startswith("### "):
                    break
                answer.append(following)
            text = " ".join(" ".join(answer).split())
            return "" if text == "_No response_" else text
    return ""


def repository_of(value: str | None) -> str | None:
    """'owner/name' from itself or from a repository's address ('https://github.com/owner/name')."""
    text = (value or "").strip()
    if text.startswith(("https://", "http://")):
        text = urlsplit(text).path
    text = text.strip("/").removesuffix(".git")
    return text if _REPOSITORY.match(text) else None


def _request(issue: dict[str, Any]) -> DataRequest | None:
    """The issue as the requests file keeps it (read by the same code that reads the file)."""
    labels = sorted(
        str(label.get("name")) if isinstance(label, dict) else label
        for label in issue.get("labels") or []
        if isinstance(label, (dict, str))
    )
    body = issue.get("body")
    institution = form_answer(body, INSTITUTION_FIELD)[:300] if isinstance(body, str) else ""
    fields = ("number", "title", "state", "state_reason", "created_at", "closed_at")
    kept = {key: issue.get(key) for key in fields}
    return DataRequest.from_dict({**kept, "url": issue.get("html_url"), "labels": labels, "institution": institution})


def _reason(github: GitHub, issue: dict[str, Any], request: DataRequest) -> str:
    """The last comment of a maintainer written before the issue was closed (or a plain word for
    a duplicate closed without one)."""
    closed = _instant(request.closed_at)
    chosen = ""
    if isinstance(issue.get("comments"), int) and issue["comments"] > 0 and closed is not None:
        path = f"/issues/{request.number}/comments"
        for page in github.pages(path, {"per_page": PAGE_SIZE}):
            for comment in page:
                if not isinstance(comment, dict) or comment.get("author_association") not in TRIAGERS:
                    continue
                written = _instant(comment.get("created_at"))
                if written is not None and written <= closed + CLOSING_GRACE and isinstance(comment.get("body"), str):
                    chosen = comment["body"]
    text = " ".join(chosen.split())
    if len(text) > REASON_LENGTH:
        text = text[: REASON_LENGTH - 1] + "…"
    if not text and request.state_reason == "duplicate" and REJECTED_LABEL not in request.labels:
        text = "Duplicada / duplicate"
    return text


def _instant(stamp: Any) -> dt.datetime | None:
    if not isinstance(stamp, str) or day_of(stamp) is None:
        return None
    instant = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return instant if instant.tzinfo is not None else instant.replace(tzinfo=dt.UTC)


def _number(issue: Any) -> int | None:
    number = issue.get("number") if isinstance(issue, dict) else None
    return number if isinstance(number, int) and not isinstance(number, bool) and number > 0 else None


def _same_origin(url: str, api: str) -> bool:
    target, base = urlsplit(url), urlsplit(api)
    prefix = base.path.rstrip("/") + "/"
    return (target.scheme, target.netloc) == (base.scheme, base.netloc) and target.path.startswith(prefix)


def _private_channel(url: str) -> bool:
    """The token travels only over TLS, or to this machine (a test server)."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        return True
    address = net.literal_address(parts.hostname or "")
    return address is not None and ipaddress.ip_address(address).is_loopback


def _http_reason(answer: net.Response) -> str:
    if answer.status == 401:
        return "bad-credentials"
    if answer.status in (403, 429) and (
        answer.headers.get("x-ratelimit-remaining") == "0" or "retry-after" in answer.headers
    ):
        return "rate-limited"
    if answer.status == 404:
        return "not-found"
    return f"http-{answer.status}"
