// A statement page starts with focus on the statement, where the browser did not honour the
// heading's autofocus (e.g. a page restored from history): the answers are the next Tab stops.
(function () {
  "use strict";
  var heading = document.getElementById("statement-heading");
  if (heading && (document.activeElement === document.body || document.activeElement === null) && !location.hash) {
    heading.focus({ preventScroll: true });
  }
})();
