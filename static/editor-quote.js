// The editor's position page: pick the quote by selecting it in the shown platform text.
// Without JavaScript the editor pastes the quote; the server checks it either way.
(function () {
  "use strict";
  var form = document.getElementById("position-form");
  var source = document.getElementById("source-text");
  var quote = form && form.querySelector("textarea[name=quote]");
  var pick = document.getElementById("quote-pick");
  if (!form || !source || !quote || !pick) return;
  var button = pick.querySelector("[data-pick-quote]");
  var hint = pick.querySelector("[data-pick-hint]");
  pick.hidden = false;

  function selectedInSource() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return "";
    var range = selection.getRangeAt(0);
    if (!source.contains(range.commonAncestorContainer)) return "";
    return selection.toString().replace(/\s+/g, " ").trim();
  }

  function update() {
    var text = selectedInSource();
    button.disabled = !text;
    hint.hidden = !!text;
  }

  document.addEventListener("selectionchange", update);
  button.addEventListener("click", function () {
    var text = selectedInSource();
    if (!text) return;
    quote.value = text;
    quote.focus();
  });
  update();
})();
