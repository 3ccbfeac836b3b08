/* Stagecraft default theme: "updated since you last read it". site.js loads this file only
   when the page changed since the reader's last visit; it loads the notes
   (changes.js) and shows those newer than that visit, with a button to dismiss them. */
(function () {
  "use strict";
  var doc = document, n = window.stagecraftNotice;
  if (!n) return;
  window.stagecraftChanges = function (all) {
    var notes = (all.pages[n.page] || []).filter(function (c) { return c[0] > n.seen; });
    var main = doc.getElementById("main");
    if (!notes.length || !main) return;
    var box = doc.createElement("aside"), list = doc.createElement("ul"), close = doc.createElement("button");
    box.className = "notice change-notice";
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
  var s = doc.createElement("script");
  s.src = n.root + "assets/changes.js";
  doc.head.appendChild(s);
})();
