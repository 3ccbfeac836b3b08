/* Stagecraft default theme: "updated since you last read it". site.js loads this file only
   when the page changed since the reader's last visit; it loads the notes of the page
   (assets/changes/<xx>.js) and shows those newer than that visit, with a button to dismiss them. */
(function () {
  "use strict";
  var doc = document, seen = window.stagecraftSeen, me = doc.querySelector('script[src$="assets/notice.js"]');
  if (!seen || !me) return;
  // The way back to the site's root, and this page's path from it (as the notes files name pages).
  var top = me.getAttribute("src").slice(0, -16);
  var page = location.href.split(/[?#]/)[0].slice(new URL(top || "./", location.href).href.length);
  try { page = decodeURIComponent(page); } catch (e) { /* as it is */ }
  if (!page || /\/$/.test(page)) page += "index.html";
  var n = { seen: seen, page: page, root: top };
  window.stagecraftChanges = function (all) {
    var notes = (all.pages[n.page] || []).filter(function (c) { return c[0] > n.seen; });
    var main = doc.getElementById("main");
    // Says that the notes were read, shown or not (tests wait for it).
    doc.documentElement.setAttribute("data-notice", notes.length ? "shown" : "none");
    if (!notes.length || !main) return;
    var box = doc.createElement("aside"), list = doc.createElement("ul"), close = doc.createElement("button");
    box.className = "notice change-notice";
    box.style.margin = "0 0 1.5rem";
    box.setAttribute("aria-label", all.label);
    box.innerHTML = "<p><strong></strong></p>";
    box.querySelector("strong").textContent = all.label;
    notes.forEach(function (c) {
      var li = doc.createElement("li");
      // Notes are the site's own HTML, rendered and sanitized at build time.
      li.innerHTML = "<time>" + c[0] + "</time> " + c[1].replace(/(href|src)="(?![#/]|[a-z][a-z0-9+.-]*:)/gi, '$1="' + n.root);
      list.appendChild(li);
    });
    close.type = "button";
    close.className = "link-button";
    close.textContent = all.dismiss;
    close.addEventListener("click", function () { box.remove(); });
    box.appendChild(list);
    box.appendChild(close);
    main.insertBefore(box, main.firstChild);
  };
  // The notes of this page are in assets/changes/<xx>.js, xx = FNV-1a of its path, mod 256.
  var h = 0x811c9dc5, bytes = new TextEncoder().encode(page);
  for (var i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 16777619) >>> 0;
  var s = doc.createElement("script");
  s.src = n.root + "assets/changes/" + ("0" + (h & 255).toString(16)).slice(-2) + ".js";
  doc.head.appendChild(s);
})();
