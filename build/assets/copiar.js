// The copy buttons of a dataset page's «Usar estos datos» box (_use.html): each button copies the
// text of the element its data-copy attribute names. The buttons are hidden until this script runs,
// so that without JavaScript the page shows only the selectable text. Every text comes from the page.
(function () {
  "use strict";
  var SHOWN_MS = 2000; // how long a button says "copied"
  var status = document.getElementById("usar-estado");

  function fallback(source) {
    // Without the Clipboard API (an insecure origin, an old browser): select the text and copy it.
    var range = document.createRange();
    range.selectNodeContents(source);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (e) {
      copied = false;
    }
    return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copy(button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) {
      return;
    }
    var text = source.textContent;
    var done = navigator.clipboard && window.isSecureContext
      ? navigator.clipboard.writeText(text).catch(function () { return fallback(source); })
      : fallback(source);
    done.then(function () {
      var label = button.textContent;
      button.textContent = button.getAttribute("data-copied");
      if (status) {
        status.textContent = button.getAttribute("data-copied");
      }
      window.setTimeout(function () {
        button.textContent = label;
        if (status) {
          status.textContent = "";
        }
      }, SHOWN_MS);
    }, function () {
      // the text stays selected: the reader can copy it by hand
    });
  }

  var buttons = document.querySelectorAll("button.cat-copy[data-copy]");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].hidden = false;
    buttons[i].addEventListener("click", function (event) {
      copy(event.currentTarget);
    });
  }
})();
