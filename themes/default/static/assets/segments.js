/* Playbook pages with segment sections: a switcher that shows one customer segment's
   sections and hides the others', remembered per roadmap. Without this file every
   section shows, each with its badge, and the switcher stays hidden. */
(function () {
  "use strict";
  var box = document.querySelector(".segment-switcher");
  if (!box) return;
  var key = "stagecraft:segment:" + box.getAttribute("data-roadmap");
  var each = function (list, f) { Array.prototype.forEach.call(list, f); };
  var buttons = box.querySelectorAll("button[data-segment]");
  var sections = document.querySelectorAll(".segment-only[data-segment]");
  var byId = function (id) {
    try { return document.getElementById(decodeURIComponent(id)); } catch (e) { return null; }
  };
  // Table of contents entries, with the segment section their heading is in.
  var toc = [];
  each(document.querySelectorAll(".toc a[href^='#']"), function (a) {
    var target = byId(a.getAttribute("href").slice(1));
    var section = target && target.closest(".segment-only");
    if (section) toc.push([a.parentNode, section]);
  });

  function show(id) {
    var known = false;
    each(buttons, function (b) { known = known || b.getAttribute("data-segment") === id; });
    if (!known) id = "";
    each(buttons, function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-segment") === id));
    });
    each(sections, function (s) {
      s.hidden = id !== "" && s.getAttribute("data-segment") !== id;
    });
    toc.forEach(function (entry) { entry[0].hidden = entry[1].hidden; });
  }

  each(buttons, function (b) {
    b.addEventListener("click", function () {
      var id = b.getAttribute("data-segment");
      try { localStorage.setItem(key, id); } catch (e) { /* storage off */ }
      show(id);
    });
  });

  var saved = "";
  try { saved = localStorage.getItem(key) || ""; } catch (e) { /* storage off */ }
  box.hidden = false;
  show(saved);
  // A link to a heading in a hidden section shows every section (without forgetting).
  var target = location.hash && byId(location.hash.slice(1));
  var within = target && target.closest(".segment-only");
  if (within && within.hidden) show("");
})();
