// The catalogue's search: a small list of results over Pagefind's JavaScript API, without
// Pagefind's own interface. The form, its filters and every text come from the page
// (catalogue.html), so this script has no translations; the plain list of datasets below keeps
// working without JavaScript, and is hidden while a search shows its results. Pagefind fetches
// only what a search needs: its metadata, the index chunks of the words searched, a filter's file
// once that filter is used, and the details of the results checked and shown, ten at a time.
//
// Pagefind never answers "nothing": a word that is not in the index is replaced by the longest
// start of it that is ("yucatan" finds every "y"), and stems match longer words ("presas" finds
// "presupuesto"). So every result is checked against the text Pagefind returns with it: it must
// contain each word searched, or (for words of four letters or more) a word that starts with it,
// accents and case aside. Results are checked in Pagefind's order, ten at a time, only as many as
// are shown: a real match ranks above Pagefind's stand-ins, so a batch with no real match ends the
// search. The first search thus fetches the same ten result files as before, and nothing else.
//
// Sorting by date or title happens here, among the SORT_MAX most relevant results (their details
// are fetched when a sort is chosen): Pagefind's own sort would add each sort's order of every
// page to the metadata that every first search downloads (~4 bytes a page, +60%).
(function () {
  "use strict";
  var PAGE = 10; // results shown (and checked) at a time
  var TYPING_MS = 300; // wait for a pause in typing before searching
  var SLOW_MS = 400; // say "searching" only when the answer takes longer than this
  var PREFIX_MIN = 4; // a word this long also finds the words that start with it
  var SORT_MAX = 100; // results sorted by date or title: the most relevant
  var SIMILAR = 5; // similar words offered when nothing is found
  var SORTS = { // how two results' details compare
    newest: function (a, b) { return compare(b.meta.dia || "", a.meta.dia || "") || compare(a.title, b.title); },
    title: function (a, b) { return compare(a.title, b.title) || compare(a.url, b.url); },
  };
  var SORT_PARAM = "orden";

  var form = document.getElementById("buscador");
  if (!form || !window.fetch || !window.URLSearchParams) {
    return;
  }
  var input = form.querySelector("input[type=search]");
  var sortBox = document.getElementById("buscar-orden");
  var status = document.getElementById("buscador-estado");
  var ask = document.getElementById("buscador-solicitar"); // the request form, offered when nothing is found
  var nothing = document.getElementById("buscador-nada"); // the state's page and similar words
  var active = document.getElementById("buscador-activos"); // chips of the filters chosen
  var everything = document.getElementById("todos"); // the plain list, hidden while results show
  var box = document.getElementById("resultados");
  var list = box.querySelector("ol");
  var more = box.querySelector("button");
  var groups = form.querySelectorAll("fieldset[data-filter]");
  var root = new URL(form.getAttribute("data-root"), window.location.href);
  var base = new URL(form.getAttribute("data-base") || form.getAttribute("data-root"), window.location.href);
  var states = JSON.parse(form.getAttribute("data-states") || "{}");
  var english = document.documentElement.lang === "en";
  var numbers = new Intl.NumberFormat(english ? "en" : "es-MX");
  var pagefind = null; // a promise of Pagefind's module, imported on first use
  var latest = 0; // number of the newest search; answers to older ones are dropped
  var query = null; // the search being shown: its words and Pagefind's answer
  var found = []; // Pagefind's results, in its order
  var checked = 0; // how many of them were checked
  var seen = []; // the details of those checked
  var good = []; // the details of those that contain every word
  var exhausted = false; // no more results to check
  var complete = false; // every result was checked: the count is exact
  var shown = 0;
  var typing = null;

  function say(name, n, w) {
    return form.getAttribute("data-" + name).replace("%(n)s", numbers.format(n || 0)).replace("%(w)s", w || "");
  }

  // Lowercase, without accents: "Yucatán" and "yucatan" are the same word.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function wordsOf(text) {
    return fold(text).split(/[^a-z0-9]+/).filter(Boolean);
  }

  function hasWord(words, word) {
    return words.some(function (w) {
      return w === word || (word.length >= PREFIX_MIN && w.indexOf(word) === 0);
    });
  }

  function compare(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
  }

  function pageWords(data) {
    if (!data.words) {
      data.words = wordsOf(((data.meta && data.meta.title) || "") + " " + (data.content || ""));
    }
    return data.words;
  }

  function matches(data) {
    var words = pageWords(data);
    return query.words.every(function (word) { return hasWord(words, word); });
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
    groups.forEach(function (group) {
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
    var typed = input.value.trim();
    var filters = chosenFilters();
    var sort = SORTS[sortBox ? sortBox.value : ""];
    var number = ++latest;
    remember();
    showChips(typed);
    if (!typed && Object.keys(filters).length === 0) {
      clear();
      return;
    }
    everything.hidden = true;
    box.setAttribute("aria-busy", "true");
    var slow = window.setTimeout(function () {
      if (number === latest) {
        status.textContent = say("searching");
      }
    }, SLOW_MS);
    load()
      .then(function (module) {
        return module.search(typed || null, { filters: filters });
      })
      .then(function (response) {
        if (number !== latest) {
          return null;
        }
        query = { typed: typed, words: wordsOf(typed), filtered: Object.keys(filters).length > 0, response: response };
        found = response.results;
        checked = 0;
        seen = [];
        good = [];
        exhausted = complete = found.length === 0;
        shown = 0;
        list.textContent = "";
        return (sort ? sorted(number, sort) : Promise.resolve())
          .then(function () { return showMore(number, false); })
          .then(function () { window.clearTimeout(slow); });
      })
      .catch(function () {
        window.clearTimeout(slow);
        if (number === latest) {
          clear();
          status.textContent = say("unavailable");
        }
      });
  }

  // Check Pagefind's results, ten at a time, until `need` of them contain every word.
  function fill(number, need) {
    if (number !== latest || exhausted || good.length >= need) {
      return Promise.resolve();
    }
    var batch = found.slice(checked, checked + PAGE);
    checked += batch.length;
    return Promise.all(batch.map(function (result) { return result.data(); })).then(function (pages) {
      if (number !== latest) {
        return null;
      }
      var passing = pages.filter(matches);
      seen = seen.concat(pages);
      good = good.concat(passing);
      exhausted = complete = checked >= found.length || (query.words.length > 0 && passing.length === 0);
      return fill(number, need);
    });
  }

  // The SORT_MAX most relevant results, in the order chosen.
  function sorted(number, sort) {
    return fill(number, SORT_MAX).then(function () {
      good.forEach(function (data) { data.title = fold((data.meta && data.meta.title) || ""); });
      good.sort(sort);
      exhausted = true;
    });
  }

  function showMore(number, focus) {
    var need = shown + PAGE;
    more.hidden = true;
    box.setAttribute("aria-busy", "true");
    return fill(number, need).then(function () {
      if (number !== latest) {
        return;
      }
      var items = good.slice(shown, need).map(resultItem);
      shown += items.length;
      items.forEach(function (item) { list.appendChild(item); });
      box.hidden = good.length === 0;
      more.hidden = exhausted && shown >= good.length;
      report();
      box.setAttribute("aria-busy", "false");
      if (focus && items.length) {
        items[0].querySelector("a").focus();
      }
    });
  }

  // The count (exact once every result was checked), or what was not found and what to do.
  function report() {
    var none = good.length === 0;
    if (!none) {
      status.textContent = !complete ? say("found-at-least", good.length)
        : say(good.length === 1 ? "found-one" : "found", good.length);
    } else if (query.words.length === 0) {
      status.textContent = say("none");
    } else {
      var missing = query.words.filter(function (word) {
        return !seen.some(function (data) { return hasWord(pageWords(data), word); });
      });
      status.textContent = missing.length === 0 && query.filtered ? say("not-found-filters")
        : say("not-found", 0, typedWords(missing.length ? missing : query.words));
      offerInstead(missing.length ? missing : query.words);
    }
    nothing.hidden = !none || query.words.length === 0;
    if (ask) {
      offer(query.typed);
      ask.hidden = !none;
    }
    showCounts();
  }

  // The words as typed (with their accents) of those folded.
  function typedWords(folded) {
    var typed = query.typed.split(/\s+/).filter(function (token) {
      return wordsOf(token).some(function (word) { return folded.indexOf(word) !== -1; });
    });
    return (typed.length ? typed : folded).join(" ");
  }

  // A state's page when the words name a state; words of the catalogue that look like those missing.
  function offerInstead(missing) {
    var state = states[wordsOf(query.typed).join(" ")] || missing.map(function (w) { return states[w]; }).filter(Boolean)[0];
    var stateLine = nothing.querySelector(".cat-nomatch__state");
    stateLine.hidden = !state;
    if (state) {
      var link = stateLine.querySelector("a");
      link.textContent = say("state-page", 0, state[0]);
      link.href = new URL(state[1], base).href;
    }
    var similar = similarWords(missing);
    var similarLine = nothing.querySelector(".cat-nomatch__similar");
    var holder = similarLine.querySelector("span");
    holder.textContent = "";
    similar.forEach(function (word) {
      var address = new URL(window.location.href);
      address.searchParams.set("q", word);
      var link = element("a", "", word);
      link.href = address.href;
      link.addEventListener("click", function (event) {
        event.preventDefault();
        input.value = word;
        search();
      });
      holder.appendChild(link);
      holder.appendChild(document.createTextNode(" "));
    });
    similarLine.hidden = similar.length === 0;
  }

  // From what this page already holds: the text of the results Pagefind offered instead, the
  // filters' values and the titles of the list below. Nothing more is downloaded.
  function similarWords(missing) {
    var texts = seen.map(function (data) { return (data.meta && data.meta.title || "") + " " + (data.content || ""); });
    form.querySelectorAll("fieldset[data-filter] input").forEach(function (box) { texts.push(box.value); });
    everything.querySelectorAll(".cat-card h3").forEach(function (title) { texts.push(title.textContent); });
    var scored = {};
    texts.join(" ").split(/[^\p{L}\p{N}]+/u).forEach(function (token) {
      var word = fold(token);
      if (word.length < PREFIX_MIN || scored[word]) {
        return;
      }
      var best = Math.min.apply(null, missing.map(function (m) { return likeness(m, word); }));
      if (best < Infinity) {
        scored[word] = { text: token.toLowerCase(), score: best };
      }
    });
    return Object.keys(scored)
      .sort(function (a, b) { return scored[a].score - scored[b].score || (a < b ? -1 : 1); })
      .slice(0, SIMILAR)
      .map(function (word) { return scored[word].text; });
  }

  // Smaller is more alike; Infinity when not alike: a few letters apart, or the same start.
  function likeness(missing, word) {
    if (word === missing) {
      return Infinity;
    }
    var distance = editDistance(missing, word);
    if (distance <= Math.max(1, Math.floor(missing.length / 3))) {
      return distance;
    }
    var common = 0;
    while (common < missing.length && missing[common] === word[common]) {
      common++;
    }
    return common >= PREFIX_MIN ? 10 - common + distance / 100 : Infinity;
  }

  function editDistance(a, b) {
    var row = [];
    for (var j = 0; j <= b.length; j++) {
      row.push(j);
    }
    for (var i = 1; i <= a.length; i++) {
      var diagonal = row[0];
      row[0] = i;
      for (j = 1; j <= b.length; j++) {
        var above = row[j];
        row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
        diagonal = above;
      }
    }
    return row[b.length];
  }

  // How many results have each filter value: counted from the results themselves once every
  // result was checked, else as Pagefind counts them (only once a filter is used).
  function showCounts() {
    var counts = {};
    if (complete) {
      good.forEach(function (data) {
        Object.keys(data.filters || {}).forEach(function (name) {
          counts[name] = counts[name] || {};
          data.filters[name].forEach(function (value) {
            counts[name][value] = (counts[name][value] || 0) + 1;
          });
        });
      });
    } else {
      counts = (query.response && query.response.filters) || {};
    }
    var known = complete || Object.keys(counts).length > 0;
    groups.forEach(function (group) {
      var values = counts[group.getAttribute("data-filter")] || {};
      group.querySelectorAll(".cat-filter__row").forEach(function (row) {
        var value = row.querySelector("input").value;
        row.querySelector(".cat-filter__count").textContent = known ? "(" + numbers.format(values[value] || 0) + ")" : "";
      });
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
    var facts = [];
    if (meta.formato) {
      facts.push(meta.formato);
    }
    if (meta.periodo) {
      facts.push(say("period") + ": " + meta.periodo);
    }
    if (meta.fecha) {
      facts.push(say("updated") + ": " + meta.fecha);
    }
    if (facts.length) {
      item.appendChild(element("p", "cat-result__facts", facts.join(" · ")));
    }
    var text = meta.resumen ? summary(meta.resumen) : data.excerpt ? excerpt(data.excerpt) : null;
    if (text) {
      item.appendChild(text);
    }
    if (english) { // titles and descriptions stay in Spanish
      link.lang = "es";
      if (text) {
        text.lang = "es";
      }
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

  // The description's first sentences, with the words searched marked.
  function summary(text) {
    var paragraph = element("p", "cat-result__excerpt");
    text.split(/([\p{L}\p{N}]+)/u).forEach(function (part) {
      var word = fold(part);
      var marked = word && query.words.some(function (w) { return hasWord([word], w); });
      if (marked) {
        paragraph.appendChild(element("mark", "", part));
      } else if (part) {
        paragraph.appendChild(document.createTextNode(part));
      }
    });
    return paragraph;
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

  // One chip per filter value chosen (a button that removes it), and a button that clears all.
  function showChips(typed) {
    var chips = active.querySelector("ul");
    chips.textContent = "";
    form.querySelectorAll("fieldset[data-filter] input:checked").forEach(function (box) {
      var chip = element("button", "", box.value + " ×");
      chip.type = "button";
      chip.setAttribute("aria-label", say("remove", 0, box.value));
      chip.addEventListener("click", function () {
        box.checked = false;
        search();
        input.focus();
      });
      var item = document.createElement("li");
      item.appendChild(chip);
      chips.appendChild(item);
    });
    chips.hidden = chips.children.length === 0;
    active.querySelector(".cat-active__label").hidden = chips.hidden;
    active.hidden = !typed && chips.hidden;
  }

  function clear() {
    query = null;
    found = [];
    seen = [];
    good = [];
    shown = 0;
    list.textContent = "";
    box.hidden = true;
    box.setAttribute("aria-busy", "false");
    status.textContent = "";
    nothing.hidden = true;
    everything.hidden = false;
    if (ask) {
      ask.hidden = true;
    }
    form.querySelectorAll(".cat-filter__count").forEach(function (count) { count.textContent = ""; });
  }

  // The words, the filters and the order stay in the address, so that the view can be shared
  // or reloaded: ?q=registro&state=Jalisco&orden=newest.
  function remember() {
    var address = new URL(window.location.href);
    var words = input.value.trim();
    address.searchParams.delete("q");
    if (words) {
      address.searchParams.set("q", words);
    }
    groups.forEach(function (group) {
      var key = group.getAttribute("data-key");
      address.searchParams.delete(key);
      group.querySelectorAll("input:checked").forEach(function (box) {
        address.searchParams.append(key, box.value);
      });
    });
    address.searchParams.delete(SORT_PARAM);
    if (sortBox && sortBox.value) {
      address.searchParams.set(SORT_PARAM, sortBox.value);
    }
    window.history.replaceState(null, "", address.href);
  }

  function restore() {
    var params = new URLSearchParams(window.location.search);
    var any = false;
    input.value = params.get("q") || "";
    groups.forEach(function (group) {
      var values = params.getAll(group.getAttribute("data-key"));
      group.querySelectorAll("input").forEach(function (box) {
        box.checked = values.indexOf(box.value) !== -1;
        any = any || box.checked;
      });
    });
    var sort = params.get(SORT_PARAM);
    if (sortBox && sort && SORTS[sort]) {
      sortBox.value = sort;
    }
    if (input.value || any) {
      search();
    }
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
    if (event.target.type === "checkbox" || event.target === sortBox) {
      search();
    }
  });
  more.addEventListener("click", function () {
    showMore(latest, true);
  });
  active.querySelector(".cat-active__clear").addEventListener("click", function () {
    input.value = "";
    form.querySelectorAll("fieldset[data-filter] input:checked").forEach(function (box) { box.checked = false; });
    search();
    input.focus();
  });

  form.hidden = false;
  var notice = document.getElementById("sin-javascript");
  if (notice) {
    notice.hidden = true;
  }
  restore();
})();
