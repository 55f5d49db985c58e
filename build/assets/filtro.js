// The name filter of a list of institutions (party_group.html): the form whose data-filtro names the
// list is hidden until this script runs, so that without JavaScript the page shows every name.
// Typing keeps the items whose text holds the words, ignoring case and accents.
(function () {
  "use strict";
  var form = document.querySelector("form[data-filtro]");
  var list = form && document.getElementById(form.getAttribute("data-filtro"));
  if (!list) {
    return;
  }
  var input = form.querySelector("input");
  var status = form.querySelector("[role=status]");
  var none = form.querySelector(".cat-filter-none");
  var items = Array.prototype.slice.call(list.querySelectorAll("li"));
  var groups = Array.prototype.slice.call(list.querySelectorAll(".cat-filter-group"));

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // Only the name (the item's link) counts: every card also names its level, state and power.
  var texts = items.map(function (item) {
    return fold((item.querySelector("a") || item).textContent);
  });

  function filter() {
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    items.forEach(function (item, i) {
      var match = words.every(function (word) { return texts[i].indexOf(word) !== -1; });
      item.hidden = !match;
      shown += match ? 1 : 0;
    });
    groups.forEach(function (group) {
      group.hidden = !group.querySelector("li:not([hidden])");
    });
    none.hidden = shown > 0;
    status.textContent = words.length
      ? form.getAttribute("data-cuenta").replace("%(n)s", shown).replace("%(total)s", items.length)
      : "";
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
  });
  input.addEventListener("input", filter);
  form.hidden = false;
})();
