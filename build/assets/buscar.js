// The catalogue's search: the Pagefind UI (search box, result count and filters) layered on top
// of the plain list of datasets, which stays usable without JavaScript.
(function () {
  "use strict";
  var element = document.getElementById("buscador");
  if (!element || typeof PagefindUI === "undefined") {
    return;
  }
  var notice = document.getElementById("sin-javascript");
  if (notice) {
    notice.hidden = true;
  }
  var root = new URL(element.getAttribute("data-root"), window.location.href);
  var ui = new PagefindUI({
    element: "#buscador",
    baseUrl: root.pathname,
    bundlePath: root.pathname + "pagefind/",
    showSubResults: false,
    showImages: false,
    resetStyles: false,
    translations: {
      placeholder: element.getAttribute("data-placeholder"),
      search_label: element.getAttribute("data-label")
    },
    processResult: function (result) {
      // Every result names its institution and level, as the dataset cards do.
      var meta = result.meta || {};
      if (meta.institucion) {
        meta.title = meta.title + " · " + meta.institucion + (meta.orden ? " (" + meta.orden + ")" : "");
      }
      delete meta.institucion;
      delete meta.orden;
      return result;
    }
  });
  // The search box is named by the section's visible heading.
  var input = element.querySelector("input");
  if (input) {
    input.setAttribute("aria-labelledby", "busqueda");
  }
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
})();
