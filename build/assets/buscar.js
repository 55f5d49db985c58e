// The catalogue's search: a small list of results over Pagefind's JavaScript API, without
// Pagefind's own interface. The form, its filters and every text come from the page
// (catalogue.html), so this script has no translations; the plain list of datasets below keeps
// working without JavaScript. Pagefind fetches only what a search needs: its metadata, the index
// chunks of the words searched, a filter's file once that filter is used, and the details of the
// results shown, ten at a time.
(function () {
  "use strict";
  var PAGE = 10; // results shown at a time
  var TYPING_MS = 300; // wait for a pause in typing before searching
  var SLOW_MS = 400; // say "searching" only when the answer takes longer than this

  var form = document.getElementById("buscador");
  if (!form || !window.fetch || !window.URLSearchParams) {
    return;
  }
  var input = form.querySelector("input[type=search]");
  var status = document.getElementById("buscador-estado");
  var ask = document.getElementById("buscador-solicitar"); // the request form, offered when nothing is found
  var box = document.getElementById("resultados");
  var list = box.querySelector("ol");
  var more = box.querySelector("button");
  var root = new URL(form.getAttribute("data-root"), window.location.href);
  var numbers = new Intl.NumberFormat(document.documentElement.lang === "en" ? "en" : "es-MX");
  var pagefind = null; // a promise of Pagefind's module, imported on first use
  var latest = 0; // number of the newest search; answers to older ones are dropped
  var found = [];
  var shown = 0;
  var typing = null;

  function say(name, n) {
    return form.getAttribute("data-" + name).replace("%(n)s", numbers.format(n || 0));
  }

  // A large catalogue's index comes in parts (pagefind/partes.json lists them per language);
  // Pagefind merges them into one search.
  function load() {
    if (!pagefind) {
      var bundle = root.pathname + "pagefind/";
      var options = { baseUrl: root.pathname, excerptLength: 24 };
      pagefind = import(bundle + "pagefind.js").then(function (module) {
        return module.options(options)
          .then(function () { return window.fetch(bundle + "partes.json"); })
          .then(function (response) { return response.json(); })
          .then(function (parts) {
            var language = document.documentElement.lang;
            return Promise.all((parts[language] || []).map(function (part) {
              return module.mergeIndex(bundle + part, Object.assign({ language: language }, options));
            }));
          })
          .then(function () { return module; });
      });
    }
    return pagefind;
  }

  function chosenFilters() {
    var filters = {};
    form.querySelectorAll("fieldset[data-filter]").forEach(function (group) {
      var values = [];
      group.querySelectorAll("input:checked").forEach(function (box) {
        values.push(box.value);
      });
      if (values.length) {
        filters[group.getAttribute("data-filter")] = { any: values };
      }
    });
    return filters;
  }

  function search() {
    var words = input.value.trim();
    var filters = chosenFilters();
    var number = ++latest;
    remember(words);
    if (!words && Object.keys(filters).length === 0) {
      clear();
      return;
    }
    box.setAttribute("aria-busy", "true");
    var slow = window.setTimeout(function () {
      if (number === latest) {
        status.textContent = say("searching");
      }
    }, SLOW_MS);
    load()
      .then(function (module) {
        return module.search(words || null, { filters: filters });
      })
      .then(function (response) {
        window.clearTimeout(slow);
        if (number !== latest) {
          return null;
        }
        found = response.results;
        shown = 0;
        list.textContent = "";
        box.hidden = false;
        status.textContent = found.length === 0 ? say("none")
          : say(found.length === 1 ? "found-one" : "found", found.length);
        if (ask) {
          offer(words);
          ask.hidden = found.length !== 0;
        }
        return showMore(number, false);
      })
      .catch(function () {
        window.clearTimeout(slow);
        if (number === latest) {
          clear();
          status.textContent = say("unavailable");
        }
      });
  }

  function showMore(number, focus) {
    var batch = found.slice(shown, shown + PAGE);
    shown += batch.length;
    more.hidden = true;
    return Promise.all(batch.map(function (result) { return result.data(); })).then(function (pages) {
      if (number !== latest) {
        return;
      }
      var items = pages.map(resultItem);
      items.forEach(function (item) { list.appendChild(item); });
      more.hidden = shown >= found.length;
      box.setAttribute("aria-busy", "false");
      if (focus && items.length) {
        items[0].querySelector("a").focus();
      }
    });
  }

  function resultItem(data) {
    var meta = data.meta || {};
    var item = document.createElement("li");
    var heading = element("h3", "cat-result__title");
    var link = element("a", "", meta.title || data.url);
    link.href = data.url;
    heading.appendChild(link);
    item.appendChild(heading);
    if (meta.institucion) {
      item.appendChild(element("p", "cat-result__party", meta.institucion + (meta.orden ? " · " + meta.orden : "")));
    }
    if (data.excerpt) {
      item.appendChild(excerpt(data.excerpt));
    }
    return item;
  }

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  // Pagefind's excerpt is the page's text with < and > escaped and the words found in <mark>;
  // it is rebuilt here as text nodes, never parsed as HTML.
  function excerpt(html) {
    var paragraph = element("p", "cat-result__excerpt");
    html.split(/(<mark>[\s\S]*?<\/mark>)/).forEach(function (part) {
      var marked = /^<mark>([\s\S]*)<\/mark>$/.exec(part);
      var text = (marked ? marked[1] : part).replace(/&lt;/g, "<").replace(/&gt;/g, ">");
      if (marked) {
        paragraph.appendChild(element("mark", "", text));
      } else if (text) {
        paragraph.appendChild(document.createTextNode(text));
      }
    });
    return paragraph;
  }

  // The request form opens with the words searched as the data asked for.
  function offer(words) {
    var link = ask.querySelector("a");
    var address = new URL(link.href);
    if (words) {
      address.searchParams.set("datos", words);
    } else {
      address.searchParams.delete("datos");
    }
    link.href = address.toString();
  }

  function clear() {
    found = [];
    shown = 0;
    list.textContent = "";
    box.hidden = true;
    box.setAttribute("aria-busy", "false");
    status.textContent = "";
    if (ask) {
      ask.hidden = true;
    }
  }

  // The words searched stay in the address, so that the page can be shared or reloaded.
  function remember(words) {
    var address = new URL(window.location.href);
    if (words) {
      address.searchParams.set("q", words);
    } else {
      address.searchParams.delete("q");
    }
    window.history.replaceState(null, "", address.href);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(typing);
    search();
  });
  input.addEventListener("input", function () {
    window.clearTimeout(typing);
    typing = window.setTimeout(search, TYPING_MS);
  });
  input.addEventListener("focus", function () {
    load().then(function (module) { return module.init(); }).catch(function () {});
  }, { once: true });
  form.addEventListener("change", function (event) {
    if (event.target.type === "checkbox") {
      search();
    }
  });
  more.addEventListener("click", function () {
    showMore(latest, true);
  });

  form.hidden = false;
  var notice = document.getElementById("sin-javascript");
  if (notice) {
    notice.hidden = true;
  }
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    input.value = query;
    search();
  }
})();
