"""Stage 4, render: The one way content becomes HTML. Catalogue content is untrusted: Markdown goes
through `markdown_html` (Python-Markdown, then the nh3 sanitiser), JSON-LD through `jsonld_script`,
and every other value through Jinja2's autoescaping."""

# What the sanitiser removes: `<script>`, `<style>`, `<iframe>`, `<object>`, `<embed>`, forms,
# images (a description must not load third-party content), every event-handler and `style`
# attribute, and URLs with any scheme other than http, https and mailto (so no `javascript:` or
# `data:`). Links to other sites get `rel="noopener nofollow ugc"`.

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from functools import cache, lru_cache
from typing import Any

import markdown
import nh3
from markupsafe import Markup

EXTERNAL_REL = "noopener nofollow ugc"
# Every page of the site carries this policy and satisfies it: no inline scripts or styles,
# nothing from other origins; Pagefind compiles its WebAssembly search ('wasm-unsafe-eval').
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "frame-src 'none'; base-uri 'self'; form-action 'self'"
)
URL_SCHEMES = {"http", "https", "mailto"}
_DROPPED_WITH_CONTENT = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "noscript",
    "template",
    "textarea",
    "select",
    "svg",
    "math",
}
_CONTENT_TAGS = (nh3.ALLOWED_TAGS - {"img", "map", "area"}) | {"section"}
_CONTENT_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "hreflang", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "time": {"datetime"},
}
# Site pages (guides) are written by the catalogue's maintainers: they keep ids, classes and
# the few attributes mkdocs-material needs, but never scripts, styles or event handlers.
_PAGE_TAGS = nh3.ALLOWED_TAGS | {"section", "input", "label", "button"}
_PAGE_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"id", "class", "title", "lang", "dir", "hidden", "aria-label", "aria-hidden", "role", "tabindex"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start"},
    "th": {"scope", "colspan", "rowspan", "align"},
    "td": {"colspan", "rowspan", "align"},
    "time": {"datetime"},
    "input": {"type", "checked", "disabled", "name"},
    "label": {"for"},
    "button": {"type"},
    "details": {"open"},
    "code": {"data-lang"},
}
_A_TAG = re.compile(r'<a((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*>')
_HREF = re.compile(r'\shref="([^"]*)"')


class _ShiftHeadings(markdown.treeprocessors.Treeprocessor):
    def __init__(self, md: markdown.Markdown, offset: int) -> None:
        super().__init__(md)
        self.offset = offset

    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            if re.fullmatch(r"h[1-6]", element.tag):
                element.tag = f"h{min(6, int(element.tag[1]) + self.offset)}"


class _HeadingOffset(markdown.extensions.Extension):
    def __init__(self, offset: int) -> None:
        super().__init__()
        self.offset = offset

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.treeprocessors.register(_ShiftHeadings(md, self.offset), "shift-headings", 5)


@lru_cache(maxsize=4096)
def markdown_html(text: str | None, heading_level: int = 3) -> Markup:
    """Untrusted Markdown to safe HTML. Its headings start at `heading_level` so that they
    nest under the page's own headings."""
    if not text:
        return Markup("")
    converter = _converter(max(0, heading_level - 1))
    converter.reset()
    return Markup(_clean(converter.convert(str(text)), _CONTENT_TAGS, _CONTENT_ATTRIBUTES))


@cache
def _converter(offset: int) -> markdown.Markdown:
    """One converter per heading offset, reset between texts (building one costs more than
    converting a description)."""
    return markdown.Markdown(
        extensions=["tables", "fenced_code", "sane_lists", _HeadingOffset(offset)], output_format="html"
    )


def clean_html(html: str) -> str:
    """Sanitise a whole rendered page body written by the catalogue's maintainers (the guides):
    structure and classes stay, anything executable goes."""
    return _clean(html, _PAGE_TAGS, _PAGE_ATTRIBUTES)


def _clean(html: str, tags: set[str], attributes: dict[str, set[str]]) -> str:
    cleaned = nh3.clean(
        html,
        tags=tags,
        clean_content_tags=_DROPPED_WITH_CONTENT - tags,
        attributes=attributes,
        link_rel=None,
        url_schemes=URL_SCHEMES,
        strip_comments=True,
    )
    return mark_external_links(cleaned)


def is_external(href: str) -> bool:
    lowered = href.strip().lower()
    return lowered.startswith(("http://", "https://", "//"))


def mark_external_links(html: str) -> str:
    """Add `rel="noopener nofollow ugc"` to every link that leaves the site. Works on the
    sanitiser's output, whose attributes are always double-quoted and escaped."""

    def mark(match: re.Match[str]) -> str:
        attributes = match.group(1)
        href = _HREF.search(attributes)
        if href is None or not is_external(href.group(1)) or ' rel="' in attributes:
            return match.group(0)
        return f'<a{attributes} rel="{EXTERNAL_REL}">'

    return _A_TAG.sub(mark, html)


def safe_url(url: Any) -> str | None:
    """A URL from content that may go into an href: http(s) or mailto only."""
    if not isinstance(url, str):
        return None
    scheme = url.strip().split(":", 1)[0].lower() if ":" in url else ""
    return url.strip() if scheme in URL_SCHEMES else None


def json_for_html(data: Any) -> str:
    """Stable JSON that cannot close the element it sits in: <, >, & and the JavaScript line
    separators are written as \\u escapes (still the same JSON value)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def jsonld_script(data: Any) -> Markup:
    """A `<script type="application/ld+json">` element for the page head."""
    return Markup(f'<script type="application/ld+json">{json_for_html(data)}</script>')
