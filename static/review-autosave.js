// A party's answers save as it goes: a short pause after a change sends that statement's form (the
// same POST as its "Spara svaret" button, marked X-Autosave) and says "Sparat" or what is missing.
// Without this script every statement has its own save button, which does the same.
(function () {
  "use strict";
  var PAUSE_MS = 1500;
  document.querySelectorAll("form[data-review-autosave]").forEach(function (form) {
    var status = document.getElementById(form.getAttribute("data-review-autosave"));
    if (!status) return;
    var timer = null, sending = false, again = false;

    function send() {
      if (!form.querySelector("input[name=svar]:checked")) return;
      if (sending) { again = true; return; }
      sending = true;
      fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin",
                           headers: { "X-Autosave": "1", "Accept": "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (body) {
          status.textContent = body.saved
            ? status.getAttribute("data-saved") + " " + new Date().toLocaleTimeString().slice(0, 5)
            : body.message;
        })
        .catch(function () { status.textContent = status.getAttribute("data-failed"); })
        .then(function () {
          sending = false;
          if (again) { again = false; send(); }
        });
    }

    form.addEventListener("input", function () {
      status.textContent = "";
      clearTimeout(timer);
      timer = setTimeout(send, PAUSE_MS);
    });
    form.addEventListener("change", function () {
      clearTimeout(timer);
      timer = setTimeout(send, PAUSE_MS);
    });
    form.addEventListener("submit", function () { clearTimeout(timer); });
  });
})();
