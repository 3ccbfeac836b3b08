/* Stagecraft default theme: small progressive enhancements.
   Every page reads fully without this file. */
(function () {
  "use strict";
  var PREFIX = "stagecraft:checklist:";

  function load(path) {
    try { return JSON.parse(localStorage.getItem(PREFIX + path)) || []; } catch (e) { return []; }
  }
  function save(path, ids) {
    try { localStorage.setItem(PREFIX + path, JSON.stringify(ids)); } catch (e) { /* storage off */ }
  }

  // Module page: remember ticked checklist items, keyed by page path + data-item.
  var boxes = Array.prototype.slice.call(document.querySelectorAll(".checklist input[type=checkbox][data-item]"));
  if (boxes.length) {
    var path = location.pathname;
    var ticked = load(path);
    var heading = document.querySelector(".checklist h2");
    var count = document.createElement("span");
    count.className = "count";
    if (heading) heading.appendChild(count);
    var show = function () {
      count.textContent = boxes.filter(function (b) { return b.checked; }).length + " / " + boxes.length;
    };
    boxes.forEach(function (b) {
      b.checked = ticked.indexOf(b.getAttribute("data-item")) !== -1;
      b.addEventListener("change", function () {
        save(path, boxes.filter(function (x) { return x.checked; }).map(function (x) { return x.getAttribute("data-item"); }));
        show();
      });
    });
    show();
  }

  // Onboarding path: show checklist progress on each module card.
  Array.prototype.forEach.call(document.querySelectorAll(".module-card[data-checklist]"), function (card) {
    var total = parseInt(card.getAttribute("data-checklist"), 10);
    var link = card.querySelector("a[href]");
    if (!total || !link) return;
    var done = Math.min(load(new URL(link.href).pathname).length, total);
    if (!done) return;
    var badge = document.createElement("span");
    badge.className = "progress count";
    badge.textContent = done + " / " + total;
    card.insertBefore(badge, card.firstChild);
    if (done === total) card.classList.add("is-complete");
  });

  // Narrow screens: scroll the header nav so the current section is visible.
  var nav = document.querySelector(".site-nav");
  var here = nav && nav.querySelector("[aria-current]");
  if (here && nav.scrollWidth > nav.clientWidth) {
    nav.scrollLeft = here.offsetLeft - (nav.clientWidth - here.offsetWidth) / 2;
  }

  // Playbook page: scroll the compact stage strip so the current stage is visible.
  var current = document.querySelector(".mini .diagram-h .current");
  var strip = current && current.closest(".diagram-scroll");
  if (strip && strip.scrollWidth > strip.clientWidth) {
    var a = current.getBoundingClientRect(), s = strip.getBoundingClientRect();
    strip.scrollLeft += a.left - s.left - (s.width - a.width) / 2;
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
