/* The embed editor, enhanced: a copy button for the snippet, a colour picker beside the colour's
   text field, and a preview (and snippet) that follow the fields as they change. Without
   JavaScript the snippet is selected by hand and "Visa förhandsvisning" updates both. */
(function () {
  "use strict";
  var button = document.getElementById("copy-snippet");
  var code = document.getElementById("snippet");
  var status = document.getElementById("copy-status");
  if (button && code) {
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
  }

  var colour = document.getElementById("farg");
  var picker = document.getElementById("farg-picker");
  var hex = /^#[0-9a-fA-F]{6}$/;
  if (colour && picker) {
    picker.hidden = false;
    picker.addEventListener("input", function () { colour.value = picker.value; update(); });
    colour.addEventListener("input", function () { if (hex.test(colour.value)) { picker.value = colour.value.toLowerCase(); } });
  }

  // The preview: the same frame with the fields' values in its address (the server checks them
  // again there: a colour it refuses shows its 400 page in the frame, and the snippet is not used).
  var frame = document.querySelector(".embed-preview iframe");
  var fields = {kommun: "alla", sprak: "sv", farg: "", namn: ""};
  function update() {
    if (!frame || !code) { return; }
    var url = new URL(frame.src);
    var put = function (name, value, none) { if (value && value !== none) { url.searchParams.set(name, value); } else { url.searchParams["delete"](name); } };
    var value = function (id) { var el = document.getElementById(id); return el ? el.value.trim() : ""; };
    put("kommun", value("kommun"), fields.kommun);
    put("lang", value("sprak"), fields.sprak);
    var farg = value("farg");
    put("farg", hex.test(farg) ? farg : "", "");
    put("namn", value("namn"), "");
    var before = frame.getAttribute("src");
    var after = url.toString();
    if (after === before) { return; }
    code.value = code.value.split(before.replace(/&/g, "&amp;")).join(after.replace(/&/g, "&amp;"));
    frame.setAttribute("src", after);
  }
  ["kommun", "sprak", "farg", "namn"].forEach(function (id) {
    var el = document.getElementById(id);
    if (el) { el.addEventListener("change", update); }
  });
})();
