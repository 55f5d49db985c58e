"""mkdocs hook: the narrative pages follow the same rules as the catalogue's pages.

- every page's HTML goes through the catalogue's sanitiser (no scripts, event handlers, styles,
  or javascript:/data: links; external links get rel="noopener nofollow ugc");
- every page carries the site's Content-Security-Policy (build/overrides/main.html reads it);
- every page has the catalogue's header and footer: build/templates/ joins the theme's templates
  and each page gets `catalogue_page`, the PageMeta those partials read.
"""

from functools import cache
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader

from catalogo.render.contexts import PageMeta
from catalogo.render.html import CONTENT_SECURITY_POLICY, clean_html
from catalogo.render.ui import load_languages


def _build_dir(config) -> Path:
    return Path(config.theme.custom_dir).parent  # build/overrides -> build


@cache
def _languages(build_dir: Path):
    return load_languages(build_dir)


def on_config(config):
    config.extra["csp"] = CONTENT_SECURITY_POLICY
    return config


def on_env(env, config, files):  # noqa: ARG001 (mkdocs' hook signature)
    env.loader = ChoiceLoader([env.loader, FileSystemLoader(str(_build_dir(config) / "templates"))])
    return env


def on_page_content(html, page, config, files):  # noqa: ARG001 (mkdocs' hook signature)
    return clean_html(html)


def on_page_context(context, page, config, nav):  # noqa: ARG001 (mkdocs' hook signature)
    lang = _languages(_build_dir(config))[config.theme["language"]]
    context["catalogue_page"] = PageMeta(
        lang=lang,
        path="" if page.url.endswith(".html") else page.url,
        title=page.title or "",
        description=config.site_description or "",
        section="about" if page.url.startswith("acerca") else "guides",
        site_name=config.site_name,
        base_url=config.site_url or "",
    )
    return context
