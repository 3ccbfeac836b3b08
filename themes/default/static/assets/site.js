/* Stagecraft default theme: progressive enhancements; every page reads fully without them. */
(function () {
  "use strict";
  var doc = document, root = doc.documentElement;
  function one(sel, el) { return (el || doc).querySelector(sel); }
  function on(el, type, fn) { el.addEventListener(type, fn); }

  /* Theme toggle: theme.js applies the saved choice before the first paint. */
  var toggle = one(".theme-toggle");
  if (toggle) {
    var system = window.matchMedia ? matchMedia("(prefers-color-scheme: dark)") : null;
    var isDark = function () {
      var t = root.getAttribute("data-theme");
      return t ? t === "dark" : !!(system && system.matches);
    };
    var sync = function () { toggle.setAttribute("aria-pressed", String(isDark())); };
    on(toggle, "click", function () {
      var t = isDark() ? "light" : "dark";
      root.setAttribute("data-theme", t);
      try { localStorage.setItem("stagecraft:theme", t); } catch (e) { /* not remembered */ }
      sync();
    });
    if (system && system.addEventListener) on(system, "change", sync);
    sync();
    toggle.hidden = false;
  }

  /* Language switch: the same page in the other language, at the same section (found by
     its place among the headings, as each language has its own anchors). */
  var SECTION_KEY = "stagecraft:switch-section", sections = function () { return [].slice.call(doc.querySelectorAll("main h2[id], main h3[id], main h4[id]")); };
  var sectionShown = function () { return location.hash && doc.getElementById(decodeURIComponent(location.hash.slice(1))); };
  [].forEach.call(doc.querySelectorAll("[data-lang-switch]"), function (a) {
    on(a, "click", function () {
      var to = a.href.split("#")[0], at = sections().indexOf(sectionShown());
      try { if (at >= 0) sessionStorage.setItem(SECTION_KEY, JSON.stringify({ to: to, at: at })); } catch (e) { /* off */ }
      if (location.hash) a.href = to + location.hash;
    });
  });
  try {
    var arrived = JSON.parse(sessionStorage.getItem(SECTION_KEY)), to = arrived && arrived.to === location.href.split("#")[0] && sections()[arrived.at];
    sessionStorage.removeItem(SECTION_KEY);
    if (to && !sectionShown()) { history.replaceState(null, "", "#" + encodeURIComponent(to.id)); to.scrollIntoView(); }
  } catch (e) { /* off */ }

  /* Search: the box shows once JavaScript runs; its code (search.js) loads on first use. */
  var search = one("[data-search]");
  if (search) {
    var input = one("input", search);
    var loadSearch = function () {
      if (search.getAttribute("data-loaded")) return;
      search.setAttribute("data-loaded", "1");
      var s = doc.createElement("script");
      s.src = search.getAttribute("data-code");
      doc.head.appendChild(s);
    };
    on(input, "focus", loadSearch);
    on(doc, "keydown", function (e) {
      var t = e.target;
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) return;
      e.preventDefault();
      input.focus();
      input.select();
    });
    search.hidden = false;
  }

  /* Changes since the last visit: notice.js. */
  var ch = root.getAttribute("data-changed") || "0", seen = null, key = "stagecraft:seen:" + root.getAttribute("data-site") + ":" + location.pathname.replace(/index\.html$/, "");
  try { seen = localStorage.getItem(key); if (!seen || ch > seen) localStorage.setItem(key, ch); } catch (e) {}
  if (seen && ch > seen) {
    window.stagecraftSeen = seen;
    var ns = doc.createElement("script");
    ns.src = one('script[src$="assets/site.js"]').getAttribute("src").replace("site.js", "notice.js");
    doc.head.appendChild(ns);
  }

  /* Narrow screens: scroll the header nav so the current section is visible. */
  var nav = one(".site-nav");
  var here = nav && one("[aria-current]", nav);
  if (here && nav.scrollWidth > nav.clientWidth) {
    nav.scrollLeft = here.offsetLeft - (nav.clientWidth - here.offsetWidth) / 2;
  }

  /* Playbook page: scroll the compact stage strip so the current stage is visible. */
  var current = one(".mini .diagram-h .current");
  var strip = current && current.closest(".diagram-scroll");
  if (strip && strip.scrollWidth > strip.clientWidth) {
    var a = current.getBoundingClientRect(), b = strip.getBoundingClientRect();
    strip.scrollLeft += a.left - b.left - (b.width - a.width) / 2;
  }
})();

/* Print: links print their full address when the site is served (print CSS shows
   data-print-href), and print buttons (hidden without JavaScript) open the print dialog. */
(function () {
  "use strict";
  if (/^https?:$/.test(location.protocol)) {
    Array.prototype.forEach.call(document.querySelectorAll("main a[href]"), function (a) {
      // HTML links only: the diagram's SVG links print as the diagram.
      if (!(a instanceof HTMLAnchorElement) || a.getAttribute("href").charAt(0) === "#") return;
      a.setAttribute("data-print-href", a.href.replace(/\/index\.html(?=$|[?#])/, "/"));
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("button[data-print]"), function (b) {
    b.hidden = false;
    b.addEventListener("click", function () { window.print(); });
  });
})();
