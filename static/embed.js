/* On a news site's page, next to an embedded Valkompass iframe: keep each iframe as tall as its
   content. Only messages from the origin this script was loaded from count, and only for an
   iframe whose own source has that origin and whose window sent the message. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.URL) return;
  var origin = new URL(script.src, location.href).origin;
  var MIN = 150;  // no maximum: only our own pages are believed, and a result page can be very long

  function frameFor(source) {
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === source) return frames[i];
    }
    return null;
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.origin !== origin || !data || data.type !== "valkompass:height" || typeof data.height !== "number") return;
    var frame = frameFor(event.source);
    if (!frame || new URL(frame.src, location.href).origin !== origin) return;
    frame.style.height = Math.max(MIN, Math.ceil(data.height)) + "px";
    if (!frame.dataset.valkompass) {
      frame.dataset.valkompass = "1";
      // The oEmbed HTML puts a plain link to the quiz before the frame, for a frame that never loads.
      var link = frame.previousElementSibling;
      if (link && link.matches("blockquote.valkompass-link")) link.style.display = "none";
      // A new page in the frame starts at its top: bring that into view if it is scrolled away.
      frame.addEventListener("load", function () {
        if (frame.getBoundingClientRect().top < 0) frame.scrollIntoView();
      });
    }
  });
})();
