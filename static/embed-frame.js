/* Inside an embedded quiz: tell the page around the frame how tall this page is, and nothing else.
   The message carries no answers or other data, so it may go to whichever site frames us; the
   host script (embed.js) checks that it comes from our origin. Without it the frame scrolls. */
(function () {
  "use strict";
  if (window.parent === window || typeof ResizeObserver === "undefined") return;
  var last = 0;
  function send() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ type: "valkompass:height", height: height }, "*");
    }
  }
  new ResizeObserver(send).observe(document.documentElement);
  send();
})();
