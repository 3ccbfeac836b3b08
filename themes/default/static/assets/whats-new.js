/* Stagecraft default theme: the what's-new page's filters by roadmap and by role, in the page. */
(function () {
  "use strict";
  var form = document.querySelector("[data-change-filters]");
  if (!form) return;
  var items = Array.prototype.slice.call(document.querySelectorAll(".change"));
  var count = form.querySelector(".change-count"), none = document.querySelector(".change-none");
  function has(el, attr, value) {
    var list = el.getAttribute(attr);
    return !value || !list || (" " + list + " ").indexOf(" " + value + " ") >= 0;
  }
  function apply() {
    var roadmap = form.roadmap.value, role = form.role ? form.role.value : "", shown = 0;
    items.forEach(function (li) {
      var on = has(li, "data-roadmaps", roadmap) && has(li, "data-roles", role);
      li.hidden = !on;
      if (on) shown++;
    });
    Array.prototype.forEach.call(document.querySelectorAll(".change-week"), function (w) {
      w.hidden = !w.querySelector(".change:not([hidden])");
    });
    count.textContent = (form.getAttribute("data-count") || "{n}").replace("{n}", shown);
    none.hidden = shown > 0;
  }
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.hidden = false;
  apply();
})();
