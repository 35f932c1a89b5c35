/* Inside an embedded quiz. Nothing here carries a voter's answers out of the frame.

   1. Height: tell the page around the frame how tall this page is, as {type: "valkompass:height"}
      for our host script (embed.js, which checks our origin) and, when WordPress framed us, as
      WordPress's own {message: "height", value, secret} for its wp-embed.js. WordPress puts the
      secret in the first URL ("#?secret=…"); a later page of the quiz no longer has that fragment,
      so the secret is kept in window.name, which belongs to the frame and survives its navigations.
   2. Forms in WordPress's sandbox: it allows scripts but not forms, and gives the page an opaque
      origin ("null"). There a click on a submit button is taken over: a GET form navigates the
      frame, a POST form is sent with fetch (no credentials; the /embed POST answers allow any
      origin) and the page that comes back replaces this one, with focus on its heading so a screen
      reader announces it. A link that should open a new tab, which that sandbox blocks, shows its
      address to copy instead. Everywhere else (our own snippet allows forms) nothing is taken over.
   3. Back and Forward in that sandbox: a page shown in place is no navigation, so each gets a
      session-history entry of its own holding its HTML (the answers so far included), and Back or
      Forward shows it again. It stays in the reader's own browser history, like a page the browser
      keeps for Back; nothing is stored or sent anywhere. */
