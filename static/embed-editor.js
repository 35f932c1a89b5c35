/* The embed editor, enhanced: a colour picker beside the colour's text field, and a preview (and
   snippet) that follow the fields as they change. The copy button is the generic one in
   static/result.js (data-copy). Without JavaScript the snippet is selected by hand and "Visa
   förhandsvisning" updates both. */
(function () {
  "use strict";
  var code = document.getElementById("snippet");

  var colour = document.getElementById("farg");
  var picker = document.getElementById("farg-picker");
  var hex = /^#[0-9a-fA-F]{6}$/;
  if (colour && picker) {
    picker.hidden = false;
    // While the picker is dragged ("input"), the field and the snippet follow; the preview reloads
    // once the colour is chosen ("change"), not at every step.
    picker.addEventListener("input", function () { colour.value = picker.value; update(false); });
    picker.addEventListener("change", function () { colour.value = picker.value; update(true); });
    colour.addEventListener("input", function () { if (hex.test(colour.value)) { picker.value = colour.value.toLowerCase(); } });
  }

  // The colour as quiz/embed_theme.py's parse_color checks it (the page gives its background,
  // threshold and messages): WCAG contrast against the lightest background the colour sits on.
  // A colour the server would refuse stays out of the preview and the snippet, which keep the last
  // colour that works, and the field says why in the server's own words.
  function luminance(color) {
    var channel = function (i) {
      var c = parseInt(color.slice(i, i + 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  }
  function contrast(a, b) {
    var la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }
  function colourProblem(value) {
    if (!value) { return ""; }
    if (!hex.test(value)) { return colour.getAttribute("data-bad-format"); }
    var minimum = parseFloat(colour.getAttribute("data-min-contrast"));
    if (contrast(value, colour.getAttribute("data-background")) < minimum) {
      return colour.getAttribute("data-too-light").split("{color}").join(value);
    }
    return "";
  }
  function showProblem(problem) {
    var error = document.getElementById("farg-error");
    var described = (colour.getAttribute("aria-describedby") || "").split(" ").filter(function (id) { return id && id !== "farg-error"; });
    if (problem) { described.push("farg-error"); }
    colour.setAttribute("aria-describedby", described.join(" "));
    if (problem) { colour.setAttribute("aria-invalid", "true"); } else { colour.removeAttribute("aria-invalid"); }
    if (error) { error.textContent = problem; error.hidden = !problem; }
  }

  // The preview: the same frame with the fields' values in its address (the server checks them
  // again there). The snippet holds the address `written`; the frame may lag behind it (reload false).
  var frame = document.querySelector(".embed-preview iframe");
  var written = frame ? frame.getAttribute("src") : "";
  var fields = {kommun: "alla", sprak: "sv", farg: "", namn: ""};
  function update(reload) {
    if (!frame || !code) { return; }
    var farg = colour ? colour.value.trim().toLowerCase() : "";
    var problem = colour ? colourProblem(farg) : "";
    if (colour) { showProblem(problem); }
    var url = new URL(written);
    var put = function (name, value, none) { if (value && value !== none) { url.searchParams.set(name, value); } else { url.searchParams["delete"](name); } };
    var value = function (id) { var el = document.getElementById(id); return el ? el.value.trim() : ""; };
    put("kommun", value("kommun"), fields.kommun);
    put("lang", value("sprak"), fields.sprak);
    if (!problem) { put("farg", farg, ""); }  // else the colour the snippet has now, one that works
    put("namn", value("namn"), "");
    var after = url.toString();
    if (after !== written) {
      code.value = code.value.split(written.replace(/&/g, "&amp;")).join(after.replace(/&/g, "&amp;"));
      written = after;
    }
    if (reload !== false && frame.getAttribute("src") !== written) { frame.setAttribute("src", written); }
  }
  ["kommun", "sprak", "farg", "namn"].forEach(function (id) {
    var el = document.getElementById(id);
    if (el) { el.addEventListener("change", function () { update(true); }); }
  });
})();
