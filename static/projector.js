// Projector view: step between slides with the keys a presenter uses. The buttons are plain links
// (rel=prev / rel=next), so without JavaScript the view works the same by clicking them.
(function () {
  "use strict";
  function go(selector) {
    var link = document.querySelector(selector);
    if (link) window.location.href = link.href;
  }
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    if (event.key === " " && target && /^(BUTTON|A)$/.test(target.tagName)) return;  // space presses the focused button
    switch (event.key) {
      case "ArrowRight": case "PageDown": case " ": go(".projector-nav a[rel=next]"); break;
      case "ArrowLeft": case "PageUp": case "Backspace": go(".projector-nav a[rel=prev]"); break;
      case "Home": go(".projector-nav a[data-key=home]"); break;
      case "End": var nav = document.querySelector(".projector-nav"); if (nav && nav.getAttribute("data-last")) window.location.href = nav.getAttribute("data-last"); break;
      default: return;
    }
    event.preventDefault();
  });
})();
