// Stagecraft live reload: injected by `stagecraft serve` only, never by `stagecraft build`.
(function () {
  "use strict";
  var OVERLAY = "stagecraft-overlay";
  function pagePath() {
    var p = decodeURIComponent(location.pathname).replace(/^\/+/, "");
    if (p === "" || p.endsWith("/")) p += "index.html";
    return p;
  }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function showErrors(errors) {
    var box = document.getElementById(OVERLAY);
    if (!box) {
      box = document.createElement("div");
      box.id = OVERLAY;
      box.setAttribute("role", "alertdialog");
      box.setAttribute("aria-label", "Build error");
      document.body.appendChild(box);
    }
    var html = '<div class="sc-panel"><p class="sc-title">Build failed: the last good version of the site is shown. Fix the file and save.</p><ol>';
    errors.forEach(function (e) {
      html += "<li><code>" + esc(e.location) + "</code><p>" + esc(e.message) + "</p>" +
        (e.hint ? '<p class="sc-hint">' + esc(e.hint) + "</p>" : "") + "</li>";
    });
    box.innerHTML = html + "</ol></div>";
  }
  function clearErrors() {
    var box = document.getElementById(OVERLAY);
    if (box) box.remove();
  }
  function swapCss() {
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      var url = new URL(link.href);
      url.searchParams.set("v", Date.now());
      var next = link.cloneNode();
      next.href = url.toString();
      next.onload = function () { link.remove(); };
      link.after(next);
    });
  }
  var source = new EventSource("/__stagecraft/events");
  // Marks the page as connected, for people and for the browser tests.
  source.onopen = function () { document.documentElement.setAttribute("data-stagecraft-live", "open"); };
  source.addEventListener("reload", function (e) {
    var changed = JSON.parse(e.data);
    if (changed.indexOf(pagePath()) !== -1 || changed.indexOf("*") !== -1) location.reload();
  });
  source.addEventListener("css", swapCss);
  source.addEventListener("build-error", function (e) {
    if (e.data) showErrors(JSON.parse(e.data));
  });
  source.addEventListener("ok", clearErrors);
})();
