/* Stagecraft: a server shows the 404 page at any depth, so its links cannot be relative. They are
   written from the path of base_url ("/" without one); this script finds the site's root where
   the page is read and rewrites them. From disk, the root is the folder of 404.html. Over HTTP,
   it is the nearest folder above the address that holds assets/theme.js, the written root first.
   The 404 page inlines this file and allows exactly its hash in its Content-Security-Policy. */
(function () {
  "use strict";
  var me = document.currentScript;
  var written = me && me.getAttribute("data-root");
  if (!written) return;
  var names = ["href", "src", "data-root", "data-code", "data-index"];

  function rewrite(root) {
    if (root === written) return;
    var found = document.querySelectorAll("[href], [src], [data-root], [data-code], [data-index]");
    for (var i = 0; i < found.length; i++) {
      var el = found[i];
      if (el === me) continue;
      var moved = false;
      for (var j = 0; j < names.length; j++) {
        var value = el.getAttribute(names[j]);
        if (value && value.indexOf(written) === 0 && value.indexOf("//") !== 0) {
          el.setAttribute(names[j], root + value.slice(written.length));
          moved = moved || names[j] === "src";
        }
      }
      /* A script whose address changed does not run again by itself. */
      if (moved && el.tagName === "SCRIPT") {
        var again = document.createElement("script");
        again.src = el.src;
        document.head.appendChild(again);
      }
    }
  }

  if (location.protocol === "file:") {
    rewrite(location.href.replace(/[?#].*$/, "").replace(/[^\/]*$/, ""));
    return;
  }
  if (!window.fetch) return;
  var dirs = [];
  var dir = location.pathname.replace(/[^\/]*$/, "");
  if (dir.indexOf(written) === 0) dirs.push(written);
  for (;;) {
    if (dir !== written) dirs.push(dir);
    if (dir.length <= 1) break;
    dir = dir.replace(/[^\/]*\/$/, "");
  }
  (function probe(i) {
    if (i >= dirs.length) return;
    fetch(dirs[i] + "assets/theme.js").then(function (response) {
      var type = response.headers.get("content-type") || "";
      if (response.ok && type.indexOf("html") < 0) rewrite(dirs[i]);
      else probe(i + 1);
    }, function () { probe(i + 1); });
  })(0);
})();
