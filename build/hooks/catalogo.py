"""mkdocs hook: the narrative pages follow the same rules as the catalogue's pages.

- every page's HTML goes through the catalogue's sanitiser (no scripts, event handlers, styles,
  or javascript:/data: links; external links get rel="noopener nofollow ugc");
- every page carries the site's Content-Security-Policy (build/overrides/main.html reads it).
"""

from catalogo.render.html import CONTENT_SECURITY_POLICY, clean_html


def on_config(config):
    config.extra["csp"] = CONTENT_SECURITY_POLICY
    return config


def on_page_content(html, page, config, files):  # noqa: ARG001 (mkdocs' hook signature)
    return clean_html(html)
