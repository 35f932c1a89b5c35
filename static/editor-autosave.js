// The editor's forms save as the editor goes: a short pause after typing sends the form (the same
// POST as its save button, marked X-Autosave) and the answer's version goes back into the form, so
// the next save names it. A conflict or a problem stops the saving and says so; the save button
// (which works without this script) then shows everything beside its field.
(function () {
  "use strict";
  var PAUSE_MS = 1500;
  document.querySelectorAll("form[data-autosave]").forEach(function (form) {
    var status = document.getElementById(form.getAttribute("data-autosave"));
    var version = form.querySelector("input[name=version]");
    if (!status || !version) return;
    var timer = null, sending = false, again = false, stopped = false;

    function say(text) { status.textContent = text; }

    function send() {
      if (stopped) return;
      if (sending) { again = true; return; }
      sending = true;
      var data = new FormData(form);
      var file = form.querySelector("input[type=file]");
      if (file && !file.value) data.delete(file.name);
      fetch(form.action, { method: "POST", body: data, credentials: "same-origin",
                           headers: { "X-Autosave": "1", "Accept": "application/json" } })
        .then(function (response) { return response.json().then(function (body) { return [response, body]; }); })
        .then(function (pair) {
          var body = pair[1];
          if (body.saved) {
            version.value = body.version;
            say(status.getAttribute("data-saved") + " " + new Date().toLocaleTimeString().slice(0, 5));
          } else {
            if (body.conflict) stopped = true;
            say(body.message);
          }
        })
        .catch(function () { say(status.getAttribute("data-failed")); })
        .then(function () {
          sending = false;
          if (again) { again = false; send(); }
        });
    }

    form.addEventListener("input", function (event) {
      if (event.target.type === "file") return;
      if (!stopped) say("");  // "Sparat" again only once this change is saved
      clearTimeout(timer);
      timer = setTimeout(send, PAUSE_MS);
    });
    form.addEventListener("submit", function () { clearTimeout(timer); stopped = true; });
  });
})();
