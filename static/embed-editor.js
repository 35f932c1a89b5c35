/* The editor's copy button: shown only with JavaScript; without it the snippet is selected by hand. */
(function () {
  "use strict";
  var button = document.getElementById("copy-snippet");
  var code = document.getElementById("snippet");
  var status = document.getElementById("copy-status");
  if (!button || !code) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    code.focus();
    code.select();
    var done = function () { status.textContent = button.dataset.done; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(code.value).then(done, function () { document.execCommand("copy"); done(); });
    } else {
      document.execCommand("copy");
      done();
    }
  });
})();
