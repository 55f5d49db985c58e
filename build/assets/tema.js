// mkdocs-material's start-up script (partials/javascripts/base.html of the theme), as a file so
// that the site's Content-Security-Policy allows no inline scripts. The scope comes from the
// script element's data-scope attribute.
/* eslint-disable */
__md_scope = new URL(document.currentScript.getAttribute("data-scope"), location),
__md_hash = e => [...e].reduce(((e, _) => (e << 5) - e + _.charCodeAt(0)), 0),
__md_get = (e, _ = localStorage, t = __md_scope) => JSON.parse(_.getItem(t.pathname + "." + e)),
__md_set = (e, _, t = localStorage, a = __md_scope) => { try { t.setItem(a.pathname + "." + e, JSON.stringify(_)) } catch (e) {} };