(function () {
  "use strict";
  if (window.parent === window) return;
  var NAME = "valkompass-wp-secret:";
  var ownScript = document.currentScript ? document.currentScript.src : "";
  var secret = readSecret();
  var last = 0;
  var observer = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(send);

  function readSecret() {
    var match = /^#\?(?:.*&)?secret=([A-Za-z0-9]+)/.exec(location.hash);
    if (match) {
      window.name = NAME + match[1];
      return match[1];
    }
    var kept = window.name.indexOf(NAME) === 0 ? window.name.slice(NAME.length) : "";
    return /^[A-Za-z0-9]+$/.test(kept) ? kept : null;
  }

  function send() {
    hint();
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "valkompass:height", height: height }, "*");
    if (secret) window.parent.postMessage({ message: "height", value: height, secret: secret }, "*");
  }

  function watch() {
    if (observer) {
      observer.disconnect();
      observer.observe(document.documentElement);
    }
    last = 0;
    send();
  }

  // A page taller than its frame scrolls inside it, which a phone does not show: say so at the
  // frame's lower edge until the voter has scrolled to the end.
  function hint() {
    var note = document.getElementById("frame-scroll-hint");
    if (!note) return;
    var below = document.documentElement.scrollHeight - window.scrollY - window.innerHeight;
    var more = below > (note.hidden ? 0 : note.offsetHeight) + 8;
    if (note.hidden === more) note.hidden = !more;
  }
  window.addEventListener("scroll", hint, { passive: true });
  window.addEventListener("resize", hint);

  // wp-embed.js says "ready" when it starts (perhaps after our first message): answer again.
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (secret && event.source === window.parent && data && data.message === "ready" && data.secret === secret) {
      last = 0;
      send();
    }
  });
  watch();

  if (window.origin !== "null" || !window.fetch || !window.DOMParser || !window.URLSearchParams) return;

  var sending = null;  // the form post under way, until it is shown or Back/Forward moves on
  var shown = null;  // the HTML of the page shown, as its history entry holds it

  function formData(form, submitter) {
    var data;
    try {
      data = new FormData(form, submitter || undefined);
    } catch (e) {
      data = new FormData(form);
    }
    if (submitter && submitter.name && data.getAll(submitter.name).indexOf(submitter.value) < 0) {
      data.append(submitter.name, submitter.value);
    }
    var params = new URLSearchParams();
    data.forEach(function (value, name) {
      if (typeof value === "string") params.append(name, value);
    });
    return params;
  }

  function submit(form, submitter, validate) {
    if (sending) return;
    // Attributes and prototype methods, not form.action and the like: a control named "action"
    // (our buttons are) shadows the form's own property.
    var noValidate = form.hasAttribute("novalidate") || (submitter && submitter.hasAttribute("formnovalidate"));
    if (validate && !noValidate && !HTMLFormElement.prototype.reportValidity.call(form)) return;
    var method = ((submitter && submitter.getAttribute("formmethod")) || form.getAttribute("method") || "get").toLowerCase();
    var action = new URL((submitter && submitter.getAttribute("formaction")) || form.getAttribute("action") || "",
      document.baseURI).href;
    var params = formData(form, submitter);
    var place = new URL(action).hash;  // fetch drops it: show() goes there itself
    if (method === "get") {
      var url = new URL(action);
      url.search = params.toString();
      location.assign(url.href);
      return;
    }
    if (method !== "post") return;
    var post = sending = {};
    form.setAttribute("aria-busy", "true");
    fetch(action, { method: "POST", body: params, credentials: "omit", mode: "cors", redirect: "follow" })
      .then(function (response) { return response.text(); })
      // Once Back or Forward has shown another page meanwhile, the answer (or failure) is dropped.
      .then(function (html) {
        if (sending === post) show(html, true, place);
      }, function () {
        if (sending !== post) return;
        form.removeAttribute("aria-busy");
        var status = document.getElementById("frame-status");
        if (status) {
          status.textContent = status.getAttribute("data-failed");
          status.hidden = false;
        }
      })
      .then(done, done);

    function done() {
      if (sending === post) sending = null;
    }
  }

  function stylesheets(doc) {
    return Array.prototype.map.call(doc.querySelectorAll("head link[rel=stylesheet]"), function (link) {
      return link.getAttribute("href");
    }).join(" ");
  }

  // The page a POST returned (or a page from this frame's history) takes this page's place; its
  // scripts (other than this one) run again. A new page gets a history entry (3. above). Focus goes
  // to the place the form's address named (its #fragment, scrolled to), else to the heading.
  function show(html, isNew, place) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var root = document.documentElement;
    var inserted;
    document.title = doc.title;
    if (stylesheets(doc) === stylesheets(document)) {  // the same look: keep the head, no restyling
      Array.prototype.forEach.call(doc.documentElement.attributes, function (a) { root.setAttribute(a.name, a.value); });
      inserted = document.adoptNode(doc.body);
      document.body.replaceWith(inserted);
    } else {
      inserted = document.adoptNode(doc.documentElement);
      document.replaceChild(inserted, root);
    }
    Array.prototype.forEach.call(inserted.querySelectorAll("script[src]"), function (parsed) {
      if (parsed.src === ownScript) return;  // still running: watch() below takes the new page
      var script = document.createElement("script");
      script.src = parsed.src;
      script.async = false;
      parsed.replaceWith(script);
    });
    window.scrollTo(0, 0);
    var id = "";
    try { id = place ? decodeURIComponent(place.slice(1)) : ""; } catch (e) { /* a malformed fragment: no place */ }
    var spot = id ? document.getElementById(id) : null;
    var target = spot || document.querySelector("[autofocus]") || document.querySelector("main h1") ||
      document.querySelector("h1") || document.getElementById("main");
    if (target) {
      if (!target.hasAttribute("tabindex") && !target.matches("a[href], button, input, select, textarea")) {
        target.setAttribute("tabindex", "-1");
      }
      target.focus({ preventScroll: !!spot });
      if (spot) spot.scrollIntoView();
    }
    watch();
    shown = html;
    if (isNew) remember(html, "pushState");
  }

  // No URL: an opaque origin cannot set one, and the answers must not be in one. A browser that
  // refuses the entry (a page too large for its limit, say) leaves Back as it was without it.
  function remember(html, how) {
    try {
      history[how]({ valkompassPage: html }, "");
    } catch (e) { /* Back leaves the quiz's pages shown in place, as before */ }
  }

  function kept(state) {
    return state && typeof state.valkompassPage === "string" ? state.valkompassPage : null;
  }

  window.addEventListener("popstate", function (event) {
    var html = kept(event.state);
    if (html === null || html === shown) return;  // e.g. Back from a link to a place on this page
    sending = null;
    show(html, false);
  });
  // This page's own entry holds this page, so that Back to it can show it again. An entry that
  // already holds a page is one the browser loaded afresh for Back or Forward: show what it holds.
  if (kept(history.state) !== null) {
    show(kept(history.state), false);
  } else {
    shown = "<!doctype html>" + document.documentElement.outerHTML;
    remember(shown, "replaceState");
  }

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented) return;
    var button = event.target.closest ? event.target.closest("button, input[type=submit]") : null;
    if (!button || button.type !== "submit" || button.disabled || !button.form) return;
    event.preventDefault();
    submit(button.form, button, true);
  });
  // A link to another site opens in a new tab, which WordPress's sandbox (no allow-popups) blocks
  // without a word: when the tab does not open, show the address beside the link to copy.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[target=_blank][href]") : null;
    if (!link || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    var opened = window.open(link.href, "_blank");
    if (opened) {
      try { opened.opener = null; } catch (e) { /* already another site's */ }
      return;
    }
    var next = link.nextElementSibling;
    if (next && next.classList.contains("blocked-link")) return;
    var status = document.getElementById("frame-status");
    var note = document.createElement("span");
    note.className = "blocked-link";
    note.textContent = " " + (status ? status.getAttribute("data-blocked-link") : "") + " ";
    var address = document.createElement("input");
    address.type = "text";
    address.readOnly = true;
    address.value = link.href;
    address.setAttribute("aria-label", link.textContent);
    note.appendChild(address);
    link.after(note);
    address.focus();
    address.select();
  });
  // Scripts that submit a form themselves (e.g. the result page's party filter).
  HTMLFormElement.prototype.submit = function () { submit(this, null, false); };
  HTMLFormElement.prototype.requestSubmit = function (submitter) { submit(this, submitter || null, true); };
})();
