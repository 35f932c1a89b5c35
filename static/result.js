// Enhancements for the result pages; everything here also works without it (plain forms).
(function () {
  "use strict";
  // Print: a button, and every quote opened for paper (closed <details> would print empty).
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (d) { d.open = true; opened.push(d); });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
  // Party filter: show the ticked parties at once (the "Visa" button does the same on the server).
  var filter = document.querySelector(".party-filter");
  if (filter) {
    filter.addEventListener("change", function () {
      var ticked = Array.prototype.map.call(filter.querySelectorAll("input:checked"), function (i) { return i.value; });
      var missing = ticked.some(function (id) { return !document.querySelector('.comparison [data-party="' + id + '"]'); });
      if (missing) { filter.form.submit(); return; }
      document.querySelectorAll(".comparison [data-party]").forEach(function (li) {
        li.hidden = ticked.length > 0 && ticked.indexOf(li.getAttribute("data-party")) < 0;
      });
    });
  }
  // Share a result link: the phone's share sheet where there is one, else a copy button. A copy
  // the browser refuses (e.g. in an iframe without clipboard-write) selects the link and says so.
  var status = document.getElementById("copy-status");
  var say = function (text) { if (status) { status.textContent = text; } };
  document.querySelectorAll("[data-share]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-share"));
    if (!field || typeof navigator.share !== "function") { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.share({title: button.getAttribute("data-title") || document.title, url: field.value})["catch"](function () {});
    });
  });
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) { return; }
    button.hidden = false;
    var failed = function () { field.focus(); field.select(); say(button.getAttribute("data-failed")); };
    button.addEventListener("click", function () {
      if (!navigator.clipboard || !window.isSecureContext) { failed(); return; }
      navigator.clipboard.writeText(field.value).then(function () { say(button.getAttribute("data-done")); }, failed);
    });
  });
  var errors = document.getElementById("edit-errors");
  if (errors) { errors.focus(); }
})();
